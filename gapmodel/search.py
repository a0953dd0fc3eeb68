"""Full-text search of the passages through SQLite's FTS5 index (part of Python's sqlite3).

Scanning every passage's text for a word took about a second per 100,000 passages; through the index a
search takes about 13 ms at 100,000 passages and 150-240 ms at a million (bench/RESULTS.md). It is built in
memory on the first search of a corpus (1.1 s at 100,000 passages, 17-19 s at a million) and shared by every
session that searches the same texts.

What a search finds: passages holding every word of the query, in any case and with any ending
("helicopter" finds "helicopters"; a final -s or -es is dropped, so "helicopters" finds "helicopter";
words in capitals such as UNMIS are taken as written), and every "quoted phrase" as written (its last
word with any ending). Phrases and words with punctuation ("Council's") are checked against the text.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterable

import numpy as np

from gapmodel import columns as C
from gapmodel.model import Model


class SearchIndex:
    """An FTS5 index of texts; a search answers the positions (0-based) of the texts that match."""

    def __init__(self, texts: Iterable[str], size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        # detail=none: the index keeps which texts hold a word, not where (a fraction of the memory); a phrase
        # is then found as its words, and checked against the text (see matching).
        self._db.execute("CREATE VIRTUAL TABLE passage USING fts5(text, content='', detail=none, "
                         "tokenize='unicode61 remove_diacritics 2')")
        batch: list[tuple[int, str]] = []
        for position, text in enumerate(texts):
            batch.append((position + 1, text))
            if len(batch) == 50_000:
                self._add(batch)
        self._add(batch)
        self._db.execute("INSERT INTO passage(passage) VALUES ('optimize')")
        self._db.commit()

    def _add(self, batch: list[tuple[int, str]]) -> None:
        self._db.executemany("INSERT INTO passage(rowid, text) VALUES (?, ?)", batch)
        batch.clear()

    def matching(self, query: str, text_at: Callable[[int], str] | None = None) -> np.ndarray:
        """A boolean per text: does it hold every term of ``query`` (see :func:`terms`)? A query with no word
        matches nothing. ``text_at`` (position -> the indexed text) lets phrases and words with punctuation
        be checked as written."""
        expression = fts_query(query)
        mask = np.zeros(self.size, dtype=bool)
        if expression is None:
            return mask
        with self._lock:
            rows = self._db.execute("SELECT rowid FROM passage WHERE passage MATCH ?", (expression,)).fetchall()
        if not rows:
            return mask
        found = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)) - 1
        exact = [p for p in map(_exact, terms(query)) if p is not None]
        if exact and text_at is not None:
            found = found[np.array([all(p.search(text_at(int(i))) for p in exact) for i in found], dtype=bool)]
        mask[found] = True
        return mask


def terms(query: str) -> list[str]:
    """The search box's text as the terms every passage must hold: "quoted phrases", then words cut to
    their stem ("helicopters" -> "helicopter", "policies" -> "polici"; acronyms such as UNMIS as written)."""
    phrases = [p.strip() for p in re.findall(r'"([^"]+)"', query) if p.strip()]
    words = [w if w.isupper() else without_ending(w)
             for w in re.sub(r'"[^"]*"', " ", query).split()]
    return [t for t in [*phrases, *words] if re.search(r"\w", t)]


def without_ending(word: str) -> str:
    """A word less a final -s or -es (on four letters or more): the form the search box and the matcher's last
    word of a phrase read with any ending ("helicopters" -> "helicopter")."""
    return re.sub(r"(?<=\w{3})(?:es|s)$", "", word)


def fts_query(query: str) -> str | None:
    """The FTS5 expression for a search box's text, or None when it holds no word."""
    parts = []
    for term in terms(query):
        tokens = [t for token in re.findall(r"\w+", term) for t in token.split("_") if t]
        # each word of the term, the last with any ending; words only: nothing typed is read as FTS5 syntax
        parts += [f'"{t}"' for t in tokens[:-1]] + [f'"{tokens[-1]}"*']
    return " AND ".join(dict.fromkeys(parts)) if parts else None


def _exact(term: str) -> re.Pattern[str] | None:
    """The pattern a term must match as written, when the index alone could find more: a phrase or a word
    with punctuation ("Council's", "troop-contributing") is looked for in the texts the index found (the
    index knows which words a text holds, not in which order)."""
    if re.fullmatch(r"[^\W_]+", term):
        return None
    return re.compile(r"\b" + re.escape(term), re.IGNORECASE)


_INDEXES: dict[str, SearchIndex] = {}  # by the digest of the texts; the two used last are kept
_BUILDING = threading.Lock()


def search_index(model: Model) -> SearchIndex:
    """The search index of the model's passages, built on first use; the two used last are kept."""
    key = model.text_version  # the passages follow from the texts alone: a review or a new taxonomy reuses it
    index = _INDEXES.get(key)
    if index is None:
        with _BUILDING:
            index = _INDEXES.get(key)
            if index is None:
                index = SearchIndex(iter(model.passages[C.TEXT]), len(model.passages))
    _INDEXES.pop(key, None)
    _INDEXES[key] = index  # the newest last
    while len(_INDEXES) > 2:
        _INDEXES.pop(next(iter(_INDEXES)))
    return index


def has_search_index(model: Model) -> bool:
    """Is the index built already (so a search will not pause to build it)?"""
    return model.text_version in _INDEXES


def search(model: Model, query: str) -> np.ndarray:
    """A boolean per passage of the model: does it hold every term of ``query`` (see :func:`terms`)?"""
    if fts_query(query) is None:
        return np.zeros(len(model.passages), dtype=bool)
    texts = model.passages[C.TEXT]
    return search_index(model).matching(query, lambda position: str(texts.iat[position]))
