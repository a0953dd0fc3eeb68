"""Trends: views or sub-views over years or meetings, counts or shares, with policy milestones."""

from __future__ import annotations

import streamlit as st

from gapmodel import charts
from gapmodel import columns as C
from gapmodel.tally import passages_behind
from ui import data, page, show

ctx = page.start("Trends", "How often each view is raised over time. Shares let a long report and a short one "
                 "be compared fairly; years without documents are marked, not drawn as zero.")
model, filters = ctx.model, ctx.filters
scoped = page.scoped(ctx)

controls = st.columns(5)
for key, name, default in (("trends_level", "level", "views"), ("trends_by", "by", "year"),
                           ("trends_kind", "kind", "lines"), ("trends_value", "value", "passages"),
                           ("trends_milestones", "milestones", "shown")):
    page.setting(key, name, default)
controls[0].radio("Show", ["views", "sub-views"], key="trends_level", horizontal=True)
controls[1].radio("Over", ["year", "meeting"], key="trends_by", horizontal=True)
controls[2].radio("As", ["lines", "bars"], key="trends_kind", horizontal=True)
controls[3].radio("Count", ["passages", "share"], key="trends_value", horizontal=True,
                  format_func={"passages": "Passages", "share": "Share of passages"}.get)
controls[4].radio("Milestones", ["shown", "hidden"], key="trends_milestones", horizontal=True)
for key, name in (("trends_level", "level"), ("trends_by", "by"), ("trends_kind", "kind"),
                  ("trends_value", "value"), ("trends_milestones", "milestones")):
    page.remember(key, name)

views = filters.views or tuple(v.id for v in model.taxonomy.views if v.core)
subviews = st.session_state["trends_level"] == "sub-views"
by = st.session_state["trends_by"]
gaps_only = filters.stance == "gap"
frame = data.cached_tally(model.version, ctx.query, by, tuple(views), subviews, gaps_only)
if subviews:
    frame = frame[frame[C.SUBVIEW] != ""]
labels = dict(zip(model.meetings[C.MEETING], model.meetings[C.LABEL], strict=True)) if by == "meeting" else None
fig = charts.trend(frame, model.taxonomy, by=by, value=C.SHARE if st.session_state["trends_value"] == "share"
                   else C.PASSAGES, kind=st.session_state["trends_kind"], gaps_only=gaps_only,
                   milestones=data.milestones() if st.session_state["trends_milestones"] == "shown" else (),
                   key_labels=labels)
points = show.chart(fig, key="trends_chart")
st.caption("Views shown: " + ", ".join(model.taxonomy.label(v) for v in views)
           + (". Counting gap passages only." if gaps_only else ". Counting all passages.")
           + " Pick views and 'Gaps only' in the sidebar; click a point to read the passages behind it.")
if points:
    view, sub, key = points[0]["customdata"]
    key = int(key) if by == "year" else key
    behind = passages_behind(model, view, sub, by=by, key=key, gaps_only=gaps_only, passages=scoped)
    where = labels.get(str(key), key) if labels else key
    code = f"{view}.{sub}" if sub else view
    st.subheader(f"{len(behind)} {'gap ' if gaps_only else ''}passages on {model.taxonomy.label(code)}, {where}")
    show.passages(model, behind, key="trends_points")
page.finish(model)
