"""The integer index behind filters and tallies, and the full-text search."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gapmodel import columns as C
from gapmodel.index import rows_in
from gapmodel.model import Model
from gapmodel.search import SearchIndex, fts_query, search, terms
from gapmodel.tables import write_tables
from gapmodel.tally import cooccurrence, passages_behind, tally


def test_the_index_holds_the_frames_codes(seed_model: Model) -> None:
    index, p = seed_model.index, seed_model.passages
    for view in index.views.ids:
        assert index.views.column(view).tolist() == [view in vs for vs in p[C.VIEWS]]
    for sub in index.subviews.ids:
        assert index.subviews.column(sub).tolist() == [sub in vs for vs in p[C.SUBVIEWS]]
    for mission in index.missions.ids:
        assert index.missions.column(mission).tolist() == [mission in ms for ms in p[C.MISSIONS]]
    meetings = index.keys[C.MEETING]
    assert list(meetings.values[meetings.codes]) == list(p[C.MEETING])
    assert not index.views.column("no such view").any()
    assert not index.keys[C.DOCUMENT].matching(["no such document"]).any()


def test_a_frame_cut_from_the_model_is_found_by_position(seed_model: Model) -> None:
    p = seed_model.passages
    part = p[p[C.GAP]]
    assert rows_in(p, part).tolist() == np.flatnonzero(p[C.GAP].to_numpy()).tolist()
    assert rows_in(p, p.iloc[0:0]).tolist() == []
    assert rows_in(p, p.reset_index(drop=True).iloc[::-1].reset_index(drop=True)) is None  # same labels, other rows
    order = list(range(18))
    order[1], order[8] = 8, 1
    assert rows_in(p, p.iloc[order].reset_index(drop=True)) is None  # two rows swapped, labels renumbered
    assert rows_in(p, pd.concat([p.iloc[:3], p.iloc[:3]])) is None  # a passage twice


def test_a_frame_made_elsewhere_is_counted_on_its_own(seed_model: Model) -> None:
    p = seed_model.passages
    cut = p[p[C.YEAR] == 2009]
    made = cut.sample(frac=1.0, random_state=3).reset_index(drop=True)  # positions no longer the model's
    assert rows_in(p, made) is None
    expected = tally(seed_model, "meeting", subviews=True, passages=cut, with_meetings=True)
    pd.testing.assert_frame_equal(tally(seed_model, "meeting", subviews=True, passages=made, with_meetings=True),
                                  expected)
    view = seed_model.taxonomy.views[0].id
    assert set(passages_behind(seed_model, view, passages=made)[C.PASSAGE_ID]) == \
        set(passages_behind(seed_model, view, passages=cut)[C.PASSAGE_ID])
    pd.testing.assert_frame_equal(cooccurrence(seed_model, made, [view, "resources"]),
                                  cooccurrence(seed_model, cut, [view, "resources"]))


def test_a_tally_cell_counts_the_passages_behind_it(seed_model: Model) -> None:
    frame = tally(seed_model, "mission", with_meetings=True)
    busiest = frame.sort_values(C.PASSAGES).iloc[-1]
    behind = passages_behind(seed_model, busiest[C.VIEW], by="mission", key=busiest[C.MISSION])
    assert len(behind) == busiest[C.PASSAGES] > 0
    assert behind[C.DOCUMENT].nunique() == busiest[C.DOCUMENTS]
    assert behind[C.MEETING].nunique() == busiest["meetings"]
    assert int(behind[C.GAP].sum()) == busiest[C.GAP_PASSAGES]


@pytest.mark.parametrize(("query", "expression"), [
    ("helicopters", '"helicopter"*'),
    ("capabilities processes UNMIS", '"capabiliti"* AND "process"* AND "UNMIS"*'),
    ('"exit strategy" mandates', '"exit" AND "strategy"* AND "mandat"*'),
    ("troop-contributing", '"troop" AND "contributing"*'),
    ('" AND NEAR( * -x', '"AND"* AND "NEAR"* AND "x"*'),  # FTS5 syntax typed by a user is only words
    ('"" * ()', None),
])
def test_a_search_is_words_only(query: str, expression: str | None) -> None:
    assert fts_query(query) == expression


def test_search_finds_words_in_any_case_and_ending() -> None:
    texts = ["The mission lacks Helicopters.", "A helicopter unit arrived.", "Exit strategy papers.",
             "The Council's view.", "The Council stressed it.", "Police and policies."]
    index = SearchIndex(iter(texts), len(texts))
    assert index.matching("helicopters").tolist() == [True, True, False, False, False, False]
    assert index.matching('"exit strategy"', texts.__getitem__).tolist() == [False, False, True, False, False, False]
    assert index.matching("mission helicopter").tolist() == [True, False, False, False, False, False]
    assert index.matching("Council's", texts.__getitem__).tolist() == [False, False, False, True, False, False]
    assert index.matching("policies").tolist() == [False, False, False, False, False, True]  # never "police"
    assert not index.matching("").any()  # no word, nothing found
    assert not index.matching("-").any()
    assert not index.matching("submarines").any()


@pytest.mark.parametrize("query", ["helicopters", "policies", "parties", "series", "crises", "resources",
                                   "Council's", "troop-contributing", '"exit strategy"', "mandate UNMIS"])
def test_search_finds_what_a_scan_of_the_texts_finds(seed_model: Model, query: str) -> None:
    """The index answers as the scan it replaced: every term at the start of a word, in any case."""
    texts = seed_model.passages[C.TEXT]
    expected = np.ones(len(texts), dtype=bool)
    for term in terms(query):
        expected &= texts.str.contains(r"\b" + re.escape(term), case=False, regex=True).to_numpy(dtype=bool)
    assert search(seed_model, query).tolist() == expected.tolist()


def test_evidence_of_passages_matches_a_scan(seed_model: Model) -> None:
    some = seed_model.passages.iloc[[3, 40, 41, 200]]
    scanned = seed_model.evidence[seed_model.evidence[C.PASSAGE_ID].isin(some[C.PASSAGE_ID])]
    pd.testing.assert_frame_equal(seed_model.evidence_of(some), scanned)


def test_the_tally_sql_gives_the_tallys_counts(seed_model: Model, tmp_path: Path) -> None:
    """The SQL shipped for other engines, run here by SQLite on the exported tables, counts as tally() does."""
    written = write_tables(seed_model, tmp_path)
    assert sorted(p.name for p in written) == ["passage_codes.parquet", "passage_missions.parquet",
                                                "passages.parquet", "tally.sql"]
    db = sqlite3.connect(":memory:")
    for name in ("passages", "passage_codes", "passage_missions"):
        pd.read_parquet(tmp_path / f"{name}.parquet").to_sql(name, db, index=False)
    by_sql = pd.read_sql_query((tmp_path / "tally.sql").read_text(), db)
    ours = tally(seed_model, "year", subviews=True, with_meetings=True)
    ours = ours[ours[C.PASSAGES] > 0].sort_values([C.VIEW, C.SUBVIEW, C.YEAR]).reset_index(drop=True)
    # shares agree to the 4th decimal (SQL rounds a half up, numpy to even)
    pd.testing.assert_frame_equal(by_sql[ours.columns.tolist()], ours, check_dtype=False, check_exact=False,
                                  atol=2e-4)
    missions = pd.read_sql_query("SELECT mission, COUNT(*) AS n FROM passage_missions GROUP BY mission", db)
    assert dict(zip(missions["mission"], missions["n"], strict=True)) == {
        m: int(seed_model.index.missions.column(m).sum()) for m in seed_model.index.missions.ids}


def test_building_in_chunks_changes_nothing_and_leaves_columns_in_one_piece(
        seed_model: Model, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa

    from gapmodel import model as model_module

    monkeypatch.setattr(model_module._Table, "CHUNK", 97)
    assert len(seed_model.passages) > 3 * 97  # so the seed corpus is built in four chunks or more
    chunked = model_module.build_model(seed_model.documents, seed_model.taxonomy)
    pd.testing.assert_frame_equal(chunked.passages, seed_model.passages)
    pd.testing.assert_frame_equal(chunked.evidence, seed_model.evidence)
    for column in (C.PASSAGE_ID, C.TEXT, C.MEETING):
        data = pa.array(chunked.passages[column])
        assert not isinstance(data, pa.ChunkedArray) or data.num_chunks == 1, column
    assert isinstance(chunked.passages[C.SECTION_TITLE].dtype, pd.CategoricalDtype)
    joined = pd.concat([seed_model.passages.head(5), seed_model.passages.tail(5)])
    if isinstance(pa.array(joined[C.TEXT]), pa.ChunkedArray):  # Arrow strings (pandas 3): in pieces, then one
        assert pa.array(joined[C.TEXT]).num_chunks == 2
        assert not isinstance(pa.array(model_module.in_one_piece(joined)[C.TEXT]), pa.ChunkedArray)


def test_the_text_version_follows_the_texts_alone(seed_model: Model) -> None:
    from dataclasses import replace

    from gapmodel.corpus import pack_text
    from gapmodel.model import build_model

    documents, taxonomy = seed_model.documents[:2], seed_model.taxonomy
    base = build_model(documents, taxonomy)
    for other in (build_model([replace(documents[0], title="Another title"), documents[1]], taxonomy),
                  build_model(documents, replace(taxonomy, version="another taxonomy"))):
        assert other.text_version == base.text_version and other.version != base.version  # the search index stays
    edited = build_model([replace(documents[0], packed_text=pack_text(documents[0].text + " More.")), documents[1]],
                         taxonomy)
    assert edited.text_version != base.text_version and edited.version != base.version


def test_arrow_allocates_through_the_system_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa

    from gapmodel.model import use_system_allocator

    before = pa.default_memory_pool()
    try:
        monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")
        pa.set_memory_pool(pa.mimalloc_memory_pool())
        use_system_allocator()
        assert pa.default_memory_pool().backend_name == "mimalloc"  # the variable chose
        monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
        use_system_allocator()
        assert pa.default_memory_pool().backend_name == "system"
    finally:
        pa.set_memory_pool(before)
