"""Comparing two periods: the counts against a plain count of the passages, the statuses, the sentences, and
the Compare page (AppTest)."""

from __future__ import annotations

import pytest
from conftest import DATA
from test_pages import PAGES, figure, open_page

from gapmodel import columns as C
from gapmodel.compare import (
    Period,
    compare,
    latest_against_earlier,
    overlap,
    passages_behind,
    problem,
    sentences,
    years_within,
)
from gapmodel.model import Model

COMPARE = "pages/14_compare.py"
Y2009 = Period(label="2009", years=(2009, 2009))
Y2016 = Period(label="2016", years=(2016, 2016))


@pytest.mark.parametrize("stance", ["all", "gap"])
def test_counts_and_shares_equal_a_plain_count(seed_model: Model, stance: str) -> None:
    p = seed_model.passages
    result = compare(seed_model, p, Y2009, Y2016, subviews=True, stance=stance)
    in_a, in_b = p[p[C.YEAR] == 2009], p[p[C.YEAR] == 2016]
    assert result.totals == (len(in_a), len(in_b))
    assert result.years == ((2009,), (2016,))
    assert len(result.rows) > 10
    for row in result.rows.itertuples():
        code = f"{row.view}.{row.subview}" if row.subview else row.view
        column = C.SUBVIEWS if row.subview else C.VIEWS

        def plain(frame):  # type: ignore[no-untyped-def]
            has = frame[column].map(lambda codes: code in codes)  # noqa: B023
            return int((has & (frame[C.GAP] if stance == "gap" else True)).sum())

        assert (row.passages_a, row.passages_b) == (plain(in_a), plain(in_b)), code
        assert row.share_a == pytest.approx(row.passages_a / len(in_a))
        assert row.share_b == pytest.approx(row.passages_b / len(in_b))
        assert len(passages_behind(seed_model, p, Y2009, code, stance=stance)) == row.passages_a
        assert len(passages_behind(seed_model, p, Y2016, code, stance=stance)) == row.passages_b
    assert list(result.rows["change"]) == sorted(result.rows["change"], reverse=True)


def test_statuses(seed_model: Model) -> None:
    rows = compare(seed_model, seed_model.passages, Y2009, Y2016, subviews=True, stance="gap").rows
    for row in rows.itertuples():
        expected = ("appeared" if row.passages_a == 0 else "vanished" if row.passages_b == 0
                    else "steady" if abs(row.change) < 0.01 else "rose" if row.change > 0 else "fell")
        assert row.status == expected
    assert {"appeared", "vanished", "rose", "fell"} <= set(rows["status"])
    assert not ((rows["passages_a"] == 0) & (rows["passages_b"] == 0)).any()  # raised in neither: not listed


def test_sentences_say_passages_shares_and_direction(seed_model: Model) -> None:
    result = compare(seed_model, seed_model.passages, Y2009, Y2016, subviews=True, stance="gap")
    told = sentences(result, seed_model.taxonomy)
    assert told[0] == ("Gaps in technology and intelligence were raised in 3 passages in 2009 and in 19 passages "
                       "in 2016 (2% and 13% of all passages): up 11 percentage points.")
    assert ("Gaps in technology and equipment as capability (resources and capabilities) were raised in no passage "
            "in 2009 and in 10 passages in 2016: new, 7% of all passages.") in told  # a sub-view names its view
    assert ("Gaps in peacebuilding and transitions were raised in 9 passages in 2009 and in none in 2016: gone, "
            "from 6% of all passages.") in told
    assert any(s.startswith("Gaps in mandate formulation were raised in 18 passages in 2009") and
               s.endswith("down 12 percentage points.") for s in told)


def test_a_range_covered_in_part_says_so(seed_model: Model) -> None:
    result = compare(seed_model, seed_model.passages, Period(label="2007–2010", years=(2007, 2010)), Y2016,
                     stance="gap")
    assert result.a.label == "2007–2010 (only 2009–10 covered)" and result.b.label == "2016"
    assert " in 2007–2010 (only 2009–10 covered) and in " in sentences(result, seed_model.taxonomy)[0]


def test_a_period_no_document_covers_is_absent_not_zero(seed_model: Model) -> None:
    empty = Period(label="2012–2014", years=(2012, 2014))
    result = compare(seed_model, seed_model.passages, Y2009, empty)
    assert result.totals[1] == 0
    assert set(result.rows["status"]) == {"vanished"}  # what missing_period stops: never shown as "gone"
    assert problem(result) == ("No document within the filters covers 2012–2014: there is nothing to "
                               "compare. Choose another period, or loosen the sidebar's filters.")
    assert problem(compare(seed_model, seed_model.passages, Y2009, Y2016)) is None


