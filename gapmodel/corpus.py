"""The documents: the embedded corpus in ``data/``, a folder of texts, the workspace.

``data/corpus.yaml`` lists the embedded documents with what their texts say
about them. A bare folder of ``.txt``/``.md`` files works too: metadata is then
read from the texts (letter date, period covered, kind). Reading never writes.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gapmodel.dates import describe, find_dates, iso_problem, iso_year, year_problem
from gapmodel.yamlfile import DataFileError, LoadedYaml, format_key, load_yaml_file

KINDS = ("Working Group report", "interim report", "retreat summary", "presidential statement", "resolution",
         "Secretary-General report", "meetings coverage", "research report", "other")
# Kinds of earlier versions, still read (corpus.yaml, workspaces and backups made before there were nine).
LEGACY_KINDS = {"report": "Working Group report"}
# What a document of each kind is called in a short title ("Report of December 2006").
_SHORT_NAMES = {"Working Group report": "Report", "meetings coverage": "Press release",
                "presidential statement": "Presidential statement", "Secretary-General report":
                "Secretary-General's report"}


def kind_of(value: str) -> str:
    """A kind as this version names it (an earlier version's name is read as today's)."""
    return LEGACY_KINDS.get(value, value)
MAX_BYTES = 50 * 1024 * 1024
_FIELDS = {"id", "title", "date", "kind", "chair", "rapporteurs", "period", "symbol", "file", "source"}
_REQUIRED = ("id", "title", "date", "kind", "period", "file")
ODS_URL = "https://undocs.org/en/{symbol}"


class InputError(ValueError):
    """A document that cannot be read, with one sentence saying what to do."""


class NoDate(InputError):
    """No date could be read from a document's text (the user can give one)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name}: no date could be read from the text. Give one with --date (e.g. --date 2018-03-31).")
        self.name = name


# Control characters no document prints, which XLSX and DOCX (XML) cannot hold, and halves of a character beyond
# 16 bits that lost their other half. Tabs and line breaks stay; a form feed or vertical tab is a line break.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` without control characters (see ``_UNPRINTABLE``): what ingest stores, what the workspace keeps of
    anything a user types, and what every export writes."""
    if text.isascii() and text.isprintable():
        return text
    return _UNPRINTABLE.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


def printable_line(text: str) -> str:
    """A one-line text (a title, a name, a comment) printable and on one line: runs of white space are one space."""
    return " ".join(printable(text).split())


def pack_text(text: str) -> bytes:
    """A document's text as :class:`Document` keeps it: UTF-8, compressed (fast zlib, about 3x on reports)."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def too_big(name: str, size: int, max_bytes: int = MAX_BYTES) -> InputError:
    """The refusal of a file over the size limit (sizes in MB of 1,048,576 bytes, as the upload box counts)."""
    return InputError(f"{name} is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit. Split the "
                      "document or remove its images, then add it again.")


@dataclass(frozen=True, slots=True)
class MeetingEdit:
    """A meeting as an expert corrected it in the preview of an added document (found by its id)."""

    meeting: str
    date: str
    kind: str
    theme: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One document of the corpus: its metadata and its source text.

    The text is kept compressed (:func:`pack_text`) and unpacked when read: a million passages come from
    some 350 MB of text, which Python would hold in up to four bytes a character. Coding reads each text
    once; only a rebuild with another taxonomy, or the check that an added document is new, reads it again.
    """

    id: str
    title: str
    date: str  # ISO 8601: the letter's date (or publication)
    kind: str
    period: str  # ISO 8601 day, month or period the document covers
    packed_text: bytes = field(repr=False)  # see :attr:`text`
    file: str = ""
    chair: str = ""
    rapporteurs: str = ""
    symbol: str = ""
    source: str = ""
    origin: str = "embedded"  # embedded | folder | workspace
    meeting_edits: tuple[MeetingEdit, ...] = ()

    @property
    def text(self) -> str:
        """The source text every passage offset points into."""
        return zlib.decompress(self.packed_text).decode("utf-8", "surrogatepass")

    @property
    def year(self) -> int:
        """The year the words were said when no meeting says otherwise: the period's last year."""
        return iso_year(self.period)

    @property
    def short_title(self) -> str:
        """A short distinct name: 'Report of December 2006', 'Summary of the retreat of 25-26 June 2010'."""
        if self.kind == "retreat summary":
            return f"Summary of the retreat of {describe(self.period)}"
        name = _SHORT_NAMES.get(self.kind, self.kind.capitalize())
        return f"{name} of {describe(self.date[:7])}"

    @property
    def url(self) -> str:
        """The document on the UN's official document system, where its symbol is known."""
        return ODS_URL.format(symbol=quote(self.symbol, safe="/()")) if self.symbol else ""


