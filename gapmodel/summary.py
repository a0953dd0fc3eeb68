"""Plain sentences from the tallies: the corpus at a glance and what changed in the latest document.

Every sentence here is computed from the model; none is written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gapmodel import columns as C
from gapmodel.charts import lower_first
from gapmodel.compare import WHAT_OF, compare, latest_against_earlier
from gapmodel.dates import year_runs
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


def latest_change(model: Model, passages: pd.DataFrame, *, views: tuple[str, ...] = (), stance: str = "all",
                  threshold: float = 0.05) -> str:
    """What the latest document raises more (or less) than the documents before it, as one sentence: the
    comparison of :func:`gapmodel.compare.latest_against_earlier` (counting the passages of ``stance``), its
    changes of ``threshold`` or more."""
    periods = latest_against_earlier(model, passages)
    if periods is None:
        return "Only one document is selected: there is nothing earlier to compare it with."
    before, latest = periods
    chosen = views or tuple(v.id for v in model.taxonomy.views if v.core)
    rows = compare(model, passages, before, latest, views=chosen, stance=stance).rows
    label = {v.id: WHAT_OF.get(stance, "") + lower_first(v.label) for v in model.taxonomy.views}
    up = rows[rows["change"] >= threshold]
    down = rows[rows["change"] <= -threshold]
    parts = []
    if len(up):
        parts.append(_join([f"{label[r[C.VIEW]]} ({r['share_b']:.0%} of its passages, against "
                            f"{r['share_a']:.0%})" for r in up.head(2).to_dict("records")]) + " more often")
    if len(down):
        parts.append(_join([f"{label[r[C.VIEW]]} ({r['share_b']:.0%}, against {r['share_a']:.0%})"
                            for r in down.tail(2).to_dict("records")]) + " less often")
    head = ("" if views else "Of the six core views, ") + f"the latest document, {latest.label}, raises"
    head = head[0].upper() + head[1:]
    earlier = before.label
    if not parts:
        what = "the chosen views" if views else "the six core views"
        return f"{head} {WHAT_OF.get(stance, '')}{what} about as often as {earlier}."
    return f"{head} " + ", and ".join(parts) + f" than {earlier}."


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def persistent_table(model: Model, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of :func:`gapmodel.tally.recurrence` in words, for a table: gap (the view's or sub-view's label),
    view (its view's label), year_list ("2005–06, 2009–10, 2016"), years, generic ("generic" or ""), first_year,
    last_year, passages, last_meeting (the meeting's label; a document's series of passages not tied to one
    meeting is named by its document)."""
    meetings = model.meetings.set_index(C.MEETING)
    titles = {d.id: d.short_title for d in model.documents}

    def where(meeting: str) -> str:
        if meetings.at[meeting, C.KIND] == "series":
            return f"{titles.get(str(meetings.at[meeting, C.DOCUMENT]), meeting)} (no meeting named)"
        return str(meetings.at[meeting, C.LABEL])

    codes = [f"{v}.{s}" if s else str(v) for v, s in zip(rows[C.VIEW], rows[C.SUBVIEW], strict=True)]
    return pd.DataFrame({
        "gap": [model.taxonomy.label(c) for c in codes],
        "view": [model.taxonomy.label(str(v)) for v in rows[C.VIEW]],
        "year_list": [year_runs(y) for y in rows["year_list"]],
        "years": rows["years"].to_numpy(), "generic": ["generic" if g else "" for g in rows["generic"]],
        "first_year": rows["first_year"].to_numpy(),
        "last_year": rows["last_year"].to_numpy(), C.PASSAGES: rows[C.PASSAGES].to_numpy(),
        "last_meeting": [where(str(m)) for m in rows["last_meeting"]],
    })
