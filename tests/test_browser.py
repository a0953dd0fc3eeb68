"""The main flows in a real browser: Debian's Chromium driven by Playwright (never a downloaded browser).

Starts the dashboard on a free localhost port on the embedded corpus, opens the
overview, applies a filter, clicks through to the passages behind a cell and
searches the evidence. Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

from bench.serve import running_dashboard

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

playwright = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else __import__(
    "playwright.sync_api", fromlist=["sync_playwright"])
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("Debian's chromium is not installed: .ci/run must apt-get install it.")
    pytest.skip("Debian's chromium is not installed here (apt-get install -y chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    started = time.monotonic()
    with running_dashboard(tmp_path_factory.mktemp("home")) as (url, _):
        print(f"server up after {time.monotonic() - started:.1f}s")
        yield url


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir()
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield tab
        browser.close()


def _chart_drawn(tab) -> None:  # type: ignore[no-untyped-def]
    tab.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg', timeout=60_000)


def _settle(tab) -> None:  # type: ignore[no-untyped-def]
    """Wait until the page has finished its run: no running indicator and no element left from the last run
    (a click on an element being replaced is lost)."""
    tab.wait_for_timeout(500)
    tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
                          " && !document.querySelector('[data-stale=\"true\"]')", timeout=60_000)
    tab.wait_for_timeout(500)


def test_overview_filter_click_through_and_evidence(server: str, page) -> None:  # type: ignore[no-untyped-def]
    tab = page
    started = time.monotonic()
    tab.goto(server)
    _chart_drawn(tab)
    print(f"first chart drawn {time.monotonic() - started:.1f}s after the page was opened")
    tab.screenshot(path=str(ARTIFACTS / "1-overview.png"), full_page=True)
    assert tab.get_by_text("Gap passages by view and year").first.is_visible()
    assert tab.get_by_text("The most persistent gaps").is_visible()

    views = tab.locator('[data-testid="stMultiSelect"] [role="combobox"]').first
    views.click()
    views.fill("Resources and capabilities")
    tab.keyboard.press("Enter")
    tab.keyboard.press("Escape")
    _settle(tab)
    _chart_drawn(tab)
    assert re.search(r"views=resources", tab.url)
    tab.screenshot(path=str(ARTIFACTS / "2-filtered.png"), full_page=True)

    drag = tab.locator('[data-testid="stPlotlyChart"] .nsewdrag').first
    box = drag.bounding_box()
    assert box is not None
    columns = 7  # 2005, 2006, 2007-08 (none), 2009, 2010, 2011-15 (none), 2016
    tab.mouse.click(box["x"] + box["width"] * (6.5 / columns), box["y"] + box["height"] / 2)
    _settle(tab)
    heading = tab.get_by_role("heading", name=re.compile(r"\d+ gap passages? on Resources and capabilities in 2016"))
    heading.wait_for(timeout=30_000)
    assert heading.is_visible()
    assert tab.get_by_role("button", name="Pin to basket").count() > 0  # the passages themselves, not a hover
    tab.screenshot(path=str(ARTIFACTS / "3-cell-passages.png"), full_page=True)

    tab.get_by_role("link", name="Evidence").click()
    _settle(tab)
    assert "views=resources" in tab.url  # the filter followed us to the next page
    search = tab.get_by_role("textbox", name="Search passages")
    search.fill("helicopters")
    search.press("Enter")
    _settle(tab)
    found = tab.get_by_text(re.compile(r"\d+ passages"))
    found.first.wait_for(timeout=30_000)
    assert tab.locator("mark").count() > 0  # matched phrases are highlighted
    tab.screenshot(path=str(ARTIFACTS / "4-evidence.png"), full_page=True)


def test_build_a_briefing_note_and_download_it(server: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document as Docx

    tab = page
    tab.goto(f"{server}/briefing?views=resources")
    tab.get_by_text("Briefing note: gaps in resources and capabilities").first.wait_for(timeout=60_000)
    with tab.expect_download() as markdown:
        tab.get_by_role("button", name="Download as Markdown").click()
    path = tmp_path / "note.md"
    markdown.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Briefing note: gaps in resources and capabilities")
    assert "most recently at the meeting of 3 November 2016" in text

    tab.get_by_role("button", name="Make the Word document (with charts)").click()
    download = tab.get_by_role("button", name="Download the Word document")
    download.wait_for(timeout=90_000)
    with tab.expect_download() as word:
        download.click()
    docx_path = tmp_path / "note.docx"
    word.value.save_as(docx_path)
    document = Docx(str(docx_path))
    assert document.paragraphs[0].text == "Briefing note: gaps in resources and capabilities"
    assert len(document.inline_shapes) == 1  # the one-page note's chart, drawn by kaleido in Debian's chromium

    _settle(tab)  # the Word download reruns the page: wait for it to finish before the next click
    with tab.expect_download(timeout=90_000) as passages:  # made only when clicked
        tab.get_by_role("button", name="Passages with citations (CSV)").click()
    csv_path = tmp_path / "passages.csv"
    passages.value.save_as(csv_path)
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("# ") and any("Resources and capabilities" in line for line in lines[1:4])
    _settle(tab)
    with tab.expect_download(timeout=90_000) as workbook:
        tab.get_by_role("button", name="Both (XLSX)").click()
    xlsx_path = tmp_path / "gaps.xlsx"
    workbook.value.save_as(xlsx_path)
    import openpyxl

    assert openpyxl.load_workbook(xlsx_path).sheetnames == ["Tallies", "Passages", "About"]
    tab.screenshot(path=str(ARTIFACTS / "5-briefing.png"), full_page=True)


def _documents_page_as_ana(tab, server: str):  # type: ignore[no-untyped-def]
    """The Documents page, with Ana's name entered (saving needs one)."""
    tab.goto(f"{server}/documents")
    tab.get_by_role("heading", name="Add a document").wait_for(timeout=60_000)
    name = tab.get_by_role("textbox", name="Your name")
    name.fill("Ana")
    name.press("Enter")
    _settle(tab)
    return tab


