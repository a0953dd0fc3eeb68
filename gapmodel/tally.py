"""Tallies of views and sub-views by year, meeting, document and mission.

Every tally is a long table (see :mod:`gapmodel.columns`). Keys with no passage
at all (a year or meeting no document covers) are absent, never zero; a key
that is covered but where a view is not raised is a real zero. Every cell can
list the passages behind it with :func:`passages_behind`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from gapmodel import columns as C
from gapmodel.model import Model

_BY_COLUMN = {"year": C.YEAR, "meeting": C.MEETING, "document": C.DOCUMENT, "mission": C.MISSION}


def code_rows(passages: pd.DataFrame, subviews: bool = False) -> pd.DataFrame:
    """One row per (passage, view) and, with ``subviews``, per (passage, sub-view).

    Columns: passage_id, view, subview ("" for the view itself).
    """
    views = passages[[C.PASSAGE_ID, C.VIEWS]].explode(C.VIEWS).dropna()
    out = pd.DataFrame({C.PASSAGE_ID: views[C.PASSAGE_ID], C.VIEW: views[C.VIEWS], C.SUBVIEW: ""})
    if subviews:
        subs = passages[[C.PASSAGE_ID, C.SUBVIEWS]].explode(C.SUBVIEWS).dropna()
        parts = subs[C.SUBVIEWS].str.split(".", n=1)
        out = pd.concat([out, pd.DataFrame({C.PASSAGE_ID: subs[C.PASSAGE_ID], C.VIEW: parts.str[0],
                                            C.SUBVIEW: parts.str[1]})], ignore_index=True)
    return out.reset_index(drop=True)


def _keys(passages: pd.DataFrame, by: str) -> pd.DataFrame:
    """passage_id and its key for ``by``; a passage naming two missions has two rows."""
    if by not in _BY_COLUMN:
        raise ValueError(f"cannot tally by '{by}': use one of {', '.join(_BY_COLUMN)}")
    if by == "mission":
        keys = passages[[C.PASSAGE_ID, C.MISSIONS]].explode(C.MISSIONS).dropna()
        return keys.rename(columns={C.MISSIONS: C.MISSION})
    return passages[[C.PASSAGE_ID, _BY_COLUMN[by]]]


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
    """
    base = model.passages if passages is None else passages
    key_col = _BY_COLUMN[by]
    keys = _keys(base, by)
    totals = keys.groupby(key_col).size().rename("total")
    codes = code_rows(base, subviews)
    wanted = list(views) if views else [v.id for v in model.taxonomy.views]
    codes = codes[codes[C.VIEW].isin(wanted)]
    reviewed = base[C.REVIEWED] != "" if C.REVIEWED in base.columns else False
    flags = base[[C.PASSAGE_ID, C.GAP]].assign(_doc=base[C.DOCUMENT], _meeting=base[C.MEETING], _reviewed=reviewed)
    rows = codes.merge(keys, on=C.PASSAGE_ID).merge(flags, on=C.PASSAGE_ID)
    if gaps_only:
        rows = rows[rows[C.GAP]]
    grouped = rows.groupby([C.VIEW, C.SUBVIEW, key_col]).agg(
        passages=(C.PASSAGE_ID, "nunique"), gap_passages=(C.GAP, "sum"), documents=("_doc", "nunique"),
        meetings=("_meeting", "nunique"), reviewed=("_reviewed", "sum"),
    )
    pairs = _code_pairs(model, wanted, subviews)
    grid = pd.MultiIndex.from_tuples(
        [(v, s, k) for v, s in pairs for k in totals.index], names=[C.VIEW, C.SUBVIEW, key_col]
    )
    out = grouped.reindex(grid, fill_value=0).reset_index()
    out[C.SHARE] = (out[C.PASSAGES] / out[key_col].map(totals)).round(4)
    out[C.REVIEWED] = out[C.REVIEWED].astype(int)
    out = out[[C.VIEW, C.SUBVIEW, key_col, C.PASSAGES, C.GAP_PASSAGES, C.SHARE, C.DOCUMENTS, C.REVIEWED,
               *(["meetings"] if with_meetings else [])]]
    return _ordered(out, model, key_col, pairs)


def _code_pairs(model: Model, views: Sequence[str], subviews: bool) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for view in model.taxonomy.views:
        if view.id in views:
            pairs.append((view.id, ""))
            if subviews:
                pairs += [(view.id, s.id) for s in view.subviews]
    return pairs


