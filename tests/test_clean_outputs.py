"""Outputs that never fail and never carry formulas: text from documents and users reaches CSV, XLSX and DOCX as
text (issue: clean outputs), whatever characters or leading signs it has."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from files import REPORT_2018
from test_briefing import PNG
from test_cli import run
from test_reviews import _gap_passage, _row

from gapmodel.export import to_csv
from gapmodel.model import Model
from gapmodel.reviews import review_from_edit
from gapmodel.store import open_store

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _formula_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]


def test_a_search_text_in_the_filters_line_never_makes_a_formula_cell() -> None:
    about = ['Filters: text "x,=HYPERLINK(""http://evil.example"",""click"")"; gaps only', "Source: seed reports"]
    data = to_csv(pd.DataFrame({"text": ["=1+2", "plain", "-3 helicopters"]}), about)
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert text.startswith('# Filters: text "x,\'=HYPERLINK(')  # still a '#' line, its formula neutralised
    assert not _formula_cells(rows)


def test_the_command_lines_csv_never_carries_a_formula(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      seed_model: Model, workspace: Path) -> None:
    hostile = REPORT_2018.replace("1. On 14 March", "1. =HYPERLINK(\"http://evil.example\") On 14 March").replace(
        "2. ", "2. +cmd|' /C calc'!A0 ", 1) + "\n@SUM(1+1) closes the report.\n\n-2+3 is a formula too.\n"
    path = tmp_path / "hostile.txt"
    path.write_text(hostile, encoding="utf-8")
    assert run(capsys, "ingest", str(path), "--title", "=HYPERLINK(\"http://evil.example\")", "--who", "@Ana")[0] == 0
    store = open_store(workspace)
    pid = _gap_passage(seed_model, "resources")
    row = _row(seed_model, pid)
    store.add_review(review_from_edit(row, pid, views=row["views"], gap=False, remedy=True, progress=False,
                                      reason="=cmd|' /C calc'!A0", reviewed_by="+Ben"))
    for command in (["passages"], ["documents"], ["reviews"]):
        code, out, err = run(capsys, "--format", "csv", *command)
        assert code == 0, err
        rows = list(csv.reader(io.StringIO(out)))
        assert len(rows) > 1 and not _formula_cells(rows), (command, _formula_cells(rows))
    code, out, _ = run(capsys, "--format", "csv", "documents")
    assert "'=HYPERLINK" in out  # shown, neutralised, not dropped


CONTROLS = "".join(map(chr, [1, 2, 7, 8, 11, 12, 14, 27, 31, 127, 0x85, 0x9F]))
LONE_HALF = "\ud800"  # half of a character beyond 16 bits, without its other half (never valid in a file)


def test_control_characters_are_cleaned_at_ingest_and_from_a_title(capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path, workspace: Path) -> None:
    """Past the first 8 KB (which decides whether a file is text) control characters used to pass ingest, then
    break the DOCX and XLSX exports; a --title with them failed the same way."""
    padding = "\n\n".join(f"{n}. Members met on the topic of helicopters." for n in range(10, 200))
    text = REPORT_2018 + "\n\n" + padding + f"\n\n200. The mission lacks{CONTROLS} utility helicopters.\n"
    path = tmp_path / "controls.txt"
    path.write_text(text, encoding="utf-8")
    assert text.index(CONTROLS) > 8192
    code, _, err = run(capsys, "ingest", str(path), "--title", f"Report{CONTROLS} with\tcontrols", "--who", "Ana")
    assert code == 0, err
    doc = open_store(workspace).documents()[0].document
    assert doc.title == "Report with controls"
    assert "The mission lacks\n\n utility helicopters." in doc.text  # a page break (form feed) is a line break
    assert not set(CONTROLS) & set(doc.text)
    for fmt, suffix in (("docx", "docx"), ("md", "md")):
        code, _, err = run(capsys, "brief", "--document", doc.id, "--format", fmt, "-o", str(tmp_path / f"n.{suffix}"))
        assert code == 0, err


def test_exports_never_fail_on_text_a_workspace_already_holds(seed_model: Model) -> None:
    """An older workspace may hold control characters: the XLSX and DOCX exports clean them as they write."""
    import openpyxl
    from docx import Document as Docx

    from gapmodel.briefing import build_note, to_docx
    from gapmodel.export import passages_table, to_xlsx
    from gapmodel.filters import Filters

    dirty = seed_model.passages.head(3).assign(text=lambda f: f["text"] + CONTROLS)  # (Arrow text holds no lone half)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx({"Passages": passages_table(seed_model, dirty)},
                                                     [f"About{CONTROLS}"])))
    assert not any(c in str(cell.value) for row in book["Passages"].iter_rows() for cell in row for c in CONTROLS)
    note = build_note(seed_model, Filters(views=("resources",)), title=f"Note{CONTROLS}", make_image=lambda f: PNG)
    note = replace(note, quotes=tuple(replace(q, text=q.text + CONTROLS + LONE_HALF) for q in note.quotes))
    document = Docx(io.BytesIO(to_docx(note)))
    assert document.paragraphs[0].text == "Note"


def test_document_text_is_shown_as_text_on_cards_and_the_meetings_page(seed_model: Model) -> None:
    """Text from documents never renders as Markdown (links, images) and is escaped once: "<" shows as "<"."""
    from gapmodel.export import plain_html, plain_markdown
    from ui.show import highlighted

    hostile = "Helicopters < 5 & [click](http://evil.example) ![x](http://evil.example/i.png) *bold*"
    shown = plain_html(hostile)
    assert shown.startswith("Helicopters &lt; 5 &amp; &#91;click&#93;&#40;http&#58;//evil")  # once, as text
    assert not any(sign in shown for sign in "[]()*!<>")  # nothing Markdown or HTML could read as markup
    assert "\\&lt;" not in plain_html(hostile) and "\\" not in plain_html(hostile)
    row = seed_model.passages.iloc[0].copy()
    row["text"] = hostile
    card = highlighted(seed_model, row, {}, seed_model.evidence.iloc[0:0])
    assert "&lt;" in card and "\\&lt;" not in card and "](http" not in card
    meetings = (Path(__file__).resolve().parent.parent / "pages" / "3_meetings.py").read_text(encoding="utf-8")
    for field in ("row['theme']", "row['participants']", "r.topic"):
        assert f"md({field})" in meetings  # every text from a document goes through plain_markdown
    assert plain_markdown("[click](http://x)") == "\\[click\\]\\(http\\://x\\)"


@pytest.mark.parametrize(("line", "says"), [
    ('{"id": ' + "9" * 5000 + ', "text": "helicopters"}', "a number of thousands of digits cannot be read"),
    ('{"id": NaN, "text": "helicopters"}', "NaN, which JSON does not allow, cannot be read"),
    ('{"id": 1e400, "text": "helicopters"}', 'the "id" inf cannot be given back exactly'),
    ("[" * 100_000 + "]" * 100_000, 'each line needs a "text" string'),
], ids=["long number", "NaN", "infinite", "deep nesting"])
def test_odd_json_given_to_code_is_a_sentence_not_something_went_wrong(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str, says: str) -> None:
    path = tmp_path / "passages.jsonl"
    path.write_text('{"id": "ok", "text": "utility helicopters"}\n' + line + "\n", encoding="utf-8")
    code, out, err = run(capsys, "code", str(path))
    assert code == 1 and f"passages.jsonl, line 2: {says}" in err and "Something went wrong" not in err
    assert out == ""


def test_code_streams_a_file_of_any_size_and_limits_only_one_passage(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 50 MB limit is a document's, not a batch of passages': code reads a file of any size in batches
    (CODE_BATCH at a time), and refuses only a single passage over the limit."""
    from gapmodel import cli

    monkeypatch.setattr(cli, "MAX_BYTES", 1000)
    monkeypatch.setattr(cli, "CODE_BATCH", 7)  # several batches
    path = tmp_path / "many.jsonl"
    path.write_text("".join(f'{{"id": {i}, "text": "lack of utility helicopters {i}"}}\n' for i in range(100)),
                    encoding="utf-8")
    assert path.stat().st_size > 1000
    code, out, err = run(capsys, "code", str(path))
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == list(range(100)) and all(r["views"] == ["resources"] for r in records)
    path.write_text('{"id": 1, "text": "' + "helicopters " * 200 + '"}\n', encoding="utf-8")
    code, _, err = run(capsys, "code", str(path))
    assert code == 1 and "line 1: over 0 MB in one passage" in err
