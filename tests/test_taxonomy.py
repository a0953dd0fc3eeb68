"""Every taxonomy validation error: one sentence naming the file, the line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapmodel.problems import plain_problems
from gapmodel.taxonomy import CORE_VIEWS, DataFileError, load_taxonomy, parse_taxonomy

CORE = "".join(
    f"  - id: {v}\n    label: {v.replace('_', ' ').title()}\n    definition: What {v} means.\n"
    f"    include: [{v.replace('_', ' ')}]\n"
    for v in CORE_VIEWS
)
VALID = "views:\n" + CORE + "cues:\n  gap: [lack]\n  remedy: [should]\n  progress: [welcomed]\n"


def errors(text: str) -> list[str]:
    with pytest.raises(DataFileError) as info:
        parse_taxonomy(text, "t.yaml")
    return info.value.problems


def test_the_shipped_taxonomy_loads(taxonomy) -> None:  # type: ignore[no-untyped-def]
    assert {v.id for v in taxonomy.views} >= set(CORE_VIEWS)
    assert len(taxonomy.version) == 12
    assert all(v.definition for v in taxonomy.views)


def test_a_minimal_taxonomy_loads() -> None:
    t = parse_taxonomy(VALID, "t.yaml")
    assert [v.id for v in t.views] == list(CORE_VIEWS)
    assert all(v.core for v in t.views)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            VALID + "colour: blue\n",
            "t.yaml:30: colour: unknown key 'colour'. Use one of: actors, breadth, cues, families, missions, views.",
            id="unknown top-level key",
        ),
        pytest.param(
            VALID.replace("    include: [resources]\n", "    include: [resources]\n    inclde: [money]\n"),
            "t.yaml:10: views[1].inclde: unknown key 'inclde'. Did you mean 'include'?",
            id="misspelt key",
        ),
        pytest.param(
            VALID.replace("id: resources", "id: mandate_formulation"),
            "t.yaml:6: views[1].id: the id 'mandate_formulation' is already used at line 2. Give it a different id.",
            id="duplicate view id",
        ),
        pytest.param(
            VALID.replace("    include: [resources]\n", ""),
            "t.yaml:6: views[1]: the view 'resources' is empty: it has no include phrases, regex or sub-views "
            "with phrases. Add at least one phrase under include.",
            id="empty view",
        ),
        pytest.param(
            VALID.replace("    include: [resources]\n", "    include: [resources]\n    regex: ['air (asset']\n"),
            't.yaml:10: views[1].regex[0]: invalid regex "air (asset": missing ): air (asset. Fix the pattern '
            "or write it as a phrase under include.",
            id="invalid regex",
        ),
        pytest.param(
            VALID.replace("    include: [resources]\n", "    include: [resources]\n    regex: ['(a)\\1']\n"),
            't.yaml:10: views[1].regex[0]: invalid regex "(a)\\1": invalid escape sequence: \\1. Fix the pattern '
            "or write it as a phrase under include.",
            id="back-reference refused (RE2)",
        ),
        pytest.param(
            VALID.replace("  - id: ssr_ddr", "  - id: SSR"),
            "t.yaml:14: views[3].id: the id 'SSR' must be lower case letters, digits and underscores, starting "
            "with a letter (e.g. air_mobility).",
            id="bad id",
        ),
        pytest.param(
            VALID.replace("include: [benchmarks]", "include: ['']"),
            "t.yaml:21: views[4].include[0]: this phrase is empty. Write the words or remove the line.",
            id="empty phrase",
        ),
        pytest.param(
            VALID.replace("include: [partnerships]",
                          "include:\n      - partnerships\n        - regional organizations"),
            "t.yaml:26: views[5].include[0]: the phrase 'partnerships - regional organizations' looks like two list "
            "items run together: a line starting with '- ' indented deeper than the one before it becomes part of "
            "it. Put each phrase on its own line, at the same indentation.",
            id="two phrases run together",
        ),
        pytest.param(
            VALID.replace("include: [partnerships]", "include: partnerships"),
            "t.yaml:25: views[5].include: expected a list of phrases. Start each phrase on its own line with '- '.",
            id="phrases not a list",
        ),
        pytest.param(
            VALID + "missions:\n  - id: MONUSCO\n    name: Stabilization Mission\n    successor_of: MONUC\n",
            "t.yaml:33: missions[0].successor_of: 'MONUC' is not a mission in this list. Add it or correct the "
            "acronym.",
            id="unknown predecessor mission",
        ),
        pytest.param(
            VALID + "views: []\n",
            "t.yaml:30: views: the key 'views' is written twice. Keep one of them.",
            id="duplicate key",
        ),
        pytest.param(
            "views:\n  - id: resources\n   label: x\n",
            "t.yaml:3: the file is not valid YAML (a line is indented differently from the lines around it). "
            "Check the indentation and quoting on that line or the one before it.",
            id="broken indentation",
        ),
    ],
)
def test_validation_errors_name_file_line_and_fix(text: str, message: str) -> None:
    assert message in errors(text)


def test_a_missing_core_view_is_refused() -> None:
    text = VALID.replace("  - id: benchmarks\n    label: Benchmarks\n    definition: What benchmarks means.\n"
                         "    include: [benchmarks]\n", "")
    assert errors(text) == [
        "t.yaml:1: views: the core view 'benchmarks' is missing. Keep the six core views (mandate_formulation, "
        "resources, protection_of_civilians, ssr_ddr, benchmarks, partnerships); add others beside them."
    ]


def test_all_problems_are_reported_together() -> None:
    text = VALID.replace("include: [benchmarks]", "include: ['', benchmarks]") + "colour: blue\n"
    assert errors(text) == [
        "t.yaml:30: colour: unknown key 'colour'. Use one of: actors, breadth, cues, families, missions, views.",
        "t.yaml:21: views[4].include[0]: this phrase is empty. Write the words or remove the line.",
    ]


def test_an_unreadable_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as info:
        load_taxonomy(tmp_path / "missing.yaml", "missing.yaml")
    assert str(info.value) == "missing.yaml: cannot read the taxonomy (No such file or directory). Check the path."


def test_non_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes(VALID.encode("utf-8") + "# caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataFileError, match="not UTF-8 text"):
        load_taxonomy(path, "t.yaml")


def test_version_is_a_hash_of_the_content() -> None:
    a = parse_taxonomy(VALID, "t.yaml").version
    b = parse_taxonomy(VALID + "# a comment\n", "t.yaml").version
    assert a != b and a == parse_taxonomy(VALID, "t.yaml").version


def test_together_needs_two_lists() -> None:
    text = VALID.replace("include: [partnerships]", "include: [partnerships]\n    together: [[African Union]]")
    assert errors(text) == [
        "t.yaml:26: views[5].together: together needs two or more lists of phrases, each starting with '- - '; "
        "the view is coded when one phrase of every list appears in the passage."
    ]


def test_together_takes_at_most_sixty_three_lists() -> None:
    lists = "".join(f"\n      - [word{i}]" for i in range(64))
    text = VALID.replace("include: [partnerships]", f"include: [partnerships]\n    together:{lists}")
    assert errors(text) == [
        "t.yaml:26: views[5].together: together has 64 lists; it takes at most 63. Merge lists whose phrases "
        "say the same thing."
    ]


def test_together_and_yaml_anchors_load() -> None:
    text = VALID.replace(
        "include: [partnerships]",
        "include: [partnerships]\n    together:\n      - [African Union]\n      - &coop [cooperation]\n"
        "    subviews:\n      - id: regional\n        label: Regional\n        together: [[EU], *coop]",
    )
    view = parse_taxonomy(text, "t.yaml").view("partnerships")
    assert view.together == (("African Union",), ("cooperation",))
    assert view.subviews[0].together == (("EU",), ("cooperation",))


SUB = ("    include: [resources]\n    subviews:\n      - id: air\n        label: Air mobility\n"
       "        include: [airlift]\n")


def with_view(lines: str) -> str:
    """VALID with lines added to the view Resources, after its include phrases (line 10 on)."""
    return VALID.replace("    include: [resources]\n", "    include: [resources]\n" + lines)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        pytest.param(with_view("    regex: ['air (asset']\n"),
                     "The pattern “air (asset” on line 10 (view Resources) cannot be used: a bracket “(” is opened "
                     "but never closed. Fix the pattern or write it as a phrase.", id="invalid regex"),
        pytest.param(VALID.replace("    include: [resources]\n", SUB + "        regex: ['(?<=air)craft']\n"),
                     "The pattern “(?<=air)craft” on line 14 (sub-view Air mobility of Resources) cannot be used: "
                     "it uses a "
                     "look-ahead, a look-behind or another form this program cannot run. Fix the pattern or write "
                     "it as a phrase.", id="invalid regex in a sub-view"),
        pytest.param(with_view("    regex: ['(a)\\1']\n"),
                     "The pattern “(a)\\1” on line 10 (view Resources) cannot be used: a backslash is followed by a "
                     "character it cannot be used with here. Fix the pattern or write it as a phrase.",
                     id="back-reference"),
        pytest.param(with_view("    regex: ['a*']\n"),
                     "The pattern “a*” on line 10 (view Resources) cannot be used: it also matches where there is no "
                     "text at all, so it would code every passage. Fix the pattern or write it as a phrase.",
                     id="regex matching empty text"),
        pytest.param(with_view("    inclde: [money]\n"),
                     "Line 10 (view Resources): the taxonomy has no field “inclde”. Did you mean “include”?",
                     id="misspelt key"),
        pytest.param(VALID + "colour: blue\n",
                     "Line 30: the taxonomy has no field “colour”. Use one of these: actors, breadth, cues, "
                     "families, missions, views.", id="unknown top-level key"),
        pytest.param(VALID.replace("cues:", "  - id: resources\n    label: Money\n    definition: x.\n"
                                   "    include: [money]\ncues:"),
                     "Line 26 (view Money): the id “resources” is already used on line 6. Give it an id of its own.",
                     id="duplicate id"),
        pytest.param(VALID.replace("    include: [resources]\n", SUB + "      - id: air\n        label: Air lift\n"
                                   "        include: [air lift]\n"),
                     "Line 14 (sub-view Air lift of Resources): the id “air” is already used on line 11. Give it "
                     "an id of its own.", id="duplicate sub-view id"),
        pytest.param(VALID.replace("    label: Resources\n", ""),
                     "Line 6 (view resources): “label” is missing or empty. Add a line “label: …” with its value.",
                     id="missing label"),
        pytest.param(with_view("    exclude: money\n"),
                     "Line 10 (view Resources): “exclude” should be a list of phrases, each on its own line "
                     "starting with “- ”.", id="phrases not a list"),
        pytest.param(with_view("    core: maybe\n"),
                     "Line 10 (view Resources): “core” should be true or false.", id="core not true or false"),
        pytest.param(VALID.replace("    label: Resources\n", "    label: [Resources, Money]\n"),
                     "Line 7 (view resources): “label” should be a piece of text written on the same line, after "
                     "the colon.", id="a list where a piece of text should be"),
        pytest.param("views:\n  - id: resources\n   label: x\n",
                     "The taxonomy cannot be read from line 3: a line is indented differently from the lines around "
                     "it. Check the indentation and quoting on that line and the one before it.",
                     id="YAML syntax error"),
        pytest.param(VALID + "views: []\n",
                     "Line 30: “views” is written twice. Keep one of them, with everything that belongs under it.",
                     id="duplicate key"),
        pytest.param(VALID.replace("    include: [resources]\n", SUB.replace("id: air", "id: Air!")),
                     "Line 11 (sub-view Air mobility of Resources): the id 'Air!' must be lower case letters, digits "
                     "and underscores, starting with a letter (e.g. air_mobility).", id="anything else names the line"),
    ],
)
def test_each_problem_has_a_plain_sentence(text: str, plain: str) -> None:
    with pytest.raises(DataFileError) as info:
        parse_taxonomy(text, "t.yaml")
    explained = plain_problems(info.value, text)
    assert [p.plain for p in explained] == [plain]
    assert [p.located for p in explained] == info.value.problems  # the loader's message, unchanged, as details


def test_a_problem_on_no_line_is_its_own_plain_sentence() -> None:
    error = DataFileError(["Enter your name before saving: every revision records who saved it."])
    (explained,) = plain_problems(error, "")
    assert (explained.plain, explained.located) == (error.problems[0], "")
