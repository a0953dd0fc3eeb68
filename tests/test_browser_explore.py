"""Exploring like an analyst, in Debian's Chromium at 1366 and 1920 pixels wide: two periods compared, "where else
was this said?", every persistent gap in a table that fits, the heatmap of many years, a mission's passages.

Runs its own dashboards: one on the embedded corpus, one on a corpus of sixteen yearly reports made here (so the
heatmap has more than fifteen year columns). Screenshots go to test-artifacts/explore-* for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from files import report
from test_browser import ARTIFACTS, CHROMIUM, FLAGS, _chart_drawn, _settle, playwright

from bench.serve import running_dashboard

WIDTHS = (1366, 1920)
YEARS = [y for y in range(1998, 2019) if y not in (2001, 2004, 2005, 2011, 2012)]  # 16 years, three gaps


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_dashboard(tmp_path_factory.mktemp("home")) as (url, _):
        yield url


@pytest.fixture(scope="module")
def many_years(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    corpus = tmp_path_factory.mktemp("years")
    entries = []
    for year in YEARS:
        (corpus / f"wg-{year}.txt").write_text(report(year), encoding="utf-8")
        entries.append(f"  - id: wg-{year}\n    title: Report of the Working Group for {year}\n"
                       f"    date: {year + 1}-01-31\n    kind: Working Group report\n"
                       f"    period: {year}-01-01/{year}-12-31\n    file: wg-{year}.txt\n")
    (corpus / "corpus.yaml").write_text("documents:\n" + "".join(entries), encoding="utf-8")
    with running_dashboard(tmp_path_factory.mktemp("home"), corpus) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def tab(browser, request: pytest.FixtureRequest) -> Iterator[object]:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": request.param, "height": 1000})
    yield page
    page.close()


def _shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    tab.screenshot(path=str(ARTIFACTS / f"explore-{name}-{tab.viewport_size['width']}.png"), full_page=True)


def test_what_changed_since_the_last_report(server: str, tab) -> None:  # type: ignore[no-untyped-def]
    tab.goto(server)
    _chart_drawn(tab)
    _settle(tab)
    tab.get_by_role("button", name="What changed since the last report").click()
    tab.get_by_role("heading", name="Compare").wait_for(timeout=60_000)
    _chart_drawn(tab)
    _settle(tab)
    assert "/compare" in tab.url
    assert tab.get_by_role("radio", name="The latest document against everything before it").is_checked()
    assert tab.get_by_text(re.compile(r"in the 4 earlier documents and in \d+ passages? in the report of February "
                                      r"2017 .*: up \d+ percentage points?\.")).first.is_visible()
    _shot(tab, "compare")
    # a dot of the latest report (the last trace holds them): its passages in both periods, one click away
    dot = tab.locator('[data-testid="stPlotlyChart"] .scatterlayer .trace').last.locator("path.point").first
    dot.scroll_into_view_if_needed()
    tab.wait_for_timeout(500)
    box = dot.bounding_box()
    assert box is not None
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    _settle(tab)
    tabs = tab.get_by_role("tab")
    tabs.first.wait_for(timeout=30_000)
    names = tabs.all_inner_texts()
    assert names[0].startswith("A: the 4 earlier documents (")
    assert names[1].startswith("B: the report of February 2017 (")
    assert tab.get_by_role("button", name="Pin to basket").count() > 0  # the passages themselves
    _shot(tab, "compare-passages")


def test_two_periods_of_years_and_one_no_document_covers(server: str, tab) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{server}/compare?compare=years&a=2009-2009&b=2016-2016")
    _chart_drawn(tab)
    _settle(tab)
    assert tab.get_by_text("the sidebar's Years filter does not apply on this page").is_visible()
    assert tab.get_by_text(re.compile(r"were raised in \d+ passages? in 2009 and in|was raised in \d+ passages? in "
                                      r"2009 and in")).first.is_visible()  # the periods of the link
    _shot(tab, "compare-years")
    tab.goto(f"{server}/compare?compare=years&a=2009-2009&b=2011-2012")  # no embedded report covers 2011-2015
    tab.get_by_text("No document within the filters covers 2011–2012: there is nothing to compare.",
                    exact=False).wait_for(timeout=60_000)
    assert tab.locator('[data-testid="stPlotlyChart"]').count() == 0  # a sentence, never a chart of zeros


def test_every_persistent_gap_fits_the_page(server: str, tab) -> None:  # type: ignore[no-untyped-def]
    tab.goto(server)
    _chart_drawn(tab)
    _settle(tab)
    grid = tab.locator(".st-key-overview_persistent_0")
    grid.scroll_into_view_if_needed()
    tab.wait_for_timeout(1000)
    scroller = grid.locator(".dvn-scroller").first
    widths = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] <= widths[1] + 1, f"the table scrolls sideways: a column is cut ({widths})"
    _shot(tab, "persistent")
    tab.get_by_text("First raised", exact=True).click()
    _settle(tab)
    assert "sort=first_year" in tab.url


def test_the_heatmap_of_sixteen_years_has_legible_labels(many_years: str, tab) -> None:  # type: ignore[no-untyped-def]
    tab.goto(many_years)
    _chart_drawn(tab)
    _settle(tab)
    labels = tab.locator('[data-testid="stPlotlyChart"]').first.locator(".xtick text")
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    texts = labels.all_text_contents()
    assert len(boxes) > 15 and "2011–12 none" in texts
    spans = sorted((b["x"], b["x"] + b["width"]) for b in boxes if b)
    overlaps = [(a, b) for a, b in zip(spans, spans[1:], strict=False) if b[0] < a[1] - 0.5]
    assert not overlaps, "year labels run into each other"
    _shot(tab, "heatmap-16-years")


def test_where_else_was_this_said_on_a_card(server: str, tab) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{server}/evidence?text=helicopters")
    tab.get_by_text("Where else was this said?").first.wait_for(timeout=60_000)
    _settle(tab)
    tab.get_by_text("Where else was this said?").first.click()
    found = tab.get_by_text("Where else this was said")
    found.wait_for(timeout=60_000)
    listed = tab.locator("ol").filter(has_text="alike in words").first
    assert listed.locator("li").count() == 5
    first = listed.locator("li").first.inner_text()
    assert ", dated " in first and "% alike in words" in first  # each with its citation and how alike
    found.scroll_into_view_if_needed()
    _shot(tab, "where-else")


def test_a_mission_shows_all_its_passages_then_its_gap_list(server: str, tab) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{server}/missions")
    _chart_drawn(tab)
    _settle(tab)
    heading = tab.get_by_role("heading", name=re.compile(r"^Passages about \w+: \d+ passages?$"))
    assert heading.is_visible()
    tab.get_by_text("Gaps only", exact=True).click()
    _settle(tab)
    tab.get_by_role("heading", name=re.compile(r"^Gap list of \w+: \d+ gap passages?$")).wait_for(timeout=30_000)
    assert "stance=gap" in tab.url
    _shot(tab, "missions-gaps")


def test_curating_says_things_plainly(server: str, tab) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{server}/curate")
    tab.get_by_role("tab", name="Add phrases").wait_for(timeout=60_000)
    _settle(tab)
    tab.get_by_label("Phrases, one per line").fill("utility helicopter")
    tab.get_by_role("button", name="Add to the draft").click()
    _settle(tab)
    notice = tab.get_by_text(re.compile(r"“utility helicopter” is already an include phrase of .*Air mobility and "
                                        r"helicopters \(line \d+\)"))
    notice.first.wait_for(timeout=30_000)
    _shot(tab, "curate-duplicate")
    tab.get_by_role("tab", name="Edit the YAML").click()
    editor = tab.locator("textarea").last
    text = editor.input_value()
    air = "      - id: air_mobility\n"
    editor.fill(text.replace(air, air + "        regex: ['(?<=utility)x']\n", 1))
    tab.keyboard.press("Control+Enter")
    _settle(tab)
    plain = tab.get_by_text(re.compile(r"The pattern “\(\?<=utility\)x” on line \d+ \(sub-view Air mobility and "
                                       r"helicopters of Resources and capabilities\) cannot be used"))
    plain.first.wait_for(timeout=30_000)
    located = tab.get_by_text("invalid perl operator", exact=False)
    assert not located.first.is_visible()  # the loader's message waits behind Details
    tab.get_by_text("Details", exact=True).first.click()
    located.first.wait_for(timeout=10_000)
    _shot(tab, "curate-plain-error")
