"""The Council's own documents as experts add them: press releases of its meetings, presidential statements and
research briefs, written here in the shape of real ones (tests/fixtures/council/, with what each records in
expected.json). Each reads its kind, its date (or its year, where the text names only that) and the meetings
it records, without a date given by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gapmodel.corpus import InputError
from gapmodel.taxonomy import Taxonomy
from gapmodel.workspace import Draft, prepare

FOLDER = Path(__file__).resolve().parent / "fixtures" / "council"
EXPECTED: dict[str, dict[str, object]] = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))
# The one text that names no year of its own: it cites earlier years and says "ten years after" one of them.
NO_YEAR = {"mc11_unmil_liberia_drawdown.txt"}


@pytest.fixture(scope="module")
def drafts(taxonomy: Taxonomy) -> dict[str, Draft]:
    return {name: prepare(name, (FOLDER / name).read_bytes(), [], taxonomy) for name in EXPECTED if name not in NO_YEAR}


def test_the_fixtures_record_at_least_fifteen_meetings() -> None:
    assert sum(len(e["meetings"]) for e in EXPECTED.values()) >= 15  # type: ignore[arg-type]
    assert len(EXPECTED) == len(list(FOLDER.glob("*.txt")))


def test_each_reads_its_kind_and_its_year(drafts: dict[str, Draft]) -> None:
    for name, draft in drafts.items():
        assert (draft.document.kind, draft.document.date[:4]) == (EXPECTED[name]["kind"], EXPECTED[name]["year"]), name


def test_at_least_85_percent_of_the_meetings_they_record_are_found_with_their_day(drafts: dict[str, Draft]) -> None:
    named = found = 0
    for name, draft in drafts.items():
        meetings = draft.preview.meetings
        dated = set(meetings[meetings["dated"]]["date"])
        wanted = list(EXPECTED[name]["meetings"])  # type: ignore[call-overload]
        named += len(wanted)
        found += sum(day in dated for day in wanted)
    assert named >= 15 and found >= 0.85 * named


def test_a_press_release_belongs_to_the_meeting_it_covers(drafts: dict[str, Draft]) -> None:
    draft = drafts["mc01_minusma_mandate_renewal.txt"]
    meetings = draft.preview.meetings.set_index("meeting")
    covered = meetings[meetings["date"] == "2018-06-28"].index[0]
    assert (draft.preview.passages["meeting"] == covered).mean() > 0.8


def test_a_statement_carries_its_symbol(drafts: dict[str, Draft]) -> None:
    assert drafts["ps02_prst_2015_security_sector_reform.txt"].document.symbol == "S/PRST/2015/21"


def test_a_text_that_names_only_its_year_is_counted_by_it_and_says_so(drafts: dict[str, Draft]) -> None:
    draft = drafts["mc10_atmis_somalia_transition.txt"]
    assert (draft.document.date, draft.document.period) == ("2022", "2022")
    assert draft.date_note == 'year only, read from the year the text calls its own ("earlier in 2022")'
    assert drafts["mc01_minusma_mandate_renewal.txt"].date_note == ""  # a full date needs no note


def test_a_text_that_names_no_year_of_its_own_asks_for_a_date(taxonomy: Taxonomy) -> None:
    name = next(iter(NO_YEAR))
    with pytest.raises(InputError, match=f"^{name}: no date could be read from the text"):
        prepare(name, (FOLDER / name).read_bytes(), [], taxonomy)


def test_the_folder_ingests_in_one_command_with_a_line_per_file(capsys: pytest.CaptureFixture[str]) -> None:
    from test_cli import run

    code, out, _ = run(capsys, "ingest", str(FOLDER), "--who", "Ana")
    lines = out.splitlines()
    assert code == 1  # one file names no year of its own
    assert sum(line.startswith("Added '") for line in lines) == len(EXPECTED) - 1
    assert [line for line in lines if line.startswith("Refused ")] == [
        "Refused mc11_unmil_liberia_drawdown.txt: No date could be read from the text. Add this file on its own to "
        "give its date."]
    assert any("dated 2022 (year only, read from the year the text calls its own (\"earlier in 2022\"))" in line
               for line in lines)
    assert any("dated 2018-06-28, covering 2018" in line for line in lines)


def test_the_preview_shows_the_kind_read_and_a_date_of_only_a_year() -> None:
    from test_workspace_pages import DOCUMENTS, open_page, upload

    name = "mc10_atmis_somalia_transition.txt"
    at = upload(open_page(DOCUMENTS), name, (FOLDER / name).read_bytes(), "text/plain")
    assert [i.value for i in at.info if "full date" in i.value] == [
        'The text gives no full date: dated 2022 (year only, read from the year the text calls its own ("earlier in '
        '2022")). Type the day below if you know it.']
    kind = next(s for s in at.selectbox if (s.key or "").startswith("documents_kind_"))
    assert kind.value == "meetings coverage" and len(kind.options) == 9


def test_each_kind_reads_its_own_title(drafts: dict[str, Draft]) -> None:
    assert drafts["mc07_unisfa_abyei_deployment.txt"].document.title.startswith(
        "Ethiopian Brigade Deploying to Abyei but Sudanese Armed Forces Remain in Area")  # the headline
    assert drafts["ps02_prst_2015_security_sector_reform.txt"].document.title == \
        "Statement by the President of the Security Council"
    assert drafts["rr01_aviation_gaps_brief.txt"].document.title == \
        "Grounded Ambitions: Helicopter Shortfalls and the Protection Gap in UN Peacekeeping"


def test_the_same_statement_from_another_file_is_refused(taxonomy: Taxonomy, drafts: dict[str, Draft]) -> None:
    """A second print of a document (other bytes, same symbol and date) would count it twice."""
    first = drafts["ps02_prst_2015_security_sector_reform.txt"].document
    again = (FOLDER / "ps02_prst_2015_security_sector_reform.txt").read_text(encoding="utf-8") + "\nPrinted again.\n"
    with pytest.raises(InputError, match=r"^This document has the symbol S/PRST/2015/21 and the date of 'Statement "
                                         r"by the President of the Security Council', already in the corpus\."):
        prepare("again.txt", again.encode(), [first], taxonomy)
