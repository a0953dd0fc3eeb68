"""Documents: add a report (preview how it was read, correct it, save), remove and restore, back up the workspace."""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.uploaded_file_manager import UploadedFile

from gapmodel import columns as C
from gapmodel.corpus import KINDS, MAX_BYTES, InputError, MeetingEdit, NoDate, load_corpus
from gapmodel.dates import iso_problem
from gapmodel.export import plain_markdown as md
from gapmodel.readers import KIND_NAMES
from gapmodel.store import KEEP_BEFORE_IMPORT, MAX_BACKUP_UPLOAD
from gapmodel.workspace import (
    MEETING_KINDS,
    Draft,
    add_files,
    batch_summary,
    batch_table,
    dated,
    load_workspace,
    prepare,
    removed_documents,
    save,
)
from ui import data, page, sidebar

ctx = page.start("Documents", "Add a new report, retreat summary or paper to your workspace: check how it was read, "
                 "correct it, then save. Nothing here changes the embedded corpus, and nothing is ever deleted.")
model = ctx.model
store = data.store()
DRAFT = "documents_draft"
BATCH = "documents_batch"  # each uploaded file's key -> what became of it, so a rerun never adds a file twice
VIEW_IDS = [v.id for v in model.taxonomy.views]


def _read(name: str, content: bytes, date: str = "") -> None:
    """Read and code an upload for its preview, with a progress bar; a bad file leaves one sentence."""
    bar = st.progress(0.0, text="Reading the file")
    existing = (*load_corpus(data.corpus_folder()), *load_workspace())
    try:
        draft = prepare(name, content, existing, model.taxonomy, overrides={"date": date},
                        progress=lambda share, what: bar.progress(min(1.0, share), text=what),
                        removed=removed_documents())
    except NoDate as exc:
        st.session_state[DRAFT] = {"key": _key(content, name), "no_date": exc.name, "name": name}
    except InputError as exc:
        st.session_state[DRAFT] = {"key": _key(content, name), "problem": str(exc)}
    else:
        st.session_state[DRAFT] = {"key": _key(content, name), "draft": draft}
    bar.empty()


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _key(content: bytes, name: str = "") -> str:
    return hashlib.sha256(name.encode() + b"\0" + content).hexdigest()[:16]


def _discard() -> None:
    st.session_state.pop(DRAFT, None)
    st.session_state["documents_upload_round"] = st.session_state.get("documents_upload_round", 0) + 1


