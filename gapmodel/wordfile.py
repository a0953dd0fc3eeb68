"""Word (.docx) files read as printed: a block a paragraph, Word's automatic numbers put back, headers apart.

Word keeps list numbers out of the text: a paragraph names a list (``w:numId``) and a level (``w:ilvl``) in its
``w:numPr`` or through its style, and ``word/numbering.xml`` says how each level counts and prints (``w:start``,
``w:numFmt``, ``w:lvlText`` such as ``%1.`` or ``(%2)``, ``w:lvlRestart``). This module reads those parts with the
standard library and counts the paragraphs in document order as Word does, so "12.", "(a)", "II." or "3.2" stand
again in front of the text, where the passage splitter reads them. Decimals, letters and roman numerals are
printed, a bullet as "•"; any other format, an undefined level, or a missing or malformed part gives no label,
never a wrong one. Parts over ``MAX_PART_BYTES`` or declaring a DTD are not read, and nothing here recurses.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_PART_BYTES = 16 * 2**20  # numbering and styles parts are kilobytes; the body is bounded at 12 MB before this
_LEVELS = 9  # Word's levels are 0-8
_MAX_LINKS = 10  # style chains (basedOn) and list style links followed at most this far
_MAX_LABEL = 40  # a longer printed label is not a list number
_PLACEHOLDER = re.compile(r"%([1-9])")
NumRef = tuple[str, int]  # (w:numId, w:ilvl) of a numbered paragraph


@dataclass(frozen=True, slots=True, kw_only=True)
class Level:
    """One level of a list (``w:lvl``) as Word counts and prints it."""

    start: int = 0
    fmt: str = "decimal"  # w:numFmt
    text: str = ""  # w:lvlText: "%1." / "(%2)" / "%1.%2"; %n stands for the count of level n (1-based)
    restart: int | None = None  # w:lvlRestart: restarts when a level up to this one (1-based) is used; 0: never
    legal: bool = False  # w:isLgl: the higher levels' counts print as decimals
    style: str = ""  # w:pStyle: the paragraph style that puts a paragraph on this level


@dataclass(frozen=True, slots=True, kw_only=True)
class WordList:
    """A list instance (``w:num``): its abstract list, whose counts it shares, and its levels after overrides."""

    abstract: str
    levels: Mapping[int, Level]
    restarts: frozenset[int] = frozenset()  # levels with a w:startOverride: counted afresh at first use


@dataclass(frozen=True, slots=True, kw_only=True)
class Numbering:
    """The lists of a document by ``w:numId``, and the list and level each paragraph style puts its paragraphs on."""

    lists: Mapping[str, WordList]
    styles: Mapping[str, tuple[str, int | None]]  # style id -> (numId, ilvl or None), basedOn followed
    default_style: str = ""


def format_number(value: int, fmt: str) -> str | None:
    """``value`` printed in a list format (``None`` when the format prints no number or cannot print it)."""
    if value < 0:
        return None
    if fmt == "decimal":
        return str(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter") and 1 <= value <= 26 * 20:  # Word repeats the letter: y, z, aa, bb
        letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman") and 1 <= value < 4000:
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    return None


def _roman(value: int) -> str:
    out = []
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                            (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, value = divmod(value, number)
        out.append(letters * count)
    return "".join(out)


def _parse(data: bytes | None) -> ET.Element | None:
    """The part's root, or ``None`` for a missing, oversized, DTD-bearing or malformed part."""
    if not data or len(data) > MAX_PART_BYTES or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    try:
        return ET.fromstring(data)
    except ET.ParseError:
        return None


def _val(parent: ET.Element | None, child: str) -> str | None:
    node = parent.find(W + child) if parent is not None else None
    return node.get(W + "val") if node is not None else None


def _int(text: str | None, default: int | None, low: int = 0, high: int = 32767) -> int | None:
    try:
        number = int(text or "")
    except ValueError:
        return default
    return number if low <= number <= high else default


