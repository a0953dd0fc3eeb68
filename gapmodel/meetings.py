"""Meetings: found in annex tables and in narrative paragraphs, and passages attributed to them.

Every document also has a *meeting series*: where the text does not say at which
meeting words were said, a passage is attributed to the series, which is one row
in meeting tallies, labelled with the period it covers. Where a report's text
and its table give different dates for the same meeting, the table's date is
kept and the discrepancy recorded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gapmodel.corpus import Document
from gapmodel.dates import DateMention, describe, find_dates, iso_first_year, iso_year, misprinted_dates
from gapmodel.passages import Passage, Split

_MEETING_WORD = re.compile(
    r"\b(?:meetings?|met|meet|retreat|convened|session|thematic discussion|discussion on|visit)\b", re.I
)
_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10}
_COUNT = re.compile(
    r"\bheld (?:(?:a total of|all together) )?(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) "
    r"(?P<kind>organi[sz]ational |thematic |informal |formal )?meetings?"
    r"(?: and (?P<n2>one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) "
    r"(?P<kind2>organi[sz]ational |thematic |informal |formal )?meetings?)?", re.I,
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8}
_ORDINAL_REF = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|wrap-up)\b"
                          r"(?: and (first|second|third|fourth|fifth|sixth|seventh|eighth))?"
                          r" (?:meeting|meetings|session)\b", re.I)
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:[ -](?:[A-Z][\w’'-]*|d’|de|of|the))*[\w’'-]*")
_COMMON = {"the", "working", "group", "united", "nations", "security", "council", "department", "on", "of",
           "in", "and", "members", "peacekeeping", "operations", "secretariat", "chairman", "a", "an",
           "government", "mission", "at", "those", "from", "late", "early", "focusing", "another",
           "for", "with", "as", "office", "integrated", "presence", "informal", "meetings", "state"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Meeting:
    """A meeting (or a document's meeting series) and where the text describes it."""

    id: str
    document: str
    date: str  # ISO 8601 day, month or range; for undated meetings the period they fall in
    dated: bool  # the text gives the day (or days)
    kind: str  # formal | informal | organisational | field visit | retreat | series
    theme: str
    participants: str
    source: str  # table | text | count | council (the meeting a press release or statement records) | series
    passages: tuple[int, ...]  # ordinals of the passages that describe it
    order: int  # position among the document's meetings (1-based); 0 for the series

    @property
    def year(self) -> int:
        return iso_first_year(self.date) if self.dated or "/" not in self.date else iso_year(self.date)

    @property
    def label(self) -> str:
        """How people see it: 'Meeting of 29 April 2009', 'Meetings of November to December 2009 (series)'."""
        if self.kind == "series":
            return f"{self.document}: meetings of {describe(self.date)} (series)"
        noun = {"retreat": "Retreat", "field visit": "Visit", "informal": "Informal meeting",
                "organisational": "Organisational meeting"}.get(self.kind, "Meeting")
        if self.dated:
            return f"{noun} of {describe(self.date)}"
        ordinal = _ORDINAL_NAME.get(self.order, str(self.order)).capitalize()
        what = noun if self.theme else f"{ordinal} meeting"
        return f"{what}, {describe(self.date)} (day not given)"


_ORDINAL_NAME = {v: k for k, v in _ORDINALS.items()}


@dataclass(frozen=True, slots=True, kw_only=True)
class Discrepancy:
    """A meeting dated differently in the text and in the table; the table's date is kept."""

    document: str
    meeting: str
    table_date: str
    text_date: str
    passage: int  # ordinal of the passage giving the text date
    topic: str  # the name that ties the text to the table row


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution:
    meeting: str
    method: str  # table row | date in text | meeting named | lead-in | section | only meeting | series
    year: int | None = None  # several meetings named, all in one year: the passage's year though it stays with the
                             # series (the 2006 report's paragraph on meetings of January and March 2005)


@dataclass(frozen=True, slots=True)
class DocumentMeetings:
    meetings: tuple[Meeting, ...]
    attributions: dict[int, Attribution]  # by passage ordinal
    discrepancies: tuple[Discrepancy, ...]


def _kind(text: str, default: str = "formal") -> str:
    lowered = text.lower()
    if "retreat" in lowered:
        return "retreat"
    if re.search(r"^\s*(?:field )?visit\b|\bvisited\b|\bfield visit\b", lowered) and "brief" not in lowered:
        return "field visit"
    if re.search(r"organi[sz]ational meeting|organi[sz](?:e|ation of) (?:the )?work|procedural|draft report", lowered):
        return "organisational"
    if "informal" in lowered:
        return "informal"
    return default


def _in_period(mention: DateMention, period: str) -> bool:
    start, _, end = period.partition("/")
    end = end or start
    first, _, last = mention.iso.partition("/")
    last = last or first
    return _bound(start, low=True) <= _bound(first, low=True) and _bound(last, low=False) <= _bound(end, low=False)


def _bound(iso: str, *, low: bool) -> str:
    if len(iso) == 10:
        return iso
    if len(iso) == 7:
        return iso + ("-01" if low else "-31")
    return iso + ("-01-01" if low else "-12-31")


_SENTENCE_BREAK = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")
_MEETING_STEMS = ("met", "meet", "retreat", "convened", "session", "discussion", "visit")  # in every word of
# _MEETING_WORD
_FOLDS_TO_ASCII = "İıſ\u212a"  # all that a case-insensitive pattern takes for an ASCII letter: İ ı (i), ſ (s), K (k)


def _may_hold(text: str, words: Sequence[str]) -> bool:
    """False only where a case-insensitive pattern can find none of ``words`` (lower-case ASCII) in ``text``.

    A quick look in lower case before a pattern that is slow to try at every position of every passage
    (this and looking for dates near month names only took finding the meetings of the 10^5 load data
    from 6.7 s to 3.9 s and attributing its passages from 5.0 s to 1.6 s; one-off timing)."""
    lowered = text.lower()
    return any(w in lowered for w in words) or (not text.isascii() and any(c in text for c in _FOLDS_TO_ASCII))


def _sentences(text: str) -> list[str]:
    return _SENTENCE_BREAK.split(text)


def _names_a_meeting(text: str) -> bool:
    return _may_hold(text, _MEETING_STEMS) and _MEETING_WORD.search(text) is not None


@dataclass(slots=True, kw_only=True)
class _Found:
    """A meeting while it is being found (mutable: text mentions are added to it)."""

    date: str
    dated: bool
    kind: str
    theme: str
    participants: str
    source: str
    passages: list[int]
    mentions: list[tuple[int, str, str]] = field(default_factory=list)


_COUNCIL_MEETING = re.compile(r"\b\d{1,2},?\d{3}(?:st|nd|rd|th)\b.{0,40}?[Mm]eetings?\b")
_OPENED = re.compile(r"\b(?:began|begun|opened|started|first day|two-day|two-part|previous (?:day|morning)|resum)",
                     re.IGNORECASE)
_MEETING_NUMBER = re.compile(r"\b(\d{1,2},?\d{3}(?:st|nd|rd|th))\b")


class _Finder:
    def __init__(self, doc: Document, split: Split) -> None:
        self.doc = doc
        self.split = split
        self.year = doc.year
        self.meetings: list[_Found] = []
        self.discrepancies: list[Discrepancy] = []

    def _add(self, **fields: Any) -> _Found:
        self.meetings.append(_Found(**fields))
        return self.meetings[-1]

    def from_tables(self) -> None:
        for table in self.split.tables:
            header = [h.lower() for h in table.header]
            informal = "informal" in table.caption.lower()
            for row in table.rows:
                found = find_dates(row.cells[0], self.year) if row.cells else []
                misprinted = not found and row.cells and misprinted_dates(row.cells[0], self.year)
                if not found and not misprinted:
                    continue
                cells = list(row.cells[1:])
                theme, participants = _columns(header, cells)
                kind = _kind(theme or participants, "informal" if informal else "formal")
                if kind == "formal" and informal:
                    kind = "informal"
                if participants.lower().endswith("only") and kind == "formal":
                    kind = "organisational" if _kind(theme) == "organisational" else kind
                self._add(date=found[0].iso if found else self.doc.period, dated=bool(found), kind=kind, theme=theme,
                          participants=participants, source="table", passages=[row.ordinal])

    def from_text(self) -> None:
        seen = {m.date for m in self.meetings}
        for p in self.split.passages:
            if p.kind == "table row" or not _names_a_meeting(p.text):  # (a word in a sentence is one in its
                continue                                                 # passage: no split for most passages)
            for sentence in _sentences(p.text):
                if not _names_a_meeting(sentence):
                    continue
                for mention in find_dates(sentence, self.year):
                    if mention.precision not in ("day", "day range") or not _in_period(mention, self.doc.period):
                        continue
                    if mention.iso in seen:
                        continue
                    seen.add(mention.iso)
                    whole = p.text if len(find_dates(p.text, self.year)) == 1 else sentence
                    self._add(date=mention.iso, dated=True, kind=_kind(whole), theme=_theme(whole),
                              participants=_participants(sentence), source="text", passages=[p.ordinal])
                for written in misprinted_dates(sentence, self.year):  # a day that does not exist: kept undated
                    if written not in seen:
                        seen.add(written)
                        self._add(date=self.doc.period, dated=False, kind=_kind(sentence), theme=_theme(sentence),
                                  participants=_participants(sentence), source="text", passages=[p.ordinal])

    def from_counts(self) -> None:
        """Meetings the text counts but does not date ('held four meetings in November and December')."""
        for p in self.split.passages:
            if not _may_hold(p.text, ("held",)):
                continue
            for m in _COUNT.finditer(p.text):
                for n_key, kind_key in (("n", "kind"), ("n2", "kind2")):
                    if not m.group(n_key):
                        continue
                    number = _NUMBER.get(m.group(n_key).lower()) or int(m.group(n_key))
                    kind_word = (m.group(kind_key) or "").strip().lower()
                    kind = "organisational" if kind_word.startswith("organi") else (
                        "informal" if kind_word == "informal" else "formal")
                    known = [x for x in self.meetings if x.kind == kind or (kind == "formal" and not kind_word)]
                    after = p.text[m.end():m.end() + 60]
                    when = find_dates(after, self.year)
                    period = when[0].iso if when and when[0].precision != "day" else self.doc.period
                    for _ in range(max(0, number - len(known))):
                        self._add(date=period, dated=False, kind=kind, theme=kind_word.strip().capitalize()
                                  + (" meeting" if kind_word else ""), participants="", source="count",
                                  passages=[p.ordinal])

    def discrepancies_with_tables(self) -> None:
        rows = [m for m in self.meetings if m.source == "table"]
        if not rows:
            return
        table_dates = {m.date for m in rows}
        texts = {id(m): f"{m.theme} {m.participants}" for m in rows}
        for p in self.split.passages:
            if p.kind == "table row":
                continue
            mentions = find_dates(p.text, self.year)
            for i, mention in enumerate(mentions):
                if mention.precision != "day" or mention.iso in table_dates:
                    continue
                window = p.text[(mentions[i - 1].end if i else max(0, mention.start - 80)):mention.start]
                names = [n for n in _names(window)]
                candidates = [m for m in rows for n in names
                              if n in texts[id(m)] and sum(n in t for t in texts.values()) <= 2
                              and _days_apart(m.date, mention.iso) <= 400]
                unique = {id(c): c for c in candidates}
                if len(unique) == 1:
                    meeting = next(iter(unique.values()))
                    name = next(n for n in names if n in texts[id(meeting)])
                    meeting.mentions.append((p.ordinal, mention.iso, name))

    def from_council_meeting(self) -> None:
        """The Council meeting a press release covers ("8349th Meeting (AM)" in its head, dated by the release),
        or that adopted a presidential statement ("At its 7603rd meeting, held on 31 December 2015")."""
        if self.doc.kind not in ("meetings coverage", "presidential statement"):
            return
        for p in self.split.passages[:8]:
            number = _COUNCIL_MEETING.search(p.text)
            if number is None:
                continue
            held = [d for d in find_dates(p.text, self.year) if d.precision == "day"]
            date = held[0].iso if held else self.doc.date if len(self.doc.date) == 10 else ""
            numbers = _MEETING_NUMBER.findall(p.text)
            first, second = numbers[0], (numbers[1] if len(numbers) > 1 else "")
            if second:  # two meetings: a debate over two days (the text says when it opened), or morning and afternoon
                opened = self._day_before(date) if date else ""
                self._add(date=opened or date or self.doc.period, dated=bool(opened or date), kind="formal",
                          theme=f"Security Council, {first} meeting", participants="", source="council",
                          passages=[p.ordinal])
                first = second
            self._add(date=date or self.doc.period, dated=bool(date), kind="formal",
                      theme=f"Security Council, {first} meeting", participants="", source="council",
                      passages=[p.ordinal])
            return

    def _day_before(self, last: str) -> str:
        """The day a two-day debate opened: a day its opening paragraphs name, within the week before the release's
        date, in a sentence that says the debate opened or began then ("which began on Thursday, 4 February")."""
        for p in self.split.passages[:6]:
            for sentence in _sentences(p.text):
                if not _OPENED.search(sentence):
                    continue
                for mention in find_dates(sentence, int(last[:4])):
                    if mention.precision == "day" and 1 <= _days_apart(mention.iso, last) <= 7 and mention.iso < last:
                        return mention.iso
        return ""

    def build(self) -> list[Meeting]:
        self.from_tables()
        self.from_council_meeting()
        if not any(m.source == "table" for m in self.meetings):
            self.from_text()  # a table, where there is one, is the record of meetings
        self.from_counts()
        self.discrepancies_with_tables()
        ordered = sorted(self.meetings, key=lambda m: (not m.dated, _bound(m.date, low=True)))
        out: list[Meeting] = []
        used: dict[str, int] = {}
        undated = 0
        for position, m in enumerate(ordered, start=1):
            undated += not m.dated
            order = position if m.dated else undated
            base = f"{self.doc.id}/{m.date}" if m.dated else f"{self.doc.id}/undated-{order}"
            used[base] = used.get(base, 0) + 1
            ident = base if used[base] == 1 else f"{base}-{used[base]}"
            out.append(Meeting(id=ident, document=self.doc.id, date=m.date, dated=m.dated, kind=m.kind,
                               theme=m.theme, participants=m.participants, source=m.source,
                               passages=tuple(m.passages), order=order))
            for ordinal, text_date, name in m.mentions:
                self.discrepancies.append(Discrepancy(document=self.doc.id, meeting=ident, table_date=m.date,
                                                      text_date=text_date, passage=ordinal, topic=name))
        out.append(Meeting(id=f"{self.doc.id}/series", document=self.doc.id, date=self.doc.period, dated=False,
                           kind="series", theme="Not attributable to one meeting", participants="",
                           source="series", passages=(), order=0))
        return out


def _columns(header: list[str], cells: list[str]) -> tuple[str, str]:
    """(theme, participants) of a table row, by the header's column names."""
    named = dict(zip(header[1:], cells, strict=False)) if len(cells) == len(header) - 1 else {}
    theme = next((v for k, v in named.items() if k in ("subject matter", "theme", "subject", "topic")), "")
    people = next((v for k, v in named.items() if k in ("participants", "briefers", "speakers")), "")
    if not named:  # a short row: "6-9 November 2005 | Visit to ... by Chairman"
        theme = cells[-1] if cells else ""
    return theme, people


def _theme(text: str) -> str:
    """What a meeting was about, where the text says it ('briefed on ...', 'to discuss ...')."""
    for cue in ("briefed on", "to discuss", "discussion on", "on the subject of", "addressing", "exchanged views on",
                "took stock of", "devoted to"):  # the most telling first
        m = re.search(rf"\b{cue}\s+(.+?)(?:\.(?:\s|$)|;|$)", text)
        if m:
            return m.group(1).strip()[:200]
    return ""


def _participants(sentence: str) -> str:
    m = re.search(r"with the participation of (.+?)(?:\. |[.;]$|$)", sentence)
    return m.group(1).strip()[:300] if m else ""


def _names(window: str) -> list[str]:
    names = []
    for m in _NAME.finditer(window):
        words = [w for w in re.split(r"[ ]", m.group(0)) if w.lower() not in _COMMON]
        if words:
            names.append(" ".join(words))
    return names


def _days_apart(a: str, b: str) -> int:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 10_000


def find_meetings(doc: Document, split: Split) -> tuple[list[Meeting], list[Discrepancy]]:
    """The meetings of one document (its series last) and the text/table discrepancies."""
    finder = _Finder(doc, split)
    meetings = finder.build()
    return meetings, finder.discrepancies


def attribute(doc: Document, split: Split, meetings: Sequence[Meeting],
              discrepancies: Sequence[Discrepancy]) -> dict[int, Attribution]:
    """Each passage's meeting and how it was decided, by passage ordinal."""
    series = next(m for m in meetings if m.kind == "series")
    real = [m for m in meetings if m.kind != "series"]
    by_date: dict[str, Meeting] = {}
    for m in real:
        if m.dated:
            by_date.setdefault(m.date, m)
    by_row = {o: m for m in real if m.source == "table" for o in m.passages}
    text_dates = {d.text_date: next(m for m in real if m.id == d.meeting) for d in discrepancies}
    undated = [m for m in real if not m.dated]
    # A press release reports "today": its own date's meeting, unless a passage names the day the debate opened.
    council = max((m for m in real if m.source == "council"), key=lambda m: (m.dated, m.date), default=None)
    out: dict[int, Attribution] = {}
    section_meeting: dict[str, Meeting] = {}
    for p in split.passages:
        if p.ordinal in by_row:
            out[p.ordinal] = Attribution(meeting=by_row[p.ordinal].id, method="table row")
            continue
        named = _named_meetings(p.text, doc.year, by_date, text_dates, undated)
        if len(named) == 1:
            meeting = named[0]
            out[p.ordinal] = Attribution(meeting=meeting.id, method="meeting named")
            if p.section not in section_meeting and _opens_section(p, split):
                section_meeting[p.section] = meeting
            continue
        if len(named) > 1:
            years = {m.year for m in named}
            out[p.ordinal] = Attribution(meeting=series.id, method="several meetings named",
                                         year=years.pop() if len(years) == 1 else None)
            continue
        if p.parent is not None and p.parent in out and out[p.parent].method != "series":
            out[p.ordinal] = Attribution(meeting=out[p.parent].meeting, method="lead-in")
        elif p.section in section_meeting:
            out[p.ordinal] = Attribution(meeting=section_meeting[p.section].id, method="section")
        elif len(real) == 1 and not any(m.source == "table" for m in real):
            out[p.ordinal] = Attribution(meeting=real[0].id, method="only meeting")
        elif council is not None:
            out[p.ordinal] = Attribution(meeting=council.id, method="the meeting the document records")
        else:
            out[p.ordinal] = Attribution(meeting=series.id, method="series")
    return out


def _opens_section(p: Passage, split: Split) -> bool:
    """Is ``p`` the first passage of its section (a section that opens with a meeting is about it)?"""
    first = next(q for q in split.passages if q.section == p.section)
    return first.ordinal == p.ordinal and bool(p.section)


def _named_meetings(text: str, year: int, by_date: dict[str, Meeting], text_dates: dict[str, Meeting],
                    undated: list[Meeting]) -> list[Meeting]:
    found: dict[str, Meeting] = {}
    for mention in find_dates(text, year):
        meeting = by_date.get(mention.iso) or text_dates.get(mention.iso)
        if meeting is not None:
            found[meeting.id] = meeting
    if undated and _may_hold(text, ("meeting", "session")):
        for m in _ORDINAL_REF.finditer(text):
            for word in (m.group(1), m.group(2)):
                if not word:
                    continue
                index = len(undated) if word.lower() == "wrap-up" else _ORDINALS[word.lower()]
                if 1 <= index <= len(undated):
                    found[undated[index - 1].id] = undated[index - 1]
    return list(found.values())
