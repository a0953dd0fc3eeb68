"""Dates written in the reports, read into ISO 8601.

``2009-04-29`` for a day, ``2009-11`` for a month, ``2009`` for a year and
``2005-11-06/2005-11-09`` for a range. Text often leaves out the year ("On 28
April, the Working Group met"); the caller passes the year the document covers.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december",
        ],
        start=1,
    )
}
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
# Abbreviated as press releases and journals write them ("27 Apr 2020", "Sept. 2016"); May has none.
_ABBREVIATED = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?![A-Za-z])"
# Month names are matched as written (Title or UPPER case) so the verb "may" is never a month.
_MONTH = r"(?P<{0}>" + _MONTH_NAMES.replace("{", "") + "|" + _MONTH_NAMES.upper() + "|" + _ABBREVIATED + ")"
_DAY = r"(?P<{0}>[0-3]?\d)"
_YEAR = r"(?P<{0}>(?:19|20)\d\d)"

# Order matters: longer forms first so "6-9 November 2005" is not read as "9 November 2005".
_PATTERNS = [
    # 6-9 November 2005 / 25-26 June 2010
    rf"{_DAY.format('d1')}\s*[-–]\s*{_DAY.format('d2')}\s+{_MONTH.format('m1')}(?:,?\s+{_YEAR.format('y1')})?",
    # June 25-26, 2010
    rf"{_MONTH.format('m2')}\s+{_DAY.format('d3')}\s*[-–]\s*{_DAY.format('d4')},?\s+{_YEAR.format('y2')}",
    # 1 January to 31 December 2016
    rf"{_DAY.format('d5')}\s+{_MONTH.format('m3')}\s+to\s+{_DAY.format('d6')}\s+{_MONTH.format('m4')}\s+{_YEAR.format('y3')}",
    # November and December 2009 / January to July 2009
    rf"{_MONTH.format('m5')}\s+(?:and|to|-|–)\s+{_MONTH.format('m6')}\s+{_YEAR.format('y4')}",
    # 25 February 2009 / 17 July
    rf"{_DAY.format('d7')}\s+{_MONTH.format('m7')}(?:,?\s+{_YEAR.format('y5')})?",
    # September 23, 2010
    rf"{_MONTH.format('m8')}\s+{_DAY.format('d8')},\s+{_YEAR.format('y6')}",
    # October 2009
    rf"{_MONTH.format('m9')}\s+{_YEAR.format('y7')}",
]
_DATE_RE = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in _PATTERNS) + r")\b")
# Every date names a month: a quick look for one spares most passages the long pattern above.
_ANY_MONTH = re.compile(_MONTH_NAMES + "|" + _MONTH_NAMES.upper() + "|" + _ABBREVIATED)


def _before_month(ch: str) -> bool:
    """Can ``ch`` come in a date before its first month name? Digits (the pattern's \\d: any decimal digit,
    as str.isdecimal), its dashes and white space (\\s: str.isspace)."""
    return ch.isdecimal() or ch in "-–" or ch.isspace()


def _date_matches(text: str) -> list[re.Match[str]]:
    """What ``_DATE_RE.finditer(text)`` finds, tried only where a date can begin: a date's first month is the
    first after where it begins, and before that month it has only digits, dashes and white space. So each
    date begins in the run of those characters just before a month name (or at the name), and the pattern is
    tried at each of those few positions instead of at every position of the text (on the passages of the
    10^4 load data, find_dates took 0.25 s that way and 0.11 s this way; one-off timing)."""
    found: list[re.Match[str]] = []
    end = 0
    while (month := _ANY_MONTH.search(text, end)) is not None:
        begin = month.start()
        while begin > end and _before_month(text[begin - 1]):
            begin -= 1
        for position in range(begin, month.start() + 1):  # leftmost first, as finditer
            if (m := _DATE_RE.match(text, position)) is not None:
                found.append(m)
                end = m.end()
                break
        else:
            end = month.start() + 1
    return found


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in text: its span, ISO value and precision (day, month, range)."""

    start: int
    end: int
    iso: str
    precision: str  # "day", "month", "day range", "month range"
    year_given: bool


