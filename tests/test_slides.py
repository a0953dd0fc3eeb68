"""A slide deck for a retreat: a title slide, a slide per chart with its image and source line, the headlines and
the quotes with their citations; 16:9; read back with python-pptx."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from test_briefing import PNG
from test_cli import run

from gapmodel.briefing import build_note
from gapmodel.filters import Filters
from gapmodel.model import Model
from gapmodel.slides import to_pptx


def _texts(slide: object) -> str:
    return " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)  # type: ignore[attr-defined]


def test_a_deck_holds_a_title_the_charts_the_headlines_and_the_quotes(seed_model: Model) -> None:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    note = build_note(seed_model, Filters(views=("resources",)), make_image=lambda fig: PNG)
    deck = Presentation(io.BytesIO(to_pptx(note)))
    assert (deck.slide_width, deck.slide_height) == (12191695, 6858000) or \
        abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    slides = list(deck.slides)
    assert len(slides) == 3 + len(note.figures) >= 4
    assert note.title in _texts(slides[0])
    for slide, (caption, _) in zip(slides[1:], note.figures, strict=False):
        assert caption in _texts(slide) and note.source in _texts(slide)
        assert [s.shape_type for s in slide.shapes].count(MSO_SHAPE_TYPE.PICTURE) == 1
    assert note.headlines[0] in _texts(slides[-2])
    assert all(q.citation in _texts(slides[-1]) for q in note.quotes[:3])


def test_brief_writes_a_deck_and_asks_for_a_file_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from pptx import Presentation

    code, _, err = run(capsys, "brief", "--view", "resources", "--format", "pptx")
    assert code == 1 and "A PPTX note is a file: name it with -o, e.g. -o note.pptx." in err
    deck = tmp_path / "retreat.pptx"
    code, _, err = run(capsys, "brief", "--view", "resources", "--format", "pptx", "--no-images", "-o", str(deck))
    assert code == 0, err
    slides = list(Presentation(str(deck)).slides)
    assert len(slides) >= 4
    assert "The chart could not be drawn as an image here." in _texts(slides[1])  # --no-images: said, not blank


def test_the_briefing_page_makes_a_slide_deck(monkeypatch: pytest.MonkeyPatch) -> None:
    from pptx import Presentation
    from test_pages import open_page

    from gapmodel import images

    monkeypatch.setattr(images, "figure_image", lambda fig: PNG)  # no browser needed to check the deck
    at = open_page("pages/9_briefing.py")
    next(b for b in at.button if b.key == "briefing_make_pptx").click()
    at.run(timeout=120)
    made = at.session_state["briefing_pptx"]
    assert len(list(Presentation(io.BytesIO(made)).slides)) >= 4
    assert any(b.key == "briefing_pptx_download" for b in at.get("download_button"))


def test_the_present_page_keeps_the_menu_and_makes_slides_of_its_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    from pptx import Presentation
    from test_pages import open_page

    from gapmodel import images

    monkeypatch.setattr(images, "figure_image", lambda fig, *args, **kwargs: PNG)
    at = open_page("pages/10_present.py")
    assert not any("display: none" in m.value for m in at.markdown)  # the sidebar (menu, filters) is not hidden
    next(b for b in at.button if b.key == "present_make").click()
    at.run(timeout=120)
    deck = Presentation(io.BytesIO(at.session_state["present_images"][4]))
    slides = list(deck.slides)
    assert len(slides) == 4 and "Gap passages by view and year" in _texts(slides[1])


def test_milestone_labels_sit_above_the_plot_on_staggered_rows_and_the_source_line_wraps(seed_model: Model) -> None:
    """At a retreat the labels of milestones a year or two apart must not overlap, nor sit on a dotted line."""
    from gapmodel import charts
    from gapmodel.milestones import Milestone
    from gapmodel.tally import tally

    frame = tally(seed_model, "year", views=["resources"])
    near = [Milestone(f"{year}-06-01", f"Milestone {year}", "") for year in (2008, 2009, 2010)]
    fig = charts.presentation(charts.trend(frame, seed_model.taxonomy, milestones=near), "Source: " + "x " * 120)
    labels = [a for a in fig.layout.annotations if str(a.text).startswith("Milestone")]
    assert len(labels) == 3 and {a.yanchor for a in labels} == {"bottom"}
    assert len({round(a.y, 3) for a in labels}) == 3 and min(a.y for a in labels) > 1  # three rows, above the plot
    source = next(a for a in fig.layout.annotations if str(a.text).startswith("Source"))
    assert "<br>" in source.text and all(len(line) <= 110 for line in source.text.split("<br>"))
    assert fig.layout.margin.l >= 60 and fig.layout.title.x > 0  # the title off the left edge


def _pages(docx: Path) -> int:
    """Pages of a DOCX as LibreOffice (Debian's libreoffice-writer-nogui) lays it out."""
    import shutil
    import subprocess

    from pypdf import PdfReader

    office = shutil.which("soffice")
    if office is None:
        import os

        if os.environ.get("CI"):
            raise RuntimeError("LibreOffice is not installed: .ci/run must apt-get install libreoffice-writer-nogui")
        pytest.skip("LibreOffice is not installed here (apt-get install -y libreoffice-writer-nogui)")
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
                   check=True, capture_output=True, timeout=180)
    return len(PdfReader(docx.with_suffix(".pdf")).pages)


def test_brief_gives_a_one_page_note_by_default_and_the_full_note_on_request(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from docx import Document as Docx

    for views in ([], ["--view", "protection_of_civilians"]):  # six views' chart is the tallest
        six = tmp_path / f"note{len(views)}.docx"
        assert run(capsys, "brief", *views, "--format", "docx", "-o", str(six))[0] == 0
        assert _pages(six) == 1
    note = tmp_path / "note.docx"
    code, _, err = run(capsys, "brief", "--view", "resources", "--format", "docx", "-o", str(note))
    assert code == 0, err
    document = Docx(str(note))
    assert _pages(note) == 1
    assert len(document.inline_shapes) <= 1 and not document.tables  # one chart, no tally table
    assert {run.font.name for p in document.paragraphs for run in p.runs if run.font.name} <= {"DejaVu Sans"}
    full = tmp_path / "full.docx"
    assert run(capsys, "brief", "--view", "resources", "--format", "docx", "--full", "-o", str(full))[0] == 0
    assert Docx(str(full)).tables and _pages(full) > 1


def test_the_one_page_note_has_three_quotes_in_date_order_and_clean_markdown(seed_model: Model) -> None:
    from gapmodel.briefing import one_page, to_markdown

    note = one_page(build_note(seed_model, Filters(views=("resources",))))
    assert len(note.quotes) <= 3 and [q.year for q in note.quotes] == sorted(q.year for q in note.quotes)
    assert len(note.headlines) <= 3 and len(note.figures) == 1
    text = to_markdown(note)
    assert "\\." not in text and "\\(" not in text and "\\-" not in text  # no escape where none is needed
    assert "Gap passages by view and year\n\n| View" not in text  # the one-page note has no tally table


def test_the_briefing_page_shows_the_one_page_note_and_the_full_note_on_request() -> None:
    from test_pages import open_page

    at = open_page("pages/9_briefing.py")
    preview = " ".join(m.value for m in at.markdown)
    assert "#### Key quotes" in preview and "#### Gap passages by view and year" not in preview
    at.toggle(key="briefing_full").set_value(True)
    at.run()
    assert "#### Gap passages by view and year" in " ".join(m.value for m in at.markdown)
