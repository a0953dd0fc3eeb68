"""Reading YAML data files so that every value keeps the line it came from.

The taxonomy and the corpus manifest are edited by people. When something is
wrong we name the file, the line and the fix, so the loader needs to know where
each value was written. ``yaml.compose`` keeps that; we turn its nodes into
plain Python values plus a table of source lines keyed by the value's path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Key = tuple[str | int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One problem of a data file, kept in parts as well as in the sentence the command line prints."""

    message: str  # "file:line: path: sentence", as printed
    sentence: str = ""  # the message without its file, line and path
    line: int = 0  # 1-based; 0 when the problem is on no line (the file cannot be read at all)
    key: Key | None = None  # the path of the value it is about, None when it is about no value
    kind: str = "other"  # regex, regex_size, regex_empty, unknown_key, duplicate_id, duplicate_key, missing,
    #                      type, syntax or other
    subject: str = ""  # what it is about: the pattern, the key or the id as written
    detail: str = ""  # why, in parts: the regex engine's reason, the closest key, the line first used, the type
    options: tuple[str, ...] = ()  # for an unknown key, the keys allowed there


def problem_at(path: str, line: int, key: Key | None, sentence: str, *, kind: str = "other", subject: str = "",
               detail: str = "", options: tuple[str, ...] = ()) -> Problem:
    """A problem located as ``file:line: path: sentence`` (``file:line: sentence`` when ``key`` is None)."""
    where = f"{path}:{line}: " + (f"{format_key(key)}: " if key is not None else "")
    return Problem(message=where + sentence, sentence=sentence, line=line, key=key, kind=kind, subject=subject,
                   detail=detail, options=options)


class DataFileError(ValueError):
    """One or more problems in a data file, each a full sentence with file and line.

    ``problems`` are the sentences; ``details`` the same problems in parts (a sentence given as text is a
    :class:`Problem` of kind "other" on no line).
    """

    def __init__(self, problems: Sequence[str | Problem]) -> None:
        self.details = [p if isinstance(p, Problem) else Problem(message=p, sentence=p) for p in problems]
        self.problems = [p.message for p in self.details]
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class LoadedYaml:
    """Plain values of a YAML file and the 1-based line of every value by its path."""

    path: str
    data: Any
    lines: Mapping[Key, int] = field(default_factory=dict)

    def line(self, key: Key) -> int:
        """The line of the value at ``key``, or of its nearest parent."""
        probe = tuple(key)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)

    def where(self, key: Key) -> str:
        """``file:line: path`` for messages, e.g. ``data/taxonomy.yaml:42: views[3].include``."""
        return f"{self.path}:{self.line(key)}: {format_key(key)}"

    def problem(self, key: Key, sentence: str, *, kind: str = "other", subject: str = "", detail: str = "",
                options: tuple[str, ...] = ()) -> Problem:
        """A problem with the value at ``key``: its message is ``where(key)`` and the sentence."""
        return problem_at(self.path, self.line(key), key, sentence, kind=kind, subject=subject, detail=detail,
                          options=options)


def format_key(key: Key) -> str:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(top level)"


MAX_NODES = 100_000
"""The most values a file may hold once its aliases (``*name``) are written out in full."""
MAX_DEPTH = 50
"""The deepest a list or mapping may sit inside others."""
MAX_CHARACTERS = 2_000_000
"""The most characters of text a file may hold once its aliases are written out (the shipped taxonomy: 60,000)."""


