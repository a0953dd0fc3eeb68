"""Overview: the corpus at a glance, gaps by view and year, the most persistent gaps, what changed last."""

from __future__ import annotations

import streamlit as st

from gapmodel import charts
from gapmodel import columns as C
from gapmodel.filters import select
from gapmodel.summary import glance, latest_change
from gapmodel.tally import passages_behind
from ui import data, page, show

ctx = page.start("Mandate Gap Monitor", "Where peacekeeping mandates and their implementation fall apart: which "
                 "gaps come back, since when, at which meetings, and what exactly was said.")
model, filters = ctx.model, ctx.filters
scoped = page.scoped(ctx)

chosen = select(model, filters)
g = glance(model, chosen)
cols = st.columns(5)
cols[0].metric("Documents", g.documents)
cols[1].metric("Meetings", g.meetings, help="Meetings the selected documents record (each document's series of "
               "passages not tied to one meeting is not counted).")
cols[2].metric("Passages", g.passages, help="Passages within the filters (views and 'Passages' included).")
cols[3].metric("Gap passages", g.gap_passages)
cols[4].metric("Period", f"{g.first_year}–{g.last_year}", help="Years with documents: "
               + ", ".join(map(str, g.years_covered)))
st.markdown(latest_change(model, scoped, views=filters.views))
if st.button("What changed since the last report", key="overview_compare", icon=":material/compare_arrows:",
             help="The latest document against everything before it, view by view and sub-view by sub-view, with "
             "the passages behind each change."):
    st.session_state["compare_mode"] = "latest"
    st.switch_page("pages/14_compare.py")

views = filters.views or tuple(v.id for v in model.taxonomy.views)
frame = data.cached_tally(model.version, ctx.query, "year", tuple(views), False, True)
fig = charts.heatmap(frame, model.taxonomy, gaps_only=True, title="Gap passages by view and year")
points = show.chart(fig, key="overview_heatmap")
st.caption("Click a cell to read the passages behind it. Grey columns: no document covers that year.")
if points:
    view, sub, year = points[0]["customdata"]
    behind = passages_behind(model, view, sub, by="year", key=int(year), gaps_only=True, passages=scoped)
    st.subheader(f"{charts.count(len(behind), 'gap passages')} on {model.taxonomy.label(view)} in {year}")
    show.passages(model, behind, key="overview_cell")

st.subheader("The most persistent gaps")
persistent = data.cached_recurrence(model.version, ctx.query)
if filters.views:
    persistent = persistent[persistent[C.VIEW].isin(filters.views)]
subs = persistent[persistent[C.SUBVIEW] != ""].head(10)
if subs.empty:
    show.empty("No gap is coded for a sub-view within these filters.")
else:
    labels = dict(zip(model.meetings[C.MEETING], model.meetings[C.LABEL], strict=True))
    table = subs.assign(
        gap=[model.taxonomy.label(f"{v}.{s}") for v, s in zip(subs[C.VIEW], subs[C.SUBVIEW], strict=True)],
        view=[model.taxonomy.label(v) for v in subs[C.VIEW]],
        last_meeting=subs["last_meeting"].map(labels),
    )[["gap", "view", "years", "meetings", "first_year", "last_year", "last_meeting", C.PASSAGES]]
    picked = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                          key="overview_persistent", column_config={
        "gap": "Gap (sub-view)", "view": "View", "years": "Years raised", "meetings": "Meetings",
        "first_year": "First raised", "last_year": "Last raised", "last_meeting": "Most recently at",
        C.PASSAGES: "Gap passages"})
    st.caption("Sub-views raised as gaps in the most distinct years. A document's series counts as one meeting. "
               "Select a row to read its gap passages.")
    rows = picked.selection.rows if picked is not None else []
    if rows:
        chosen_row = subs.iloc[rows[0]]
        behind = passages_behind(model, chosen_row[C.VIEW], chosen_row[C.SUBVIEW], gaps_only=True, passages=scoped)
        label = model.taxonomy.label(f"{chosen_row[C.VIEW]}.{chosen_row[C.SUBVIEW]}")
        st.subheader(f"{charts.count(len(behind), 'gap passages')} on {label}")
        show.passages(model, behind, key="overview_persistent_passages")
