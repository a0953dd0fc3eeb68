"""One matcher over every phrase of the taxonomy.

All phrases (view terms, cues, breadth, missions, actors) and their inflections
are looked for in lower-cased text at once. The rule: at each word, the longest
phrase that begins there and ends at the end of a word is found, and the search
goes on after it. A phrase that contains or overlaps other phrases ("need for
protection" holds the gap cue "need") also reports those, and where a phrase
begins inside another and runs past its end ("the Head of the Policy" / "Policy
and Best Practices Service"), both are found, so no code is lost to a longer
match. Acronyms written in capitals (UNMIS, AU) match only in capitals and
never inside a longer word (UNMIS never matches inside UNMISS).

How, so that a million passages are coded in minutes rather than hours: a chunk
of passages becomes one array of code points, lower-cased one character for one
character so that offsets stay valid; at each word, spans of whole words, one
word longer at each step, are looked up by a 64-bit polynomial hash of their
characters in a table of the phrases' word prefixes (a compiled loop,
``gapmodel.scan``); numpy applies the rule to what it finds, for the whole chunk.
A span is taken for a phrase only if its length and number of words are the
phrase's too. Each matcher draws its own hash base at random: two spans of one
length share a hash with odds of about one in 2^64, and no text can be made in
advance to collide with a phrase (a reviewer forged such texts against a fixed
base; checking every match character for character instead cost a sixth of the
coding time).
``tests/reference_matcher.py`` states the same rule as one regular expression,
and a test holds the two to the same answers (Greek's final sigma aside: here it
is folded to the other sigma, in text and phrases alike).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from gapmodel.wordspans import JOINERS, Ints, PrefixTable, expand, final_sigma, fold

_STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on",
    "or", "the", "to", "with", "was", "were", "this", "that", "their", "there", "these", "those", "which", "who",
    "whom", "not", "no", "all", "any",
})


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


class Hits(NamedTuple):
    """Every phrase found in a list of texts, one row per (phrase, target), as arrays of equal length.

    ``text`` is the index of the text, ``start`` and ``end`` offsets into it, ``target`` the index of the
    target in ``PhraseMatcher.targets``; ``first_word`` and ``last_word`` number the words the phrase begins
    and ends in (differences within one text count words; -1 where unknown). Rows come in no particular order.
    """

    text: Ints
    start: Ints
    end: Ints
    target: Ints
    first_word: Ints
    last_word: Ints


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


_SPELLING_ENDINGS = (  # British and American (or Oxford) endings: either spelling finds both
    ("isation", "ization"), ("isations", "izations"), ("ise", "ize"), ("ises", "izes"), ("ised", "ized"),
    ("ising", "izing"), ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"),
)
_SPELLINGS = {  # words whose two spellings no ending tells apart
    "defence": "defense", "offence": "offense", "programme": "program", "programmes": "programs", "centre": "center",
    "centres": "centers", "labour": "labor", "behaviour": "behavior", "behaviours": "behaviors", "endeavour":
    "endeavor", "endeavours": "endeavors", "armour": "armor", "armoured": "armored", "neighbour": "neighbor",
    "neighbours": "neighbors", "neighbouring": "neighboring", "favour": "favor", "honour": "honor", "fulfil":
    "fulfill", "fulfilment": "fulfillment", "enrolment": "enrollment", "licence": "license", "modelling": "modeling",
    "travelling": "traveling", "counselling": "counseling", "catalogue": "catalog", "dialogue": "dialog",
    "judgement": "judgment", "manoeuvre": "maneuver", "manoeuvres": "maneuvers", "paediatric": "pediatric",
}
_SPELLINGS |= {us: uk for uk, us in _SPELLINGS.items()}
_JOINED = re.compile(f"(?<=\\w)[{re.escape(JOINERS)}](?=\\w)")
_MOST_FORMS = 64  # spellings of one phrase (each word's spellings multiply)


def spellings(word: str) -> set[str]:
    """A lower-case word in its British and American spellings ("prioritise", "prioritize")."""
    forms = {word}
    if word in _SPELLINGS:
        forms.add(_SPELLINGS[word])
    for uk, us in _SPELLING_ENDINGS:
        if len(word) > len(uk) + 2 and word.endswith(uk):
            forms.add(word[: -len(uk)] + us)
        elif len(word) > len(us) + 2 and word.endswith(us):
            forms.add(word[: -len(us)] + uk)
    return forms


def unjoined(text: str) -> str:
    """The text with each joiner between two word characters read as a space (one character for one)."""
    return _JOINED.sub(" ", text)


def surface_forms(phrase: str) -> set[str]:
    """Lower-case forms of a phrase to look for; acronyms are kept as written.

    Hyphens and slashes between words are spaces ("security-sector reform" is "security sector reform"); each
    word takes its British and American spellings; the last word takes its inflections ("utility helicopter"
    finds "utility helicopters"); in English phrases the last word is the one that inflects.
    """
    if is_acronym(phrase):
        return {phrase}
    words = unjoined(phrase.lower()).split()
    forms = [""]
    for i, word in enumerate(words):
        variants = {f for s in spellings(word) for f in (inflections(s) if i == len(words) - 1 else {s})}
        if len(forms) * len(variants) > _MOST_FORMS:
            variants = {word} | (inflections(word) if i == len(words) - 1 else set())
        forms = [f"{f} {v}" if f else v for f in forms for v in sorted(variants)]
    return set(forms)


Ids = tuple[int, ...]  # indices into a list of targets


def index_phrases(phrases: Mapping[str, Iterable[Target]], key: Callable[[str], str] = str
                  ) -> tuple[list[Target], dict[str, Ids], dict[str, dict[str, Ids]]]:
    """The targets in order, and what each form to look for stands for: a lower-case form (passed through
    ``key``) -> target ids, and for acronyms a lower-case form -> the form as written -> target ids.

    A form that two phrases share ("difficulty" inflected and "difficulties") keeps one target per code.
    """
    targets: list[Target] = []
    folded: dict[str, list[int]] = {}
    exact: dict[str, dict[str, list[int]]] = {}
    for phrase, its_targets in phrases.items():
        ids = []
        for target in its_targets:
            ids.append(len(targets))
            targets.append(target)
        for form in surface_forms(phrase):
            if is_acronym(phrase):  # looked for as text reads it ("UN-AU" as "un au"), then compared as written
                exact.setdefault(key(unjoined(form.lower())), {}).setdefault(form, []).extend(ids)
            else:
                folded.setdefault(key(form), []).extend(ids)

    def one_per_code(ids: list[int]) -> Ids:
        first: dict[str, int] = {}
        for i in ids:
            first.setdefault(targets[i].code, i)
        return tuple(first.values())

    return (targets, {k: one_per_code(v) for k, v in folded.items()},
            {k: {w: one_per_code(i) for w, i in v.items()} for k, v in exact.items()})


_CHUNK = 1 << 20  # characters per numpy pass; coding 20 MB: 0.65 s at 2^18, 0.58 at 2^20 and 2^21, 0.63 at 2^22


class PhraseMatcher:
    """Finds every phrase of a mapping ``phrase -> targets`` in text."""

    def __init__(self, phrases: Mapping[str, Iterable[Target]]) -> None:
        self.targets, self._folded, self._exact = index_phrases(phrases, final_sigma)
        keys = sorted(set(self._folded) | set(self._exact))
        self._keys = keys
        self._prefixes = PrefixTable(keys)
        # Restart only at content words: phrases opening with "the" or "of" are not worth a second look.
        firsts = ({key.split()[0] for key in keys} | {re.split(r"\W+", key)[0] for key in keys}) - _STOPWORDS
        self._compile_emissions(keys)
        restarts: list[int] = []
        restart_offsets = [0]
        for key in keys:  # a phrase may begin at a later word of another one and run past its end
            words = [m.start() for m in re.finditer(r"\w+", key)]
            restarts += [words.index(m.start(1)) for m in re.finditer(r"\W+(\w+)", key) if m.group(1) in firsts]
            restart_offsets.append(len(restarts))
        self._restarts = np.array(restarts, dtype=np.int64)  # in words from the phrase's first
        self._restart_offsets = np.array(restart_offsets, dtype=np.int64)

    def _compile_emissions(self, keys: Sequence[str]) -> None:
        """What a found key reports, one row each: (characters it spans or -1 for all, target, written form).

        A key reports its own targets and those of the shorter phrases it begins with ("need" in "need for
        protection"); an acronym's targets only where the text writes it as the taxonomy does.
        """
        cut: list[int] = []
        words: list[int] = []  # words in the piece reported (for a whole key: its own, known from the scan)
        target: list[int] = []
        written: list[str | None] = []  # an acronym's form as the taxonomy writes it
        offsets = [0]
        for key in keys:
            pieces = [(-1, key)] + [(m.start(), key[:m.start()]) for m in re.finditer(r"\W+", key)
                                    if key[:m.start()] in self._folded or key[:m.start()] in self._exact]
            for length, piece in pieces:
                rows: list[tuple[int, str | None]] = [(tid, None) for tid in self._folded.get(piece, ())]
                rows += [(tid, form) for form, tids in self._exact.get(piece, {}).items() for tid in tids]
                for tid, form in rows:
                    cut.append(length)
                    words.append(len(re.findall(r"\w+", piece)))
                    target.append(tid)
                    written.append(form)
            offsets.append(len(cut))
        self._emit_cut = np.array(cut, dtype=np.int64)
        self._emit_words = np.array(words, dtype=np.int64)
        self._emit_target = np.array(target, dtype=np.int64)
        self._emit_offsets = np.array(offsets, dtype=np.int64)
        # an acronym's form as written, as code points padded with zeros (the comparison skips the padding)
        forms = sorted({f for f in written if f is not None})
        self._emit_form = np.array([-1 if f is None else forms.index(f) for f in written], dtype=np.int64)
        self._form_points = np.zeros((len(forms), max(map(len, forms), default=0)), dtype=np.uint32)
        for i, form in enumerate(forms):
            self._form_points[i, :len(form)] = [ord(ch) for ch in form]

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every lower-case form the matcher looks for (for benchmarks and the taxonomy page)."""
        return tuple(self._keys)

    def find(self, text: str) -> list[Hit]:
        """Every phrase in ``text``, with offsets into it, by start, then end ("need" before "need for
        protection"), then the order of the targets."""
        hits = self.find_all([text])
        order = np.lexsort((hits.target, hits.end, hits.start))
        return [Hit(int(hits.start[i]), int(hits.end[i]), self.targets[int(hits.target[i])]) for i in order]

    def find_all(self, texts: Sequence[str]) -> Hits:
        """Every phrase in each text, as arrays (see ``Hits``)."""
        # where each text begins once joined with a blank line after each ("\n\n": no word character, so no
        # phrase runs across two texts), and a chunk of about _CHUNK characters at a time
        begins = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 2, out=begins[1:])
        parts: list[Hits] = []
        first = 0
        while first < len(texts):
            last = max(first + 1, int(np.searchsorted(begins, begins[first] + _CHUNK)))
            last = min(last, len(texts))
            parts.append(self._find_in(texts[first:last], first, begins[first:last + 1] - begins[first]))
            first = last
        if not parts:
            return Hits(*(np.zeros(0, dtype=np.int64) for _ in Hits._fields))
        return Hits(*(np.concatenate(column) for column in zip(*parts, strict=True)))

    def _find_in(self, texts: Sequence[str], first: int, begins: Ints) -> Hits:
        joined = "\n\n".join(texts)
        points, folded, is_word = fold(joined)
        from gapmodel.scan import longest_phrases  # numba loads with the first text coded (see gapmodel.scan)

        starts, ends, longest, last_word = longest_phrases(folded, is_word, self._prefixes)
        scanned = _leftmost(longest, last_word)
        # a phrase beginning at a restart word of a scanned one: the longest there (already known)
        owner, row = expand(self._restart_offsets, longest[scanned])
        anchored = scanned[owner] + self._restarts[row]
        anchored = anchored[longest[anchored] >= 0]
        found = np.concatenate([scanned, anchored])
        owner, row = expand(self._emit_offsets, longest[found])
        start = starts[found][owner]
        cut = self._emit_cut[row]
        end = np.where(cut < 0, ends[last_word[found]][owner], start + cut)
        first_word = found[owner]
        final_word = np.where(cut < 0, last_word[found][owner], first_word + self._emit_words[row] - 1)
        target = self._emit_target[row]
        form = self._emit_form[row]
        exact = np.flatnonzero(form >= 0)
        if exact.size:  # acronyms: only as written in the taxonomy, character for character
            want = self._form_points[form[exact]]
            at = np.minimum(start[exact, None] + np.arange(want.shape[1]), len(points) - 1)
            written = np.where(want > 0, points[at], 0)
            keep = np.ones(len(row), dtype=bool)
            keep[exact] = (written == want).all(axis=1)
            start, end, target = start[keep], end[keep], target[keep]
            first_word, final_word = first_word[keep], final_word[keep]
        text = np.searchsorted(begins, start, side="right") - 1
        offset = begins[text]
        return Hits(text + first, start - offset, end - offset, target, first_word, final_word)


