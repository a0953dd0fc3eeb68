"""One compiled matcher over every phrase of the taxonomy.

All phrases (view terms, cues, breadth, missions, actors) and their inflections
are folded into a single trie-shaped regular expression run over lower-cased
text: the engine walks the text once, whatever the number of phrases. A
phrase that contains or overlaps other phrases ("need for protection" holds the
gap cue "need") also reports those, and where a phrase begins inside another and
runs past its end ("the Head of the Policy" / "Policy and Best Practices
Service"), both are found, so no code is lost to a longer match. Acronyms
written in capitals (UNMIS, AU) match only in capitals and never inside a
longer word (UNMIS never matches inside UNMISS).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

_STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on",
    "or", "the", "to", "with", "was", "were", "this", "that", "their", "there", "these", "those", "which", "who",
    "whom", "not", "no", "all", "any",
})
_END = ""


@dataclass(frozen=True, slots=True)
class Target:
    """What a phrase stands for: a code (``view:resources``, ``cue:gap``...) and the phrase as written."""

    code: str
    term: str


class Hit(NamedTuple):
    """A phrase found in text: offsets into that text and what it stands for."""

    start: int
    end: int
    target: Target


def inflections(word: str) -> set[str]:
    """The usual English forms of a lower-case word: plural or 3rd person, -ed, -ing."""
    forms = {word}
    already_plural = word.endswith("s") and not word.endswith("ss")
    if len(word) < 3 or not word.isalpha() or word in _STOPWORDS or already_plural:
        return forms
    if word.endswith("y") and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {word + "es", word + "ed", word + "ing"}
    elif word.endswith("e"):
        forms |= {word + "s", word + "d", word[:-1] + "ing"}
    else:
        forms |= {word + "s", word + "ed", word + "ing"}
        if re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", word):
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def is_acronym(phrase: str) -> bool:
    """A phrase written in capitals (UNMIS, NATO, IFIs) that must match as written."""
    letters = [c for c in phrase if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and all(c.isupper() for c in letters if not (c == "s" and phrase.endswith(c)))


def surface_forms(phrase: str) -> set[str]:
    """Lower-case forms of a phrase to look for; acronyms are kept as written.

    The last word takes its inflections ("utility helicopter" finds "utility
    helicopters"); in English phrases the last word is the one that inflects.
    """
    if is_acronym(phrase):
        return {phrase}
    words = phrase.lower().split()
    return {" ".join([*words[:-1], form]) for form in inflections(words[-1])}


def _fold(text: str) -> str:
    """Lower case, one character for one character, so offsets stay valid."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _trie_pattern(words: Iterable[str]) -> str:
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch != _END]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if _END in node:
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return emit(trie)


