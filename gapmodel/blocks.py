"""From a document's raw text to cleaned blocks that remember where they came from.

The reports arrive with residue of the tools that made them: markdown and HTML
marks, running page heads ("2 SUMMARY REPORT"), hard-wrapped lines, paragraphs
and words split across page breaks, tab-separated tables. This module turns the
raw text into a list of :class:`Block` (one paragraph, item, heading or table
row each) whose ``start``/``end`` are offsets into the raw text, so a passage
can always be cited and highlighted in the original.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass

# A marker at the start of a line: 12. / (a) / (1) / a. / I. / A. / - / • / *
MARKER_RE = re.compile(
    r"^(?:(?P<bullet>[-•*▪◦])\s+)?"
    r"(?:(?P<marker>\((?:[a-z]|[1-9]\d?)\)|(?:[IVX]{1,4}|[A-Z]|[a-z]|[1-9]\d{0,2})\.)(?=\s|$))?"
)
_TERMINAL = tuple(".;:!?")
_HTML_TAG = re.compile(r"</?(?:i|b|em|strong|u|sup|sub|span|p|br)\b[^>]*>", re.IGNORECASE)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_EMPHASIS = re.compile(r"\*{1,3}|(?<![A-Za-z0-9])_{1,2}(?=\S)|(?<=\S)_{1,2}(?![A-Za-z0-9])")
_HEADING_HASHES = re.compile(r"^#{1,6}\s*")
_SPACES = re.compile(r"[ \t]+")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_RUNNING_HEAD = re.compile(r"(?:^|(?<=[a-z]))(\d{1,3})\s?([A-Z][A-Z'’]+(?: [A-Z][A-Z'’]+){1,5})\s*$")
STANDALONE_HEADING = re.compile(r"^(?:Annex|Appendix|Attachment|Enclosure)(?: [IVX]{1,4}| \d{1,2})?$")
_FRONT_MATTER = re.compile(
    r"^(?:Distr\.:?.*|Original:.*|Security Council|General Assembly|United Nations|"
    r"(?:\d{1,2} )?(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|"
    r"NOVEMBER|DECEMBER),? \d{4})$"
)


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    raw: str
    text: str  # cleaned
    table: bool
    page_head: bool  # the line was only a running page head


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """A paragraph, item, heading or table row: cleaned text and its raw span."""

    start: int
    end: int
    text: str
    bullet: str  # "-" or "•" when the block was a bullet, else ""
    marker: str  # "12.", "(a)", "a.", "I." ... or ""
    table_cells: tuple[str, ...] = ()

    @property
    def is_table_row(self) -> bool:
        return bool(self.table_cells)


def clean_inline(text: str) -> str:
    """Markdown and HTML residue out of one line; the words stay."""
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = _HTML_TAG.sub("", text)
    text = text.strip()
    if text.startswith("#"):
        text = _HEADING_HASHES.sub("", text)
    if "*" in text or "_" in text:  # the emphasis pattern is slow: most lines have neither mark
        text = _EMPHASIS.sub("", text)
    text = text.replace("\u00a0", " ")
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def _ends_in_capital(cleaned: str) -> bool:
    """Only a line ending in a capital (or an apostrophe) can end in a running head."""
    tail = cleaned.rstrip()[-1:]
    return bool(tail) and (tail.isupper() or tail in "'’")


def _running_head(cleaned: str) -> re.Match[str] | None:
    return _RUNNING_HEAD.search(cleaned) if _ends_in_capital(cleaned) else None


def running_heads(cleaned_lines: list[str]) -> set[str]:
    """Upper-case page heads such as 'SUMMARY REPORT' that recur with a page number (in cleaned lines)."""
    seen: Counter[str] = Counter()
    for cleaned in cleaned_lines:
        m = _running_head(cleaned)
        if m:
            seen[m.group(2)] += 1
    return {head for head, count in seen.items() if count >= 2}


def read_lines(raw: str) -> list[Line]:
    """Split raw text into cleaned lines with their raw offsets."""
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        spans.append((pos, pos + len(body), body))
        pos += len(piece)
    cleaned = [clean_inline(s[2]) for s in spans]
    heads = running_heads(cleaned)
    head_re = (
        re.compile(r"(?:^|(?<=[a-z]))\d{1,3}\s?(?:" + "|".join(map(re.escape, sorted(heads))) + r")\s*$")
        if heads
        else None
    )
    lines: list[Line] = []
    for (start, end, body), text in zip(spans, cleaned, strict=True):
        table = body.startswith("\t") or body.count("\t") >= 2
        if table and not body.strip():
            text = ""
        page_head = False
        if head_re is not None and _ends_in_capital(text) and head_re.search(text):
            text = head_re.sub("", text).rstrip()
            page_head = not text
        if _RULE.match(text) or text in {"-", "•", "*", "▪"}:
            text = ""
        lines.append(Line(start, end, body, text, table, page_head))
    return lines


def _starts_item(text: str) -> bool:
    m = MARKER_RE.match(text)
    return bool(m and (m.group("bullet") or m.group("marker")))


def _split_marker(text: str) -> tuple[str, str, str]:
    """(bullet, marker, rest) of a block's text."""
    m = MARKER_RE.match(text)
    if not m:
        return "", "", text
    return m.group("bullet") or "", m.group("marker") or "", text[m.end():].strip()


