"""Chart layouts that must stay legible: the heatmap's year labels however many years the documents cover."""

from __future__ import annotations

import pandas as pd
import pytest

from gapmodel import charts
from gapmodel import columns as C
from gapmodel.taxonomy import Taxonomy


def _year_tally(taxonomy: Taxonomy, years: list[int]) -> pd.DataFrame:
    return pd.DataFrame([{C.VIEW: v.id, C.SUBVIEW: "", C.YEAR: y, C.PASSAGES: (i + y) % 7, C.SHARE: 0.1}
                         for i, v in enumerate(taxonomy.views) if v.core for y in years])


def test_a_few_years_lie_flat_on_two_lines(taxonomy: Taxonomy) -> None:
    fig = charts.heatmap(_year_tally(taxonomy, [2005, 2006, 2009, 2010, 2016]), taxonomy)
    assert list(fig.data[0].x) == ["2005", "2006", "2007–08<br>none", "2009", "2010", "2011–15<br>none", "2016"]
    assert fig.layout.xaxis.tickangle == 0
    assert fig.data[0].texttemplate == "%{z}"


@pytest.mark.parametrize("count", [15, 20])
def test_fifteen_years_or_more_stand_upright_on_one_line(taxonomy: Taxonomy, count: int) -> None:
    years = [y for y in range(1999, 1999 + count + 3) if y not in (2003, 2007, 2008)][:count]
    fig = charts.heatmap(_year_tally(taxonomy, years), taxonomy)
    assert fig.layout.xaxis.tickangle == -90  # upright: labels never run into each other however narrow
    assert all("<br>" not in label for label in fig.data[0].x)
    assert "2003 none" in fig.data[0].x and "2007–08 none" in fig.data[0].x
    assert fig.layout.margin.t >= 120  # the title stays above the upright labels


def test_numbers_leave_cells_too_narrow_for_them(taxonomy: Taxonomy) -> None:
    fig = charts.heatmap(_year_tally(taxonomy, list(range(1990, 2016))), taxonomy)
    assert fig.data[0].texttemplate is None
    assert "1990" in fig.data[0].text[0][0]  # the hover still says the number and the year


def test_a_comparison_in_passages_is_ordered_and_worded_by_passages(seed_model) -> None:  # type: ignore[no-untyped-def]
    from gapmodel.compare import compare, latest_against_earlier

    periods = latest_against_earlier(seed_model, seed_model.passages)
    assert periods is not None
    rows = compare(seed_model, seed_model.passages, *periods).rows
    fig = charts.comparison(rows, seed_model.taxonomy, a="A", b="B", value=C.PASSAGES)
    words = {label: note.text for label, note in zip(fig.layout.yaxis.ticktext, fig.layout.annotations, strict=True)}
    partnerships = rows[rows[C.VIEW] == "partnerships"].iloc[0]
    assert partnerships["change"] > 0 > partnerships["passages_b"] - partnerships["passages_a"]  # share up, count down
    assert words["Partnerships"] == f"down {partnerships['passages_a'] - partnerships['passages_b']}"
    assert len(fig.layout.annotations) == len(rows)
    a_dots, b_dots = [t for t in fig.data if t.mode == "markers"]  # top to bottom (the axis is reversed)
    changes = [int(b) - int(a) for a, b in zip(a_dots.x, b_dots.x, strict=True)]
    assert changes == sorted(changes, reverse=True)  # largest rise in passages first


def test_a_sub_view_on_a_comparison_names_its_view(seed_model) -> None:  # type: ignore[no-untyped-def]
    from gapmodel.compare import Period, compare

    rows = compare(seed_model, seed_model.passages, Period(label="2009", years=(2009, 2009)),
                   Period(label="2016", years=(2016, 2016)), views=("resources",), subviews=True).rows
    fig = charts.comparison(rows, seed_model.taxonomy, a="2009", b="2016")
    assert "Air mobility and helicopters<br><span style='font-size:12px;color:#555'>Resources and capabilities</span>" \
        in fig.layout.yaxis.ticktext


@pytest.mark.parametrize(("n", "noun", "said"), [
    (1, "gap passages", "1 gap passage"), (2, "gap passages", "2 gap passages"), (1, "meetings", "1 meeting"),
    (1, "passages proposing remedies", "1 passage proposing remedies"),
    (1, "passages reporting progress", "1 passage reporting progress"), (0, "passages", "0 passages"),
])
def test_count(n: int, noun: str, said: str) -> None:
    assert charts.count(n, noun) == said


def test_bars_of_years_stand_in_year_order(taxonomy: Taxonomy) -> None:
    frame = pd.DataFrame([{C.VIEW: "resources", C.SUBVIEW: "", C.YEAR: 2006, C.PASSAGES: 1},
                          {C.VIEW: "partnerships", C.SUBVIEW: "", C.YEAR: 2005, C.PASSAGES: 2},
                          {C.VIEW: "partnerships", C.SUBVIEW: "", C.YEAR: 2006, C.PASSAGES: 1}])
    fig = charts.bars(frame, taxonomy, x=C.YEAR, title="t")
    assert list(fig.layout.xaxis.categoryarray) == ["2005", "2006"]  # not 2006 first, as its first bar came