def test_overlapping_and_identical_periods_are_said(seed_model: Model) -> None:
    p = seed_model.passages
    both = compare(seed_model, p, Period(label="2005–2016", years=(2005, 2016)), Y2016)
    assert both.shared == (p[C.YEAR] == 2016).sum() > 0
    assert overlap(both) == (f"A and B share {both.shared} passages: they are counted in both, so every change "
                             "between them looks smaller than it is. Choose periods that do not overlap for a clean "
                             "comparison.")
    assert overlap(compare(seed_model, p, Y2009, Y2016)) is None
    same = compare(seed_model, p, Y2016, Period(label="the 2016 report", documents=("wgpko-2016",)))
    assert problem(same) == "A and B hold the same passages: there is nothing to compare. Choose two different periods."


@pytest.mark.parametrize(("stance", "begins"), [
    ("all", "Resources and capabilities was raised in "), ("gap", "Gaps in resources and capabilities were raised in "),
    ("remedy", "Remedies for resources and capabilities were proposed in "),
    ("progress", "Progress on resources and capabilities was reported in "),
    ("neutral", "Resources and capabilities, with no gap, remedy or progress, was raised in "),
])
def test_each_stance_is_said_in_its_own_words(seed_model: Model, stance: str, begins: str) -> None:
    result = compare(seed_model, seed_model.passages, Y2009, Y2016, views=("resources",), stance=stance)
    assert sentences(result, seed_model.taxonomy)[0].startswith(begins)


def test_latest_document_against_everything_before_it(seed_model: Model) -> None:
    periods = latest_against_earlier(seed_model, seed_model.passages)
    assert periods is not None
    before, latest = periods
    assert latest.documents == ("wgpko-2016",)
    assert set(before.documents) == {d.id for d in seed_model.documents} - {"wgpko-2016"}
    assert before.label == "the 4 earlier documents"
    from gapmodel.summary import latest_change

    assert latest_change(seed_model, seed_model.passages).startswith(
        "Of the six core views, the latest document, the report of February 2017, raises resources")
    assert latest_change(seed_model, seed_model.passages, views=("resources",)).startswith("The latest document")
    one = seed_model.passages[seed_model.passages[C.DOCUMENT] == "wgpko-2016"]
    assert latest_against_earlier(seed_model, one) is None


def test_documents_as_periods(seed_model: Model) -> None:
    a = Period(label="the 2006 report", documents=("wgpko-2006",))
    b = Period(label="the 2016 report", documents=("wgpko-2016",))
    result = compare(seed_model, seed_model.passages, a, b, views=("resources",))
    p = seed_model.passages
    assert result.totals == ((p[C.DOCUMENT] == "wgpko-2006").sum(), (p[C.DOCUMENT] == "wgpko-2016").sum())
    assert list(result.rows[C.VIEW]) == ["resources"]


@pytest.mark.parametrize(("value", "period"), [
    ("2005-2010", (2005, 2010)), ("2010-2005", (2005, 2010)), ((2009, 2009), (2009, 2009)),
    ([2016, 2009], (2009, 2016)), ("2005-2030", None), ("2005", None), ("x-y", None), (None, None),
    ((2005, 2006, 2007), None),
])
def test_a_period_from_a_link(value: object, period: tuple[int, int] | None) -> None:
    assert years_within(value, range(2005, 2017)) == period


# The page


@pytest.mark.usefixtures("mini_corpus")
def test_compare_page_latest_against_before_by_default() -> None:
    at = open_page(COMPARE)
    assert at.radio(key="compare_mode").value == "latest"
    caption = " ".join(c.value for c in at.caption)
    assert "**A**: the 1 earlier document" in caption and "Years filter does not apply" in caption
    spec = figure(at)
    assert {t["name"] for t in spec["data"] if t.get("mode") == "markers"} == {
        "the 1 earlier document", "the report of January 2014"}
    lines = [t for t in spec["data"] if t.get("mode") == "lines"]
    assert at.dataframe[0].value.shape[0] == len(lines)


