"""The taxonomy of views, cue lexicons, breadth, missions and actors, read from YAML.

``data/taxonomy.yaml`` is edited by people, not programmers. It is validated
into frozen objects on load; every problem is reported together, each as one
sentence naming the file, the line and the fix. User regexes are compiled with
RE2 (linear time), so no pattern can hang the program.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import re2

from gapmodel.yamlfile import DataFileError, Key, LoadedYaml, Problem, format_key, load_yaml_text

CORE_VIEWS = (
    "mandate_formulation",
    "resources",
    "protection_of_civilians",
    "ssr_ddr",
    "benchmarks",
    "partnerships",
)
FLAGS = ("gap", "remedy", "progress")
MAX_TOGETHER = 63  # lists in one "together": the coder keeps one bit for each, in a 64-bit word
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_MISSION_ID = re.compile(r"^[A-Z][A-Za-z0-9-]*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Near:
    """A phrase of ``words`` and a phrase of ``with_`` at most ``within`` words apart, in either order."""

    words: tuple[str, ...]
    with_: tuple[str, ...]
    within: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SubView:
    id: str  # local id; the full id is "<view>.<id>"
    label: str
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    together: tuple[tuple[str, ...], ...] = ()  # coded when one phrase of each list appears
    regex: tuple[str, ...] = ()
    near: tuple[Near, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class View:
    id: str
    label: str
    definition: str
    core: bool
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    together: tuple[tuple[str, ...], ...] = ()  # coded when one phrase of each list appears
    regex: tuple[str, ...] = ()
    near: tuple[Near, ...] = ()
    subviews: tuple[SubView, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Breadth:
    id: str
    label: str
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Mission:
    id: str  # the acronym, e.g. MONUSCO
    name: str
    aliases: tuple[str, ...] = ()
    successor_of: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    id: str
    label: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Taxonomy:
    """Everything the coder needs, plus where it came from and its content hash."""

    views: tuple[View, ...]
    cues: dict[str, tuple[str, ...]]  # gap | remedy | progress -> phrases
    cue_exclude: dict[str, tuple[str, ...]]
    breadth: tuple[Breadth, ...]  # broadest first
    missions: tuple[Mission, ...]
    actors: tuple[Actor, ...]
    source: str
    version: str  # short hash of the file's content
    families: tuple[tuple[str, ...], ...] = ()  # words that count as one ("prioritize", "prioritization")
    cue_near: dict[str, tuple[Near, ...]] = field(default_factory=dict)  # flag -> phrases near each other

    def view(self, view_id: str) -> View:
        for v in self.views:
            if v.id == view_id:
                return v
        raise KeyError(view_id)

    @property
    def subview_ids(self) -> tuple[str, ...]:
        return tuple(f"{v.id}.{s.id}" for v in self.views for s in v.subviews)

    def label(self, code: str) -> str:
        """A view's or sub-view's label from its id (``resources.air_mobility``)."""
        view_id, _, sub_id = code.partition(".")
        view = self.view(view_id)
        if not sub_id:
            return view.label
        return next(s.label for s in view.subviews if s.id == sub_id)


MAX_REGEX_SIZE = 1_000
"""The largest RE2 program one taxonomy regex may compile to (a plain word pattern is under 100)."""
MAX_REGEX_TOTAL = 10_000
"""The largest the taxonomy's regexes may be together: each runs over every passage."""
_EMPTY_PROBES = ("", "a", "ab, cd-9. E\n")


def _matches_empty_text(compiled: Any) -> bool:
    """Whether the regex matches an empty span in any of a few probe texts (``x*``, ``a|``, ``\\b``)."""
    return any(m.start() == m.end() for probe in _EMPTY_PROBES for m in compiled.finditer(probe))


def _shorten(pattern: str, limit: int = 60) -> str:
    return pattern if len(pattern) <= limit else pattern[: limit - 3] + "..."


def regex_options() -> re2.Options:
    """How taxonomy regexes run: RE2 (linear time), any letter case, errors reported by us."""
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = False
    return options


