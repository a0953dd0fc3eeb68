"""Where else was this said? The passages of other documents whose words are most like a passage's.

Each passage's content words are weighted as BM25 weighs them (Okapi BM25, the ranking of search engines and
of SQLite's FTS5): rarer words weigh more, a word's repeats count less and less, and a long passage's words a
little less. The likeness of another passage is the sum of the weights, in it, of the words it shares with the
passage asked about, divided by that passage's score against itself: 1 for a twin, 0 for no word in common.
Cosine of TF-IDF vectors was tried first; a reader who did not know which was which judged BM25's lists better
on 11 of 30 passages of the seed corpus and worse on none (the rest tied). Among the :data:`POOL` most alike in
words, the passages coded to the same sub-views then come first (:func:`similar_passages`), and the words of the
meeting itself (met, briefed, Chairman) are stop words: on 30 other passages, a second blind reader judged these
lists better on 15 and worse on 2 (bench/RESULTS.md).

Content words: runs of letters, lowercased, of three letters or more (numbers go), less a short list of
English function words and the months (:data:`STOP_WORDS`), and less the words in more than :data:`MAX_SHARE`
of the passages (and more than :data:`FEW`): they tell nothing of what a passage is about ("working",
"group", "council" in this corpus). A final -s or -es is dropped, much as the search box does (see
:func:`stem`), so "helicopters" and "helicopter" are one word; words in capitals such as UNMIS are taken whole.

The index is built once per corpus text (:attr:`gapmodel.model.Model.text_version`) and shared, as the
search index is: a review or another taxonomy keeps it. The weights are held twice as flat arrays, by
passage (to read a passage's words) and by word (to find the passages holding it), so that a question is a
few array gathers and one ``np.bincount`` over the passages.
"""

from __future__ import annotations

import itertools
import re
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from gapmodel import columns as C
from gapmodel.index import rows_in
from gapmodel.model import Model, release_free_memory

_FUNCTION_WORDS = """
about above across after again against all along also although among amongst and another any are around
because been before behind being below beside besides between both but can cannot could did does doing done
down during each either else etc even ever every few for from further had has have having hence her here
hers herself him himself his how however into its itself just may might more most much must neither nor not
now off once one only onto other others ought our ours ourselves out over own per rather same shall she
should since some such than that the their theirs them themselves then there thereby therefore these they
this those though through throughout thus too toward towards under unless until upon very via was were what
whatever when where whereas whether which while who whom whose why will with within without would yet you
your yours well
"""
_MONTHS = "january february march april may june july august september october november december"
# the months too: every meeting is dated, so a month tells nothing of what was said at it
_PROCEDURE = """
met meet meets meeting meetings discuss discussed discussion discussions chair chairman chairs chaired brief briefed
briefing briefings held hold session sessions member members participant participants stressed noted note said
underlined emphasized emphasised highlighted expressed informal formal attended
"""
# and the words of the meeting itself: who met, briefed or stressed tells nothing of what was raised ("the Chairman
# met" brought up every other meeting line)
STOP_WORDS = frozenset(_FUNCTION_WORDS.split()) | frozenset(_MONTHS.split()) | frozenset(_PROCEDURE.split())

MAX_SHARE = 0.1  # a word in more passages than this share of them is left out as telling nothing...
FEW = 20  # ...unless it is in this many passages or fewer: in a corpus of a few dozen passages, 10% is one or
# two passages, and a word two passages share is what this is for (the IDF weighs common words down anyway)
SHOWN = 6  # shared words listed per similar passage, the most telling first
POOL = 60  # the passages most alike in words, re-ranked by the sub-views they share with the passage asked about
CODED = 0.5  # the weight of sub-views shared (their Jaccard index, 0 to 1) beside the likeness in words

_BLOCK = 20_000  # passages read at a time while building
_WORD = re.compile(r"[^\W\d_]+")  # letters only: numbers, symbols and underscores split words


def stem(word: str) -> str:
    """The indexed form of a word: lowercased; a word in capitals (an acronym) whole; otherwise a final -s or
    -es dropped from words of four letters or more, so that singular and plural are one word."""
    if word.isupper():
        return word.lower()
    word = word.lower()
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word  # "process", "status", "analysis": the -s is not a plural's
    # The search box keeps "mandat" of "mandates" and finds "mandate" by prefix; here the two must be one
    # word, so -es goes only where the singular does not end in -e (approach-es, process-es; polic-ies -> y).
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