def load_yaml_text(text: str, display_path: str) -> LoadedYaml:
    """Parse YAML text; syntax errors, duplicate keys and oversized files raise :class:`DataFileError`.

    Before anything is built, the parser's events are walked once to refuse a file whose aliases
    would expand beyond :data:`MAX_NODES` values ("billion laughs"), that nests deeper than
    :data:`MAX_DEPTH`, or whose alias refers to the list or mapping it sits in.
    """
    try:
        _check_shape(text, display_path)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = _plain_problem(exc.problem or exc.context or "")
        raise DataFileError([problem_at(display_path, line, None, f"the file is not valid YAML ({problem}). Check "
                                        "the indentation and quoting on that line or the one before it.",
                                        kind="syntax", detail=problem)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no mark
        raise DataFileError([f"{display_path}:1: the file is not valid YAML ({exc})."]) from None
    lines: dict[Key, int] = {}
    problems: list[Problem] = []
    if node is None:
        return LoadedYaml(display_path, None, {(): 1})
    try:
        data = _convert(node, (), lines, problems, display_path)
    except yaml.MarkedYAMLError as exc:  # a value YAML cannot turn into text, a number or a list ("=", "? [a]")
        mark = exc.problem_mark or exc.context_mark
        raise DataFileError([problem_at(display_path, mark.line + 1 if mark else 1, None, "this value cannot be "
                                        "read. Put it in quotes, or check the indentation on that line.")]) from None
    if problems:
        raise DataFileError(problems)
    return LoadedYaml(display_path, data, lines)


def _check_shape(text: str, path: str) -> None:
    """Refuse, from the event stream alone (no nodes built, no recursion), what cannot be expanded safely:
    more than :data:`MAX_NODES` values or :data:`MAX_CHARACTERS` characters of text once every alias is
    written out, nesting deeper than :data:`MAX_DEPTH`, or an alias inside its own value."""
    sizes: dict[str, tuple[int, int]] = {}  # each anchor's value: values and characters once written out
    stack: list[tuple[str | None, int, int]] = []  # the open lists and mappings: anchor, values, characters
    values = characters = 0  # of the whole file, written out
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent):
            name = str(event.anchor)
            if any(anchor == name for anchor, _, _ in stack):
                raise DataFileError([problem_at(path, line, None, f"the alias '*{name}' refers to the list or "
                                                "mapping it is written in, so it would never end. Write the value "
                                                "out instead.")])
            count, chars = sizes.get(name, (1, 0))  # an unknown alias is reported by the parser that follows
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise DataFileError([problem_at(path, line, None, f"lists and mappings are nested more than "
                                                f"{MAX_DEPTH} deep here. A taxonomy needs only a few levels: check "
                                                "the indentation and brackets.")])
            stack.append((event.anchor, 1, 0))
            values += 1
            count = chars = 0  # counted: only the limits are checked below
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, count, chars = stack.pop()
            if anchor:
                sizes[anchor] = (count, chars)
            if stack:
                above = stack[-1]
                stack[-1] = (above[0], above[1] + count, above[2] + chars)
            continue  # its values were counted as they came
        elif isinstance(event, yaml.ScalarEvent):
            count, chars = 1, len(event.value)
            if event.anchor:
                sizes[event.anchor] = (count, chars)
        else:
            continue
        values += count
        characters += chars
        if stack:
            above = stack[-1]
            stack[-1] = (above[0], above[1] + count, above[2] + chars)
        if values > MAX_NODES or characters > MAX_CHARACTERS:
            what = f"{MAX_NODES:,} values" if values > MAX_NODES else f"{MAX_CHARACTERS:,} characters"
            raise DataFileError([problem_at(path, line, None, (
                f"written out in full (each alias '*name' as its value), it holds more than {what}, far more "
                "than any taxonomy holds. Write repeated values once, or split the file." if sizes else
                f"it holds more than {what}, far more than any taxonomy holds. Split the file."))])


_PROBLEMS = (
    ("expected <block end>", "a line is indented differently from the lines around it"),
    ("mapping values are not allowed", "a colon where none was expected: put text with ': ' in quotes"),
    ("found character '\\t'", "a tab character: indent with spaces"),
    ("could not find expected ':'", "a line without 'key: value' where one was expected"),
    ("expected ',' or ']'", "a list in [brackets] is not closed"),
    ("expected ',' or '}'", "a mapping in {braces} is not closed"),
    ("found unexpected end of stream", "a quote is not closed"),
)


def _plain_problem(problem: str) -> str:
    for jargon, plain in _PROBLEMS:
        if jargon in problem:
            return plain
    return problem.rstrip(".") or "it cannot be read"


def load_yaml_file(path: Path, display_path: str | None = None) -> LoadedYaml:
    """Read and parse a YAML file; an unreadable file raises :class:`DataFileError`."""
    shown = display_path or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or "it cannot be read"
        raise DataFileError([f"{shown}: cannot read the file ({reason}). Check the path."]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError(
            [f"{shown}: the file is not UTF-8 text. Save it as UTF-8 and load it again."]
        ) from None
    return load_yaml_text(text, shown)


def _convert(
    node: yaml.Node, key: Key, lines: dict[Key, int], problems: list[Problem], path: str
) -> Any:
    lines[key] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            name = str(yaml.SafeLoader.construct_scalar(yaml.SafeLoader(""), key_node))
            child = (*key, name)
            if name in out:
                problems.append(problem_at(path, key_node.start_mark.line + 1, child, f"the key '{name}' is "
                                           "written twice. Keep one of them.", kind="duplicate_key", subject=name))
                continue
            out[name] = _convert(value_node, child, lines, problems, path)
            lines[child] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*key, index), lines, problems, path)
            for index, item in enumerate(node.value)
        ]
    try:
        value = yaml.SafeLoader("").construct_object(node, deep=True)
        if isinstance(value, int) and value.bit_length() > 10_000:  # 0xfff... or 1:59:59...: too long to print
            raise ValueError("too long")
        return value
    except (ValueError, OverflowError, TypeError):  # "2018-02-31" read as a date, a 5,000-digit number
        problems.append(problem_at(path, node.start_mark.line + 1, key, f"the value '{_shown(node)}' cannot be read "
                                   "as written (a date that does not exist, or a number too long to hold). Put it "
                                   "in quotes to keep it as text."))
        return None


def _shown(node: yaml.Node) -> str:
    value = str(node.value)
    return value if len(value) <= 40 else value[:37] + "..."