def _ordered(frame: pd.DataFrame, model: Model, key_col: str, pairs: list[tuple[str, str]]) -> pd.DataFrame:
    rank = {p: i for i, p in enumerate(pairs)}
    order = frame.apply(lambda r: rank[(r[C.VIEW], r[C.SUBVIEW])], axis=1) if len(frame) else pd.Series(dtype=int)
    if key_col == C.MEETING:
        when = model.meetings.set_index(C.MEETING)["date"]
        key_order = frame[key_col].map(lambda m: (when.get(m, ""), m))
    elif key_col == C.DOCUMENT:
        dates = {d.id: d.date for d in model.documents}
        key_order = frame[key_col].map(lambda d: (dates.get(d, ""), d))
    else:
        key_order = frame[key_col]
    frame = frame.assign(_a=order, _b=key_order).sort_values(["_a", "_b"], kind="stable")
    return frame.drop(columns=["_a", "_b"]).reset_index(drop=True)


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
    code = f"{view}.{subview}" if subview else view
    column = C.SUBVIEWS if subview else C.VIEWS
    mask = base[column].map(lambda codes: code in codes)
    if gaps_only:
        mask &= base[C.GAP]
    if by is not None:
        if by == "mission":
            mask &= base[C.MISSIONS].map(lambda ms: key in ms)
        else:
            mask &= base[_BY_COLUMN[by]] == key
    return base[mask]


def recurrence(
    model: Model, *, subviews: bool = True, gaps_only: bool = True, passages: pd.DataFrame | None = None
) -> pd.DataFrame:
    """How persistently each view or sub-view was raised.

    Columns: view, subview, years (distinct years raised), meetings (distinct
    meetings, a document's series counting once), first_year, last_year,
    first_raised and last_raised (ISO date of the earliest and latest meeting),
    last_meeting, passages, documents. Sorted most persistent first.
    """
    base = model.passages if passages is None else passages
    if gaps_only:
        base = base[base[C.GAP]]
    codes = code_rows(base, subviews)
    if codes.empty:
        return pd.DataFrame(columns=[C.VIEW, C.SUBVIEW, "years", "meetings", "first_year", "last_year",
                                     "first_raised", "last_raised", "last_meeting", C.PASSAGES, C.DOCUMENTS])
    when = model.meetings.set_index(C.MEETING)["date"]
    rows = codes.merge(base[[C.PASSAGE_ID, C.YEAR, C.MEETING, C.DOCUMENT]], on=C.PASSAGE_ID)
    rows["date"] = rows[C.MEETING].map(when)
    rows["start"] = rows["date"].str.split("/").str[0]
    out = []
    for (view, sub), group in rows.groupby([C.VIEW, C.SUBVIEW], sort=False):
        latest = group.sort_values(["start", C.MEETING]).iloc[-1]
        out.append({
            C.VIEW: view, C.SUBVIEW: sub, "years": group[C.YEAR].nunique(), "meetings": group[C.MEETING].nunique(),
            "first_year": int(group[C.YEAR].min()), "last_year": int(group[C.YEAR].max()),
            "first_raised": group.sort_values("start")["date"].iloc[0], "last_raised": latest["date"],
            "last_meeting": latest[C.MEETING], C.PASSAGES: group[C.PASSAGE_ID].nunique(),
            C.DOCUMENTS: group[C.DOCUMENT].nunique(),
        })
    frame = pd.DataFrame(out)
    return frame.sort_values(["years", "meetings", C.PASSAGES, C.VIEW, C.SUBVIEW],
                             ascending=[False, False, False, True, True]).reset_index(drop=True)


def cooccurrence(passages: pd.DataFrame, views: Sequence[str]) -> pd.DataFrame:
    """A views-by-views frame: passages that speak to both (the diagonal: to the view at all)."""
    sets = [set(v) for v in passages[C.VIEWS]]
    matrix = pd.DataFrame(0, index=list(views), columns=list(views), dtype=int)
    for a in views:
        for b in views:
            matrix.loc[a, b] = sum(1 for s in sets if a in s and b in s)
    return matrix


def passages_with_both(passages: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The passages behind a co-occurrence cell."""
    return passages[passages[C.VIEWS].map(lambda vs: a in vs and b in vs)]


def term_hits(model: Model, passages: pd.DataFrame | None = None) -> pd.DataFrame:
    """How often each taxonomy phrase decided a code. Columns: code, term, passages, hits."""
    base = model.passages if passages is None else passages
    evidence = model.evidence[model.evidence[C.PASSAGE_ID].isin(base[C.PASSAGE_ID])]
    grouped = evidence.groupby(["code", "term"]).agg(passages=(C.PASSAGE_ID, "nunique"), hits=(C.PASSAGE_ID, "size"))
    return grouped.reset_index().sort_values(["code", "passages"], ascending=[True, False]).reset_index(drop=True)


def uncoded(model: Model, passages: pd.DataFrame | None = None, *, core_only: bool = True) -> pd.DataFrame:
    """Passages no view catches (no core view, with ``core_only``): what the codes miss."""
    base = model.passages if passages is None else passages
    core = {v.id for v in model.taxonomy.views if v.core or not core_only}
    return base[base[C.VIEWS].map(lambda vs: not core.intersection(vs))]