def _leftmost(longest: Ints, last_word: Ints) -> Ints:
    """The words where the scan finds a key: leftmost first, longest there, then on after its end.

    Decided in rounds: a key that begins inside no undecided earlier one is found, and a key that begins
    inside a found one is passed over. The first undecided key always is found, so every round decides
    some. Text has short chains of overlapping keys (a round decides about two links of a chain); what
    is left after eight rounds, a long chain, is walked in order.
    """
    begins = np.flatnonzero(longest >= 0)
    lasts = last_word[begins]
    found = np.zeros(len(begins), dtype=bool)
    left = np.arange(len(begins))
    rounds = 0
    while left.size and rounds < 8:
        rounds += 1
        b, last = begins[left], lasts[left]
        free = np.ones(len(left), dtype=bool)
        free[1:] = b[1:] > np.maximum.accumulate(last)[:-1]
        found[left[free]] = True
        reach = np.maximum.accumulate(np.where(free, last, -1))  # found keys never overlap: the latest's end
        covered = np.zeros(len(left), dtype=bool)
        covered[1:] = b[1:] <= reach[:-1]
        left = left[~free & ~covered]
    if not left.size:
        return begins[found]
    undecided = np.zeros(len(begins), dtype=bool)
    undecided[left] = True
    end = int(lasts[:left[0]][found[:left[0]]].max(initial=-1))
    for i in range(int(left[0]), len(begins)):  # the rest, in order
        if found[i] or (undecided[i] and begins[i] > end):
            found[i] = True
            end = int(lasts[i])
    return begins[found]
