"""Taxonomy: each view's definition, sub-views and phrases with their hits, and what no view catches."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gapmodel.filters import scope
from gapmodel.tally import uncoded, view_counts
from ui import data, page, show

ctx = page.start("Taxonomy", "What each view means and which phrases code it (data/taxonomy.yaml), how often "
                 "each phrase decided a code, and the passages the codes miss.")
model, filters = ctx.model, ctx.filters
scoped = scope(model, filters)
hits = data.cached_term_hits(model.version, ctx.query)
by_code = {code: group for code, group in hits.groupby("code")}
counts = view_counts(model, scoped)
for view in model.taxonomy.views:
    count = counts[view.id]
    with st.expander(f"{view.label} · {count} passages" + ("" if view.core else " · beyond the six core views")):
        st.markdown(view.definition)
        codes = [view.id] + [f"{view.id}.{s.id}" for s in view.subviews]
        rows = [by_code[c].assign(**{"view or sub-view": model.taxonomy.label(c)}) for c in codes if c in by_code]
        if view.subviews:
            st.markdown("**Sub-views:** " + "; ".join(s.label for s in view.subviews))
        if rows:
            table = pd.concat(rows)[["view or sub-view", "term", "passages", "hits"]]
            st.dataframe(table, hide_index=True, width="stretch", key=f"taxonomy_terms_{view.id}")
        else:
            st.caption("No phrase of this view matched within the filters.")

missed = uncoded(model, scoped)
st.subheader(f"Coverage: {len(missed)} of {len(scoped)} passages have no core view")
st.caption("Letters, procedure and organisational facts have no view by design (see Method); other passages "
           "here may show what the phrases miss.")
show.passages(model, missed, key="taxonomy_uncoded", limit=15)