def _preview(draft: Draft) -> None:
    doc, coded = draft.document, draft.preview
    key = _key(draft.original, draft.document.source)
    passages, meetings = coded.passages, coded.meetings
    pages = f" from {_count(draft.extracted.pages, 'page')}" if draft.extracted.pages else ""
    gaps = int(passages[C.GAP].sum())
    st.success(f"Read {_count(len(passages), 'passage')}{pages}: {gaps} {'states' if gaps == 1 else 'state'} a gap; "
               f"{_count(len(meetings[meetings[C.KIND] != 'series']), 'meeting')} found. Check them, correct what "
               "is wrong, then save.")
    for misprint in draft.misprints:
        st.warning(misprint, icon=":material/event_busy:")
    if draft.date_note:
        st.info(f"The text gives no full date: dated {dated(draft.document.date, draft.date_note)}. Type the "
                "day below if you know it.", icon=":material/event:")
    st.markdown("**What the text says about the document** (edit any field)")
    left, right = st.columns(2)
    kept = st.session_state[DRAFT].setdefault("edits", {})  # the user's edits outlive visits to other pages

    def field(column: DeltaGenerator, label: str, name: str, default: str, **options: str) -> str:
        widget = f"documents_{name}_{key}"
        if widget not in st.session_state:
            st.session_state[widget] = kept.get(name, default)
        value = column.text_input(label, key=widget, **options)
        kept[name] = value
        return value

    fields = {
        "title": field(left, "Title", "title", doc.title),
        "date": field(right, "Date of the letter or publication (ISO: 2019-01-31)", "date", doc.date),
        "period": field(left, "Period covered (2018, or 2018-01/2018-12)", "period", doc.period),
        "symbol": field(left, "UN document symbol (if any)", "symbol", doc.symbol, placeholder="S/2019/90"),
        "chair": field(right, "Chair (if stated)", "chair", doc.chair),
    }
    if f"documents_kind_{key}" not in st.session_state:
        st.session_state[f"documents_kind_{key}"] = kept.get("kind", doc.kind)
    fields["kind"] = kept["kind"] = right.selectbox("Kind", KINDS, key=f"documents_kind_{key}")
    st.markdown("**Meetings found** (edit a date, kind or theme; passages stay with their meeting)")
    shown_meetings = meetings[[C.MEETING, "date", C.KIND, "theme", C.PASSAGES, "source"]].copy()
    edited_meetings = st.data_editor(
        kept.get("meetings", shown_meetings), hide_index=True, width="stretch", key=f"documents_meetings_{key}",
        num_rows="fixed",
        column_config={
            C.MEETING: st.column_config.TextColumn("Meeting", disabled=True),
            "date": st.column_config.TextColumn("Date (ISO)", help="2018-03-14, or 2018-03 or 2018 when undated"),
            C.KIND: st.column_config.SelectboxColumn("Kind", options=list(MEETING_KINDS), required=True),
            "theme": st.column_config.TextColumn("Theme"),
            C.PASSAGES: st.column_config.NumberColumn("Passages", disabled=True),
            "source": st.column_config.TextColumn("Found in", disabled=True),
        })
    kept["meetings"] = edited_meetings
    st.markdown("**Passages and their codes** (change views or flags where the model is wrong; each change is "
                "saved as your review, apart from the automatic codes)")
    codes = passages[[C.PASSAGE_ID, C.LABEL, C.TEXT, C.VIEWS, C.GAP, C.REMEDY, C.PROGRESS]].copy()
    codes[C.VIEWS] = codes[C.VIEWS].map(list)
    edited_codes = st.data_editor(
        kept.get("codes", codes), hide_index=True, width="stretch", key=f"documents_codes_{key}", num_rows="fixed",
        height=420,
        column_config={
            C.PASSAGE_ID: None,
            C.LABEL: st.column_config.TextColumn("Para.", disabled=True, width="small"),
            C.TEXT: st.column_config.TextColumn("Text", disabled=True, width="large"),
            C.VIEWS: st.column_config.MultiselectColumn("Views", options=VIEW_IDS, width="medium",
                                                        format_func=model.taxonomy.label),
            C.GAP: st.column_config.CheckboxColumn("Gap"),
            C.REMEDY: st.column_config.CheckboxColumn("Remedy"),
            C.PROGRESS: st.column_config.CheckboxColumn("Progress"),
        })
    kept["codes"] = edited_codes
    who = sidebar.user_name()
    if not who:
        st.info("Enter your name in the sidebar to save: it is recorded with the document.")
    left, right = st.columns(2)
    if left.button("Save to my workspace", type="primary", disabled=not who, key=f"documents_save_{key}",
                   icon=":material/save:"):
        try:
            saved = save(store, draft, added_by=who, metadata=fields,
                         meetings=_meeting_edits(meetings, edited_meetings),
                         code_edits=_code_edits(codes, edited_codes))
        except InputError as exc:
            problems = [p.strip() + "." for p in str(exc).split(". ") if p.strip()]
            st.error("Please correct:\n\n" + "\n".join(f"- {p.rstrip('.')}." for p in problems)
                     if len(problems) > 1 else str(exc))
            return
        _discard()
        st.session_state["documents_saved"] = f"Saved '{saved.title}' as {saved.id}. It is now in every page."
        st.rerun()
    right.button("Discard", key=f"documents_discard_{key}", on_click=_discard, icon=":material/close:")


def _meeting_edits(found: pd.DataFrame, edited: pd.DataFrame) -> list[MeetingEdit]:
    out = []
    for (_, before), (_, after) in zip(found.iterrows(), edited.iterrows(), strict=True):
        new = (str(after["date"] or "").strip(), str(after[C.KIND] or ""), str(after["theme"] or "").strip())
        if new != (before["date"], before[C.KIND], before["theme"]):
            out.append(MeetingEdit(str(before[C.MEETING]), *new))
    return out


