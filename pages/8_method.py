"""Method: how the numbers are made, in plain words, and how far to trust each view."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from gapmodel.accuracy import SETS, accuracy_table, load_accuracy, provenance
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
case, the usual inflections, British or American spelling, with a hyphen or a space, any word of a family for
another: "disarming" for "disarmament"), or two ordinary words stand close ("mandates" within a few words of
"prioritize"); *weak* phrases need a second phrase of the view; a partner's name counts only beside a word of
cooperation; words with two senses count only in context (money near the mission or its troops, not a host's
electoral budget). A passage can have several views, or none.

**Gap.** The passage states a deficit, shortfall, unmet need, problem, risk or challenge ("need for clear and
achievable mandates", "lack of utility helicopters"), or harm done to the mission itself. A proposal that states
no deficit ("Support use of core groups"), a negated one ("no significant shortfalls were reported") and a threat
named only as a topic are not gaps. *Remedy* and *progress* are flagged the same way; none of the three means neutral.

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
report = load_accuracy(Path(__file__).resolve().parent.parent / "bench" / "ACCURACY.json")
if report is None:
    st.info("Accuracy has not been measured yet: run python3 bench/accuracy.py --write bench/ACCURACY.json.")
else:
    labels = {v.id: v.label for v in model.taxonomy.views} | {"gap": "Gap (the flag)",
                                                              "macro": "Six views together (macro-F1)"}
    table = accuracy_table(report, labels)
    st.dataframe(table, hide_index=True, width="stretch", key="method_accuracy", column_config={
        "code": "View", **{name: f"F1, {title}" for name, title in SETS.items()},
        "humans": st.column_config.TextColumn("Two human coders", help="How far two people who coded the unseen "
                                              "texts independently agreed: the ceiling for any model.")})
    st.caption("F1 balances precision (of the passages the model gives a view, the share people also gave it) "
               "and recall (of the passages people gave it, the share the model finds); in brackets, the 95% "
               "interval. What a new report gets is the unseen texts' figure, not the seed reports'.")
    for sentence in provenance(report):
        st.caption(sentence)
    versions = {r["taxonomy"] for r in report["sets"].values()}
    if model.taxonomy.version not in versions:
        st.caption("The taxonomy has changed since these were measured: measure again for current figures.")
reviewed = int((model.passages["reviewed"] != "").sum()) if "reviewed" in model.passages.columns else 0
st.page_link("pages/13_reviews.py", label=f"Agreement with your experts' reviews ({reviewed} passages reviewed)",
             icon=":material/fact_check:")
