"""Every page through Streamlit's AppTest: it runs, shows what gapmodel says, and follows the filters."""

from __future__ import annotations

import json

import pytest
from conftest import DATA, ROOT
from streamlit.testing.v1 import AppTest

from gapmodel import columns as C
from gapmodel.model import Model
from gapmodel.tally import recurrence, tally
from gapmodel.taxonomy import Taxonomy

PAGES = ["pages/1_overview.py", "pages/2_trends.py", "pages/3_meetings.py", "pages/4_evidence.py",
         "pages/5_missions.py", "pages/6_cooccurrence.py", "pages/7_taxonomy.py", "pages/8_method.py",
         "pages/9_briefing.py", "pages/10_present.py", "pages/11_documents.py", "pages/12_curate.py",
         "pages/13_reviews.py", "pages/14_compare.py"]


def open_page(page: str, **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
    for key, value in state.items():
        at.session_state[key] = value
        at.session_state["_kept_" + key] = value  # as a widget's on_change would keep it
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figure(at: AppTest, index: int = 0) -> dict[str, object]:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_seed_corpus(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPMODEL_CORPUS", str(DATA))
    at = open_page(page)
    assert at.title and at.title[0].value


@pytest.mark.usefixtures("mini_corpus")
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_a_small_corpus(page: str) -> None:
    open_page(page)


@pytest.mark.usefixtures("mini_corpus")
def test_overview_heatmap_equals_the_tally(mini: Model) -> None:
    at = open_page(PAGES[0])
    assert [m.value for m in at.metric][:4] == ["2", "2", "7", "3"]
    trace = figure(at)["data"][0]
    expected = tally(mini, "year", gaps_only=True).set_index([C.VIEW, C.SUBVIEW, C.YEAR])[C.PASSAGES]
    labels = {mini.taxonomy.label(v.id): v.id for v in mini.taxonomy.views}
    for y_label, row, cells in zip(trace["y"], trace["z"], trace["customdata"], strict=True):
        for z, (view, sub, year) in zip(row, cells, strict=True):
            assert labels[y_label.replace("<br>", " ")] == view
            if year in (2011, 2013):
                assert z == expected[(view, sub, year)]
            else:
                assert z is None  # 2012: no document, not zero


@pytest.mark.usefixtures("mini_corpus")
def test_a_view_filter_changes_the_heatmap_and_the_url() -> None:
    at = open_page(PAGES[0], filter_views=["resources", "protection_of_civilians"])
    assert figure(at)["data"][0]["y"] == ["Resources and capabilities", "Protection of civilians"]
    assert at.query_params["views"] in ("resources,protection_of_civilians", ["resources,protection_of_civilians"])


@pytest.mark.usefixtures("mini_corpus")
def test_a_link_reproduces_the_filters() -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["views"] = "resources"
    at.query_params["stance"] = "gap"
    at.run()
    assert at.multiselect(key="filter_views").value == ["resources"]
    assert at.radio(key="filter_stance").value == "gap"


@pytest.mark.usefixtures("mini_corpus")
def test_clicking_a_heatmap_cell_lists_the_passages_behind_it() -> None:
    click = {"selection": {"points": [{"customdata": ["resources", "", 2013]}], "point_indices": [0],
                           "box": [], "lasso": []}}
    at = open_page(PAGES[0], overview_heatmap=click)
    assert [h.value for h in at.subheader][0] == "1 gap passage on Resources and capabilities in 2013"
    assert any("shortfall of helicopters" in m.value for m in at.markdown)


@pytest.mark.usefixtures("mini_corpus")
def test_trends_counts_or_shares() -> None:
    at = open_page(PAGES[1], trends_value="share")
    assert figure(at)["layout"]["yaxis"]["tickformat"] == ".0%"
    at = open_page(PAGES[1], trends_kind="bars")
    assert figure(at)["data"][0]["type"] == "bar"


@pytest.mark.usefixtures("mini_corpus")
def test_meetings_page_shows_a_meeting_and_its_passages() -> None:
    at = open_page(PAGES[2], meetings_pick="mini-2013/2013-05-02")
    assert any("Meeting of 2 May 2013" in m.value for m in at.markdown)
    assert any(h.value == "3 passages from this meeting" for h in at.subheader)


@pytest.mark.usefixtures("mini_corpus")
def test_evidence_search_and_empty_results() -> None:
    at = open_page(PAGES[3], evidence_text="helicopters")
    assert any("**2 passages** match" in m.value for m in at.markdown)
    at = open_page(PAGES[3], evidence_text="zeppelin")
    assert at.info[0].value == 'No passage matches these filters. Try loosening the search "zeppelin".'


@pytest.mark.usefixtures("mini_corpus")
def test_missions_all_passages_by_default_and_the_gap_list_with_gaps_only(mini: Model) -> None:
    at = open_page(PAGES[4], missions_pick="UNMIS")
    assert not at.info
    assert [h.value for h in at.subheader] == ["Passages about UNMIS: 1 passage"]
    assert figure(at)["layout"]["title"]["text"] == "Passages about UNMIS, by view and year"
    at = open_page(PAGES[4], missions_pick="UNMIS", filter_stance="gap")
    assert at.info[0].value == ("The documents name UNMIS in 1 passage, but none of them is among the gap passages. "
                                "To read them, choose 'All passages' under Passages in the sidebar.")
    assert at.query_params["mission"] == "UNMIS"  # the link keeps the mission, even with nothing to show
    assert at.selectbox(key="missions_pick").format_func("UNMIS").endswith("(1 passage, 0 gap passages)")
    at = open_page(PAGES[4], missions_pick="UNMIS", filter_views=["partnerships"])
    assert at.info[0].value == ("The documents name UNMIS in 1 passage, but none of them is among the passages on "
                                "the chosen views. To read them, clear the Views filter in the sidebar.")


def test_missions_gap_list_follows_the_passages_filter(seed_model: Model, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPMODEL_CORPUS", str(DATA))
    named = seed_model.passages[seed_model.passages[C.MISSIONS].map(lambda m: "UNAMA" in m)]
    gaps = int(named[C.GAP].sum())
    assert 0 < gaps < len(named)
    at = open_page(PAGES[4], missions_pick="UNAMA")
    assert [h.value for h in at.subheader] == [f"Passages about UNAMA: {len(named)} passages"]
    at = open_page(PAGES[4], missions_pick="UNAMA", filter_stance="gap")
    assert [h.value for h in at.subheader] == [f"Gap list of UNAMA: {gaps} gap passage{'s' * (gaps != 1)}"]
    assert figure(at)["layout"]["title"]["text"] == "Gap passages about UNAMA, by view and year"


@pytest.mark.usefixtures("mini_corpus")
def test_cooccurrence_click_through() -> None:
    click = {"selection": {"points": [{"customdata": ["resources", "protection_of_civilians"]}]}}
    at = open_page(PAGES[5], cooccurrence_matrix=click)
    assert at.subheader[0].value == "1 passage on Resources and capabilities and Protection of civilians"


def test_method_shows_measured_accuracy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPMODEL_CORPUS", str(DATA))
    at = open_page(PAGES[7])
    report = json.loads((ROOT / "bench" / "ACCURACY.json").read_text(encoding="utf-8"))
    table = at.dataframe[0].value
    seed = report["sets"]["seed"]
    assert table["seed"].iloc[0] == (f"{seed['scores']['mandate_formulation']['f1']:.2f} "
                                     f"({seed['intervals']['mandate_formulation']['f1'][0]:.2f}-"
                                     f"{seed['intervals']['mandate_formulation']['f1'][1]:.2f})")
    assert {"seed", "tuning", "test", "humans"} <= set(table.columns) and len(table) == 8
    captions = " ".join(c.value for c in at.caption)
    assert seed["measured"] in captions and "never read for errors" in captions


@pytest.mark.usefixtures("mini_corpus")
def test_a_broken_taxonomy_is_a_sentence_not_a_traceback(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "taxonomy.yaml"
    bad.write_text("views: [", encoding="utf-8")
    monkeypatch.setenv("GAPMODEL_TAXONOMY", str(bad))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    assert not at.exception
    assert at.error[0].value.startswith("The data could not be loaded. ")
    assert "the file is not valid YAML" in at.error[0].value


@pytest.mark.usefixtures("mini_corpus")
def test_pin_reorder_annotate_and_clear_the_basket() -> None:
    at = open_page(PAGES[3], evidence_text="helicopters")
    pins = [b for b in at.button if b.label == "Pin to basket"]
    assert len(pins) == 2
    pins[0].click().run()
    [b for b in at.button if b.label == "Pin to basket"][0].click().run()
    assert [i["id"] for i in at.session_state["basket"]] == ["mini-2011:002", "mini-2013:002"]
    at.switch_page(PAGES[8]).run()
    assert at.subheader[0].value == "Evidence basket (2)"
    at.button(key="briefing_down_mini-2011:002").click().run()
    assert [i["id"] for i in at.session_state["basket"]] == ["mini-2013:002", "mini-2011:002"]
    at.text_input(key="briefing_note_mini-2013:002").input("helicopter shortfall again").run()
    assert at.session_state["basket"][0]["note"] == "helicopter shortfall again"
    preview = " ".join(m.value for m in at.markdown)
    assert preview.index("shortfall of helicopters") < preview.index("lack of utility helicopters")
    assert "*Note: helicopter shortfall again*" in preview
    at.button(key="briefing_clear").click().run()
    assert at.session_state["basket"] == [] and at.subheader[0].value == "Evidence basket (0)"


@pytest.mark.usefixtures("mini_corpus")
def test_briefing_note_preview_and_downloads() -> None:
    at = open_page(PAGES[8], filter_views=["resources"])
    preview = " ".join(m.value for m in at.markdown)
    assert "# Briefing note: gaps in resources and capabilities" in preview
    assert "were raised in 2 of 2 years with documents (2011, 2013)" in preview
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download as Markdown", "Tallies (CSV)", "Passages with citations (CSV)", "Both (XLSX)"]


@pytest.mark.usefixtures("mini_corpus")
def test_presentation_mode_has_a_source_line(taxonomy: Taxonomy) -> None:
    at = open_page(PAGES[9], present_chart="lines")
    layout = figure(at)["layout"]
    assert layout["font"]["size"] == 20 and layout["height"] >= 820
    source = layout["annotations"][-1]["text"]
    source = source.replace("<br>", " ")
    assert source.startswith("Source: Mandate Gap Monitor; Report of January 2012, Report of January 2014; "
                             "filters: none")
    assert source.endswith(f"taxonomy {taxonomy.version}.")


@pytest.mark.usefixtures("mini_corpus")
def test_a_persistent_gap_row_lists_its_passages() -> None:
    at = open_page(PAGES[0], overview_persistent_0={"selection": {"rows": [0], "columns": [], "cells": []}})
    heading = [h.value for h in at.subheader if " on " in h.value]
    assert heading == ["2 gap passages on Air mobility and helicopters"]
    assert "Raised in 2011, 2013; most recently at Meeting of 2 May 2013." in [c.value for c in at.caption]


@pytest.mark.usefixtures("mini_corpus")
def test_a_selected_persistent_row_is_forgotten_when_the_rows_change() -> None:
    at = open_page(PAGES[0], overview_persistent_0={"selection": {"rows": [1], "columns": [], "cells": []}})
    assert len(at.subheader) == 2 and " gap passage" in at.subheader[1].value  # its passages are shown
    at.radio(key="overview_level").set_value("views").run()  # other rows: row 1 would name another gap, or none
    assert not at.exception
    assert persistent_key(at) == "overview_persistent_1"
    assert [h.value for h in at.subheader] == ["The most persistent gaps"]


def persistent_key(at: AppTest) -> str:
    return next(d.key for d in at.dataframe if d.key and d.key.startswith("overview_persistent_"))


def test_persistent_gaps_list_every_sub_view_and_view_sorted_as_asked(seed_model: Model,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPMODEL_CORPUS", str(DATA))
    facts = recurrence(seed_model)
    subviews, views = facts[facts[C.SUBVIEW] != ""], facts[facts[C.SUBVIEW] == ""]
    at = open_page(PAGES[0])
    table = at.dataframe(key=persistent_key(at)).value
    assert len(table) == len(subviews) > 10  # every sub-view raised as a gap, not ten
    assert list(table["years"]) == sorted(table["years"], reverse=True)
    first = table.iloc[0]
    assert (first["gap"], first["generic"], first["year_list"]) == (
        "Drafting, changing and renewing mandates", "generic", "2005–06, 2009–10, 2016")
    assert first["last_meeting"] == "Report of February 2017 (no meeting named)"
    assert set(table["gap"]) >= {"Clear, achievable and realistic mandates", "Benchmarks and indicators"}
    at = open_page(PAGES[0], overview_sort="first_year")
    table = at.dataframe(key=persistent_key(at)).value
    assert list(table["first_year"]) == sorted(table["first_year"])
    assert at.query_params["sort"] == "first_year"  # the link keeps the order
    at = open_page(PAGES[0], overview_sort="last_year", overview_level="views")
    table = at.dataframe(key=persistent_key(at)).value
    assert len(table) == len(views)
    assert list(table["last_year"]) == sorted(table["last_year"], reverse=True)


@pytest.mark.usefixtures("mini_corpus")
def test_a_page_opened_directly_draws_the_filters_from_its_link() -> None:
    # On a fresh server a direct link runs the page file itself, before dashboard.py has ever run.
    at = AppTest.from_file(str(ROOT / "pages" / "2_trends.py"), default_timeout=90)
    at.query_params["views"] = "resources"
    at.run()
    assert not at.exception
    assert at.multiselect(key="filter_views").value == ["resources"]
    assert [t["name"] for t in figure(at)["data"]] == ["Resources and capabilities"]


@pytest.mark.usefixtures("mini_corpus")
def test_where_else_was_this_said_is_asked_on_a_card(mini: Model) -> None:
    from gapmodel import similar

    similar._KEPT.indexes.pop(mini.text_version, None)  # whatever ran before in this process
    at = open_page(PAGES[3], evidence_text="helicopters")
    toggles = [t for t in at.toggle if t.key.startswith("evidence_results_similar_")]
    assert [t.label for t in toggles] == ["Where else was this said?"] * 2
    assert not any("Where else this was said" in m.value for m in at.markdown)
    assert not similar.has_similarity_index(mini)  # nothing is computed until a card asks
    at.toggle(key="evidence_results_similar_mini-2011:002").set_value(True).run()
    assert not at.exception
    said = [m.value for m in at.markdown if m.value.startswith("**Where else this was said**")]
    assert len(said) == 1
    # the 2013 report's helicopter shortfall, the only passage of another document sharing "helicopters"
    assert "1. Report of the Working Group for 2013 \\(test fixture\\), dated 20 January 2014, para. 2" in said[0]
    assert "alike in words; both coded: Air mobility and helicopters; both say: helicopters." in said[0]
    assert "Report of the Working Group for 2011" not in said[0]  # never its own document
