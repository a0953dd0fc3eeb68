"""Text out of a PDF as its reader sees it: the UN document's layout taken apart.

PDF text is lines on pages, with no paragraphs. A UN document adds what no reader reads as text:
a running head (the symbol, ``S/2017/134``), a running foot (the job number and the page,
``17-02205 4/15``), on its first page the masthead's codes, a barcode and "Please recycle"; footnotes at
the foot of a page, often in the middle of a paragraph that goes on over the page; words broken at line
ends; tables whose cells PDF gives column by column. This module reads each character's box and size
(PDFium, through ``pypdfium2``) and returns the text as the embedded reports are written: one paragraph
per block, separated by blank lines, a paragraph's number as printed at its start, table rows with their
cells separated by tabs, and footnotes as blocks of their own (``[^3]: text``, see
:data:`FOOTNOTE_BLOCK`), after the paragraph they interrupt.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from gapmodel.blocks import is_front_matter

Progress = Callable[[float, str], None]

# A footnote as the passage splitter reads it: its number, and the page it was printed on.
FOOTNOTE_BLOCK = re.compile(r"^\[\^(\d{1,3})\]: \(page (\d{1,4})\) ")

_MARKER = re.compile(
    r"^(?:\d{1,3}\.(?:\d{1,2}\.?)*|\([a-z]{1,4}\)|\([ivx]{1,6}\)|[a-z]\)|[IVX]{1,5}\.|[A-H]\.|[•▪–-])\s")
_TERMINAL = ".:;!?)”\""
_SOFT_HYPHENS = "\u00ad\u2010"  # printed where a justified line broke a word: not part of the word
# PDFium's stand-ins: a printed hyphen where a line breaks (\x02), a non-breaking hyphen, a glyph it cannot map
_UNMAPPED = {"\x02": "-", "\ufffe": "-", "\ufffd": ""}
_FURNITURE = re.compile(  # a whole line that only a printer's layout puts there
    r"(?:[A-Z]{1,3}/)+[\w./-]+"  # the document symbol alone: S/2017/134, A/70/95-S/2015/446
    r"|\d{2}-\d{5}(?:\s*\(E\))?(?:\s+\d{6})*(?:\s+\*\d{5,}\*)?(?:\s+\d{1,4}\s*/\s*\d{1,4})?(?:\s+Please recycle)?"
    r"|\d{1,4}\s*/\s*\d{1,4}(?:\s+\d{2}-\d{5}(?:\s*\(E\))?)?"  # the page as x/y, with the job number after it
    r"|\*\s*(?:\d\s*){5,}\*(?:\s+Please recycle)?(?:\s*\u267b)?|(?:\u267b\s*)?Please recycle(?:\s*\u267b)?"  # barcode
    r"|United Nations\s+(?:[A-Z]{1,3}/)+\S+"  # the masthead's first line
    r"|(?:Page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?|[-–]\s*\d{1,4}\s*[-–]",  # a page number: 4, Page 4 of 9, - 4 -
    re.IGNORECASE)


class TooLong(Exception):
    """A PDF with more pages or text than any report (it says which, to end a sentence naming the file)."""


@dataclass(frozen=True, slots=True)
class PdfLine:
    """One printed line: its text (cells of a table row separated by tabs), where it sits (points from the
    page's bottom left) and its type size."""

    page: int
    text: str
    left: float
    bottom: float
    size: float
    cells: tuple[float, ...] = ()  # the left of each tab-separated cell (a table row's line)
    right: float = 0.0  # where the line's last character ends
    ends: tuple[float, ...] = ()  # where each tab-separated cell ends (numbers in a table align on the right)


def read_lines(data: bytes, progress: Progress | None = None, password: str | None = None) -> list[list[PdfLine]]:
    """Every page's printed lines, top to bottom. Raises ``pypdfium2.PdfiumError`` on a file PDFium cannot
    open (damaged, or protected by a password)."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    document = pdfium.PdfDocument(data, password=password)
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise TooLong(f"has {count:,} pages, more than the {MAX_PAGES:,} this app reads")
        pages = []
        characters = 0
        for number in range(count):
            page = document[number]
            text_page = page.get_textpage()
            try:
                characters += text_page.count_chars()
                if characters > MAX_CHARACTERS:
                    raise TooLong(f"holds more than {MAX_CHARACTERS:,} characters of text")
                pages.append(_page_lines(number + 1, text_page))
            finally:
                text_page.close()
                page.close()
            if progress:
                progress((number + 1) / max(count, 1), f"Reading page {number + 1} of {count}")
        return pages
    finally:
        document.close()


MAX_PAGES = 3_000  # more than any report; a file with more is refused before it is read
MAX_CHARACTERS = 6_000_000  # characters of text in all (some 2,000 pages of dense text): reading them takes a minute


@dataclass(frozen=True, slots=True)
class _Char:
    """A printed character and its box on the page (the font's full height, so every character of one size in
    one line has the same box height: its type size)."""

    char: str
    left: float
    bottom: float
    right: float
    top: float

    @property
    def size(self) -> float:
        return self.top - self.bottom

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _characters(text_page: object) -> list[list[_Char]]:
    """The page's printed characters, in the runs PDFium reads as lines (its order follows columns and reading
    order; a run can hold characters printed elsewhere, which :func:`_fragments` sorts out)."""
    import pypdfium2.raw as raw  # type: ignore[import-untyped]

    handle = text_page.raw  # type: ignore[attr-defined]
    count = int(raw.FPDFText_CountChars(handle))
    runs: list[list[_Char]] = [[]]
    index = 0
    while index < count:
        code = int(raw.FPDFText_GetUnicode(handle, index))
        generated = raw.FPDFText_IsGenerated(handle, index) == 1
        width = 1
        if 0xD800 <= code <= 0xDBFF and index + 1 < count:  # a character beyond 16 bits, in two halves
            low = int(raw.FPDFText_GetUnicode(handle, index + 1))
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) if 0xDC00 <= low <= 0xDFFF else 0xFFFD
            width = 2
        char = chr(code) if code < 0xD800 or code > 0xDFFF else "\ufffd"
        if generated and char in "\r\n":
            if runs[-1]:
                runs.append([])
        elif not generated and not char.isspace() and code:
            left, bottom, right, top = text_page.get_charbox(index, loose=True)  # type: ignore[attr-defined]
            if top > bottom:
                runs[-1].append(_Char(_UNMAPPED.get(char, char), left, bottom, right, top))
        index += width
    return [run for run in runs if run]


def _fragments(runs: list[list[_Char]]) -> list[list[_Char]]:
    """Lines of characters that share a baseline, in PDFium's order: each run is split where it changes line
    (a number placed beside its paragraph can come in a run of its own, or at the end of another), and a short
    fragment joins the line it sits on (within three letters of it, on the same baseline)."""
    pieces: list[list[_Char]] = []
    misplaced: list[bool] = []  # split off a run printed elsewhere, or a paragraph's number standing alone
    for run in runs:
        piece = [run[0]]
        line = run[0]  # the piece's main character: where its baseline is
        split = False
        for char in run[1:]:
            raised = char.size < 0.8 * line.size and char.middle > line.middle  # a reference mark
            if not raised and abs(char.middle - line.middle) > 0.45 * max(char.size, line.size):
                pieces.append(piece)
                misplaced.append(True)
                piece, split, line = [], True, char
            elif char.size > line.size:
                line = char
            piece.append(char)
        pieces.append(piece)
        alone = "".join(c.char for c in piece)
        misplaced.append(split or bool(_MARKER.match(alone + " ")) or (alone.isdigit() and len(alone) <= 3))
    pieces, misplaced = _consecutive(pieces, misplaced)
    kept = [True] * len(pieces)
    for i, piece in enumerate(pieces):
        if len(piece) > 8 or not misplaced[i]:
            continue
        middle = statistics.median(c.middle for c in piece)
        left, right = min(c.left for c in piece), max(c.right for c in piece)
        size = max(c.size for c in piece)
        for j, other in enumerate(pieces):
            if j == i or not kept[j] or len(other) <= len(piece):
                continue
            if abs(statistics.median(c.middle for c in other) - middle) > 0.45 * size:
                continue
            other_left, other_right = min(c.left for c in other), max(c.right for c in other)
            if -size < other_left - right < 3 * size or -size < left - other_right < 3 * size:
                other.extend(piece)
                kept[i] = False
                break
    return [sorted(piece, key=lambda c: c.left) for piece, keep in zip(pieces, kept, strict=True) if keep]


def _consecutive(pieces: list[list[_Char]], misplaced: list[bool]) -> tuple[list[list[_Char]], list[bool]]:
    """Pieces that follow each other on one baseline, side by side, joined: PDFium breaks a line where a
    reference mark is printed ("victims.²" and "Armed groups ..." on one line)."""
    out: list[list[_Char]] = []
    flags: list[bool] = []
    for piece, flag in zip(pieces, misplaced, strict=True):
        if out:
            last = out[-1]
            size = max(c.size for c in last)
            gap = min(c.left for c in piece) - max(c.right for c in last)
            base = _base(last)
            mark = max(c.size for c in piece) < 0.8 * size and 0 <= _base(piece) - base < size  # raised, smaller
            if (mark or abs(_base(piece) - base) < 0.3 * size) and -0.5 * size < gap < 1.5 * size:
                last.extend(piece)
                continue
        out.append(piece)
        flags.append(flag)
    return out, flags


def _base(piece: Sequence[_Char]) -> float:
    """The baseline of a piece's characters in its largest type (a reference mark sits higher)."""
    size = max(c.size for c in piece)
    return statistics.median(c.bottom for c in piece if c.size >= 0.8 * size)