def group_lines(lines: list[Line]) -> list[list[Line]]:
    """Lines into groups: blank lines and item markers start a new group.

    A table row is one group: either one line of tab-separated cells, or
    consecutive tab-led lines (one cell each, a following untabbed line
    continuing the last cell) up to a blank line.
    """
    groups: list[list[Line]] = []
    current: list[Line] = []
    in_row = False

    def close() -> None:
        nonlocal current, in_row
        if current:
            groups.append(current)
        current, in_row = [], False

    for line in lines:
        if line.page_head:
            continue
        if line.table:
            if line.raw.strip() and "\t" in line.raw.strip("\t"):
                close()
                groups.append([line])
                continue
            if not in_row:
                close()
                in_row = True
            if line.text:
                current.append(line)
            continue
        if not line.text:
            close()
            continue
        if in_row:
            current.append(line)  # a wrapped cell
            continue
        if STANDALONE_HEADING.match(line.text):
            close()
            groups.append([line])
            continue
        bare_marker = len(current) == 1 and _split_marker(current[0].text)[2] == ""
        if current and _starts_item(line.text) and not bare_marker:
            close()
        current.append(line)
    close()
    return [g for g in groups if g]


def _row_cells(group: list[Line]) -> tuple[str, ...]:
    if len(group) == 1 and "\t" in group[0].raw.strip("\t"):
        return tuple(c for c in (clean_inline(c) for c in group[0].raw.split("\t")) if c)
    cells: list[str] = []
    for line in group:
        if line.table:
            cells.append(line.text)
        elif cells:
            cells[-1] = f"{cells[-1]} {line.text}"
    return tuple(c for c in cells if c)


class _Vocabulary:
    """Words of the document, leaving out fragments that follow a line-end hyphen: read from the whole text
    the first time a hyphen at a line end needs them (a quarter of the splitting time of a document without
    one)."""

    def __init__(self, raw: str) -> None:
        self._raw = raw
        self._words: set[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            whole = re.sub(r"-[ \t]*\r?\n\s*[a-z]+", "-", self._raw)
            self._words = set(map(str.lower, re.findall(r"[A-Za-z]+", whole)))
        return word in self._words


def _hyphen_merges(previous: str, following: str, vocabulary: _Vocabulary) -> bool:
    """ "shortcom-" + "ings" is one word when the document writes "shortcomings"
    elsewhere; "police-" + "contributing" and "well-" + "prepared" keep the hyphen."""
    stem = previous[:-2] if previous.endswith("-\n") else previous[:-1] if previous.endswith("-") else ""
    head = stem[len(stem.rstrip(string.ascii_letters)):]  # the letters just before the hyphen
    if not head:
        return False
    tail = re.match(r"[a-z]+", following)
    return bool(tail and (head + tail.group(0)).lower() in vocabulary)


def _join(lines: list[Line], vocabulary: _Vocabulary) -> str:
    text = ""
    for line in lines:
        piece = line.text
        if not text:
            text = piece
        elif _hyphen_merges(text, piece, vocabulary):
            text = text[:-1] + piece
        elif text.endswith("-") and piece[:1].islower():
            text += piece
        else:
            text += " " + piece
    return " ".join(text.split())  # white space as one blank (str.split's white space is the regex \s)


def _terminated(text: str) -> bool:
    stripped = text.rstrip("”’\"') ")
    return stripped.endswith(_TERMINAL) or text.endswith(_TERMINAL)


def _continues(previous: Block, bullet: str, marker: str, rest: str, glued: bool) -> bool:
    """Is the new group the rest of ``previous``, split by a page break?

    A paragraph cut mid-sentence goes on in lower case ("was raised by" /
    "participants as..."); a bullet cut the same way even repeats its dash.
    """
    if previous.is_table_row or _terminated(previous.text) or marker:
        return False
    if glued:
        return True
    return rest[:1].islower() or (not bullet and previous.text.endswith((",", "-")))


def build_blocks(raw: str) -> list[Block]:
    """The document as blocks: page breaks healed, residue gone, offsets kept."""
    lines = read_lines(raw)
    vocabulary = _Vocabulary(raw)
    blocks: list[Block] = []
    glued = False
    for group in group_lines(lines):
        first, last = group[0], group[-1]
        start = first.start + (len(first.raw) - len(first.raw.lstrip()))
        end = last.start + len(last.raw.rstrip())
        if first.table:
            cells = _row_cells(group)
            if not cells:
                continue
            blocks.append(Block(start=start, end=end, text=" | ".join(cells), bullet="",
                                marker="", table_cells=cells))
            glued = False
            continue
        text = _join(group, vocabulary)
        bullet, marker, rest = _split_marker(text)
        previous = blocks[-1] if blocks else None
        if previous is not None and _continues(previous, bullet, marker, rest, glued):
            if glued:
                joined = previous.text + rest
            elif _hyphen_merges(previous.text, rest, vocabulary):
                joined = previous.text[:-1] + rest
            else:
                joined = previous.text + " " + rest
            blocks[-1] = Block(start=previous.start, end=end, text=joined,
                               bullet=previous.bullet, marker=previous.marker)
        else:
            blocks.append(Block(start=start, end=end, text=rest, bullet=bullet, marker=marker))
        # "burden4 SUMMARY REPORT" / "some-too often": the word goes on after the page head.
        glued = last.text != clean_inline(last.raw) and last.text[-1:].isalpha()
    return blocks


def is_front_matter(text: str) -> bool:
    """Distribution lines, bare dates and the organ's name at the top of a UN document."""
    return bool(_FRONT_MATTER.match(text))

