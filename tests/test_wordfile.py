"""Word files read as printed: a passage a paragraph, Word's automatic numbers put back, headers and footers apart.

The documents are made here: python-docx writes the paragraphs, and ``make_numbered_docx`` adds the lists to
word/numbering.xml and w:numPr to the paragraphs and styles, so no number is ever typed into the text.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from files import make_docx, make_numbered_docx

from gapmodel import columns as C
from gapmodel.corpus import InputError, load_corpus
from gapmodel.model import build_model
from gapmodel.passages import split_passages
from gapmodel.readers import extract
from gapmodel.taxonomy import Taxonomy
from gapmodel.wordfile import format_number, paragraph_labels, read_numbering
from gapmodel.workspace import prepare

DATA = Path(__file__).resolve().parent.parent / "data"
DECIMAL, LETTERED, ROMAN, OUTLINE = 10, 11, 12, 13
LISTS = {
    DECIMAL: [("decimal", "%1.")],
    LETTERED: [("decimal", "%1."), ("lowerLetter", "(%2)")],
    ROMAN: [("upperRoman", "%1."), ("lowerRoman", "(%2)")],
    OUTLINE: [("decimal", "%1."), ("decimal", "%1.%2"), ("decimal", "%1.%2.%3")],
}
SENTENCE = "The Working Group discussed the mandate of the mission and its resources in the field"


def _blocks(data: bytes) -> list[str]:
    return extract("r.docx", data).text.strip().split("\n\n")


def _starts(data: bytes) -> list[str]:
    """What each block of the read text starts with: its printed label, or its first word."""
    return [block.split(" ", 1)[0] for block in _blocks(data)]


def _labels(data: bytes) -> list[str]:
    return [p.label for p in split_passages("r", extract("r.docx", data).text).passages]


def test_twenty_decimal_paragraphs_print_their_numbers() -> None:
    data = make_numbered_docx([(f"{SENTENCE}, point {n}.", DECIMAL, 0) for n in range(1, 21)], LISTS)
    assert _starts(data) == [f"{n}." for n in range(1, 21)]
    assert _labels(data) == [str(n) for n in range(1, 21)]
    assert _blocks(data)[11] == f"12. {SENTENCE}, point 12."


def test_letters_restart_under_each_numbered_paragraph() -> None:
    paragraphs = [(f"{SENTENCE} on these points:", LETTERED, 0), ("helicopters;", LETTERED, 1),
                  ("engineers.", LETTERED, 1), (f"{SENTENCE} again:", LETTERED, 0), ("police;", LETTERED, 1),
                  ("courts;", LETTERED, 1), ("prisons.", LETTERED, 1)]
    data = make_numbered_docx(paragraphs, LISTS)
    assert _starts(data) == ["1.", "(a)", "(b)", "2.", "(a)", "(b)", "(c)"]
    assert _labels(data) == ["1", "1(a)", "1(b)", "2", "2(a)", "2(b)", "2(c)"]


def test_roman_headings_and_roman_items() -> None:
    paragraphs = [("Introduction", ROMAN, 0), f"{SENTENCE}.", ("Summary of the discussions", ROMAN, 0),
                  ("first;", ROMAN, 1), ("second;", ROMAN, 1), ("third;", ROMAN, 1), ("fourth.", ROMAN, 1),
                  ("Programme of work", ROMAN, 0), ("Observations", ROMAN, 0)]
    data = make_numbered_docx(paragraphs, LISTS)
    assert _starts(data) == ["I.", "The", "II.", "(i)", "(ii)", "(iii)", "(iv)", "III.", "IV."]
    split = split_passages("r", extract("r.docx", data).text)
    assert split.passages[0].section == "I"


def test_multi_level_numbers_join_their_levels() -> None:
    paragraphs = [("Mandates", OUTLINE, 0), ("Design.", OUTLINE, 1), ("Clarity.", OUTLINE, 2),
                  ("Sequencing.", OUTLINE, 2), ("Resources.", OUTLINE, 1), ("Partnerships", OUTLINE, 0),
                  ("Regional organizations.", OUTLINE, 1)]
    data = make_numbered_docx(paragraphs, LISTS)
    assert _starts(data) == ["1.", "1.1", "1.1.1", "1.1.2", "1.2", "2.", "2.1"]


def test_a_second_list_with_a_start_override_restarts_and_one_without_continues() -> None:
    nums = {20: (DECIMAL, {}), 21: (DECIMAL, {0: 1}), 22: (DECIMAL, {}), 23: (DECIMAL, {0: 12})}
    paragraphs = [(f"{SENTENCE}, {n}.", num, 0) for n, num in
                  [(1, 20), (2, 20), (3, 20), (4, 21), (5, 21), (6, 22), (7, 23), (8, 23)]]
    data = make_numbered_docx(paragraphs, LISTS, nums=nums)
    assert _starts(data) == ["1.", "2.", "3.", "1.", "2.", "3.", "12.", "13."]


def test_a_deeper_level_restarts_as_its_lvlrestart_says() -> None:
    lists = {30: [("decimal", "%1."), ("upperLetter", "%2."), ("decimal", "%3.", 1, 1)]}  # level 3 restarts at 1 only
    paragraphs = [("Chapter", 30, 0), ("Section", 30, 1), (f"{SENTENCE}.", 30, 2), (f"{SENTENCE}.", 30, 2),
                  ("Section", 30, 1), (f"{SENTENCE}.", 30, 2), ("Chapter", 30, 0), (f"{SENTENCE}.", 30, 2)]
    assert _starts(make_numbered_docx(paragraphs, lists)) == ["1.", "A.", "1.", "2.", "B.", "3.", "2.", "1."]


def test_bullets_print_a_bullet_and_other_formats_no_number() -> None:
    lists = {40: [("bullet", "\uf0b7"), ("bullet", "o")], 41: [("ordinalText", "%1")], 42: [("chicago", "%1")],
             43: [("none", "Article")], 44: [("decimal", "%1.%2"), ("bullet", "-")]}
    paragraphs = [("Helicopters are lacking.", 40, 0), ("Engineers too.", 40, 1), ("First, the mandate.", 41, 0),
                  ("A note.", 42, 0), ("Scope of the mandate.", 43, 0), ("Enablers.", 44, 1),
                  ("A list the file does not define.", 99, 0), ("A level the list does not define.", 41, 5),
                  ("Numbering switched off.", 0, 0)]
    data = make_numbered_docx(paragraphs, lists)
    assert _blocks(data) == ["• Helicopters are lacking.", "• Engineers too.", "First, the mandate.", "A note.",
                             "Scope of the mandate.", "• Enablers.", "A list the file does not define.",
                             "A level the list does not define.", "Numbering switched off."]
    split = split_passages("r", extract("r.docx", data).text)
    assert [p.kind for p in split.passages[:2]] == ["bullet", "bullet"] and not split.passages[0].numbered


def test_numbering_from_the_paragraph_style() -> None:
    paragraphs = [("Introduction", "Heading 1"), (f"{SENTENCE}.", "List Number"), (f"{SENTENCE}.", "List Number"),
                  ("Recommendations", "Heading 1"), ("Only a heading, its number switched off", "Heading 1", 0, 0),
                  ("Helicopters.", "List Bullet")]
    data = make_numbered_docx(paragraphs, {ROMAN: LISTS[ROMAN]}, style_numbering={"Heading 1": (ROMAN, 0)})
    # List Number and List Bullet are the template's own styles and lists, numbered from styles.xml
    assert _starts(data) == ["I.", "1.", "2.", "II.", "Only", "•"]


def test_empty_paragraphs_are_dropped_and_their_numbers_still_count() -> None:
    paragraphs = [(f"{SENTENCE}.", DECIMAL, 0), ("", DECIMAL, 0), ("   ", ROMAN, 0), "", (f"{SENTENCE}.", DECIMAL, 0),
                  "Signed by the Chair\nof the Working Group"]
    data = make_numbered_docx(paragraphs, LISTS)
    assert _blocks(data) == [f"1. {SENTENCE}.", f"3. {SENTENCE}.", "Signed by the Chair\nof the Working Group"]


def test_headers_and_footers_are_kept_apart() -> None:
    paragraphs = [(f"{SENTENCE}.", DECIMAL, 0), (f"{SENTENCE}, again.", DECIMAL, 0)]
    extracted = extract("r.docx", make_numbered_docx(paragraphs, LISTS, header="S/2009/398", footer="Page "))
    assert extracted.furniture == ("S/2009/398", "Page 1")
    assert "S/2009/398" not in extracted.text and "Page" not in extracted.text
    assert extracted.text.strip().split("\n\n") == [f"1. {SENTENCE}.", f"2. {SENTENCE}, again."]
    assert extract("r.txt", extracted.text.encode()).furniture == ()


def test_a_table_stays_rows_between_paragraphs() -> None:
    data = make_docx(f"1. {SENTENCE}.\n\nMeetings were held as follows.",
                     [["Date", "Topic", "Mission"], ["14 March 2018", "Air mobility", "MINUSMA"],
                      ["22 May 2018", "Mandates", "MONUSCO"]])
    text = extract("r.docx", data).text
    assert text.endswith("Meetings were held as follows.\n\nDate\tTopic\tMission\n14 March 2018\tAir mobility\t"
                         "MINUSMA\n22 May 2018\tMandates\tMONUSCO\n")
    split = split_passages("r", text)
    assert [p.kind for p in split.passages] == ["paragraph", "paragraph", "table row", "table row"]
    assert split.tables[0].header == ("Date", "Topic", "Mission")


PRESS_RELEASE = [
    "NEW YORK, 14 March 2018 \u2014 The Security Council Working Group on Peacekeeping Operations met today on air "
    "mobility in peacekeeping missions.",
    "Members heard that several missions lack utility helicopters and that the shortfall limits their reach.",
    "Many members said the protection of civilians in remote areas depends on enablers the missions do not have.",
    "Troop-contributing countries asked to be consulted earlier, before mandates are renewed.",
    "Some members called for mandates that are clear, achievable and matched with the resources they need.",
    "The Secretariat described its work with Member States to pledge aviation units.",
    "The Chair said the Working Group would return to the question before the end of the year.",
    "The Working Group will next meet in May on the formulation of mandates.",
]


def test_a_press_release_of_eight_paragraphs_gives_eight_passages(taxonomy: Taxonomy) -> None:
    draft = prepare("press-release.docx", make_docx("\n\n".join(PRESS_RELEASE)), [], taxonomy)
    passages = draft.preview.passages
    assert list(passages[C.TEXT]) == PRESS_RELEASE
    assert list(passages[C.LABEL]) == [f"¶{n}" for n in range(1, 9)]
    assert draft.document.date == "2018-03-14"


# -- the July 2009 interim report, written again in Word with automatic numbering ------------------------------------
HEADINGS, PARAGRAPHS, APPENDIX, BULLETS = 10, 11, 12, 13
REPORT_LISTS = {
    HEADINGS: [("upperRoman", "%1."), ("upperLetter", "%2.")],  # through the Heading 1 and Heading 2 styles
    PARAGRAPHS: [("decimal", "%1."), ("lowerLetter", "(%2)")],
    APPENDIX: [("decimal", "%1."), ("lowerLetter", "%2.")],
    BULLETS: [("bullet", "\uf0b7")],
}
TYPED = re.compile(r"^(?:- )?(?:(\d{1,2})\.|\(([a-z])\)|([IVX]{1,4})\.|([A-H])\.|([a-h])\.) ")


def _numbered(line: str, in_appendix: bool) -> tuple[str, str | int, int] | tuple[str, str]:
    """A line of the report as a Word paragraph: its typed number or bullet replaced by a list level or style."""
    m = TYPED.match(line)
    if m is None:
        return line[2:], BULLETS, 0  # "- text"
    text = line[m.end():]
    if m.group(3):
        return text, "Heading 1"
    if m.group(4) and not in_appendix:
        return text, "Heading 2"
    if m.group(1):
        return text, APPENDIX if in_appendix else PARAGRAPHS, 0
    return text, APPENDIX if m.group(5) else PARAGRAPHS, 1


def interim_report_as_word() -> bytes:
    """The embedded interim report as Word writes it: paragraphs numbered 1-19 and their items (a)-(d) by one list
    (each later run of items restarted with a start override, as Word's "Restart at a" does), chapters I-III and
    sections A-H by the heading styles, the appendix by a list of its own, its dashes as a bullet list; the page
    break inside paragraphs 8 and 16 healed; a header with the symbol and a footer with the page number."""
    raw = (DATA / "corpus" / "2009-07-31_working-group-interim-report.txt").read_text(encoding="utf-8")
    paragraphs: list[str | tuple] = []
    nums = {n: (n, {}) for n in REPORT_LISTS}
    in_appendix, last_level = False, 0
    for block in re.split(r"\n\s*\n", raw.strip()):
        lines = [ln.strip() for ln in block.replace("*", "").splitlines() if ln.strip()]
        if lines[0][:1].islower() and not TYPED.match(lines[0]):  # a paragraph cut by a page break goes on
            paragraphs[-1] = (f"{paragraphs[-1][0]} {' '.join(lines)}", *paragraphs[-1][1:])
            continue
        in_appendix = in_appendix or lines[0] == "Appendix"
        if not any(TYPED.match(ln) or ln.startswith("- ") for ln in lines):
            paragraphs.append("\n".join(lines))
            continue
        for line in lines:
            paragraph = _numbered(line, in_appendix)
            if paragraph[1:] == (PARAGRAPHS, 1) and line.startswith("- (a)") and last_level == 1:
                nums[max(nums) + 1] = (PARAGRAPHS, {1: 1})
                paragraph = (paragraph[0], max(nums), 1)
            if len(paragraph) == 3 and nums[paragraph[1]][0] == PARAGRAPHS:
                last_level = paragraph[2]
            paragraphs.append(paragraph)
    return make_numbered_docx(paragraphs, REPORT_LISTS, nums=nums, header="S/2009/398", footer="Page ",
                              style_numbering={"Heading 1": (HEADINGS, 0), "Heading 2": (HEADINGS, 1)})


def _by_label(passages: pd.DataFrame, column: str) -> dict[str, object]:
    return dict(zip(passages[C.LABEL], passages[column], strict=True))


def test_the_interim_report_in_word_reads_as_the_embedded_text(taxonomy: Taxonomy) -> None:
    data = interim_report_as_word()
    import docx

    typed = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if TYPED.match(p.text)]
    assert typed == []  # every number in the file is Word's own
    embedded_doc = next(d for d in load_corpus(DATA) if d.id == "wgpko-2009-interim")
    embedded = build_model([embedded_doc], taxonomy)
    draft = prepare("interim-report.docx", data, [], taxonomy)
    assert draft.extracted.furniture == ("S/2009/398", "Page 1")
    assert (draft.document.date, draft.document.kind) == ("2009-07-31", "interim report")
    assert draft.document.title == embedded_doc.title

    ours, theirs = draft.preview.passages, embedded.passages
    numbered = theirs[theirs[C.NUMBERED]]
    assert list(ours[ours[C.NUMBERED]][C.LABEL]) == list(numbered[C.LABEL])
    assert len(numbered) == 37  # 1-19, 5(a)-(d), I¶1(a)-(c), I¶2(a)-(d), Appendix.7.a and 7.c-h ...
    assert list(ours[C.LABEL]) == list(theirs[C.LABEL])  # ... and the unnumbered ones too (bullets, the letter)
    assert _by_label(ours, C.SECTION) == _by_label(theirs, C.SECTION)

    def meetings(model_meetings: pd.DataFrame, passages: pd.DataFrame) -> list[tuple[str, str, list[str]]]:
        """Each meeting's date, kind and passages (the series' period is corpus.yaml's, not the text's: left out)."""
        return [(row.date if row.dated else "", row.kind, sorted(passages[passages[C.MEETING] == row.meeting][C.LABEL]))
                for row in model_meetings.itertuples()]

    assert meetings(draft.preview.meetings, ours) == meetings(embedded.meetings, theirs)
    assert [m[0] for m in meetings(embedded.meetings, theirs)] == ["2009-02-25", "2009-04-29", "2009-06-09",
                                                                   "2009-06-19", "2009-07-17", ""]
    our_views, their_views = _by_label(ours, C.VIEWS), _by_label(numbered, C.VIEWS)
    same = sum(our_views[label] == views for label, views in their_views.items())
    assert same / len(their_views) >= 0.95, f"{same} of {len(their_views)} numbered paragraphs keep their views"


# -- the numbering read from the parts themselves ---------------------------------------------------------------------
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def _p(num: int | None = None, level: int | None = None, style: str = "") -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None or level is not None:
        props += "<w:numPr>" + (f'<w:ilvl w:val="{level}"/>' if level is not None else "") + \
            (f'<w:numId w:val="{num}"/>' if num is not None else "") + "</w:numPr>"
    return f"<w:p><w:pPr>{props}</w:pPr><w:r><w:t>x</w:t></w:r></w:p>"


def _read(numbering: str, body: str, styles: str = "") -> list[str]:
    parts = read_numbering(f"<w:numbering {W} {MC}>{numbering}</w:numbering>".encode(),
                           f"<w:styles {W}>{styles}</w:styles>".encode())
    return paragraph_labels(f"<w:document {W} {MC}><w:body>{body}</w:body></w:document>".encode(), parts)


def _lvl(level: int, fmt: str, text: str, extra: str = "") -> str:
    return f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>' \
        f"{extra}</w:lvl>"


ONE = f'<w:abstractNum w:abstractNumId="1">{_lvl(0, "decimal", "%1.")}{_lvl(1, "lowerLetter", "(%2)")}' \
    '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'


@pytest.mark.parametrize(("value", "fmt", "printed"), [
    (12, "decimal", "12"), (3, "decimalZero", "03"), (12, "decimalZero", "12"), (1, "lowerLetter", "a"),
    (26, "upperLetter", "Z"), (27, "lowerLetter", "aa"), (54, "lowerLetter", "bbb"), (4, "lowerRoman", "iv"),
    (1994, "upperRoman", "MCMXCIV"), (0, "lowerRoman", None), (0, "lowerLetter", None), (-1, "decimal", None),
    (3, "ordinal", None), (3, "bullet", None), (3, "chicago", None), (4000, "upperRoman", None),
])
def test_format_number(value: int, fmt: str, printed: str | None) -> None:
    assert format_number(value, fmt) == printed


def test_numbered_paragraphs_in_a_table_or_a_content_control_count_in_their_place() -> None:
    table = f"<w:tbl><w:tr><w:tc>{_p(1, 0)}</w:tc><w:tc>{_p(1, 0)}</w:tc></w:tr></w:tbl>"
    control = f"<w:sdt><w:sdtContent>{_p(1, 0)}</w:sdtContent></w:sdt>"
    # only the body's own paragraphs are listed: the table's and the control's numbers 2-4 are not
    assert _read(ONE, _p(1, 0) + table + control + _p(1, 0) + _p()) == ["1.", "5.", ""]


def test_a_text_box_kept_twice_for_older_readers_counts_once() -> None:
    box = (f"<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent>{_p(1, 0)}</w:txbxContent></mc:Choice>"
           f"<mc:Fallback><w:txbxContent>{_p(1, 0)}</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>")
    assert _read(ONE, box + _p(1, 0)) == ["", "2."]


def test_style_numbering_follows_based_on_and_the_level_a_style_is_linked_to() -> None:
    linked_to_sub = '<w:pStyle w:val="Sub"/>'
    numbering = (f'<w:abstractNum w:abstractNumId="1">{_lvl(0, "upperRoman", "%1.")}'
                 f'{_lvl(1, "upperLetter", "%2.", linked_to_sub)}</w:abstractNum>'
                 '<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>')
    styles = ('<w:style w:type="paragraph" w:styleId="Top"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr>'
              '</w:style><w:style w:type="paragraph" w:styleId="Mine"><w:basedOn w:val="Top"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Sub"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr>'
              '</w:style><w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop2"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop"/></w:style>')
    body = _p(style="Top") + _p(style="Sub") + _p(style="Sub") + _p(style="Mine") + _p(style="Loop") + \
        _p(style="Top", level=1)
    assert _read(numbering, body, styles) == ["I.", "A.", "B.", "II.", "", "A."]


def test_overrides_legal_numbering_and_list_styles() -> None:
    numbering = (
        f'<w:abstractNum w:abstractNumId="1">{_lvl(0, "upperRoman", "%1.")}'
        f'{_lvl(1, "decimal", "%1.%2", "<w:isLgl/>")}</w:abstractNum>'
        '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="Outline"/></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="3"><w:numStyleLink w:val="Circle"/></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent>'
        '<mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice>'
        '<mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent>'
        '<w:lvlText w:val="%1"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'  # through the list style Outline: list 1
        '<w:num w:numId="3"><w:abstractNumId w:val="3"/></w:num>'  # Circle names itself: no levels
        '<w:num w:numId="4"><w:abstractNumId w:val="4"/></w:num>'
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0">'
        f'{_lvl(0, "lowerLetter", "%1)")}</w:lvlOverride></w:num>')
    styles = ('<w:style w:type="numbering" w:styleId="Outline"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>'
              '</w:pPr></w:style><w:style w:type="numbering" w:styleId="Circle"><w:pPr><w:numPr>'
              '<w:numId w:val="3"/></w:numPr></w:pPr></w:style>')
    body = _p(1, 0) + _p(1, 0) + _p(1, 1) + _p(2, 1) + _p(3, 0) + _p(4, 0) + _p(5, 0)
    assert _read(numbering, body, styles) == ["I.", "II.", "2.1", "2.2", "", "01", "c)"]


HOSTILE = {
    "not xml": b"<w:numbering><w:abstractNum",
    "an entity bomb": (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                       b"<w:numbering " + W.encode() + b"><w:num>&lol2;</w:num></w:numbering>"),
    "nonsense values": (f'<w:numbering {W}><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="99"><w:start '
                        'w:val="-5"/></w:lvl><w:lvl w:ilvl="0"><w:start w:val="abc"/><w:numFmt w:val="decimal"/>'
                        f'<w:lvlText w:val="%9%8{"x" * 500}"/><w:lvlRestart w:val="x"/></w:lvl></w:abstractNum>'
                        '<w:num w:numId="10"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="zz"/></w:num>'
                        '<w:num><w:abstractNumId w:val="1"/></w:num></w:numbering>').encode(),
    "empty": b"",
    "missing": None,
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_bad_numbering_part_gives_no_numbers(case: str) -> None:
    part = HOSTILE[case]
    body = f"<w:document {W}><w:body>{_p(10, 0)}{_p(10, 0)}</w:body></w:document>".encode()
    assert paragraph_labels(body, read_numbering(part, None)) == ["", ""]
    data = make_numbered_docx([(f"{SENTENCE}.", DECIMAL, 0), (f"{SENTENCE}, again.", DECIMAL, 0)], LISTS)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/_rels/document.xml.rels" and part is None:
                content = re.sub(rb"<Relationship [^>]*numbering\.xml\"/>", b"", content)
            if info.filename != "word/numbering.xml":
                target.writestr(info, content)
            elif part is not None:
                target.writestr(info, part)
    if case in ("not xml", "empty"):  # python-docx itself refuses the file, as it always did
        with pytest.raises(InputError, match="is a damaged Word document"):
            extract("r.docx", out.getvalue())
        return
    assert extract("r.docx", out.getvalue()).text.strip().split("\n\n") == [f"{SENTENCE}.", f"{SENTENCE}, again."]
