"""The matcher's rule as one regular expression: the reference ``gapmodel.matcher`` is held to.

All phrases and their inflections are folded into a trie-shaped regular expression run over
lower-cased text: at each word the longest phrase is found and the search goes on after it.
A found phrase also reports the shorter phrases it begins with, and at each later word with
which another phrase begins, the longest phrase there (which may run past its end). This was
the coder's engine until it was too slow for a million passages; it stays as the statement
of the rule, too slow to use and too plain to get wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from gapmodel.matcher import _STOPWORDS, Target, index_phrases, unjoined

_END = ""


def _fold(text: str) -> str:
    """Lower case, one character for one character, so offsets stay valid; a joiner between two word
    characters ("security-sector", "DDR/SSR", a line break) as a space."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return unjoined(lowered)


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


class RegexMatcher:
    """``(start, end, target index)`` of every phrase of a mapping ``phrase -> targets`` in each text."""

    def __init__(self, phrases: Mapping[str, Iterable[Target]]) -> None:
        self.targets, self._folded, self._exact = index_phrases(phrases)
        keys = sorted(set(self._folded) | set(self._exact))
        firsts = ({key.split()[0] for key in keys} | {re.split(r"\W+", key)[0] for key in keys}) - _STOPWORDS
        self._inner = {key: tuple((m.start(), key[:m.start()]) for m in re.finditer(r"\W+", key)
                                  if key[:m.start()] in self._folded or key[:m.start()] in self._exact)
                       for key in keys}
        self._restarts = {key: tuple(m.start(1) for m in re.finditer(r"\W+(\w+)", key) if m.group(1) in firsts)
                          for key in keys}
        self._regex = re.compile(r"\b(?:" + (_trie_pattern(keys) if keys else r"(?!x)x") + r")\b")

    def _ids(self, key: str, written: str) -> tuple[int, ...]:
        return self._folded.get(key, ()) + self._exact.get(key, {}).get(written, ())

    def _emit(self, start: int, end: int, key: str, text: str, out: list[tuple[int, int, int]]) -> None:
        out += [(start, end, tid) for tid in self._ids(key, text[start:end])]
        for cut, piece in self._inner[key]:
            out += [(start, start + cut, tid) for tid in self._ids(piece, text[start:start + cut])]

    def find(self, text: str) -> list[tuple[int, int, int]]:
        lowered = _fold(text)
        out: list[tuple[int, int, int]] = []
        for m in self._regex.finditer(lowered):
            self._emit(m.start(), m.end(), m.group(), text, out)
            for r in self._restarts[m.group()]:
                again = self._regex.match(lowered, m.start() + r)
                if again is not None:
                    self._emit(again.start(), again.end(), again.group(), text, out)
        return out


def near_reference(text: str, words: Iterable[str], with_: Iterable[str], within: int) -> bool:
    """The "near" rule in plain Python: a phrase of ``words`` and one of ``with_`` (found by the reference
    matcher) with at most ``within`` words between them, in either order; overlapping phrases are 0 apart."""
    a_side = {w: [Target("a", w)] for w in words}
    b_side = {w: [Target("b", w)] for w in with_}
    both: dict[str, list[Target]] = {}
    for phrases in (a_side, b_side):
        for phrase, targets in phrases.items():
            both.setdefault(phrase, []).extend(targets)
    matcher = RegexMatcher(both)
    spans = {"a": [], "b": []}  # type: dict[str, list[tuple[int, int]]]
    for start, end, tid in matcher.find(text):
        spans[matcher.targets[tid].code].append((start, end))
    word_starts = [m.start() for m in re.finditer(r"\w+", text)]

    def word_of(offset: int) -> int:
        return max(i for i, s in enumerate(word_starts) if s <= offset)

    for a_start, a_end in spans["a"]:
        for b_start, b_end in spans["b"]:
            if a_end <= b_start:
                between = word_of(b_start) - word_of(a_end - 1) - 1
            elif b_end <= a_start:
                between = word_of(a_start) - word_of(b_end - 1) - 1
            else:
                between = 0
            if max(between, 0) <= within:
                return True
    return False