class _Vocabulary(dict[str, int]):
    """Word as written -> its term number, or -1 for a word that is not a content word. A new term is
    numbered on first sight, so building needs one dictionary look-up per word of the corpus."""

    def __init__(self) -> None:
        super().__init__()
        self.terms: dict[str, int] = {}

    def __missing__(self, word: str) -> int:
        term = stem(word)
        if len(term) < 3 or word.lower() in STOP_WORDS or term in STOP_WORDS:
            number = -1
        else:
            number = self.terms.setdefault(term, len(self.terms))
        self[word] = number
        return number


@dataclass(frozen=True, eq=False)  # compared by identity: arrays have no single truth value
class _Weights:
    """One sparse matrix of weights in compressed rows: row r's columns are ``columns[start[r]:start[r+1]]``."""

    start: np.ndarray  # int64, one more than the rows
    columns: np.ndarray  # int32, increasing within a row
    values: np.ndarray  # float32

    def row(self, r: int) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of row ``r``."""
        a, b = int(self.start[r]), int(self.start[r + 1])
        return self.columns[a:b], self.values[a:b]


def _compressed(rows: np.ndarray, columns: np.ndarray, values: np.ndarray, size: int) -> _Weights:
    """The entries (sorted by row, then column) as compressed rows of a matrix of ``size`` rows."""
    start = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=size), out=start[1:])
    return _Weights(start=start, columns=columns.astype(np.int32), values=values.astype(np.float32))


@dataclass(frozen=True, eq=False)
class SimilarityIndex:
    """The content words of a corpus's passages with their BM25 weights.

    Positions are rows of the model's passages frame, in its order."""

    size: int
    documents: np.ndarray  # int32: each passage's document, as a code
    ids: pd.Index  # the passage ids, to find a passage's position
    vocabulary: _Vocabulary  # read-only once built
    by_passage: _Weights  # rows: passages; columns: terms
    by_term: _Weights  # rows: terms; columns: passages

    def scores(self, position: int, candidates: np.ndarray | None = None) -> np.ndarray:
        """The likeness of every passage to passage ``position`` (0 to 1), 0 for those of its own document and
        for those outside ``candidates`` (a boolean per passage; all when None)."""
        terms, weights = self.by_passage.row(position)
        starts, ends = self.by_term.start[terms], self.by_term.start[terms + 1]
        lengths = ends - starts
        # the postings of all the passage's terms as one gather: offsets run from each term's start
        take = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
        sums = np.bincount(self.by_term.columns[take], weights=self.by_term.values[take].astype(np.float64),
                           minlength=self.size)
        scores = sums.astype(np.float64) / max(float(weights.sum()), 1e-9)  # its own score: 1 for its twin
        scores[self.documents == self.documents[position]] = 0.0
        if candidates is not None:
            scores[~candidates] = 0.0
        return np.clip(scores, 0.0, 1.0)

    def shared(self, position: int, other: int) -> list[tuple[int, float]]:
        """(term, share of the score) of the content words two passages share, the largest share first, then
        the term's number (so equal shares come in a fixed order)."""
        terms, weights = self.by_passage.row(position)
        their_terms, their_weights = self.by_passage.row(other)
        common, _, theirs = np.intersect1d(terms, their_terms, assume_unique=True, return_indices=True)
        products = their_weights[theirs].astype(np.float64)
        order = np.lexsort((common, -products))
        return [(int(common[i]), float(products[i])) for i in order]

    def words(self, text: str) -> dict[int, str]:
        """Each content term of ``text`` as first written there: lowercased, acronyms in capitals."""
        found: dict[int, str] = {}
        for word in _WORD.findall(text):
            term = self.vocabulary.get(word, -1)
            if term >= 0 and term not in found:
                found[term] = word if word.isupper() else word.lower()
        return found


