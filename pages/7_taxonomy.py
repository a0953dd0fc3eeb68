"""Taxonomy: each view's definition, sub-views and phrases with their hits, and what no view catches."""

from __future__ import annotations

import streamlit as st

from gapmodel import columns as C
from gapmodel.filters import scope
from gapmodel.tally import term_hits, uncoded
from ui import page, show

ctx = page.start("Taxonomy", "What each view means and which phrases code it (data/taxonomy.yaml), how often "
                 "each phrase decided a code, and the passages the codes miss.")
model, filters = ctx.model, ctx.filters
scoped = scope(model, filters)
hits = term_hits(model, scoped)
by_code = {code: group for code, group in hits.groupby("code")}
for view in model.taxonomy.views:
    count = int(scoped[C.VIEWS].map(lambda vs, v=view.id: v in vs).sum())
    with st.expander(f"{view.label} · {count} passages" + ("" if view.core else " · beyond the six core views")):
        st.markdown(view.definition)
        codes = [view.id] + [f"{view.id}.{s.id}" for s in view.subviews]
        rows = [by_code[c].assign(**{"view or sub-view": model.taxonomy.label(c)}) for c in codes if c in by_code]
        if view.subviews:
            st.markdown("**Sub-views:** " + "; ".join(s.label for s in view.subviews))
        if rows:
            import pandas as pd

            table = pd.concat(rows)[["view or sub-view", "term", "passages", "hits"]]
            st.dataframe(table, hide_index=True, width="stretch", key=f"taxonomy_terms_{view.id}")
        else:
            st.caption("No phrase of this view matched within the filters.")

missed = uncoded(model, scoped)
st.subheader(f"Coverage: {len(missed)} of {len(scoped)} passages have no core view")
st.caption("Letters, procedure and organisational facts have no view by design (see Method); other passages "
           "here may show what the phrases miss.")
show.passages(model, missed, key="taxonomy_uncoded", limit=15)