def _day(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


_KEPT_UP_TO = 2_000  # characters: the answers for passages are kept, not those for whole documents


def find_dates(text: str, default_year: int | None = None) -> tuple[DateMention, ...]:
    """Every date in ``text``; a date without a year takes ``default_year`` or is skipped.

    Days that do not exist ("31 April", "29 February 2018") and years outside 1945 to next year are
    skipped (:func:`misprinted_dates` lists the first). The last answers for passage-sized texts are
    kept: finding a document's meetings and attributing its passages read the dates of each passage
    two or three times."""
    return _scanned(text, default_year)[0]


def misprinted_dates(text: str, default_year: int | None = None) -> tuple[str, ...]:
    """The dates in ``text`` as written whose day does not exist in the calendar ("29 February 2018"):
    likely misprints, which :func:`find_dates` leaves out."""
    return _scanned(text, default_year)[1]


def _scanned(text: str, default_year: int | None) -> tuple[tuple[DateMention, ...], tuple[str, ...]]:
    if len(text) <= _KEPT_UP_TO:
        return _kept(text, default_year)
    return _scan(text, default_year)


def _scan(text: str, default_year: int | None) -> tuple[tuple[DateMention, ...], tuple[str, ...]]:
    matches = _date_matches(text)
    found: list[DateMention] = []
    misprints: list[str] = []
    for i, m in enumerate(matches):
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        year = default_year
        # "On 11 January and 28 March 2005": the year written once belongs to both dates.
        if i + 1 < len(matches) and re.fullmatch(r",?\s*(?:and|to|,)\s*", text[m.end():matches[i + 1].start()]):
            later = re.search(r"(?:19|20)\d\d", matches[i + 1].group())
            year = int(later.group()) if later else default_year
        mention = _read(g, year, m.start(), m.end())
        if mention is _IMPOSSIBLE:
            misprints.append(" ".join(m.group().split()))
        elif isinstance(mention, DateMention) and year_problem(iso_first_year(mention.iso)) is None:
            found.append(mention)
    return tuple(found), tuple(misprints)


_kept = functools.lru_cache(maxsize=1024)(_scan)  # at most some 2 MB of texts
_IMPOSSIBLE = "impossible"  # what _read gives for a day the calendar does not have


def month_number(name: str) -> int:
    """1-12 for a month's name, whole or abbreviated ("September", "Sept.", "SEPTEMBER")."""
    name = name.rstrip(".").lower()
    return MONTHS.get(name) or next(number for full, number in MONTHS.items() if full.startswith(name[:3]))


def _read(g: dict[str, str], default_year: int | None, start: int, end: int) -> DateMention | str | None:
    def month(key: str) -> int:
        return month_number(g[key])

    year_key = next((k for k in g if k.startswith("y")), None)
    year = int(g[year_key]) if year_key else default_year
    if year is None:
        return None
    given = year_key is not None
    days: list[tuple[int, int]] = []  # (month, day) of each day named
    if "d1" in g:
        days = [(month("m1"), int(g["d1"])), (month("m1"), int(g["d2"]))]
    elif "d3" in g:
        days = [(month("m2"), int(g["d3"])), (month("m2"), int(g["d4"]))]
    elif "d5" in g:
        days = [(month("m3"), int(g["d5"])), (month("m4"), int(g["d6"]))]
    elif "d7" in g:
        days = [(month("m7"), int(g["d7"]))]
    elif "d8" in g:
        days = [(month("m8"), int(g["d8"]))]
    if not all(1 <= day <= 31 for _, day in days):
        return None  # "0 May", "39 June": not a date at all
    if not all(_exists(year, m, day) for m, day in days):
        return _IMPOSSIBLE
    if len(days) == 2:
        return DateMention(start, end, "/".join(_day(year, m, day) for m, day in days), "day range", given)
    if days:
        return DateMention(start, end, _day(year, *days[0]), "day", given)
    if "m5" in g:
        months = f"{year:04d}-{month('m5'):02d}/{year:04d}-{month('m6'):02d}"
        return DateMention(start, end, months, "month range", given)
    return DateMention(start, end, f"{year:04d}-{month('m9'):02d}", "month", given)


FIRST_YEAR = 1945  # the Charter: no Council meeting, mandate or report is older


def last_year() -> int:
    """The latest year a document, meeting or filter may name: next year (a report may be dated ahead)."""
    return datetime.date.today().year + 1


def year_problem(year: int, what: str = "The year") -> str | None:
    """A sentence when ``year`` is outside 1945 to next year (a mistyped year), else None."""
    if FIRST_YEAR <= year <= last_year():
        return None
    return f"{what} {year} is outside {_covered_years()}"


def _covered_years() -> str:
    return f"the years this app covers ({FIRST_YEAR} to {last_year()}). It is probably mistyped: check it."


def iso_problem(value: str, what: str = "The date") -> str | None:
    """A sentence saying why ``value`` is not a usable ISO day, month, year or period, else None.

    Checked: the form (2018-03-31, 2018-03, 2018, or two of them joined by '/'), that the day exists
    in the calendar (no 31 April, 29 February only in leap years), that years lie between 1945 and next
    year, and that a period does not end before it begins."""
    parts = value.split("/")
    if len(parts) > 2 or any(not re.fullmatch(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?", p) for p in parts):
        example = ("2018, 2018-01/2018-12 or 2018-01-01/2018-12-31" if "period" in what
                   else "2018-03-31, 2018-03 or 2018")
        return f"{what} '{value}' cannot be read. Write it as {example}."
    for part in parts:
        numbers = [int(n) for n in part.split("-")]
        if year_problem(numbers[0]) is not None:
            return f"{what} '{value}' names the year {numbers[0]}, outside {_covered_years()}"
        if len(numbers) > 1 and not 1 <= numbers[1] <= 12:
            return f"{what} '{value}' names month {numbers[1]}, which does not exist. Write the month as 01 to 12."
        if len(numbers) > 2 and not _exists(*numbers):
            return (f"{what} '{value}' names a day that does not exist ({describe_day(*numbers)}). "
                    "Check the day and the month.")
    if len(parts) == 2 and _period_bound(parts[1], last=True) < _period_bound(parts[0], last=False):
        return f"{what} '{value}' ends before it begins. Swap the two dates."
    return None


def _exists(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def describe_day(year: int, month: int, day: int) -> str:
    """'31 April 2018', also for a day that does not exist (for messages)."""
    return f"{day} {list(MONTHS)[month - 1].capitalize()} {year}"


def _period_bound(part: str, *, last: bool) -> str:
    """A day, month or year as the first (or last) day it stands for, as sortable text."""
    if len(part) == 4:
        return part + ("-12-31" if last else "-01-01")
    if len(part) == 7:
        return part + ("-31" if last else "-01")
    return part


def iso_year(iso: str) -> int:
    """The year of an ISO date or period; for a period, the year it ends in."""
    last = iso.split("/")[-1]
    return int(last[:4])


def iso_first_year(iso: str) -> int:
    return int(iso[:4])


def parse_iso(value: str) -> str | None:
    """``value`` if it is a real ISO day, month, year or period of them within 1945 to next year, else None
    (:func:`iso_problem` says why)."""
    return value if iso_problem(value) is None else None


def describe(iso: str) -> str:
    """A date for people: '29 April 2009', 'November 2009', '6-9 November 2005'."""
    names = [m.capitalize() for m in MONTHS]

    def one(v: str) -> str:
        parts = v.split("-")
        if len(parts) == 3:
            return f"{int(parts[2])} {names[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{names[int(parts[1]) - 1]} {parts[0]}"
        return parts[0]

    if "/" not in iso:
        return one(iso)
    a, b = iso.split("/")
    if a[:4] == b[:4] and a[4:] in ("", "-01", "-01-01") and b[4:] in ("", "-12", "-12-31"):
        return a[:4]
    if len(a) == len(b) == 10 and a[:7] == b[:7]:
        return f"{int(a[8:])}-{int(b[8:])} {names[int(a[5:7]) - 1]} {a[:4]}"
    return f"{one(a)} to {one(b)}"


def year_runs(years: Sequence[int]) -> str:
    """Years as runs: (2005, 2006, 2009, 2010, 2016) -> '2005–06, 2009–10, 2016'."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{str(r[-1])[2:] if r[0] // 100 == r[-1] // 100 else r[-1]}"
                     for r in runs)
