"""The passages as integer arrays, for filters and tallies that stay fast at a million passages.

A passage's views, sub-views and missions are tuples in the passages frame: easy to read, slow to test a
million times. :class:`PassageIndex` holds the same facts as a boolean matrix per kind of code (one row
per passage, one column per code) and the year, meeting, document and breadth of each passage as integer
codes. It is built once per model (:attr:`gapmodel.model.Model.index`) and answers "which passages" as
boolean arrays; frames are only cut once, at the end.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gapmodel import columns as C

KEYED = (C.YEAR, C.MEETING, C.DOCUMENT, C.BREADTH)


@dataclass(frozen=True)
class Keys:
    """One column as integer codes: ``values[codes[i]]`` is passage i's value."""

    codes: np.ndarray
    values: pd.Index

    def matching(self, wanted: Sequence[object]) -> np.ndarray:
        """Passages whose value is one of ``wanted`` (values not in the corpus match nothing)."""
        found = self.values.get_indexer(pd.Index(list(wanted), dtype=self.values.dtype))
        return np.isin(self.codes, found[found >= 0])


@dataclass(frozen=True)
class Membership:
    """Which passage carries which code: ``matrix[i, j]`` when passage i has ``ids[j]``."""

    matrix: np.ndarray
    ids: tuple[str, ...]

    def column(self, code: str) -> np.ndarray:
        if code not in self.ids:
            return np.zeros(len(self.matrix), dtype=bool)
        return self.matrix[:, self.ids.index(code)]

    def any_of(self, codes: Sequence[str]) -> np.ndarray:
        """Passages carrying at least one of ``codes``."""
        columns = [self.ids.index(c) for c in codes if c in self.ids]
        if not columns:
            return np.zeros(len(self.matrix), dtype=bool)
        return np.asarray(self.matrix[:, columns].any(axis=1), dtype=bool)

    def none_of(self, codes: Sequence[str]) -> np.ndarray:
        return ~self.any_of(codes)


@dataclass(frozen=True)
class PassageIndex:
    """Integer arrays over the rows of one passages frame, in its order."""

    size: int
    views: Membership
    subviews: Membership  # ids "view.subview"
    missions: Membership
    keys: dict[str, Keys]  # year, meeting, document, breadth
    flags: dict[str, np.ndarray]  # gap, remedy, progress, reviewed


def membership(column: pd.Series, order: Sequence[str] = ()) -> Membership:
    """The boolean matrix of a column of tuples; codes in ``order`` first, then any other in sorted order."""
    combos: dict[tuple[str, ...], int] = {}
    rows = np.fromiter((combos.setdefault(t, len(combos)) for t in column), dtype=np.int32, count=len(column))
    present = {code for combo in combos for code in combo}
    ids = tuple(c for c in order if c in present) + tuple(sorted(present - set(order)))
    position = {c: j for j, c in enumerate(ids)}
    table = np.zeros((len(combos), len(ids)), dtype=bool)
    for combo, k in combos.items():
        table[k, [position[c] for c in combo]] = True
    return Membership(matrix=table[rows] if len(combos) else np.zeros((len(column), 0), dtype=bool), ids=ids)


def keys(column: pd.Series) -> Keys:
    """A column as integer codes into its sorted distinct values."""
    codes, values = pd.factorize(column, sort=True)
    return Keys(codes=codes.astype(np.int32), values=pd.Index(values))


def index_passages(passages: pd.DataFrame, view_order: Sequence[str] = (),
                   subview_order: Sequence[str] = ()) -> PassageIndex:
    """The index of a passages frame (see :mod:`gapmodel.columns`)."""
    reviewed = np.zeros(len(passages), dtype=bool)
    if C.REVIEWED in passages.columns:
        reviewed = np.asarray(passages[C.REVIEWED].to_numpy(dtype=object) != "", dtype=bool)
    return PassageIndex(
        size=len(passages),
        views=membership(passages[C.VIEWS], view_order),
        subviews=membership(passages[C.SUBVIEWS], subview_order),
        missions=membership(passages[C.MISSIONS]),
        keys={name: keys(passages[name]) for name in KEYED},
        flags={**{f: passages[f].to_numpy(dtype=bool) for f in (C.GAP, C.REMEDY, C.PROGRESS)},
               C.REVIEWED: reviewed},
    )


def cut(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The rows of ``frame`` where ``mask`` (a boolean per row) holds."""
    return frame[mask]


def rows_in(whole: pd.DataFrame, part: pd.DataFrame) -> np.ndarray | None:
    """Positions in ``whole`` of the rows of ``part``, when ``part`` was cut from ``whole`` (else None).

    A frame cut from the model's passages keeps their index, which is their position; its passage ids,
    compared with the model's at those positions, tell a cut frame from one made some other way.
    """
    if part is whole:
        return np.arange(len(whole))
    if not isinstance(whole.index, pd.RangeIndex) or whole.index.start != 0 or whole.index.step != 1:
        return None
    if len(part) == 0:
        return np.zeros(0, dtype=np.int64)
    labels = part.index
    if not pd.api.types.is_integer_dtype(labels.dtype):
        return None
    positions = labels.to_numpy(dtype=np.int64)
    if positions.min() < 0 or positions.max() >= len(whole):
        return None
    known = _CHECKED.get(id(part))
    if known is not None and known[0]() is part and known[1]() is whole:
        return known[2]
    if len(np.unique(positions)) != len(positions):  # a passage twice: count the frame as it is
        return None
    ids = part[C.PASSAGE_ID].reset_index(drop=True)
    if not bool((ids == whole[C.PASSAGE_ID].take(positions).reset_index(drop=True)).all()):
        return None
    _CHECKED[id(part)] = (weakref.ref(part), weakref.ref(whole), positions)  # a page asks several times
    while len(_CHECKED) > 64:
        _CHECKED.pop(next(iter(_CHECKED)))
    return positions


_CHECKED: dict[int, tuple[weakref.ref[pd.DataFrame], weakref.ref[pd.DataFrame], np.ndarray]] = {}
