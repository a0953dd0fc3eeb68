"""Mandate Gap Monitor: the dashboard's entry: navigation. Pages live in pages/; each draws the shared sidebar."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Mandate Gap Monitor", page_icon=":material/balance:", layout="wide")

PAGES = [
    st.Page("pages/1_overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/2_trends.py", title="Trends", icon=":material/show_chart:"),
    st.Page("pages/3_meetings.py", title="Meetings", icon=":material/event:"),
    st.Page("pages/4_evidence.py", title="Evidence", icon=":material/search:"),
    st.Page("pages/5_missions.py", title="Missions", icon=":material/public:"),
    st.Page("pages/6_cooccurrence.py", title="Co-occurrence", icon=":material/hub:"),
    st.Page("pages/7_taxonomy.py", title="Taxonomy", icon=":material/sell:"),
    st.Page("pages/8_method.py", title="Method", icon=":material/menu_book:"),
    st.Page("pages/9_briefing.py", title="Briefing", icon=":material/description:"),
    st.Page("pages/10_present.py", title="Present", icon=":material/slideshow:"),
]

page = st.navigation(PAGES)
page.run()  # every page draws the shared sidebar through ui.page.start
