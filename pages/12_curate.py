"""Curate taxonomy: add phrases or edit the YAML, see the effect before saving, save revisions, roll back."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from gapmodel import columns as C
from gapmodel.corpus import InputError
from gapmodel.curation import add_phrases, check, describe, effect, explain, roll_back, save_revision, to_qdc
from gapmodel.export import plain_markdown as md
from gapmodel.problems import plain_problems
from gapmodel.store import Revision
from gapmodel.yamlfile import DataFileError
from ui import data, page, show, sidebar

ctx = page.start("Curate taxonomy", "Refine the views when the codes miss something: add phrases or edit the YAML, "
                 "check the effect on every passage before saving, and roll back any time. The active revision is "
                 "what every page, the command line and every export use.")
model = ctx.model
store = data.store()
_, _, active = data.taxonomy_source()
DRAFT = "curate_text"  # the draft's text; not a widget key, so it survives visits to other pages
EDITOR = "curate_editor"

if active is None:
    st.info(f"This dashboard was started with a taxonomy file ({data.TAXONOMY_ENV} is set); revisions are kept only "
            "for the workspace's taxonomy. Unset it to curate.")
    st.stop()
who = sidebar.user_name()
KEPT = f"taxonomy:{who}" if who else ""  # each person's unsaved edit, kept in the workspace between sessions
BASE = "curate_draft_base"  # the revision the draft started from
if st.session_state.get("curate_base") != (active.number, who):  # a new session, person or active revision
    edited = DRAFT in st.session_state and st.session_state[DRAFT] != st.session_state.get("curate_base_text")
    kept = store.draft(KEPT) if KEPT and not edited else None
    if kept:
        saved = json.loads(kept[0])
        st.session_state[DRAFT], st.session_state[BASE] = str(saved.get("text", "")), saved.get("base", active.number)
        st.session_state["curate_restored"] = kept[1]
    elif not edited:  # nothing of the user's own: start from the active revision
        st.session_state[DRAFT], st.session_state[BASE] = active.text, active.number
    st.session_state["curate_base"] = (active.number, who)
    st.session_state["curate_base_text"] = active.text if not edited else st.session_state.get("curate_base_text")


def _keep(text: str) -> None:
    st.session_state[DRAFT] = text
    if KEPT:
        store.keep_draft(KEPT, json.dumps({"base": st.session_state.get(BASE, active.number), "text": text}))


def _start_from(revision: Revision) -> None:
    """A fresh draft of ``revision`` (after a save, a rollback or a discard); no kept draft remains."""
    if KEPT:
        store.drop_draft(KEPT)
    st.session_state[DRAFT], st.session_state[BASE] = revision.text, revision.number
    st.session_state["curate_base_text"] = revision.text
    st.session_state["curate_base"] = (revision.number, who)
    for gone in ("curate_restored", "curate_effect", "curate_added"):
        st.session_state.pop(gone, None)


def _discard() -> None:
    _start_from(active)


changed_draft = st.session_state[DRAFT] != active.text
if "curate_restored" in st.session_state and changed_draft:
    st.info(f"Your unsaved edit (kept {st.session_state['curate_restored'][:16].replace('T', ' ')} UTC) is back. "
            "Save it as a revision, or discard it.")
if changed_draft and st.session_state.get(BASE, active.number) != active.number:
    st.warning(f"Revision {active.number} was saved (by {md(active.saved_by)}) after you began this edit on revision "
               f"{st.session_state[BASE]}. Saving your draft would replace it: check its changes first, or discard "
               "your draft and start again from it.")
if not who:
    st.caption("Enter your name in the sidebar to keep an unsaved edit between sessions and to save revisions.")
if "curate_saved" in st.session_state:
    st.success(st.session_state.pop("curate_saved"))
st.caption(f"Active: revision {active.number} (version {active.version}), saved by {md(active.saved_by)} on "
           f"{active.saved_at[:10]}" + (f": {md(active.comment)}" if active.comment else "."))


def _add() -> None:
    st.session_state.pop("curate_added", None)
    try:
        result = add_phrases(st.session_state[DRAFT], st.session_state["curate_code"],
                             st.session_state["curate_list"], st.session_state.get("curate_phrases", "").splitlines())
    except DataFileError as exc:
        st.session_state["curate_problem"] = plain_problems(exc, st.session_state[DRAFT])
    else:
        if result.added:
            _keep(result.text)
        st.session_state["curate_phrases"] = ""
        st.session_state["curate_problem"] = ()
        st.session_state["curate_added"] = (result.message, result.notices)


def _edited() -> None:
    st.session_state.pop("curate_added", None)
    _keep(st.session_state[EDITOR])


draft_taxonomy, _ = check(st.session_state[DRAFT])
codes = [(v.id, v.label) for v in (draft_taxonomy or model.taxonomy).views]
codes += [(f"{v.id}.{s.id}", f"{v.label}: {s.label}") for v in (draft_taxonomy or model.taxonomy).views
          for s in v.subviews]
labels = dict(codes)
form, editor = st.tabs(["Add phrases", "Edit the YAML"])
with form:
    left, right = st.columns(2)
    left.selectbox("View or sub-view", [c for c, _ in codes], format_func=labels.__getitem__, key="curate_code")
    right.selectbox("As", ["include", "weak", "exclude"], key="curate_list",
                    format_func={"include": "include: a phrase that codes the view",
                                 "weak": "weak: counts only beside a second phrase of the view",
                                 "exclude": "exclude: cancels a match inside it"}.__getitem__)
    st.text_area("Phrases, one per line", key="curate_phrases", placeholder="force generation gaps\nairlift")
    st.button("Add to the draft", key="curate_add", on_click=_add, icon=":material/add:")
    if st.session_state.get("curate_problem"):
        show.problems(st.session_state["curate_problem"])
    message, notices = st.session_state.get("curate_added", ("", ()))
    if message:
        st.success(md(message))
    for notice in notices:
        st.warning(md(notice))
with editor:
    st.caption("The YAML of the draft; comments explain each key. It is checked each time you leave the box "
               "(or press Ctrl+Enter).")
    st.session_state[EDITOR] = st.session_state[DRAFT]
    st.text_area("Taxonomy YAML", key=EDITOR, height=420, label_visibility="collapsed", on_change=_edited)

text = st.session_state[DRAFT]
new_taxonomy, _ = check(text)
changed = text != active.text
if new_taxonomy is None:
    show.problems(explain(text), "The draft cannot be used yet:\n\n")
elif changed:
    st.info("The draft is valid and differs from the active revision. Preview its effect, then save it.")
if changed:
    st.button("Discard the draft", key="curate_discard", on_click=_discard, icon=":material/undo:",
              help="Back to the active revision; the draft is forgotten.")
else:
    st.caption("The draft is the active revision: nothing to save yet.")

if new_taxonomy is not None and changed:
    if st.button("Preview the effect on every passage", key="curate_preview", icon=":material/preview:"):
        with st.spinner(f"Coding {len(model.passages)} passages with the draft..."):
            st.session_state["curate_effect"] = (text, effect(model, new_taxonomy))
    shown = st.session_state.get("curate_effect")
    if shown and shown[0] == text:
        result = shown[1]
        table = result.by_view.rename(columns={"label": "View or sub-view", "caught": "Newly caught",
                                               "lost": "Newly lost", "passages_before": "Now",
                                               "passages_after": "Draft", "gaps_before": "Gaps now",
                                               "gaps_after": "Gaps, draft"})
        st.caption(describe(result))
        if not table.empty:
            st.dataframe(table.drop(columns=[C.VIEW]), hide_index=True, width="stretch", key="curate_effect_table")
        for what, frame in (("newly caught", result.caught), ("newly lost", result.lost)):
            with st.expander(f"Passages {what} ({len(frame)})"):
                if frame.empty:
                    st.caption("None.")
                else:
                    st.dataframe(frame[["label", C.PASSAGE_ID, C.TEXT]].rename(
                        columns={"label": "View", C.PASSAGE_ID: "Passage", C.TEXT: "Text"}), hide_index=True,
                        width="stretch", key=f"curate_{what.replace(' ', '_')}")
    who = sidebar.user_name()
    comment = st.text_input("Why this change (kept with the revision)", key="curate_comment",
                            placeholder="Add force generation phrases to resources")
    if not who:
        st.info("Enter your name in the sidebar to save: every revision records who saved it.")
    if st.button("Save as a new revision", type="primary", disabled=not who, key="curate_save",
                 icon=":material/save:"):
        try:
            revision = save_revision(store, text, comment=comment, saved_by=who)
        except DataFileError as exc:
            show.problems(plain_problems(exc, text))
        else:
            _start_from(revision)
            st.session_state["curate_saved"] = (f"Saved revision {revision.number} (version {revision.version}). "
                                                "Every page now codes with it.")
            st.session_state.pop("curate_effect", None)
            st.rerun()

st.subheader("Revisions")
revisions = store.revisions()
table = pd.DataFrame([{"Revision": r.number, "Active": "active" if r.number == active.number else "",
                       "Saved": r.saved_at.replace("T", " ")[:16], "By": r.saved_by, "Why": r.comment,
                       "Version": r.version} for r in reversed(revisions)])
st.dataframe(table, hide_index=True, width="stretch", key="curate_revisions")
left, mid, right = st.columns(3)
others = [r.number for r in reversed(revisions) if r.number != active.number]
if others:
    chosen = left.selectbox("Roll back to revision", others, key="curate_rollback_to")
    if left.button("Roll back", key="curate_rollback", disabled=not sidebar.user_name(),
                   help="Makes that revision active again, saved as a new revision: the history keeps every step."):
        try:
            revision = roll_back(store, int(chosen), saved_by=sidebar.user_name())
        except (DataFileError, InputError) as exc:
            left.error(str(exc))
        else:
            _start_from(revision)
            st.session_state["curate_saved"] = (f"Revision {chosen} is active again (saved as revision "
                                                f"{revision.number}).")
            st.rerun()
mid.download_button("Active taxonomy (YAML)", active.text.encode("utf-8"), key="curate_yaml",
                    file_name=f"taxonomy-revision-{active.number}.yaml", mime="application/x-yaml")
right.download_button("Codebook for NVivo, ATLAS.ti, MAXQDA (.qdc)", to_qdc(model.taxonomy), key="curate_qdc",
                      file_name=f"mandate-gap-views-{active.version}.qdc", mime="application/xml",
                      help="REFI-QDA codebook: views with their sub-views and definitions, and the stance codes.")
page.finish(model)