class PhraseMatcher:
    """Finds every phrase of a mapping ``phrase -> targets`` in text, in one pass."""

    def __init__(self, phrases: Mapping[str, Iterable[Target]]) -> None:
        self.targets: list[Target] = []
        folded: dict[str, list[int]] = {}
        exact: dict[str, dict[str, list[int]]] = {}  # acronyms: lower-case key -> form as written -> ids
        for phrase, targets in phrases.items():
            ids = []
            for target in targets:
                ids.append(len(self.targets))
                self.targets.append(target)
            for form in surface_forms(phrase):
                if is_acronym(phrase):
                    exact.setdefault(form.lower(), {}).setdefault(form, []).extend(ids)
                else:
                    folded.setdefault(form, []).extend(ids)
        self._folded = {k: self._one_per_code(v) for k, v in folded.items()}
        self._exact = {k: {w: self._one_per_code(i) for w, i in v.items()} for k, v in exact.items()}
        keys = sorted(set(folded) | set(exact))
        self._inner = {key: self._prefixes(key) for key in keys}
        # Restart only at content words: phrases opening with "the" or "of" are not worth a second look.
        firsts = ({key.split()[0] for key in keys} | {re.split(r"\W+", key)[0] for key in keys}) - _STOPWORDS
        # One lookup per match: the key's targets, its written forms (acronyms), the shorter phrases
        # it begins with, and where a phrase overlapping its end could begin.
        self._plan = {
            key: (self._folded.get(key, ()), self._exact.get(key),
                  tuple((cut, self._folded.get(piece, ()), self._exact.get(piece)) for cut, piece in self._inner[key]),
                  self._restart_points(key, firsts))
            for key in keys
        }
        pattern = _trie_pattern(keys) if keys else r"(?!x)x"
        self._regex = re.compile(r"\b(?:" + pattern + r")\b")

    def _one_per_code(self, ids: list[int]) -> tuple[int, ...]:
        """One target per code for a form that two phrases share ("difficulty" inflected and "difficulties")."""
        seen: dict[str, int] = {}
        for tid in ids:
            seen.setdefault(self.targets[tid].code, tid)
        return tuple(seen.values())

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every lower-case form the matcher looks for (for benchmarks and the taxonomy page)."""
        return tuple(sorted(set(self._folded) | set(self._exact)))

    def _prefixes(self, key: str) -> tuple[tuple[int, str], ...]:
        """Shorter phrases that begin ``key`` ("need" in "need for protection"): (end, phrase)."""
        ends = [m.start() for m in re.finditer(r"\W+", key)]
        return tuple((e, key[:e]) for e in ends if key[:e] in self._folded or key[:e] in self._exact)

    @staticmethod
    def _restart_points(key: str, firsts: set[str]) -> tuple[int, ...]:
        """Offsets of the later words of ``key`` with which another phrase begins."""
        return tuple(m.start(1) for m in re.finditer(r"\W+(\w+)", key) if m.group(1) in firsts)

    def _emit(self, start: int, end: int, key: str, joined: str, base: int,
              bucket: list[tuple[int, int, int]]) -> None:
        for tid in self._ids(key, joined[start:end]):
            bucket.append((start - base, end - base, tid))
        for cut, piece in self._inner[key]:
            for tid in self._ids(piece, joined[start:start + cut]):
                bucket.append((start - base, start + cut - base, tid))

    def _ids(self, key: str, written: str) -> tuple[int, ...]:
        ids = self._folded.get(key, ())
        if key in self._exact:
            ids = ids + self._exact[key].get(written, ())
        return ids

    def find(self, text: str) -> list[Hit]:
        """Every phrase in ``text``, with offsets into it."""
        return [Hit(start, end, self.targets[t]) for start, end, t in self.find_many([text])[0]]

    def find_many(self, texts: list[str]) -> list[list[tuple[int, int, int]]]:
        """``(start, end, target index)`` of every phrase in each text: one regex pass over all of them."""
        joined = "\n\n".join(texts)
        lowered = _fold(joined)
        offsets: list[int] = []
        pos = 0
        for t in texts:
            offsets.append(pos)
            pos += len(t) + 2
        offsets.append(len(joined) + 2)
        out: list[list[tuple[int, int, int]]] = [[] for _ in texts]
        plan, anchored = self._plan, self._regex.match
        index, base, bound = 0, 0, offsets[1] if texts else 0
        for m in self._regex.finditer(lowered):
            start, end = m.span()
            while start >= bound:
                index += 1
                base, bound = offsets[index], offsets[index + 1]
            bucket = out[index]
            key = m.group()
            ids, written, inner, restarts = plan[key]
            if written is not None:
                ids = ids + written.get(joined[start:end], ())
            for tid in ids:
                bucket.append((start - base, end - base, tid))
            for cut, piece_ids, piece_written in inner:
                if piece_written is not None:
                    piece_ids = piece_ids + piece_written.get(joined[start:start + cut], ())
                for tid in piece_ids:
                    bucket.append((start - base, start + cut - base, tid))
            for r in restarts:  # a phrase may begin inside this one and run past its end
                m2 = anchored(lowered, start + r)
                if m2 is not None:
                    self._emit(m2.start(), m2.end(), m2.group(), joined, base, bucket)
        return out
