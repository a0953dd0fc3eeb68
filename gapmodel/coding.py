"""Coding passages: views, sub-views, gap/remedy/progress, breadth, missions, actors.

Deterministic and explainable: every code a passage gets comes with the
evidence spans that produced it. The rules, per passage:

- a view (or sub-view) is coded by one of its include phrases, by two distinct
  weak phrases ("mandate" and "benchmark"), by a phrase of each of its
  "together" lists, or by the two phrases of a "near" rule within its number of
  words; phrases inside one of its exclude phrases (or its view's) do not count,
  nor pair. A sub-view's view is coded with it. A phrase stands for its forms
  through the taxonomy's word families too (``gapmodel.wording``);
- gap, remedy and progress by a cue (or a cue's near pair) not inside a "not"
  cue of the same flag;
- breadth by the broadest level whose phrase is present ("unstated" if none);
- missions and actors by their names and aliases.

One matcher runs over a whole list of passages, and the rules are applied to
all of its hits at once with numpy (``Coder.code_all``); ``Coder.code_many``
gives the same codes as one ``Coding`` object per passage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import re2

from gapmodel.matcher import Hits, PhraseMatcher, Target
from gapmodel.taxonomy import FLAGS, Near, SubView, Taxonomy, View, regex_options
from gapmodel.wording import close_to, folded_compatibility, with_families
from gapmodel.wordspans import Ints


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

Bools = npt.NDArray[np.bool_]
Objects = npt.NDArray[np.object_]


@dataclass(frozen=True, slots=True)
class Codes:
    """The codes of a list of passages, one entry per passage in each column.

    Equal tuples are one object (a corpus has few distinct combinations of views). Evidence is one row per
    span, ordered by passage, then start, end and code: ``evidence_label`` indexes ``labels``, pairs of
    (code, term) as in ``Evidence``.
    """

    views: Objects  # tuples of view ids
    subviews: Objects
    gap: Bools
    remedy: Bools
    progress: Bools
    breadth: Objects  # breadth ids
    missions: Objects
    actors: Objects
    evidence_passage: Ints
    evidence_label: Ints
    evidence_start: Ints
    evidence_end: Ints
    labels: Sequence[tuple[str, str]]


_COLUMNS = ("views", "subviews", "gap", "remedy", "progress", "breadth", "missions", "actors", "evidence_label",
            "evidence_start", "evidence_end")
_BATCH = 20_000  # texts coded at once: the working arrays grow with the texts coded together
_new = tuple.__new__  # a NamedTuple built without its Python-level constructor: evidence is made per span
_INCLUDE, _WEAK, _TOGETHER, _EXCLUDE, _CUE, _NOTCUE, _BREADTH, _MISSION, _ACTOR, _NEAR, _NEARCUE = range(11)
_KINDS = {"include": _INCLUDE, "weak": _WEAK, "together": _TOGETHER, "exclude": _EXCLUDE, "cue": _CUE,
          "notcue": _NOTCUE, "breadth": _BREADTH, "mission": _MISSION, "actor": _ACTOR, "near": _NEAR,
          "nearcue": _NEARCUE}
_UNPAIRED = 99  # a "near" phrase with no partner close enough: counts for nothing


def _stem(term: str) -> str:
    """'mandate' and 'mandates' are one phrase when counting a view's distinct phrases."""
    return re.sub(r"(?:ing|ed|es|s)?e?$", "", term.lower())


def phrases_of(taxonomy: Taxonomy) -> dict[str, list[Target]]:
    """Every phrase of the taxonomy and what it stands for (``include:resources``, ``cue:gap``...)."""
    phrases: dict[str, list[Target]] = {}

    def add(items: Iterable[str], code: str) -> None:
        for phrase in items:
            phrases.setdefault(phrase, []).append(Target(code, phrase))

    for code, terms in view_codes(taxonomy):
        add(terms.include, f"include:{code}")
        add(terms.weak, f"weak:{code}")
        add(terms.exclude, f"exclude:{code}")
        for group, members in enumerate(terms.together):
            add(members, f"together:{code}#{group}")
    for rule, (code, near) in enumerate(near_rules(taxonomy)):
        kind, _, what = code.rpartition(":")
        add(near.words, f"{'nearcue' if kind else 'near'}:{what}#{2 * rule}")
        add(near.with_, f"{'nearcue' if kind else 'near'}:{what}#{2 * rule + 1}")
    for flag in FLAGS:
        add(taxonomy.cues.get(flag, ()), f"cue:{flag}")
        add(taxonomy.cue_exclude.get(flag, ()), f"notcue:{flag}")
    for level in taxonomy.breadth:
        add(level.phrases, f"breadth:{level.id}")
    for mission in taxonomy.missions:
        add((mission.id, mission.name, *mission.aliases), f"mission:{mission.id}")
    for actor in taxonomy.actors:
        add(actor.aliases, f"actor:{actor.id}")
    return with_families(phrases, taxonomy.families)


