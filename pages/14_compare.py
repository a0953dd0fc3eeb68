"""Compare: two periods or documents side by side, what rose, fell, appeared or vanished, and the passages."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from gapmodel import charts
from gapmodel import columns as C
from gapmodel.compare import (
    Period,
    compare,
    label,
    latest_against_earlier,
    overlap,
    passages_behind,
    problem,
    sentences,
    table,
)
from gapmodel.dates import year_runs
from gapmodel.export import plain_markdown as md
from gapmodel.filters import STANCE_LABELS, STANCE_NOUNS, loosen_hint, scope
from ui import page, show
from ui import periods as pick

ctx = page.start("Compare", "Two periods or two sets of documents side by side: which views and sub-views were "
                 "raised more, less, for the first time or no longer, in passages and in shares of all passages.")
model, filters = ctx.model, ctx.filters
scoped = scope(model, replace(filters, years=None))  # the two periods set the years
if scoped.empty:
    show.empty(loosen_hint(replace(filters, years=None)))
    st.stop()

MODES = {"latest": "The latest document against everything before it", "years": "Two periods of years",
         "documents": "Two sets of documents"}
SETTINGS = (("compare_mode", "compare", "latest"), ("compare_level", "detail", "views"),
            ("compare_value", "measure", "share"))  # names of their own: Trends' "level" and "value" differ
for key, name, default in SETTINGS:
    page.setting(key, name, default)
st.radio("Compare", list(MODES), key="compare_mode", format_func=MODES.__getitem__, horizontal=True)
left, right = st.columns(2)
left.radio("Show", ["views", "sub-views"], key="compare_level", horizontal=True)
right.radio("Chart", ["share", "passages"], key="compare_value", horizontal=True,
            format_func={"share": "Share of all passages", "passages": "Passages"}.__getitem__)
for key, name, _ in SETTINGS:
    page.remember(key, name)

present = set(scoped[C.DOCUMENT].unique())
mode = st.session_state["compare_mode"]
periods: tuple[Period, Period] | None
if mode == "years":
    periods = pick.of_years(sorted(int(y) for y in scoped[C.YEAR].unique()))
elif mode == "documents":
    periods = pick.of_documents(sorted((d for d in model.documents if d.id in present), key=lambda d: (d.date, d.id)))
else:
    periods = latest_against_earlier(model, scoped)
    if periods is None:
        show.empty("Only one document is within the filters: there is nothing earlier to compare it with.")
        st.stop()
a, b = periods
comparison = compare(model, scoped, a, b, views=filters.views, subviews=st.session_state["compare_level"] ==
                     "sub-views", stance=filters.stance)
noun = STANCE_NOUNS[filters.stance]
st.caption(f"**A**: {md(a.label)}, {charts.count(comparison.totals[0], 'passages')}"
           f"{' (' + year_runs(comparison.years[0]) + ')' if comparison.totals[0] else ''}. "
           f"**B**: {md(b.label)}, {charts.count(comparison.totals[1], 'passages')}"
           f"{' (' + year_runs(comparison.years[1]) + ')' if comparison.totals[1] else ''}. "
           f"Counting: {STANCE_LABELS[filters.stance].lower()}. The two periods are set here: the sidebar's Years "
           "filter does not apply on this page; its other filters do.")
stop = problem(comparison)
if stop:
    show.empty(stop)
    st.stop()
if overlap(comparison):
    st.warning(overlap(comparison))
rows = comparison.rows
if rows.empty:
    show.empty(f"None of the {noun} of either period is coded to the chosen views.")
    st.stop()

told = sentences(comparison, model.taxonomy)
st.markdown("\n".join(f"- {md(s)}" for s in told) if told else "No view or sub-view changed by a percentage "
            "point or more between the two.")
fig = charts.comparison(rows, model.taxonomy, a=a.label, b=b.label, value=st.session_state["compare_value"],
                        noun=noun)
points = show.chart(fig, key="compare_chart")
st.caption("Above the chart: the three largest changes of each kind (rises, new, falls, gone). Shares: passages "
           "coded to the view divided by all passages of the period. 'About the same': under one percentage point "
           "apart. Click a dot to read the passages behind it.")
st.dataframe(table(comparison, model.taxonomy), hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 720),
             column_config={
    "what": st.column_config.TextColumn("View or sub-view", width="large"),
    "status": st.column_config.TextColumn("Change", width=110),
    "passages_a": st.column_config.NumberColumn("A: passages", width="small"),
    "passages_b": st.column_config.NumberColumn("B: passages", width="small"),
    "share_a": st.column_config.NumberColumn("A: share", format="%.1f%%", width="small"),
    "share_b": st.column_config.NumberColumn("B: share", format="%.1f%%", width="small"),
    "change": st.column_config.NumberColumn("Points", format="%+.1f", width="small")})

shown = {f"{v}.{s}" if s else str(v) for v, s in zip(rows[C.VIEW], rows[C.SUBVIEW], strict=True)}
code = next((f"{p[0]}.{p[1]}" if p[1] else str(p[0]) for p in (pt["customdata"] for pt in points)), "")
if code in shown:  # a dot of the chart as drawn now (not one of a taxonomy or a level since left)
    st.subheader(label(model.taxonomy, code))
    behind = [passages_behind(model, scoped, p, code, stance=filters.stance) for p in (a, b)]
    tabs = st.tabs([f"{side}: {p.label} ({charts.count(len(f), noun)})"
                    for side, p, f in zip("AB", (a, b), behind, strict=True)])
    for tab, frame, which in zip(tabs, behind, ("a", "b"), strict=True):
        with tab:
            if frame.empty:
                st.caption("None in this period.")
            show.passages(model, frame, key=f"compare_passages_{which}")
page.finish(model)