def _level(lvl: ET.Element) -> Level:
    fmt = _val(lvl, "numFmt") or _val(lvl.find(f"{_MC}AlternateContent/{_MC}Fallback"), "numFmt") or "decimal"
    legal, text = lvl.find(W + "isLgl"), _val(lvl, "lvlText") or ""
    return Level(start=_int(_val(lvl, "start"), 0) or 0, fmt=fmt, text=text if len(text) <= _MAX_LABEL else "",
                 restart=_int(_val(lvl, "lvlRestart"), None), style=_val(lvl, "pStyle") or "",
                 legal=legal is not None and legal.get(W + "val", "1") not in ("0", "false", "off"))


def _levels(parent: ET.Element) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in parent.findall(W + "lvl"):
        number = _int(lvl.get(W + "ilvl"), None, 0, _LEVELS - 1)
        if number is not None:
            out[number] = _level(lvl)
    return out


def _styles(root: ET.Element | None) -> tuple[dict[str, tuple[str, int | None]], dict[str, str], str]:
    """Each paragraph style's list and level (through its basedOn chain), each list style's list, and the default
    paragraph style."""
    own: dict[str, tuple[str, int | None]] = {}
    based: dict[str, str] = {}
    list_styles: dict[str, str] = {}
    default = ""
    for style in root.findall(W + "style") if root is not None else []:
        ident, kind = style.get(W + "styleId") or "", style.get(W + "type", "paragraph")
        num_pr = style.find(f"{W}pPr/{W}numPr")
        num_id, ilvl = _val(num_pr, "numId"), _int(_val(num_pr, "ilvl"), None, 0, _LEVELS - 1)
        if kind == "numbering" and num_id:
            list_styles[ident] = num_id
        if kind != "paragraph" or not ident:
            continue
        if style.get(W + "default") in ("1", "true", "on"):
            default = ident
        based[ident] = _val(style, "basedOn") or ""
        if num_id is not None:
            own[ident] = (num_id, ilvl)
    resolved: dict[str, tuple[str, int | None]] = {}
    for ident in based:
        current = ident
        for _ in range(_MAX_LINKS):  # a loop of basedOn styles ends here
            if current in own:
                resolved[ident] = own[current]
                break
            current = based.get(current, "")
    return resolved, list_styles, default


def read_numbering(numbering_xml: bytes | None, styles_xml: bytes | None) -> Numbering:
    """The lists of ``word/numbering.xml`` and the list numbering of the styles in ``word/styles.xml``."""
    styles, list_styles, default = _styles(_parse(styles_xml))
    root = _parse(numbering_xml)
    if root is None:
        return Numbering(lists={}, styles=styles, default_style=default)
    abstracts: dict[str, tuple[dict[int, Level], str]] = {}
    for node in root.findall(W + "abstractNum"):
        link = _val(node, "numStyleLink") or ""  # a list style: its levels are those of the list it names
        abstracts[node.get(W + "abstractNumId") or ""] = (_levels(node), link)
    nums = {num.get(W + "numId") or "": num for num in root.findall(W + "num")}
    nums.pop("", None)
    lists: dict[str, WordList] = {}
    for num_id, num in nums.items():
        abstract = _val(num, "abstractNumId") or ""
        for _ in range(_MAX_LINKS):  # a loop of list styles ends here
            link = abstracts.get(abstract, ({}, ""))[1]
            linked = nums.get(list_styles[link]) if link in list_styles else None
            if linked is None:
                break
            abstract = _val(linked, "abstractNumId") or ""
        lists[num_id] = _instance(abstract, abstracts.get(abstract, ({}, ""))[0], num)
    return Numbering(lists=lists, styles=styles, default_style=default)


