"""Taxonomy revisions (save, roll back, follow the shipped file), the effect of an edit, the REFI-QDA codebook."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from gapmodel import columns as C
from gapmodel.curation import (
    QDC_NAMESPACE,
    active_taxonomy,
    add_phrases,
    check,
    describe,
    effect,
    save_revision,
    to_qdc,
)
from gapmodel.model import Model
from gapmodel.store import open_store
from gapmodel.taxonomy import Taxonomy, taxonomy_version
from gapmodel.yamlfile import DataFileError

DATA = Path(__file__).resolve().parent.parent / "data"
SHIPPED = DATA / "taxonomy.yaml"


def test_the_shipped_taxonomy_is_the_first_revision(workspace: Path) -> None:
    store = open_store(workspace)
    taxonomy, revision = active_taxonomy(store, SHIPPED)
    assert revision.number == 1 and revision.shipped
    assert taxonomy.version == revision.version == taxonomy_version(SHIPPED.read_text(encoding="utf-8"))
    assert active_taxonomy(store, SHIPPED)[1].number == 1  # not added twice


def test_save_roll_back_and_keep_every_step(workspace: Path) -> None:
    store = open_store(workspace)
    _, first = active_taxonomy(store, SHIPPED)
    edited = add_phrases(first.text, "resources", "include", ["force generation gaps"]).text
    second = save_revision(store, edited, comment="force generation", saved_by="Ana")
    assert (second.number, second.saved_by, second.comment) == (2, "Ana", "force generation")
    taxonomy, active = active_taxonomy(store, SHIPPED)
    assert active.number == 2 and "force generation gaps" in taxonomy.view("resources").include
    third = store.roll_back(1, saved_by="Ben")
    assert (third.number, third.version, third.comment, third.saved_by) == (3, first.version,
                                                                            "Rolled back to revision 1", "Ben")
    assert active_taxonomy(store, SHIPPED)[1].number == 3
    assert [r.number for r in store.revisions()] == [1, 2, 3]
    with pytest.raises(DataFileError, match="same as the active revision"):
        save_revision(store, first.text, comment="", saved_by="Ana")


def test_a_broken_or_anonymous_revision_is_refused(workspace: Path) -> None:
    store = open_store(workspace)
    _, first = active_taxonomy(store, SHIPPED)
    broken = first.text.replace("  - id: resources", "  - id: Resources!", 1)
    with pytest.raises(DataFileError) as caught:
        save_revision(store, broken, comment="", saved_by="Ana")
    assert re.search(r"your edit:\d+: views\[1\]\.id: the id 'Resources!' must be lower case", str(caught.value))
    with pytest.raises(DataFileError, match="Enter your name"):
        save_revision(store, first.text + "\n# note\n", comment="", saved_by=" ")
    assert [r.number for r in store.revisions()] == [1]


def test_an_upgrade_of_the_shipped_taxonomy_follows_unless_the_user_chose_another(workspace: Path,
                                                                                  tmp_path: Path) -> None:
    store = open_store(workspace)
    shipped = tmp_path / "taxonomy.yaml"
    shipped.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    active_taxonomy(store, shipped)
    shipped.write_text(SHIPPED.read_text(encoding="utf-8") + "\n# upgraded\n", encoding="utf-8")
    assert active_taxonomy(store, shipped)[1].number == 2  # followed: the user had not chosen
    own = save_revision(store, add_phrases(shipped.read_text(encoding="utf-8"), "resources", "weak", ["kit"]).text,
                        comment="", saved_by="Ana")
    shipped.write_text(SHIPPED.read_text(encoding="utf-8") + "\n# upgraded again\n", encoding="utf-8")
    assert active_taxonomy(store, shipped)[1].number == own.number  # the user's revision stays active
    shipped.write_text("views: [", encoding="utf-8")
    assert active_taxonomy(store, shipped)[1].number == own.number  # a broken shipped file never replaces it


def test_add_phrases_keeps_comments_and_layout() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    taxonomy, _ = check(text)
    assert taxonomy is not None
    sub = taxonomy.view("resources").subviews[0]
    out = add_phrases(text, f"resources.{sub.id}", "exclude", ["spare parts", "spare  parts", ""]).text
    added = [line[2:] for line in difflib.ndiff(text.splitlines(), out.splitlines()) if line.startswith("+ ")]
    assert added == ["        exclude:", '          - "spare parts"']
    assert out.count("#") == text.count("#")
    after, problems = check(out)
    assert not problems and after is not None
    assert next(s for s in after.view("resources").subviews if s.id == sub.id).exclude == ("spare parts",)
    with pytest.raises(DataFileError, match="no view 'nope'"):
        add_phrases(text, "nope", "include", ["x"])
    assert add_phrases(text, "resources", "include", [taxonomy.view("resources").include[0]]).text == text


def test_the_effect_of_an_edit_lists_passages_caught_and_lost(seed_model: Model, taxonomy: Taxonomy) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    wider = add_phrases(text, "conduct_and_safety", "include", ["helicopters"]).text
    new, problems = check(wider)
    assert new is not None, problems
    result = effect(seed_model, new)
    row = result.by_view.set_index(C.VIEW).loc["conduct_and_safety"]
    assert row["caught"] == len(result.caught[result.caught[C.VIEW] == "conduct_and_safety"]) > 0
    assert row["passages_after"] - row["passages_before"] == row["caught"]
    assert result.lost.empty
    assert all("helicopter" in t.lower() for t in result.caught[C.TEXT])
    assert list(result.by_view[C.VIEW]) == ["conduct_and_safety"]  # only what the edit changes


def _tag(name: str) -> str:
    return f"{{{QDC_NAMESPACE}}}{name}"


def test_the_codebook_has_the_refi_qda_structure(taxonomy: Taxonomy) -> None:
    """REFI-QDA Codebook 1.0: CodeBook(origin) > Codes > Code(guid, name, isCodable) [> Description] [> Code...],
    then Sets > Set(guid, name) [> Description] > MemberCode(guid) naming existing codes."""
    root = ET.fromstring(to_qdc(taxonomy))
    assert root.tag == _tag("CodeBook") and root.get("origin")
    assert [child.tag for child in root] == [_tag("Codes"), _tag("Sets")]
    guid = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
    codes = list(root.iter(_tag("Code")))
    for code in codes:
        assert guid.match(code.get("guid", "")) and code.get("name") and code.get("isCodable") in ("true", "false")
        children = [c.tag for c in code]
        assert set(children) <= {_tag("Description"), _tag("Code")}
        assert _tag("Description") not in children[1:]  # Description comes first
    guids = [c.get("guid") for c in codes]
    assert len(guids) == len(set(guids))
    top = [c.get("name") for c in root.find(_tag("Codes"))]  # type: ignore[union-attr]
    assert top == [*(v.label for v in taxonomy.views), "Stance"]
    resources = next(c for c in root.find(_tag("Codes")) if c.get("name") == "Resources and capabilities")  # type: ignore[union-attr]
    assert [c.get("name") for c in resources.findall(_tag("Code"))] == [s.label for s in
                                                                         taxonomy.view("resources").subviews]
    members = [m.get("guid") for m in root.iter(_tag("MemberCode"))]
    assert len(members) == 6 and set(members) <= set(guids)
    assert to_qdc(taxonomy) == to_qdc(taxonomy)  # GUIDs are stable


def test_an_unreadable_active_revision_falls_back_and_cannot_be_rolled_back_to(workspace: Path) -> None:
    from gapmodel.curation import roll_back

    store = open_store(workspace)
    _, first = active_taxonomy(store, SHIPPED)
    newer = first.text.replace("views:", "future_key: 1\nviews:", 1)  # written by a newer app, say
    store.save_revision(newer, taxonomy_version(newer), comment="from the future", saved_by="Ana")
    taxonomy, used = active_taxonomy(store, SHIPPED)
    assert used.number == 1 and store.active_revision().number == 2  # type: ignore[union-attr]
    assert taxonomy.version == first.version
    with pytest.raises(DataFileError, match="Revision 2 cannot be used by this version of the app"):
        roll_back(store, 2, saved_by="Ana")
    assert roll_back(store, 1, saved_by="Ana").number == 3


AIR = "      - id: air_mobility\n"


@pytest.mark.parametrize(("change", "code", "list_name"), [
    ("no final newline", "conduct_and_safety", "include"),
    ("last item on two lines", "resources", "include"),
    ("empty flow list", "resources.air_mobility", "exclude"),
    ("key without a value", "resources.air_mobility", "exclude"),
])
def test_add_phrases_handles_every_list_layout(change: str, code: str, list_name: str) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    taxonomy, _ = check(text)
    assert taxonomy is not None
    last = taxonomy.view("resources").include[-1]
    edited = {
        "no final newline": text.rstrip("\n"),
        "last item on two lines": text.replace(f"      - {last}\n", f'      - "{last}\n        continued"\n', 1),
        "empty flow list": text.replace(AIR, AIR + "        exclude: []\n", 1),
        "key without a value": text.replace(AIR, AIR + "        exclude:\n", 1),
    }[change]
    before, problems = check(edited)
    assert before is not None, problems
    after, problems = check(add_phrases(edited, code, list_name, ["kit", "Kit"]).text)
    assert after is not None, problems
    view_id, _, sub_id = code.partition(".")
    entry = after.view(view_id) if not sub_id else next(s for s in after.view(view_id).subviews if s.id == sub_id)
    old = before.view(view_id) if not sub_id else next(s for s in before.view(view_id).subviews if s.id == sub_id)
    assert getattr(entry, list_name) == (*getattr(old, list_name), "kit")


def test_the_effect_of_a_sub_view_edit_is_shown(seed_model: Model) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    new, problems = check(add_phrases(text, "resources.air_mobility", "include", ["flight"]).text)
    assert new is not None, problems
    result = effect(seed_model, new)
    rows = result.by_view.set_index(C.VIEW)
    assert rows.loc["resources.air_mobility", "caught"] > 0
    assert rows.loc["resources.air_mobility", "label"] == "Resources and capabilities: Air mobility and helicopters"
    assert set(result.caught[C.VIEW]) <= {"resources", "resources.air_mobility"}


AIR_INCLUDE = "          - aerial assets\n"  # an include phrase of resources.air_mobility in the shipped file


@pytest.mark.parametrize(("edit", "rows"), [
    pytest.param(lambda t: add_phrases(add_phrases(t, "resources.air_mobility", "include", ["flight"]).text,
                                       "resources", "include", ["flight"]).text,
                 {"resources.air_mobility": (1, 0)}, id="a sub-view catches one passage its view already had"),
    pytest.param(lambda t: t.replace(AIR_INCLUDE, "          - flight\n", 1),
                 {"resources.air_mobility": (1, 1)}, id="a sub-view catches one passage and loses another"),
    pytest.param(lambda t: add_phrases(t, "conduct_and_safety", "include", ["helicopters"]).text,
                 {"conduct_and_safety": (2, 0)}, id="a view catches two passages"),
])
def test_the_preview_counts_add_up_to_the_passages_it_lists(seed_model: Model, edit: Callable[[str], str],
                                                            rows: dict[str, tuple[int, int]]) -> None:
    text = edit(SHIPPED.read_text(encoding="utf-8"))
    new, problems = check(text)
    assert new is not None, problems
    result = effect(seed_model, new)
    table = result.by_view.set_index(C.VIEW)
    assert {code: (int(r["caught"]), int(r["lost"])) for code, r in table.iterrows()} == rows
    for code, (caught, lost) in rows.items():
        assert (result.caught[C.VIEW] == code).sum() == caught and (result.lost[C.VIEW] == code).sum() == lost
    assert (table["caught"].sum(), table["lost"].sum()) == (len(result.caught), len(result.lost))
    assert describe(result) == (
        f"Only the views and sub-views the draft changes are listed. Each passage counts once on every row it is "
        f"newly caught or lost for, and is listed once for each below: the newly caught column adds up to the "
        f"{len(result.caught)} listed under “Passages newly caught”, the newly lost column to the "
        f"{len(result.lost)} under “Passages newly lost”.")


def test_an_expert_correction_is_not_taken_for_an_effect_of_the_edit(seed_model: Model, workspace: Path) -> None:
    """The preview compares automatic codes: a sub-view an expert removed is no passage the edit catches."""
    from gapmodel.reviews import apply_reviews, review_from_edit

    p = seed_model.passages
    row = p[p[C.SUBVIEWS].map(lambda s: "resources.air_mobility" in s)].iloc[0]
    store = open_store(workspace)
    store.add_review(review_from_edit(row, row[C.PASSAGE_ID], views=[v for v in row[C.VIEWS] if v != "resources"],
                                      gap=bool(row[C.GAP]), remedy=bool(row[C.REMEDY]),
                                      progress=bool(row[C.PROGRESS]), reason="not about resources",
                                      reviewed_by="Ana"))
    reviewed = apply_reviews(seed_model, store.reviews())
    new, problems = check(add_phrases(SHIPPED.read_text(encoding="utf-8"), "conduct_and_safety", "include",
                                      ["utility"]).text)
    assert new is not None, problems
    result = effect(reviewed, new)
    assert list(result.by_view[C.VIEW]) == ["conduct_and_safety"]
    assert list(result.caught[C.VIEW]) == ["conduct_and_safety"]


AIR = "Resources and capabilities: Air mobility and helicopters"
TRIANGULAR = "Triangular cooperation with troop- and police-contributing countries"


@pytest.mark.parametrize(("code", "list_name", "phrase", "notice", "added"), [
    pytest.param("conduct_and_safety", "include", "utility helicopters",
                 f"“utility helicopters” is already an include phrase of {AIR} (line 264).", True,
                 id="an include phrase of a sub-view, added elsewhere"),
    pytest.param("resources.air_mobility", "include", "Utility  Helicopters",
                 f"“Utility Helicopters” is already an include phrase of {AIR} (line 264), so it was not added "
                 "again.", False, id="already in the list chosen, whatever the case and spacing"),
    pytest.param("conduct_and_safety", "include", "helicopters",
                 f"“helicopters” is already an include phrase of {AIR} (line 263) and a phrase in a near rule of "
                 "Resources and capabilities: Equipment, logistics and medical support (line 399).", True,
                 id="a phrase of a near rule, and its singular an include phrase"),
    pytest.param("conduct_and_safety", "include", "utility helicopter",
                 f"“utility helicopter” is already an include phrase of {AIR} (line 264).", True,
                 id="the last word with another ending: the matcher reads them as one"),
    pytest.param("political_process", "weak", "AU",
                 "“AU” is already a phrase in a together list of Partnerships (line 1003) and a phrase in a "
                 "together list of Partnerships: Regional and subregional organisations (line 1110).", True,
                 id="two together lists"),
    pytest.param("resources", "weak", "troop contributing countries",
                 "“troop contributing countries” is already a phrase in a near rule of Mandate formulation "
                 "(line 112), an exclude phrase of Resources and capabilities (line 246), a phrase in a near rule "
                 f"of {TRIANGULAR} (line 1197) and a weak phrase of {TRIANGULAR} (line 1203).", True,
                 id="four places, a hyphen read as a space"),
])
def test_a_phrase_already_in_the_taxonomy_says_where(code: str, list_name: str, phrase: str, notice: str,
                                                     added: bool) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    result = add_phrases(text, code, list_name, [phrase])
    assert result.notices == (notice,)
    assert result.added == ((" ".join(phrase.split()),) if added else ())
    assert (result.text != text) == added


def test_adding_phrases_says_what_was_added_where() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    result = add_phrases(text, "conduct_and_safety", "include", ["airlift", "convoy  ambushes", "Convoy ambushes"])
    assert result.added == ("airlift", "convoy ambushes")
    assert result.message == ("Added “airlift” and “convoy ambushes” as include phrases of Conduct and safety of "
                              "personnel.")
    assert result.notices == (f"“airlift” is already an include phrase of {AIR} (line 273).",)
    single = add_phrases(text, "resources.air_mobility", "exclude", ["spare parts"])
    assert single.message == f"Added “spare parts” as an exclude phrase of {AIR}."
    nothing = add_phrases(text, "resources.air_mobility", "include", ["airlift"])
    assert (nothing.text, nothing.added, nothing.message) == (text, (), "")
    with pytest.raises(DataFileError, match="^Write at least one phrase, one per line.$"):
        add_phrases(text, "resources", "include", ["", "  "])