def test_the_period_sliders_move_and_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPMODEL_CORPUS", str(DATA))
    at = open_page(COMPARE, compare_mode="years")
    assert at.select_slider(key="compare_a").value == (2005, 2010)
    at.select_slider(key="compare_a").set_value((2005, 2006)).run()
    at.select_slider(key="compare_b").set_value((2009, 2016)).run()
    assert at.select_slider(key="compare_a").value == (2005, 2006)  # once set each run, it sprang back
    assert at.select_slider(key="compare_b").value == (2009, 2016)
    assert (at.query_params["a"], at.query_params["b"]) == ("2005-2006", "2009-2016")
    assert " ".join(c.value for c in at.caption).count("**A**: 2005–2006, ") == 1


@pytest.mark.usefixtures("mini_corpus")
def test_compare_page_documents_kept_in_the_link() -> None:
    at = open_page(COMPARE, compare_mode="documents")
    assert at.multiselect(key="compare_a_docs").value == ["mini-2011"]
    assert at.multiselect(key="compare_b_docs").value == ["mini-2013"]
    assert (at.query_params["docs_a"], at.query_params["docs_b"]) == ("mini-2011", "mini-2013")
    at.multiselect(key="compare_b_docs").select("mini-2011").run()
    assert at.multiselect(key="compare_b_docs").value == ["mini-2013", "mini-2011"]
    assert at.query_params["docs_b"] == "mini-2013,mini-2011"
    at = open_page(COMPARE, compare_mode="documents", compare_a_docs=["mini-2011"], filter_documents=["mini-2013"])
    assert "outside the sidebar's Documents filter" in " ".join(c.value for c in at.caption)
    assert at.info[0].value == "Choose at least one document on each side."


@pytest.mark.usefixtures("mini_corpus")
def test_a_dot_of_a_view_no_longer_drawn_opens_nothing() -> None:
    click = {"selection": {"points": [{"customdata": ["resources", "air_mobility", "b"]}], "point_indices": [0],
                           "box": [], "lasso": []}}
    at = open_page(COMPARE, compare_chart=click)  # views level: the sub-view's dot is not on the chart
    assert not at.subheader and not at.tabs


@pytest.mark.usefixtures("mini_corpus")
def test_compare_page_years_and_an_uncovered_period() -> None:
    at = open_page(COMPARE, compare_mode="years", compare_a=(2011, 2011), compare_b=(2012, 2012))
    assert at.info[0].value.startswith("No document within the filters covers 2012: there is nothing to compare.")
    at = open_page(COMPARE, compare_mode="years", compare_a=(2011, 2011), compare_b=(2013, 2013))
    assert not at.info
    assert (at.query_params["a"], at.query_params["b"]) == ("2011-2011", "2013-2013")  # a link keeps both
    assert any(m.value.startswith("- ") and "in 2011 and in" in m.value for m in at.markdown)


@pytest.mark.usefixtures("mini_corpus")
def test_compare_page_a_click_lists_the_passages_of_both_periods(mini: Model) -> None:
    click = {"selection": {"points": [{"customdata": ["resources", "", "b"]}], "point_indices": [0], "box": [],
                           "lasso": []}}
    at = open_page(COMPARE, compare_chart=click)
    assert at.subheader[0].value == "Resources and capabilities"
    p = mini.passages
    on = p[C.VIEWS].map(lambda v: "resources" in v)
    n_a, n_b = int((on & (p[C.DOCUMENT] == "mini-2011")).sum()), int((on & (p[C.DOCUMENT] == "mini-2013")).sum())
    assert [t.label for t in at.tabs] == [f"A: the 1 earlier document ({n_a} passage{'s' * (n_a != 1)})",
                                          f"B: the report of January 2014 ({n_b} passage{'s' * (n_b != 1)})"]


@pytest.mark.usefixtures("mini_corpus")
def test_compare_page_follows_the_passages_filter_not_the_years_filter() -> None:
    at = open_page(COMPARE, filter_stance="gap", filter_years=(2013, 2013))
    caption = " ".join(c.value for c in at.caption)
    assert "Counting: gaps only." in caption
    assert "**A**: the 1 earlier document" in caption  # 2011 still compared: the years filter does not apply


@pytest.mark.usefixtures("mini_corpus")
def test_overview_button_opens_what_changed_since_the_last_report() -> None:
    at = open_page(PAGES[0], compare_mode="years")
    at.button(key="overview_compare").click().run()
    assert not at.exception
    assert at.title[0].value == "Compare"
    assert at.radio(key="compare_mode").value == "latest"