def _page_lines(number: int, text_page: object) -> list[PdfLine]:
    return _cells([_line(number, piece) for piece in _rows(_fragments(_characters(text_page)))])


def _rows(pieces: list[list[_Char]]) -> list[list[_Char]]:
    """Pieces on one baseline in one type size, one of them short (a date, a number, a word that wrapped in
    a cell), read as one row of a table: PDFium can give a row's cells as lines of their own. Long lines side
    by side stay apart (two columns of text)."""
    groups: list[list[list[_Char]]] = []
    measures: list[tuple[float, float]] = []  # each group's baseline and type size
    group_of: list[int] = []
    for piece in pieces:
        size = statistics.median(c.size for c in piece)
        base = statistics.median(c.bottom for c in piece)
        found = next((g for g in range(len(groups) - 1, max(-1, len(groups) - 60), -1)
                      if abs(measures[g][0] - base) < 0.25 * size and abs(measures[g][1] - size) < 0.1 * size), None)
        if found is None:
            groups.append([])
            measures.append((base, size))
            found = len(groups) - 1
        groups[found].append(piece)
        group_of.append(found)
    out: list[list[_Char]] = []
    placed: set[int] = set()
    for piece, g in zip(pieces, group_of, strict=True):
        members = groups[g]
        joined = len(members) > 1 and any(len(m) <= 12 for m in members) and not any(
            _touches(a, b, measures[g][1]) for k, a in enumerate(members) for b in members[k + 1:])
        if not joined:
            out.append(piece)
        elif g not in placed:
            placed.add(g)
            out.append(sorted((c for m in members for c in m), key=lambda c: c.left))
    return out