def read_file(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes; a missing, unreadable or too large file, or a folder, raises :class:`InputError`."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: there is no such file. Check the name and the folder.") from None
    except OSError as exc:
        raise InputError(f"{path}: the file cannot be read ({exc.strerror}).") from None
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file. Name a .txt, .md, .pdf or .docx file.")
    if size > max_bytes:
        raise too_big(path.name, size, max_bytes)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: the file cannot be read ({exc.strerror}).") from None


def read_text_file(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """A text file's contents; anything that is not readable text raises :class:`InputError`."""
    return decode_text(read_file(path, max_bytes), str(path))


def empty(name: str) -> InputError:
    """The sentence for a file with no text in it."""
    return InputError(f"{name} is empty. Choose a file that holds the document's text.")


def not_text(name: str) -> InputError:
    """The sentence for a binary file given where text is read."""
    return InputError(f"{name} is not a document this app can read (it looks like an image or another binary file). "
                      "Add a PDF, Word (.docx), plain text (.txt) or Markdown (.md) file.")


def decode_text(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM; else :class:`InputError`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:  # a UTF-16 mark, then bytes that are not UTF-16 (or cut short)
            raise InputError(
                f"{name} starts as UTF-16 text but cannot be read as such: the file may be damaged. "
                "Save it again as UTF-8 text and try again."
            ) from None
    else:
        if b"\x00" in data[:8192] or data.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            raise not_text(name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name} is not UTF-8 text (byte {exc.start} cannot be read). "
                "Save it with UTF-8 encoding and try again."
            ) from None
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > 0.01 * max(1, len(text[:8192])):
        raise InputError(f"{name} is not a text file (it holds control characters). Save it as plain text.")
    if not text.strip():
        raise empty(name)
    return text


def load_corpus(folder: Path) -> tuple[Document, ...]:
    """The documents of a corpus folder: from its ``corpus.yaml`` if present, else from its texts."""
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder. Name the folder that holds corpus.yaml or the texts.")
    manifest = folder / "corpus.yaml"
    if manifest.exists():
        return _from_manifest(load_yaml_file(manifest), folder)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".txt", ".md") and p.is_file())
    if not files:
        raise InputError(f"{folder} holds no corpus.yaml and no .txt or .md files. Point --corpus at a corpus folder.")
    return tuple(document_from_text(read_text_file(p), name=p.name, origin="folder") for p in files)


def _from_manifest(loaded: LoadedYaml, folder: Path) -> tuple[Document, ...]:
    data = loaded.data
    if not isinstance(data, dict) or set(data) != {"documents"} or not isinstance(data["documents"], list):
        raise DataFileError([f"{loaded.where(())}: the manifest must hold one key, 'documents', with a list."])
    problems: list[str] = []
    documents: list[Document] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["documents"]):
        key = ("documents", index)
        if not isinstance(entry, dict):
            problems.append(f"{loaded.where(key)}: each document must be a mapping of fields.")
            continue
        entry_problems = _check_entry(loaded, key, entry, seen)
        problems.extend(entry_problems)
        if entry_problems:
            continue
        path = folder / str(entry["file"])
        try:
            text = read_text_file(path)
        except InputError as exc:
            problems.append(f"{loaded.where((*key, 'file'))}: {exc}")
            continue
        documents.append(_document(entry, text, origin="embedded"))
    if problems:
        raise DataFileError(problems)
    return tuple(documents)


def _check_entry(loaded: LoadedYaml, key: tuple[str | int, ...], entry: dict[str, Any], seen: set[str]) -> list[str]:
    problems = [
        f"{loaded.where((*key, name))}: unknown field '{name}'. Use one of: {', '.join(sorted(_FIELDS))}."
        for name in entry
        if name not in _FIELDS
    ]
    problems += [
        f"{loaded.where(key)}: {format_key((*key, name))} is missing. Add it."
        for name in _REQUIRED
        if not str(entry.get(name) or "").strip()
    ]
    for name in ("date", "period"):
        value = str(entry.get(name) or "")
        if value and (problem := iso_problem(value, f"The {name}")) is not None:
            problems.append(f"{loaded.where((*key, name))}: {problem}")
    kind = kind_of(str(entry.get("kind") or ""))
    if kind and kind not in KINDS:
        problems.append(f"{loaded.where((*key, 'kind'))}: kind '{kind}' is not one of: {', '.join(KINDS)}.")
    doc_id = str(entry.get("id") or "")
    if doc_id in seen:
        problems.append(
            f"{loaded.where((*key, 'id'))}: the id '{doc_id}' is used twice. Give each document its own id."
        )
    seen.add(doc_id)
    return problems


