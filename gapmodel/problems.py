"""The taxonomy loader's problems in plain words, for people who do not read YAML paths.

The loader says ``data/taxonomy.yaml:42: views[1].subviews[0].regex[0]: invalid regex ...``: exact, and what
the command line prints. The Curate page shows first a sentence naming the line, the view or sub-view in its
own words and what to do, built here from the parts each :class:`~gapmodel.yamlfile.Problem` keeps, and the
located message beside it as the details.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gapmodel.taxonomy import MAX_WITHIN
from gapmodel.yamlfile import DataFileError, Key, Problem, load_yaml_text


@dataclass(frozen=True, slots=True, kw_only=True)
class PlainProblem:
    """One problem: the plain sentence to show first, and the loader's located message ("" when it has none)."""

    plain: str
    located: str


_REGEX_REASONS = (  # RE2's reasons, by how they begin; "invalid character class range" before "... class"
    ("missing )", "a bracket “(” is opened but never closed"),
    ("unexpected )", "a bracket “)” closes nothing"),
    ("missing ]", "a square bracket “[” is opened but never closed"),
    ("invalid perl operator", "it uses a look-ahead, a look-behind or another form this program cannot run"),
    ("no argument for repetition operator", "a repeat sign (*, + or ?) has nothing before it to repeat"),
    ("missing argument to repetition operator", "a repeat sign (*, + or ?) has nothing before it to repeat"),
    ("bad repetition operator", "two repeat signs (*, + or ?) stand together"),
    ("invalid repetition size", "a count in braces, such as {2,5}, is too large or written the wrong way round"),
    ("invalid escape sequence", "a backslash is followed by a character it cannot be used with here"),
    ("trailing \\", "it ends with a single backslash"),
    ("invalid character class range", "a range in square brackets is not valid"),
    ("invalid character class", "a set of characters in square brackets is not valid"),
    ("invalid named capture group", "a named group is not written correctly"),
)
_EXPECTED = {
    "mapping": "a group of fields, each on its own line as “name: value” and indented under it",
    "text": "a piece of text written on the same line, after the colon",
    "phrases": "a list of phrases, each on its own line starting with “- ”",
    "together": "two or more lists of phrases, each starting with “- - ”",
    "subviews": "a list of sub-views, each starting with “- id:”",
    "list": "a list, each entry on its own line starting with “- ”",
    "nears": "a list of rules, each starting with “- words:”",
    "families": "a list of families, each a list of words in square brackets on its own line starting with “- ”",
    "bool": "true or false",
    "within": f"a number of words from 0 to {MAX_WITHIN}",
}
_ENTRIES = {"missions": "mission", "actors": "actor", "breadth": "breadth level"}


def plain_problems(error: DataFileError, text: str) -> tuple[PlainProblem, ...]:
    """Each problem of ``error``, raised reading the taxonomy ``text``, as a plain sentence beside its message.

    The sentence names the line and, where it can, the view or sub-view by its label; a problem on no line
    (a sentence given as text) is its own plain sentence, with no located message.
    """
    try:
        data = load_yaml_text(text, "the taxonomy").data
    except DataFileError:
        data = None  # the text is not YAML: the problems name lines only
    return tuple(PlainProblem(plain=plain_sentence(p, data), located=p.message if p.line else "")
                 for p in error.details)


def plain_sentence(problem: Problem, data: Any = None) -> str:
    """A problem in plain words: where (the line, and the view or sub-view of ``data`` it is in) and what to do."""
    if not problem.line:
        return problem.message
    place = _place(data, problem.key)
    within = f" ({place})" if place else ""
    at = f"Line {problem.line}{within}"
    kind, subject, detail = problem.kind, problem.subject, problem.detail
    if kind.startswith("regex"):
        pattern = f" “{subject}”" if subject and len(subject) <= 60 else ""  # the editor shows no line numbers
        return (f"The pattern{pattern} on line {problem.line}{within} cannot be used: {_regex_reason(kind, detail)}. "
                "Fix the pattern or write it as a phrase.")
    if kind == "unknown_key":
        return f"{at}: the taxonomy has no field “{subject}”. " + (
            f"Did you mean “{detail}”?" if detail else f"Use one of these: {', '.join(problem.options)}.")
    if kind == "duplicate_id":
        return f"{at}: the id “{subject}” is already used on line {detail}. Give it an id of its own."
    if kind == "duplicate_key":
        return f"{at}: “{subject}” is written twice. Keep one of them, with everything that belongs under it."
    if kind == "missing":
        return f"{at}: “{subject}” is missing or empty. Add a line “{subject}: …” with its value."
    if kind == "type" and detail in _EXPECTED:
        return f"{at}: {_field(problem.key)} should be {_EXPECTED[detail]}."
    if kind == "syntax":
        return (f"The taxonomy cannot be read from line {problem.line}: {detail}. Check the indentation and "
                "quoting on that line and the one before it.")
    return f"{at}: {problem.sentence or problem.message}"


def _regex_reason(kind: str, reason: str) -> str:
    if kind == "regex_size":
        return "it is too large to run quickly; use fewer or smaller repeats"
    if kind == "regex_empty":
        return "it also matches where there is no text at all, so it would code every passage"
    for start, plain in _REGEX_REASONS:
        if reason.startswith(start):
            return plain
    return f"the pattern engine reports “{reason}”"


def _field(key: Key | None) -> str:
    """The value a key names, in words: “include”, or entry 2 of “include”."""
    if not key:
        return "the file"
    names = [part for part in key if isinstance(part, str)]
    field = f"“{names[-1]}”" if names else "the list"
    last = key[-1]
    return f"entry {last + 1} of {field}" if isinstance(last, int) else field


def _place(data: Any, key: Key | None) -> str:
    """Where a key is, in the taxonomy's own words: "sub-view Air mobility of Resources", "mission MONUC"."""
    if not key or len(key) < 2 or not isinstance(key[1], int):
        return f"cues “{key[1]}”" if key and key[0] == "cues" and len(key) > 1 else ""
    head, index = key[0], key[1]
    if head == "views":
        view = _name(_at(data, key[:2]), "label", "id") or f"number {index + 1}"
        if len(key) > 3 and key[2] == "subviews" and isinstance(key[3], int):
            return f"sub-view {_name(_at(data, key[:4]), 'label', 'id') or f'number {key[3] + 1}'} of {view}"
        return f"view {view}"
    if head == "families":
        return f"word family {index + 1}"
    if head in _ENTRIES:
        order = ("id", "name") if head == "missions" else ("label", "id")
        return f"{_ENTRIES[head]} {_name(_at(data, key[:2]), *order) or f'number {index + 1}'}"
    return ""


def _at(data: Any, key: Key) -> Any:
    """The value at ``key`` in plain YAML data, or None where there is none."""
    for part in key:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _name(entry: Any, *fields: str) -> str:
    """The first of ``fields`` of a mapping that holds a piece of text, spaces tidied ("" if none does)."""
    if not isinstance(entry, dict):
        return ""
    for name in fields:
        value = entry.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return " ".join(str(value).split())
    return ""
