"""Meetings: a timeline; pick a meeting to see its view profile and its passages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gapmodel import charts
from gapmodel import columns as C
from gapmodel.dates import describe
from ui import page, show

ctx = page.start("Meetings", "Every meeting the documents record. Meetings whose day the text does not give are "
                 "shown as the period they fall in; a document's passages that no meeting claims form its series.")
model, filters = ctx.model, ctx.filters
scoped = page.scoped(ctx)

docs = set(scoped[C.DOCUMENT])
meetings = model.meetings[model.meetings[C.DOCUMENT].isin(docs)]
titles = {d.id: d.short_title for d in model.documents}
points = show.chart(charts.timeline(meetings, titles), key="meetings_timeline")

discrepancies = model.discrepancies[model.discrepancies[C.DOCUMENT].isin(docs)]
if len(discrepancies):
    st.warning("Dates that differ between a report's text and its table (the table's date is kept): " + "; ".join(
        f"{describe(r.table_date)} in the table, {describe(r.text_date)} in the text ({r.topic})"
        for r in discrepancies.itertuples()))

options = list(meetings[C.MEETING])
labels = dict(zip(meetings[C.MEETING], meetings[C.LABEL], strict=True))
if points and points[0].get("customdata"):
    clicked = points[0]["customdata"]
    st.session_state["meetings_pick"] = clicked[0] if isinstance(clicked, list) else clicked
page.setting("meetings_pick", "meeting", options[0] if options else "")
if st.session_state["meetings_pick"] not in options and options:
    st.session_state["meetings_pick"] = options[0]
pick = st.selectbox("Meeting", options, key="meetings_pick", format_func=lambda m: f"{labels[m]}")
page.remember("meetings_pick", "meeting")

row = meetings[meetings[C.MEETING] == pick].iloc[0]
st.markdown(f"**{row[C.LABEL]}** · {row[C.KIND]} · {titles[row[C.DOCUMENT]]}")
if row["theme"]:
    st.markdown(f"**Theme:** {row['theme']}")
if row["participants"]:
    st.markdown(f"**Participants or briefers:** {row['participants']}")
if row[C.MISSIONS]:
    st.markdown("**Missions discussed:** " + ", ".join(row[C.MISSIONS]))
attributed = scoped[scoped[C.MEETING] == pick]
profile = pd.DataFrame(
    [(v.id, "", int(attributed[C.VIEWS].map(lambda vs, i=v.id: i in vs).sum()),
      int((attributed[C.VIEWS].map(lambda vs, i=v.id: i in vs) & attributed[C.GAP]).sum()))
     for v in model.taxonomy.views], columns=[C.VIEW, C.SUBVIEW, C.PASSAGES, C.GAP_PASSAGES])
profile = profile[profile[C.PASSAGES] > 0].assign(meeting=row[C.LABEL])
if attributed.empty:
    show.empty("No passage within the filters is attributed to this meeting.")
else:
    st.plotly_chart(charts.bars(profile, model.taxonomy, x="meeting", title="View profile of this meeting",
                                stacked=False), width="stretch", key="meetings_profile")
    st.subheader(f"{charts.count(len(attributed), 'passages')} from this meeting")
    show.passages(model, attributed, key="meetings_passages")
page.finish(model)
