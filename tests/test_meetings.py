"""Meetings on the seed corpus, their dates and kinds, discrepancies and attribution."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapmodel import columns as C
from gapmodel import meetings as finding
from gapmodel.model import Model


def meetings(model: Model, doc: str) -> list[dict[str, object]]:
    m = model.meetings
    return m[(m[C.DOCUMENT] == doc) & (m[C.KIND] != "series")].to_dict(orient="records")


def test_2006_tabulation_formal_and_informal(seed_model: Model) -> None:
    rows = meetings(seed_model, "wgpko-2006")
    assert len(rows) == 19
    assert sum(r[C.KIND] == "informal" for r in rows) == 5
    visit = next(r for r in rows if r["date"] == "2005-11-06/2005-11-09")
    assert visit[C.KIND] == "field visit"
    assert [r[C.KIND] for r in rows if r["date"] == "2005-01-11"] == ["organisational"]


def test_two_meetings_on_one_day_have_unique_ids(seed_model: Model) -> None:
    ids = [r[C.MEETING] for r in meetings(seed_model, "wgpko-2006") if r["date"] == "2006-11-06"]
    assert ids == ["wgpko-2006/2006-11-06", "wgpko-2006/2006-11-06-2"]
    assert seed_model.meetings[C.MEETING].is_unique


def test_text_and_table_disagreements_keep_the_table_date(seed_model: Model) -> None:
    d = seed_model.discrepancies
    found = sorted(zip(d["table_date"], d["text_date"], d["topic"], strict=True))
    assert found == [("2005-12-09", "2006-12-09", "Burundi"), ("2006-04-28", "2006-04-29", "Timor-Leste")]
    dates = set(seed_model.meetings["date"])
    assert "2005-12-09" in dates and "2006-12-09" not in dates and "2006-04-29" not in dates


def test_five_meetings_of_2009(seed_model: Model) -> None:
    assert [r["date"] for r in meetings(seed_model, "wgpko-2009-interim")] == [
        "2009-02-25", "2009-04-29", "2009-06-09", "2009-06-19", "2009-07-17"]


def test_four_undated_meetings_of_late_2009_are_shown_as_a_period(seed_model: Model) -> None:
    rows = meetings(seed_model, "wgpko-2009-december")
    assert [(r["date"], r["dated"]) for r in rows] == [("2009-11/2009-12", False)] * 4
    assert rows[0][C.LABEL] == "First meeting, November 2009 to December 2009 (day not given)"


def test_2016_organisational_and_five_thematic_meetings(seed_model: Model) -> None:
    rows = meetings(seed_model, "wgpko-2016")
    assert sorted(r[C.KIND] for r in rows) == ["formal"] * 5 + ["organisational"]
    assert [r["date"] for r in rows if r["dated"]] == [
        "2016-04-28", "2016-05-27", "2016-06-24", "2016-07-27", "2016-11-03"]


def test_istanbul_retreat(seed_model: Model) -> None:
    (row,) = meetings(seed_model, "istanbul-retreat-2010")
    assert (row["date"], row[C.KIND], row[C.YEAR]) == ("2010-06-25/2010-06-26", "retreat", 2010)


@pytest.mark.parametrize(
    ("doc", "label", "meeting", "method"),
    [
        ("wgpko-2016", "85", "wgpko-2016/2016-11-03", "section"),
        ("wgpko-2016", "83", "wgpko-2016/2016-11-03", "meeting named"),
        ("wgpko-2016", "104", "wgpko-2016/series", "series"),
        ("wgpko-2009-interim", "I¶1(b)", "wgpko-2009-interim/2009-06-09", "lead-in"),
        ("wgpko-2009-interim", "8", "wgpko-2009-interim/series", "series"),
        ("wgpko-2009-december", "III.2.(1)", "wgpko-2009-december/undated-4", "meeting named"),
        ("wgpko-2006", "Annex table 2, row 2", "wgpko-2006/2005-12-09", "table row"),
        ("wgpko-2006", "12", "wgpko-2006/series", "several meetings named"),
        ("wgpko-2006", "5", "wgpko-2006/series", "several meetings named"),  # 11 January and 28 March 2005
        ("wgpko-2009-interim", "18", "wgpko-2009-interim/2009-07-17", "section"),  # after the wrap-up session
    ],
)
def test_attribution(seed_model: Model, doc: str, label: str, meeting: str, method: str) -> None:
    p = seed_model.passages
    row = p[(p[C.DOCUMENT] == doc) & (p[C.LABEL] == label)].iloc[0]
    assert (row[C.MEETING], row[C.ATTRIBUTION]) == (meeting, method)


def test_year_is_when_the_words_were_said(seed_model: Model) -> None:
    p = seed_model.passages
    assert set(p[p[C.DOCUMENT] == "wgpko-2016"][C.YEAR]) == {2016}  # dated February 2017, covers 2016
    assert set(p[p[C.DOCUMENT] == "istanbul-retreat-2010"][C.YEAR]) == {2010}
    table_2005 = p[(p[C.DOCUMENT] == "wgpko-2006") & (p[C.LABEL] == "Annex table 1, row 2")]
    assert list(table_2005[C.YEAR]) == [2005]


def test_every_passage_is_attributed(seed_model: Model) -> None:
    assert seed_model.passages[C.MEETING].isin(seed_model.meetings[C.MEETING]).all()


@given(st.lists(st.sampled_from(["met", "MET", "Meetings", "session", "ſession", "SESSİON", "ı", "\u212a", "held",
                                 "HELD", "two", "meetings", "first", "thematic", "discussion", "on", "visit",
                                 "convened", "retreat", "é", " ", ".", "x"]), max_size=10))
@settings(max_examples=2000, deadline=None)
def test_the_quick_look_never_passes_over_what_the_patterns_find(pieces: list[str]) -> None:
    """Lower case finds what the case-insensitive patterns find, the letters they fold to ASCII included."""
    text = "".join(pieces)
    if finding._MEETING_WORD.search(text):
        assert finding._may_hold(text, finding._MEETING_STEMS)
    if finding._COUNT.search(text):
        assert finding._may_hold(text, ("held",))
    if finding._ORDINAL_REF.search(text):
        assert finding._may_hold(text, ("meeting", "session"))


def test_a_passage_naming_meetings_all_of_one_year_takes_that_year(seed_model: Model) -> None:
    """The 2006 report's paragraphs 5 and 10 describe only meetings of 2005: they stay with the report's
    meeting series (they name several meetings) but count in 2005, not in 2006."""

    passages = seed_model.passages.set_index(C.PASSAGE_ID)
    for pid, label in (("wgpko-2006:008", "5"), ("wgpko-2006:013", "10")):
        row = passages.loc[pid]
        assert (row[C.LABEL], row[C.YEAR], row[C.ATTRIBUTION]) == (label, 2005, "several meetings named")
        assert row[C.MEETING] == "wgpko-2006/series"
    several = seed_model.passages[seed_model.passages[C.ATTRIBUTION] == "several meetings named"]
    assert (several[C.YEAR] == 2005).sum() == 2  # no other passage changed year
