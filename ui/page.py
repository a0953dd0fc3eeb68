"""What every page starts with: the model, the current filters and their cache key."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from gapmodel.filters import Filters, loosen_hint, scope
from gapmodel.model import Model
from ui import data, show, sidebar
from ui.navigation import ICON, TITLE


@dataclass(frozen=True)
class Context:
    model: Model
    filters: Filters
    query: tuple[tuple[str, str], ...]


def start(title: str, intro: str) -> Context:
    st.set_page_config(page_title=f"{title} · {TITLE}", page_icon=ICON, layout="wide")
    st.session_state["_page_params"] = set()  # the URL carries this page's own settings only
    st.title(title)
    st.caption(intro)
    model = data.get_model()
    sidebar.render(model)  # drawn by the page itself, so a direct link works before the entry has ever run
    filters = sidebar.current(model)
    return Context(model, filters, sidebar.query_key(filters))


def setting(key: str, name: str, default: str) -> None:
    """Seed a page widget from the URL before it is drawn (``name`` is its URL parameter)."""
    if key not in st.session_state:
        st.session_state[key] = sidebar.page_setting(name, default)
    st.session_state.setdefault("_page_params", set()).add(name)


def remember(key: str, name: str) -> None:
    """Keep a page widget's value in the URL."""
    sidebar.set_page_setting(name, str(st.session_state[key]))


def finish(model: Model) -> None:
    """Write the final state (filters and page settings) to the URL."""
    sidebar.current(model)


def scoped(ctx: Context) -> pd.DataFrame:
    """Passages in the filters' scope; when there are none, say which filter to loosen and stop the page."""
    passages = scope(ctx.model, ctx.filters)
    if passages.empty:
        show.empty(loosen_hint(ctx.filters))
        st.stop()
    return passages