def _block_counts(texts: list[str], vocabulary: _Vocabulary) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(passage, term, count) of each content term in each of ``texts`` (passages numbered from 0), sorted
    by passage then term."""
    numbers, lengths = array("i"), array("q")  # 4 bytes a word, not a Python object each
    for text in texts:
        before = len(numbers)
        numbers.extend(map(vocabulary.__getitem__, _WORD.findall(text)))
        lengths.append(len(numbers) - before)
    width = max(len(vocabulary.terms), 1)
    terms = np.array(numbers, dtype=np.int64)
    # passage x width + term: one sort groups each passage's words, and equal keys are one term's count
    keys = np.repeat(np.arange(len(texts), dtype=np.int64) * width, np.array(lengths, dtype=np.int64)) + terms
    keys = keys[terms >= 0]
    keys.sort()
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else keys
    counts = np.diff(np.append(starts, len(keys)))
    return keys[starts] // width, keys[starts] % width, counts


def _counts(texts: Iterable[str], vocabulary: _Vocabulary) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(passage, term, count) of each content term in each passage, sorted by passage then term (int32
    arrays); and the number of passages. Read in blocks, so that the words of one block at a time are held."""
    texts = iter(texts)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    size = 0
    while block := list(itertools.islice(texts, _BLOCK)):
        passages, terms, counts = _block_counts(block, vocabulary)
        parts.append(((passages + size).astype(np.int32), terms.astype(np.int32), counts.astype(np.int32)))
        size += len(block)
    if not parts:
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty, empty, 0
    passages, terms, counts = (np.concatenate(column) for column in zip(*parts, strict=True))
    return passages, terms, counts, size


K1, B = 1.2, 0.75  # BM25's usual saturation of a word's count and weight of a passage's length


