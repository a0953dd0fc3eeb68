"""The gap model: every passage of every document, coded and attributed to its meeting.

``build_model`` is the one entry point: documents and a taxonomy in, frames out.
Column names are those of :mod:`gapmodel.columns`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from gapmodel import columns as C
from gapmodel.coding import Coder
from gapmodel.corpus import Document
from gapmodel.dates import describe, iso_first_year
from gapmodel.meetings import Meeting, attribute, find_meetings
from gapmodel.passages import split_passages
from gapmodel.taxonomy import Taxonomy

Progress = Callable[[float, str], None]  # share done (0 to 1), what is being done


@dataclass(frozen=True)
class Model:
    """The coded corpus. Frames are shared: treat them as read-only."""

    documents: tuple[Document, ...]
    taxonomy: Taxonomy
    passages: pd.DataFrame
    evidence: pd.DataFrame  # passage_id, code, term, start, end (offsets into the passage text)
    meetings: pd.DataFrame
    discrepancies: pd.DataFrame
    skipped: pd.DataFrame  # document, start, end, reason: raw text left out as residue
    version: str

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)


def corpus_version(documents: Sequence[Document], taxonomy: Taxonomy) -> str:
    """A short hash of every document's text and metadata and of the taxonomy: the cache key."""
    digest = hashlib.sha256(taxonomy.version.encode())
    for d in documents:
        digest.update(f"{d.id}|{d.date}|{d.period}|{d.title}|".encode())
        digest.update(hashlib.sha256(d.text.encode()).digest())
        digest.update(repr(d.meeting_edits).encode())
    return digest.hexdigest()[:12]


def build_model(documents: Sequence[Document], taxonomy: Taxonomy, progress: Progress | None = None) -> Model:
    """Split, attribute and code every document."""
    rows: list[dict[str, object]] = []
    meeting_rows: list[dict[str, object]] = []
    discrepancy_rows: list[dict[str, object]] = []
    skipped_rows: list[dict[str, object]] = []
    def step(share: float, what: str) -> None:
        if progress:
            progress(share, what)

    for index, doc in enumerate(documents):
        step(0.4 * index / max(1, len(documents)), f"Finding the passages and meetings of {doc.title[:60]}")
        split = split_passages(doc.id, doc.text)
        meetings, discrepancies = find_meetings(doc, split)
        attributions = attribute(doc, split, meetings, discrepancies)
        meetings = _edited(meetings, doc)
        by_id = {m.id: m for m in meetings}
        for p in split.passages:
            a = attributions[p.ordinal]
            meeting = by_id[a.meeting]
            year = meeting.year if meeting.dated else doc.year
            rows.append({
                C.PASSAGE_ID: p.id, C.DOCUMENT: doc.id, C.ORDINAL: p.ordinal, C.LABEL: p.label,
                C.NUMBERED: p.numbered, C.KIND: p.kind, C.SECTION: p.section, C.SECTION_TITLE: p.section_title,
                C.TEXT: p.text, C.START: p.start, C.END: p.end, C.PARENT: p.parent,
                C.MEETING: a.meeting, C.ATTRIBUTION: a.method, C.YEAR: year,
            })
        for m in meetings:
            meeting_rows.append({
                C.MEETING: m.id, C.DOCUMENT: doc.id, "date": m.date, "dated": m.dated, C.KIND: m.kind,
                "theme": m.theme, "participants": m.participants, "source": m.source, "order": m.order,
                C.YEAR: m.year if m.dated else doc.year, "first_year": iso_first_year(m.date),
                C.LABEL: m.label if m.kind != "series"
                else f"{doc.short_title}: meetings of {describe(m.date)} (series)",
                "described_in": tuple(f"{doc.id}:{o:03d}" for o in m.passages),
            })
        discrepancy_rows += [
            {C.DOCUMENT: d.document, C.MEETING: d.meeting, "table_date": d.table_date, "text_date": d.text_date,
             C.PASSAGE_ID: f"{d.document}:{d.passage:03d}", "topic": d.topic}
            for d in discrepancies
        ]
        skipped_rows += [{C.DOCUMENT: doc.id, C.START: s.start, C.END: s.end, "reason": s.reason}
                         for s in split.skipped]
    passages = pd.DataFrame(rows, columns=_PASSAGE_COLUMNS)
    passages, evidence = _code(passages, Coder(taxonomy),
                               lambda done, total: step(0.4 + 0.6 * done / max(1, total),
                                                        f"Coding passages: {done:,} of {total:,}"))
    meetings_frame = _meeting_frame(meeting_rows, passages)
    return Model(
        documents=tuple(documents), taxonomy=taxonomy, passages=passages, evidence=evidence,
        meetings=meetings_frame,
        discrepancies=pd.DataFrame(discrepancy_rows, columns=[C.DOCUMENT, C.MEETING, "table_date", "text_date",
                                                              C.PASSAGE_ID, "topic"]),
        skipped=pd.DataFrame(skipped_rows, columns=[C.DOCUMENT, C.START, C.END, "reason"]),
        version=corpus_version(documents, taxonomy),
    )


