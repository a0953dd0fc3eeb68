"""Method: how the numbers are made, in plain words, and how far to trust each view."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import streamlit as st

from ui import page

ctx = page.start("Method", "How the numbers are made, and how far to trust them.")
model = ctx.model

st.markdown("""
**Passage.** The unit of everything: a numbered paragraph, a lettered or numbered item, a bullet, or a row of
an annex table. A lead-in that ends in a colon is a passage of its own. Each passage keeps its label as printed
(`14`, `14(a)`, `II.1.(1)(b)`); passages without a printed number are numbered by position within their
section and marked as unnumbered (`I¶2`, `Appendix.1.a•3`). Page heads, markup and broken lines are cleaned
away; the diagram at the end of the December 2009 report is left out as residue.

**View.** A theme a passage speaks to, from `data/taxonomy.yaml`: the six core views (mandate formulation,
resources and capabilities, protection of civilians, SSR/DDR, benchmarks and monitoring, partnerships) and
others beside them. A passage has a view when one of the view's phrases appears in it (whole words, any letter
case, the usual inflections); *weak* phrases need a second phrase of the view; a partner's name counts only
beside a word of cooperation. A passage can have several views, or none.

**Gap.** The passage states a deficit, shortfall, unmet need, problem, risk or challenge ("need for clear and
achievable mandates", "lack of utility helicopters"). A proposal that states no deficit ("Support use of core
groups") is not a gap. *Remedy* and *progress* are flagged the same way; none of the three means neutral.

**Breadth.** How broadly it was held: agreed by all, many participants, some, one speaker, or not stated.

**Meeting.** Read from the annex tables (where a report's text gives another date than its table, the table's
date is kept and the difference shown on the Meetings page), from the paragraphs that describe meetings, and
from counts the text gives without dates (shown as a period). A passage belongs to the meeting it names, the
meeting its lead-in or section opens with, a retreat's only meeting, or else to its document's meeting series.

**Experts' reviews.** An expert can confirm or correct any passage's views and flags ("Review the codes" on
its card). A review is kept apart from the automatic codes and replaces them in every count; it survives
re-coding and changes to the taxonomy, and the Reviews page measures how often the model agrees with experts.

**Year.** The year the words were said: the meeting's year, or else the last year of the period the document
covers (the report dated February 2017 covers 2016). Years no document covers are shown as not covered, never
as zero.
""")

st.subheader("How far to trust each view")
path = Path(__file__).resolve().parent.parent / "bench" / "ACCURACY.json"
if not path.exists():
    st.info("Accuracy has not been measured yet: run python3 bench/accuracy.py --write bench/ACCURACY.json.")
else:
    report = json.loads(path.read_text(encoding="utf-8"))
    names = {v.id: v.label for v in model.taxonomy.views} | {"gap": "Gap (the flag)"}
    table = pd.DataFrame(report["codes"]).assign(code=lambda f: f["code"].map(lambda c: names.get(c, c)))
    st.dataframe(table[["code", "positives", "precision", "recall", "f1"]], hide_index=True,
                 width="stretch", column_config={
                     "code": "View", "positives": "Hand-coded passages",
                     "precision": st.column_config.NumberColumn("Precision", format="%.2f"),
                     "recall": st.column_config.NumberColumn("Recall", format="%.2f"),
                     "f1": st.column_config.NumberColumn("F1", format="%.2f")})
    st.caption("Figures exist for the six core views and the gap flag, the codes the gold standard covers; the "
               "views beyond them are not yet measured.")
    same = report.get("taxonomy") == model.taxonomy.version
    st.caption(f"Measured on {report['measured']} against {report['passages']} passages hand-coded against the "
               "core-view definitions (tests/gold/). Precision: of the passages the model gives a view, the share "
               "people also gave it; recall: of the passages people gave it, the share the model finds. "
               + ("Measured with the taxonomy in use now." if same else
                  "The taxonomy has changed since: measure again for current figures."))
reviewed = int((model.passages["reviewed"] != "").sum()) if "reviewed" in model.passages.columns else 0
st.page_link("pages/13_reviews.py", label=f"Agreement with your experts' reviews ({reviewed} passages reviewed)",
             icon=":material/fact_check:")
