"""How words are matched beyond a phrase as written: word families, nearness, compatibility characters.

Pure helpers of the coder (``gapmodel.coding``): a phrase's forms through the families of its words; for
spans numbered in words, whether one lies within so many words of another; and text with ligatures and
compatibility characters folded, with the offsets back into the raw text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from gapmodel.matcher import Target, is_acronym, spellings, unjoined
from gapmodel.wordspans import Ints

Bools = npt.NDArray[np.bool_]
_MOST_FAMILY_FORMS = 32  # forms of one phrase through its words' families


def with_families(phrases: dict[str, list[Target]], families: Sequence[Sequence[str]]) -> dict[str, list[Target]]:
    """The phrases and, for each, its forms with any word swapped for the others of its family ("prioritize
    mandates" also as "prioritization mandates"...), each standing for the same targets (so evidence names the
    phrase as the taxonomy writes it). Acronyms are kept as written."""
    family = {word: tuple(members) for members in families for word in members}
    if not family:
        return phrases
    out = {phrase: list(targets) for phrase, targets in phrases.items()}
    for phrase, targets in phrases.items():
        if is_acronym(phrase):
            continue
        words = unjoined(phrase.lower()).split()
        members = [next((family[s] for s in sorted(spellings(w)) if s in family), None) for w in words]
        if not any(members):
            continue
        forms = [""]
        for word, swaps in zip(words, members, strict=True):
            swaps = swaps or (word,)
            if len(forms) * len(swaps) > _MOST_FAMILY_FORMS:
                swaps = (word,)
            forms = [f"{f} {s}" if f else s for f in forms for s in swaps]
        for form in forms:
            if form != phrase.lower():
                out.setdefault(form, []).extend(t for t in targets if t not in out.get(form, ()))
    return out


def close_to(key: Ints, first: Ints, last: Ints, within: Ints, mine: Bools, others: Bools) -> Bools:
    """For each span in ``mine``: is a span of ``others`` with its key at most ``within`` words from it (in
    either order; overlapping spans are 0 words apart)?"""
    spread = int(last.max()) + 2
    order = np.flatnonzero(others)[np.lexsort((first[others], key[others]))]
    o_key, o_first = key[order], first[order]
    reach = np.maximum.accumulate(o_key * spread + last[order]) - o_key * spread  # last word reached so far
    a_key, a_first, a_last, a_within = key[mine], first[mine], last[mine], within[mine]
    before = np.searchsorted(o_key * spread + o_first, a_key * spread + a_last, side="right") - 1
    after = before + 1
    ok_before = before >= 0
    ok_before[ok_before] &= o_key[before[ok_before]] == a_key[ok_before]
    close = ok_before.copy()
    close[ok_before] = np.maximum(a_first[ok_before] - reach[before[ok_before]] - 1, 0) <= a_within[ok_before]
    ok_after = after < len(order)
    ok_after[ok_after] &= o_key[after[ok_after]] == a_key[ok_after]
    close[ok_after] |= o_first[after[ok_after]] - a_last[ok_after] - 1 <= a_within[ok_after]
    return close


_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]")


def folded_compatibility(texts: Sequence[str]) -> tuple[Sequence[str], dict[int, Ints]]:
    """The texts with compatibility characters folded ("ﬁ" as "fi", "…" as "...", a full-width letter as its
    letter: each character by NFKC), and, for each text that changed, the raw offset of every folded offset
    (and of its end), so that evidence still points into the text as written. The readers keep text as
    written, so the coder folds it here, each time it codes."""
    changed: dict[int, Ints] = {}
    out: list[str] | None = None
    for i, text in enumerate(texts):
        if text.isascii() or unicodedata.is_normalized("NFKC", text):
            continue
        swaps = [(m.start(), folded) for m in _BEYOND_ASCII.finditer(text)
                 if (folded := unicodedata.normalize("NFKC", m.group())) != m.group()]
        if not swaps:  # a sequence NFKC would change as a whole, not character by character: left as it is
            continue
        pieces: list[str] = []
        raw: list[Ints] = []
        last = 0
        for at, folded in swaps:
            pieces += [text[last:at], folded]
            raw += [np.arange(last, at), np.full(len(folded), at)]
            last = at + 1
        pieces.append(text[last:])
        raw.append(np.arange(last, len(text) + 1))
        if out is None:
            out = list(texts)
        out[i] = "".join(pieces)
        changed[i] = np.concatenate(raw).astype(np.int64)
    return (texts if out is None else out), changed
