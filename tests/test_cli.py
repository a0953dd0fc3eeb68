"""The command line: each subcommand, and each bad input as one sentence and a non-zero exit."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import DATA, FIXTURES, ROOT
from files import report
from test_store import state

from gapmodel.cli import main, parser
from gapmodel.corpus import Document
from gapmodel.store import open_store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def snapshot(*folders: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for folder in folders if folder.exists()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_subcommand_has_help() -> None:
    sub = next(a for a in parser()._actions if a.dest == "command")
    assert set(sub.choices) == {"passages", "meetings", "tally", "code", "brief", "ingest", "documents", "remove",
                                "restore", "taxonomy", "workspace", "reviews", "agreement", "tables"}
    for name, action in sub.choices.items():
        assert action.format_help(), name
        assert name in (ROOT / "README.md").read_text(encoding="utf-8")


def test_passages_jsonl(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "jsonl", "passages")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 396
    assert {"passage_id", "label", "section", "meeting", "year", "views", "gap", "start", "end", "text"} <= set(rows[0])


def test_meetings_csv_records_the_discrepancies(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "csv", "meetings")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 40
    burundi = next(r for r in rows if r["meeting"] == "wgpko-2006/2005-12-09")
    assert burundi["discrepancy"] == "text says 2006-12-09 (wgpko-2006:015)"


@pytest.mark.parametrize("by", ["year", "meeting", "document", "mission"])
def test_tally_by_each_key(capsys: pytest.CaptureFixture[str], by: str) -> None:
    code, out, _ = run(capsys, "--format", "csv", "tally", "--by", by, "--view", "resources", "--subviews")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows
    assert set(rows[0]) == {"view", "subview", by, "passages", "gap_passages", "share", "documents", "reviewed"}
    assert {r["view"] for r in rows} == {"resources"} and any(r["subview"] for r in rows)


def test_tally_gaps_only_and_table_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tally", "--by", "year", "--view", "protection_of_civilians", "--gaps-only")
    assert code == 0
    assert out.splitlines()[0].split() == ["view", "subview", "year", "passages", "gap_passages", "share",
                                           "documents", "reviewed"]


def test_corpus_option_reads_a_bare_folder_of_texts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("mini-2011.txt", "mini-2013.txt"):
        (tmp_path / name).write_bytes((FIXTURES / "mini" / name).read_bytes())
    code, out, _ = run(capsys, "--corpus", str(tmp_path), "--format", "csv", "tally", "--by", "year",
                       "--view", "resources")
    assert code == 0
    assert [r["year"] for r in csv.DictReader(io.StringIO(out))] == ["2011", "2013"]


def test_code_reads_json_lines_and_gives_evidence_offsets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Many participants stressed the lack of utility helicopters in UNMISS."
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "p1", "text": text}) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "code", str(source))
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert record["views"] == ["resources"] and "resources.air_mobility" in record["subviews"]
    assert (record["gap"], record["breadth"], record["missions"]) == (True, "many", ["UNMISS"])
    for e in record["evidence"]:
        assert text[e["start"]:e["end"]].lower().startswith(e["term"].lower()[:4])


def test_code_reads_standard_input() -> None:
    done = subprocess.run([sys.executable, "-m", "gapmodel", "code"], input=b'{"id": 7, "text": "Need for '
                          b'clear and achievable mandates"}\n', capture_output=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["id"] == 7 and record["views"] == ["mandate_formulation"] and record["gap"] is True


def test_ingest_adds_to_the_workspace_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_before = snapshot(DATA)
    report = tmp_path / "report-2018.md"
    report.write_text("# Report of the Working Group\n\nLetter dated 9 March 2018 from the Chair\n\n"
                      "1. Many participants stressed the lack of helicopters in MINUSMA.\n", encoding="utf-8")
    code, out, _ = run(capsys, "ingest", str(report), "--kind", "report")
    assert code == 0 and "Added 'report-2018'" in out and "covering 2018" in out
    assert snapshot(DATA) == data_before
    code, out, _ = run(capsys, "--format", "csv", "tally", "--by", "mission", "--view", "resources")
    assert "MINUSMA" in out
    code, _, err = run(capsys, "ingest", str(report))
    assert code == 1 and err.strip() == "This document is already in the corpus as 'Report of the Working Group'. " \
        "Nothing was added."


def _bad_inputs(tmp: Path) -> dict[str, tuple[list[str], str]]:
    (tmp / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp / "binary.txt").write_bytes(b"\x00\x01\x02PK\x00")
    (tmp / "latin1.txt").write_bytes("Rapport du Groupe de travail, caf\xe9".encode("latin-1"))
    (tmp / "bad.yaml").write_text("views:\n  - id: resources\n   label: x\n", encoding="utf-8")
    (tmp / "nodate.txt").write_text("Some notes without any date at all.\n", encoding="utf-8")
    (tmp / "notes.pdf").write_bytes(b"%PDF-1.4 ...")
    (tmp / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64))
    (tmp / "sheets").mkdir()
    (tmp / "sheets" / "budget.xlsx").write_bytes(b"PK\x03\x04")
    return {
        "missing file": (["code", str(tmp / "missing.jsonl")],
                         f"{tmp / 'missing.jsonl'}: there is no such file. Check the name and the folder."),
        "empty document": (["code", str(tmp / "empty.txt")],
                           f"{tmp / 'empty.txt'} is empty. Choose a file that holds the document's text."),
        "binary file": (["code", str(tmp / "binary.txt")],
                        f"{tmp / 'binary.txt'} is not a document this app can read (it looks like an image or "
                        "another binary file). Add a PDF, Word (.docx), plain text (.txt) or Markdown (.md) file."),
        "wrong encoding": (["ingest", str(tmp / "latin1.txt")],
                           "latin1.txt is not UTF-8 text (byte 33 cannot be read). Save it with UTF-8 "
                           "encoding and try again."),
        "malformed taxonomy": (["--taxonomy", str(tmp / "bad.yaml"), "tally", "--by", "year"],
                               f"{tmp / 'bad.yaml'}:3: the file is not valid YAML (a line is indented differently "
                               "from the lines around it). Check the indentation and quoting on that line or the "
                               "one before it."),
        "unreadable date": (["ingest", str(tmp / "nodate.txt")],
                            "nodate.txt: no date could be read from the text. Give one with --date "
                            "(e.g. --date 2018-03-31)."),
        "bad date": (["ingest", str(tmp / "nodate.txt"), "--date", "March 2018"],
                     "nodate.txt: the date 'March 2018' cannot be read. Write it as 2018-03-31, 2018-03 or 2018."),
        "damaged pdf": (["ingest", str(tmp / "notes.pdf")],
                        "notes.pdf is a damaged PDF that cannot be read. Save it again from the program that made it "
                        "(or print it to PDF), then add it."),
        "unsupported file": (["ingest", str(tmp / "old.doc")],
                             "old.doc is an old Word (.doc) or Office file. Open it in Word and save it as .docx or "
                             "PDF, then add it again."),
        "folder without documents": (["ingest", str(tmp / "sheets")],
                                     f"No .pdf, .docx, .txt or .md file is in {tmp / 'sheets'}. Name the files, or a "
                                     "folder that holds them."),
        "title with several files": (["ingest", str(tmp / "nodate.txt"), str(tmp / "latin1.txt"), "--title", "X"],
                                     "--title and --date belong to one document, but 2 files are to be added. Leave "
                                     "them out, or add that document on its own with them."),
        "date with a folder": (["ingest", str(tmp), "--date", "2018-03-31"],
                               "--title and --date belong to one document, but 5 files are to be added. Leave them "
                               "out, or add that document on its own with them."),
        "bad period with several files": (["ingest", str(tmp / "nodate.txt"), str(tmp / "latin1.txt"), "--period",
                                           "summer"], "The period 'summer' cannot be read. Write it as 2018, "
                                                      "2018-01/2018-12 or 2018-01-01/2018-12-31."),
        "taxonomy import": (["taxonomy", "import", str(tmp / "bad.yaml")],
                            "bad.yaml:3: the file is not valid YAML (a line is indented differently from the lines "
                            "around it). Check the indentation and quoting on that line or the one before it."),
        "rollback to nothing": (["taxonomy", "rollback", "7"],
                                "There is no taxonomy revision 7. The list of revisions shows their numbers."),
        "remove unknown": (["remove", "nope"],
                           "There is no added document 'nope'. The list of documents shows their ids."),
        "import not a workspace": (["workspace", "import", str(tmp / "empty.txt")],
                                   "empty.txt is not a backup of a Mandate Gap Monitor workspace, or it is damaged. "
                                   "Choose the .sqlite file that 'Download the backup' (or 'workspace export') "
                                   "made."),
        "unknown view": (["tally", "--by", "year", "--view", "air"],
                         "There is no view 'air'. Views: mandate_formulation, resources, protection_of_civilians, "
                         "ssr_ddr, benchmarks, partnerships, triangular_cooperation, peacebuilding_transition, "
                         "political_process, technology_intelligence, conflict_prevention, conduct_and_safety."),
        "not a corpus": (["--corpus", str(tmp / "empty.txt"), "passages"],
                         f"{tmp / 'empty.txt'} is not a folder. Name the folder that holds corpus.yaml or the texts."),
        "not json lines": (["code", str(tmp / "nodate.txt")],
                           f"{tmp / 'nodate.txt'}, line 1: not a JSON object. Write one "
                           '{"id": ..., "text": ...} per line.'),
    }


@pytest.mark.parametrize("case", ["missing file", "empty document", "binary file", "wrong encoding",
                                  "malformed taxonomy", "unreadable date", "bad date", "damaged pdf",
                                  "unsupported file", "folder without documents", "title with several files",
                                  "date with a folder", "bad period with several files", "taxonomy import",
                                  "rollback to nothing",
                                  "remove unknown", "import not a workspace", "unknown view", "not a corpus",
                                  "not json lines"])
def test_bad_input_is_one_sentence_and_changes_nothing(case: str, tmp_path: Path, workspace: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    args, message = _bad_inputs(tmp_path)[case]
    assert main(["taxonomy", "revisions"]) == 0  # the workspace exists, with its first revision
    capsys.readouterr()
    before = snapshot(DATA, tmp_path), state(workspace)
    code, out, err = run(capsys, *args)
    assert code != 0
    assert err.strip() == message
    assert "Traceback" not in err and out == ""
    assert (snapshot(DATA, tmp_path), state(workspace)) == before


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("views: [", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "gapmodel", "--taxonomy", str(tmp_path / "t.yaml"), "meetings"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_ingest_reads_the_period_from_the_dated_days(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "annual.md"
    report.write_text("# Report of the Working Group\n\nActivities in 2018.\n\n1. The Working Group held three "
                      "meetings in 2018.\n\n2. On 14 March 2018, the Working Group met on helicopters.\n\n"
                      "3. On 22 May 2018, the Working Group met on the protection of civilians.\n\n"
                      "4. On 9 October 2018, the Working Group met with the African Union.\n", encoding="utf-8")
    assert main(["ingest", str(report), "--date", "2019-01-15"]) == 0
    assert "covering 2018" in capsys.readouterr().out
    assert main(["--format", "csv", "meetings"]) == 0
    rows = [r for r in csv.DictReader(io.StringIO(capsys.readouterr().out)) if r["document"] == "annual"]
    assert [r["date"] for r in rows] == ["2018-03-14", "2018-05-22", "2018-10-09", "2018"]


def test_ingest_takes_a_period_and_refuses_a_bad_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "notes.txt"
    report.write_text("Letter dated 2 February 2020 from the Chair\n\n1. Need for helicopters.\n", encoding="utf-8")
    assert main(["ingest", str(report), "--period", "summer"]) == 1
    assert capsys.readouterr().err.strip() == ("notes.txt: the period 'summer' cannot be read. Write it as 2018, "
                                               "2018-01/2018-12 or 2018-01-01/2018-12-31.")
    assert main(["ingest", str(report), "--period", "2019"]) == 0
    assert "covering 2019" in capsys.readouterr().out


def test_ingest_a_pdf_and_a_docx_then_remove_restore_and_list(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from files import REPORT_2018, make_docx, make_pdf

    (tmp_path / "r2018.pdf").write_bytes(make_pdf([REPORT_2018]))
    (tmp_path / "r2017.docx").write_bytes(make_docx(REPORT_2018.replace("2018", "2017")))
    for name in ("r2018.pdf", "r2017.docx"):
        code, out, err = run(capsys, "ingest", str(tmp_path / name), "--who", "Ana")
        assert code == 0, err
    assert "Added 'r2017' (Report of the Security Council Working Group on Peacekeeping Operations, dated " \
        "2019-01-31, covering 2017)" in out and "5 passages, 2 stating a gap, 4 meetings." in out
    code, out, _ = run(capsys, "--format", "csv", "documents")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["id"], r["type"], r["added_by"]) for r in rows] == [
        ("r2018", "application/pdf", "Ana"),
        ("r2017", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Ana")]
    assert run(capsys, "remove", "r2018")[0] == 0
    code, out, _ = run(capsys, "--format", "csv", "tally", "--by", "document", "--view", "resources")
    assert "r2018" not in out and "r2017" in out
    assert run(capsys, "restore", "r2018")[0] == 0
    code, out, _ = run(capsys, "--format", "csv", "tally", "--by", "document", "--view", "resources")
    assert "r2018" in out


TITLE = "Report of the Security Council Working Group on Peacekeeping Operations"


def added(year: int, ident: str, period: str = "") -> str:
    """The pattern of the line `ingest` prints for a report(year) it added."""
    return (re.escape(f"Added '{ident}' ({TITLE}, dated {year + 1}-01-31, covering {period or year}): ")
            + r"\d+ passages, \d+ stating a gap, \d+ meetings\.")


def test_ingest_several_files_and_a_folder(tmp_path: Path, workspace: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from files import make_docx, make_pdf

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "b-2016.md").write_text(report(2016), encoding="utf-8")
    (folder / "A-2015.txt").write_text(report(2015), encoding="utf-8")
    (folder / "c-2017.docx").write_bytes(make_docx(report(2017)))
    (folder / "budget.xlsx").write_bytes(b"PK\x03\x04")
    (folder / ".DS_Store").write_bytes(b"\x00")
    (folder / "old").mkdir()
    (tmp_path / "d-2014.pdf").write_bytes(make_pdf([report(2014)]))
    code, out, err = run(capsys, "ingest", str(folder), str(tmp_path / "d-2014.pdf"), "--kind", "retreat summary",
                         "--who", "Ana")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:2] == [f"Skipped in {folder}: budget.xlsx, old/ (only .pdf, .docx, .txt and .md files directly "
                         "inside a folder are read).", "Every file is added as kind 'retreat summary'."]
    for line, pattern in zip(lines[2:6], [added(2015, "a-2015"), added(2016, "b-2016"),  # by name, case aside
                                          added(2017, "c-2017"),
                                          added(2014, "d-2014")], strict=True):
        assert re.fullmatch(pattern, line), line
    assert lines[6:] == [f"Added 4 of 4 files to the workspace in {workspace}."]
    stored = open_store(workspace).documents()
    assert [(d.document.id, d.document.kind, d.added_by) for d in stored] == [
        ("a-2015", "retreat summary", "Ana"), ("b-2016", "retreat summary", "Ana"),
        ("c-2017", "retreat summary", "Ana"), ("d-2014", "retreat summary", "Ana")]


def test_a_refused_file_among_good_ones_leaves_the_others_added(tmp_path: Path, workspace: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    files = {"1-good.txt": report(2011), "2-empty.txt": "", "3-same-as-1.md": report(2011).replace("\n", "\n\n"),
             "4-undated.txt": "Notes of the Working Group\n\n1. Need for helicopters.\n", "5-good.md": report(2012)}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "ingest", *(str(tmp_path / n) for n in files), "--period", "2010")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "Every file is added covering 2010."
    assert re.fullmatch(added(2011, "1-good", "2010"), lines[1])
    assert lines[2:5] == [
        "Refused 2-empty.txt: 2-empty.txt is empty. Choose a file that holds the document's text.",
        f"Refused 3-same-as-1.md: This document is already in the corpus as '{TITLE}'. Nothing was added.",
        "Refused 4-undated.txt: No date could be read from the text. Add this file on its own to give its date."]
    assert re.fullmatch(added(2012, "5-good", "2010"), lines[5])
    assert lines[6:] == [f"Added 2 of 5 files to the workspace in {workspace}; 3 were refused and left it as it was."]
    rows = state(workspace)
    assert [(r[0], r[4]) for r in sorted(rows["documents"])] == [("1-good", "2010"), ("5-good", "2010")]
    assert run(capsys, "--format", "csv", "documents")[0] == 0  # the workspace reads back whole
    code, out, _ = run(capsys, "--format", "csv", "tally", "--by", "document", "--view", "resources")
    assert code == 0 and "1-good" in out and "5-good" in out
    code, out, _ = run(capsys, "ingest", str(tmp_path / "4-undated.txt"), "--date", "2013-05-02")
    assert code == 0 and out.startswith("Added '4-undated'")  # on its own, it takes a date


def test_an_interrupted_file_leaves_the_ones_before_it(tmp_path: Path, workspace: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from gapmodel.store import Store

    for year in (2011, 2012, 2013):
        (tmp_path / f"r{year}.txt").write_text(report(year), encoding="utf-8")
    saving = Store.add_document
    calls: list[str] = []

    def ctrl_c() -> None:
        raise KeyboardInterrupt

    def interrupted(self: Store, doc: Document, **options: Any) -> Document:
        calls.append(doc.id)
        if len(calls) == 2:  # Ctrl+C while the second file is being written, inside its transaction
            options["before_commit"] = ctrl_c
        return saving(self, doc, **options)

    monkeypatch.setattr(Store, "add_document", interrupted)
    code, out, err = run(capsys, "ingest", *(str(tmp_path / f"r{y}.txt") for y in (2011, 2012, 2013)))
    assert code == 130 and calls == ["r2011", "r2012"]
    assert re.fullmatch(added(2011, "r2011"), out.strip())
    assert err.strip() == ("Stopped: 1 of 3 files were added (listed above); the file being read when you stopped "
                           "and those after it were not.")
    assert [r[0] for r in state(workspace)["documents"]] == ["r2011"]
    monkeypatch.setattr(Store, "add_document", saving)  # not undo(): that would also drop GAPMODEL_HOME
    code, out, _ = run(capsys, "ingest", str(tmp_path))  # the rest, when run again
    assert code == 1 and out.splitlines()[-1].startswith("Added 2 of 3 files")


def test_ingest_help_gives_the_exit_codes() -> None:
    sub = next(a for a in parser()._actions if a.dest == "command")
    text = " ".join(sub.choices["ingest"].format_help().split())
    assert "Exit code 0 when every file was added, 1 when any was refused." in text
    assert "PATH [PATH ...]" in text


def test_taxonomy_export_import_rollback_and_codebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, shipped, _ = run(capsys, "taxonomy", "export")
    assert code == 0 and shipped == (DATA / "taxonomy.yaml").read_text(encoding="utf-8")
    edited = tmp_path / "edited.yaml"
    edited.write_text(shipped.replace("      - many members\n", ""), encoding="utf-8")
    code, out, _ = run(capsys, "taxonomy", "import", str(edited), "--comment", "fewer phrases", "--who", "Ana")
    assert code == 0 and out.startswith("Saved as taxonomy revision 2")
    code, out, _ = run(capsys, "--format", "csv", "taxonomy", "revisions")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["revision"], r["active"], r["saved_by"], r["comment"]) for r in rows][1] == (
        "2", "yes", "Ana", "fewer phrases")
    assert run(capsys, "taxonomy", "export")[1] == edited.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "taxonomy", "rollback", "1", "--who", "Ben")
    assert code == 0 and "saved as revision 3" in out
    assert run(capsys, "taxonomy", "export")[1] == shipped
    code, _, err = run(capsys, "taxonomy", "qdc", "-o", str(tmp_path / "views.qdc"))
    assert code == 0 and (tmp_path / "views.qdc").read_bytes().startswith(b"<?xml")


def test_workspace_export_import_and_reviews(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             workspace: Path) -> None:
    from files import REPORT_2018

    from gapmodel.reviews import review_from_edit
    from gapmodel.store import open_store
    from gapmodel.workspace import open_workspace

    (tmp_path / "r.txt").write_text(REPORT_2018, encoding="utf-8")
    assert run(capsys, "ingest", str(tmp_path / "r.txt"))[0] == 0
    code, out, _ = run(capsys, "--format", "jsonl", "passages")
    row = next(json.loads(line) for line in out.splitlines() if json.loads(line)["passage_id"] == "r:003")
    series = pd.Series({**row, "views": tuple(row["views"])})
    open_workspace().add_review(review_from_edit(series, "r:003", views=("mandate_formulation",),
                                                 gap=not row["gap"], remedy=False, progress=False, reason="a need",
                                                 reviewed_by="Ana"))
    code, out, _ = run(capsys, "--format", "csv", "reviews")
    assert code == 0 and "r:003" in out and "a need" in out
    code, out, _ = run(capsys, "--format", "csv", "agreement")
    gap = next(r for r in csv.DictReader(io.StringIO(out)) if r["code"] == "gap")
    assert (gap["reviewed"], gap["model_only" if row["gap"] else "expert_only"]) == ("1", "1")
    backup = tmp_path / "backup.sqlite"
    assert run(capsys, "workspace", "export", str(backup))[0] == 0
    assert run(capsys, "remove", "r")[0] == 0
    code, _, err = run(capsys, "workspace", "import", str(backup))
    assert code == 0 and "kept in" in err
    assert [d.document.id for d in open_store(workspace).documents()] == ["r"]


def test_tables_are_written_for_another_engine(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "tables", str(tmp_path / "tables"))
    assert code == 0 and "passages.parquet" in out and "tally.sql" in out
    assert (tmp_path / "tables" / "tally.sql").read_text(encoding="utf-8").startswith("-- Views and sub-views")
