"""Tallies of views and sub-views by year, meeting, document and mission.

Every tally is a long table (see :mod:`gapmodel.columns`). Keys with no passage
at all (a year or meeting no document covers) are absent, never zero; a key
that is covered but where a view is not raised is a real zero. Every cell can
list the passages behind it with :func:`passages_behind`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gapmodel import columns as C
from gapmodel.coding import view_codes
from gapmodel.index import cut
from gapmodel.model import Model, reading_rank

_BY_COLUMN = {"year": C.YEAR, "meeting": C.MEETING, "document": C.DOCUMENT, "mission": C.MISSION}


def tally(
    model: Model,
    by: str,
    *,
    views: Sequence[str] | None = None,
    subviews: bool = False,
    gaps_only: bool = False,
    passages: pd.DataFrame | None = None,
    with_meetings: bool = False,
) -> pd.DataFrame:
    """Views (and sub-views) against ``by``: year, meeting, document or mission.

    Columns: view, subview, <by>, passages, gap_passages, share, documents, reviewed.
    ``passages`` counts gap passages only when ``gaps_only``; ``share`` is of all
    passages with that key (of the given ``passages`` frame, the whole corpus by
    default), so a long report and a short one compare fairly. ``with_meetings``
    adds ``meetings``: distinct meetings among the counted passages.

    Counted on the model's index (:mod:`gapmodel.index`): integer arrays, no Python object per passage.
    """
    if by not in _BY_COLUMN:
        raise ValueError(f"cannot tally by '{by}': use one of {', '.join(_BY_COLUMN)}")
    key_col = _BY_COLUMN[by]
    index, rows = model.indexed(passages)
    wanted = list(views) if views else [v.id for v in model.taxonomy.views]
    pairs = _code_pairs(model, wanted, subviews)
    if by == "mission":  # a passage naming two missions counts for each
        at, key_codes = np.nonzero(index.missions.matrix[rows])
        values = pd.Index(index.missions.ids, dtype=object)
    else:
        keys = index.keys[key_col]
        at, key_codes, values = np.arange(len(rows)), keys.codes[rows], keys.values
    keyed = rows[at]  # the index row of each counted (passage, key)
    whole = np.array_equal(keyed, np.arange(index.size))  # every passage once, in order: nothing to gather

    def at_keyed(values: np.ndarray) -> np.ndarray:
        return values if whole else values[keyed]

    size = len(values)
    totals = np.bincount(key_codes, minlength=size)
    present = _key_order(model, key_col, values, np.flatnonzero(totals))
    gap = at_keyed(index.flags[C.GAP])
    columns: dict[str, list[np.ndarray]] = {name: [] for name in (C.PASSAGES, C.GAP_PASSAGES, C.DOCUMENTS,
                                                                  C.REVIEWED, "meetings")}
    for view, sub in pairs:
        has = at_keyed(index.subviews.column(f"{view}.{sub}") if sub else index.views.column(view))
        if gaps_only:
            has = has & gap
        chosen = np.flatnonzero(has)  # only the passages on this code are gathered from here on
        counted = keyed[chosen]
        codes = key_codes[chosen]
        columns[C.PASSAGES].append(np.bincount(codes, minlength=size)[present])
        columns[C.GAP_PASSAGES].append(np.bincount(codes, weights=gap[chosen], minlength=size)[present])
        columns[C.REVIEWED].append(np.bincount(codes, weights=index.flags[C.REVIEWED][counted],
                                               minlength=size)[present])
        columns[C.DOCUMENTS].append(_distinct(codes, index.keys[C.DOCUMENT].codes[counted], size)[present])
        if with_meetings:
            columns["meetings"].append(_distinct(codes, index.keys[C.MEETING].codes[counted], size)[present])
    n = len(present)
    out = pd.DataFrame({
        C.VIEW: np.repeat(np.array([v for v, _ in pairs], dtype=object), n),
        C.SUBVIEW: np.repeat(np.array([s for _, s in pairs], dtype=object), n),
        key_col: np.tile(values.to_numpy()[present], len(pairs)),
        **{name: _joined(parts) for name, parts in columns.items() if name != "meetings"},
    })
    out[C.SHARE] = (out[C.PASSAGES] / np.tile(totals[present], len(pairs))).round(4)
    if with_meetings:
        out["meetings"] = _joined(columns["meetings"])
    return out[[C.VIEW, C.SUBVIEW, key_col, C.PASSAGES, C.GAP_PASSAGES, C.SHARE, C.DOCUMENTS, C.REVIEWED,
                *(["meetings"] if with_meetings else [])]]


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


def _distinct(keys: np.ndarray, others: np.ndarray, size: int) -> np.ndarray:
    """For each key code, how many distinct ``others`` go with it."""
    if not len(keys):
        return np.zeros(size, dtype=np.int64)
    width = int(others.max()) + 1
    pairs = keys.astype(np.int64) * width + others
    if size * width <= 8_000_000:  # a table of every (key, other) pair is small: mark them, then count
        seen = np.zeros(size * width, dtype=bool)
        seen[pairs] = True
        return np.asarray(seen.reshape(size, width).sum(axis=1), dtype=np.int64)
    return np.bincount(np.unique(pairs) // width, minlength=size)


def _key_order(model: Model, key_col: str, values: pd.Index, present: np.ndarray) -> np.ndarray:
    """The key codes in reading order: meetings and documents by date, years and missions as sorted."""
    if key_col not in (C.MEETING, C.DOCUMENT):
        return present
    rank = model.reading_order(key_col) if values is model.index.keys[key_col].values else \
        reading_rank(model, key_col, values)
    return np.asarray(present[np.argsort(rank[present], kind="stable")], dtype=np.int64)


def _code_pairs(model: Model, views: Sequence[str], subviews: bool) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for view in model.taxonomy.views:
        if view.id in views:
            pairs.append((view.id, ""))
            if subviews:
                pairs += [(view.id, s.id) for s in view.subviews]
    return pairs


def passages_behind(
    model: Model,
    view: str,
    subview: str = "",
    *,
    by: str | None = None,
    key: object = None,
    gaps_only: bool = False,
    passages: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The passages behind one tally cell (or behind a view, with no ``by``). Columns: those of passages."""
    base = model.passages if passages is None else passages
    index, rows = model.indexed(passages)
    has = (index.subviews.column(f"{view}.{subview}") if subview else index.views.column(view))[rows]
    if gaps_only:
        has &= index.flags[C.GAP][rows]
    if by is not None:
        if by == "mission":
            has &= index.missions.column(str(key))[rows]
        else:
            keys = index.keys[_BY_COLUMN[by]]
            found = keys.values.get_indexer(pd.Index([key]))[0] if key in keys.values else -1
            has &= keys.codes[rows] == found
    return cut(base, has)


