"""Mandate Gap Monitor: the dashboard's entry: navigation. Pages live in pages/; each draws the shared sidebar
(its menu and filters) through ui.page.start, so a page opened by a direct link looks the same."""

from __future__ import annotations

import streamlit as st

from ui.navigation import ICON, PAGES, TITLE

st.set_page_config(page_title=TITLE, page_icon=ICON, layout="wide")
pages = [st.Page(path, title=title, icon=icon, default=i == 0) for i, (path, title, icon) in enumerate(PAGES)]
st.navigation(pages, position="hidden").run()
