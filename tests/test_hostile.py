"""Hostile and clumsy input: each input that once took the app down or bricked a workspace, refused in a sentence.

Every test here failed before its fix (issue 14). ``bench/hostile.py`` replays the same inputs and prints tried /
handled.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import DATA
from files import REPORT_2018, make_docx
from test_cli import run
from test_store import state
from test_workspace_pages import CURATE, as_ana, rerun

from bench import hostile
from gapmodel.charts import trend
from gapmodel.cli import main
from gapmodel.corpus import InputError, distinct_labels, distinct_titles, document_from_text
from gapmodel.curation import check
from gapmodel.dates import find_dates, iso_problem, last_year, misprinted_dates
from gapmodel.filters import from_query
from gapmodel.model import Model
from gapmodel.readers import extract
from gapmodel.store import SCHEMA_VERSION, Review, Store, open_store
from gapmodel.tally import tally
from gapmodel.taxonomy import Taxonomy
from gapmodel.workspace import open_workspace, prepare
from gapmodel.yamlfile import MAX_DEPTH, DataFileError, load_yaml_text

SHIPPED = (DATA / "taxonomy.yaml").read_text(encoding="utf-8")


# -- 1. YAML alias bombs and deep nesting ----------------------------------------------------------------------------
def test_an_alias_bomb_is_refused_before_anything_is_built() -> None:
    with pytest.raises(DataFileError) as caught:
        load_yaml_text(hostile.alias_bomb(), "bomb.yaml")
    assert str(caught.value) == (
        "bomb.yaml:6: written out in full (each alias '*name' as its value), it holds more than 100,000 values, far "
        "more than any taxonomy holds. Write repeated values once, or split the file.")


def test_a_file_of_plain_values_or_empty_lists_is_refused_without_talk_of_aliases() -> None:
    for text in ("x: [" + "w, " * 100_001 + "]", "x: [" + "[], " * 100_001 + "]"):
        with pytest.raises(DataFileError) as caught:
            load_yaml_text(text, "plain.yaml")
        assert str(caught.value) == ("plain.yaml:1: it holds more than 100,000 values, far more than any taxonomy "
                                     "holds. Split the file.")


def test_a_phrase_longer_than_any_phrase_is_refused() -> None:
    _, problems = check(SHIPPED.replace("      - mandate formulation\n", "      - " + "word " * 100 + "\n", 1))
    assert problems[0].endswith("this phrase is 499 characters long; a phrase is a few words (at most 200). Write "
                                "the words that name the view, not a passage.")


def test_aliases_of_a_long_phrase_are_refused_by_their_characters() -> None:
    with pytest.raises(DataFileError, match="it holds more than 2,000,000 characters"):
        load_yaml_text(hostile.text_bomb(), "long.yaml")


@pytest.mark.parametrize(("line", "shown"), [("created: 2018-02-31", "2018-02-31"),
                                             ("size: " + "9" * 5000, "9" * 37 + "..."),
                                             ("size: 0x" + "f" * 4000, "0x" + "f" * 35 + "..."),
                                             ("size: 1" + ":59" * 3000, "1" + ":59" * 12 + "...")])
def test_a_value_yaml_cannot_build_is_a_sentence_on_its_line(line: str, shown: str) -> None:
    _, problems = check(line + "\n" + SHIPPED)
    assert problems[0] == (f"your edit:1: {line.split(':')[0]}: the value '{shown}' cannot be read as written (a "
                           "date that does not exist, or a number too long to hold). Put it in quotes to keep it as "
                           "text.")


def test_a_kept_draft_with_an_impossible_date_never_stops_the_curate_page(workspace: Path) -> None:
    from test_pages import open_page

    as_ana(open_page(CURATE))
    for kept in ({"base": 1, "text": "created: 2018-02-31\n" + SHIPPED}, {"text": "views: ["}):
        open_store(workspace).keep_draft("taxonomy:Ana", json.dumps(kept))
        again = as_ana(open_page(CURATE))
        assert any("cannot be used yet" in e.value for e in again.error)
        assert any(b.label == "Discard the draft" for b in again.button)


@pytest.mark.parametrize(("text", "message"), [
    ("[" * 5000 + "]" * 5000, f"deep.yaml:1: lists and mappings are nested more than {MAX_DEPTH} deep here. A "
                              "taxonomy needs only a few levels: check the indentation and brackets."),
    ("a: &x [1, *x]", "deep.yaml:1: the alias '*x' refers to the list or mapping it is written in, so it would never "
                      "end. Write the value out instead."),
])
def test_deep_nesting_and_self_reference_are_a_sentence_not_a_recursion_error(text: str, message: str) -> None:
    with pytest.raises(DataFileError) as caught:
        load_yaml_text(text, "deep.yaml")
    assert str(caught.value) == message


def test_ordinary_aliases_stay_allowed() -> None:
    assert "*cooperation" in SHIPPED
    taxonomy, problems = check(SHIPPED)
    assert problems == [] and taxonomy is not None


def test_taxonomy_import_of_a_bomb_exits_with_a_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(hostile.alias_bomb(), encoding="utf-8")
    code, out, err = run(capsys, "taxonomy", "import", str(bomb))
    assert code == 1 and "it holds more than 100,000 values" in err and "Traceback" not in err


@pytest.mark.parametrize("draft", [hostile.alias_bomb(), "views: " + "[" * 3000 + "]" * 3000])
def test_a_kept_draft_that_cannot_be_parsed_never_stops_the_curate_page(workspace: Path, draft: str) -> None:
    from test_pages import open_page

    as_ana(open_page(CURATE))
    open_store(workspace).keep_draft("taxonomy:Ana", json.dumps({"base": 1, "text": draft}))
    again = as_ana(open_page(CURATE))  # a new session brings the kept draft back
    assert any("cannot be used yet" in e.value for e in again.error)
    next(b for b in again.button if b.label == "Discard the draft").click()
    rerun(again)
    assert again.text_area(key="curate_editor").value == SHIPPED


# -- 2. DOCX zip bombs -----------------------------------------------------------------------------------------------
def test_a_docx_with_a_huge_extra_part_is_refused_before_it_is_read() -> None:
    with pytest.raises(InputError) as caught:
        extract("bomb.docx", hostile.docx_bomb(make_docx(REPORT_2018), 300))
    assert str(caught.value) == (
        "bomb.docx unpacks to more than 100 MB of text, layout and pictures, more than this app reads. Split the "
        "document, or save it without large pictures, then add it.")


def test_a_part_that_holds_more_than_it_declares_is_refused() -> None:
    with pytest.raises(InputError, match="is a damaged file that cannot be opened"):
        extract("liar.docx", hostile.docx_understated(make_docx(REPORT_2018)))


def test_a_docx_whose_text_part_is_too_long_is_refused_before_python_docx_reads_it() -> None:
    with pytest.raises(InputError) as caught:
        extract("long.docx", hostile.docx_with_long_text(make_docx(REPORT_2018), 40))
    assert str(caught.value) == ("long.docx holds more text and layout than this app reads at once (over 12 MB "
                                 "unpacked). Split the document, then add the parts.")


def test_an_ordinary_docx_is_still_read() -> None:
    assert "utility helicopters" in extract("report.docx", make_docx(REPORT_2018)).text


# -- 3. Impossible dates ---------------------------------------------------------------------------------------------
MISPRINTED = REPORT_2018.replace("On 22 May 2018", "On 29 February 2018").replace(
    "On 9 October 2018", "From 31 February to 31 April 2018")


def test_a_day_the_calendar_does_not_have_is_no_date_and_is_named() -> None:
    assert find_dates("On 29 February 2018 the Group met.") == ()
    assert misprinted_dates("On 29 February 2018 the Group met; from 31 February to 31 April 2018 it waited.") == (
        "29 February 2018", "31 February to 31 April 2018")
    assert [d.iso for d in find_dates("29 February 2016")] == ["2016-02-29"]  # a leap year


def test_a_misprinted_meeting_is_kept_undated_with_a_warning(taxonomy: Taxonomy) -> None:
    draft = prepare("misprint.txt", MISPRINTED.encode(), [], taxonomy)
    meetings = draft.preview.meetings
    assert list(meetings["date"]) == ["2018-03-14", "2018", "2018", "2018"]
    assert list(meetings["dated"]) == [True, False, False, False]
    assert draft.misprints == (
        "Paragraph 3 names '29 February 2018', a day the calendar does not have (probably a misprint). Its meeting "
        "is kept undated: correct the date in the meetings table if you know it.",
        "Paragraph 4 names '31 February to 31 April 2018', a day the calendar does not have (probably a misprint). "
        "Its meeting is kept undated: correct the date in the meetings table if you know it.")


def test_the_meetings_and_present_pages_open_with_a_misprinted_document(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from test_pages import open_page

    report = tmp_path / "misprint.txt"
    report.write_text(MISPRINTED, encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(report))
    assert code == 0 and "'29 February 2018', a day the calendar does not have" in err
    for page in ("pages/3_meetings.py", "pages/10_present.py"):
        at = open_page(page, present_chart="timeline") if page.endswith("present.py") else open_page(page)
        assert not at.exception, [e.value for e in at.exception]


def test_the_preview_warns_of_a_misprinted_day(workspace: Path) -> None:
    from test_pages import open_page
    from test_workspace_pages import DOCUMENTS, upload

    at = upload(open_page(DOCUMENTS), "misprint.txt", MISPRINTED.encode(), "text/plain")
    assert [w.value for w in at.warning if "calendar" in w.value] == [
        "Paragraph 3 names '29 February 2018', a day the calendar does not have (probably a misprint). Its meeting "
        "is kept undated: correct the date in the meetings table if you know it.",
        "Paragraph 4 names '31 February to 31 April 2018', a day the calendar does not have (probably a misprint). "
        "Its meeting is kept undated: correct the date in the meetings table if you know it."]
    assert open_store(workspace).documents() == ()


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--date", "2018-02-31", "the date '2018-02-31' names a day that does not exist (31 February 2018). Check the "
                             "day and the month."),
    ("--period", "0000", f"the period '0000' names the year 0, outside the years this app covers (1945 to "
                         f"{last_year()}). It is probably mistyped: check it."),
    ("--period", "2019/2010", "the period '2019/2010' ends before it begins. Swap the two dates."),
    ("--period", "1018", f"the period '1018' names the year 1018, outside the years this app covers (1945 to "
                         f"{last_year()}). It is probably mistyped: check it."),
])
def test_the_cli_refuses_an_impossible_date_or_period(tmp_path: Path, workspace: Path, option: str, value: str,
                                                      message: str, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT_2018, encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(report), option, value)
    assert (code, out, err.strip()) == (1, "", f"report.txt: {message}")
    assert open_store(workspace).documents() == ()


ARABIC_2018, FULL_WIDTH_2018 = "\u0662\u0660\u0661\u0668", "\uff12\uff10\uff11\uff18"


@pytest.mark.parametrize("value", [ARABIC_2018, FULL_WIDTH_2018, f"{ARABIC_2018}/2019"])
def test_dates_in_other_digits_are_refused(value: str) -> None:
    assert iso_problem(value, "the period") == (f"the period '{value}' cannot be read. Write it as 2018, "
                                                "2018-01/2018-12 or 2018-01-01/2018-12-31.")


def test_a_backup_or_manifest_date_is_checked_against_the_calendar() -> None:
    assert iso_problem("2018-02-29") is not None and iso_problem("2016-02-29") is None
    with pytest.raises(InputError, match="names a day that does not exist"):
        document_from_text(REPORT_2018, name="r.txt", origin="workspace", overrides={"date": "2019-04-31"})


# -- 4. Mistyped years -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "message"), [
    (["brief", "--from", "0", "--to", "2200"], f"--from 0 is outside the years this app covers (1945 to "
                                                f"{last_year()}). It is probably mistyped: check it."),
    (["brief", "--to", "2200"], f"--to 2200 is outside the years this app covers (1945 to {last_year()}). It is "
                                "probably mistyped: check it."),
])
def test_brief_refuses_a_mistyped_year(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *args)
    assert (code, err.strip()) == (1, message)


def test_a_link_with_a_mistyped_year_shows_every_year(seed_model: Model) -> None:
    assert from_query({"years": "1018-2016"}, seed_model).years is None
    assert from_query({"years": "2009-2016"}, seed_model).years == (2009, 2016)


def test_years_no_document_covers_are_one_shape_per_run(seed_model: Model, taxonomy: Taxonomy) -> None:
    fig = trend(tally(seed_model, "year"), taxonomy)
    covered = sorted(int(y) for y in seed_model.passages["year"].unique())
    runs = sum(1 for a, b in zip(covered, covered[1:], strict=False) if b > a + 1)
    assert len(fig.layout.shapes) - sum(s.type == "line" for s in fig.layout.shapes) == runs
    assert runs < covered[-1] - covered[0] + 1 - len(covered)  # fewer shapes than uncovered years


# -- 5 and 6. Backups: checked completely on a copy; only our tables' rows are taken ----------------------------------
@pytest.fixture
def kept(workspace: Path, taxonomy: Taxonomy, tmp_path: Path) -> tuple[Store, Path]:
    """A workspace with a document and a revision, and its exported backup."""
    store = open_workspace(workspace)
    store.add_document(document_from_text(REPORT_2018, name="r.txt", origin="workspace"), original=b"x",
                       media_type="text/plain", added_by="Ana")
    assert main(["taxonomy", "revisions"]) == 0
    exported = tmp_path / "backup.sqlite"
    store.export_to(exported)
    return store, exported


@pytest.mark.parametrize("damage", sorted(hostile.BACKUP_DAMAGE))
def test_a_bad_backup_changes_nothing(kept: tuple[Store, Path], workspace: Path, tmp_path: Path, damage: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    store, exported = kept
    bad = hostile.damaged_backup(exported, tmp_path / f"{damage}.sqlite", damage)
    before = state(workspace)
    with pytest.raises(InputError, match=re.escape(hostile.BACKUP_DAMAGE[damage])):
        store.import_from(bad)
    assert state(workspace) == before
    assert len(store.documents()) == 1 and store.schema_version() == SCHEMA_VERSION


def test_a_backup_never_brings_triggers_views_or_indexes(kept: tuple[Store, Path], workspace: Path,
                                                          tmp_path: Path, taxonomy: Taxonomy) -> None:
    store, exported = kept
    armed = hostile.damaged_backup(exported, tmp_path / "armed.sqlite", "trigger")
    store.import_from(armed)
    conn = sqlite3.connect(workspace / "workspace.sqlite")
    objects = conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') OR "
                           "(type = 'index' AND name = 'planted')").fetchall()
    conn.close()
    assert objects == []
    store.add_review(Review("r:001", "r", "h", "text", ("resources",), True, False, False, "confirmed", "",
                            "Ana", ""))
    store.add_document(document_from_text(REPORT_2018.replace("2018", "2017"), name="s.txt", origin="workspace"),
                       original=b"y", media_type="text/plain", added_by="Ana")
    assert len(store.reviews()) == 1  # the planted trigger would have deleted every review


def test_an_older_backup_imports_and_is_migrated(kept: tuple[Store, Path], tmp_path: Path) -> None:
    store, exported = kept
    old = hostile.damaged_backup(exported, tmp_path / "v1.sqlite", "version 1")
    store.import_from(old)
    assert store.schema_version() == SCHEMA_VERSION and len(store.documents()) == 1


# -- 7. Filters whose options would read alike -----------------------------------------------------------------------
def test_documents_titled_alike_get_distinct_labels() -> None:
    a = document_from_text(REPORT_2018, name="a.txt", origin="workspace", overrides={"date": "2019-01-15"})
    b = document_from_text(REPORT_2018, name="b.txt", origin="workspace", overrides={"date": "2019-01-31"})
    c = document_from_text(REPORT_2018, name="c.txt", origin="workspace", overrides={"date": "2019-01-31"})
    assert a.short_title == b.short_title == c.short_title == "Report of January 2019"
    labels = distinct_titles([a, b, c])
    assert labels == {"a": "Report of January 2019 (dated 15 January 2019)",
                      "b": "Report of January 2019 (dated 31 January 2019) (b)",
                      "c": "Report of January 2019 (dated 31 January 2019) (c)"}
    assert distinct_labels(["x", "y", "z"], {"x": "Same", "y": "Same", "z": "Other"}.__getitem__) == {
        "x": "Same (x)", "y": "Same (y)", "z": "Other"}


def test_labels_made_to_look_like_another_s_suffix_are_still_told_apart() -> None:
    from dataclasses import replace

    base = document_from_text(REPORT_2018, name="r.txt", origin="workspace", overrides={"date": "2019-01-15"})
    docs = [replace(base, id="report-1", symbol="x"), replace(base, id="report-2", symbol="x"),
            replace(base, id="report-4", symbol="x) (report-1"),
            replace(base, id="report-3", symbol="x) (report-1) (report-4")]
    labels = distinct_titles(docs)
    assert len(set(labels.values())) == 4


def test_the_documents_filter_keeps_the_document_chosen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from test_pages import open_page

    for name, date in (("first.txt", "2019-01-15"), ("second.txt", "2019-01-31")):
        (tmp_path / name).write_text(REPORT_2018 if name == "first.txt" else REPORT_2018.replace("three", "four"),
                                     encoding="utf-8")
        assert run(capsys, "ingest", str(tmp_path / name), "--date", date)[0] == 0
    at = open_page("pages/4_evidence.py")
    box = at.sidebar.multiselect(key="filter_documents")
    labels = list(box.options)  # as shown
    assert "Report of January 2019 (dated 31 January 2019)" in labels and len(set(labels)) == len(labels)
    box.set_value(["second"])
    rerun(at)
    rerun(at)
    assert at.sidebar.multiselect(key="filter_documents").value == ["second"]
    assert at.query_params.get("documents") in (["second"], "second")


# -- 8. A new workspace opened by several processes at once ----------------------------------------------------------
def test_a_new_workspace_appears_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gapmodel import store as store_module

    home = tmp_path / "new"
    seen: list[bool] = []
    migrate = store_module._migrate

    def watched(conn: sqlite3.Connection) -> None:
        seen.append((home / "workspace.sqlite").exists())  # another process would open a half-made file
        migrate(conn)

    monkeypatch.setattr(store_module, "_migrate", watched)
    Store(home / "workspace.sqlite").documents()
    assert seen == [False]
    assert [p.name for p in home.iterdir()] == ["workspace.sqlite"]


def test_many_processes_opening_a_new_workspace_all_succeed(tmp_path: Path) -> None:
    results = hostile.open_concurrently(tmp_path / "shared", processes=8)
    assert results == ["ok"] * 8
    assert not [p for p in os.listdir(tmp_path / "shared") if p.startswith(".tmp-")]


# -- 9. Regexes that match nothing or cost too much ------------------------------------------------------------------
@pytest.mark.parametrize(("regex", "message"), [
    ("x*", 'the regex "x*" also matches where there is no text at all (an empty match), so it would code every '
           "passage. Make it require at least one character, e.g. x+ instead of x*."),
    ("\\b", 'the regex "\\b" also matches where there is no text at all (an empty match), so it would code every '
              "passage. Make it require at least one character, e.g. x+ instead of x*."),
    ("a{1000}", 'the regex "a{1000}" is too large to run quickly (size 1,004; at most 1,000). Use fewer or smaller '
                "repeats such as {2,5}, or write phrases under include."),
])
def test_a_regex_that_codes_everything_or_runs_slowly_is_refused(regex: str, message: str) -> None:
    _, problems = check(hostile.with_regexes(SHIPPED, [regex]))
    assert len(problems) == 1 and problems[0].endswith(message)


def test_many_large_regexes_are_refused_together() -> None:
    _, problems = check(hostile.with_regexes(SHIPPED, ["a{900}"] * 12))
    views_line = SHIPPED.splitlines().index("views:") + 1
    assert problems == [f"your edit:{views_line}: views: the regexes are too large together to run quickly (size "
                        "10,848; at most 10,000). Write some of them as phrases under include."]


def test_bench_replay_handles_every_input(tmp_path: Path) -> None:
    tried, handled, failures = hostile.replay(tmp_path)
    assert tried >= 20 and handled == tried, failures


def test_a_review_naming_a_view_the_taxonomy_dropped_is_listed(workspace: Path) -> None:
    from test_pages import open_page

    open_store(workspace).add_review(Review("wgpko-2006:013", "wgpko-2006", "h", "text", ("no_such_view",), True,
                                            False, False, "corrected", "gone", "Ana", ""))
    at = open_page("pages/13_reviews.py")
    assert not at.exception, [e.value for e in at.exception]
    assert "no_such_view (not in the taxonomy now)" in " ".join(
        str(v) for d in at.dataframe for v in d.value.get("expert_views", []))


def test_a_backup_s_counter_at_the_largest_integer_does_not_stop_later_saves(kept: tuple[Store, Path],
                                                                             tmp_path: Path) -> None:
    store, exported = kept
    store.import_from(hostile.damaged_backup(exported, tmp_path / "counter.sqlite", "counter at the largest integer"))
    store.add_review(Review("r:001", "r", "h", "text", ("resources",), True, False, False, "confirmed", "", "Ana", ""))
    assert len(store.reviews()) == 1