def _touches(row: Sequence[_Char], piece: Sequence[_Char], size: float) -> bool:
    """Whether a piece overlaps a row or stands within a third of an em of it (then it is not another cell)."""
    left, right = min(c.left for c in piece), max(c.right for c in piece)
    return any(c.left - 0.3 * size < right and left < c.right + 0.3 * size for c in row)


_GAP = "\x1f"  # a gap wide enough to part two cells of a table, until the page shows whether it does


def _line(number: int, chars: Sequence[_Char]) -> PdfLine:
    """A line from its characters, left to right: a space where they stand apart; superscript reference marks
    (smaller, raised digits after the line's start) dropped; a gap of more than 0.7 em that is also far wider
    than the line's narrowest space (a justified line spaces its words evenly), or any such gap in a line of a
    few words (a table's header), marked as a possible border between two cells (see :func:`_cells`)."""
    size = statistics.median(c.size for c in chars)
    base = statistics.median(c.bottom for c in chars)
    gaps = [b.left - a.right for a, b in zip(chars, chars[1:], strict=False)]
    spaces = [g for g in gaps if g > 0.12 * size]
    usual = min(spaces) if spaces else 0.0  # a justified line stretches all its spaces alike
    few_words = len(spaces) <= 2
    out: list[str] = []
    cells = [chars[0].left]
    ends: list[float] = []
    leading = True  # in the run of characters the line starts with (a footnote's number, however small)
    for k, char in enumerate(chars):
        if k:
            gap = gaps[k - 1]
            if gap > 0.7 * size and (few_words or gap > 2.5 * usual):
                out.append(_GAP)
                cells.append(char.left)
                ends.append(chars[k - 1].right)
            elif gap > 0.12 * size and out and out[-1] not in (" ", _GAP):
                out.append(" ")
            leading = leading and gap <= 0.12 * size
        if not leading and char.char.isdigit() and char.size < 0.8 * size and char.bottom > base + 0.1 * size:
            continue  # a footnote's reference mark in the text
        out.append(char.char)
    right = max(c.right for c in chars)
    text = "".join(out)
    while text.endswith((" ", _GAP)):  # a dropped reference mark can leave a space, or a gap, at the end
        if text.endswith(_GAP):
            cells.pop()
            ends.pop()
        text = text[:-1]
    return PdfLine(number, text, cells[0], base, size, tuple(cells), right, (*ends, right))