def _document(entry: dict[str, Any], text: str, origin: str) -> Document:
    return Document(
        id=str(entry["id"]), title=" ".join(str(entry["title"]).split()), date=str(entry["date"]),
        kind=kind_of(str(entry["kind"])), period=str(entry["period"]), packed_text=pack_text(text),
        file=str(entry.get("file", "")),
        chair=str(entry.get("chair") or ""), rapporteurs=str(entry.get("rapporteurs") or ""),
        symbol=str(entry.get("symbol") or ""), source=str(entry.get("source") or ""), origin=origin,
    )


_LETTER = re.compile(r"Letter dated (\d{1,2} \w+ \d{4})")
_PERIOD = re.compile(r"for the period from (\d{1,2} \w+(?: \d{4})?) to (\d{1,2} \w+ \d{4})")


def read_metadata(text: str, furniture: Sequence[str] = ()) -> dict[str, str]:
    """Title, date, kind, period, symbol and chair (who signed) as the text states them (absent where it does not).
    ``furniture`` are the lines a file printed apart from its text (running heads and feet, Word's headers and
    footers): the symbol is read there when the text does not give it."""
    meta: dict[str, str] = {}
    lines = [ln.strip(" #*\t") for ln in text.splitlines() if ln.strip(" #*\t-")]
    letter = _LETTER.search(text)
    # The document's own date: a day in its first lines, or a month standing in its head ("December 2018"); a
    # month named further on ("the outbreak declared in August 2018") dates an event, not the document.
    dates = [d for d in find_dates(text[:3000]) if d.precision == "day" or d.start < _HEAD]
    if letter:
        found = find_dates(letter.group(1))
        meta["date"] = found[0].iso if found else ""
    elif dates:
        meta["date"] = dates[0].iso.split("/")[0]
    period = _PERIOD.search(" ".join(text[:3000].split()))  # the letter's or title's sentence, across line breaks
    if period:
        end = find_dates(period.group(2))
        start = find_dates(period.group(1), int(end[0].iso[:4])) if end else ()
        if start and end and start[0].precision == end[0].precision == "day" and start[0].iso <= end[0].iso:
            meta["period"] = f"{start[0].iso}/{end[0].iso}"
    if "period" not in meta:
        # A report dated January 2019 on meetings of 2018 covers 2018: the year most of its dated days fall in.
        days = [d.iso[:4] for d in find_dates(text)
                if d.precision == "day" and d.year_given and d.iso != meta.get("date")]  # not the letter's own
        if meta.get("date"):
            days = [y for y in days if y <= meta["date"][:4]]
        if days:
            meta["period"] = max(set(days), key=lambda y: (days.count(y), y))
    meta["kind"] = kind_from_text(text)
    meta["title"] = " ".join(_title(lines, meta["kind"]).split())[:200]
    signed = re.search(r"\(Signed\)\**\s*([^\n]{3,80})", text)
    if signed:
        meta["chair"] = " ".join(signed.group(1).replace("*", " ").split())
    symbol = _OWN_SYMBOL.search(text[:600]) or _OWN_SYMBOL.search("\n".join(furniture)) or (
        None if meta["kind"] in ("presidential statement", "research report") else _SYMBOL.search(text[:600]))
    if symbol:
        meta["symbol"] = symbol.group(1)
    if not meta.get("date") and (found_year := year_of(text, furniture)) is not None:
        meta["date"], meta["dated_by"] = found_year
    return meta


_SYMBOL_YEAR = re.compile(r"\bS/(?:PRST/)?((?:19|20)\d\d)/\d+(?:/Rev\.\d+)?\b")
# The document's own symbol stands on a line of its own near the top (or in a running head), not in a sentence.
_OWN_SYMBOL = re.compile(r"^[\s*#]*(?:United Nations\s+)?(S/(?:PRST/)?((?:19|20)\d\d)/\d+(?:/Rev\.\d+)?)[\s*]*$",
                         re.MULTILINE)