def _code_edits(found: pd.DataFrame, edited: pd.DataFrame) -> dict[str, tuple[tuple[str, ...], bool, bool, bool]]:
    out = {}
    for (_, before), (_, after) in zip(found.iterrows(), edited.iterrows(), strict=True):
        views = tuple(after[C.VIEWS] or ())
        flags = (bool(after[C.GAP]), bool(after[C.REMEDY]), bool(after[C.PROGRESS]))
        if set(views) != set(before[C.VIEWS]) or flags != (before[C.GAP], before[C.REMEDY], before[C.PROGRESS]):
            out[str(before[C.PASSAGE_ID])] = (views, *flags)
    return out


def _cleared() -> None:
    """The upload box was emptied (its ✕): the preview goes too. Other pages do not empty it this way."""
    if not st.session_state.get(f"documents_upload_{st.session_state.get('documents_upload_round', 0)}"):
        st.session_state.pop(DRAFT, None)


def _add_several(uploads: Sequence[UploadedFile]) -> None:
    """Several files: each read, checked and saved on its own under one progress bar, then what became of each."""
    done = st.session_state.setdefault(BATCH, {})
    keys = [_key(u.getvalue(), u.name) for u in uploads]
    waiting = {k: u for k, u in zip(keys, uploads, strict=True) if k not in done}
    who = sidebar.user_name()
    if waiting and not who:
        st.info(f"Enter your name in the sidebar to add these {len(waiting)} files: it is recorded with each one.")
    elif waiting:
        bar = st.progress(0.0, text=f"Reading {len(waiting)} files")
        existing = (*load_corpus(data.corpus_folder()), *load_workspace())
        results = add_files(store, [(u.name, u.getvalue) for u in waiting.values()], existing, model.taxonomy,
                            added_by=who, removed=removed_documents(),
                            progress=lambda share, what: bar.progress(min(1.0, share), text=what))
        done.update(zip(waiting, results, strict=True))
        st.rerun()  # every page, the sidebar's counts included, now has the added documents
    results = [done[k] for k in keys if k in done]
    if not results:
        return
    if all(r.added for r in results):
        st.success(batch_summary(results))
    else:
        st.warning(batch_summary(results))
    table = batch_table(results)
    with st.container(key="documents_batch_results"):  # a static table (its sentences wrap) has no key of its own
        st.table(pd.DataFrame({
            "File": table["file"].map(md), "Result": table["result"],
            "Document, or why it was refused": table["document"].map(md),
            "Passages": table["passages"].astype("string").fillna(""),
            "Gaps": table["gaps"].astype("string").fillna(""),
        }), hide_index=True)
    for result in results:
        for misprint in result.misprints:
            st.warning(f"{result.name}: {misprint}", icon=":material/event_busy:")


st.subheader("Add a document")
if "documents_saved" in st.session_state:
    st.success(st.session_state.pop("documents_saved"))