def _cells(lines: Sequence[PdfLine]) -> list[PdfLine]:
    """A page's lines with their wide gaps decided: a gap parts two cells of a table where the word after it
    starts where at least two other lines of the page start a line or a cell, or the cell after it ends where
    two other cells end (a table's columns line up, on the left or, for numbers, on the right);
    elsewhere it is a space (a justified line of a few long words). A number hanging left of its paragraph
    is never a cell of its own."""
    starts = Counter(round(x) for line in lines for x in (line.cells or (line.left,)))
    ends = Counter(round(x) for line in lines if len(line.ends) > 1 for x in line.ends[1:])  # cells after a gap
    out = []
    for line in lines:
        pieces = line.text.split(_GAP)
        lefts = line.cells or (line.left,)
        rights = line.ends[1:] if len(line.ends) == len(lefts) else (0.0,) * (len(lefts) - 1)
        text, cells = pieces[0], [lefts[0]]
        for left, end, piece in zip(lefts[1:], rights, pieces[1:], strict=False):
            aligned = (sum(starts[round(left) + d] for d in (-2, -1, 0, 1, 2)) >= 3
                       or sum(ends[round(end) + d] for d in (-1, 0, 1)) >= 3)  # right-aligned numbers
            hanging = len(cells) == 1 and len(text) <= 6 and _MARKER.match(text + " ")
            if aligned and not hanging:
                text += "\t" + piece
                cells.append(left)
            else:
                text += " " + piece
        out.append(replace(line, text=text, cells=tuple(cells) if len(cells) > 1 else ()))
    return out