_CITATION = re.compile(r"\(\s*(?:19|20)\d\d\s*\)"  # "resolution 2320 (2016)": the year a cited text was adopted
                       r"|\b[A-Z]{1,3}(?:/[A-Z0-9.]+)*/(?:19|20)\d\d/[\w./-]+")  # another document's symbol
_YEAR_WORD = re.compile(r"\b(?:19[4-9]\d|20\d\d)\b")
# Words that make a year the text's own present: "earlier in 2022", "so far in 2019", "the year 2019 had begun".
_PRESENT_YEAR = re.compile(r"\b(?:earlier|so far|later|thus far) in ((?:19|20)\d\d)\b|\b[Tt]he year ((?:19|20)\d\d)\b"
                           r"|\b[Tt]his year,? ((?:19|20)\d\d)\b")
DOMINANT_SHARE = 0.6  # of the years a text mentions outside citations, the share one year needs to date it


def year_of(text: str, furniture: Sequence[str] = ()) -> tuple[str, str] | None:
    """For a text that gives no full date: the year to count it by and where it was read, or None when nothing
    points to one. The year of the document's own symbol first (S/2017/134 was issued in 2017: on a line of
    its own in its first lines, or in its running heads), else the year that at least 60% of the text's year
    mentions name, leaving out the years of cited resolutions ("resolution 2320 (2016)") and of other
    documents' symbols."""
    own = _OWN_SYMBOL.search(text[:600]) or _OWN_SYMBOL.search("\n".join(furniture))
    if own and year_problem(int(own.group(2))) is None:
        return own.group(2), f"the year of its symbol {own.group(1)}"
    present = {next(g for g in m.groups() if g): m.group(0) for m in _PRESENT_YEAR.finditer(text)}
    present = {year: words for year, words in present.items() if year_problem(int(year)) is None}
    if len(present) == 1:
        year, words = next(iter(present.items()))
        return year, f"the year the text calls its own (\"{words}\")"
    years = [y for y in _YEAR_WORD.findall(_CITATION.sub(" ", text)) if year_problem(int(y)) is None]
    if not years:
        return None
    year, count = Counter(years).most_common(1)[0]
    if count < DOMINANT_SHARE * len(years):
        return None
    return year, f"the year the text names most ({count} of its {len(years)} mentions of a year)"


_COUNCIL_MEETING = re.compile(r"\b\d{1,2},?\d{3}(?:st|nd|rd|th) [Mm]eetings?\b")
_SYMBOL = re.compile(r"\b(S/(?:PRST/)?\d{4}/\d+(?:/Rev\.\d+)?)\b")  # a Council document's symbol
_HEAD = 400  # characters: a document's head (masthead, symbol, date line, title)


def kind_from_text(text: str) -> str:
    """The kind of document its first lines show: a press release of a Council meeting (its meeting number
    and press release number), a presidential statement (S/PRST/...), a resolution, a Secretary-General's
    report, an interim report, a retreat's summary, a Working Group report, a research report; else other."""
    head, lowered = text[:800], text[:5000].lower()
    if _COUNCIL_MEETING.search(head) and re.search(r"\bSC/\d{4,5}\b|Meetings Coverage|Press Release", head, re.I):
        return "meetings coverage"
    if re.search(r"(?m)^[\s*#]*(?:S/PRST/\d{4}/\d+|Statement by the President of the Security Council)[\s*]*$",
                 head):  # on a line of its own: a brief that cites a statement is not one
        return "presidential statement"
    if re.search(r"(?m)^[\s*#]*Resolution \d{3,4} \(\d{4}\)", head) and "adopted by the security council" in lowered:
        return "resolution"
    if re.search(r"(?im)^[\s*#]*report of the secretary-general\b", text[:1500]):  # its title, not a mention
        return "Secretary-General report"
    if "interim report" in lowered:
        return "interim report"
    if "retreat" in lowered:
        return "retreat summary"
    if "working group on peacekeeping operations" in lowered:
        return "Working Group report"
    if re.search(r"(?i)\b(?:policy brief|issue brief|research report|working paper|published|accepted)\b", head):
        return "research report"
    return "other"