uploads = st.file_uploader(
    "A report, statement, press release or brief in English: PDF (with a text layer), Word "
    "(.docx), plain text or Markdown. One file, or several at once.",
    key=f"documents_upload_{st.session_state.get('documents_upload_round', 0)}", accept_multiple_files=True,
    help="One file opens a preview to check and correct before it is saved. Several files are each read and added "
         "as they are (a refused file changes nothing), then a table shows what became of each. Files are read in "
         "memory; their names are only shown, never used to store them.", on_change=_cleared,
    max_upload_size=MAX_BYTES // 2**20)  # a document's limit; only a backup may be larger
upload = uploads[0] if len(uploads) == 1 else None
if len(uploads) > 1:
    _add_several(uploads)
elif upload is not None:
    content = upload.getvalue()
    current = st.session_state.get(DRAFT)
    if not current or current["key"] != _key(content, upload.name):
        _read(upload.name, content)
# a draft outlives the upload box (which forgets its file on other pages), but is not shown beside several files
current = st.session_state.get(DRAFT) if len(uploads) <= 1 else None
if current and "problem" in current:
    if upload is not None:
        st.error(current["problem"])
elif current and "no_date" in current:
    if upload is not None:
        st.warning(f"{current['no_date']}: no date could be read from the text. Type the date of the letter or "
                   "publication, then read the file again.")
        given = st.text_input("Date (ISO: 2019-01-31)", key="documents_missing_date")
        if st.button("Read it again with this date", key="documents_read_again"):
            if (problem := iso_problem(given.strip())) is not None:
                st.error(problem)
            else:
                _read(current["name"], upload.getvalue(), given.strip())
                st.rerun()
elif current:
    _preview(current["draft"])

st.subheader("Documents in the workspace")
added, removed = store.documents(), store.documents(removed=True)
if not added and not removed:
    st.caption("None yet. The embedded corpus (data/) is always there; documents you add appear here.")
for stored in added:
    doc = stored.document
    with st.container(border=True):
        cols = st.columns([5, 1, 1])
        kind = KIND_NAMES.get(stored.media_type, "file")
        cols[0].markdown(f"**{md(doc.title)}** · dated {dated(doc.date)} · covers {doc.period} · {doc.kind}  \n"
                         f"id `{doc.id}` · {kind} · {stored.size / 1024:.0f} KB · added by {md(stored.added_by)} on "
                         f"{stored.added_at[:10]}")
        if cols[1].button("Original", key=f"documents_original_{doc.id}", help="Download the file as it was added"):
            name, original = store.original(doc.id)
            cols[1].download_button("Download", original, file_name=re.split(r"[\\/]", name)[-1] or "document",
                                    key=f"documents_original_get_{doc.id}", mime=stored.media_type)
        cols[2].button("Remove", key=f"documents_remove_{doc.id}", on_click=store.remove_document, args=(doc.id,),
                       help="Takes it out of every page; it stays in the workspace and can be restored.")
if removed:
    with st.expander(f"Removed documents ({len(removed)}): restore any of them"):
        for stored in removed:
            doc = stored.document
            cols = st.columns([5, 1])
            cols[0].markdown(f"**{md(doc.title)}** · dated {doc.date} · removed on {str(stored.removed_at)[:10]}")
            cols[1].button("Restore", key=f"documents_restore_{doc.id}", on_click=store.restore_document,
                           args=(doc.id,))

st.subheader("Back up or move the workspace")
st.caption("Everything you added, reviewed, curated and saved is kept in your workspace. Download a backup to keep "
           "or to open on another machine; importing a backup first keeps a copy of the current workspace beside it.")
left, right = st.columns(2)
if left.button("Prepare a backup file", key="documents_backup", icon=":material/backup:"):
    st.session_state["documents_backup_bytes"] = store.export_bytes()
if "documents_backup_bytes" in st.session_state:
    left.download_button("Download the backup", st.session_state["documents_backup_bytes"],
                         file_name="mandate-gap-monitor-workspace.sqlite", key="documents_backup_download",
                         mime="application/vnd.sqlite3")
restore_file = right.file_uploader(
    "Import a backup file", key="documents_import", max_upload_size=MAX_BACKUP_UPLOAD // 2**20,
    help=f"A .sqlite file made by 'Download the backup', up to {MAX_BACKUP_UPLOAD // 2**30} GB here (the upload is "
         "held in memory). A larger backup: python -m gapmodel workspace import FILE on this machine.")
if restore_file is not None and right.button("Replace my workspace with this backup", key="documents_import_go"):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "import.sqlite"
        path.write_bytes(restore_file.getvalue())
        try:
            kept = store.import_from(path)
        except InputError as exc:
            right.error(str(exc).replace("import.sqlite", "This file"))
        else:
            st.session_state["documents_saved"] = (
                f"Imported the backup. Your workspace as it was before is kept as {kept.name} in {kept.parent} (the "
                f"last {KEEP_BEFORE_IMPORT} such copies are kept; older ones are removed).")
            st.rerun()
page.finish(model)
