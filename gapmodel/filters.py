"""The shared filters of the dashboard, as data: applied to passages, written to and read from a URL."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

import numpy as np
import pandas as pd

from gapmodel import columns as C
from gapmodel.dates import year_problem
from gapmodel.index import PassageIndex
from gapmodel.model import Model
from gapmodel.search import search

STANCES = ("all", "gap", "remedy", "progress", "neutral")
STANCE_NOUNS = {"all": "passages", "gap": "gap passages", "remedy": "passages proposing remedies",
                "progress": "passages reporting progress", "neutral": "neutral passages"}  # what a count counts
STANCE_LABELS = {"all": "All passages", "gap": "Gaps only", "remedy": "Remedies", "progress": "Progress",
                 "neutral": "Neutral (none of the three)"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """What the user chose; an empty tuple means no restriction."""

    views: tuple[str, ...] = ()
    subviews: tuple[str, ...] = ()
    stance: str = "all"
    breadth: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    documents: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()
    missions: tuple[str, ...] = ()
    text: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # page-specific settings kept in the URL

    def to_query(self) -> dict[str, str]:
        """URL query parameters for a link that reproduces this view."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "extra":
                out.update({k: v for k, v in value.items() if v})
            elif f.name == "years" and value:
                out["years"] = f"{value[0]}-{value[1]}"
            elif isinstance(value, tuple) and value:
                out[f.name] = ",".join(value)
            elif isinstance(value, str) and value and not (f.name == "stance" and value == "all"):
                out[f.name] = value
        return out


def from_query(params: Mapping[str, str], model: Model) -> Filters:
    """Filters from URL parameters; values the corpus does not know are dropped, never an error."""
    def listed(name: str, known: set[str]) -> tuple[str, ...]:
        return tuple(v for v in (params.get(name) or "").split(",") if v in known)

    years = None
    match = re.fullmatch(r"(\d{4})-(\d{4})", params.get("years") or "")
    if match:
        low, high = sorted((int(match.group(1)), int(match.group(2))))
        if year_problem(low) is None and year_problem(high) is None:  # a mistyped year is dropped like any unknown
            years = (low, high)
    stance = params.get("stance") or "all"
    index = model.index
    known_fields = {f.name for f in fields(Filters)}
    return Filters(
        views=listed("views", {v.id for v in model.taxonomy.views}),
        subviews=listed("subviews", set(model.taxonomy.subview_ids)),
        stance=stance if stance in STANCES else "all",
        breadth=listed("breadth", set(index.keys[C.BREADTH].values)),
        years=years,
        documents=listed("documents", set(index.keys[C.DOCUMENT].values)),
        meetings=listed("meetings", set(index.keys[C.MEETING].values)),
        missions=listed("missions", set(index.missions.ids)),
        text=(params.get("text") or "")[:200],
        extra={k: str(v) for k, v in params.items() if k not in known_fields},
    )


def scope_only(filters: Filters) -> Filters:
    """The filters that :func:`scope` applies (no text search, no sub-views): for provenance lines."""
    return replace(filters, text="", subviews=())


def scope(model: Model, filters: Filters) -> pd.DataFrame:
    """Passages within the filters' documents, years, meetings, missions and breadth.

    Views and stance are left out: tallies take them as arguments so that a
    share stays a share of all passages in its year, meeting or document. The
    text search belongs to the Evidence page (see :func:`select`).
    """
    mask = _scope_mask(model, filters)
    return model.passages if mask.all() else model.passages[mask]


def _scope_mask(model: Model, filters: Filters) -> np.ndarray:
    """A boolean per passage of the model: is it within :func:`scope`'s filters?"""
    index = model.index
    mask = np.ones(index.size, dtype=bool)
    if filters.documents:
        mask &= index.keys[C.DOCUMENT].matching(filters.documents)
    if filters.years:
        low, high = filters.years
        years = index.keys[C.YEAR]
        mask &= np.isin(years.codes, np.flatnonzero((years.values >= low) & (years.values <= high)))
    if filters.meetings:
        mask &= index.keys[C.MEETING].matching(filters.meetings)
    if filters.missions:
        mask &= index.missions.any_of(filters.missions)
    if filters.breadth:
        mask &= index.keys[C.BREADTH].matching(filters.breadth)
    return mask


def select(model: Model, filters: Filters) -> pd.DataFrame:
    """Passages matching every filter: views, stance and the text search included."""
    index = model.index
    mask = _scope_mask(model, filters)  # one copy of the passages, however many filters
    if filters.text.strip():
        mask &= search(model, filters.text)
    if filters.views:
        mask &= index.views.any_of(filters.views)
    if filters.subviews:
        mask &= index.subviews.any_of(filters.subviews)
    if filters.stance != "all":
        mask &= stance_mask(index, filters.stance)
    return model.passages if mask.all() else model.passages[mask]


def stance_mask(index: PassageIndex, stance: str) -> np.ndarray:
    """A boolean per passage of ``index``: does it take ``stance`` (all, gap, remedy, progress, neutral)?"""
    if stance in (C.GAP, C.REMEDY, C.PROGRESS):
        return np.asarray(index.flags[stance], dtype=bool)
    if stance == "neutral":
        return np.asarray(~(index.flags[C.GAP] | index.flags[C.REMEDY] | index.flags[C.PROGRESS]), dtype=bool)
    return np.ones(index.size, dtype=bool)


ORDERS = ("document order", "broadest first", "most recent first")


def ordered(model: Model, passages: pd.DataFrame, order: str) -> pd.DataFrame:
    """Passages in one of :data:`ORDERS`: as given (the documents' order), the most broadly held first (then
    the newest), or the newest first (then by document and paragraph). Sorted on arrays, copied once."""
    if order == "broadest first":
        levels = pd.Index([b.id for b in model.taxonomy.breadth])
        breadth = levels.get_indexer(pd.Index(passages[C.BREADTH]))
        breadth[breadth < 0] = len(levels)  # "unstated" and any other last
        rows = np.lexsort((-passages[C.YEAR].to_numpy(dtype=np.int64), breadth))
    elif order == "most recent first":
        documents = pd.factorize(passages[C.DOCUMENT], sort=True)[0]
        rows = np.lexsort((passages[C.ORDINAL].to_numpy(dtype=np.int64), documents,
                           -passages[C.YEAR].to_numpy(dtype=np.int64)))
    else:
        return passages
    return passages.iloc[rows]


def loosen_hint(filters: Filters) -> str:
    """A sentence on which filter to loosen when nothing matches."""
    tight = []
    if filters.text:
        tight.append(f'the search "{filters.text}"')
    if filters.missions:
        tight.append("the missions")
    if filters.meetings:
        tight.append("the meetings")
    if filters.documents:
        tight.append("the documents")
    if filters.years:
        tight.append("the years")
    if filters.breadth:
        tight.append("the breadth")
    if filters.stance != "all":
        tight.append(f"'{STANCE_LABELS[filters.stance]}'")
    if filters.subviews:
        tight.append("the sub-views")
    if filters.views:
        tight.append("the views")
    if not tight:
        return "No passage matches. The corpus may be empty: add a document."
    return "No passage matches these filters. Try loosening " + ", ".join(tight[:3]) + "."
