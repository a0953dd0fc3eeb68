"""Meetings: a timeline; pick a meeting to see its view profile and its passages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gapmodel import charts
from gapmodel import columns as C
from gapmodel.corpus import distinct_labels, distinct_titles
from gapmodel.dates import describe
from gapmodel.export import plain_markdown as md
from gapmodel.filters import select
from ui import data, page, show

ctx = page.start("Meetings", "Every meeting the documents record. Meetings whose day the text does not give are "
                 "shown as the period they fall in; a document's passages that no meeting claims form its series.")
model, filters = ctx.model, ctx.filters
scoped = page.scoped(ctx)

docs = scoped[C.DOCUMENT].unique()
meetings = model.meetings[model.meetings[C.DOCUMENT].isin(docs)]
titles = distinct_titles(model.documents)
points = show.chart(data.cached_timeline(model.version, ctx.query), key="meetings_timeline")

discrepancies = model.discrepancies[model.discrepancies[C.DOCUMENT].isin(docs)]
options = list(meetings[C.MEETING])
chosen = select(model, filters)
with_passages = meetings[meetings[C.MEETING].isin(chosen[C.MEETING].unique()) & meetings["dated"]]
latest = with_passages.sort_values("date")[C.MEETING].iloc[-1] if len(with_passages) else (options or [""])[0]
labels = distinct_labels(options, dict(zip(meetings[C.MEETING], meetings[C.LABEL], strict=True)).__getitem__)
if points and points[0].get("customdata"):
    clicked = points[0]["customdata"]
    st.session_state["meetings_pick"] = clicked[0] if isinstance(clicked, list) else clicked
page.setting("meetings_pick", "meeting", latest)
if st.session_state["meetings_pick"] not in options and options:
    st.session_state["meetings_pick"] = options[0]
pick = st.selectbox("Meeting", options, key="meetings_pick", format_func=lambda m: f"{labels[m]}")
page.remember("meetings_pick", "meeting")

row = meetings[meetings[C.MEETING] == pick].iloc[0]
st.markdown(f"**{md(row[C.LABEL])}** · {row[C.KIND]} · {md(titles[row[C.DOCUMENT]])}")
if row["theme"]:  # text from a document: shown as written, never as links or images
    st.markdown(f"**Theme:** {md(row['theme'])}")
if row["participants"]:
    st.markdown(f"**Participants or briefers:** {md(row['participants'])}")
if row[C.MISSIONS]:
    st.markdown("**Missions discussed:** " + ", ".join(row[C.MISSIONS]))
for r in discrepancies[discrepancies[C.MEETING] == pick].itertuples():
    st.warning(f"The report's table dates this meeting {describe(r.table_date)}; its text says "
               f"{describe(r.text_date)} ({md(r.topic)}, passage {md(r.passage_id)}). The table's date is kept.")
attributed = chosen[chosen[C.MEETING] == pick]
profile = pd.DataFrame(
    [(v.id, "", int(attributed[C.VIEWS].map(lambda vs, i=v.id: i in vs).sum()),
      int((attributed[C.VIEWS].map(lambda vs, i=v.id: i in vs) & attributed[C.GAP]).sum()))
     for v in model.taxonomy.views], columns=[C.VIEW, C.SUBVIEW, C.PASSAGES, C.GAP_PASSAGES])
profile = profile[profile[C.PASSAGES] > 0].assign(meeting=row[C.LABEL])
if filters.views:
    profile = profile[profile[C.VIEW].isin(filters.views)]
if len(discrepancies):
    with st.expander(f"Dates that differ between a report's text and its table ({len(discrepancies)})"):
        for r in discrepancies.itertuples():
            st.markdown(f"- {describe(r.table_date)} in the table, {describe(r.text_date)} in the text "
                        f"({md(r.topic)}); the table's date is kept.")
if attributed.empty:
    show.empty("No passage within the filters (views and 'Passages' included) is attributed to this meeting.")
else:
    if len(profile):
        st.plotly_chart(charts.bars(profile, model.taxonomy, x="meeting", title="View profile of this meeting",
                                    stacked=False), width="stretch", key="meetings_profile")
    else:
        st.caption("None of this meeting's passages speaks to a view.")
    st.subheader(f"{charts.count(len(attributed), 'passages')} from this meeting")
    show.passages(model, attributed, key="meetings_passages")
page.finish(model)
