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