_HEADER_LINE = re.compile(
    r"(?i)^(?:security council|general assembly|united nations|meetings coverage(?: and press releases)?|press release"
    r"|sc/\d+|s/\S+|distr\.?:.*|original:.*|.*\b\d{1,2},?\d{3}(?:st|nd|rd|th)\b.*meetings?.*)$")


def _title(lines: list[str], kind: str) -> str:
    """A document's title as its kind prints it: a press release's headline (the first sentence-long line after
    its header of council, meeting number, release number and date), a statement's heading, a brief's first
    line; a report's "Report ..." or "... summary" line."""
    if kind == "presidential statement":
        return next((ln for ln in lines if ln.lower().startswith("statement by the president")), "Statement by the "
                    "President of the Security Council")
    if kind in ("meetings coverage", "research report", "resolution"):
        return next((ln for ln in lines[:12] if not _HEADER_LINE.match(ln) and not find_dates(ln[:40])
                     and len(ln.split()) >= 4), lines[0] if lines else "")
    return next((ln for ln in lines if re.match(r"(?i)(interim )?report|summary", ln)), lines[0] if lines else "")


def slug(name: str) -> str:
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", name)
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "document"


def document_from_text(
    text: str, *, name: str, origin: str, overrides: dict[str, str] | None = None, furniture: Sequence[str] = ()
) -> Document:
    """A document whose metadata is read from its text (and its page furniture, see :func:`read_metadata`);
    ``overrides`` win over what is read."""
    meta = read_metadata(text, furniture)
    meta.update({k: printable_line(v) for k, v in (overrides or {}).items() if v})
    date = meta.get("date") or ""
    if not date:
        raise NoDate(name)
    if (problem := iso_problem(date, "the date")) is not None:
        raise InputError(f"{name}: {problem}")
    period = meta.get("period") or date[:4]
    if (problem := iso_problem(period, "the period")) is not None:
        raise InputError(f"{name}: {problem}")
    return Document(
        id=meta.get("id") or slug(name), title=meta.get("title") or name, date=date,
        kind=kind_of(meta.get("kind") or "other"), period=period, packed_text=pack_text(text), file=name,
        symbol=meta.get("symbol", ""), chair=meta.get("chair", ""), origin=origin,
    )


def distinct_titles(documents: Iterable[Document]) -> dict[str, str]:
    """Each document's short title by id, made distinct where two would read alike: first the date it is
    dated, then its symbol, then its id are added ("Report of January 2019 (dated 15 January 2019)").

    Widgets map a label back to the first option showing it, so two alike would switch documents."""
    docs = list(documents)
    labels = {d.id: d.short_title for d in docs}
    for extra in (lambda d: f"dated {describe(d.date)}", lambda d: d.symbol, lambda d: d.id):
        alike = _alike(labels)
        for d in docs:
            if d.id in alike and extra(d):
                labels[d.id] = f"{labels[d.id]} ({extra(d)})"
    return _numbered_apart(labels)


def _numbered_apart(labels: dict[str, str]) -> dict[str, str]:
    """Labels still alike (texts made to look like another's suffix) numbered apart: "... [2]"."""
    while alike := _alike(labels):
        seen: set[str] = set()
        for key in sorted(alike):
            if labels[key] in seen:
                number = 2
                while f"{labels[key]} [{number}]" in labels.values():
                    number += 1
                labels[key] = f"{labels[key]} [{number}]"
            seen.add(labels[key])
    return labels


def _alike(labels: dict[str, str]) -> set[str]:
    """The keys whose label another key shares."""
    seen: dict[str, list[str]] = {}
    for key, label in labels.items():
        seen.setdefault(label, []).append(key)
    return {key for keys in seen.values() if len(keys) > 1 for key in keys}


def distinct_labels(options: Iterable[str], label: Callable[[str], str]) -> dict[str, str]:
    """Each option's label, with the option itself added to any label another option shares."""
    labels = {o: str(label(o)) for o in options}
    alike = _alike(labels)
    return _numbered_apart({o: f"{text} ({o})" if o in alike else text for o, text in labels.items()})


def ensure_unique(documents: Iterable[Document]) -> tuple[Document, ...]:
    """Documents with distinct ids; a later duplicate id gets a numbered suffix."""
    seen: dict[str, int] = {}
    out: list[Document] = []
    for doc in documents:
        if doc.id in seen:
            seen[doc.id] += 1
            doc = replace(doc, id=f"{doc.id}-{seen[doc.id]}")
        else:
            seen[doc.id] = 1
        out.append(doc)
    return tuple(out)
