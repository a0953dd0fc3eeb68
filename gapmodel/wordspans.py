"""Text as arrays of code points, and the table of phrases' word prefixes that spans of whole words are
looked up in by hash (for ``gapmodel.matcher`` and ``gapmodel.scan``).

A span's hash is the sum of its code point i times base**i, modulo 2^64. The base is drawn at random for
each table.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]

_MOD = 1 << 64
SPREAD = np.uint64(0xD6E8FEB86659FD93)  # odd: scatters a hash over the slot table's index bits


def hash_text(text: str, base: int) -> int:
    """The polynomial hash of ``text``: the sum of code point i times base**i, modulo 2^64."""
    value, power = 0, 1
    for ch in text:
        value = (value + ord(ch) * power) % _MOD
        power = power * base % _MOD
    return value


def final_sigma(text: str) -> str:
    """Greek's final sigma as the other sigma: lower-casing one character at a time cannot tell a word's
    last Σ from the others, so text and phrases both fold ς to σ."""
    return text.replace("\u03c2", "\u03c3")


JOINERS = "-/\u2010\u2011\u2012\u2013\u00a0\t\n\r\x0b\x0c"
"""Characters that join two words as a space does ("security-sector", "DDR/SSR", a line break): between two
word characters, text and phrases alike read them as a space."""



def _runs(points: list[int]) -> list[tuple[int, int]]:
    """Sorted code points as runs of consecutive ones: (first, how many)."""
    runs: list[tuple[int, int]] = []
    for p in sorted(points):
        if runs and runs[-1][0] + runs[-1][1] == p:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((p, 1))
    return runs


_JOINER_RUNS = _runs([ord(c) for c in JOINERS])  # compared as ranges: no lookup table to gather from

_TABLES: list[tuple[npt.NDArray[np.uint32], npt.NDArray[np.bool_]]] = []


def _character_tables() -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.bool_]]:
    """For each character of the Basic Multilingual Plane: its lower case where that is one character
    (else itself, so that offsets stay valid), and whether it is a word character (a letter, digit or
    underscore: the regex ``\\w``)."""
    if not _TABLES:
        fold = np.arange(0x10000, dtype=np.uint32)
        word = np.zeros(0x10000, dtype=bool)
        for code in range(0x10000):
            ch = chr(code)
            lower = ch.lower()
            if len(lower) == 1:
                fold[code] = ord(final_sigma(lower))
            word[code] = ch.isalnum() or ch == "_"
        _TABLES.append((fold, word))
    return _TABLES[0]


Units = npt.NDArray[np.uint8] | npt.NDArray[np.uint16] | npt.NDArray[np.uint32]


def code_units(joined: str) -> Units:
    """The text's code points in the narrowest array that holds them: bytes for ASCII, 16 bits where no
    character lies beyond the Basic Multilingual Plane (a broken half of a pair, a lone surrogate, is one
    unit as Python counts it), else 32 bits. Narrow arrays are quicker for every pass that follows."""
    if joined.isascii():  # (isascii is free: Python knows it of every string)
        return np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
    encoded = joined.encode("utf-16-le", "surrogatepass")
    if len(encoded) == 2 * len(joined):  # no pair of surrogates: one unit per character
        return np.frombuffer(encoded, dtype=np.uint16)
    return np.array(joined).reshape(1).view(np.uint32)  # UCS-4: one code point per character


def fold(joined: str) -> tuple[Units, Units, npt.NDArray[np.bool_]]:
    """The text's code points, as written and in lower case (one character for one character), and which are
    word characters."""
    points = code_units(joined)
    # A-Z by arithmetic, which is faster than a table (unsigned: below "A" wraps round to a large number)
    folded = points + (((points - 65) < 26).view(np.uint8) << 5)
    is_word = ((folded - 97) < 26) | ((folded - 48) < 10) | (folded == 95)
    if points.dtype != np.uint8:
        fold, word = _character_tables()
        beyond = np.flatnonzero(points > 127)
        index = np.minimum(points[beyond], 0xFFFF)
        folded[beyond], is_word[beyond] = fold[index], word[index]  # (lower case stays in the plane)
        astral = beyond[index == 0xFFFF]  # beyond the Basic Multilingual Plane (and U+FFFF itself)
        if astral.size:
            distinct, which = np.unique(points[astral], return_inverse=True)
            chars = [chr(c) for c in distinct.tolist()]
            folded[astral] = np.array([ord(final_sigma(c.lower())) if len(c.lower()) == 1 else ord(c)
                                       for c in chars], dtype=np.uint32)[which]
            is_word[astral] = np.array([c.isalnum() or c == "_" for c in chars], dtype=bool)[which]
    if len(points) > 2:  # a hyphen, slash or line break between two word characters reads as a space
        inner = points[1:-1]
        top = np.iinfo(points.dtype).max
        joins = np.zeros(len(inner), dtype=bool)
        for first, count in _JOINER_RUNS:
            if first <= top:  # unsigned: below "first" wraps round to a large number
                joins |= (inner - points.dtype.type(first)) < count
        joins &= is_word[:-2] & is_word[2:]
        folded[1:-1][joins] = 32
    return points, folded, is_word


def expand(offsets: Ints, groups: Ints) -> tuple[Ints, Ints]:
    """For CSR ``offsets`` (group g owns rows offsets[g]:offsets[g+1]): every row of each of ``groups``, as
    (position in ``groups``, row)."""
    counts = offsets[groups + 1] - offsets[groups]
    owner = np.repeat(np.arange(len(groups)), counts)
    first = np.cumsum(counts) - counts
    return owner, np.arange(int(counts.sum())) - np.repeat(first - offsets[groups], counts)


class PrefixTable:
    """Every word prefix of every phrase ("need", "need for", "need for protection"), by hash and length.

    An open-addressing table of slots: a span's hash picks a slot, and the entries from there on to the
    first empty slot are the only ones it can be.
    """

    def __init__(self, keys: Sequence[str]) -> None:
        prefixes: dict[str, tuple[int, bool]] = {}  # prefix -> (index of the key it is, or -1; a longer key?)
        for index, key in enumerate(keys):
            ends = [m.end() for m in re.finditer(r"\w+", key)]
            for end in ends:
                whole, longer = prefixes.get(key[:end], (-1, False))
                prefixes[key[:end]] = (index, longer) if end == len(key) else (whole, True)
        texts = list(prefixes)
        while True:  # a base of its own, odd (so invertible modulo 2^64): no text can be made for it in advance
            base = secrets.randbits(64) | 1
            hashes = [hash_text(t, base) for t in texts]
            if len(set(zip(hashes, map(len, texts), strict=True))) == len(texts):
                break  # (two of some 6,000 prefixes sharing a hash: about one in 2^40, by the birthday bound)
        self.base = base
        self.hash = np.array([*hashes, 0], dtype=np.uint64)  # the last entry stands for an empty slot
        self.length = np.array([*map(len, texts), -1], dtype=np.int64)
        self.key = np.array([prefixes[t][0] for t in texts] + [-1], dtype=np.int64)
        self.longer = np.array([prefixes[t][1] for t in texts] + [False], dtype=bool)
        self.words = np.array([len(re.findall(r"\w+", t)) for t in texts] + [0], dtype=np.int64)
        bits = max(10, len(texts).bit_length() + 4)  # a table small enough to stay in the cache
        self.shift = np.uint64(64 - bits)
        self.slots = np.full(1 << bits, len(texts), dtype=np.int32)
        mask = (1 << bits) - 1
        starts = ((self.hash[:-1] * SPREAD) >> self.shift).tolist()
        for entry, slot in enumerate(starts):
            while self.slots[slot] != len(texts):
                slot = (slot + 1) & mask
            self.slots[slot] = entry
        self.empty = len(texts)
