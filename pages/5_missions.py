"""Missions: each mission's gap list, the gaps raised about it by view over time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gapmodel import charts
from gapmodel import columns as C
from gapmodel.filters import loosen_hint, scope
from gapmodel.tally import tally
from ui import page, show

ctx = page.start("Missions", "The 2010 Istanbul retreat proposed that every mission keep a gap list to be "
                 "addressed at mandate reviews. Here is each mission's, as the documents record it.")
model, filters = ctx.model, ctx.filters
scoped = scope(model, filters)
index, rows = model.indexed(scoped)
named_by = index.missions.matrix[rows]  # passage x mission: which passages name which missions
if not named_by.any():
    show.empty("No passage within these filters names a mission. " + loosen_hint(filters).split(". ", 1)[-1])
    st.stop()

names = {m.id: m.name for m in model.taxonomy.missions}
counts = pd.Series(named_by.sum(axis=0), index=list(index.missions.ids))
counts = counts[counts > 0].sort_values(ascending=False, kind="stable")
options = list(counts.index)
page.setting("missions_pick", "mission", options[0])
if st.session_state["missions_pick"] not in options:
    st.session_state["missions_pick"] = options[0]
pick = st.selectbox("Mission", options, key="missions_pick",
                    format_func=lambda m: f"{m}: {names.get(m, m)} ({charts.count(int(counts[m]), 'passages')})")
page.remember("missions_pick", "mission")
successor = [m for m in model.taxonomy.missions if m.successor_of == pick]
before = [m.successor_of for m in model.taxonomy.missions if m.id == pick and m.successor_of]
if successor or before:
    st.caption(" · ".join([f"Succeeded by {m.id}" for m in successor] + [f"Successor of {b}" for b in before]))

names_pick = index.missions.column(pick)[rows]
about = scoped[names_pick]
views = filters.views or tuple(v.id for v in model.taxonomy.views)
gaps = scoped[names_pick & (index.flags[C.GAP] & index.views.any_of(views))[rows]]
frame = tally(model, "year", views=views, gaps_only=True, passages=about)
frame = frame[frame[C.PASSAGES] > 0]
if gaps.empty:
    st.info(f"The documents name {pick} in {charts.count(len(about), 'passages')}, but none states a gap.")
else:
    fig = charts.bars(frame, model.taxonomy, x=C.YEAR, title=f"Gaps raised about {pick}, by view and year",
                      noun="gap passages")
    points = show.chart(fig, key="missions_chart")
    st.caption("A passage that speaks to two views counts once in each bar.")
    st.subheader(f"Gap list of {pick}: {charts.count(len(gaps), 'gap passages')}")
    chosen = gaps
    if points:
        view, _, year = points[0]["customdata"]
        chosen = gaps[(gaps[C.YEAR] == int(year)) & gaps[C.VIEWS].map(lambda vs: view in vs)]
        st.caption(f"Showing the {charts.count(len(chosen), 'passages')} on {model.taxonomy.label(view)} in {year}.")
    show.passages(model, chosen, key="missions_gaps")
page.finish(model)
