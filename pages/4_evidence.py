"""Evidence: full-text search and filters; each passage with its highlighted terms, codes and citation."""

from __future__ import annotations

import streamlit as st

from gapmodel import charts
from gapmodel import columns as C
from gapmodel.corpus import distinct_labels
from gapmodel.filters import ORDERS, loosen_hint, ordered, select
from gapmodel.search import has_search_index, search_index
from ui import page, show, sidebar

ctx = page.start("Evidence", "Search the passages and read them with their citation. Highlighted words are the "
                 "taxonomy phrases that decided a view; underlined words are gap cues.")
model = ctx.model

sidebar.restore("evidence_text")
st.text_input("Search passages", key="evidence_text", placeholder='e.g. helicopters, "exit strategy"',
              help='Every word must appear, in any case and with any ending ("helicopters" also finds "helicopter"); '
                   'put a phrase in "quotes" to find its words in that order.',
              on_change=sidebar.keep, args=("evidence_text",))
left, right = st.columns(2)
with left:
    subviews = list(model.taxonomy.subview_ids)
    sidebar.restore("evidence_subviews")
    sub_labels = distinct_labels(subviews, model.taxonomy.label)
    st.multiselect("Sub-views", subviews, key="evidence_subviews", format_func=sub_labels.__getitem__,
                   on_change=sidebar.keep, args=("evidence_subviews",))
with right:
    meetings = list(model.meetings[C.MEETING])
    labels = distinct_labels(meetings, dict(zip(model.meetings[C.MEETING], model.meetings[C.LABEL],
                                                strict=True)).__getitem__)
    sidebar.restore("evidence_meetings")
    st.multiselect("Meetings", meetings, key="evidence_meetings", format_func=labels.__getitem__,
                   on_change=sidebar.keep, args=("evidence_meetings",))

filters = sidebar.current(model)
if filters.text.strip() and not has_search_index(model):
    with st.spinner("Indexing the passages for search. This happens once per corpus..."):
        search_index(model)
found = select(model, filters)
if found.empty:
    show.empty(loosen_hint(filters))
else:
    gaps = int(found[C.GAP].sum())
    st.markdown(f"**{charts.count(len(found), 'passages')}** match, {gaps} of them gaps, from "
                f"{charts.count(found[C.DOCUMENT].nunique(), 'documents')}.")
    order = st.radio("Order", ORDERS, horizontal=True, key="evidence_order")
    show.passages(model, ordered(model, found, order), key="evidence_results")