def drop_furniture(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """The pages without their running heads and feet, masthead codes, barcodes and "Please recycle": lines at
    the top or foot of a page that are only furniture (a symbol, a job number, a page number), or that come
    back, digits aside, on many pages in smaller type than the text."""
    body = _body_size(pages)
    edges = Counter(_shape(line.text) for page in pages for line in _edge_lines(page))
    often = {shape for shape, n in edges.items() if n >= max(3, len(pages) // 3)}
    kept = []
    for page in pages:
        edge = {id(line) for line in _edge_lines(page)}
        kept.append([line for line in page if not (id(line) in edge and (
            _FURNITURE.fullmatch(line.text.strip()) or (
                _shape(line.text) in often and line.size < 0.95 * body and not _NOTE_START.match(line.text))))])
    return kept


def _edge_lines(page: Sequence[PdfLine]) -> list[PdfLine]:
    """The two lines nearest the top of the page and the two nearest its foot, and every line in smaller type
    above or below the page's text (a first page's foot holds the job number, a barcode, "Please recycle")."""
    ordered = sorted(page, key=lambda line: -line.bottom)
    sizes = sorted(line.size for line in page)
    text = sizes[len(sizes) // 2] if sizes else 0.0
    body = [i for i, line in enumerate(ordered) if line.size >= 0.95 * text]
    outside = [line for i, line in enumerate(ordered)
               if body and (i < body[0] or i > body[-1]) and line.size < 0.95 * text]
    return list({id(line): line for line in [*ordered[:2], *ordered[-2:], *outside]}.values())


def _shape_free(text: str) -> str:
    """A furniture line as shown: its page number (x/y) left out, so one line stands for all pages."""
    return re.sub(r"(?:^|\s)\d{1,4}\s*/\s*\d{1,4}$", "", text.strip()).strip()


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())


def _body_size(pages: Sequence[Sequence[PdfLine]]) -> float:
    """The type size most of the text is set in."""
    sizes = Counter(round(line.size, 1) for page in pages for line in page for _ in line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def pdf_text(data: bytes, progress: Progress | None = None, password: str | None = None
             ) -> tuple[str, int, tuple[str, ...]]:
    """The document's text (see the module docstring), its number of pages, and its page furniture: each
    distinct line that was taken away (the symbol, the job number...), in order."""
    printed = read_lines(data, progress, password)
    pages = drop_furniture(printed)
    kept = {id(line) for page in pages for line in page}
    furniture = tuple(dict.fromkeys(_shape_free(line.text) for page in printed for line in page
                                    if id(line) not in kept))
    body = _body_size(pages)
    spacing = _line_spacing(pages, body)
    bottom = _text_bottom([_footnotes(page, body)[0] for page in pages])
    blocks: list[list[PdfLine]] = []
    notes: dict[int, list[str]] = {}  # footnotes, by the block they follow
    ended_in_notes = False
    for page in pages:
        text_lines, footnotes = _footnotes(page, body)
        for n, group in enumerate(_groups(text_lines, spacing, body)):
            if n == 0 and blocks and (ended_in_notes or blocks[-1][-1].bottom <= bottom + 3.5 * spacing) and \
                    _continues(blocks[-1], group[0]):
                blocks[-1] = blocks[-1] + group
            else:
                blocks.append(group)
        if footnotes:
            notes.setdefault(len(blocks) - 1, []).extend(footnotes)
        ended_in_notes = bool(footnotes)
    vocabulary = _vocabulary(blocks)
    out: list[str] = []
    for i, block in enumerate(blocks):
        out.append(_table(block) if block[0].cells else _paragraph(block, vocabulary))
        out.extend(notes.get(i, []))
    return "\n\n".join(out), len(pages), furniture


def _text_bottom(pages: Sequence[Sequence[PdfLine]]) -> float:
    """Where the text of a full page ends: the usual height of each page's last line (a paragraph goes on over
    the page only from there; one that ends higher up, as a letter's signature does, is complete)."""
    lows = sorted(min(line.bottom for line in page) for page in pages if page)
    return lows[len(lows) // 2] if lows else 0.0


def _line_spacing(pages: Sequence[Sequence[PdfLine]], body: float) -> float:
    """The usual distance between the baselines of two lines of one paragraph."""
    gaps = [a.bottom - b.bottom for page in pages for a, b in zip(page, page[1:], strict=False)
            if abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5 and 0 < a.bottom - b.bottom < 3 * body]
    return statistics.median(gaps) if gaps else 1.2 * body


_NOTE_START = re.compile(r"^(\d{1,3})[\s\t]+(.*)$")  # a footnote's number, then its text


def _footnotes(page: list[PdfLine], body: float) -> tuple[list[PdfLine], list[str]]:
    """The page's lines of text, and its footnotes (``[^n]: (page p) text``): the lines in smaller type below
    the last line of text, each footnote starting with its number."""
    ordered = sorted(page, key=lambda line: (-round(line.bottom), line.left))  # to find the foot, not to read
    last_text = max((i for i, line in enumerate(ordered) if line.size >= 0.95 * body), default=-1)
    foot = ordered[last_text + 1:]
    if (last_text < 0 or not foot or not _NOTE_START.match(foot[0].text)
            or any(line.text.count("\t") > (1 if _NOTE_START.match(line.text) else 0) for line in foot)):
        return list(page), []
    notes: list[list[str]] = []
    for line in foot:
        start = _NOTE_START.match(line.text)
        if start and (not notes or line.left <= foot[0].left + 1):
            notes.append([f"[^{start.group(1)}]: (page {line.page})", start.group(2)])
        else:
            notes[-1].append(line.text)
    in_foot = {id(line) for line in foot}
    return [line for line in page if id(line) not in in_foot], [_joined([*n[:1], _joined(n[1:], set())], set())
                                                               for n in notes]


def _groups(lines: Sequence[PdfLine], spacing: float, body: float = 0.0) -> list[list[PdfLine]]:
    """A page's lines grouped into blocks: a paragraph or heading ends where the space between lines grows
    or a line starts with a number hanging left of the text; a table is the run of lines whose cells line
    up in columns, and their continuation lines."""
    groups: list[list[PdfLine]] = []
    rights = sorted(line.right for line in lines if not line.cells)
    full = rights[int(len(rights) * 0.8)] if len(rights) >= 5 else 0.0  # where a full line of text ends
    for line in lines:
        previous = groups[-1][-1] if groups else None
        if previous is None:
            groups.append([line])
            continue
        gap = previous.bottom - line.bottom
        in_table = bool(groups[-1][0].cells)
        if in_table and gap < 2.2 * spacing and abs(line.size - groups[-1][0].size) < 0.5:
            groups[-1].append(line)
        elif line.cells or _breaks(previous, line, gap, spacing * _scale(previous, line, body), full):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _scale(previous: PdfLine, line: PdfLine, body: float) -> float:
    """Lines in larger type (a title over two lines) stand further apart: the usual spacing grows with them."""
    if body <= 0 or abs(previous.size - line.size) > 0.1 * line.size:
        return 1.0
    return max(1.0, line.size / body)


def _breaks(previous: PdfLine, line: PdfLine, gap: float, spacing: float, full: float) -> bool:
    """Whether a line starts a new block: more space above it than between the lines of a paragraph (unless a
    sentence runs on into it: a taller glyph can push one line down); a number hanging left of the text, or
    after a sentence's end; a line after one that stops well short of a full line (a paragraph's last line,
    a heading, a signature), unless a sentence runs on; a line of the masthead."""
    ended = previous.text.rstrip().endswith(tuple(_TERMINAL))
    runs_on = line.text[:1].islower() and not ended
    first_word = len(line.text.split(" ", 1)[0])
    short = full > 0 and previous.right + 0.55 * line.size * (first_word + 1) < full  # the next word would have fitted
    return (gap > (2.2 if runs_on else 1.3) * spacing or gap < -0.5 * spacing
            or is_front_matter(line.text) or is_front_matter(previous.text)
            or bool(_MARKER.match(line.text) and (line.left < previous.left - 4 or ended or short))
            or (short and not runs_on))


def _continues(block: list[PdfLine], first: PdfLine) -> bool:
    """Whether a page's first line goes on with the paragraph the previous page ended in."""
    if block[0].cells or first.cells or _MARKER.match(first.text):
        return False
    last = block[-1].text.rstrip()
    return not last.endswith(tuple(_TERMINAL)) or first.text[:1].islower()


def _vocabulary(blocks: Sequence[Sequence[PdfLine]]) -> set[str]:
    """Every word the document prints, lower case: a word broken at a line end by a hyphen is joined without
    it when the document prints it whole elsewhere ("peace-" and "keeping" where "peacekeeping" is printed)."""
    return {w.lower() for block in blocks for line in block for w in re.findall(r"[^\W\d_]+", line.text)}


def _paragraph(block: Sequence[PdfLine], vocabulary: set[str]) -> str:
    return _joined([line.text for line in block], vocabulary)


def _joined(texts: Sequence[str], vocabulary: set[str]) -> str:
    """Lines run together: a word broken by a soft hyphen is whole again, one broken at a printed hyphen
    stays hyphenated unless the document prints it whole elsewhere."""
    out = ""
    for text in texts:
        text = text.strip()
        if not out:
            out = text
        elif out[-1] in _SOFT_HYPHENS and text[:1].isalpha():
            out = out[:-1] + text
        elif out.endswith("-") and text[:1].isalpha() and not re.match(r"(?:and|or|to|nor)\b", text):
            head = re.search(r"([^\W\d_]+)-$", out)
            tail = re.match(r"[^\W\d_]+", text)
            whole = text[:1].islower() and head and tail and (head.group(1) + tail.group()).lower() in vocabulary
            out = (out[:-1] if whole else out) + text  # "Under-" "Secretary-General": the hyphen stays
        else:
            out = f"{out} {text}"
    return out.replace("\u00ad", "")


def _table(block: Sequence[PdfLine]) -> str:
    """A table's rows, one line each, cells separated by tabs. PDF gives a row's cells column by column and
    each cell line by line: a row starts where a line begins in the first column; every other line joins
    the cell of the column it starts in."""
    block = sorted(block, key=lambda line: (-round(line.bottom, 1), line.left))  # PDF may give cells in any order
    starts = sorted({round(x) for line in block for x in (line.cells or (line.left,))})
    columns: list[float] = []
    for x in starts:  # positions within a few points are one column
        if not columns or x - columns[-1] > 6:
            columns.append(x)
    spacing = _table_spacing(block)
    one_line_rows = all(line.cells and abs(line.cells[0] - columns[0]) <= 6 for line in block)
    rows: list[list[list[str]]] = []
    row_bottom = 0.0
    for line in block:
        lefts = line.cells or (line.left,)
        pieces = line.text.split("\t")
        if not rows or one_line_rows or (abs(lefts[0] - columns[0]) <= 6 and line.bottom < row_bottom - 1.2 * spacing):
            rows.append([[] for _ in columns])
            row_bottom = line.bottom
        row_bottom = min(row_bottom, line.bottom)
        for left, piece in zip(lefts, pieces, strict=False):
            column = max(i for i, x in enumerate(columns) if x <= left + 6) if left + 6 >= columns[0] else 0
            rows[-1][column].append(piece)
    return "\n".join("\t".join(_joined(cell, set()) for cell in row) for row in rows)


def _table_spacing(block: Sequence[PdfLine]) -> float:
    """The distance between two lines of one cell: the smallest step down between lines (steps of less than
    half a line are cells of one row set a little apart)."""
    steps = [a.bottom - b.bottom for a, b in zip(block, block[1:], strict=False)
             if a.bottom - b.bottom > 0.5 * a.size]
    return min(steps) if steps else block[0].size