def near_rules(taxonomy: Taxonomy) -> list[tuple[str, Near]]:
    """Every "near" rule with what it codes ("resources", "resources.air_mobility", or a flag's "cue:gap"), the
    views' in the taxonomy's order, then the cues'."""
    return ([(code, near) for code, terms in view_codes(taxonomy) for near in terms.near]
            + [(f"cue:{flag}", near) for flag in FLAGS for near in taxonomy.cue_near.get(flag, ())])


def view_codes(taxonomy: Taxonomy) -> list[tuple[str, View | SubView]]:
    """Views and sub-views in the taxonomy's order, each followed by its sub-views: ("resources", view)..."""
    codes: list[tuple[str, View | SubView]] = []
    for view in taxonomy.views:
        codes += [(view.id, view), *((f"{view.id}.{s.id}", s) for s in view.subviews)]
    return codes


class Coder:
    """Codes text against one taxonomy; build it once, use it for any number of passages."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.matcher = PhraseMatcher(phrases_of(taxonomy))
        options = regex_options()
        self._regexes = [(re2.compile(p, options=options), len(self.matcher.targets) + i)
                         for i, p in enumerate(p for _, terms in view_codes(taxonomy) for p in terms.regex)]
        self._targets = [*self.matcher.targets,
                         *(Target(f"include:{code}", p) for code, terms in view_codes(taxonomy) for p in terms.regex)]
        self._index_targets()

    def _index_targets(self) -> None:
        """Each target's rule as integers: its kind, what it codes, its label, stem and group."""
        taxonomy = self.taxonomy
        self._views = [v.id for v in taxonomy.views]
        self._codes = [code for code, _ in view_codes(taxonomy)]  # views and sub-views
        code_index = {code: i for i, code in enumerate(self._codes)}
        self._code_view = np.array([self._views.index(c.split(".")[0]) for c in self._codes], dtype=np.int64)
        self._code_parent = np.array([code_index[c.split(".")[0]] for c in self._codes], dtype=np.int64)
        self._needed = np.array([len(t.together) for _, t in view_codes(taxonomy)], dtype=np.int64)
        self._within = np.array([near.within for _, near in near_rules(taxonomy)], dtype=np.int64)
        slots = {_BREADTH: [b.id for b in taxonomy.breadth], _MISSION: [m.id for m in taxonomy.missions],
                 _ACTOR: [a.id for a in taxonomy.actors], _CUE: list(FLAGS), _NOTCUE: list(FLAGS),
                 _NEARCUE: list(FLAGS)}
        self._breadth_ids, self._mission_ids, self._actor_ids = slots[_BREADTH], slots[_MISSION], slots[_ACTOR]
        prefix = {_BREADTH: "breadth.", _MISSION: "mission.", _ACTOR: "actor.", _CUE: "", _NEARCUE: ""}
        labels: dict[tuple[str, str], int] = {}
        stems: dict[str, int] = {}
        kind, slot, label, stem, group = [], [], [], [], []
        for target in self._targets:
            name, _, key = target.code.partition(":")
            key, _, number = key.partition("#")
            k = _KINDS[name]
            kind.append(k)
            slot.append(code_index[key] if k <= _EXCLUDE or k == _NEAR else slots[k].index(key))
            code = key if k <= _EXCLUDE or k == _NEAR else prefix.get(k, "") + key
            label.append(labels.setdefault((code, target.term), len(labels)))
            stem.append(stems.setdefault(_stem(target.term), len(stems)))
            group.append(int(number) if number else 0)
        self.labels = tuple(labels)
        self._kind = np.array(kind, dtype=np.int8)
        self._slot = np.array(slot, dtype=np.int64)
        self._label = np.array(label, dtype=np.int64)
        self._stem = np.array(stem, dtype=np.int64)
        self._group = np.array(group, dtype=np.int64)
        codes = sorted({code for code, _ in self.labels})  # evidence at one span is ordered by its code
        self._label_order = np.array([codes.index(code) for code, _ in self.labels], dtype=np.int64)

    def code(self, text: str) -> Coding:
        return self.code_many([text])[0]

    def code_many(self, texts: Sequence[str]) -> list[Coding]:
        """The coding of each text, in order."""
        codes = self.code_all(texts)
        labels = codes.labels
        spans = [_new(Evidence, (*labels[label], start, end)) for label, start, end in zip(
            codes.evidence_label.tolist(), codes.evidence_start.tolist(), codes.evidence_end.tolist(), strict=True)]
        bounds = np.searchsorted(codes.evidence_passage, np.arange(len(texts) + 1)).tolist()
        return [Coding(views=views, subviews=subviews, gap=gap, remedy=remedy, progress=progress, breadth=breadth,
                       missions=missions, actors=actors, evidence=tuple(spans[bounds[i]:bounds[i + 1]]))
                for i, (views, subviews, gap, remedy, progress, breadth, missions, actors) in enumerate(zip(
                    codes.views, codes.subviews, codes.gap.tolist(), codes.remedy.tolist(),
                    codes.progress.tolist(), codes.breadth, codes.missions, codes.actors, strict=True))]

    def code_all(self, texts: Sequence[str]) -> Codes:
        """The codes of each text, in order, as columns (see ``Codes``).

        Texts are coded _BATCH at a time, so that the working arrays stay small however many are given."""
        batches = []
        for first in range(0, max(1, len(texts)), _BATCH):  # one batch, if empty, for empty columns
            batch, raw_offsets = folded_compatibility(texts[first:first + _BATCH])
            hits = self.matcher.find_all(batch)
            if self._regexes:
                hits = self._with_regexes(batch, hits)
            codes = self._decide(hits, len(batch))
            if raw_offsets:
                codes = _in_raw_offsets(codes, raw_offsets)
            batches.append(codes)
        if len(batches) == 1:
            return batches[0]
        columns = {name: np.concatenate([getattr(b, name) for b in batches]) for name in _COLUMNS}
        columns["evidence_passage"] = np.concatenate([b.evidence_passage + i * _BATCH for i, b in enumerate(batches)])
        return Codes(**columns, labels=self.labels)

    def _with_regexes(self, texts: Sequence[str], hits: Hits) -> Hits:
        found = [(i, m.start(), m.end(), target) for i, text in enumerate(texts)
                 for regex, target in self._regexes for m in regex.finditer(_encodable(text))
                 if m.end() > m.start()]  # an empty match is evidence of nothing
        extra = np.array(found, dtype=np.int64).reshape(-1, 4)
        unknown = np.full(len(extra), -1, dtype=np.int64)  # a regex's words are not counted: it is no "near" phrase
        return Hits(*(np.concatenate([column, extra[:, c] if c < 4 else unknown]) for c, column in enumerate(hits)))

    def _decide(self, hits: Hits, n: int) -> Codes:
        kind = self._kind[hits.target]
        near = (kind == _NEAR) | (kind == _NEARCUE)
        if near.any():  # most near phrases (common words) have no partner in their passage: dropped first
            keep = ~near
            keep[near] = self._both_sides(hits.text[near], self._group[hits.target[near]])
            hits = Hits(*(column[keep] for column in hits))
            kind, near = kind[keep], near[keep]
        slot = self._slot[hits.target]
        as_paired = np.where(kind == _NEAR, _INCLUDE, np.where(kind == _NEARCUE, _CUE, kind)).astype(np.int8)
        counted = self._not_excluded(hits, as_paired, slot, n)  # a near phrase inside an exclude phrase: no partner
        if near.any():
            kind = self._near(hits, as_paired, near & counted, near)
        viewed = np.flatnonzero(counted & (kind <= _TOGETHER))
        pair = hits.text[viewed] * len(self._codes) + slot[viewed]  # (passage, view or sub-view)
        coded, complete = self._coded(pair, kind[viewed], hits.target[viewed], n)
        shows = coded[pair] & ((kind[viewed] != _TOGETHER) | complete[pair])
        flagged = np.flatnonzero(counted & (kind == _CUE))
        named = np.flatnonzero((kind >= _BREADTH) & (kind <= _ACTOR))
        evidence = np.concatenate([viewed[shows], flagged, named])
        evidence = evidence[self._evidence_order(hits, evidence, n)]
        if evidence.size > 1:  # one span found for a code twice (a weak and a near phrase, two phrases of one
            coded_as = self._label_order[self._label[hits.target[evidence]]]  # family) is one piece of evidence
            same = ((hits.text[evidence[1:]] == hits.text[evidence[:-1]]) & (coded_as[1:] == coded_as[:-1])
                    & (hits.start[evidence[1:]] == hits.start[evidence[:-1]])
                    & (hits.end[evidence[1:]] == hits.end[evidence[:-1]]))
            evidence = evidence[np.r_[True, ~same]]
        passage, code = np.divmod(np.flatnonzero(coded), len(self._codes))
        is_sub = self._code_parent[code] != code
        flags = _grid(n, len(FLAGS), hits.text[flagged], slot[flagged])
        return Codes(
            views=_tuples(n, self._views, passage, self._code_view[code]),
            subviews=_tuples(n, self._codes, passage[is_sub], code[is_sub]),
            gap=flags[:, 0], remedy=flags[:, 1], progress=flags[:, 2],
            breadth=self._breadth(hits.text[named], kind[named], slot[named], n),
            missions=self._named(hits.text[named], kind[named], slot[named], n, _MISSION, self._mission_ids),
            actors=self._named(hits.text[named], kind[named], slot[named], n, _ACTOR, self._actor_ids),
            evidence_passage=hits.text[evidence], evidence_label=self._label[hits.target[evidence]],
            evidence_start=hits.start[evidence], evidence_end=hits.end[evidence], labels=self.labels,
        )

    def _both_sides(self, passage: Ints, group: Ints) -> Bools:
        """For near phrases (their passage and rule group): has the passage a phrase of the rule's other list?"""
        key = passage * len(self._within) + group // 2  # (passage, rule)
        sides = np.zeros(int(key.max(initial=0)) + 1, dtype=np.int8)
        np.bitwise_or.at(sides, key, (1 << (group % 2)).astype(np.int8))
        both: Bools = sides[key] == 3
        return both

    def _near(self, hits: Hits, paired_kind: npt.NDArray[np.int8], usable: Bools, near: Bools
              ) -> npt.NDArray[np.int8]:
        """The hits' kinds: a usable phrase of a "near" rule within its number of words of a usable phrase of the
        rule's other list counts as it would when paired (``paired_kind``: an include phrase or a cue; both are
        evidence); other "near" phrases count for nothing. ``usable``: near phrases not inside an exclude phrase.

        Words between two phrases are counted in the passage's words (runs of letters, digits or underscores),
        in either order; overlapping phrases are 0 words apart."""
        kind = paired_kind.copy()
        kind[near] = _UNPAIRED  # nothing, unless paired below
        candidates = np.flatnonzero(usable)
        group = self._group[hits.target[candidates]]
        rule, side = group // 2, group % 2
        key = hits.text[candidates] * len(self._within) + rule  # (passage, rule)
        sides = np.zeros(int(key.max(initial=0)) + 1, dtype=np.int8)
        np.bitwise_or.at(sides, key, (1 << side).astype(np.int8))
        both = sides[key] == 3
        candidates, key, side = candidates[both], key[both], side[both]
        if candidates.size:
            first, last = hits.first_word[candidates], hits.last_word[candidates]
            within = self._within[key % len(self._within)]
            is_a = side == 0
            close = np.zeros(len(candidates), dtype=bool)
            close[is_a] = close_to(key, first, last, within, is_a, ~is_a)
            close[~is_a] = close_to(key, first, last, within, ~is_a, is_a)
            kind[candidates[close]] = paired_kind[candidates[close]]
        return kind

    def _coded(self, pair: Ints, kind: npt.NDArray[np.int8], target: Ints, n: int) -> tuple[Bools, Bools]:
        """For every (passage, view or sub-view) pair: is it coded, and has it a phrase of each "together" list?"""
        coded = np.zeros(n * len(self._codes), dtype=bool)
        coded[pair[kind == _INCLUDE]] = True
        weak = np.flatnonzero(kind == _WEAK)
        if weak.size:  # two distinct weak phrases: the least and the greatest stem of a pair differ
            pairs, stems = _by_pair(pair[weak], self._stem[target[weak]])
            firsts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])
            differ = np.minimum.reduceat(stems, firsts) != np.maximum.reduceat(stems, firsts)
            coded[pairs[firsts[differ]]] = True
        complete = np.zeros(n * len(self._codes), dtype=bool)
        together = np.flatnonzero(kind == _TOGETHER)
        if together.size:  # a bit for each list with a phrase present
            pairs, bits = _by_pair(pair[together], np.left_shift(np.uint64(1),
                                                                 self._group[target[together]].astype(np.uint64)))
            firsts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])
            lists = np.bitwise_count(np.bitwise_or.reduceat(bits, firsts))
            complete[pairs[firsts]] = lists >= self._needed[pairs[firsts] % len(self._codes)]
        return coded | complete, complete

    def _evidence_order(self, hits: Hits, rows: Ints, n: int) -> Ints:
        """Evidence by passage, start, end and code; the taxonomy's order of targets breaks ties."""
        target = hits.target[rows]
        tie = self._label_order[self._label[target]] * len(self._targets) + target
        width = int(hits.end.max(initial=0)) + 1
        if n * width * width < 2**62:  # hits come in a few sorted runs: a stable sort of one key is quick
            position = (hits.text[rows] * width + hits.start[rows]) * width + hits.end[rows]
            order = np.argsort(position, kind="stable")
            position = position[order]
            tied = np.flatnonzero(position[1:] == position[:-1])  # two codes at one span: by code
            if tied.size:
                runs = np.zeros(len(order), dtype=bool)
                runs[tied] = runs[tied + 1] = True
                runs = np.flatnonzero(runs)
                order[runs] = order[runs][np.lexsort((tie[order[runs]], position[runs]))]
            return order
        return np.lexsort((tie, hits.end[rows], hits.start[rows], hits.text[rows]))

    def _not_excluded(self, hits: Hits, kind: npt.NDArray[np.int8], slot: Ints, n: int) -> Bools:
        """Which hits count: a view's phrase inside an exclude phrase of it (or of its view), or a cue inside a
        "not" cue of its flag, does not."""
        counted = np.ones(len(kind), dtype=bool)
        cancelling = np.flatnonzero((kind == _EXCLUDE) | (kind == _NOTCUE))
        if not cancelling.size:
            return counted
        width = len(self._codes) + len(FLAGS)  # exclude phrases cancel in views' slots, "not" cues in flags'
        space = np.where(kind[cancelling] == _NOTCUE, len(self._codes), 0) + slot[cancelling]
        spans = _Spans(hits.text[cancelling] * width + space, hits.start[cancelling], hits.end[cancelling])
        touched = np.zeros(n, dtype=bool)  # only passages with such phrases need a look
        touched[hits.text[cancelling]] = True
        touched = touched[hits.text]
        view, cue = np.flatnonzero(touched & (kind <= _TOGETHER)), np.flatnonzero(touched & (kind == _CUE))
        for at, group in ((view, hits.text[view] * width + slot[view]),
                          (view, hits.text[view] * width + self._code_parent[slot[view]]),
                          (cue, hits.text[cue] * width + len(self._codes) + slot[cue])):
            counted[at[spans.around(group, hits.start[at], hits.end[at])]] = False
        return counted

    def _breadth(self, passage: Ints, kind: npt.NDArray[np.int8], slot: Ints, n: int) -> Objects:
        """The broadest breadth level named in each passage (the taxonomy lists the broadest first)."""
        rank = np.full(n, len(self._breadth_ids), dtype=np.int64)
        mine = kind == _BREADTH
        np.minimum.at(rank, passage[mine], slot[mine])
        return np.array([*self._breadth_ids, UNSTATED], dtype=object)[rank]

    @staticmethod
    def _named(passage: Ints, kind: npt.NDArray[np.int8], slot: Ints, n: int, which: int,
               ids: list[str]) -> Objects:
        mine = kind == which
        return _tuples(n, ids, passage[mine], slot[mine])


