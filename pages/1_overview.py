"""Overview: the corpus at a glance, gaps by view and year, the most persistent gaps, what changed last."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from gapmodel import charts
from gapmodel import columns as C
from gapmodel.filters import scope, select
from gapmodel.summary import glance, latest_change, persistent_table
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
cols[3].metric("Gap passages", g.gap_passages, help="Of the passages counted beside it, those that state a gap "
               "(with 'Remedies' chosen under Passages: the remedy passages that also state one).")
cols[4].metric("Period", f"{g.first_year}–{g.last_year}", help="Years with documents: "
               + ", ".join(map(str, g.years_covered)))
# the sentence and the Compare page it opens look at every year: the latest document against all before it
every_year = scope(model, replace(filters, years=None))
st.markdown(latest_change(model, every_year, views=filters.views, stance=filters.stance)
            + (" (Every year, whatever the Years filter.)" if filters.years else ""))
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
SORTS = {"years": "Years raised", "first_year": "First raised", "last_year": "Last raised", C.PASSAGES: "Gap passages"}
for key, name, default in (("overview_level", "list", "sub-views"), ("overview_sort", "sort", "years")):
    page.setting(key, name, default)
left, right = st.columns([1, 2])
left.radio("List", ["sub-views", "views"], key="overview_level", horizontal=True)
right.radio("Sort by", list(SORTS), key="overview_sort", horizontal=True, format_func=SORTS.__getitem__)
page.remember("overview_level", "list")
page.remember("overview_sort", "sort")
level = st.session_state["overview_level"]
rows = persistent[(persistent[C.SUBVIEW] != "") == (level == "sub-views")]
rows = rows.sort_values([st.session_state["overview_sort"], "years", "meetings", C.PASSAGES],
                        ascending=[st.session_state["overview_sort"] == "first_year", False, False, False],
                        kind="stable")
if rows.empty:
    show.empty(f"No gap is coded for a {level[:-1]} within these filters.")
else:
    table = persistent_table(model, rows)
    picked = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                          key=show.table_key("overview_persistent", list(table["gap"] + "|" + table["view"])),
                          column_order=[c for c in ("gap", "view", "year_list", C.PASSAGES, "generic")
                                        if level == "sub-views" or c != "view"], column_config={
        "gap": st.column_config.TextColumn("Gap", width=300),
        "view": st.column_config.TextColumn("View", width=185),
        "year_list": st.column_config.TextColumn("Years raised", width=170, help="The years it was raised as a gap; "
                                                 "runs of years are joined (2009–10)."),
        C.PASSAGES: st.column_config.NumberColumn("Gap passages", width=90),
        "generic": st.column_config.TextColumn("Evidence", width=70, help="“generic”: fewer than a quarter of its "
                                               "gap passages carry one of its own terms of art.")})
    st.caption(f"Every {level[:-1]} raised as a gap within the filters, sorted with the buttons above (first and last "
               "raised are the first and last of its years). "
               "“generic”: fewer than a quarter of its gap passages carry one of its own terms of art, so its count "
               "rests on common words (such as “mandate” near “change”): read its passages before quoting it. "
               "Select a row to read its gap passages and where it was raised most recently.")
    chosen_rows = [r for r in (picked.selection.rows if picked is not None else []) if r < len(rows)]
    if chosen_rows:
        chosen_row = rows.iloc[chosen_rows[0]]
        behind = passages_behind(model, chosen_row[C.VIEW], chosen_row[C.SUBVIEW], gaps_only=True, passages=scoped)
        code = f"{chosen_row[C.VIEW]}.{chosen_row[C.SUBVIEW]}" if chosen_row[C.SUBVIEW] else chosen_row[C.VIEW]
        st.subheader(f"{charts.count(len(behind), 'gap passages')} on {model.taxonomy.label(code)}")
        st.caption(f"Raised in {table.iloc[chosen_rows[0]]['year_list']}; most recently at "
                   f"{table.iloc[chosen_rows[0]]['last_meeting']}.")
        show.passages(model, behind, key="overview_persistent_passages")
page.finish(model)