def recurrence(
    model: Model, *, subviews: bool = True, gaps_only: bool = True, passages: pd.DataFrame | None = None
) -> pd.DataFrame:
    """How persistently each view or sub-view was raised.

    Columns: view, subview, years (distinct years raised), year_list (those years,
    a tuple), meetings (distinct meetings, a document's series counting once),
    first_year, last_year, first_raised and last_raised (ISO date of the earliest
    and latest meeting), last_meeting, passages, documents, specific (passages
    coded to it by one of its own terms of art, a view's including its sub-views':
    an include, together or regex phrase, not only by weak phrases or nearness
    rules) and generic (fewer than
    :data:`GENERIC_BELOW` of its passages are specific). Sorted most persistent first.
    """
    index, rows = model.indexed(passages)
    if gaps_only:
        rows = rows[index.flags[C.GAP][rows]]
    meetings = index.keys[C.MEETING]
    dates = model.meetings.set_index(C.MEETING)["date"].reindex(meetings.values).fillna("").to_numpy(dtype=object)
    starts = np.array([str(d).split("/")[0] for d in dates], dtype=object)
    by_start = pd.Index(starts).factorize(sort=True)[0]  # meetings in order of their first day
    rank = np.argsort(np.lexsort((meetings.values.to_numpy(dtype=object), starts)))  # by (start, id): latest highest
    years, documents = index.keys[C.YEAR], index.keys[C.DOCUMENT]
    specific = _specific(model, rows)
    out = []
    for view, sub in _code_pairs(model, [v.id for v in model.taxonomy.views], subviews):
        has = (index.subviews.column(f"{view}.{sub}") if sub else index.views.column(view))[rows]
        if not has.any():
            continue
        chosen = rows[has]
        code = f"{view}.{sub}" if sub else view
        # a view's terms of art include its sub-views' ("rules of engagement" is one of mandate formulation's)
        own = [found for c, found in specific.items() if c == code or (not sub and c.startswith(f"{view}."))]
        n_specific = int(np.isin(chosen, np.concatenate(own) if own else []).sum())
        meeting = meetings.codes[chosen]
        year = years.values.to_numpy()[years.codes[chosen]]
        first = meeting[np.flatnonzero(by_start[meeting] == by_start[meeting].min())[0]]
        last = meeting[np.argmax(rank[meeting])]
        out.append({
            C.VIEW: view, C.SUBVIEW: sub, "years": len(np.unique(year)),
            "year_list": tuple(int(y) for y in np.unique(year)), "meetings": len(np.unique(meeting)),
            "first_year": int(year.min()), "last_year": int(year.max()),
            "first_raised": dates[first], "last_raised": dates[last], "last_meeting": meetings.values[last],
            C.PASSAGES: len(chosen), C.DOCUMENTS: len(np.unique(documents.codes[chosen])),
            "specific": n_specific, "generic": n_specific < GENERIC_BELOW * len(chosen),
        })
    if not out:
        return pd.DataFrame(columns=[C.VIEW, C.SUBVIEW, "years", "year_list", "meetings", "first_year", "last_year",
                                     "first_raised", "last_raised", "last_meeting", C.PASSAGES, C.DOCUMENTS,
                                     "specific", "generic"])
    frame = pd.DataFrame(out)
    return frame.sort_values(["years", "meetings", C.PASSAGES, C.VIEW, C.SUBVIEW],
                             ascending=[False, False, False, True, True]).reset_index(drop=True)


