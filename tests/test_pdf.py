"""PDFs as experts get them: the UN's layout taken apart (running heads and feet, masthead codes, footnotes,
words broken at line ends, paragraph numbers as printed, tables), and encrypted files.

The realistic PDF is printed in the test by Debian's chromium from the embedded 2016 report's text (see
tests/un_documents.py); it is never downloaded.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from files import REPORT_2018, make_pdf
from un_documents import CHROMIUM, REPORT_2016, print_pdf, report_html

from gapmodel import columns as C
from gapmodel.corpus import InputError, load_corpus
from gapmodel.model import build_model
from gapmodel.pdffile import PdfLine, _cells, _joined, _table, drop_furniture
from gapmodel.readers import extract
from gapmodel.taxonomy import Taxonomy
from gapmodel.workspace import Draft, prepare

DATA = Path(__file__).resolve().parent.parent / "data"
FURNITURE = re.compile(r"S/2017/134\s*$|17-02205|\b\d{1,2}/16\b|Please recycle|\*1702205\*")


@pytest.fixture(scope="module")
def un_pdf() -> bytes:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            raise RuntimeError("Debian's chromium is not installed: .ci/run must apt-get install it.")
        pytest.skip("Debian's chromium is not installed here (apt-get install -y chromium)")
    text = (DATA / "corpus" / "2017-02-13_working-group-report-2016.txt").read_text(encoding="utf-8")
    return print_pdf(report_html(text, REPORT_2016), REPORT_2016)


@pytest.fixture(scope="module")
def from_pdf(un_pdf: bytes, taxonomy: Taxonomy) -> Draft:
    return prepare("S_2017_134.pdf", un_pdf, [], taxonomy)


@pytest.fixture(scope="module")
def embedded(taxonomy: Taxonomy) -> pd.DataFrame:
    documents = [d for d in load_corpus(DATA) if d.id == "wgpko-2016"]
    return build_model(documents, taxonomy).passages


def _numbered(passages: pd.DataFrame) -> pd.DataFrame:
    return passages[passages[C.NUMBERED] & (passages[C.KIND] != "footnote")].set_index(C.LABEL)


def test_a_un_pdf_reads_as_the_embedded_text(from_pdf: Draft, embedded: pd.DataFrame) -> None:
    doc = from_pdf.document
    assert doc.title == ("Report on the activities of the Working Group on Peacekeeping Operations for the period "
                         "from 1 January to 31 December 2016")
    assert (doc.date, doc.period, doc.year, doc.symbol) == ("2017-02-13", "2016-01-01/2016-12-31", 2016, "S/2017/134")
    pdf, text = _numbered(from_pdf.preview.passages), _numbered(embedded)
    assert list(pdf.index) == list(text.index)  # every numbered paragraph and item, its number as printed
    assert len(text) == 138
    same_text = sum(" ".join(pdf.loc[k, C.TEXT].split()) == " ".join(text.loc[k, C.TEXT].split()) for k in text.index)
    same_views = sum(set(pdf.loc[k, C.VIEWS]) == set(text.loc[k, C.VIEWS]) for k in text.index)
    assert same_text >= 0.95 * len(text) and same_views >= 0.95 * len(text)


def test_a_un_pdfs_meetings_are_those_of_the_embedded_text(from_pdf: Draft, taxonomy: Taxonomy) -> None:
    model = build_model([d for d in load_corpus(DATA) if d.id == "wgpko-2016"], taxonomy)

    def dated(meetings: pd.DataFrame) -> list[str]:
        return sorted(meetings[meetings["dated"]]["date"])

    assert dated(from_pdf.preview.meetings) == dated(model.meetings) == [
        "2016-04-28", "2016-05-27", "2016-06-24", "2016-07-27", "2016-11-03"]


def test_page_furniture_never_enters_a_passage(from_pdf: Draft, un_pdf: bytes) -> None:
    passages = from_pdf.preview.passages
    assert not [t for t in passages[C.TEXT] if FURNITURE.search(t)]
    assert "Please recycle" in "".join(_raw_lines(un_pdf))  # it was printed: the reader took it away
    text = from_pdf.extracted.text
    assert not re.search("[\ufb00-\ufb06\u00ad\u2010\ufffe]", text)  # ligatures, soft and unmapped hyphens


def test_a_footnote_is_a_passage_of_its_own_cited_with_its_page(from_pdf: Draft) -> None:
    passages = from_pdf.preview.passages
    notes = passages[passages[C.KIND] == "footnote"]
    assert list(notes[C.LABEL]) == ["fn1"] and list(notes[C.SECTION_TITLE]) == ["page 3"]
    assert notes.iloc[0][C.TEXT].startswith("See the report of the High-level Independent Panel")
    interrupted = passages[passages[C.LABEL] == "12"].iloc[0]
    assert interrupted[C.TEXT].endswith("radically changed the perception of the situation on the ground.")
    assert "See the report" not in interrupted[C.TEXT] and "Congo1" not in interrupted[C.TEXT]
    assert notes.index[0] == interrupted.name + 1  # it follows the paragraph it interrupts


def _raw_lines(data: bytes) -> list[str]:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    document = pdfium.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def _line(text: str, left: float, bottom: float, *, cells: tuple[float, ...] = (), right: float = 500.0,
          size: float = 14.0, page: int = 1) -> PdfLine:
    return PdfLine(page, text, left, bottom, size, cells, right)


@pytest.mark.parametrize(("lines", "joined"), [
    (["strengthen the part\u2010", "nership with the region"], "strengthen the partnership with the region"),
    (["the peace-", "keeping operations"], "the peacekeeping operations"),  # printed whole elsewhere
    (["the troop- and police-", "contributing countries"], "the troop- and police-contributing countries"),
    (["a lighter-", "than-air craft"], "a lighter-than-air craft"),
])
def test_words_broken_at_line_ends_are_joined(lines: list[str], joined: str) -> None:
    assert _joined(lines, {"peacekeeping", "partnership"}) == joined


def test_a_justified_line_of_long_words_is_not_a_table_row() -> None:
    wide = "United\x1fNations\x1fDevelopment\x1fProgramme,\x1fthe\x1fCounter-Terrorism"
    lines = [_line("Peacekeeping Operations, the United Nations Office on Drugs and Crime, the", 100.7, 238),
             _line(wide, 100.7, 224, cells=(100.7, 156.4, 217.5, 307.4, 392.5, 429.6)),
             _line("Implementation Task Force, the Analytical Support and Sanctions Monitoring", 100.7, 210)]
    assert _cells(lines)[1].text == "United Nations Development Programme, the Counter-Terrorism"
    assert not _cells(lines)[1].cells


def test_a_table_is_read_row_by_row_though_pdf_gives_it_column_by_column() -> None:
    lines = _cells([
        _line("Date\x1fBriefers\x1fTheme", 73, 546, cells=(73, 129, 374), size=12),
        _line("28 April\x1fHervé Ladsous, Under-Secretary-General for", 73, 532, cells=(73, 129), size=12),
        _line("Use of technologies in peace\u2010", 374, 532, size=12),
        _line("Peacekeeping Operations", 129, 521, size=12),
        _line("keeping", 374, 521, size=12),
        _line("3\x1fJack Christofides, Director", 73, 495, cells=(73, 129), size=12),
        _line("Protection of civilians", 374, 495, size=12),
        _line("November", 73, 484, size=12),
    ])
    assert _table(lines).splitlines() == [
        "Date\tBriefers\tTheme",
        "28 April\tHervé Ladsous, Under-Secretary-General for Peacekeeping Operations\tUse of technologies in "
        "peacekeeping",
        "3 November\tJack Christofides, Director\tProtection of civilians",
    ]


def test_running_heads_and_feet_go_and_the_text_stays() -> None:
    pages = [[_line("S/2017/134", 63, 820, size=10.7, page=n),
              _line(f"{n}. The Working Group met on {n} March.", 70, 700, page=n),
              _line("A/70/95 is the report of the Panel, which the members discussed at length.", 70, 686, page=n),
              _line(f"17-02205 {n}/9", 63, 17, size=10.7, page=n)] for n in range(1, 10)]
    kept = drop_furniture(pages)
    assert [[line.text[:7] for line in page] for page in kept] == [[f"{n}. The ", "A/70/95"] for n in range(1, 10)]


def test_a_pdf_encrypted_without_a_password_opens_and_one_with_a_password_is_refused() -> None:
    from pypdf import PdfReader, PdfWriter

    def encrypted(user_password: str) -> bytes:
        writer = PdfWriter()
        for page in PdfReader(io.BytesIO(make_pdf([REPORT_2018]))).pages:
            writer.add_page(page)
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    assert "utility helicopters" in extract("open.pdf", encrypted("")).text
    with pytest.raises(InputError, match=r"^locked\.pdf is a password-protected PDF\. Save a copy without the "
                                         r"password, then add it\.$"):
        extract("locked.pdf", encrypted("secret"))


def test_a_damaged_pdf_is_called_damaged_not_a_scan() -> None:
    data = make_pdf([REPORT_2018])
    with pytest.raises(InputError, match=r"is a damaged PDF that cannot be read"):
        extract("broken.pdf", data[: len(data) // 3])


def _printed(body: str) -> bytes:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed here (apt-get install -y chromium)")
    style = ("<style>body{font-family:'DejaVu Serif',serif;font-size:10.5pt;text-align:justify} "
             "p{margin:0 0 .6em 0} .n{position:absolute;left:0.2cm} .fn{font-size:8pt} sup{font-size:6pt}</style>")
    return print_pdf(f"<html><head><meta charset='utf-8'>{style}</head><body>{body}</body></html>", REPORT_2016)


def test_numbers_placed_beside_their_paragraphs_and_marks_inside_lines_are_read_where_printed() -> None:
    """A producer may print a paragraph's number after its text (absolutely positioned) and break a line at a
    reference mark: the characters' positions put both back."""
    paragraphs = "".join(
        f"<p style='padding-left:1.2cm'><span class='n'>{n}.</span>The Working Group met on the situation of "
        f"mission number {n} and discussed helicopters, mandates and the protection of civilians at length"
        f"{'<sup>1</sup>' if n == 2 else ''}, and asked for a report on its findings before the next meeting.</p>"
        for n in range(1, 7))
    text = extract("r.pdf", _printed(paragraphs)).text
    blocks = text.split("\n\n")
    assert [b.split(" ", 1)[0] for b in blocks] == [f"{n}." for n in range(1, 7)]
    assert "at length, and asked" in blocks[1]  # the mark is gone, the line whole


