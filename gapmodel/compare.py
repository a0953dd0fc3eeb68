"""Two periods side by side: which views and sub-views rose, fell, appeared or vanished.

A period is a range of years or a set of documents; the comparison counts, for each view and sub-view, the
passages coded to it in each period and their share of all passages of that period (after the other
filters), so a long report and a short one compare fairly. A period no document covers has no share at all:
a view is said to have vanished only from a period that documents cover. Every row can list the passages
behind it with :func:`passages_behind`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from gapmodel import columns as C
from gapmodel.charts import STATUS_WORDS, count, lower_first
from gapmodel.dates import year_runs
from gapmodel.filters import stance_mask
from gapmodel.index import cut
from gapmodel.model import Model
from gapmodel.taxonomy import Taxonomy

STEADY = 0.01  # a change of share under one percentage point is "about the same"
STATUSES = ("rose", "appeared", "fell", "vanished", "steady")


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """Passages dated within ``years`` (both ends included) or of ``documents``; ``label`` names it in
    sentences ("2009", "2006–2010", "the 2016 report")."""

    label: str
    years: tuple[int, int] | None = None
    documents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Comparison:
    """Period ``a`` (earlier, as a rule) against period ``b``.

    ``rows``: view, subview, passages_a, passages_b, share_a, share_b, change (share_b - share_a), status
    (one of :data:`STATUSES`); views and sub-views raised in neither period are left out; sorted by change,
    largest rise first. ``totals``: all passages of each period (the shares' denominators); ``shared``: the
    passages in both.
    """

    a: Period
    b: Period
    stance: str
    rows: pd.DataFrame
    totals: tuple[int, int]
    years: tuple[tuple[int, ...], tuple[int, ...]]  # years with passages in each period
    shared: int = 0  # passages in both periods (overlapping periods: each change is diluted)


def period_mask(model: Model, period: Period, passages: pd.DataFrame | None = None) -> np.ndarray:
    """A boolean per row of ``passages`` (the model's by default): is it in ``period``?"""
    index, rows = model.indexed(passages)
    mask = np.ones(len(rows), dtype=bool)
    if period.documents:
        mask &= index.keys[C.DOCUMENT].matching(period.documents)[rows]
    if period.years is not None:
        low, high = period.years
        years = index.keys[C.YEAR]
        mask &= np.isin(years.codes[rows], np.flatnonzero((years.values >= low) & (years.values <= high)))
    return mask


def compare(model: Model, passages: pd.DataFrame, a: Period, b: Period, *, views: Sequence[str] = (),
            subviews: bool = False, stance: str = "all") -> Comparison:
    """Views (and their sub-views when ``subviews``) in period ``a`` against period ``b``.

    ``passages``: the passages in the filters' scope (the years filter left out: the periods set the years);
    ``views``: the views to compare (empty: every view); ``stance``: which passages count (gap passages
    only for "gap"); the shares are always of all passages of the period.
    """
    index, rows = model.indexed(passages)
    in_a, in_b = period_mask(model, a, passages), period_mask(model, b, passages)
    counted = stance_mask(index, stance)[rows]
    year_keys = index.keys[C.YEAR]
    totals = (int(in_a.sum()), int(in_b.sum()))
    out = []
    for view in model.taxonomy.views:
        if views and view.id not in views:
            continue
        codes = [view.id] + ([f"{view.id}.{s.id}" for s in view.subviews] if subviews else [])
        for code in codes:
            has = (index.subviews if "." in code else index.views).column(code)[rows] & counted
            n_a, n_b = int((has & in_a).sum()), int((has & in_b).sum())
            if n_a == 0 and n_b == 0:
                continue
            share_a = n_a / totals[0] if totals[0] else 0.0
            share_b = n_b / totals[1] if totals[1] else 0.0
            out.append({C.VIEW: view.id, C.SUBVIEW: code.partition(".")[2], "passages_a": n_a, "passages_b": n_b,
                        "share_a": share_a, "share_b": share_b, "change": share_b - share_a,
                        "status": _status(n_a, n_b, share_b - share_a)})
    columns = [C.VIEW, C.SUBVIEW, "passages_a", "passages_b", "share_a", "share_b", "change", "status"]
    frame = pd.DataFrame(out, columns=columns)
    frame = frame.sort_values(["change", C.VIEW, C.SUBVIEW], ascending=[False, True, True], kind="stable")
    years = tuple(tuple(int(y) for y in year_keys.values[np.unique(year_keys.codes[rows][mask])])
                  for mask in (in_a, in_b))
    return Comparison(_covered(a, years[0]), _covered(b, years[1]), stance, frame.reset_index(drop=True), totals,
                      (years[0], years[1]), int((in_a & in_b).sum()))


def _covered(period: Period, years: tuple[int, ...]) -> Period:
    """A range of years that documents cover only in part says so in its label: "2007–2010 (only 2009–10
    covered)", so that no sentence reads as if 2007 and 2008 had been searched."""
    if period.years is None or not years or len(years) == period.years[1] - period.years[0] + 1:
        return period
    return replace(period, label=f"{period.label} (only {year_runs(years)} covered)")


def _status(n_a: int, n_b: int, change: float) -> str:
    if n_a == 0:
        return "appeared"
    if n_b == 0:
        return "vanished"
    if abs(change) < STEADY:
        return "steady"
    return "rose" if change > 0 else "fell"


def latest_against_earlier(model: Model, passages: pd.DataFrame) -> tuple[Period, Period] | None:
    """Everything dated before the latest document (a) and the latest document (b), among the documents of
    ``passages``; None when fewer than two documents are there."""
    present = set(passages[C.DOCUMENT].unique())
    docs = sorted((d for d in model.documents if d.id in present), key=lambda d: (d.date, d.id))
    if len(docs) < 2:
        return None
    latest = docs[-1]
    earlier = tuple(d.id for d in docs[:-1])
    return (Period(label=f"the {count(len(earlier), 'earlier documents')}", documents=earlier),
            Period(label=f"the {lower_first(latest.short_title)}", documents=(latest.id,)))


def period_label(years: tuple[int, int]) -> str:
    """'2009' or '2006–2010'."""
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"


def years_within(value: object, span: Sequence[int]) -> tuple[int, int] | None:
    """A period of years from a link's "2005-2010" (or a pair already), kept only when both ends are in
    ``span``; None otherwise."""
    if isinstance(value, str):
        first, _, last = value.partition("-")
        value = (first, last) if first.isdigit() and last.isdigit() else None
    if not isinstance(value, tuple | list) or len(value) != 2:
        return None
    ends = sorted(int(v) for v in value)
    return (ends[0], ends[1]) if ends[0] in span and ends[1] in span else None


def problem(comparison: Comparison) -> str | None:
    """A sentence when nothing can be compared: a period with no passage within the filters, or two periods
    holding the same passages; else None."""
    empty = [p.label for p, n in zip((comparison.a, comparison.b), comparison.totals, strict=True) if n == 0]
    if empty:
        return (f"No document within the filters covers {' and '.join(empty)}: there is nothing to compare. "
                "Choose another period, or loosen the sidebar's filters.")
    if comparison.shared == comparison.totals[0] == comparison.totals[1]:
        return "A and B hold the same passages: there is nothing to compare. Choose two different periods."
    return None


def overlap(comparison: Comparison) -> str | None:
    """A sentence when the periods share passages (each change between them is then diluted), else None."""
    if not comparison.shared:
        return None
    return (f"A and B share {count(comparison.shared, 'passages')}: they are counted in both, so every change "
            "between them looks smaller than it is. Choose periods that do not overlap for a clean comparison.")


def label(taxonomy: Taxonomy, code: str) -> str:
    """A view's label, or a sub-view's with its view's after it: "Air mobility and helicopters (Resources and
    capabilities)": sorted by change, a sub-view may stand far from its view."""
    if "." not in code:
        return taxonomy.label(code)
    return f"{taxonomy.label(code)} ({lower_first(taxonomy.label(code.partition('.')[0]))})"


WHAT_OF = {"gap": "gaps in ", "remedy": "remedies for ", "progress": "progress on ", "neutral": "neutral passages on "}
"""Before a view's label in a sentence, by the Passages choice: what its count counts (nothing for all passages)."""
_SUBJECTS = {  # stance -> how a sentence begins, and its verb: what the count counts, said in words
    "all": ("{Label}", "was raised in"), "gap": ("Gaps in {label}", "were raised in"),
    "remedy": ("Remedies for {label}", "were proposed in"), "progress": ("Progress on {label}", "was reported in"),
    "neutral": ("{Label}, with no gap, remedy or progress,", "was raised in"),
}


def sentences(comparison: Comparison, taxonomy: Taxonomy, *, per_status: int = 3) -> list[str]:
    """The largest changes in plain sentences, in the order rose, appeared, fell, vanished."""
    out = []
    rows = comparison.rows
    for status in STATUSES[:-1]:
        chosen = rows[rows["status"] == status]
        if status in ("fell", "vanished"):
            chosen = chosen.iloc[::-1]
        for row in chosen.head(per_status).to_dict("records"):
            code = f"{row[C.VIEW]}.{row[C.SUBVIEW]}" if row[C.SUBVIEW] else str(row[C.VIEW])
            out.append(_sentence(comparison, label(taxonomy, code), row))
    return out


def _sentence(comparison: Comparison, name: str, row: dict[Any, Any]) -> str:
    a, b = comparison.a, comparison.b
    n_a, n_b = int(row["passages_a"]), int(row["passages_b"])
    share_a, share_b = float(row["share_a"]), float(row["share_b"])
    subject, verb = _SUBJECTS.get(comparison.stance, _SUBJECTS["all"])
    said = (f"{subject.format(Label=name, label=lower_first(name))} {verb} "
            f"{count(n_a, 'passages') if n_a else 'no passage'} in {a.label} and in "
            f"{count(n_b, 'passages') if n_b else 'none'} in {b.label}")
    status = str(row["status"])
    if status == "appeared":
        return f"{said}: new, {share_b:.0%} of all passages."
    if status == "vanished":
        return f"{said}: gone, from {share_a:.0%} of all passages."
    points = abs(share_b - share_a) * 100
    direction = "up" if status == "rose" else "down"
    return (f"{said} ({share_a:.0%} and {share_b:.0%} of all passages): {direction} {points:.0f} percentage "
            f"point{'s' if round(points) != 1 else ''}.")


def passages_behind(model: Model, passages: pd.DataFrame, period: Period, code: str, *,
                    stance: str = "all") -> pd.DataFrame:
    """The passages of one row of a comparison in one period: coded to ``code`` (a view or "view.subview"),
    taking ``stance``, within ``period``. Columns: those of passages."""
    index, rows = model.indexed(passages)
    has = (index.subviews if "." in code else index.views).column(code)[rows]
    return cut(passages, has & stance_mask(index, stance)[rows] & period_mask(model, period, passages))


def table(comparison: Comparison, taxonomy: Taxonomy) -> pd.DataFrame:
    """The comparison's rows for reading, in the same order. Columns: what (see :func:`label`), status (up,
    down, new, gone, about the same), passages_a, passages_b, share_a and share_b (in percent), change (in
    percentage points)."""
    rows = comparison.rows
    return pd.DataFrame({
        "what": [label(taxonomy, f"{v}.{s}" if s else str(v)) for v, s in zip(rows[C.VIEW], rows[C.SUBVIEW],
                                                                               strict=True)],
        "status": rows["status"].map(STATUS_WORDS).to_numpy(), "passages_a": rows["passages_a"].to_numpy(),
        "passages_b": rows["passages_b"].to_numpy(), "share_a": rows["share_a"].to_numpy() * 100,
        "share_b": rows["share_b"].to_numpy() * 100, "change": rows["change"].to_numpy() * 100})
