"""The Compare page's two pickers of periods: two ranges of years, or two sets of documents, kept in the link."""

from __future__ import annotations

import streamlit as st

from gapmodel.charts import count, lower_first
from gapmodel.compare import Period, period_label, years_within
from gapmodel.corpus import Document, distinct_titles
from ui import page, show, sidebar


def of_years(years: list[int]) -> tuple[Period, Period]:
    """Period A (the first year to the one before the last, by default) and B (the last year), as sliders."""
    span = list(range(years[0], years[-1] + 1))
    earlier = years[-2] if len(years) > 1 else years[0]
    chosen = []
    for col, key, name, default in zip(st.columns(2), ("compare_a", "compare_b"), ("a", "b"),
                                       ((years[0], earlier), (years[-1], years[-1])), strict=True):
        # seeded through value= from the link ("a=2005-2010"), never through the key: a select_slider is a range
        # only when its value is a pair, and one set through its key each run would undo the user's moves
        start = years_within(st.session_state.get(key) or sidebar.page_setting(name, ""), span) or default
        chosen.append(col.select_slider(f"Period {name.upper()}", span, value=start, key=key))
        sidebar.set_page_setting(name, "-".join(map(str, chosen[-1])))
    a, b = (Period(label=period_label(years_of), years=years_of) for years_of in chosen)
    return a, b


def of_documents(docs: list[Document]) -> tuple[Period, Period]:
    """Documents A (all but the latest, by default) and B (the latest); stops the page when a side is empty."""
    ids = [d.id for d in docs]
    titles = distinct_titles(docs)
    chosen = []
    for col, key, name, default in zip(st.columns(2), ("compare_a_docs", "compare_b_docs"), ("docs_a", "docs_b"),
                                       (ids[:-1], ids[-1:]), strict=True):
        page.setting(key, name, ",".join(default))  # a link keeps both sets ("docs_a=wgpko-2006,wgpko-2009")
        kept = st.session_state[key].split(",") if isinstance(st.session_state[key], str) else st.session_state[key]
        usable = [d for d in kept if d in ids]
        if usable != st.session_state[key]:  # only then: set each run, it would undo the user's choices
            st.session_state[key] = usable
        if len(usable) < len([d for d in kept if d]):
            col.caption("A document chosen here is outside the sidebar's Documents filter: it is left out.")
        chosen.append(col.multiselect(f"Documents {name[-1].upper()}", ids, key=key, format_func=titles.get))
        sidebar.set_page_setting(name, ",".join(st.session_state[key]))
    if not all(chosen):
        show.empty("Choose at least one document on each side.")
        st.stop()
    a, b = (Period(label=f"the {count(len(d), 'documents')} of {side}" if len(d) > 1
                   else f"the {lower_first(titles[d[0]])}", documents=tuple(d)) for side, d in zip("AB", chosen,
                                                                                                    strict=True))
    return a, b