def test_two_columns_are_read_one_after_the_other() -> None:
    left = "Alpha speaks about helicopters and the aviation units that missions need to reach civilians in time."
    right = "Beta speaks about financing and the assessed contributions that operations need to be predictable."
    text = extract("r.pdf", _printed(f"<div style='column-count:2;column-gap:1cm;text-align:left'><p>{left} {left}"
                                     f"</p><p>{right} {right}</p></div>")).text
    assert text.index("Alpha") < text.index("Beta") and f"{left} {left}" in " ".join(text.split())


def test_a_font_set_at_size_one_and_scaled_by_the_text_matrix_reads_the_same() -> None:
    """Many producers write the font at size 1 and put the size in the text matrix: sizes come from the
    characters' boxes on the page, not the font operand."""
    plain = make_pdf([REPORT_2018])
    scaled = plain.replace(b"BT /F1 10 Tf 13 TL 40 800 Td", b"BT /F1 1 Tf 10 0 0 10 40 800 Tm 1.3 TL")
    assert scaled != plain
    first = extract("a.pdf", plain).text
    second = extract("b.pdf", _fixed_xref(scaled)).text
    assert second.split("\n\n") == first.split("\n\n")


def _fixed_xref(data: bytes) -> bytes:
    """The same PDF with its stream lengths and cross-reference table made right again after an edit."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data), strict=False))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_with_more_pages_than_any_report_is_refused_in_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    from gapmodel import pdffile

    monkeypatch.setattr(pdffile, "MAX_PAGES", 2)
    with pytest.raises(InputError, match=r"^long\.pdf has 3 pages, more than the 2 this app reads\. Split it"):
        extract("long.pdf", make_pdf([REPORT_2018] * 3))


def test_a_table_of_numbers_is_read_as_rows_and_never_as_a_heading(taxonomy: Taxonomy) -> None:
    """Numbers align on the right in a table: the rows are table rows, and the last one does not become the
    heading of the sections after it."""
    rows = [("Military contingents", "11,650", "10,952"), ("Military staff officers", "480", "441"),
            ("Formed police units", "1,680", "1,598"), ("Individual police officers", "400", "364")]
    table = "".join(f"<tr><td>{a}</td><td style='text-align:right;padding-left:2cm'>{b}</td>"
                    f"<td style='text-align:right;padding-left:2cm'>{c}</td></tr>" for a, b, c in rows)
    body = ("<h3>II. Personnel</h3><p>1. The Mission's strength was as follows on 31 January 2019.</p>"
            f"<table>{table}</table><h3>III. Protection of civilians</h3>"
            "<p>2. The Mission protected civilians in Bangassou and lacked utility helicopters to reach them.</p>")
    draft = prepare("r.pdf", _printed(f"<p>15 February 2019</p>{body}"), [], taxonomy)
    passages = draft.preview.passages
    assert (passages[C.KIND] == "table row").sum() == 4
    assert passages[passages[C.LABEL] == "2"].iloc[0][C.SECTION] == "III"
