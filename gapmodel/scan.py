"""The scan of a chunk of text for phrases, compiled by numba: the one loop numpy cannot take fast.

For each word, the spans of whole words that begin there are hashed as they grow, one character at a time,
and looked up in the phrases' prefix table (``gapmodel.wordspans.PrefixTable``) at each word's end, for as
long as a longer phrase begins with the span. numpy took a pass over the whole chunk for each step and each
operation of a step; this loop stops at the first word no phrase continues with. It is what puts coding
ahead of a bare Aho-Corasick pass (bench/RESULTS.md).

numba compiles it on first use, once for each width of code units (8, 16 or 32 bits), and keeps what it
compiled in ``__pycache__`` (or the user's cache folder) for the next process; everything the loop depends
on comes in as an argument, so what is kept cannot go stale while ``scan.py`` is unchanged.
``gapmodel.matcher`` imports this module only when it first codes text, so a dashboard that reads its saved
model never loads numba.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

from gapmodel.wordspans import SPREAD, Ints, PrefixTable, Units


def longest_phrases(folded: Units, is_word: npt.NDArray[np.bool_], table: PrefixTable
                    ) -> tuple[Ints, Ints, Ints, Ints]:
    """Where each word of a chunk begins and ends; for each word, the longest key of ``table`` that begins
    there and ends at the end of a word (its index, or -1), and the index of the word it ends with."""
    found: tuple[Ints, Ints, Ints, Ints] = _scan(folded, is_word, np.uint64(table.base), SPREAD,
                                                 np.uint64(table.shift), table.slots, table.hash, table.length,
                                                 table.key, table.longer, table.words, table.empty)
    return found


# the loop as Python source; numba compiles it (below) the first time it runs
def _scan_loop(folded, is_word, base, spread, shift, slots, hashes, lengths, keys, longer, words, empty):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202, PLR0913
    n = len(folded)
    starts = np.empty(n // 2 + 1, np.int64)  # words are separated, so there are at most (n + 1) // 2
    ends = np.empty(n // 2 + 1, np.int64)
    count = 0
    inside = False
    for p in range(n):
        if is_word[p] != inside:
            if inside:
                ends[count] = p
                count += 1
            else:
                starts[count] = p
            inside = not inside
    if inside:
        ends[count] = n
        count += 1
    starts, ends = starts[:count], ends[:count]
    longest = np.full(count, -1, np.int64)
    last_word = np.zeros(count, np.int64)
    mask = np.uint64(len(slots) - 1)
    for first in range(count):
        start = starts[first]
        h = np.uint64(0)
        power = np.uint64(1)
        p = start
        word = first
        while True:
            while p < ends[word]:  # the hash of the span grows by the word (and the gap before it)
                h += np.uint64(folded[p]) * power
                power *= base
                p += 1
            slot = (h * spread) >> shift
            entry = slots[slot]
            while entry != empty and not (hashes[entry] == h and lengths[entry] == p - start):
                slot = (slot + np.uint64(1)) & mask  # the slot held another prefix: look on
                entry = slots[slot]
            if entry == empty or words[entry] != word - first + 1:  # no phrase begins with these words
                break
            if keys[entry] >= 0:  # a longer key, found later, overwrites
                longest[first] = keys[entry]
                last_word[first] = word
            if not longer[entry] or word + 1 == count:
                break
            word += 1
    return starts, ends, longest, last_word


try:
    _scan = numba.njit(cache=True, nogil=True)(_scan_loop)
except RuntimeError:  # nowhere to keep the compiled loop (a read-only install and no writable home folder):
    _scan = numba.njit(nogil=True)(_scan_loop)  # compiled again in each process
