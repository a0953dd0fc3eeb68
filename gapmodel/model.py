"""The gap model: every passage of every document, coded and attributed to its meeting.

``build_model`` is the one entry point: documents and a taxonomy in, frames out.
Column names are those of :mod:`gapmodel.columns`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import itertools
import os
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]

from gapmodel import columns as C
from gapmodel.coding import Coder, Codes
from gapmodel.corpus import Document
from gapmodel.dates import describe, iso_first_year
from gapmodel.index import PassageIndex, index_passages, rows_in
from gapmodel.meetings import Meeting, attribute, find_meetings
from gapmodel.passages import split_passages
from gapmodel.taxonomy import Taxonomy


def use_system_allocator() -> None:
    """Have Arrow (which holds the passages' texts) allocate through the system's allocator, unless the
    ARROW_DEFAULT_MEMORY_POOL variable chose one. Arrow's bundled allocator keeps what it frees: at 10^5
    passages each evidence search left some 45 MB more resident (bench/RESULTS.md). The dashboard, the
    command line and the benchmarks call this once; the library itself changes nothing at import."""
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        pa.set_memory_pool(pa.system_memory_pool())


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library is another (musl, macOS, Windows)."""
    name = ctypes.util.find_library("c")
    trim: Callable[[int], int] | None = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    return trim


def release_free_memory() -> None:
    """Hand the pages that the C allocator holds free back to the system, where it is glibc's (malloc_trim).

    Reading a corpus makes and drops Python objects by the million; malloc keeps the freed pages, scattered
    through its heap, for later use. At 10^6 passages that was some 580 MB after building the model (1,724
    to 1,144 MB resident, in 0.08 s), held through the whole session."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_CODE_AT_ONCE = 5_000  # passages coded together: the 667 short documents of the 10^5 load data took 3.4 s
# to code one at a time and 1.7 s 5,000 passages at a time (one-off timing)
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
    version: str  # the documents (texts and metadata) and the taxonomy: see :func:`versions`
    text_version: str  # the documents' ids and texts alone: what the passages (not their codes) follow from

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)

    @cached_property
    def index(self) -> PassageIndex:
        """The passages as integer arrays (see :mod:`gapmodel.index`), built on first use."""
        return self._index_of(self.passages)

    def indexed(self, passages: pd.DataFrame | None = None) -> tuple[PassageIndex, np.ndarray]:
        """An index holding ``passages`` (all by default) and their rows in it.

        A frame cut from this model's passages (its index and passage ids are theirs) is read through the
        model's index, so its codes are the model's; any other frame gets an index of its own columns.
        """
        base = self.passages if passages is None else passages
        rows = rows_in(self.passages, base)
        if rows is None:
            return self._index_of(base), np.arange(len(base))
        return self.index, rows

    def reading_order(self, key: str) -> np.ndarray:
        """For each meeting (or document) code of the index, its place by date, then id."""
        ranks = self._reading_orders
        if key not in ranks:
            ranks[key] = reading_rank(self, key, self.index.keys[key].values)
        return ranks[key]

    @cached_property
    def _reading_orders(self) -> dict[str, np.ndarray]:
        return {}

    def _index_of(self, passages: pd.DataFrame) -> PassageIndex:
        return index_passages(passages, [v.id for v in self.taxonomy.views], self.taxonomy.subview_ids)

    def evidence_of(self, passages: pd.DataFrame) -> pd.DataFrame:
        """The evidence spans of ``passages`` (columns of :attr:`evidence`), in passage order."""
        rows = rows_in(self.passages, passages)
        owners = self.evidence[C.PASSAGE_ID]
        if rows is None or not isinstance(owners.dtype, pd.CategoricalDtype) or not self._evidence_in_order:
            return self.evidence[owners.isin(passages[C.PASSAGE_ID])]
        codes = owners.cat.codes.to_numpy()
        starts, ends = np.searchsorted(codes, rows, "left"), np.searchsorted(codes, rows, "right")
        lengths = ends - starts
        if not lengths.sum():
            return self.evidence.iloc[0:0]
        take = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        return self.evidence.iloc[take]

    @cached_property
    def _evidence_in_order(self) -> bool:
        """Evidence rows follow the passages (as :func:`build_model` makes them), so a passage's are together."""
        owners = self.evidence[C.PASSAGE_ID]
        return bool(isinstance(owners.dtype, pd.CategoricalDtype)
                    and len(owners.cat.categories) == len(self.passages)
                    and (owners.cat.categories.to_numpy() == self.passages[C.PASSAGE_ID].to_numpy()).all()
                    and owners.cat.codes.is_monotonic_increasing)


def reading_rank(model: Model, key_col: str, values: pd.Index) -> np.ndarray:
    """For each of ``values`` (meeting or document ids), its place when sorted by (date, id)."""
    if key_col == C.MEETING:
        when = model.meetings.set_index(C.MEETING)["date"]
    else:
        when = pd.Series({d.id: d.date for d in model.documents}, dtype=object)
    dates = when.reindex(values).fillna("").to_numpy(dtype=object)
    order = np.lexsort((values.to_numpy(dtype=object), dates))
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.arange(len(values))
    return rank


def text_digest(text: str) -> bytes:
    """The SHA-256 of a document's text, which :func:`versions` combines."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def versions(documents: Sequence[Document], taxonomy: Taxonomy, digests: Sequence[bytes]) -> tuple[str, str]:
    """(version, text version) of a model: short hashes of the documents' metadata, the ``digests`` of their
    texts (:func:`text_digest`, taken while coding: a text is unpacked once) and the taxonomy."""
    version = hashlib.sha256(taxonomy.version.encode())
    text_version = hashlib.sha256()
    for d, digest in zip(documents, digests, strict=True):
        version.update(f"{d.id}|{d.date}|{d.period}|{d.title}|".encode() + digest + repr(d.meeting_edits).encode())
        text_version.update(d.id.encode() + b"\0" + digest)
    return version.hexdigest()[:12], text_version.hexdigest()[:16]


def build_model(documents: Sequence[Document], taxonomy: Taxonomy, progress: Progress | None = None) -> Model:
    """Split, attribute and code every document.

    Passages are coded some thousands at a time and gathered into column chunks (their texts into one
    buffer), so that memory holds the finished frames and one chunk of Python objects, not a Python object
    per passage of the corpus.
    """
    coder = Coder(taxonomy)
    table = _Table(coder.labels)
    meeting_rows: list[dict[str, object]] = []
    discrepancy_rows: list[dict[str, object]] = []
    skipped_rows: list[dict[str, object]] = []
    total = sum(len(d.packed_text) for d in documents)  # progress by compressed size: no text is unpacked twice
    digests: list[bytes] = []
    uncoded: list[tuple[object, ...]] = []  # passages (their columns up to the year, but the text) to be coded
    texts: list[str] = []  # their texts
    done = 0
    for doc in documents:
        if progress:
            progress(done / max(1, total), f"Reading and coding {doc.title[:60]}: {table.count:,} passages so far")
        done += len(doc.packed_text)
        text = doc.text
        digests.append(text_digest(text))
        split = split_passages(doc.id, text)
        meetings, discrepancies = find_meetings(doc, split)
        attributions = attribute(doc, split, meetings, discrepancies)
        meetings = _edited(meetings, doc)
        by_id = {m.id: m for m in meetings}
        for p in split.passages:
            a = attributions[p.ordinal]
            meeting = by_id[a.meeting]
            year = meeting.year if meeting.dated else (a.year or doc.year)
            uncoded.append((p.id, doc.id, p.ordinal, p.label, p.numbered, p.kind, p.section, p.section_title,
                            p.start, p.end, p.parent, a.meeting, a.method, year))
            texts.append(p.text)
        if len(uncoded) >= _CODE_AT_ONCE:
            table.add(uncoded, texts, coder.code_all(texts))
            uncoded, texts = [], []
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
    table.add(uncoded, texts, coder.code_all(texts))
    if progress:
        progress(1.0, f"Read and coded {table.count:,} passages")
    del uncoded, texts
    release_free_memory()  # before the frames are joined, the highest point
    passages, evidence = table.frames()
    del table
    meetings_frame = _meeting_frame(meeting_rows, passages)
    version, text_version = versions(documents, taxonomy, digests)
    model = Model(
        documents=tuple(documents), taxonomy=taxonomy, passages=passages, evidence=evidence,
        meetings=meetings_frame,
        discrepancies=pd.DataFrame(discrepancy_rows, columns=[C.DOCUMENT, C.MEETING, "table_date", "text_date",
                                                              C.PASSAGE_ID, "topic"]),
        skipped=pd.DataFrame(skipped_rows, columns=[C.DOCUMENT, C.START, C.END, "reason"]),
        version=version, text_version=text_version,
    )
    release_free_memory()  # and what joining them freed
    return model


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
TUPLE_COLUMNS = (C.VIEWS, C.SUBVIEWS, C.MISSIONS, C.ACTORS)  # columns holding a tuple of ids per passage
_CODED_COLUMNS = [C.VIEWS, C.SUBVIEWS, C.GAP, C.REMEDY, C.PROGRESS, C.BREADTH, C.MISSIONS, C.ACTORS]
_STORED_COLUMNS = [c for c in _PASSAGE_COLUMNS if c != C.TEXT] + _CODED_COLUMNS  # in _Table's chunks


# text columns with few distinct values (a section's title repeats over its paragraphs): kept as categories
_REPEATED_COLUMNS = (C.SECTION, C.SECTION_TITLE, C.ATTRIBUTION, C.KIND)


def in_one_piece(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each text column held by Arrow in one piece rather than one per chunk it was built in.

    Taking rows from a column in pieces first joins the pieces: at a million passages every search copied
    the 350 MB of texts once more before taking the few it needed.
    """
    for name in frame.columns:
        column = frame[name]
        if not isinstance(column.array, pd.arrays.ArrowStringArray):  # object strings (pandas 2) are one piece
            continue
        data = pa.array(column)
        if isinstance(data, pa.ChunkedArray) and data.num_chunks > 1:
            frame[name] = pd.Series(data.combine_chunks(), dtype=column.dtype, index=column.index, name=name)
    return frame


class _Table:
    """Passages and their evidence, gathered in chunks of columns.

    Equal code tuples are shared (a corpus has few distinct combinations of views), and evidence is kept as
    integer arrays: a million passages hold some fifteen million evidence spans. The texts go straight into
    one buffer of UTF-8 that becomes the text column as it is: joining them from chunks at the end needed
    a second copy of all texts at once (at 10^6 passages, 350 MB at the highest point of building).
    """

    CHUNK = 20_000

    def __init__(self, labels: Sequence[tuple[str, str]]) -> None:
        self.count = 0
        self._rows: list[tuple[object, ...]] = []
        self._chunks: list[pd.DataFrame] = []
        self._labels = labels  # evidence labels: (code, term)
        self._shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._evidence = {name: array("i") for name in ("row", "label", "start", "end")}
        self._text = bytearray()
        self._text_ends = array("q", [0])  # where each text's UTF-8 ends in it (and the first begins)

    def add(self, passages: Sequence[tuple[object, ...]], texts: Sequence[str], codes: Codes) -> None:
        """Passages (their columns up to the year, but the text), their texts and their codes."""
        encoded = [text.encode("utf-8") for text in texts]
        ends = itertools.accumulate(map(len, encoded), initial=len(self._text))
        next(ends)  # where the first begins: the last end already
        self._text_ends.extend(ends)
        self._text += b"".join(encoded)
        share = self._shared.setdefault  # one tuple object for equal codes across documents too
        self._rows += [(*row, share(v, v), share(s, s), gap, remedy, progress, breadth, share(m, m), share(a, a))
                       for row, v, s, gap, remedy, progress, breadth, m, a in zip(
                           passages, codes.views, codes.subviews, codes.gap.tolist(), codes.remedy.tolist(),
                           codes.progress.tolist(), codes.breadth, codes.missions, codes.actors, strict=True)]
        for name, column in (("row", codes.evidence_passage + self.count), ("label", codes.evidence_label),
                             ("start", codes.evidence_start), ("end", codes.evidence_end)):
            self._evidence[name].frombytes(column.astype(np.int32).tobytes())
        self.count += len(passages)
        if len(self._rows) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._chunks.append(pd.DataFrame(self._rows, columns=_STORED_COLUMNS))
            self._rows = []

    def _category(self, labels: np.ndarray, part: int) -> pd.Categorical:
        """The code (part 0) or the term (part 1) of each evidence span, as a categorical column."""
        names = [pair[part] for pair in self._labels]
        used = np.bincount(labels, minlength=len(names)) > 0
        categories = sorted({name for name, is_used in zip(names, used.tolist(), strict=True) if is_used})
        position = {name: i for i, name in enumerate(categories)}
        lookup = np.array([position.get(name, -1) for name in names], dtype=np.int32)
        return pd.Categorical.from_codes(lookup[labels] if len(names) else labels,
                                         categories=pd.Index(categories, dtype=object))

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        self._flush()
        if self._chunks:
            passages = pd.concat(self._chunks, ignore_index=True) if len(self._chunks) > 1 else self._chunks[0]
        else:
            passages = pd.DataFrame(columns=_STORED_COLUMNS)
        self._chunks = []
        text = pa.LargeStringArray.from_buffers(self.count, pa.py_buffer(self._text_ends), pa.py_buffer(self._text))
        passages.insert(_PASSAGE_COLUMNS.index(C.TEXT), C.TEXT, pd.Series(text, dtype="str", index=passages.index))
        passages[C.PARENT] = passages[C.PARENT].astype("float64")  # NaN where a passage has no lead-in
        for column in _REPEATED_COLUMNS:
            passages[column] = passages[column].astype("category")
        passages = in_one_piece(passages)
        ev = {k: np.frombuffer(v, dtype=np.int32) for k, v in self._evidence.items()}
        evidence = pd.DataFrame({
            C.PASSAGE_ID: pd.Categorical.from_codes(ev["row"], categories=pd.Index(passages[C.PASSAGE_ID])),
            "code": self._category(ev["label"], 0), "term": self._category(ev["label"], 1),
            C.START: ev["start"], C.END: ev["end"],
        })
        return passages, evidence


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
