"""Matching that generalises: spellings, joiners, word families and nearness, the same in the compiled scan
and in the reference (``tests/reference_matcher.py``)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_matcher import RegexMatcher, near_reference

from gapmodel import wordspans
from gapmodel.coding import Coder
from gapmodel.matcher import JOINERS, PhraseMatcher, Target, spellings, surface_forms, unjoined
from gapmodel.taxonomy import parse_taxonomy
from gapmodel.yamlfile import DataFileError

CORE = ("mandate_formulation", "resources", "protection_of_civilians", "ssr_ddr", "benchmarks", "partnerships")


def small_taxonomy(first_view: str = "", families: str = "") -> str:
    """Six core views, each coded by a made-up word, the first with ``first_view`` added (YAML lines)."""
    views = []
    for i, ident in enumerate(CORE):
        views.append(f"  - id: {ident}\n    label: {ident}\n    definition: x\n    include: [zq{i}word]\n"
                     + (first_view if i == 0 else ""))
    return ("views:\n" + "".join(views) + "cues:\n  gap: [lack]\n  remedy: [should]\n  progress: [welcomed]\n"
            + (f"families:\n{families}" if families else ""))


@pytest.mark.parametrize("text", [
    "a-b a/b a\u2010b a\u00a0b a\tb a\nb a\u2013b -x x- a--b a\r\nb",  # ASCII and the Basic Multilingual Plane
    "caf\u00e9-b a/b",  # 16-bit code units
    "\U0001d400-\U0001d401 x/y",  # beyond the plane: 32-bit code points
])
def test_the_compiled_scan_reads_joiners_as_the_phrases_do(text: str) -> None:
    folded = wordspans.fold(text)[1]
    assert "".join(map(chr, folded.tolist())) == unjoined(text.lower())
    assert set(JOINERS) >= {"-", "/", "\n", "\u00a0"}
    assert unjoined("security-sector reform, DDR/SSR, 2018-2019, -x, x-") == \
        "security sector reform, DDR SSR, 2018 2019, -x, x-"


def test_an_acronym_written_with_a_hyphen_or_slash_is_found_as_written() -> None:
    phrases = {"UN-AU": [Target("x", "UN-AU")], "DDR/SSR": [Target("y", "DDR/SSR")]}
    text = "UN-AU cooperation and DDR/SSR, not un-au"
    assert [text[h.start:h.end] for h in PhraseMatcher(phrases).find(text)] == ["UN-AU", "DDR/SSR"]
    assert sorted((s, e) for s, e, _ in RegexMatcher(phrases).find(text)) == [(0, 5), (22, 29)]


@pytest.mark.parametrize(("word", "forms"), [
    ("prioritise", {"prioritise", "prioritize"}), ("prioritization", {"prioritization", "prioritisation"}),
    ("analyse", {"analyse", "analyze"}), ("defence", {"defence", "defense"}), ("programme", {"programme", "program"}),
    ("mandate", {"mandate"}),
])
def test_either_spelling_finds_both(word: str, forms: set[str]) -> None:
    assert spellings(word) == forms


@pytest.mark.parametrize("text", ["Security-sector reform lags.", "security/sector reform", "SECURITY SECTOR\nREFORM",
                                  "security\u2011sector reforms", "security sector reform"])
def test_a_phrase_matches_across_hyphens_slashes_and_line_breaks(text: str) -> None:
    phrases = {"security sector reform": [Target("x", "security sector reform")]}
    assert [h[:2] for h in RegexMatcher(phrases).find(text)] == [(h.start, h.end) for h in
                                                                 PhraseMatcher(phrases).find(text)]
    assert len(PhraseMatcher(phrases).find(text)) == 1


def test_a_hyphenated_phrase_is_looked_for_with_spaces_and_in_both_spellings() -> None:
    assert "mandate making" in surface_forms("mandate-making")
    assert {"prioritize mandates", "prioritise mandates"} <= surface_forms("prioritise mandates")


NEAR = ("    near:\n      - words: [mandate, mandates]\n        with: [prioritize, sequence, Christmas tree]\n"
        "        within: 3\n")
FAMILIES = "  - [prioritize, prioritization, priorities]\n  - [disarm, disarmament]\n"


@pytest.mark.parametrize(("text", "coded"), [
    ("Prioritizing, sequencing and streamlining Council mandates", True),
    ("The Council should prioritise its mandates.", True),
    ("Christmas-tree mandates", True),
    ("mandates were renewed; far later in the text, after many more words, they would prioritize roads", False),
    ("the prioritisation of mandates", True),  # the family and the spelling together
    ("mandates", False),
])
def test_near_rules_code_a_view_only_within_their_words(text: str, coded: bool) -> None:
    coder = Coder(parse_taxonomy(small_taxonomy(NEAR, FAMILIES)))
    found = coder.code(text)
    assert ("mandate_formulation" in found.views) is coded
    if coded:
        terms = {e.term for e in found.evidence if e.code == "mandate_formulation"}
        assert "mandate" in terms and terms & {"prioritize", "sequence", "Christmas tree"}


def test_a_family_word_codes_as_its_family_and_cites_the_phrase_as_written() -> None:
    coder = Coder(parse_taxonomy(small_taxonomy("    weak: [mandate]\n", FAMILIES).replace(
        "include: [zq0word]", "include: [disarmament process]")))
    found = coder.code("The disarm process of combatants remains slow.")
    assert found.views == ("mandate_formulation",)
    assert [(e.term, e.start, e.end) for e in found.evidence if e.code == "mandate_formulation"] == [
        ("disarmament process", 4, 18)]


@pytest.mark.parametrize(("rule", "message"), [
    ("    near:\n      - words: [mandate]\n        with: [clear]\n        within: 99\n",
     "within must be a number of words from 0 to 20."),
    ("    near:\n      - words: [mandate]\n        within: 2\n", "'with' is missing or empty. Add it."),
])
def test_a_bad_near_rule_names_its_line(rule: str, message: str) -> None:
    with pytest.raises(DataFileError) as caught:
        parse_taxonomy(small_taxonomy(rule), "t.yaml")
    assert any(p.endswith(message) and p.startswith("t.yaml:") for p in caught.value.problems), caught.value.problems


@pytest.mark.parametrize(("families", "message"), [
    ("  - [prioritize]\n", "a family needs two or more words."),
    ("  - [prioritize, set priorities]\n", "'set priorities' is not one word. A family lists single words that "
                                           "count as one (prioritize, prioritization); write phrases under a view's "
                                           "include."),
    ("  - [disarm, disarming]\n  - [disarming, disarmed]\n", "'disarming' is already in family 1. A word belongs to "
                                                             "one family: merge the two."),
])
def test_a_bad_family_names_its_line(families: str, message: str) -> None:
    with pytest.raises(DataFileError) as caught:
        parse_taxonomy(small_taxonomy(families=families), "t.yaml")
    assert any(p.endswith(message) for p in caught.value.problems), caught.value.problems


WORDS = ["mandate", "mandates", "prioritize", "prioritise", "sequence", "christmas", "tree", "the", "of", "council",
         "x"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", "-", ", ", "/", "  ", "\n"])), max_size=14),
       st.integers(min_value=0, max_value=4))
def test_near_rules_agree_with_the_reference(pieces: list[tuple[str, str]], within: int) -> None:
    text = "".join(w + s for w, s in pieces)
    rule = NEAR.replace("within: 3", f"within: {within}")
    coder = Coder(parse_taxonomy(small_taxonomy(rule)))
    expected = near_reference(text, ["mandate", "mandates"], ["prioritize", "sequence", "Christmas tree"], within)
    assert ("mandate_formulation" in coder.code(text).views) is expected


@pytest.mark.parametrize(("text", "written"), [
    ("The eﬀective use of ﬁeld helicopters", "helicopters"),
    ("Ｈｅｌｉｃｏｐｔｅｒｓ are lacking", "Ｈｅｌｉｃｏｐｔｅｒｓ"),
    ("ﬁnancing of the ﬂeet: helicopters", "helicopters"),
])
def test_ligatures_and_compatibility_characters_are_folded_and_evidence_points_into_the_raw_text(
        text: str, written: str) -> None:
    coder = Coder(parse_taxonomy(small_taxonomy().replace("include: [zq1word]", "include: [helicopter, financing]")))
    found = coder.code(text)
    assert found.views == ("resources",)
    spans = [text[e.start:e.end] for e in found.evidence if e.code == "resources"]
    assert written in spans
    if "ﬁnancing" in text:
        assert "ﬁnancing" in spans  # a ligature inside the match: the span still covers it as written
