"""Briefing notes and exports: true headlines, a real DOCX, safe spreadsheets, provenance everywhere."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from docx import Document as Docx

from gapmodel import columns as C
from gapmodel import export
from gapmodel.briefing import build_note, headlines, strongest, to_docx, to_markdown
from gapmodel.cli import main
from gapmodel.export import neutralise, passages_table, provenance, to_csv, to_xlsx
from gapmodel.filters import Filters, scope
from gapmodel.model import Model
from gapmodel.tally import recurrence


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), "white").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


def test_the_most_persistent_sub_view_of_a_headline_is_never_a_generic_one(seed_model: Model) -> None:
    facts = recurrence(seed_model).set_index([C.VIEW, C.SUBVIEW])
    assert facts.loc[("mandate_formulation", "drafting_renewal"), "generic"]  # first by years, found by "mandate"
    said = [h for h in headlines(seed_model, Filters(views=("mandate_formulation",)))
            if h.startswith("The most persistent")]
    assert said == ["The most persistent: clear, achievable and realistic mandates, raised as a gap in 2 of 5 years, "
                    "most recently at the retreat of 25-26 June 2010."]
    only_generic = [h for h in headlines(seed_model, Filters(views=("mandate_formulation",), documents=("wgpko-2006",)))
                    if h.startswith("The most persistent")]  # the 2006 report: drafting and renewing only
    assert len(only_generic) == 1
    assert only_generic[0].endswith("(found by common words only: read its passages before quoting it).")


@pytest.mark.parametrize("filters", [
    Filters(views=("resources",)),
    Filters(views=("protection_of_civilians", "benchmarks"), years=(2009, 2016)),
    Filters(views=("partnerships",), documents=("wgpko-2016", "istanbul-retreat-2010")),
    Filters(views=("mandate_formulation",), missions=("UNAMA",)),
], ids=["resources", "poc-benchmarks-2009-16", "partnerships-two-documents", "mandates-unama"])
def test_headlines_agree_with_the_tallies(seed_model: Model, filters: Filters) -> None:
    base = scope(seed_model, filters)
    years = sorted(base[C.YEAR].unique())
    facts = recurrence(seed_model, passages=base)
    for view, sentence in zip(filters.views, [h for h in headlines(seed_model, filters)
                                             if not h.startswith("The most persistent")], strict=True):
        gaps = base[base[C.GAP] & base[C.VIEWS].map(lambda vs, v=view: v in vs)]
        if gaps.empty:
            assert sentence.startswith("No gap on")
            continue
        row = facts[(facts[C.VIEW] == view) & (facts[C.SUBVIEW] == "")].iloc[0]
        match = re.match(r"Gaps in .+ were raised in (\d+) of (\d+) years? with documents \(([\d, ]+)\), in "
                         r"(\d+) gap passages?, most recently (.+)\.$", sentence)
        assert match, sentence
        assert int(match.group(1)) == gaps[C.YEAR].nunique() == row["years"]
        assert int(match.group(2)) == len(years)
        assert match.group(3) == ", ".join(str(y) for y in sorted(gaps[C.YEAR].unique()))
        assert int(match.group(4)) == len(gaps)
        latest = seed_model.meetings.set_index(C.MEETING).loc[row["last_meeting"]]
        assert str(latest["date"]).split("/")[0][:4] == str(gaps[C.YEAR].max()) or latest["kind"] == "series"


def test_the_example_sentence_of_the_issue_holds(seed_model: Model) -> None:
    sentence = headlines(seed_model, Filters(views=("resources",)))[0]
    assert sentence.endswith("most recently at the meeting of 3 November 2016.")


def test_docx_has_headings_a_table_images_and_citations(seed_model: Model) -> None:
    filters = Filters(views=("resources", "protection_of_civilians"), years=(2005, 2016))
    note = build_note(seed_model, filters, make_image=lambda fig: PNG)
    document = Docx(io.BytesIO(to_docx(note)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == [note.title, "Headlines", "Charts", "Gap passages by view and year", "Key quotes",
                        "About this note"]
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["View", "2005", "2006", "2009", "2010", "2016"]
    assert [r.cells[0].text for r in table.rows[1:]] == ["Resources and capabilities", "Protection of civilians"]
    expected = note.table.loc["Resources and capabilities"].tolist()
    assert [int(c.text) for c in table.rows[1].cells[1:]] == expected
    assert len(document.inline_shapes) == 2
    text = "\n".join(p.text for p in document.paragraphs)
    for quote in note.quotes:
        assert quote.text in text and quote.citation in text
        assert re.search(r"dated (\d{1,2} )?\w+ \d{4}, (para\. \S+|passage \S+ \(unnumbered\)) \(section .+\); "
                         r"\w.+\.$", quote.citation), quote.citation
    assert "Taxonomy version " + seed_model.taxonomy.version in text


def test_the_basket_gives_the_quotes_in_its_order_with_notes(seed_model: Model) -> None:
    ids = ["wgpko-2016:093", "wgpko-2009-interim:024"]
    note = build_note(seed_model, Filters(views=("resources",)), basket=[(ids[0], "AU funding"), (ids[1], "")])
    assert [q.passage_id for q in note.quotes] == ids
    assert note.quotes[0].note == "AU funding"
    assert "*Note: AU funding*" in to_markdown(note)


def test_strongest_evidence_is_on_topic_and_spread_over_years(seed_model: Model) -> None:
    quotes = strongest(seed_model, Filters(views=("resources",)), limit=4)
    assert quotes[C.GAP].all() and quotes[C.VIEWS].map(lambda vs: "resources" in vs).all()
    assert quotes[C.YEAR].nunique() >= 3
    years = list(quotes[C.YEAR])
    assert years[:3] == sorted(set(years[:3]), reverse=True)  # the strongest of each year, latest year first


def test_formulas_are_neutralised_and_numbers_stay_numbers() -> None:
    frame = pd.DataFrame({"text": ["=HYPERLINK(\"x\")", "+1", "-2 troops", "@SUM(A1)", "plain", "\tTAB"],
                          "n": [1, 2, 3, 4, 5, 6], "share": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]})
    safe = neutralise(frame)
    assert safe["text"].tolist() == ["'=HYPERLINK(\"x\")", "'+1", "'-2 troops", "'@SUM(A1)", "plain", "'\tTAB"]
    assert safe["n"].tolist() == [1, 2, 3, 4, 5, 6] and safe["share"].dtype.kind == "f"


def test_csv_and_xlsx_exports(seed_model: Model) -> None:
    filters = Filters(views=("resources",), stance="gap")
    about = provenance(seed_model, filters)
    table = passages_table(seed_model, seed_model.passages.head(5)).assign(text=lambda f: "=" + f["text"])
    raw = to_csv(table, about).decode("utf-8-sig")
    header = [line for line in raw.splitlines() if line.startswith("# ")]
    assert header == [f"# {line}" for line in about]
    assert "Filters: views: Resources and capabilities; gaps only." in raw
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in raw.splitlines() if not line.startswith("#")))))
    assert rows[0]["text"].startswith("'=") and rows[0]["year"] == "2006"
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx({"Passages": table}, about)))
    assert book.sheetnames == ["Passages", "About"]
    sheet = book["Passages"]
    header_row = [c.value for c in sheet[1]]
    year = sheet.cell(row=2, column=header_row.index("year") + 1).value
    text = sheet.cell(row=2, column=header_row.index("text") + 1).value
    assert isinstance(year, int) and text.startswith("'=")
    assert [c.value for c in book["About"]["A"]][1:] == about


def test_cli_writes_the_same_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "note.docx"
    code = main(["brief", "--view", "resources", "--from", "2005", "--to", "2016", "--format", "docx", "-o",
                 str(out), "--no-images"])
    assert code == 0
    document = Docx(str(out))
    assert document.paragraphs[0].text == "Briefing note: gaps in resources and capabilities"
    assert main(["brief", "--view", "resources", "--format", "md"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Briefing note: gaps in resources and capabilities")
    assert "## Key quotes" in markdown


def test_cli_brief_refuses_bad_requests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", "--format", "docx"]) == 1
    assert capsys.readouterr().err.strip() == "A DOCX note is a file: name it with -o, e.g. -o note.docx."
    assert main(["brief", "--from", "2016", "--to", "2005"]) == 1
    assert capsys.readouterr().err.strip() == "--from 2016 is after --to 2005. Swap them."
    assert main(["brief", "--mission", "XYZ"]) == 1
    assert "There is no mission 'XYZ'." in capsys.readouterr().err


def test_real_chart_images_when_a_browser_is_present(seed_model: Model) -> None:
    from gapmodel.images import ImageUnavailable, figure_image

    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no chromium here")
    note = build_note(seed_model, Filters(views=("resources",)), make_image=figure_image)
    if note.image_problem:
        raise ImageUnavailable(note.image_problem)
    assert all(png.startswith(b"\x89PNG") for png in note.images.values()) and len(note.images) == 2


def test_without_a_browser_images_are_refused_in_a_sentence(seed_model: Model,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from gapmodel import images

    monkeypatch.setattr(images, "_browser", lambda: None)
    with pytest.raises(images.ImageUnavailable) as info:
        images.figure_image(object())
    assert str(info.value) == ("Chart images need Chromium on this machine (apt-get install chromium); the rest "
                               "is made without them.")
    note = build_note(seed_model, Filters(views=("resources",)), make_image=images.figure_image)
    assert note.images == {} and note.image_problem == str(info.value)
    assert str(info.value) in to_markdown(note)
    assert len(Docx(io.BytesIO(to_docx(note))).inline_shapes) == 0


def test_cli_brief_refuses_an_empty_selection_and_an_unwritable_file(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", "--from", "2012", "--to", "2014"]) == 1
    assert capsys.readouterr().err.strip() == ("No passage is within this selection (years with documents: 2005, "
                                               "2006, 2009, 2010, 2016). Widen the years, documents or missions.")
    target = tmp_path / "missing" / "note.md"
    assert main(["brief", "--view", "resources", "-o", str(target)]) == 1
    assert capsys.readouterr().err.strip() == (f"Cannot write {target} (No such file or directory). Choose a folder "
                                               "that exists and that you can write to.")


def test_tallies_do_not_claim_a_search_they_ignore(seed_model: Model) -> None:
    from gapmodel.filters import scope_only

    filters = Filters(views=("benchmarks",), text="helicopters")
    assert "search" in provenance(seed_model, filters)[2]
    assert "search" not in provenance(seed_model, scope_only(filters))[2]
    note = build_note(seed_model, filters)
    assert not any("search" in line for line in note.about)


def test_a_selection_beyond_an_excel_sheet_is_cut_and_says_so(seed_model: Model,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 3)
    table = passages_table(seed_model, seed_model.passages.head(5))
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx({"Passages": table}, ["About line"])))
    assert book["Passages"].max_row == 1 + 3
    assert [c.value for c in book["About"]["A"]][1:] == [
        "About line", "The sheet 'Passages' holds the first 3 of its 5 rows (the most a sheet can hold); the CSV "
        "export holds them all."]
