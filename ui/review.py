"""Reviewing a passage's codes from its card: confirm them, or correct views and flags with a reason."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gapmodel import columns as C
from gapmodel.corpus import InputError
from gapmodel.export import plain_markdown as md
from gapmodel.model import Model
from gapmodel.reviews import review_from_edit
from gapmodel.store import Review
from ui import data, sidebar


def badge(row: pd.Series) -> str:
    """'Reviewed: corrected by Ana, 2026-11-22' for a reviewed passage, else ''."""
    state = str(row.get(C.REVIEWED, "") or "")
    return f":green-badge[Reviewed: {state} by {md(row['reviewed_by'])}]" if state else ""


OPEN = "review_open"  # the one review form open in this session: "<list key>_review_<passage id>"


def _form_key(row: pd.Series, key: str) -> str:
    return f"{key}_review_{row[C.PASSAGE_ID]}"


def open_button(row: pd.Series, key: str) -> None:
    """'Review the codes' on a passage card, unless its form is open already."""
    k = _form_key(row, key)
    if st.session_state.get(OPEN) != k:
        st.button("Review the codes", key=f"{k}_open", icon=":material/fact_check:", on_click=_open, args=(k,))


def close_if_gone(key: str, shown: pd.Series) -> None:
    """Close the form of a card that a list (``key``) no longer shows: another page of it, other filters."""
    open_key = str(st.session_state.get(OPEN) or "")
    prefix = f"{key}_review_"
    if open_key.startswith(prefix) and open_key.removeprefix(prefix) not in set(shown):
        st.session_state[OPEN] = None


def form(model: Model, row: pd.Series, key: str) -> None:
    """Under a passage card whose 'Review the codes' was clicked, a form to confirm or correct its codes
    (saved as a review, never over the model). One form is open at a time: a form on each of twenty cards,
    hidden in a popover, slowed every rerun."""
    pid = str(row[C.PASSAGE_ID])
    k = _form_key(row, key)
    if st.session_state.get(OPEN) != k:
        return
    with st.container(border=True):
        st.button("Close the review", key=f"{k}_close", icon=":material/close:", on_click=_open, args=(None,))
        who = sidebar.user_name()
        if not who:
            st.text_input("Your name (every review records who made it)", key=f"{k}_who",
                          placeholder="Asked once per session", on_change=_take_name, args=(f"{k}_who",))
            return
        views = st.multiselect("Views this passage speaks to", [v.id for v in model.taxonomy.views],
                               format_func=model.taxonomy.label, on_change=sidebar.keep,
                               **_draft(k, "views", list(row[C.VIEWS])))
        cols = st.columns(3)
        gap = cols[0].checkbox("Gap", on_change=sidebar.keep, **_draft(k, "gap", bool(row[C.GAP])))
        remedy = cols[1].checkbox("Remedy", on_change=sidebar.keep, **_draft(k, "remedy", bool(row[C.REMEDY])))
        progress = cols[2].checkbox("Progress", on_change=sidebar.keep,
                                    **_draft(k, "progress", bool(row[C.PROGRESS])))
        reason = st.text_input("Reason (for a correction)", placeholder="e.g. a recommendation, not a shortfall",
                               on_change=sidebar.keep, **_draft(k, "reason", ""))
        changed = (set(views), gap, remedy, progress) != (set(row[C.VIEWS]), bool(row[C.GAP]), bool(row[C.REMEDY]),
                                                          bool(row[C.PROGRESS]))
        left, right = st.columns(2)
        if left.button("Right as shown", key=f"{k}_confirm", icon=":material/check:", disabled=changed,
                       help="You changed the codes above: save them as a correction, or put them back to confirm "
                            "the codes as shown." if changed else "The passage's codes as shown are right."):
            _save(k, review_from_edit(_automatic(model, pid), pid, views=row[C.VIEWS], gap=bool(row[C.GAP]),
                                      remedy=bool(row[C.REMEDY]), progress=bool(row[C.PROGRESS]), reason=reason,
                                      reviewed_by=who))
        if right.button("Save my correction", key=f"{k}_correct", icon=":material/edit:", type="primary"):
            _save(k, review_from_edit(_automatic(model, pid), pid, views=views, gap=gap, remedy=remedy,
                                      progress=progress, reason=reason, reviewed_by=who))


_FIELDS = ("views", "gap", "remedy", "progress", "reason")


def _draft(form_key: str, field: str, initial: object) -> dict[str, object]:
    """A form widget's key and on_change argument, its value restored from what was typed before: moving to
    another card's form and back keeps an unsaved draft (the widgets of a closed form are gone)."""
    key = f"{form_key}_{field}"
    sidebar.restore(key)
    if key not in st.session_state:
        st.session_state[key] = initial
    return {"key": key, "args": (key,)}


def _take_name(key: str) -> None:
    """The name typed in a review form becomes the sidebar's (a callback: it runs before the sidebar is drawn)."""
    st.session_state["user_name"] = st.session_state.get(key, "")
    sidebar.keep("user_name")


def _open(form_key: str | None) -> None:
    st.session_state[OPEN] = form_key


def _automatic(model: Model, pid: str) -> pd.Series:
    """The passage's row in the model (looked up only when a review is saved: a card is drawn far more often)."""
    return model.passages.loc[model.passages[C.PASSAGE_ID] == pid].iloc[0]


def _save(form_key: str, review: Review) -> None:
    try:
        data.store().add_review(review)
    except InputError as exc:
        st.error(str(exc))
        return
    st.session_state[OPEN] = None
    for field in _FIELDS:  # the draft is saved: a later review of the passage starts from its new codes
        st.session_state.pop(sidebar.kept_key(f"{form_key}_{field}"), None)
    st.toast("Review saved. Counts on every page now follow it.", icon=":material/check:")
    st.rerun()