def _edited(meetings: list[Meeting], doc: Document) -> list[Meeting]:
    """Meetings with an expert's corrections (date, kind, theme) applied; passages keep their meeting."""
    edits = {e.meeting: e for e in doc.meeting_edits}
    if not edits:
        return meetings
    out = []
    for m in meetings:
        e = edits.get(m.id)
        if e is not None:
            if e.date != m.date:  # a day (or days) given by the expert makes the meeting dated
                m = replace(m, date=e.date, dated=all(len(part) == 10 for part in e.date.split("/")))
            m = replace(m, kind=e.kind, theme=e.theme)
        out.append(m)
    return out


_PASSAGE_COLUMNS = [C.PASSAGE_ID, C.DOCUMENT, C.ORDINAL, C.LABEL, C.NUMBERED, C.KIND, C.SECTION, C.SECTION_TITLE,
                    C.TEXT, C.START, C.END, C.PARENT, C.MEETING, C.ATTRIBUTION, C.YEAR]


def _code(passages: pd.DataFrame, coder: Coder, progress: Callable[[int, int], None],
          chunk: int = 5000) -> tuple[pd.DataFrame, pd.DataFrame]:
    texts = passages[C.TEXT].tolist()
    codings = []
    for start in range(0, len(texts), chunk):
        progress(start, len(texts))
        codings += coder.code_many(texts[start:start + chunk])
    progress(len(texts), len(texts))
    out = passages.copy()
    out[C.VIEWS] = [c.views for c in codings]
    out[C.SUBVIEWS] = [c.subviews for c in codings]
    out[C.GAP] = [c.gap for c in codings]
    out[C.REMEDY] = [c.remedy for c in codings]
    out[C.PROGRESS] = [c.progress for c in codings]
    out[C.BREADTH] = [c.breadth for c in codings]
    out[C.MISSIONS] = [c.missions for c in codings]
    out[C.ACTORS] = [c.actors for c in codings]
    evidence = pd.DataFrame(
        [(pid, e.code, e.term, e.start, e.end)
         for pid, c in zip(out[C.PASSAGE_ID], codings, strict=True) for e in c.evidence],
        columns=[C.PASSAGE_ID, "code", "term", C.START, C.END],
    )
    return out, evidence


def _meeting_frame(rows: list[dict[str, object]], passages: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[C.MEETING, C.DOCUMENT, "date", "dated", C.KIND, "theme", "participants",
                                        "source", "order", C.YEAR, "first_year", C.LABEL, "described_in"])
    grouped = passages.groupby(C.MEETING)
    counts = grouped.size().to_dict()
    named: dict[str, set[str]] = {}
    for meeting, missions in zip(passages[C.MEETING], passages[C.MISSIONS], strict=True):
        named.setdefault(meeting, set()).update(missions)
    frame[C.PASSAGES] = [int(counts.get(m, 0)) for m in frame[C.MEETING]]
    frame[C.MISSIONS] = [tuple(sorted(named.get(m, ()))) for m in frame[C.MEETING]]
    return frame