def taxonomy_version(text: str) -> str:
    """The first 12 hex digits of the SHA-256 of the taxonomy text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def load_taxonomy(path: Path, display_path: str | None = None) -> Taxonomy:
    """Read and validate a taxonomy file; problems raise :class:`DataFileError`."""
    shown = display_path or str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise DataFileError([f"{shown}: cannot read the taxonomy ({exc.strerror}). Check the path."]) from None
    except UnicodeDecodeError:
        raise DataFileError([f"{shown}: the taxonomy is not UTF-8 text. Save it as UTF-8."]) from None
    return parse_taxonomy(text, shown)


def parse_taxonomy(text: str, display_path: str = "taxonomy.yaml") -> Taxonomy:
    """Validate taxonomy YAML text into a :class:`Taxonomy`."""
    loaded = load_yaml_text(text, display_path)
    checker = _Checker(loaded)
    taxonomy = checker.taxonomy(taxonomy_version(text))
    if checker.problems:
        raise DataFileError(checker.problems)
    assert taxonomy is not None
    return taxonomy


_TOP = {"views", "cues", "breadth", "missions", "actors", "families"}
_VIEW_KEYS = {"id", "label", "definition", "core", "include", "exclude", "weak", "together", "regex", "near",
              "subviews"}
_SUB_KEYS = {"id", "label", "include", "exclude", "weak", "together", "regex", "near"}
_NEAR_KEYS = {"words", "with", "within"}
MAX_WITHIN = 20  # words between the two phrases of a "near" rule
MAX_PHRASE = 200  # characters in one phrase (the shipped taxonomy's longest: 97)
_CUE_KEYS = {"gap", "remedy", "progress", "not_gap", "not_remedy", "not_progress", "near_gap", "near_remedy",
             "near_progress"}


class _Checker:
    def __init__(self, loaded: LoadedYaml) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = []
        self._re2_options = regex_options()
        self.regex_size = 0  # of every regex read so far, as RE2 programs

    def fail(self, key: Key, sentence: str, *, kind: str = "other", subject: str = "", detail: str = "",
             options: tuple[str, ...] = ()) -> None:
        self.problems.append(self.loaded.problem(key, sentence, kind=kind, subject=subject, detail=detail,
                                                 options=options))

    def mapping(self, value: Any, key: Key, allowed: set[str], required: tuple[str, ...] = ()) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping of {', '.join(sorted(allowed))}. Indent the fields under it.",
                      kind="type", detail="mapping")
            return {}
        for name in value:
            if name not in allowed:
                hint = _closest(name, allowed)
                self.fail((*key, name), f"unknown key '{name}'." + (f" Did you mean '{hint}'?" if hint else
                          f" Use one of: {', '.join(sorted(allowed))}."), kind="unknown_key", subject=name,
                          detail=hint, options=tuple(sorted(allowed)))
        for name in required:
            if value.get(name) in (None, "", []):
                self.fail(key, f"'{name}' is missing or empty. Add it.", kind="missing", subject=name)
        return value

    def text(self, value: Any, key: Key) -> str:
        if value is None:
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.fail(key, "expected a piece of text. Write it on the same line after the colon.", kind="type",
                      detail="text")
            return ""
        return " ".join(str(value).split())

    def phrases(self, value: Any, key: Key, *, patterns: bool = False) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(key, "expected a list of phrases. Start each phrase on its own line with '- '.", kind="type",
                      detail="phrases")
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            phrase = self.text(item, (*key, i))
            if not phrase:
                self.fail((*key, i), "this phrase is empty. Write the words or remove the line.")
            elif not re.search(r"\w", phrase):
                self.fail((*key, i), f"the phrase '{phrase}' has no letters or digits. Write words.")
            elif not patterns and " - " in phrase:  # a "- " line indented under the one before joins it, in YAML
                self.fail((*key, i), f"the phrase '{phrase}' looks like two list items run together: a line "
                          "starting with '- ' indented deeper than the one before it becomes part of it. Put each "
                          "phrase on its own line, at the same indentation.")
            elif len(phrase) > MAX_PHRASE:
                self.fail((*key, i), f"this phrase is {len(phrase):,} characters long; a phrase is a few words "
                          f"(at most {MAX_PHRASE}). Write the words that name the view, not a passage.")
            else:
                out.append(phrase)
        return tuple(out)

    def together(self, entry: dict[str, Any], key: Key) -> tuple[tuple[str, ...], ...]:
        value = entry.get("together")
        if value is None:
            return ()
        where = (*key, "together")
        if not isinstance(value, list) or len(value) < 2 or not all(isinstance(v, list) for v in value):
            self.fail(where, "together needs two or more lists of phrases, each starting with '- - '; the view "
                      "is coded when one phrase of every list appears in the passage.", kind="type", detail="together")
            return ()
        if len(value) > MAX_TOGETHER:
            self.fail(where, f"together has {len(value)} lists; it takes at most {MAX_TOGETHER}. Merge lists "
                      "whose phrases say the same thing.")
            return ()
        return tuple(self.phrases(group, (*where, i)) for i, group in enumerate(value))

    def regexes(self, value: Any, key: Key) -> tuple[str, ...]:
        patterns = self.phrases(value, key, patterns=True) if value is not None else ()
        for i, pattern in enumerate(patterns):
            try:
                compiled = re2.compile(pattern, options=self._re2_options)
            except re2.error as exc:
                reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
                self.fail((*key, i), f'invalid regex "{pattern}": {reason}. Fix the pattern or write it '
                          "as a phrase under include.", kind="regex", subject=pattern, detail=reason)
                continue
            if compiled.programsize > MAX_REGEX_SIZE:
                self.fail((*key, i), f'the regex "{_shorten(pattern)}" is too large to run quickly (size '
                          f"{compiled.programsize:,}; at most {MAX_REGEX_SIZE:,}). Use fewer or smaller repeats "
                          "such as {2,5}, or write phrases under include.", kind="regex_size", subject=pattern)
            elif _matches_empty_text(compiled):
                self.fail((*key, i), f'the regex "{_shorten(pattern)}" also matches where there is no text '
                          "at all (an empty match), so it would code every passage. Make it require at least one "
                          "character, e.g. x+ instead of x*.", kind="regex_empty", subject=pattern)
            self.regex_size += compiled.programsize
        return patterns

    def ident(self, value: Any, key: Key, seen: dict[str, Key], pattern: re.Pattern[str] = _ID) -> str:
        ident = self.text(value, key)
        if ident and not pattern.match(ident):
            self.fail(key, f"the id '{ident}' must be lower case letters, digits and underscores, "
                      "starting with a letter (e.g. air_mobility).")
        if ident in seen:
            first = self.loaded.line(seen[ident])
            self.fail(key, f"the id '{ident}' is already used at line {first}. Give it a different id.",
                      kind="duplicate_id", subject=ident, detail=str(first))
        seen[ident] = key
        return ident

    def taxonomy(self, version: str) -> Taxonomy | None:
        top = self.mapping(self.loaded.data, (), _TOP, ("views",))
        views = self.views(top.get("views"), ("views",))
        cues_raw = self.mapping(top.get("cues") or {}, ("cues",), _CUE_KEYS, FLAGS)
        cues = {f: self.phrases(cues_raw.get(f), ("cues", f)) for f in FLAGS}
        cue_exclude = {f: self.phrases(cues_raw.get(f"not_{f}"), ("cues", f"not_{f}")) for f in FLAGS}
        cue_near = {f: self.nears(cues_raw.get(f"near_{f}"), ("cues", f"near_{f}")) for f in FLAGS}
        breadth = self.listed(top.get("breadth"), ("breadth",), self.breadth)
        missions = self.listed(top.get("missions"), ("missions",), self.mission)
        actors = self.listed(top.get("actors"), ("actors",), self.actor)
        for ident in CORE_VIEWS:
            if ident not in {v.id for v in views} and isinstance(top.get("views"), list):
                self.fail(("views",), f"the core view '{ident}' is missing. Keep the six core views "
                          f"({', '.join(CORE_VIEWS)}); add others beside them.")
        known = {m.id for m in missions}
        for i, m in enumerate(missions):
            if m.successor_of and m.successor_of not in known:
                self.fail(("missions", i, "successor_of"), f"'{m.successor_of}' is not a mission in this list. "
                          "Add it or correct the acronym.")
        if self.regex_size > MAX_REGEX_TOTAL:
            self.fail(("views",), f"the regexes are too large together to run quickly (size {self.regex_size:,}; "
                      f"at most {MAX_REGEX_TOTAL:,}). Write some of them as phrases under include.")
        families = self.families(top.get("families"), ("families",))
        if self.problems:
            return None
        return Taxonomy(views=views, cues=cues, cue_exclude=cue_exclude, breadth=breadth, missions=missions,
                        actors=actors, source=self.loaded.path, version=version, families=families,
                        cue_near=cue_near)

    def families(self, value: Any, key: Key) -> tuple[tuple[str, ...], ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(key, "expected a list of families, each a list of words in [brackets] on its own line "
                      "starting with '- '.", kind="type", detail="families")
            return ()
        out: list[tuple[str, ...]] = []
        seen: dict[str, int] = {}
        for i, family in enumerate(value):
            words = self.phrases(family, (*key, i))
            for j, word in enumerate(words):
                if not re.fullmatch(r"\w+", word):
                    self.fail((*key, i, j), f"'{word}' is not one word. A family lists single words that count "
                              "as one (prioritize, prioritization); write phrases under a view's include.")
                elif word.lower() in seen and seen[word.lower()] != i:
                    self.fail((*key, i, j), f"'{word}' is already in family {seen[word.lower()] + 1}. A word "
                              "belongs to one family: merge the two.")
                seen.setdefault(word.lower(), i)
            if len(words) == 1:
                self.fail((*key, i), "a family needs two or more words.")
            out.append(tuple(w.lower() for w in words))
        return tuple(out)

    def nears(self, value: Any, key: Key) -> tuple[Near, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(key, "expected a list of rules, each starting with '- words:'.", kind="type", detail="nears")
            return ()
        out = []
        for i, item in enumerate(value):
            where = (*key, i)
            entry = self.mapping(item, where, _NEAR_KEYS, ("words", "with", "within"))
            within = entry.get("within")
            if within is not None and (not isinstance(within, int) or isinstance(within, bool)
                                       or not 0 <= within <= MAX_WITHIN):
                self.fail((*where, "within"), f"within must be a number of words from 0 to {MAX_WITHIN}.",
                          kind="type", detail="within")
                within = None
            words, with_ = self.phrases(entry.get("words"), (*where, "words")), self.phrases(entry.get("with"),
                                                                                            (*where, "with"))
            if words and with_ and within is not None:
                out.append(Near(words=words, with_=with_, within=within))
        return tuple(out)

    def listed(self, value: Any, key: Key, build: Callable[[Any, Key, dict[str, Key]], Any]) -> tuple[Any, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(key, "expected a list. Start each entry on its own line with '- '.", kind="type",
                      detail="list")
            return ()
        seen: dict[str, Key] = {}
        return tuple(x for x in (build(item, (*key, i), seen) for i, item in enumerate(value)) if x is not None)

    def views(self, value: Any, key: Key) -> tuple[View, ...]:
        return self.listed(value, key, self.view)

    def view(self, value: Any, key: Key, seen: dict[str, Key]) -> View | None:
        entry = self.mapping(value, key, _VIEW_KEYS, ("id", "label", "definition"))
        if not entry:
            return None
        ident = self.ident(entry.get("id"), (*key, "id"), seen)
        sub_seen: dict[str, Key] = {}
        subviews = tuple(
            s for s in (
                self.subview(item, (*key, "subviews", i), sub_seen)
                for i, item in enumerate(entry.get("subviews") or [])
            ) if s is not None
        ) if isinstance(entry.get("subviews") or [], list) else ()
        if entry.get("subviews") is not None and not isinstance(entry.get("subviews"), list):
            self.fail((*key, "subviews"), "expected a list of sub-views, each starting with '- id:'.", kind="type",
                      detail="subviews")
        include = self.phrases(entry.get("include"), (*key, "include"))
        regex = self.regexes(entry.get("regex"), (*key, "regex"))
        near = self.nears(entry.get("near"), (*key, "near"))
        if not include and not regex and not entry.get("together") and not near and not any(
            s.include or s.regex or s.together or s.near for s in subviews
        ):
            self.fail(key, f"the view '{ident}' is empty: it has no include phrases, regex or sub-views "
                      "with phrases. Add at least one phrase under include.")
        core = entry.get("core", ident in CORE_VIEWS)
        if not isinstance(core, bool):
            self.fail((*key, "core"), "core must be true or false.", kind="type", detail="bool")
            core = False
        return View(
            id=ident, label=self.text(entry.get("label"), (*key, "label")),
            definition=self.text(entry.get("definition"), (*key, "definition")), core=core,
            include=include, exclude=self.phrases(entry.get("exclude"), (*key, "exclude")),
            weak=self.phrases(entry.get("weak"), (*key, "weak")), together=self.together(entry, key),
            regex=regex, near=near, subviews=subviews,
        )

    def subview(self, value: Any, key: Key, seen: dict[str, Key]) -> SubView | None:
        entry = self.mapping(value, key, _SUB_KEYS, ("id", "label"))
        if not entry:
            return None
        ident = self.ident(entry.get("id"), (*key, "id"), seen)
        include = self.phrases(entry.get("include"), (*key, "include"))
        regex = self.regexes(entry.get("regex"), (*key, "regex"))
        near = self.nears(entry.get("near"), (*key, "near"))
        if not include and not regex and not entry.get("together") and not near:
            self.fail(key, f"the sub-view '{ident}' is empty. Add at least one phrase under include.")
        return SubView(
            id=ident, label=self.text(entry.get("label"), (*key, "label")), include=include,
            exclude=self.phrases(entry.get("exclude"), (*key, "exclude")),
            weak=self.phrases(entry.get("weak"), (*key, "weak")), together=self.together(entry, key),
            regex=regex, near=near,
        )

    def breadth(self, value: Any, key: Key, seen: dict[str, Key]) -> Breadth | None:
        entry = self.mapping(value, key, {"id", "label", "phrases"}, ("id", "label", "phrases"))
        if not entry:
            return None
        return Breadth(id=self.ident(entry.get("id"), (*key, "id"), seen),
                       label=self.text(entry.get("label"), (*key, "label")),
                       phrases=self.phrases(entry.get("phrases"), (*key, "phrases")))

    def mission(self, value: Any, key: Key, seen: dict[str, Key]) -> Mission | None:
        entry = self.mapping(value, key, {"id", "name", "aliases", "successor_of"}, ("id", "name"))
        if not entry:
            return None
        ident = self.text(entry.get("id"), (*key, "id"))
        if ident and not _MISSION_ID.match(ident):
            self.fail((*key, "id"), f"the mission id '{ident}' must be its acronym (e.g. MONUSCO).")
        if ident in seen:
            first = self.loaded.line(seen[ident])
            self.fail((*key, "id"), f"the mission '{ident}' is already listed at line {first}. Keep one entry.",
                      kind="duplicate_id", subject=ident, detail=str(first))
        seen[ident] = key
        return Mission(id=ident, name=self.text(entry.get("name"), (*key, "name")),
                       aliases=self.phrases(entry.get("aliases"), (*key, "aliases")),
                       successor_of=self.text(entry.get("successor_of"), (*key, "successor_of")))

    def actor(self, value: Any, key: Key, seen: dict[str, Key]) -> Actor | None:
        entry = self.mapping(value, key, {"id", "label", "aliases"}, ("id", "label", "aliases"))
        if not entry:
            return None
        return Actor(id=self.ident(entry.get("id"), (*key, "id"), seen),
                     label=self.text(entry.get("label"), (*key, "label")),
                     aliases=self.phrases(entry.get("aliases"), (*key, "aliases")))


def _closest(name: str, allowed: set[str]) -> str:
    import difflib

    match = difflib.get_close_matches(name, sorted(allowed), n=1, cutoff=0.6)
    return match[0] if match else ""


__all__ = ["CORE_VIEWS", "DataFileError", "Taxonomy", "View", "load_taxonomy", "parse_taxonomy", "format_key"]
