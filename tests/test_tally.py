"""Tallies: long tables whose every number can be traced to the passages behind it."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES

from gapmodel import columns as C
from gapmodel.corpus import load_corpus
from gapmodel.filters import ORDERS, ordered
from gapmodel.model import Model, build_model
from gapmodel.tables import model_tables
from gapmodel.tally import passages_behind, recurrence, tally
from gapmodel.taxonomy import Taxonomy


@pytest.fixture(scope="module")
def mini(taxonomy: Taxonomy) -> Model:
    return build_model(load_corpus(FIXTURES / "mini"), taxonomy)


def test_columns(seed_model: Model) -> None:
    frame = tally(seed_model, "year")
    assert list(frame.columns) == [C.VIEW, C.SUBVIEW, C.YEAR, C.PASSAGES, C.GAP_PASSAGES, C.SHARE, C.DOCUMENTS,
                                  C.REVIEWED]


def test_years_without_documents_are_absent_not_zero(mini: Model) -> None:
    frame = tally(mini, "year", views=["resources"])
    assert list(frame[C.YEAR]) == [2011, 2013]  # 2012 has no document


def test_mini_corpus_counts_by_hand(mini: Model) -> None:
    frame = tally(mini, "year", views=["resources", "protection_of_civilians"], subviews=True)
    cell = frame.set_index([C.VIEW, C.SUBVIEW, C.YEAR])
    # 2011: paragraph 2 (helicopters, training) and paragraph 1 (air mobility) speak to resources.
    assert cell.loc[("resources", "", 2011), C.PASSAGES] == 2
    assert cell.loc[("resources", "air_mobility", 2013), C.PASSAGES] == 1
    assert cell.loc[("resources", "air_mobility", 2013), C.GAP_PASSAGES] == 1
    assert cell.loc[("protection_of_civilians", "", 2013), C.PASSAGES] == 2
    assert cell.loc[("protection_of_civilians", "", 2013), C.SHARE] == pytest.approx(2 / 3, abs=1e-4)
    assert cell.loc[("protection_of_civilians", "", 2011), C.PASSAGES] == 0  # covered, not raised: a real zero


@pytest.mark.parametrize("by", ["year", "meeting", "document", "mission"])
def test_every_cell_lists_the_passages_behind_it(seed_model: Model, by: str) -> None:
    frame = tally(seed_model, by, subviews=True)
    key = {"year": C.YEAR, "meeting": C.MEETING, "document": C.DOCUMENT, "mission": C.MISSION}[by]
    for row in frame[frame[C.PASSAGES] > 0].sample(n=40, random_state=1).itertuples(index=False):
        behind = passages_behind(seed_model, row.view, row.subview, by=by, key=getattr(row, key))
        assert len(behind) == row.passages
        assert int(behind[C.GAP].sum()) == row.gap_passages
        assert behind[C.DOCUMENT].nunique() == row.documents


def test_gaps_only_counts_gap_passages(seed_model: Model) -> None:
    all_rows = tally(seed_model, "document", views=["resources"]).set_index(C.DOCUMENT)
    gaps = tally(seed_model, "document", views=["resources"], gaps_only=True).set_index(C.DOCUMENT)
    assert (gaps[C.PASSAGES] == all_rows[C.GAP_PASSAGES]).all()


def test_share_is_of_all_passages_with_the_key(seed_model: Model) -> None:
    frame = tally(seed_model, "document", views=["resources"]).set_index(C.DOCUMENT)
    sizes = seed_model.passages.groupby(C.DOCUMENT).size()
    for doc, row in frame.iterrows():
        assert row[C.SHARE] == pytest.approx(row[C.PASSAGES] / sizes[doc], abs=1e-4)


def test_meeting_tally_has_one_row_per_series(seed_model: Model) -> None:
    frame = tally(seed_model, "meeting", views=["benchmarks"])
    series = frame[frame[C.MEETING].str.endswith("/series")]
    # Four documents have passages no meeting claims; every Istanbul passage belongs to the retreat.
    assert sorted(series[C.MEETING]) == sorted(f"{d}/series" for d in
                                              ["wgpko-2006", "wgpko-2009-interim", "wgpko-2009-december", "wgpko-2016"])


def test_mission_tally_is_whole_words(seed_model: Model) -> None:
    frame = tally(seed_model, "mission", views=["partnerships"])
    missions = set(frame[C.MISSION])
    assert {"UNMIS", "UNMEE", "MONUC", "MONUSCO", "AMISOM"} <= missions
    unmis = seed_model.passages[seed_model.passages[C.MISSIONS].map(lambda m: "UNMIS" in m)][C.TEXT]
    assert len(unmis) and all(re.search(r"\bUNMIS\b|(?i:mission in the Sudan)", t) for t in unmis)
    unmiss = seed_model.passages[seed_model.passages[C.MISSIONS].map(lambda m: "UNMISS" in m)][C.TEXT]
    assert list(unmiss.str.contains("Mission in South Sudan")) == [True]


def test_recurrence(seed_model: Model) -> None:
    frame = recurrence(seed_model)
    top = frame.iloc[0]
    assert top["years"] == frame["years"].max()
    row = frame[(frame[C.VIEW] == "resources") & (frame[C.SUBVIEW] == "")].iloc[0]
    gap_years = seed_model.passages[seed_model.passages[C.GAP]
                                    & seed_model.passages[C.VIEWS].map(lambda v: "resources" in v)][C.YEAR]
    assert row["years"] == gap_years.nunique()
    assert (row["first_year"], row["last_year"]) == (gap_years.min(), gap_years.max())
    assert row["year_list"] == tuple(sorted(gap_years.unique()))


def test_a_sub_view_found_by_common_words_is_marked_generic(seed_model: Model) -> None:
    frame = recurrence(seed_model).set_index([C.VIEW, C.SUBVIEW])
    # "mandate" near "change", "renewal", "design"...: of its 18 gap passages, two say "mandate renewal"
    drafting = frame.loc[("mandate_formulation", "drafting_renewal")]
    assert (drafting[C.PASSAGES], drafting["specific"], drafting["generic"]) == (18, 2, True)
    clear = frame.loc[("mandate_formulation", "clarity_achievability")]  # "achievable mandates", "vague mandates"
    assert (clear[C.PASSAGES], clear["specific"], clear["generic"]) == (12, 7, False)
    air = frame.loc[("resources", "air_mobility")]
    assert air["specific"] == air[C.PASSAGES] and not air["generic"]
    assert (frame["specific"] <= frame[C.PASSAGES]).all()
    view = frame.loc[("mandate_formulation", "")]  # its sub-views' terms of art count for it: "rules of engagement"
    assert (view[C.PASSAGES], view["specific"], view["generic"]) == (35, 16, False)
    assert list(frame["generic"]) == list(frame["specific"] < 0.25 * frame[C.PASSAGES])


def test_tallies_and_tables_never_mutate_the_model(seed_model: Model) -> None:
    before = seed_model.passages.copy()
    model_tables(seed_model)
    tally(seed_model, "mission", subviews=True)
    assert before.equals(seed_model.passages)


@pytest.mark.parametrize("order", ORDERS)
def test_evidence_orders_are_those_of_a_sort_by_columns(seed_model: Model, order: str) -> None:
    passages = seed_model.passages.iloc[::3]
    rank = {b.id: i for i, b in enumerate(seed_model.taxonomy.breadth)}
    by_columns = {
        "document order": passages,
        "broadest first": passages.assign(_r=passages[C.BREADTH].map(lambda b: rank.get(b, len(rank))))
        .sort_values(["_r", C.YEAR], ascending=[True, False], kind="stable").drop(columns="_r"),
        "most recent first": passages.sort_values([C.YEAR, C.DOCUMENT, C.ORDINAL], ascending=[False, True, True],
                                                  kind="stable"),
    }[order]
    assert ordered(seed_model, passages, order)[C.PASSAGE_ID].tolist() == by_columns[C.PASSAGE_ID].tolist()
    assert len(set(by_columns[C.YEAR])) > 1 and len(set(by_columns[C.BREADTH])) > 1  # the orders differ


def test_mission_tally_when_there_are_as_many_mentions_as_passages(seed_model: Model) -> None:
    from dataclasses import replace

    p = seed_model.passages.copy()
    first_two = p.index[:2]
    p[C.MISSIONS] = [("UNMIS",)] * len(p)
    p.loc[first_two[0], C.MISSIONS] = ("UNMIS", "UNMEE")  # one passage names two missions, the next none:
    p.loc[first_two[1], C.MISSIONS] = ()  # as many (passage, mission) pairs as passages, but not one each
    p.loc[first_two[1], C.VIEWS] = ("resources",)
    p.loc[first_two[0], C.VIEWS] = ()
    model = replace(seed_model, passages=p)
    frame = tally(model, "mission").set_index([C.VIEW, C.MISSION])[C.PASSAGES]
    by_hand = p[[C.VIEWS, C.MISSIONS]].explode(C.MISSIONS).explode(C.VIEWS).dropna().value_counts()
    assert frame[frame > 0].sort_index().to_dict() == by_hand.sort_index().to_dict()
