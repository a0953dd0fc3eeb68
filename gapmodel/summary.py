"""Plain sentences from the tallies: the corpus at a glance and what changed in the latest document.

Every sentence here is computed from the model; none is written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gapmodel import columns as C
from gapmodel.charts import lower_first
from gapmodel.model import Model


@dataclass(frozen=True, slots=True)
class Glance:
    documents: int
    meetings: int  # real meetings, not the series
    passages: int
    gap_passages: int
    first_year: int
    last_year: int
    years_covered: tuple[int, ...]


def glance(model: Model, passages: pd.DataFrame) -> Glance:
    """The corpus (as filtered) in numbers; meetings: all that the documents of these passages record."""
    documents = passages[C.DOCUMENT].unique()
    real = model.meetings[model.meetings[C.DOCUMENT].isin(documents) & (model.meetings[C.KIND] != "series")]
    years = tuple(sorted(int(y) for y in passages[C.YEAR].unique()))
    return Glance(
        documents=passages[C.DOCUMENT].nunique(), meetings=len(real), passages=len(passages),
        gap_passages=int(passages[C.GAP].sum()), first_year=years[0] if years else 0,
        last_year=years[-1] if years else 0, years_covered=years,
    )


def latest_change(model: Model, passages: pd.DataFrame, *, views: tuple[str, ...] = (),
                  threshold: float = 0.05) -> str:
    """What the latest document raises more (or less) than the documents before it, as one sentence."""
    present = set(passages[C.DOCUMENT].unique())
    docs = sorted((d for d in model.documents if d.id in present), key=lambda d: d.date)
    if len(docs) < 2:
        return "Only one document is selected: there is nothing earlier to compare it with."
    latest = docs[-1]
    index, rows = model.indexed(passages)
    is_latest = index.keys[C.DOCUMENT].matching([latest.id])[rows]
    changes = []
    for view in model.taxonomy.views:
        if (views and view.id not in views) or (not views and not view.core):
            continue
        has = index.views.column(view.id)[rows]
        share_now = float(has[is_latest].mean()) if is_latest.any() else 0.0
        share_before = float(has[~is_latest].mean()) if (~is_latest).any() else 0.0
        changes.append((share_now - share_before, view.label, share_now, share_before))
    changes.sort(reverse=True)
    up = [c for c in changes if c[0] >= threshold]
    down = [c for c in changes if c[0] <= -threshold]
    parts = []
    if up:
        parts.append(_join([f"{lower_first(label)} ({n:.0%} of its passages, against {b:.0%})"
                            for _, label, n, b in up[:2]]) + " more often")
    if down:
        parts.append(_join([f"{lower_first(label)} ({n:.0%}, against {b:.0%})" for _, label, n, b in down[-2:]])
                     + " less often")
    head = f"The latest document, the {latest.short_title[0].lower() + latest.short_title[1:]}, raises"
    earlier = f"the {len(docs) - 1} documents before it"
    if not parts:
        what = "the chosen views" if views else "the six core views"
        return f"{head} {what} about as often as {earlier}."
    return f"{head} " + ", and ".join(parts) + f" than {earlier}."


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
