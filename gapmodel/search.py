"""Full-text search of the passages through SQLite's FTS5 index (part of Python's sqlite3).

Scanning every passage's text for a word takes about a second per 100,000 passages; the index answers in
milliseconds at a million. It is built in memory on the first search of a corpus (a few seconds per
100,000 passages) and shared by every session that searches the same texts.

What a search finds: passages holding every word of the query, in any case and with any ending
("helicopter" finds "helicopters"; "helicopters" and "capabilities" find the singular too;
words in capitals such as UNMIS are taken as written), and every "quoted phrase" as
consecutive words, its last word with any ending. Punctuation between words is ignored.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterable

import numpy as np

from gapmodel import columns as C
from gapmodel.model import Model

Progress = Callable[[float, str], None]


class SearchIndex:
    """An FTS5 index of texts; a search answers the positions (0-based) of the texts that match."""

    def __init__(self, texts: Iterable[str], size: int, progress: Progress | None = None) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE passage USING fts5(text, content='', "
                         "tokenize='unicode61 remove_diacritics 2')")
        batch: list[tuple[int, str]] = []
        for position, text in enumerate(texts):
            batch.append((position + 1, text))
            if len(batch) == 50_000:
                self._add(batch, progress)
        self._add(batch, progress)
        self._db.execute("INSERT INTO passage(passage) VALUES ('optimize')")
        self._db.commit()

    def _add(self, batch: list[tuple[int, str]], progress: Progress | None) -> None:
        self._db.executemany("INSERT INTO passage(rowid, text) VALUES (?, ?)", batch)
        if progress and batch:
            progress(batch[-1][0] / max(1, self.size), f"Indexing the passages for search: {batch[-1][0]:,} "
                     f"of {self.size:,}")
        batch.clear()

    def matching(self, query: str) -> np.ndarray:
        """A boolean per text: does it hold every word and phrase of ``query``? (An empty query: all do.)"""
        expression = fts_query(query)
        if expression is None:
            return np.ones(self.size, dtype=bool)
        with self._lock:
            rows = self._db.execute("SELECT rowid FROM passage WHERE passage MATCH ?", (expression,)).fetchall()
        mask = np.zeros(self.size, dtype=bool)
        if rows:
            mask[np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)) - 1] = True
        return mask


def fts_query(query: str) -> str | None:
    """The FTS5 expression for a search box's text, or None when it holds no word."""
    phrases = re.findall(r'"([^"]+)"', query)
    words = [_singular(w) for w in re.sub(r'"[^"]*"', " ", query).split()]
    parts = []
    for term in [*phrases, *words]:
        tokens = [t for token in re.findall(r"\w+", term) for t in token.split("_") if t]
        if tokens:  # words only, so nothing the user types can be read as FTS5 syntax
            parts.append('"' + " ".join(tokens) + '"*')
    return " AND ".join(parts) if parts else None


def _singular(word: str) -> str:
    """The stem a plural is searched by: "mandates" -> "mandate", "capabilities" -> "capabilit", "boxes" -> "box"."""
    lower = word.lower()
    if word.isupper():  # an acronym: UNMIS is not the plural of UNMI
        return word
    if len(word) > 4 and lower.endswith("ies"):
        return word[:-3]
    if len(word) > 4 and lower.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_INDEXES: dict[tuple[tuple[str, str], ...], SearchIndex] = {}
_BUILDING = threading.Lock()


def search_index(model: Model, progress: Progress | None = None) -> SearchIndex:
    """The search index of the model's passages, built on first use and kept for the two latest corpora."""
    key = tuple((d.id, d.text) for d in model.documents)  # the passages follow from the texts alone
    with _BUILDING:
        index = _INDEXES.get(key)
        if index is None or index.size != len(model.passages):
            index = SearchIndex(iter(model.passages[C.TEXT]), len(model.passages), progress)
            _INDEXES[key] = index
            while len(_INDEXES) > 2:
                _INDEXES.pop(next(iter(_INDEXES)))
        return index


def has_search_index(model: Model) -> bool:
    """Is the index built already (so a search will not pause to build it)?"""
    return tuple((d.id, d.text) for d in model.documents) in _INDEXES


def search(model: Model, query: str) -> np.ndarray:
    """A boolean per passage of the model: does it hold every word and phrase of ``query``?"""
    if fts_query(query) is None:
        return np.ones(len(model.passages), dtype=bool)
    return search_index(model).matching(query)
