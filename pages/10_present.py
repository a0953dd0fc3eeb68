"""Presentation mode: one chart at projector size, with a title and a source line, as PNG or SVG."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from gapmodel import charts
from gapmodel.briefing import build_note
from gapmodel.corpus import distinct_titles
from gapmodel.export import source_line
from gapmodel.images import PRESENTATION, ImageUnavailable, figure_image
from gapmodel.slides import to_pptx
from gapmodel.tally import cooccurrence
from ui import data, page

ctx = page.start("Present", "A clean full-width chart for the screen at a retreat, with the menu and the filters in "
                 "the sidebar (close it with its arrow while you present).")
model, filters = ctx.model, ctx.filters
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

if st.button("Make PNG, SVG and a slide deck at presentation size", key="present_make"):
    try:
        with st.spinner("Drawing the images..."):
            png = figure_image(fig, "png", **PRESENTATION)
            note = replace(build_note(model, filters), figures=((CHARTS[kind], fig),), images={CHARTS[kind]: png})
            st.session_state["present_images"] = (kind, ctx.query, png, figure_image(fig, "svg", **PRESENTATION),
                                                  to_pptx(note))
    except ImageUnavailable as exc:
        st.warning(str(exc))
made = st.session_state.get("present_images")
if made and made[0] == kind and made[1] == ctx.query:
    cols = st.columns(3)
    cols[0].download_button("Download PNG", made[2], file_name=f"{kind}.png", mime="image/png", key="present_png")
    cols[1].download_button("Download SVG", made[3], file_name=f"{kind}.svg", mime="image/svg+xml",
                            key="present_svg")
    cols[2].download_button("Download slides", made[4], file_name=f"{kind}-slides.pptx", key="present_pptx",
                            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
page.finish(model)
