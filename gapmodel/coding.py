"""Coding passages: views, sub-views, gap/remedy/progress, breadth, missions, actors.

Deterministic and explainable: every code a passage gets comes with the
evidence spans that produced it. One compiled matcher runs over all passages.
"""

from __future__ import annotations

from collections.abc import Sequence
import re
from dataclasses import dataclass

import re2

from gapmodel.matcher import Hit, PhraseMatcher, Target
from gapmodel.taxonomy import FLAGS, Taxonomy


@dataclass(frozen=True, slots=True)
class Evidence:
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

        self._regexes: list[tuple[re2._Regexp, str]] = []  # type: ignore[name-defined]
        options = re2.Options()
        options.case_sensitive = False
        options.log_errors = False
        for view in taxonomy.views:
            add(view.include, f"include:{view.id}")
            add(view.weak, f"weak:{view.id}")
            add(view.exclude, f"exclude:{view.id}")
            self._regexes += [(re2.compile(p, options=options), f"include:{view.id}") for p in view.regex]
            for sub in view.subviews:
                code = f"{view.id}.{sub.id}"
                add(sub.include, f"include:{code}")
                add(sub.weak, f"weak:{code}")
                add(sub.exclude, f"exclude:{code}")
                self._regexes += [(re2.compile(p, options=options), f"include:{code}") for p in sub.regex]
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
        if self._regexes:
            for text, hits in zip(texts, all_hits, strict=True):
                for regex, code in self._regexes:
                    hits.extend(Hit(m.start(), m.end(), Target(code, regex.pattern)) for m in regex.finditer(text))
        return [self._decide(hits) for hits in all_hits]

    def _decide(self, hits: list[Hit]) -> Coding:
        excluded: dict[str, list[tuple[int, int]]] = {}
        for h in hits:
            kind, _, key = h.target.code.partition(":")
            if kind in ("exclude", "notcue"):
                excluded.setdefault(key, []).append((h.start, h.end))

        def cancelled(key: str, h: Hit) -> bool:
            spans = excluded.get(key, ())
            view = key.split(".")[0]
            spans = [*spans, *excluded.get(view, ())] if "." in key else spans
            return any(s <= h.start and h.end <= e for s, e in spans)

        strong: dict[str, list[Hit]] = {}
        weak: dict[str, list[Hit]] = {}
        flags: dict[str, list[Hit]] = {}
        other: list[tuple[str, Hit]] = []
        for h in hits:
            kind, _, key = h.target.code.partition(":")
            if kind in ("include", "weak"):
                if cancelled(key, h):
                    continue
                (strong if kind == "include" else weak).setdefault(key, []).append(h)
            elif kind == "cue":
                if not any(s <= h.start and h.end <= e for s, e in excluded.get(key, ())):
                    flags.setdefault(key, []).append(h)
            elif kind in ("breadth", "mission", "actor"):
                other.append((kind, h))
        return self._assemble(strong, weak, flags, other)

    def _assemble(
        self, strong: dict[str, list[Hit]], weak: dict[str, list[Hit]],
        flags: dict[str, list[Hit]], other: list[tuple[str, Hit]],
    ) -> Coding:
        evidence: list[Evidence] = []
        coded: set[str] = set()
        for key in set(strong) | set(weak):
            terms = {_stem(h.target.term) for h in (*strong.get(key, ()), *weak.get(key, ()))}
            if strong.get(key) or len(terms) >= 2:
                coded.add(key)
                evidence += [Evidence(key, h.target.term, h.start, h.end)
                             for h in (*strong.get(key, ()), *weak.get(key, ()))]
        subviews = sorted((k for k in coded if "." in k), key=self._sub_order.__getitem__)
        views = sorted({k.split(".")[0] for k in coded}, key=self._view_order.__getitem__)
        for flag, found in flags.items():
            evidence += [Evidence(flag, h.target.term, h.start, h.end) for h in found]
        breadth, missions, actors = UNSTATED, set(), set()
        for kind, h in other:
            ident = h.target.code.partition(":")[2]
            evidence.append(Evidence(f"{kind}.{ident}", h.target.term, h.start, h.end))
            if kind == "breadth" and (breadth == UNSTATED or self._breadth_rank[ident] < self._breadth_rank[breadth]):
                breadth = ident
            elif kind == "mission":
                missions.add(ident)
            elif kind == "actor":
                actors.add(ident)
        evidence.sort(key=lambda e: (e.start, e.end, e.code))
        return Coding(
            views=tuple(views), subviews=tuple(subviews),
            gap="gap" in flags, remedy="remedy" in flags, progress="progress" in flags, breadth=breadth,
            missions=tuple(sorted(missions, key=self._mission_order.__getitem__)),
            actors=tuple(sorted(actors, key=self._actor_order.__getitem__)),
            evidence=tuple(evidence),
        )
