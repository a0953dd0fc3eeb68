"""Experts' reviews: laid over the automatic codes, surviving re-coding and taxonomy changes; agreement."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from gapmodel import columns as C
from gapmodel.curation import add_phrases, check
from gapmodel.model import Model, build_model
from gapmodel.reviews import agreement, apply_reviews, orphaned, review_from_edit, reviews_table
from gapmodel.store import open_store
from gapmodel.tally import tally
from gapmodel.taxonomy import Taxonomy

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "taxonomy.yaml"


def _row(model: Model, pid: str) -> pd.Series:
    return model.passages.set_index(C.PASSAGE_ID, drop=False).loc[pid]


def _gap_passage(model: Model, view: str) -> str:
    p = model.passages
    return str(p[p[C.VIEWS].map(lambda v: view in v) & p[C.GAP]].iloc[0][C.PASSAGE_ID])


def test_a_correction_changes_the_codes_and_is_marked(seed_model: Model, workspace: Path) -> None:
    store = open_store(workspace)
    pid = _gap_passage(seed_model, "resources")
    row = _row(seed_model, pid)
    store.add_review(review_from_edit(row, pid, views=[*row[C.VIEWS], "benchmarks"], gap=False, remedy=True,
                                      progress=False, reason="a recommendation, not a gap", reviewed_by="Ana"))
    other = _gap_passage(seed_model, "partnerships")
    other_row = _row(seed_model, other)
    store.add_review(review_from_edit(other_row, other, views=other_row[C.VIEWS], gap=True,
                                      remedy=bool(other_row[C.REMEDY]), progress=bool(other_row[C.PROGRESS]),
                                      reason="", reviewed_by="Ben"))
    model = apply_reviews(seed_model, store.reviews())
    changed = _row(model, pid)
    assert "benchmarks" in changed[C.VIEWS] and not changed[C.GAP] and changed[C.REMEDY]
    assert changed["auto_views"] == row[C.VIEWS] and changed["auto_gap"]
    assert changed[C.REVIEWED] == "corrected" and changed["reviewed_by"].startswith("Ana, ")
    assert _row(model, other)[C.REVIEWED] == "confirmed"
    assert (model.passages[C.REVIEWED] != "").sum() == 2
    assert model.version != seed_model.version
    counts = tally(model, "document", views=["benchmarks"])
    doc = str(row[C.DOCUMENT])
    assert counts.set_index(C.DOCUMENT).loc[doc, C.REVIEWED] == 1
    before = tally(seed_model, "document", views=["benchmarks"]).set_index(C.DOCUMENT).loc[doc, C.PASSAGES]
    assert counts.set_index(C.DOCUMENT).loc[doc, C.PASSAGES] == before + ("benchmarks" not in row[C.VIEWS])


def test_the_latest_review_counts(seed_model: Model, workspace: Path) -> None:
    store = open_store(workspace)
    pid = _gap_passage(seed_model, "resources")
    row = _row(seed_model, pid)
    for gap, who in ((False, "Ana"), (True, "Ben")):
        store.add_review(review_from_edit(row, pid, views=row[C.VIEWS], gap=gap, remedy=bool(row[C.REMEDY]),
                                          progress=bool(row[C.PROGRESS]), reason="", reviewed_by=who))
    assert _row(apply_reviews(seed_model, store.reviews()), pid)[C.GAP]
    assert len(reviews_table(store.reviews())) == 2  # the history keeps both


def test_reviews_survive_a_taxonomy_change_and_recoding(seed_model: Model, workspace: Path,
                                                        taxonomy: Taxonomy) -> None:
    store = open_store(workspace)
    pid = _gap_passage(seed_model, "resources")
    row = _row(seed_model, pid)
    store.add_review(review_from_edit(row, pid, views=("ssr_ddr",), gap=True, remedy=False, progress=False,
                                      reason="about police training", reviewed_by="Ana"))
    phrases = [str(t) for t in taxonomy.view("resources").include]
    narrower = add_phrases(SHIPPED.read_text(encoding="utf-8"), "resources", "exclude", phrases).text
    new_taxonomy, problems = check(narrower)
    assert new_taxonomy is not None, problems
    recoded = apply_reviews(build_model(seed_model.documents, new_taxonomy), store.reviews())
    after = _row(recoded, pid)
    assert after[C.VIEWS] == ("ssr_ddr",) and after[C.REVIEWED] == "corrected"
    assert recoded.taxonomy.version != seed_model.taxonomy.version


def test_a_review_follows_its_passage_when_the_text_moves(seed_model: Model, workspace: Path) -> None:
    store = open_store(workspace)
    pid = _gap_passage(seed_model, "resources")
    row = _row(seed_model, pid)
    review = review_from_edit(row, pid, views=(), gap=False, remedy=False, progress=False, reason="",
                              reviewed_by="Ana")
    store.add_review(replace(review, passage_id=f"{row[C.DOCUMENT]}:999"))  # its ordinal changed
    store.add_review(replace(review, passage_id="gone:001", document="gone"))
    model = apply_reviews(seed_model, store.reviews())
    assert _row(model, pid)[C.REVIEWED] == "corrected"
    assert [r.passage_id for r in orphaned(model, store.reviews())] == ["gone:001"]


def test_agreement_counts_and_kappa(seed_model: Model, workspace: Path) -> None:
    store = open_store(workspace)
    passages = seed_model.passages
    with_resources = passages[passages[C.VIEWS].map(lambda v: "resources" in v)].head(4)
    without = passages[passages[C.VIEWS].map(lambda v: "resources" not in v)].head(4)
    # experts: keep resources on 3 of 4, add it to 1 of 4 without
    for i, (_, row) in enumerate(with_resources.iterrows()):
        views = row[C.VIEWS] if i < 3 else tuple(v for v in row[C.VIEWS] if v != "resources")
        store.add_review(review_from_edit(row, row[C.PASSAGE_ID], views=views, gap=bool(row[C.GAP]),
                                          remedy=bool(row[C.REMEDY]), progress=bool(row[C.PROGRESS]), reason="",
                                          reviewed_by="Ana"))
    for i, (_, row) in enumerate(without.iterrows()):
        views = (*row[C.VIEWS], "resources") if i == 0 else row[C.VIEWS]
        store.add_review(review_from_edit(row, row[C.PASSAGE_ID], views=views, gap=bool(row[C.GAP]),
                                          remedy=bool(row[C.REMEDY]), progress=bool(row[C.PROGRESS]), reason="",
                                          reviewed_by="Ana"))
    table = agreement(apply_reviews(seed_model, store.reviews())).set_index("code")
    r = table.loc["resources"]
    assert (r["reviewed"], r["both"], r["model_only"], r["expert_only"], r["neither"]) == (8, 3, 1, 1, 3)
    assert r["precision"] == pytest.approx(0.75) and r["recall"] == pytest.approx(0.75)
    assert r["kappa"] == pytest.approx(0.5)  # observed 6/8, chance 1/2
    for flag in ("gap", "remedy", "progress"):  # the flags were kept as the model had them: no disagreement
        assert (table.loc[flag, "model_only"], table.loc[flag, "expert_only"]) == (0, 0)
        assert table.loc[flag, "both"] + table.loc[flag, "neither"] == 8


def test_agreement_without_reviews_is_empty_not_wrong(seed_model: Model) -> None:
    table = agreement(apply_reviews(seed_model, []))
    assert (table["reviewed"] == 0).all() and table["kappa"].isna().all()


def test_reviews_export_has_both_codings(seed_model: Model, workspace: Path) -> None:
    store = open_store(workspace)
    pid = _gap_passage(seed_model, "resources")
    row = _row(seed_model, pid)
    store.add_review(review_from_edit(row, pid, views=(), gap=False, remedy=False, progress=False, reason="off topic",
                                      reviewed_by="Ana"))
    table = reviews_table(store.reviews())
    record = table.iloc[0]
    assert record["model_views"] == row[C.VIEWS] and record["expert_views"] == ()
    assert (record["reason"], record["reviewed_by"], record["action"]) == ("off topic", "Ana", "corrected")


def test_a_moved_review_is_not_hidden_by_a_newer_review_at_its_old_id(seed_model: Model, workspace: Path) -> None:
    store = open_store(workspace)
    passages = seed_model.passages
    first, second = passages.iloc[10], passages.iloc[11]
    old = review_from_edit(first, str(first[C.PASSAGE_ID]), views=(), gap=False, remedy=False, progress=False,
                           reason="", reviewed_by="Ana")
    # reviewed when its id was the second passage's; later the second passage itself was reviewed
    store.add_review(replace(old, passage_id=str(second[C.PASSAGE_ID])))
    store.add_review(review_from_edit(second, str(second[C.PASSAGE_ID]), views=("benchmarks",), gap=True,
                                      remedy=False, progress=False, reason="", reviewed_by="Ben"))
    model = apply_reviews(seed_model, store.reviews())
    assert _row(model, str(first[C.PASSAGE_ID]))[C.REVIEWED] and _row(model, str(second[C.PASSAGE_ID]))[C.VIEWS] \
        == ("benchmarks",)
    assert orphaned(model, store.reviews()) == []
