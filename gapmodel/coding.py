"""Coding passages: views, sub-views, gap/remedy/progress, breadth, missions, actors.

Deterministic and explainable: every code a passage gets comes with the
evidence spans that produced it. One compiled matcher runs over all passages.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

import re2

from gapmodel.matcher import PhraseMatcher, Target
from gapmodel.taxonomy import FLAGS, SubView, Taxonomy, View, regex_options


class Evidence(NamedTuple):
    """Why a code was given: the phrase as written in the taxonomy and where it matched."""

    code: str  # "resources", "resources.air_mobility", "gap", "breadth.many", "mission.UNMIS", "actor.nato"
    term: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Coding:
    """The codes of one passage."""

    views: tuple[str, ...]
    subviews: tuple[str, ...]  # "view.subview"
    gap: bool
    remedy: bool
    progress: bool
    breadth: str  # a breadth id, or "unstated"
    missions: tuple[str, ...]
    actors: tuple[str, ...]
    evidence: tuple[Evidence, ...]


UNSTATED = "unstated"


def _stem(term: str) -> str:
    """'mandate' and 'mandates' are one phrase when counting a view's distinct phrases."""
    return re.sub(r"(?:ing|ed|es|s)?e?$", "", term.lower())


class Coder:
    """Codes text against one taxonomy; build it once, use it for any number of passages."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        phrases: dict[str, list[Target]] = {}

        def add(items: Sequence[str], code: str) -> None:
            for phrase in items:
                phrases.setdefault(phrase, []).append(Target(code, phrase))

        self._regexes: list[tuple[re2._Regexp, Target]] = []
        options = regex_options()
        for view in taxonomy.views:
            pairs: list[tuple[str, View | SubView]] = [(view.id, view)]
            pairs += [(f"{view.id}.{s.id}", s) for s in view.subviews]
            for code, terms in pairs:
                add(terms.include, f"include:{code}")
                add(terms.weak, f"weak:{code}")
                add(terms.exclude, f"exclude:{code}")
                for group, members in enumerate(terms.together):
                    add(members, f"together:{code}#{group}")
                self._regexes += [(re2.compile(p, options=options), Target(f"include:{code}", p))
                                  for p in terms.regex]
        for flag in FLAGS:
            add(taxonomy.cues.get(flag, ()), f"cue:{flag}")
            add(taxonomy.cue_exclude.get(flag, ()), f"notcue:{flag}")
        for level in taxonomy.breadth:
            add(level.phrases, f"breadth:{level.id}")
        for mission in taxonomy.missions:
            add((mission.id, mission.name, *mission.aliases), f"mission:{mission.id}")
        for actor in taxonomy.actors:
            add(actor.aliases, f"actor:{actor.id}")
        self.matcher = PhraseMatcher(phrases)
        self._kind: list[int] = []
        self._key: list[str] = []
        self._term: list[str] = []
        self._stem: list[str] = []
        self._group: list[int] = []
        self._groups = {v.id: len(v.together) for v in taxonomy.views} | {
            f"{v.id}.{s.id}": len(s.together) for v in taxonomy.views for s in v.subviews}
        self._regex_ids: list[int] = []
        for _, target in self._regexes:
            self.matcher.targets.append(target)
            self._regex_ids.append(len(self.matcher.targets) - 1)
        for t in range(len(self.matcher.targets)):
            self._index_target(t)
        self._view_order = {v.id: i for i, v in enumerate(taxonomy.views)}
        self._sub_order = {f"{v.id}.{s.id}": (i, j) for i, v in enumerate(taxonomy.views)
                           for j, s in enumerate(v.subviews)}
        self._breadth_rank = {b.id: i for i, b in enumerate(taxonomy.breadth)}
        self._mission_order = {m.id: i for i, m in enumerate(taxonomy.missions)}
        self._actor_order = {a.id: i for i, a in enumerate(taxonomy.actors)}

    def code(self, text: str) -> Coding:
        return self.code_many([text])[0]

    def code_many(self, texts: Sequence[str]) -> list[Coding]:
        """The coding of each text, in order."""
        all_hits = self.matcher.find_many(list(texts))
        for text, hits in zip(texts, all_hits, strict=True) if self._regexes else ():
            for (regex, _), tid in zip(self._regexes, self._regex_ids, strict=True):
                hits.extend((m.start(), m.end(), tid) for m in regex.finditer(text))
        collecting = gc.isenabled()
        gc.disable()  # millions of small evidence tuples: the cyclic collector would only slow them down
        try:
            return [self._decide(hits) for hits in all_hits]
        finally:
            if collecting:
                gc.enable()

    def _index_target(self, t: int) -> None:
        target = self.matcher.targets[t]
        kind, _, key = target.code.partition(":")
        if kind == "together":
            key, _, group = key.partition("#")
            self._group.append(int(group))
        else:
            self._group.append(-1)
        self._kind.append(_KINDS[kind])
        self._key.append(key)
        self._term.append(target.term)
        self._stem.append(_stem(target.term))

    def _decide(self, hits: list[tuple[int, int, int]]) -> Coding:
        kinds, keys, terms, stems, groups = self._kind, self._key, self._term, self._stem, self._group
        excluded: dict[str, list[tuple[int, int]]] = {}
        for start, end, t in hits:
            if kinds[t] in (_EXCLUDE, _NOTCUE):
                excluded.setdefault(keys[t], []).append((start, end))
        # per view or sub-view: [has an include phrase, weak stems, together groups, hits]
        views: dict[str, list[Any]] = {}
        flags: dict[str, list[tuple[int, int, int]]] = {}
        evidence: list[Evidence] = []
        breadth, missions, actors = UNSTATED, set(), set()
        for hit in hits:
            start, end, t = hit
            kind = kinds[t]
            if kind <= _TOGETHER:
                key = keys[t]
                if excluded and _inside(start, end, excluded, key):
                    continue
                state = views.get(key)
                if state is None:
                    state = views[key] = [False, set(), set(), []]
                if kind == _INCLUDE:
                    state[0] = True
                elif kind == _WEAK:
                    state[1].add(stems[t])
                else:
                    state[2].add(groups[t])
                state[3].append(hit)
            elif kind == _CUE:
                key = keys[t]
                if not excluded or not any(s <= start and end <= e for s, e in excluded.get(key, ())):
                    flags.setdefault(key, []).append(hit)
                    evidence.append(_new(Evidence, (key, terms[t], start, end)))
            elif kind >= _BREADTH:
                ident = keys[t]
                evidence.append(_new(Evidence, (f"{_KIND_NAMES[kind]}.{ident}", terms[t], start, end)))
                if kind == _BREADTH:
                    if breadth == UNSTATED or self._breadth_rank[ident] < self._breadth_rank[breadth]:
                        breadth = ident
                elif kind == _MISSION:
                    missions.add(ident)
                else:
                    actors.add(ident)
        coded: list[str] = []
        for key, (include, weak, together, found) in views.items():
            complete = bool(together) and len(together) >= self._groups[key]
            if include or len(weak) >= 2 or complete:
                coded.append(key)
                evidence += [_new(Evidence, (key, terms[t], s, e)) for s, e, t in found
                             if complete or kinds[t] != _TOGETHER]
        evidence.sort(key=_by_position)
        return Coding(
            views=tuple(sorted({k.split(".")[0] for k in coded}, key=self._view_order.__getitem__)),
            subviews=tuple(sorted((k for k in coded if "." in k), key=self._sub_order.__getitem__)),
            gap="gap" in flags, remedy="remedy" in flags, progress="progress" in flags, breadth=breadth,
            missions=tuple(sorted(missions, key=self._mission_order.__getitem__)),
            actors=tuple(sorted(actors, key=self._actor_order.__getitem__)),
            evidence=tuple(evidence),
        )


_new = tuple.__new__  # a NamedTuple built without its Python-level constructor: evidence is made per match
_by_position = itemgetter(2, 3, 0)
_INCLUDE, _WEAK, _TOGETHER, _EXCLUDE, _CUE, _NOTCUE, _BREADTH, _MISSION, _ACTOR = range(9)
_KINDS = {"include": _INCLUDE, "weak": _WEAK, "together": _TOGETHER, "exclude": _EXCLUDE, "cue": _CUE,
          "notcue": _NOTCUE, "breadth": _BREADTH, "mission": _MISSION, "actor": _ACTOR}
_KIND_NAMES = {v: k for k, v in _KINDS.items()}


def _inside(start: int, end: int, excluded: dict[str, list[tuple[int, int]]], key: str) -> bool:
    """Is a view's (or sub-view's) match inside an exclude phrase of it or of its view?"""
    spans = excluded.get(key, [])
    if "." in key:
        spans = spans + excluded.get(key.split(".")[0], [])
    return any(s <= start and end <= e for s, e in spans)
