"""Dates written in the reports, read into ISO 8601.

``2009-04-29`` for a day, ``2009-11`` for a month, ``2009`` for a year and
``2005-11-06/2005-11-09`` for a range. Text often leaves out the year ("On 28
April, the Working Group met"); the caller passes the year the document covers.
"""

from __future__ import annotations

import functools
import re
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
# Month names are matched as written (Title or UPPER case) so the verb "may" is never a month.
_MONTH = r"(?P<{0}>" + _MONTH_NAMES.replace("{", "") + "|" + _MONTH_NAMES.upper() + ")"
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
_ANY_MONTH = re.compile(_MONTH_NAMES + "|" + _MONTH_NAMES.upper())


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


def _valid(month: int, day: int) -> bool:
    return 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


_KEPT_UP_TO = 2_000  # characters: the answers for passages are kept, not those for whole documents


def find_dates(text: str, default_year: int | None = None) -> tuple[DateMention, ...]:
    """Every date in ``text``; a date without a year takes ``default_year`` or is skipped.

    The last answers for passage-sized texts are kept: finding a document's meetings and attributing its
    passages read the dates of each passage two or three times."""
    if len(text) <= _KEPT_UP_TO:
        return _kept(text, default_year)
    return _find_dates(text, default_year)


def _find_dates(text: str, default_year: int | None) -> tuple[DateMention, ...]:
    matches = _date_matches(text)
    found: list[DateMention] = []
    for i, m in enumerate(matches):
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        year = default_year
        # "On 11 January and 28 March 2005": the year written once belongs to both dates.
        if i + 1 < len(matches) and re.fullmatch(r",?\s*(?:and|to|,)\s*", text[m.end():matches[i + 1].start()]):
            later = re.search(r"(?:19|20)\d\d", matches[i + 1].group())
            year = int(later.group()) if later else default_year
        mention = _read(g, year, m.start(), m.end())
        if mention is not None:
            found.append(mention)
    return tuple(found)


_kept = functools.lru_cache(maxsize=1024)(_find_dates)  # at most some 2 MB of texts


def _read(g: dict[str, str], default_year: int | None, start: int, end: int) -> DateMention | None:
    def month(key: str) -> int:
        return MONTHS[g[key].lower()]

    year_key = next((k for k in g if k.startswith("y")), None)
    year = int(g[year_key]) if year_key else default_year
    if year is None:
        return None
    given = year_key is not None
    if "d1" in g:
        m1, d1, d2 = month("m1"), int(g["d1"]), int(g["d2"])
        if not (_valid(m1, d1) and _valid(m1, d2)):
            return None
        return DateMention(start, end, f"{_day(year, m1, d1)}/{_day(year, m1, d2)}", "day range", given)
    if "d3" in g:
        m2, d3, d4 = month("m2"), int(g["d3"]), int(g["d4"])
        if not (_valid(m2, d3) and _valid(m2, d4)):
            return None
        return DateMention(start, end, f"{_day(year, m2, d3)}/{_day(year, m2, d4)}", "day range", given)
    if "d5" in g:
        return DateMention(
            start, end,
            f"{_day(year, month('m3'), int(g['d5']))}/{_day(year, month('m4'), int(g['d6']))}",
            "day range", given,
        )
    if "m5" in g:
        months = f"{year:04d}-{month('m5'):02d}/{year:04d}-{month('m6'):02d}"
        return DateMention(start, end, months, "month range", given)
    if "d7" in g:
        m7, d7 = month("m7"), int(g["d7"])
        return DateMention(start, end, _day(year, m7, d7), "day", given) if _valid(m7, d7) else None
    if "d8" in g:
        m8, d8 = month("m8"), int(g["d8"])
        return DateMention(start, end, _day(year, m8, d8), "day", given) if _valid(m8, d8) else None
    return DateMention(start, end, f"{year:04d}-{month('m9'):02d}", "month", given)


def iso_year(iso: str) -> int:
    """The year of an ISO date or period; for a period, the year it ends in."""
    last = iso.split("/")[-1]
    return int(last[:4])


def iso_first_year(iso: str) -> int:
    return int(iso[:4])


def parse_iso(value: str) -> str | None:
    """``value`` if it is an ISO day, month, year or a period of them, else None."""
    part = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
    return value if re.fullmatch(rf"{part}(?:/{part})?", value) else None


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