def test_add_a_pdf_and_a_docx_from_the_browser(server: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from files import REPORT_2018, make_docx, make_pdf

    tab = _documents_page_as_ana(page, server)
    files = {"report-2018.pdf": make_pdf([REPORT_2018]),
             "report-2017.docx": make_docx(REPORT_2018.replace("2018", "2017"),
                                           [["Date", "Topic"], ["14 March 2017", "Air mobility"]])}
    for number, (file_name, content) in enumerate(files.items(), start=1):
        path = tmp_path / file_name
        path.write_bytes(content)
        tab.locator('[data-testid="stFileUploaderDropzone"] input[type="file"]').first.set_input_files(str(path))
        tab.get_by_text(re.compile(r"Read \d+ passages")).first.wait_for(timeout=60_000)
        _settle(tab)
        assert tab.get_by_text("Meetings found", exact=True).is_visible()
        tab.screenshot(path=str(ARTIFACTS / f"6-preview-{number}.png"), full_page=True)
        tab.get_by_role("button", name="Save to my workspace").click()
        tab.get_by_text(re.compile(r"Saved '.+' as report-201\d")).first.wait_for(timeout=60_000)
    listed = tab.get_by_text(re.compile(r"added by Ana on"))
    listed.first.wait_for(timeout=30_000)
    _settle(tab)  # the page is still drawing after the save's rerun
    assert listed.count() == 2
    assert tab.get_by_text(re.compile(r"7 documents")).first.is_visible()  # the embedded five and these two
    assert tab.get_by_text("2018", exact=True).first.is_visible()  # the years filter grew to the new year
    tab.screenshot(path=str(ARTIFACTS / "7-documents.png"), full_page=True)


def test_filters_and_name_survive_several_page_changes(server: str, page) -> None:  # type: ignore[no-untyped-def]
    tab = page
    tab.goto(server)
    _chart_drawn(tab)
    name = tab.get_by_role("textbox", name="Your name")
    name.fill("Ana")
    name.press("Enter")
    _settle(tab)
    tab.get_by_text("Gaps only").click()
    _settle(tab)
    for title in ("Evidence", "Trends", "Meetings", "Overview"):  # Streamlit forgot them from the second change on
        tab.get_by_role("link", name=title, exact=True).click()
        _settle(tab)
        assert tab.get_by_role("textbox", name="Your name").input_value() == "Ana", title
        assert tab.get_by_role("radio", name="Gaps only").is_checked(), title
        assert "stance=gap" in tab.url, title


def test_add_several_files_at_once_from_the_browser(server: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from files import make_docx, report

    tab = _documents_page_as_ana(page, server)
    files = {"batch-2013.txt": report(2013).encode(), "batch-2014.docx": make_docx(report(2014)),
             "batch-minutes.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64)}
    for file_name, content in files.items():
        (tmp_path / file_name).write_bytes(content)
    tab.locator('[data-testid="stFileUploaderDropzone"] input[type="file"]').first.set_input_files(
        [str(tmp_path / n) for n in files])  # one upload of three files
    tab.get_by_text("Added 2 of 3 files to your workspace; 1 was refused and left it as it was.").wait_for(
        timeout=90_000)
    _settle(tab)
    rows = tab.locator(".st-key-documents_batch_results table tbody tr")
    cells = [[c.strip() for c in rows.nth(i).locator("td").all_inner_texts()] for i in range(rows.count())]
    title = "Report of the Security Council Working Group on Peacekeeping Operations"
    assert [row[:3] for row in cells] == [
        ["batch-2013.txt", "added", f"{title}, dated 2014-01-31"],
        ["batch-2014.docx", "added", f"{title}, dated 2015-01-31"],
        ["batch-minutes.doc", "refused", "batch-minutes.doc is an old Word (.doc) or Office file. Open it in Word "
                                         "and save it as .docx or PDF, then add it again."]]
    assert [row[4] for row in cells] == ["2", "2", ""] and cells[2][3] == ""
    assert tab.get_by_role("button", name="Save to my workspace").count() == 0  # no preview of one file
    for ident in ("batch-2013", "batch-2014"):
        assert tab.get_by_text(ident, exact=True).first.is_visible()  # listed among the documents in the workspace
    tab.screenshot(path=str(ARTIFACTS / "8-several-files.png"), full_page=True)


def test_no_page_asks_a_server_on_the_internet_for_anything(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """Experts often work offline: every request a page makes goes to the app itself (the page icon once came
    from a font server on the internet)."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("", "evidence", "documents"):
        page.goto(f"{server}/{path}")
        _settle(page)
    outside = [url for url in requests if not url.startswith((server, "data:", "blob:", server.replace("http", "ws")))]
    assert requests and not outside, outside


def test_briefing_one_page_then_full_and_present_with_its_menu(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """The retreat flows: the one-page note by default (one chart), the full note a switch away (two charts); the
    Present page keeps the menu, and its source line is there whole."""
    tab = page
    tab.goto(f"{server}/briefing")
    _chart_drawn(tab)
    _settle(tab)
    assert tab.locator('[data-testid="stPlotlyChart"]').count() == 1
    tab.get_by_text("Full note (two charts, the tally table, five quotes) instead of one page").click()
    _settle(tab)
    tab.wait_for_function("document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length >= 2",
                          timeout=60_000)
    tab.screenshot(path=str(ARTIFACTS / "6-briefing-full.png"), full_page=True)
    tab.goto(f"{server}/present")
    _chart_drawn(tab)
    _settle(tab)
    assert tab.get_by_role("link", name="Overview", exact=True).is_visible()  # the shared menu
    assert tab.get_by_text("Make PNG, SVG and a slide deck at presentation size").is_visible()
    chart = tab.locator('[data-testid="stPlotlyChart"]').first.text_content() or ""
    assert "Source: Mandate Gap Monitor" in chart and "taxonomy" in chart  # the source line, wrapped, not cut
    tab.screenshot(path=str(ARTIFACTS / "7-present.png"), full_page=True)