def _in_raw_offsets(codes: Codes, raw_offsets: dict[int, Ints]) -> Codes:
    """Codes whose evidence offsets are moved from folded texts back into the raw ones."""
    start, end = codes.evidence_start.copy(), codes.evidence_end.copy()
    changed = np.array(sorted(raw_offsets), dtype=np.int64)
    bounds = np.asarray(np.searchsorted(codes.evidence_passage, np.r_[changed, changed + 1]), dtype=np.int64)
    firsts, stops = bounds[:len(changed)].tolist(), bounds[len(changed):].tolist()
    for i, first, stop in zip(changed.tolist(), firsts, stops, strict=True):
        raw = raw_offsets[i]
        end[first:stop] = raw[end[first:stop] - 1] + 1
        start[first:stop] = raw[start[first:stop]]
    return replace(codes, evidence_start=start, evidence_end=end)


def _encodable(text: str) -> str:
    """The text with each lone surrogate (a broken character RE2 cannot read) as '?': offsets stay valid."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def _by_pair(pair: Ints, value: Ints) -> tuple[Ints, Ints]:
    """Pairs and their values, sorted by pair."""
    order = np.argsort(pair, kind="stable")
    return pair[order], value[order]


class _Spans:
    """Spans in groups (a passage and what they cancel), to ask whether a span lies inside one of a group's."""

    def __init__(self, group: Ints, start: Ints, end: Ints) -> None:
        self._scale = int(start.max()) + 1
        order = np.lexsort((start, group))
        self._group, self._key = group[order], group[order] * self._scale + start[order]
        # the longest reach of the group's spans that begin at or before each one
        rank = np.cumsum(np.r_[True, self._group[1:] != self._group[:-1]])
        self._reach = np.maximum.accumulate(rank * (int(end.max()) + 1) + end[order]) - rank * (int(end.max()) + 1)

    def around(self, group: Ints, start: Ints, end: Ints) -> Bools:
        """Whether each span lies inside a span of its group."""
        # the group's last span that begins at or before each start (a start past every span's is clipped)
        at = np.searchsorted(self._key, group * self._scale + np.minimum(start, self._scale - 1), side="right") - 1
        inside: Bools = at >= 0
        at = np.maximum(at, 0)
        inside &= (self._group[at] == group) & (self._reach[at] >= end)
        return inside


