"""Saved models: read back equal to the coded ones, never trusted when damaged, the newest few kept."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pandas as pd

from gapmodel import columns as C
from gapmodel.corpus import MeetingEdit
from gapmodel.filters import Filters, select
from gapmodel.model import Model, build_model
from gapmodel.modelcache import KEEP, _where, load_model, save_model
from gapmodel.tally import tally


def test_a_saved_model_reads_back_as_it_was_coded(seed_model: Model, tmp_path: Path) -> None:
    assert save_model(seed_model, "seed", tmp_path)
    loaded = load_model("seed", seed_model.taxonomy, tmp_path)
    assert loaded is not None
    assert loaded.documents == seed_model.documents
    assert (loaded.version, loaded.text_version) == (seed_model.version, seed_model.text_version)
    for name in ("passages", "evidence", "meetings", "discrepancies", "skipped"):
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(seed_model, name), check_categorical=False)
    assert loaded.passages[C.VIEWS].map(type).eq(tuple).all()
    pd.testing.assert_frame_equal(tally(loaded, "meeting", subviews=True), tally(seed_model, "meeting", subviews=True))
    view = seed_model.taxonomy.views[0].id
    assert list(select(loaded, Filters(views=(view,)))[C.PASSAGE_ID]) == \
        list(select(seed_model, Filters(views=(view,)))[C.PASSAGE_ID])
    some = loaded.passages.iloc[[5, 6]]
    assert len(loaded.evidence_of(some)) == len(seed_model.evidence_of(seed_model.passages.iloc[[5, 6]])) > 0


def test_meeting_corrections_are_kept(seed_model: Model, tmp_path: Path) -> None:
    doc = replace(seed_model.documents[0], meeting_edits=(MeetingEdit("m1", "2006-03-01", "formal", "Air"),))
    model = build_model([doc], seed_model.taxonomy)
    assert save_model(model, "edited", tmp_path)
    loaded = load_model("edited", seed_model.taxonomy, tmp_path)
    assert loaded is not None and loaded.documents == (doc,)


def test_nothing_saved_or_damaged_is_coded_again(seed_model: Model, tmp_path: Path) -> None:
    assert load_model("never saved", seed_model.taxonomy, tmp_path) is None
    assert save_model(seed_model, "seed", tmp_path)
    (_where("seed", tmp_path) / "passages.parquet").write_bytes(b"not parquet")
    assert load_model("seed", seed_model.taxonomy, tmp_path) is None
    for damage in ("{}", "[]", '{"views": [], "subviews": [], "missions": [], "actors": []}'):
        assert save_model(seed_model, "seed", tmp_path)
        (_where("seed", tmp_path) / "combinations.json").write_text(damage)
        assert load_model("seed", seed_model.taxonomy, tmp_path) is None
        assert not _where("seed", tmp_path).exists()  # removed: the next start codes and saves again
    for damage in ("{}", "not json"):
        assert save_model(seed_model, "seed", tmp_path)
        (_where("seed", tmp_path) / "versions.json").write_text(damage)
        assert load_model("seed", seed_model.taxonomy, tmp_path) is None


def test_a_file_in_the_way_only_costs_time(seed_model: Model, tmp_path: Path) -> None:
    (tmp_path / "models").write_text("a file where the folder should be")
    assert save_model(seed_model, "seed", tmp_path / "models") is False


def test_the_newest_models_are_kept(seed_model: Model, tmp_path: Path) -> None:
    small = build_model(seed_model.documents[:1], seed_model.taxonomy)
    for k in range(KEEP + 2):
        assert save_model(small, f"key {k}", tmp_path)
        os.utime(_where(f"key {k}", tmp_path), (k, k))  # saved one after the other
    kept = [k for k in range(KEEP + 2) if _where(f"key {k}", tmp_path).exists()]
    assert kept == list(range(2, KEEP + 2))
