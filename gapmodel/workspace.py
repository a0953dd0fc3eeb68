"""Adding documents to the workspace: read, preview, then save in one step.

``prepare`` reads a file (text, Markdown, PDF or DOCX), reads its metadata,
refuses duplicates and codes it on its own, so the user can check how it was
read before anything is stored. ``save`` stores the document with the
corrections made in the preview. The workspace itself is the store
(:mod:`gapmodel.store`); a workspace of plain files (``corpus.yaml`` and texts,
written by the first versions) moves into it on first use and its files are
kept, renamed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from gapmodel import columns as C
from gapmodel.corpus import KINDS, Document, InputError, MeetingEdit, document_from_text, load_corpus
from gapmodel.dates import iso_problem, misprinted_dates
from gapmodel.model import Model, build_model
from gapmodel.readers import Extracted, extract
from gapmodel.reviews import review_from_edit
from gapmodel.store import Review, Store, fingerprint, open_store, workspace_dir
from gapmodel.taxonomy import Taxonomy
from gapmodel.yamlfile import DataFileError

__all__ = ["Draft", "open_workspace", "load_workspace", "prepare", "save", "workspace_dir"]

Progress = Callable[[float, str], None]
_MOVED_SUFFIX = ".moved-into-workspace-sqlite"


@dataclass(frozen=True)
class Draft:
    """A document read and coded but not yet stored: what the preview shows."""

    document: Document
    extracted: Extracted
    original: bytes
    preview: Model  # the document coded on its own with the active taxonomy
    misprints: tuple[str, ...] = ()  # a sentence per passage naming a day the calendar does not have


def open_workspace(home: Path | None = None) -> Store:
    """The workspace store, with any plain-file workspace of earlier versions moved in (once)."""
    folder = home or workspace_dir()
    store = open_store(folder)
    manifest = folder / "corpus.yaml"
    if manifest.exists():
        _move_plain_files(store, folder, manifest)
    return store


def _move_plain_files(store: Store, folder: Path, manifest: Path) -> None:
    try:
        documents = load_corpus(folder)
    except (InputError, DataFileError) as exc:
        raise InputError(f"The documents added earlier (in {manifest}) cannot be moved into the workspace: {exc}") \
            from None
    present = {fingerprint(d.document.text) for d in (*store.documents(), *store.documents(removed=True))}
    for doc in documents:
        if fingerprint(doc.text) not in present:
            store.add_document(replace(doc, origin="workspace"), original=doc.text.encode("utf-8"),
                               media_type="text/plain", added_by="moved from the earlier workspace")
    manifest.rename(manifest.with_name(manifest.name + _MOVED_SUFFIX))  # kept, never deleted


def removed_documents(home: Path | None = None) -> tuple[Document, ...]:
    """Documents added to the workspace and then removed."""
    folder = home or workspace_dir()
    if not open_store(folder).path.exists():
        return ()
    return tuple(d.document for d in open_workspace(folder).documents(removed=True))


def load_workspace(home: Path | None = None) -> tuple[Document, ...]:
    """Documents added to the workspace and not removed (none if it does not exist yet)."""
    folder = home or workspace_dir()
    if not (folder / "corpus.yaml").exists() and not open_store(folder).path.exists():
        return ()
    return tuple(d.document for d in open_workspace(folder).documents())


def prepare(
    name: str, data: bytes, existing: Sequence[Document], taxonomy: Taxonomy, *,
    overrides: Mapping[str, str] | None = None, progress: Progress | None = None, removed: Sequence[Document] = (),
) -> Draft:
    """Read and code a file for its preview; nothing is stored. Bad input raises :class:`InputError`.

    ``existing`` are the documents in the corpus (a duplicate is refused), ``removed`` the workspace's removed
    documents (a duplicate of one is refused with the advice to restore it).
    """
    def step(share: float, what: str) -> None:
        if progress:
            progress(share, what)

    wanted = dict(overrides or {})
    for key in ("date", "period"):  # refused before the file is read
        if wanted.get(key) and (problem := iso_problem(wanted[key], f"the {key}")) is not None:
            raise InputError(f"{name}: {problem}")
    step(0.0, "Reading the file")
    extracted = extract(name, data, progress=lambda share, what: step(0.6 * share, what))
    if wanted.get("kind") and wanted["kind"] not in KINDS:
        raise InputError(f"The kind '{wanted['kind']}' is not one of: {', '.join(KINDS)}.")
    doc = document_from_text(extracted.text, name=name, origin="workspace", overrides=wanted)
    taken = {d.id for d in existing}
    ident, n = doc.id, 1
    while ident in taken:  # unique beside the embedded corpus too, so reviews always find their passages
        n += 1
        ident = f"{doc.id}-{n}"
    doc = replace(doc, id=ident, source=doc.file)
    mark = fingerprint(extracted.text)  # the document's text, unpacked once
    same = next((d for d in existing if fingerprint(d.text) == mark), None)
    if same is not None:
        raise InputError(f"This document is already in the corpus as '{same.title}'. Nothing was added.")
    gone = next((d for d in removed if fingerprint(d.text) == mark), None)
    if gone is not None:
        raise InputError(f"This document was added before as '{gone.title}' and removed. Restore it from the "
                         "removed documents instead (nothing was added).")
    preview = build_model([doc], taxonomy, progress=lambda share, what: step(0.6 + 0.4 * share, what))
    step(1.0, f"Read {len(preview.passages)} passages and {len(preview.meetings)} meetings")
    return Draft(doc, extracted, data, preview, misprints=_misprints(preview.passages, doc.year))


def _misprints(passages: pd.DataFrame, year: int) -> tuple[str, ...]:
    """A sentence for each passage naming a day that does not exist ("29 February 2018")."""
    out = []
    for label, text in zip(passages[C.LABEL], passages[C.TEXT], strict=True):
        written = misprinted_dates(str(text), year)
        if written:
            days = " and ".join(f"'{d}'" for d in written)
            out.append(f"Paragraph {label} names {days}, a day the calendar does not have (probably a misprint). "
                       "Its meeting is kept undated: correct the date in the meetings table if you know it.")
    return tuple(out)


def check_metadata(fields: Mapping[str, str]) -> list[str]:
    """Problems with metadata edited in the preview, one sentence each (empty when all is well)."""
    problems = []
    if not fields.get("title", "").strip():
        problems.append("The title is empty. Give the document its title.")
    for key in ("date", "period"):
        if (problem := iso_problem(fields.get(key, "").strip(), f"The {key}")) is not None:
            problems.append(problem)
    if fields.get("kind") not in KINDS:
        problems.append(f"The kind must be one of: {', '.join(KINDS)}.")
    symbol = fields.get("symbol", "").strip()
    if symbol and not re.fullmatch(r"[A-Z]+(/[A-Za-z0-9.()\-]+)+", symbol):
        problems.append(f"The symbol '{symbol}' is not a UN document symbol. Write it as S/2019/90, or leave it empty.")
    return problems


def check_meetings(meetings: Sequence[MeetingEdit]) -> list[str]:
    """Problems with meetings edited in the preview, one sentence each."""
    problems = []
    for m in meetings:
        if (problem := iso_problem(m.date, f"The date of meeting {m.meeting},")) is not None:
            problems.append(problem)
        if m.kind not in MEETING_KINDS:
            problems.append(f"The kind of meeting {m.meeting} must be one of: {', '.join(MEETING_KINDS)}.")
    return problems


def save(
    store: Store, draft: Draft, *, added_by: str, metadata: Mapping[str, str] | None = None,
    meetings: Sequence[MeetingEdit] = (), code_edits: Mapping[str, tuple[tuple[str, ...], bool, bool, bool]] | None
    = None, reason: str = "corrected in the preview when the document was added",
) -> Document:
    """Store a previewed document with its edited metadata, meetings and codes (one transaction).

    ``code_edits`` maps a passage id to the views and flags (gap, remedy, progress) the expert set; they are
    stored as reviews, apart from the automatic codes.
    """
    fields = {k: v.strip() for k, v in (metadata or {}).items()}
    problems = check_metadata({**_fields(draft.document), **fields}) + check_meetings(meetings)
    if problems:
        raise InputError(" ".join(problems))
    edited: dict[str, Any] = {k: v for k, v in fields.items() if k in _EDITABLE}  # Any: Document also has bytes
    doc = replace(draft.document, **edited, meeting_edits=tuple(meetings))
    rows = {str(row["passage_id"]): row for _, row in draft.preview.passages.iterrows()}
    reviews: list[Review] = []
    for pid, (views, gap, remedy, progress) in (code_edits or {}).items():
        if pid not in rows:
            raise InputError(f"There is no passage {pid} in this document.")
        reviews.append(review_from_edit(rows[pid], pid, views=views, gap=gap, remedy=remedy, progress=progress,
                                        reason=reason, reviewed_by=added_by))
    return store.add_document(doc, original=draft.original, media_type=draft.extracted.media_type,
                              added_by=added_by, reviews=reviews)


MEETING_KINDS = ("formal", "informal", "organisational", "field visit", "retreat", "series")
_EDITABLE = ("title", "date", "kind", "period", "symbol", "chair")


def _fields(doc: Document) -> dict[str, str]:
    return {k: str(getattr(doc, k)) for k in _EDITABLE}