def _grid(rows: int, columns: int, row: Ints, column: Ints) -> Bools:
    grid = np.zeros((rows, columns), dtype=bool)
    grid[row, column] = True
    return grid


def _tuples(rows: int, names: Sequence[str], row: Ints, column: Ints) -> Objects:
    """For each of ``rows`` rows, the tuple of the names of its columns (in the names' order), from
    (row, column) pairs; equal tuples are one object."""
    shared: Objects
    if len(names) <= 64:  # a row's columns as the bits of one integer
        keys = np.zeros(rows, dtype=np.uint64)
        np.bitwise_or.at(keys, row, np.left_shift(np.uint64(1), column.astype(np.uint64)))
        distinct, inverse = np.unique(keys, return_inverse=True)
        shared = np.empty(len(distinct), dtype=object)
        for i, key in enumerate(distinct.tolist()):
            shared[i] = tuple(name for c, name in enumerate(names) if key >> c & 1)
    else:
        grid = _grid(rows, len(names), row, column)
        packed = np.packbits(grid, axis=1)
        _, first, inverse = np.unique(np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel(),
                                      return_index=True, return_inverse=True)
        shared = np.empty(len(first), dtype=object)
        for i, r in enumerate(first.tolist()):
            shared[i] = tuple(names[c] for c in np.flatnonzero(grid[r]).tolist())
    return shared[inverse.ravel()]