def _bm25(passages: np.ndarray, terms: np.ndarray, counts: np.ndarray, size: int,
          vocabulary: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(passage, term, weight) of the terms kept (see :data:`MAX_SHARE`): each word's BM25 weight in its
    passage, idf x count / (count + K1 x (1 - B + B x length / mean length))."""
    held = np.bincount(terms, minlength=vocabulary)[terms]  # passages holding the term of each entry
    kept = (held <= max(MAX_SHARE * size, FEW)) & (held < size)  # a word in every passage weighs nothing
    lengths = np.bincount(passages, weights=counts, minlength=size)  # content words of each passage
    passages, terms, counts, held = passages[kept], terms[kept], counts[kept], held[kept]
    idf = np.log(1.0 + (size - held + 0.5) / (held + 0.5))
    relative = lengths[passages] / max(float(lengths.mean()), 1.0)
    weights = idf * counts * (K1 + 1) / (counts + K1 * (1 - B + B * relative))
    return passages, terms, weights


def build_similarity_index(texts: Iterable[str], documents: pd.Series, ids: pd.Series) -> SimilarityIndex:
    """The index of passages given by their texts, documents and passage ids (in the same order)."""
    vocabulary = _Vocabulary()
    passages, terms, counts, size = _counts(texts, vocabulary)
    width = len(vocabulary.terms)
    passages, terms, weights = _bm25(passages, terms, counts, size, width)
    by_term = np.argsort(terms, kind="stable")  # by term, then passage (the entries are by passage)
    codes, _ = pd.factorize(documents)
    return SimilarityIndex(
        size=size, documents=codes.astype(np.int32), ids=pd.Index(ids), vocabulary=vocabulary,
        by_passage=_compressed(passages, terms, weights, size),
        by_term=_compressed(terms[by_term], passages[by_term], weights[by_term], width))


class _Kept:
    """The indexes of the last two corpora asked about, by text version; one is built at a time."""

    def __init__(self) -> None:
        self.indexes: dict[str, SimilarityIndex] = {}
        self.building = threading.Lock()
        self.order = threading.Lock()

    def get(self, model: Model) -> SimilarityIndex:
        key = model.text_version  # the passages follow from the texts alone
        index = self.indexes.get(key)
        if index is None:
            with self.building:
                index = self.indexes.get(key)
                if index is None:
                    passages = model.passages
                    index = build_similarity_index(iter(passages[C.TEXT]), passages[C.DOCUMENT],
                                                   passages[C.PASSAGE_ID])
                    # the build's temporaries, freed, would stay resident for the session: at 10^5 passages
                    # some 110 MB beside the 35 MB the index holds (bench/similar.py, one-off timing)
                    release_free_memory()
        with self.order:  # the newest last; the oldest beyond two go
            self.indexes.pop(key, None)
            self.indexes[key] = index
            while len(self.indexes) > 2:
                del self.indexes[next(iter(self.indexes))]
        return index


_KEPT = _Kept()


def similarity_index(model: Model) -> SimilarityIndex:
    """The similarity index of the model's passages, built on first use and shared by every session."""
    return _KEPT.get(model)


def has_similarity_index(model: Model) -> bool:
    """Is the index built already (so that asking will not pause to build it)?"""
    return model.text_version in _KEPT.indexes


def _candidates(model: Model, passages: pd.DataFrame | None) -> np.ndarray | None:
    """A boolean per passage of the model: is it in ``passages``? None when all are."""
    if passages is None or passages is model.passages:
        return None
    mask = np.zeros(len(model.passages), dtype=bool)
    rows = rows_in(model.passages, passages)
    if rows is None:  # not cut from the model's passages: matched by passage id
        mask = model.passages[C.PASSAGE_ID].isin(passages[C.PASSAGE_ID]).to_numpy(dtype=bool)
    else:
        mask[rows] = True
    return mask


def _best(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` highest positive scores, highest first, equal scores by position."""
    found = np.flatnonzero(scores > 0)
    if k < 1:
        return found[:0]
    if len(found) > k:
        # every position scoring at least the k-th best is kept, so ties at the cut are settled by position
        kth = np.partition(scores[found], len(found) - k)[len(found) - k]
        found = found[scores[found] >= kth]
    order = np.lexsort((found, -scores[found]))
    return found[order][:k]


def similar_passages(model: Model, passage_id: str, *, k: int = 5,
                     passages: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``k`` passages of other documents most like passage ``passage_id``, among ``passages`` (a frame cut
    from ``model.passages``, or any frame with a passage_id column; all passages when None).

    Ranked by the likeness in words plus :data:`CODED` times the share of sub-views the two are coded to in
    common (of those either is coded to), among the :data:`POOL` most alike in words: a passage on the same gap
    in other words comes before one that shares a rare but incidental word. Equal ranks in the order of the
    model's passages.

    Columns: passage_id; position (its row in ``model.passages``); document; score (the likeness in words, 0 to
    1); shared (a tuple of up to :data:`SHOWN` content words both passages hold, as first written in the similar
    passage, the most telling first); codes (the sub-views both are coded to). Only passages sharing a content
    word come back: fewer than ``k``, or none, when fewer share one (a passage of stop words alone has none).

    Raises KeyError when ``passage_id`` is not a passage of the model.
    """
    index = similarity_index(model)
    found = int(index.ids.get_indexer(pd.Index([passage_id]))[0])
    if found < 0:
        raise KeyError(f"No passage {passage_id!r} in this corpus")
    scores = index.scores(found, _candidates(model, passages))
    pool = _best(scores, max(k, POOL) if k > 0 else 0)
    column = model.passages[C.SUBVIEWS]
    subviews = {int(i): cast("tuple[str, ...]", column.iat[int(i)]) for i in (found, *pool)}
    mine = set(subviews[found])
    codes = [tuple(c for c in subviews[int(other)] if c in mine) for other in pool]
    either = [len(mine | set(subviews[int(other)])) for other in pool]
    rank = scores[pool] + CODED * np.array([len(c) / n if n else 0.0 for c, n in zip(codes, either, strict=True)])
    order = np.lexsort((pool, -rank))[:max(k, 0)]
    best = pool[order]
    texts = model.passages[C.TEXT]
    shared = []
    for other in best:
        written = index.words(str(texts.iat[other]))
        shared.append(tuple(written[term] for term, _ in index.shared(found, int(other))[:SHOWN]))
    return pd.DataFrame({
        C.PASSAGE_ID: pd.Series(index.ids[best], dtype=object), "position": best.astype(np.int64),
        C.DOCUMENT: pd.Series(model.passages[C.DOCUMENT].to_numpy(dtype=object)[best], dtype=object),
        "score": scores[best], "shared": pd.Series(shared, dtype=object),
        "codes": pd.Series([codes[i] for i in order], dtype=object)})
