"""Adding documents to the workspace: read, preview, then save in one step.

``prepare`` reads a file (text, Markdown, PDF or DOCX), reads its metadata,
refuses duplicates and codes it on its own, so the user can check how it was
read before anything is stored. ``save`` stores the document with the
corrections made in the preview. ``add_files`` does both for several files at
once, each file on its own and with no preview. The workspace itself is the store
(:mod:`gapmodel.store`); a workspace of plain files (``corpus.yaml`` and texts,
written by the first versions) moves into it on first use and its files are
kept, renamed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from gapmodel import columns as C
from gapmodel.corpus import (
    KINDS,
    Document,
    InputError,
    MeetingEdit,
    NoDate,
    document_from_text,
    kind_of,
    load_corpus,
    year_of,
)
from gapmodel.dates import iso_problem, misprinted_dates
from gapmodel.model import Model, build_model
from gapmodel.readers import Extracted, extract
from gapmodel.reviews import review_from_edit
from gapmodel.store import Review, Store, fingerprint, open_store, workspace_dir
from gapmodel.taxonomy import Taxonomy
from gapmodel.yamlfile import DataFileError

__all__ = ["Added", "Draft", "add_files", "batch_summary", "batch_table", "load_workspace", "open_workspace",
           "prepare", "readable_files", "save", "workspace_dir"]

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
    dated_by: str = ""  # where a date of only a year was read ("the year of its symbol S/2017/134"), else ""

    @property
    def date_note(self) -> str:
        """'year only, read from the year of its symbol S/2017/134' for a document counted by its year, else ''."""
        return f"year only, read from {self.dated_by}" if self.dated_by else ""


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
    if wanted.get("kind"):
        wanted["kind"] = kind_of(wanted["kind"])
    if wanted.get("kind") and wanted["kind"] not in KINDS:
        raise InputError(f"The kind '{wanted['kind']}' is not one of: {', '.join(KINDS)}.")
    doc = document_from_text(extracted.text, name=name, origin="workspace", overrides=wanted,
                             furniture=extracted.furniture)
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
    twin = next((d for d in existing if doc.symbol and d.symbol == doc.symbol and d.date == doc.date), None)
    if twin is not None:  # the same document from another file (a PDF of a report added as Word, a second print)
        raise InputError(f"This document has the symbol {doc.symbol} and the date of '{twin.title}', already in the "
                         "corpus. Nothing was added. If it is a corrected version, remove the other one first.")
    gone = next((d for d in removed if fingerprint(d.text) == mark), None)
    if gone is not None:
        raise InputError(f"This document was added before as '{gone.title}' and removed. Restore it from the "
                         "removed documents instead (nothing was added).")
    preview = build_model([doc], taxonomy, progress=lambda share, what: step(0.6 + 0.4 * share, what))
    step(1.0, f"Read {len(preview.passages)} passages and {len(preview.meetings)} meetings")
    found_year = year_of(extracted.text, extracted.furniture) if len(doc.date) == 4 and not wanted.get("date") else None
    return Draft(doc, extracted, data, preview, misprints=_misprints(preview.passages, doc.year),
                 dated_by=found_year[1] if found_year else "")


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


# -- several files at once ----------------------------------------------------------------------------------------
READABLE_SUFFIXES = (".pdf", ".docx", ".txt", ".md")


@dataclass(frozen=True, slots=True, kw_only=True)
class Added:
    """What became of one file of several: the document saved from it, or the sentence saying why it was refused."""

    name: str
    document: Document | None = None  # as stored (its id may have a suffix); None when refused
    passages: int = 0
    gaps: int = 0
    meetings: int = 0  # every meeting row, meeting series included (as `ingest` counts them)
    misprints: tuple[str, ...] = ()
    problem: str = ""  # the refusal in a sentence or two (a leading "name: " taken off: the file is named beside it)
    date_note: str = ""  # "year only, read from ..." when the text gave only a year (see Draft.date_note)

    @property
    def added(self) -> bool:
        return self.document is not None


def readable_files(paths: Sequence[Path]) -> tuple[tuple[Path, ...], tuple[str, ...]]:
    """The files to add from the files and folders named, and a sentence per folder that had other files.

    A file is taken as named, whatever its kind (reading it says whether it can be added). A folder gives the
    .pdf, .docx, .txt and .md files directly inside it, sorted by name; hidden files are passed over silently.
    Nothing is read here but the folders' listings.
    """
    files: list[Path] = []
    notes: list[str] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        try:
            entries = sorted((p for p in path.iterdir() if not p.name.startswith(".")),
                             key=lambda p: (p.name.lower(), p.name))
        except OSError as exc:
            raise InputError(f"The folder {path} cannot be read ({exc.strerror}).") from None
        wanted = [p for p in entries if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES]
        files.extend(wanted)
        others = [p.name + ("/" if p.is_dir() else "") for p in entries if p not in wanted]
        if others:
            notes.append(f"Skipped in {path}: {', '.join(others)} (only .pdf, .docx, .txt and .md files directly "
                         "inside a folder are read).")
    if not files:
        raise InputError(f"No .pdf, .docx, .txt or .md file is in {', '.join(map(str, paths))}. Name the files, or "
                         "a folder that holds them.")
    return tuple(files), tuple(notes)


def add_files(
    store: Store, files: Sequence[tuple[str, Callable[[], bytes]]], existing: Sequence[Document],
    taxonomy: Taxonomy, *, added_by: str, overrides: Mapping[str, str] | None = None,
    removed: Sequence[Document] = (), progress: Progress | None = None,
) -> Iterator[Added]:
    """Read, check and save each file on its own, yielding what became of it as soon as it is done.

    ``files`` are (name, a function giving the bytes) pairs, so a folder of large files is read one at a time.
    Each file is one transaction: a refused file (any :class:`InputError`, its reading included) or an
    interrupted one leaves the workspace as it was, and the files saved before it stay saved. A saved document
    joins ``existing`` at once, so a later file with the same text is refused as a duplicate. ``overrides``
    (kind, period) apply to every file. ``progress`` gets the share of all the files done.
    """
    known = list(existing)
    for number, (name, load) in enumerate(files):
        def step(share: float, what: str, number: int = number, name: str = name) -> None:
            if progress:
                progress((number + share) / len(files), f"{name} ({number + 1} of {len(files)}): {what}")

        try:
            draft = prepare(name, load(), known, taxonomy, overrides=overrides, progress=step, removed=removed)
            doc = save(store, draft, added_by=added_by)
        except NoDate:
            yield Added(name=name, problem="No date could be read from the text. Add this file on its own to give "
                                           "its date.")
            continue
        except InputError as exc:
            yield Added(name=name, problem=_without_name(str(exc), name))
            continue
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except Exception as exc:  # a reader's fault on one odd file must not stop the others
            yield Added(name=name, problem=f"It could not be read ({type(exc).__name__}); nothing of it was added. "
                                           "Save it again (or print it to PDF), then add it on its own.")
            continue
        known.append(doc)
        passages = draft.preview.passages
        yield Added(name=name, document=doc, passages=len(passages), gaps=int(passages[C.GAP].sum()),
                    meetings=len(draft.preview.meetings), misprints=draft.misprints, date_note=draft.date_note)
    if progress:
        progress(1.0, f"Read {len(files)} files")


def _without_name(problem: str, name: str) -> str:
    """A refusal without the "name: " (or "folder/name: ") it starts with, since the file is named beside it."""
    shown = re.sub(rf"^(?:.*[\\/])?{re.escape(name)}: ", "", problem, count=1)
    return shown[:1].upper() + shown[1:] if shown != problem else problem


def batch_summary(results: Sequence[Added], where: str = "your workspace") -> str:
    """One sentence: how many of the files were added, and how many refused."""
    added = sum(r.added for r in results)
    refused = len(results) - added
    sentence = f"Added {added} of {len(results)} {'file' if len(results) == 1 else 'files'} to {where}"
    if not refused:
        return sentence + "."
    return sentence + f"; {refused} {'was' if refused == 1 else 'were'} refused and left it as it was."


def dated(date: str, note: str = "") -> str:
    """A document's date as the CLI and the Documents page show it: '2022 (year only, read from ...)'."""
    if note:
        return f"{date} ({note})"
    return f"{date} (year only)" if len(date) == 4 else date


def batch_table(results: Sequence[Added]) -> pd.DataFrame:
    """One row per file: ``file``, ``result`` (added or refused), ``document`` (its title and date, or why it was
    refused), ``passages`` and ``gaps`` (empty when refused)."""
    rows = [{"file": r.name, "result": "added" if r.document else "refused",
             "document": f"{r.document.title}, dated {dated(r.document.date, r.date_note)}" if r.document
             else r.problem,
             "passages": r.passages if r.document else None, "gaps": r.gaps if r.document else None}
            for r in results]
    frame = pd.DataFrame(rows, columns=["file", "result", "document", "passages", "gaps"])
    return frame.astype({"passages": "Int64", "gaps": "Int64"})
