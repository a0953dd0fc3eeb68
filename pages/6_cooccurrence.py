"""Co-occurrence: which views are raised together, with the passages where they meet."""

from __future__ import annotations

import streamlit as st

from gapmodel import charts
from gapmodel.filters import loosen_hint
from gapmodel.tally import cooccurrence, passages_with_both
from ui import page, show

ctx = page.start("Co-occurrence", "How often two views are raised in the same passage. The diagonal (in bold) "
                 "counts the passages on each view. The six core views are shown unless you choose views in the "
                 "sidebar.")
model, filters = ctx.model, ctx.filters
scoped = page.scoped(ctx)
if filters.stance == "gap":
    scoped = scoped[scoped["gap"]]
if scoped.empty:
    show.empty(loosen_hint(filters))
    st.stop()
views = list(filters.views or [v.id for v in model.taxonomy.views if v.core])
matrix = cooccurrence(model, scoped, views)
points = show.chart(charts.cooccurrence(matrix, model.taxonomy), key="cooccurrence_matrix")
pairs = [(int(matrix.loc[a, b]), a, b) for i, a in enumerate(views) for b in views[i + 1:] if matrix.loc[a, b]]
if pairs:
    top = sorted(pairs, reverse=True)[:3]
    st.markdown("**Most often together:** " + "; ".join(
        f"{model.taxonomy.label(a)} and {model.taxonomy.label(b)} ({n})" for n, a, b in top))
if points:
    a, b = points[0]["customdata"]
    both = passages_with_both(model, scoped, a, b)
    st.subheader(f"{charts.count(len(both), 'passages')} on {model.taxonomy.label(a)}"
                 + (f" and {model.taxonomy.label(b)}" if a != b else ""))
    show.passages(model, both, key="cooccurrence_passages")
else:
    st.caption("Click a cell to read the passages where the two views meet.")