def _instance(abstract: str, abstract_levels: Mapping[int, Level], num: ET.Element) -> WordList:
    """A ``w:num``: the abstract list's levels with its ``w:lvlOverride``s (a whole level, or a start)."""
    levels = dict(abstract_levels)
    restarts = set()
    for override in num.findall(W + "lvlOverride"):
        number = _int(override.get(W + "ilvl"), None, 0, _LEVELS - 1)
        if number is None:
            continue
        if (whole := override.find(W + "lvl")) is not None:
            levels[number] = _level(whole)
        start = _int(_val(override, "startOverride"), None)
        if start is not None and number in levels:
            levels[number] = replace(levels[number], start=start)
            restarts.add(number)
    return WordList(abstract=abstract, levels=levels, restarts=frozenset(restarts))


class _Counter:
    """The running counts of each abstract list, advanced paragraph by paragraph in document order.

    Lists that share an abstract list continue each other's numbers, as in Word; a list with a start override
    counts its overridden levels afresh the first time it is used ("restart numbering").
    """

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.counts: dict[str, list[int | None]] = {}  # None: not used since the level (re)started
        self.seen: set[str] = set()

    def label(self, ref: NumRef | None) -> str:
        if ref is None or (word_list := self.numbering.lists.get(ref[0])) is None:
            return ""
        num_id, ilvl = ref
        level = word_list.levels.get(ilvl)
        if level is None:
            return ""
        counts = self.counts.setdefault(word_list.abstract, [None] * _LEVELS)
        if num_id not in self.seen:
            self.seen.add(num_id)
            for number in word_list.restarts:
                counts[number] = None
        current = counts[ilvl]
        counts[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            rule = word_list.levels[deeper].restart if deeper in word_list.levels else None
            if rule is None or rule > deeper or ilvl < rule:
                counts[deeper] = None
        return _printed(word_list.levels, counts, ilvl)


def _printed(levels: Mapping[int, Level], counts: Sequence[int | None], ilvl: int) -> str:
    """The label a paragraph on level ``ilvl`` prints, from the level text and the current counts."""
    own = levels[ilvl]
    if own.fmt == "bullet":
        return "•"
    if format_number(1, own.fmt) is None:
        return ""  # an ordinal, a word, a Chicago mark or "none": not a number this app reads
    pieces: list[str] = []
    for index, part in enumerate(_PLACEHOLDER.split(own.text)):
        if index % 2 == 0:
            pieces.append(part)
            continue
        number = int(part) - 1
        shown = levels.get(number)
        if shown is None:
            return ""
        count = counts[number]
        value = count if count is not None else shown.start - 1  # an unused higher level: Word's "0.1"
        fmt = "decimal" if own.legal and number < ilvl and shown.fmt != "decimalZero" else shown.fmt
        printed = format_number(value, fmt)
        if printed is None:
            return ""
        pieces.append(printed)
    label = "".join(pieces).strip()
    return label if len(label) <= _MAX_LABEL else ""


def _reference(paragraph: ET.Element, numbering: Numbering) -> NumRef | None:
    """The list and level of a ``w:p``: its own ``w:numPr``, else its style's (``w:numId`` 0: none)."""
    style = _val(paragraph.find(W + "pPr"), "pStyle") or numbering.default_style
    num_pr = paragraph.find(f"{W}pPr/{W}numPr")
    own_id, own_level = _val(num_pr, "numId"), _int(_val(num_pr, "ilvl"), None, 0, _LEVELS - 1)
    style_id, style_level = numbering.styles.get(style, (None, None))
    num_id = own_id if own_id is not None else style_id
    if not num_id or num_id == "0":
        return None
    level = own_level if own_level is not None else style_level
    if level is None:
        word_list = numbering.lists.get(num_id)
        levels = word_list.levels if word_list is not None else {}
        level = next((n for n, lvl in sorted(levels.items()) if lvl.style == style and style), 0)
    return num_id, level


def paragraph_labels(document_xml: bytes, numbering: Numbering) -> list[str]:
    """The printed label of each paragraph directly in the body, in order ("" where none is printed).

    Numbered paragraphs inside tables and content controls advance the count in their place, as in Word, but
    are not listed (the body's text reads only the body's own paragraphs and the cells' text).
    """
    if b"<!DOCTYPE" in document_xml or b"<!ENTITY" in document_xml:
        return []
    counter = _Counter(numbering)
    labels: list[str] = []
    depth = fallback = 0  # fallback: inside a copy kept for older readers (a text box's second rendering)
    try:
        for event, element in ET.iterparse(io.BytesIO(document_xml), events=("start", "end")):
            if element.tag == _MC + "Fallback":
                fallback += 1 if event == "start" else -1
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if element.tag == W + "p" and not fallback:
                label = counter.label(_reference(element, numbering))
                if depth == 2:  # w:document > w:body > w:p
                    labels.append(label)
            if depth == 2:
                element.clear()  # read: keep memory flat on a long document
    except ET.ParseError:
        return []
    return labels


def body_labels(archive: zipfile.ZipFile, document: WordDocument) -> list[str]:
    """The printed label of each paragraph of the body of a Word file already checked for size (its numbering and
    styles parts found as python-docx found them, through the main part's relationships)."""
    names = {rel.reltype.rsplit("/", 1)[-1]: str(rel.target_part.partname)[1:]
             for rel in document.part.rels.values() if not rel.is_external}

    def read(name: str) -> bytes | None:
        try:
            info = archive.getinfo(name)
            return archive.read(info) if info.file_size <= MAX_PART_BYTES else None
        except (KeyError, zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError):
            return None

    numbering = read_numbering(read(names.get("numbering", "")), read(names.get("styles", "")))
    return paragraph_labels(read(str(document.part.partname)[1:]) or b"", numbering)


def _table_rows(table: Table) -> list[str]:
    """A table's rows, cells by tabs: each cell as Word stores it (a merged cell once, whatever width it spans:
    python-docx's row.cells repeats a merged cell for every grid column it spans, millions for a hostile file)."""
    from docx.table import _Cell

    return ["\t".join(" ".join(_Cell(tc, table).text.split()) for tc in row._tr.tc_lst) for row in table.rows]


def body_text(document: WordDocument, labels: Sequence[str]) -> str:
    """The body as text: a block for each paragraph, its printed label in front, blank lines between blocks.

    Empty paragraphs are dropped (their numbers still count). A table is a block of lines, one a row, its cells
    joined by tabs. Headers and footers are not part of the body and never enter it.
    """
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            label = labels[number] if number < len(labels) else ""
            number += 1
            text = "\n".join(line.strip() for line in block.text.splitlines() if line.strip())
            if text:
                blocks.append(f"{label} {text}" if label else text)
        elif rows := _table_rows(block):
            blocks.append("\n".join(rows))
    return "\n\n".join(blocks) + "\n"


def _furniture_lines(document: WordDocument) -> Iterator[str]:
    from docx.text.paragraph import Paragraph

    for section in document.sections:
        for part in (section.first_page_header, section.header, section.even_page_header,
                     section.first_page_footer, section.footer, section.even_page_footer):
            if part.is_linked_to_previous:  # no definition of its own: nothing new to read
                continue
            for block in part.iter_inner_content():
                yield from (block.text if isinstance(block, Paragraph) else "\n".join(_table_rows(block))).split("\n")


def furniture(document: WordDocument) -> tuple[str, ...]:
    """The lines of the document's headers and footers (a symbol, a job number, "Page 2"), each once, in order."""
    lines: dict[str, None] = {}
    try:
        for line in _furniture_lines(document):
            if cleaned := " ".join(line.split()):
                lines.setdefault(cleaned, None)
    except (KeyError, ValueError, AttributeError, NotImplementedError):  # a broken header must not stop the body
        pass
    return tuple(lines)
