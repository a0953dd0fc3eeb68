"""Dates read from the reports' text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapmodel import dates
from gapmodel.dates import find_dates, year_runs


@pytest.mark.parametrize(("text", "found"), [
    ("The Working Group met on 25 February 2009.", [("2009-02-25", "day", True)]),
    ("On 28 April, members met.", [("2009-04-28", "day", False)]),
    ("a retreat on 6-9 November 2005", [("2005-11-06/2005-11-09", "day range", True)]),
    ("June 25-26, 2010 in Istanbul", [("2010-06-25/2010-06-26", "day range", True)]),
    ("from 1 January to 31 December 2016", [("2016-01-01/2016-12-31", "day range", True)]),
    ("in November and December 2009", [("2009-11/2009-12", "month range", True)]),
    ("On 11 January and 28 March 2005", [("2005-01-11", "day", False), ("2005-03-28", "day", True)]),
    ("September 23, 2010", [("2010-09-23", "day", True)]),
    ("October 2009", [("2009-10", "month", True)]),
    ("Members may meet on 31 April 2009 or in may.", []),  # no 31 April; the verb "may" is no month
    ("Accepted 27 Apr 2020; published Sept. 2016", [("2020-04-27", "day", True), ("2016-09", "month", True)]),
    ("On 3 Dec. 2019 and Jun 3, 2021", [("2019-12-03", "day", True), ("2021-06-03", "day", True)]),
    ("The Marine Corps in Decatur; Aprons", []),  # an abbreviation is a whole word
])
def test_dates_in_the_reports_ways_of_writing_them(text: str, found: list[tuple[str, str, bool]]) -> None:
    assert [(d.iso, d.precision, d.year_given) for d in find_dates(text, 2009)] == found


_PIECES = ["25", "6", "31", "3", "-", "–", " ", "  ", "\n", ",", ", ", "November", "NOVEMBER", "May", "Mayor",
           "June", "December", "2009", "1999", "and", "to", "x", "On", ".",
           "５", "٥", "𝟓", "\u2003", "\u2012",  # digits the pattern's \\d takes too, a wide space, a dash it does not
           "Sept.", "Apr", "Dec", "Aprx"]


@given(st.lists(st.sampled_from(_PIECES), max_size=16))
@settings(max_examples=2000, deadline=None)
def test_dates_are_looked_for_near_month_names_only_with_the_same_result(pieces: list[str]) -> None:
    """The pattern is tried only where a date can begin; it finds what trying it everywhere finds."""
    text = "".join(pieces)
    assert ([(m.start(), m.end(), m.group()) for m in dates._date_matches(text)]
            == [(m.start(), m.end(), m.group()) for m in dates._DATE_RE.finditer(text)])


def test_the_dates_of_a_whole_document_are_not_kept() -> None:
    """Answers are kept for passages (read two or three times), not for whole documents (read once)."""
    dates._kept.cache_clear()
    find_dates("On 28 April, members met.", 2009)
    find_dates("On 28 April, members met. " * 200, 2009)
    assert dates._kept.cache_info().currsize == 1


@pytest.mark.parametrize(("text", "furniture", "found"), [
    ("SECURITY COUNCIL PRESS RELEASE\nThe Council adopted resolution 2320 (2016). Speakers recalled 2017 and the "
     "mandate of 2017 and the events of 2017.", (), ("2017", "the year the text names most (3 of its 3 mentions "
                                                            "of a year)")),
    ("Statement by the President of the Security Council", ("S/PRST/2014/23",),
     ("2014", "the year of its symbol S/PRST/2014/23")),
    ("United Nations S/2017/134\nLetter from the Chair. Meetings in 2016 and 2016.", (),
     ("2017", "the year of its symbol S/2017/134")),
    ("Recalling resolutions 2098 (2013), 2147 (2014) and S/2015/446, members spoke of 2012, 2013 and 2014.", (),
     None),  # no year has 60% of the mentions; cited years and symbols do not count
    ("A brief without any year.", (), None),
    ("Resolution 2628 (2022), adopted earlier in 2022, replaced the mission on the ground since 2007; by the end "
     "of 2024 it leaves.", (), ("2022", 'the year the text calls its own ("earlier in 2022")')),
])
def test_a_text_without_a_full_date_is_counted_by_its_symbols_or_its_dominant_year(
        text: str, furniture: tuple[str, ...], found: tuple[str, str] | None) -> None:
    from gapmodel.corpus import year_of

    assert year_of(text, furniture) == found


@pytest.mark.parametrize(("years", "written"), [
    ((2016,), "2016"), ((2005, 2006, 2009, 2010, 2016), "2005–06, 2009–10, 2016"), ((2009, 2010, 2011), "2009–11"),
    ((1999, 2000, 2001), "1999–2001"), ((2016, 2009, 2009), "2009, 2016"), ((), ""),
])
def test_year_runs(years: tuple[int, ...], written: str) -> None:
    assert year_runs(years) == written
