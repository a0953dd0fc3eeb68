"""Splitting a document into passages: numbered paragraphs, lettered items, bullets.

A passage keeps the label printed in the document (``14``, ``14(a)``, or the
full path where numbering restarts, ``II.1.(1)(b)``), its section path
(``II > C > Protection of civilians``) and the raw span it came from. Passages
that carry no printed number are numbered by position within their section
(``I¶2`` for the second unnumbered paragraph of section I, ``Appendix.1.a•3``
for the third bullet under Appendix 1.a) and marked as unnumbered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from gapmodel.blocks import STANDALONE_HEADING, Block, build_blocks, is_front_matter
from gapmodel.pdffile import FOOTNOTE_BLOCK

_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X)\.$")
_HEADER_CELL = re.compile(r"^[A-Za-z][A-Za-z ]{0,30}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Passage:
    """One passage of a document, with where it sits and where it came from."""

    document: str
    ordinal: int  # 1-based position in the document
    label: str
    numbered: bool  # the label is printed in the document
    kind: str  # paragraph | item | bullet | lead-in | table row | footnote
    section: str  # e.g. "II > C > Protection of civilians"
    section_title: str
    text: str
    start: int
    end: int
    parent: int | None = None  # ordinal of the lead-in an item belongs to

    @property
    def id(self) -> str:
        return f"{self.document}:{self.ordinal:03d}"


@dataclass(frozen=True, slots=True)
class TableRow:
    ordinal: int  # the passage the row became
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    section: str
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]


@dataclass(frozen=True, slots=True)
class Skipped:
    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Split:
    passages: tuple[Passage, ...]
    tables: tuple[Table, ...]
    skipped: tuple[Skipped, ...]


@dataclass(slots=True)
class _Node:
    kind: str  # heading | top | item
    type: str
    part: str  # what it adds to a label path ("II", "(1)", "Appendix"), "" if nothing
    title: str
    label: str = ""
    ordinal: int | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def next_position(self, what: str) -> int:
        self.counts[what] = self.counts.get(what, 0) + 1
        return self.counts[what]


def _marker_type(marker: str, last_upper: str) -> str:
    if marker.startswith("("):
        return "(1)" if marker[1].isdigit() else "(a)"
    body = marker[:-1]
    if body.isdigit():
        return "1."
    if body.islower():
        return "a."
    if _ROMAN.match(marker) and not (len(body) == 1 and last_upper and ord(body) == ord(last_upper) + 1):
        return "I."
    return "A."


def _terminated(text: str) -> bool:
    return text.rstrip("”’\"') ").endswith(tuple(".;:!?")) or text.endswith(tuple(".;:!?"))


def _heading_candidate(block: Block) -> bool:
    text = block.text
    return (
        not block.bullet
        and not block.is_table_row
        and bool(text)
        and not _terminated(text)
        and len(text.split()) <= 30
        and not text.startswith("(Signed)")
        and not text[:1].islower()
    )


def _unmarked_type(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    return "H:caps" if letters and all(c.isupper() for c in letters) else "H:mixed"


def join_label(left: str, right: str, *, under_item: bool = False) -> str:
    """Label parts joined as printed: ``II.1.(1)(b)``, ``14(a)``, ``Appendix.1.a•3``.

    An item in brackets follows its paragraph directly (``14(a)``, ``I¶1(a)``);
    under a heading path it follows a dot unless the path ends in a bracket.
    """
    if not left:
        return right
    if right.startswith(("•", "¶")) or (right.startswith("(") and (under_item or left.endswith(")"))):
        return left + right
    return f"{left}.{right}"


class _Splitter:
    def __init__(self, document: str, raw: str) -> None:
        self.document = document
        self.raw = raw
        self.stack: list[_Node] = []
        self.passages: list[Passage] = []
        self.tables: list[Table] = []
        self.skipped: list[Skipped] = []
        self.running = 0
        self.running_leadin = ""
        self.last_upper = ""
        self._rows: list[TableRow] = []
        self._header: tuple[str, ...] = ()
        self._caption = ""

    # -- stack -------------------------------------------------------------
    def _headings(self) -> list[_Node]:
        return [n for n in self.stack if n.kind != "item"]

    def _pop_items(self) -> None:
        while self.stack and self.stack[-1].kind == "item":
            self.stack.pop()

    def _place_heading(self, node: _Node) -> None:
        self._pop_items()
        top = self.stack[-1] if self.stack else None
        if node.type == "H:mixed" and top is not None and top.type == "H:caps":
            self.stack.append(node)
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].type == node.type:
                del self.stack[i:]  # the innermost heading of the same kind is its sibling
                break
        self.stack.append(node)

    def _types_above(self, heading_type: str) -> set[str]:
        """Types of what stays open once a heading of ``heading_type`` is placed."""
        types: list[str] = []
        for n in self.stack:
            if n.kind != "item" and n.type == heading_type:
                break
            types.append(n.type)
        return set(types)

    def section(self) -> tuple[str, str]:
        heads = self._headings()
        parts: list[str] = []
        for i, n in enumerate(heads):
            deeper_marked = any(h.part and h.kind == "heading" for h in heads[i + 1:])
            if n.kind == "heading" and not n.part and len(n.title.split()) > 8 and deeper_marked:
                continue  # a document title above numbered sections adds nothing to the path
            parts.append(n.part or n.title)
        return " > ".join(parts), (heads[-1].title if heads else "")

    def heading_path(self) -> str:
        heads = self._headings()
        label = ""
        for i, n in enumerate(heads):
            if n.kind == "top" and any(h.type == "I." for h in heads[i + 1:]):
                continue  # "Annex" holding the report's own chapters I, II, III is not cited
            if n.part:
                label = join_label(label, n.part)
        return label

    # -- blocks ------------------------------------------------------------
    def run(self, blocks: list[Block]) -> Split:
        content = [b for b in blocks
                   if b.text.strip() and not (not b.marker and not b.bullet and is_front_matter(b.text))]
        for i, block in enumerate(content):
            following = content[i + 1] if i + 1 < len(content) else None
            self._take(block, following)
        self._close_table()
        return Split(tuple(self.passages), tuple(self.tables), tuple(self.skipped))

    def _block_type(self, block: Block) -> str | None:
        if block.is_table_row:
            return "table"
        if STANDALONE_HEADING.match(block.text) and not block.marker:
            return "top"
        if block.marker:
            if self._is_running(block):
                return None
            return _marker_type(block.marker, self.last_upper)
        if block.bullet:
            return "•"
        return _unmarked_type(block.text) if _heading_candidate(block) else None

    def _is_running(self, block: Block) -> bool:
        body = block.marker[:-1]
        return (
            block.marker.endswith(".") and body.isdigit() and not block.bullet
            and int(body) == self.running + 1 and not _heading_candidate(block)
        )

    def _is_heading(self, block: Block, following: Block | None) -> bool:
        if not _heading_candidate(block):
            return False
        if following is None:
            return False
        own = self._block_type(block)
        nxt = self._block_type(following)
        if nxt in (None, "table"):
            return True
        if nxt == "top":
            return False
        if own == "H:caps" and nxt == "H:mixed":
            return True
        return nxt != own and nxt not in self._types_above(own or "")

    def _take(self, block: Block, following: Block | None) -> None:
        if block.is_table_row:
            self._table_row(block)
            return
        self._close_table()
        if note := FOOTNOTE_BLOCK.match(block.text):
            self._footnote(block, note)
            return
        if STANDALONE_HEADING.match(block.text) and not block.marker:
            self.stack = [_Node("top", "top", block.text, block.text)]
            return
        if self._is_heading(block, following):
            self._heading(block)
            return
        self._content(block)

    def _heading(self, block: Block) -> None:
        if block.marker:
            mtype = _marker_type(block.marker, self.last_upper)
            if mtype == "A.":
                self.last_upper = block.marker[0]
            part = block.marker[:-1] if block.marker.endswith(".") else block.marker
            node = _Node("heading", mtype, part, block.text)
        else:
            top = self.stack[-1] if self.stack else None
            if top is not None and top.kind == "top" and top.title == top.part and not top.counts:
                top.title = f"{top.part}: {block.text}"  # the annex's own title
                return
            node = _Node("heading", _unmarked_type(block.text), "", block.text)
        self._place_heading(node)

    def _content(self, block: Block) -> None:
        leadin = block.text.endswith(":")
        if block.marker and self._is_running(block):
            self._pop_items()
            self.running += 1
            self.running_leadin = str(self.running) if leadin else ""
            kind = "lead-in" if leadin else "paragraph"
            passage = self._add(block, str(self.running), True, kind, None)
            if leadin:
                self.stack.append(_Node("item", "running", "", "", passage.label, passage.ordinal))
            return
        if not block.marker and not block.bullet:
            self._pop_items()
            holder = self.stack[-1] if self.stack else None
            position = holder.next_position("¶") if holder else len(self.passages) + 1
            label = join_label(self.heading_path(), f"¶{position}")
            self.running_leadin = ""
            passage = self._add(block, label, False, "lead-in" if leadin else "paragraph", None)
            if leadin:
                self.stack.append(_Node("item", "¶", "", "", passage.label, passage.ordinal))
            return
        self._item(block, leadin)

    def _item(self, block: Block, leadin: bool) -> None:
        mtype = _marker_type(block.marker, self.last_upper) if block.marker else "•"
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].type == mtype and self.stack[i].kind != "top":
                del self.stack[i:]  # a sibling of that item or heading
                break
        items = [n for n in self.stack if n.kind == "item"]
        parent = items[-1] if items else None
        under_item = parent is not None
        holder: _Node | None
        if parent is not None:
            base, holder = parent.label, parent
        else:
            base = self.heading_path()
            if not base and self.running_leadin and block.marker.startswith("("):
                base, under_item = self.running_leadin, True  # (a)-(g) of paragraph 14
            holder = self.stack[-1] if self.stack else None
        if block.marker:
            part = block.marker[:-1] if block.marker.endswith(".") else block.marker
            numbered = True
        else:
            part = f"•{holder.next_position('•') if holder else len(self.passages) + 1}"
            numbered = False
        kind = "lead-in" if leadin else ("bullet" if block.bullet and not block.marker else "item")
        label = join_label(base, part, under_item=under_item)
        passage = self._add(block, label, numbered, kind, parent.ordinal if parent else None)
        self.stack.append(_Node("item", mtype, "", "", passage.label, passage.ordinal))

    def _add(self, block: Block, label: str, numbered: bool, kind: str, parent: int | None) -> Passage:
        section, title = self.section()
        passage = Passage(
            document=self.document, ordinal=len(self.passages) + 1, label=label, numbered=numbered,
            kind=kind, section=section, section_title=title, text=block.text,
            start=block.start, end=block.end, parent=parent,
        )
        self.passages.append(passage)
        return passage

    def _footnote(self, block: Block, note: re.Match[str]) -> None:
        """A footnote, as the PDF reader marks it: a passage of its own labelled ``fn<n>``, its section the one
        whose paragraph it interrupts, its section title the page it was printed on."""
        section = self.section()[0]
        passage = Passage(
            document=self.document, ordinal=len(self.passages) + 1, label=f"fn{note.group(1)}", numbered=True,
            kind="footnote", section=section, section_title=f"page {note.group(2)}", text=block.text[note.end():],
            start=block.start, end=block.end,
        )
        self.passages.append(passage)

    # -- tables ------------------------------------------------------------
    def _table_row(self, block: Block) -> None:
        if not self._rows and not self._header and all(_HEADER_CELL.match(c) for c in block.table_cells):
            self._header = block.table_cells
            self._caption = self.section()[1]
            return
        if not self._header and not self._rows:
            self._caption = self.section()[1]
        self._pop_items()
        label = f"{self.heading_path() or 'Table'} table {len(self.tables) + 1}, row {len(self._rows) + 1}"
        text = " — ".join(block.table_cells)
        passage = self._add(
            Block(start=block.start, end=block.end, text=text, bullet="", marker=""),
            label, False, "table row", None,
        )
        self._rows.append(TableRow(passage.ordinal, block.table_cells))

    def _close_table(self) -> None:
        if self._rows:
            self.tables.append(Table(self._caption, self.section()[0], self._header, tuple(self._rows)))
        self._rows, self._header, self._caption = [], (), ""


def _drop_debris(split: Split, raw: str) -> Split:
    """Leave out annex sections that are the remains of a diagram.

    A flow chart pasted as text leaves hundreds of short fragments between
    blank lines. Such a section (over 100 raw lines, most of them blank, the
    rest short) carries no readable passage, so it is recorded as skipped.
    """
    by_top: dict[str, list[Passage]] = {}
    for p in split.passages:
        top = p.section.split(" > ")[0]
        if STANDALONE_HEADING.match(top.split(":")[0]):
            by_top.setdefault(top, []).append(p)
    drop: set[int] = set()
    skipped = list(split.skipped)
    for top, members in by_top.items():
        start, end = members[0].start, members[-1].end
        lines = raw[start:end].splitlines()
        filled = [ln.strip() for ln in lines if ln.strip()]
        if len(lines) > 100 and (len(lines) - len(filled)) / len(lines) > 0.5 and (
            sum(map(len, filled)) / max(1, len(filled)) < 40
        ):
            drop.update(p.ordinal for p in members)
            skipped.append(Skipped(start, end, f"{top}: diagram residue, not prose"))
    if not drop:
        return split
    kept = [p for p in split.passages if p.ordinal not in drop]
    renumber = {p.ordinal: i for i, p in enumerate(kept, start=1)}
    passages = tuple(
        replace(p, ordinal=renumber[p.ordinal], parent=renumber.get(p.parent) if p.parent else None) for p in kept
    )
    tables = tuple(
        Table(t.caption, t.section, t.header,
              tuple(TableRow(renumber[r.ordinal], r.cells) for r in t.rows if r.ordinal in renumber))
        for t in split.tables
    )
    return Split(passages, tables, tuple(skipped))


def split_passages(document: str, raw: str) -> Split:
    """Passages, tables and skipped spans of one document's raw text."""
    split = _Splitter(document, raw).run(build_blocks(raw))
    return _drop_debris(split, raw)