GENERIC_BELOW = 0.25
"""A view or sub-view is marked generic when fewer than this share of its passages carry one of its own terms of
art. Not "none of them": one "mandate renewal" among eighteen passages found by "mandate" near "change" would lift
a catch-all off the mark, and the mark is there to say that its count rests on common words."""


def _specific(model: Model, rows: np.ndarray) -> dict[str, np.ndarray]:
    """For each view and sub-view id, the index rows among ``rows`` coded to it by one of its own include,
    together or regex phrases (the evidence names the taxonomy phrase that matched)."""
    strong = {(code, phrase.casefold()) for code, terms in view_codes(model.taxonomy)
              for phrase in (*terms.include, *terms.regex, *(p for group in terms.together for p in group))}
    evidence = model.evidence_of(model.passages.iloc[rows])
    if evidence.empty:
        return {}
    # the columns are categories: each distinct (code, term) pair is judged once, each passage id looked up once
    code, term, owner = (pd.Categorical(evidence[name]) for name in ("code", "term", C.PASSAGE_ID))
    pair = code.codes.astype(np.int64) * max(len(term.categories), 1) + term.codes
    distinct, numbers = np.unique(pair, return_inverse=True)
    codes, terms = np.asarray(code.categories, dtype=object), np.asarray(term.categories, dtype=object)
    judged = np.array([(str(codes[d // max(len(terms), 1)]), str(terms[d % max(len(terms), 1)]).casefold()) in strong
                       for d in distinct], dtype=bool)
    keep = judged[numbers]
    where = pd.Index(model.passages[C.PASSAGE_ID].to_numpy()).get_indexer(owner.categories)
    found = pd.DataFrame({"code": codes[code.codes[keep]], "row": where[owner.codes[keep]]})
    return {str(c): np.unique(g["row"].to_numpy()) for c, g in found.groupby("code")}


def cooccurrence(model: Model, passages: pd.DataFrame, views: Sequence[str]) -> pd.DataFrame:
    """A views-by-views frame: passages that speak to both (the diagonal: to the view at all)."""
    index, rows = model.indexed(passages)
    chosen = np.column_stack([index.views.column(v)[rows] for v in views]).astype(np.int64) if len(views) \
        else np.zeros((len(rows), 0), dtype=np.int64)
    return pd.DataFrame(chosen.T @ chosen, index=list(views), columns=list(views))


def passages_with_both(model: Model, passages: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The passages behind a co-occurrence cell."""
    index, rows = model.indexed(passages)
    return cut(passages, (index.views.column(a) & index.views.column(b))[rows])


def term_hits(model: Model, passages: pd.DataFrame | None = None) -> pd.DataFrame:
    """How often each taxonomy phrase decided a code. Columns: code, term, passages, hits."""
    evidence = model.evidence_of(model.passages if passages is None else passages)
    grouped = evidence.groupby(["code", "term"], observed=True).agg(passages=(C.PASSAGE_ID, "nunique"),
                                                                    hits=(C.PASSAGE_ID, "size"))
    out = grouped.reset_index().astype({"code": str, "term": str})
    return out.sort_values(["code", "passages"], ascending=[True, False]).reset_index(drop=True)


def view_counts(model: Model, passages: pd.DataFrame | None = None) -> dict[str, int]:
    """How many of the passages speak to each view of the taxonomy."""
    index, rows = model.indexed(passages)
    return {v.id: int(index.views.column(v.id)[rows].sum()) for v in model.taxonomy.views}


def uncoded(model: Model, passages: pd.DataFrame | None = None, *, core_only: bool = True) -> pd.DataFrame:
    """Passages no view catches (no core view, with ``core_only``): what the codes miss."""
    base = model.passages if passages is None else passages
    index, rows = model.indexed(passages)
    core = [v.id for v in model.taxonomy.views if v.core or not core_only]
    return cut(base, index.views.none_of(core)[rows])
