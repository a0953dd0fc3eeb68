"""Reviews: how far the automatic codes agree with experts, and every review made."""

from __future__ import annotations

import streamlit as st

from gapmodel import columns as C
from gapmodel.charts import count
from gapmodel.export import provenance, to_csv
from gapmodel.filters import Filters
from gapmodel.reviews import agreement, orphaned, reviews_table
from ui import data, page, show

ctx = page.start("Reviews", "Experts confirm or correct the codes of any passage ('Review the codes' on its card). "
                 "Their reviews are kept apart from the automatic codes, replace them in every count, and measure "
                 "how far each view's automatic codes can be trusted.")
model = ctx.model
reviews = data.store().reviews()
table = agreement(model)
reviewed = int(table["reviewed"].iloc[0]) if len(table) else 0

st.subheader("Agreement with experts")
if reviewed == 0:
    show.empty("No passage has been reviewed yet. Open any passage (Evidence, or the passages behind a chart), use "
               "'Review the codes', and confirm or correct them: agreement appears here.")
else:
    st.caption(f"On the {count(reviewed, 'reviewed passages')}, the experts' codes are the reference. "
               "Precision: of the "
               "passages the model gave a view, the share experts agree have it. Recall: of the passages experts "
               "gave a view, the share the model found. Cohen's kappa: agreement beyond chance (1 perfect, 0 no "
               "better than chance; blank where a view was never used by either). Confirmations made while looking "
               "at the model's codes can lean towards agreeing: review some passages without looking first.")
    if reviewed < 30:
        st.warning(f"Only {count(reviewed, 'passages')} {'is' if reviewed == 1 else 'are'} reviewed: these figures "
                   "are rough until there are a few dozen "
                   "per view.")
    shown = table.rename(columns={"label": "View", "reviewed": "Reviewed", "both": "Both", "model_only": "Model only",
                                  "expert_only": "Experts only", "neither": "Neither", "precision": "Precision",
                                  "recall": "Recall", "kappa": "Kappa"}).drop(columns=["code"])
    shown[["Precision", "Recall", "Kappa"]] = shown[["Precision", "Recall", "Kappa"]].map(
        lambda v: "" if v != v else f"{v:.2f}")  # blank where undefined (NaN)
    st.dataframe(shown, hide_index=True, width="stretch", key="reviews_agreement",
                 column_config={name: st.column_config.TextColumn(name, help=text) for name, text in (
                     ("Precision", "Of the passages the model gave it, the share experts agree have it."),
                     ("Recall", "Of the passages experts gave it, the share the model found."),
                     ("Kappa", "Cohen's kappa: agreement beyond chance (1 perfect, 0 chance); blank if undefined."))})

st.subheader(f"Every review ({len(reviews)})")
if reviews:
    history = reviews_table(reviews)
    about = [*provenance(model, Filters())[:1], f"Reviews in the workspace {data.store().path}."]
    st.download_button("Download all reviews (CSV)", to_csv(history, about), file_name="reviews.csv",
                       mime="text/csv", key="reviews_csv")
    known = {v.id: v.label for v in model.taxonomy.views}

    def labels(view: str) -> str:  # a review may name a view a later taxonomy dropped
        return known.get(view, f"{view} (not in the taxonomy now)")
    names = {pid: f"{model.document(doc).short_title}, {'para. ' if numbered else ''}{label}"
             for pid, doc, label, numbered in zip(model.passages[C.PASSAGE_ID], model.passages[C.DOCUMENT],
                                                  model.passages[C.LABEL], model.passages[C.NUMBERED], strict=True)}
    listing = history.assign(expert_views=history["expert_views"].map(lambda vs: ", ".join(map(labels, vs))),
                             model_views=history["model_views"].map(lambda vs: ", ".join(map(labels, vs))),
                             reviewed_at=history["reviewed_at"].str.replace("T", " ").str[:16] + " UTC",
                             passage_id=history[C.PASSAGE_ID].map(lambda p: names.get(p, f"{p} (not shown now)")))
    st.dataframe(listing.iloc[::-1][["reviewed_at", "reviewed_by", "action", C.PASSAGE_ID, "expert_views",
                                     "model_views", "expert_gap", "model_gap", "reason", "passage_text"]],
                 hide_index=True, width="stretch", key="reviews_history",
                 column_config={"reviewed_at": "When", "reviewed_by": "Who", "action": "Review",
                                C.PASSAGE_ID: "Passage (document, paragraph)", "expert_views": "Expert's views",
                                "model_views": "Model's views (then)", "expert_gap": "Expert: gap",
                                "model_gap": "Model: gap (then)", "reason": "Reason", "passage_text": "Text"})
    lost = orphaned(model, reviews)
    if lost:
        st.warning(f"{len(lost)} reviews concern passages not in the documents shown (a document removed or not "
                   "shown by the sidebar's switch, or its text changed). They are kept and apply again when the "
                   "passage is back.")
    reviewed_rows = model.passages[model.passages[C.REVIEWED] != ""]
    with st.expander(f"The reviewed passages ({len(reviewed_rows)})"):
        show.passages(model, reviewed_rows, key="reviews_passages", limit=10)
page.finish(model)
