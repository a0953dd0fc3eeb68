"""How words are matched beyond a phrase as written: word families, nearness, compatibility characters.

Pure helpers of the coder (``gapmodel.coding``): a phrase's forms through the families of its words; for
spans numbered in words, whether one lies within so many words of another; and text with ligatures and
compatibility characters folded, with the offsets back into the raw text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from gapmodel.matcher import Target, is_acronym, unjoined
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
        if not any(w in family for w in words):
            continue
        forms = [""]
        for word in words:
            swaps = family.get(word, (word,))
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


def folded_compatibility(texts: Sequence[str]) -> tuple[Sequence[str], dict[int, Ints]]:
    """The texts with compatibility characters folded ("ﬁ" as "fi", a full-width letter as its letter: each
    character by NFKC), and, for each text that changed, the raw offset of every folded offset (and of its
    end), so that evidence still points into the text as written. Readers fold at ingest; this catches
    what reaches the coder unfolded (the command line, older workspaces)."""
    changed: dict[int, Ints] = {}
    out: list[str] | None = None
    for i, text in enumerate(texts):
        if text.isascii() or unicodedata.is_normalized("NFKC", text):
            continue
        pieces: list[str] = []
        raw: list[int] = []
        for at, ch in enumerate(text):
            folded = unicodedata.normalize("NFKC", ch) if not ch.isascii() else ch
            pieces.append(folded)
            raw += [at] * len(folded)
        raw.append(len(text))
        if out is None:
            out = list(texts)
        out[i] = "".join(pieces)
        changed[i] = np.array(raw, dtype=np.int64)
    return (texts if out is None else out), changed
