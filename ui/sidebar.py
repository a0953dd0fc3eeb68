"""The shared sidebar: filters that persist across pages and live in the URL.

Streamlit clears the query string when the page changes, so every run writes
the current filters back to ``st.query_params``: a copied link reproduces the
exact view. The first run of a session reads them from the URL.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.errors import StreamlitAPIException

from gapmodel import columns as C
from gapmodel.charts import count
from gapmodel.corpus import distinct_labels, distinct_titles
from gapmodel.filters import STANCE_LABELS, STANCES, Filters, from_query
from gapmodel.model import Model
from ui import data
from ui.navigation import PAGES

# Widget key -> Filters field. Page widgets (sub-views, meetings, search) are kept in state too.
KEYS = {
    "filter_views": "views", "filter_stance": "stance", "filter_years": "years", "filter_documents": "documents",
    "filter_missions": "missions", "filter_breadth": "breadth", "evidence_text": "text",
    "evidence_subviews": "subviews", "evidence_meetings": "meetings",
}
_KEEP = "_kept_"  # widget state vanishes on pages that do not draw the widget: a copy survives


def _seed(model: Model) -> None:
    """On a session's first run, take the filters from the URL."""
    if st.session_state.get("_filters_seeded"):
        return
    st.session_state["_filters_seeded"] = True
    filters = from_query({k: str(v) for k, v in st.query_params.items()}, model)
    for key, name in KEYS.items():
        value = getattr(filters, name)
        if value is not None:  # no year range in the link: the slider starts on every year
            st.session_state[_KEEP + key] = list(value) if isinstance(value, tuple) and name != "years" else value
    st.session_state["_kept_extra"] = dict(filters.extra)


def open_query(query: dict[str, str]) -> None:
    """Make the filters those of a saved link (call from a button's callback, before widgets are drawn)."""
    for key in KEYS:
        st.session_state.pop(key, None)
        st.session_state.pop(_KEEP + key, None)
    st.session_state["_filters_seeded"] = False
    st.query_params.from_dict(query)


def restore(key: str) -> None:
    """Give a widget its kept value before it is drawn (call right before the widget, which calls ``keep``).

    Always, not only when the key is missing: Streamlit gives a widget drawn by another page a new identity,
    and from the second page change on it would start empty. The user's own changes reach the kept copy
    first, through the widget's ``on_change=keep``.
    """
    if _KEEP + key in st.session_state:
        st.session_state[key] = st.session_state[_KEEP + key]


def kept_key(key: str) -> str:
    """Where :func:`keep` copies a widget's value."""
    return _KEEP + key


def keep(key: str) -> None:
    """Copy a widget's value to its kept copy: the widget's on_change callback, or after changing it in code."""
    if key in st.session_state:
        st.session_state[_KEEP + key] = st.session_state[key]


def page_setting(name: str, default: str) -> str:
    """A page-specific setting kept in the URL (e.g. the trend chart's kind)."""
    return str(st.session_state.get("_kept_extra", {}).get(name, default))


def set_page_setting(name: str, value: str) -> None:
    st.session_state.setdefault("_kept_extra", {})[name] = value
    st.session_state.setdefault("_page_params", set()).add(name)


