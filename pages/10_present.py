"""Presentation mode: one chart at projector size, with a title and a source line, as PNG or SVG."""

from __future__ import annotations

import streamlit as st

from gapmodel import charts
from gapmodel.corpus import distinct_titles
from gapmodel.export import source_line
from gapmodel.images import PRESENTATION, ImageUnavailable, figure_image
from gapmodel.tally import cooccurrence
from ui import data, page

ctx = page.start("Present", "A clean full-width chart for the screen at a retreat. The sidebar is hidden here; "
                 "the filters chosen on other pages apply.")
model, filters = ctx.model, ctx.filters
st.markdown("<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'] {display: none;} "
            "[data-testid='stMainBlockContainer'] {max-width: 96%;}</style>", unsafe_allow_html=True)
scoped = page.scoped(ctx)
CHARTS = {"heatmap": "Gap passages by view and year", "lines": "Share of passages by view over the years",
          "bars": "Passages by view over the years (stacked)", "cooccurrence": "Views raised together",
          "timeline": "Meetings"}
page.setting("present_chart", "chart", "heatmap")
kind = st.selectbox("Chart", list(CHARTS), key="present_chart", format_func=CHARTS.get)
page.remember("present_chart", "chart")
views = tuple(filters.views or (v.id for v in model.taxonomy.views if v.core))
gaps_only = filters.stance == "gap"
if kind == "heatmap":
    fig = charts.heatmap(data.cached_tally(model.version, ctx.query, "year", views, False, True), model.taxonomy)
elif kind in ("lines", "bars"):
    frame = data.cached_tally(model.version, ctx.query, "year", views, False, gaps_only)
    title = CHARTS[kind].replace("Passages", "Gap passages") if gaps_only else CHARTS[kind]
    if gaps_only and kind == "lines":
        title = "Share of passages that state a gap, by view over the years"
    fig = charts.trend(frame, model.taxonomy, value="share" if kind == "lines" else "passages",
                       kind=kind, gaps_only=gaps_only, milestones=data.milestones(), title=title)
elif kind == "cooccurrence":
    fig = charts.cooccurrence(cooccurrence(model, scoped, list(views)), model.taxonomy)
else:
    titles = distinct_titles(model.documents)
    fig = charts.timeline(model.meetings[model.meetings["document"].isin(scoped["document"].unique())], titles)
source = source_line(model, filters)
fig = charts.presentation(fig, source)
st.plotly_chart(fig, width="stretch", key="present_figure", config={"displaylogo": False})

if st.button("Make PNG and SVG at presentation size", key="present_make"):
    try:
        with st.spinner("Drawing the images..."):
            st.session_state["present_images"] = (kind, ctx.query, figure_image(fig, "png", **PRESENTATION),
                                                  figure_image(fig, "svg", **PRESENTATION))
    except ImageUnavailable as exc:
        st.warning(str(exc))
made = st.session_state.get("present_images")
if made and made[0] == kind and made[1] == ctx.query:
    cols = st.columns(2)
    cols[0].download_button("Download PNG", made[2], file_name=f"{kind}.png", mime="image/png", key="present_png")
    cols[1].download_button("Download SVG", made[3], file_name=f"{kind}.svg", mime="image/svg+xml",
                            key="present_svg")
page.finish(model)
