"""Missions: every passage about a mission (its gap list with the sidebar's "Gaps only"), by view over time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gapmodel import charts
from gapmodel import columns as C
from gapmodel.filters import STANCE_LABELS, STANCE_NOUNS, loosen_hint, scope, stance_mask
from gapmodel.tally import tally
from ui import page, show

ctx = page.start("Missions", "Every passage about a mission, as the documents record it. The 2010 Istanbul retreat "
                 "proposed that every mission keep a gap list to be addressed at mandate reviews: choose 'Gaps only' "
                 "in the sidebar's Passages filter to read each mission's.")
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
taking = pd.Series(named_by[stance_mask(index, filters.stance)[rows]].sum(axis=0), index=list(index.missions.ids))


def _option(m: str) -> str:
    counted = "" if filters.stance == "all" else f", {charts.count(int(taking[m]), STANCE_NOUNS[filters.stance])}"
    return f"{m}: {names.get(m, m)} ({charts.count(int(counts[m]), 'passages')}{counted})"


pick = st.selectbox("Mission", options, key="missions_pick", format_func=_option)
page.remember("missions_pick", "mission")
successor = [m for m in model.taxonomy.missions if m.successor_of == pick]
before = [m.successor_of for m in model.taxonomy.missions if m.id == pick and m.successor_of]
if successor or before:
    st.caption(" · ".join([f"Succeeded by {m.id}" for m in successor] + [f"Successor of {b}" for b in before]))

names_pick = index.missions.column(pick)[rows]
about = scoped[names_pick]
views = filters.views or tuple(v.id for v in model.taxonomy.views)
stance = filters.stance
noun = STANCE_NOUNS[stance]
counted = names_pick & stance_mask(index, stance)[rows]
if filters.views:
    counted &= index.views.any_of(filters.views)[rows]
chosen = scoped[counted]
if chosen.empty:
    loosen = (["choose 'All passages' under Passages"] if stance != "all" else []) + (
        ["clear the Views filter"] if filters.views else [])
    st.info(f"The documents name {pick} in {charts.count(len(about), 'passages')}, but none of them is among the "
            f"{noun}{' on the chosen views' if filters.views else ''}. To read them, "
            f"{' and '.join(loosen)} in the sidebar.")
    page.finish(model)  # the link keeps the mission chosen
    st.stop()
frame = tally(model, "year", views=views, passages=scoped[counted])
frame = frame[frame[C.PASSAGES] > 0]
fig = charts.bars(frame, model.taxonomy, x=C.YEAR, title=f"{noun.capitalize()} about {pick}, by view and year",
                  noun=noun)
points = show.chart(fig, key="missions_chart")
st.caption(f"Counting {noun} ({STANCE_LABELS[stance].lower()} in the sidebar's Passages filter; 'Gaps only' there "
           "gives the mission's gap list). A passage that speaks to two views counts once in each bar; one on no view "
           "is listed below but not drawn.")
heading = "Gap list of" if stance == "gap" else f"{noun.capitalize()} about"
st.subheader(f"{heading} {pick}: {charts.count(len(chosen), noun)}")
if points:
    view, _, year = points[0]["customdata"]
    chosen = chosen[(chosen[C.YEAR] == int(year)) & chosen[C.VIEWS].map(lambda vs: view in vs)]
    st.caption(f"Showing the {charts.count(len(chosen), noun)} on {model.taxonomy.label(view)} in {year}.")
show.passages(model, chosen, key="missions_passages")
page.finish(model)