def render(model: Model) -> None:
    """Draw the shared filters in the sidebar."""
    _seed(model)
    tax = model.taxonomy
    p = model.passages
    years = sorted(int(y) for y in p[C.YEAR].unique()) if len(p) else [0]
    docs = sorted(model.documents, key=lambda d: d.date)
    missions = sorted(model.index.missions.ids)
    with st.sidebar:
        try:
            for path, title, icon in PAGES:
                st.page_link(path, label=title, icon=icon)
        except StreamlitAPIException:
            pass  # a page run on its own outside the app (as in a unit test) has no menu to link
        st.divider()
        st.header("Filters")
        _multiselect("Views", "filter_views", [v.id for v in tax.views], tax.label,
                     "Show only these views. Empty: all views.")
        restore("filter_stance")
        st.radio("Passages", STANCES, key="filter_stance", format_func=STANCE_LABELS.__getitem__,
                 help="Gaps state a deficit, shortfall, unmet need or challenge.", on_change=keep,
                 args=("filter_stance",))
        if len(years) > 1:
            restore("filter_years")
            if "filter_years" in st.session_state:
                low, high = st.session_state["filter_years"]
                if (low, high) == st.session_state.get("_years_full"):  # all years: a new document's year too
                    low, high = years[0], years[-1]
                st.session_state["filter_years"] = (max(years[0], min(low, years[-1])),
                                                    min(years[-1], max(high, years[0])))
            st.session_state["_years_full"] = (years[0], years[-1])
            st.session_state.setdefault("filter_years", (years[0], years[-1]))
            keep("filter_years")
            st.slider("Years", years[0], years[-1], key="filter_years", on_change=keep, args=("filter_years",),
                      help="The year the words were said: the meeting's, or the period the document covers.")
        titles = distinct_titles(docs)
        _multiselect("Documents", "filter_documents", [d.id for d in docs], lambda i: titles.get(i, i))
        _multiselect("Missions", "filter_missions", missions, str, "Passages that name any of these missions.")
        _multiselect("Breadth", "filter_breadth", [b.id for b in tax.breadth] + ["unstated"],
                     lambda b: {x.id: x.label for x in tax.breadth}.get(b, "Not stated"),
                     "How broadly a view was held: agreed by all, many, some, one speaker.")
        st.button("Clear all filters", key="filter_clear", width="stretch", on_click=_clear, args=(years,))
        st.divider()
        _workspace()
        reviewed = int((p[C.REVIEWED] != "").sum()) if C.REVIEWED in p.columns else 0
        st.caption(f"Taxonomy version {tax.version} · {count(len(model.documents), 'documents')} · "
                   f"{count(reviewed, 'passages')} reviewed by experts")


def _workspace() -> None:
    """Who is working (recorded with reviews, revisions and added documents) and which documents to show."""
    restore("user_name")
    st.text_input("Your name", key="user_name", placeholder="Needed to add, review or curate",
                  help="Recorded with every document you add, every review and every taxonomy revision. "
                       "Asked once per session.", on_change=keep, args=("user_name",))
    if data.has_added_documents():
        restore("corpus_source")
        st.radio("Documents shown", list(data.SOURCES), key="corpus_source", format_func=data.SOURCES.__getitem__,
                 help="The five built-in reports, the documents you added, or both.", on_change=keep,
                 args=("corpus_source",))


def user_name() -> str:
    """The name entered in the sidebar ('' if none yet)."""
    return str(st.session_state.get("user_name", st.session_state.get(_KEEP + "user_name", "")) or "").strip()


def _clear(years: list[int]) -> None:
    """Back to the whole corpus (a callback: it runs before the widgets are drawn again)."""
    defaults: dict[str, object] = {"filter_stance": "all", "filter_years": (years[0], years[-1]), "evidence_text": ""}
    for key in KEYS:
        value = defaults.get(key, [])
        st.session_state[key] = value
        st.session_state[_KEEP + key] = value


def _multiselect(label: str, key: str, options: Sequence[str], fmt: object, help_text: str | None = None) -> None:
    restore(key)
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
        keep(key)
    labels = distinct_labels(options, fmt)  # type: ignore[arg-type]
    st.multiselect(label, options, key=key, format_func=labels.__getitem__, help=help_text,
                   on_change=keep, args=(key,))


def current(model: Model) -> Filters:
    """The filters as chosen now (from widgets or their kept copies), written to the URL."""
    def value(key: str) -> object:
        return st.session_state.get(key, st.session_state.get(_KEEP + key))

    years = value("filter_years")
    all_years = sorted(int(y) for y in model.passages[C.YEAR].unique()) if len(model.passages) else []
    span = tuple(years) if years and all_years and tuple(years) != (all_years[0], all_years[-1]) else None
    filters = Filters(
        views=tuple(value("filter_views") or ()), subviews=tuple(value("evidence_subviews") or ()),
        stance=str(value("filter_stance") or "all"), breadth=tuple(value("filter_breadth") or ()),
        years=span,  # type: ignore[arg-type]
        documents=tuple(value("filter_documents") or ()), meetings=tuple(value("evidence_meetings") or ()),
        missions=tuple(value("filter_missions") or ()), text=str(value("evidence_text") or ""),
        extra={k: v for k, v in st.session_state.get("_kept_extra", {}).items()
               if k in st.session_state.get("_page_params", set())},
    )
    query = filters.to_query()
    if dict(st.query_params) != query:
        st.query_params.from_dict(query)
    return filters


def query_key(filters: Filters) -> tuple[tuple[str, str], ...]:
    """The filters as a hashable cache key."""
    return tuple(sorted(filters.to_query().items()))
