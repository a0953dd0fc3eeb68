"""The matcher and the coder: whole words, inflections, evidence, flags, breadth, missions."""

from __future__ import annotations

import pytest

from gapmodel.coding import Coder
from gapmodel.matcher import PhraseMatcher, Target, inflections, surface_forms
from gapmodel.taxonomy import Taxonomy


@pytest.fixture(scope="module")
def coder(taxonomy: Taxonomy) -> Coder:
    return Coder(taxonomy)


def test_inflections() -> None:
    assert inflections("helicopter") >= {"helicopter", "helicopters"}
    assert inflections("need") >= {"needs", "needed", "needing"}
    assert inflections("capacity") >= {"capacities"}
    assert inflections("mandates") == {"mandates"}
    assert surface_forms("UNMIS") == {"UNMIS"}


def test_acronyms_are_whole_words_and_case_sensitive() -> None:
    m = PhraseMatcher({"UNMIS": [Target("mission:UNMIS", "UNMIS")], "UNMISS": [Target("mission:UNMISS", "UNMISS")]})
    hits = m.find("UNMISS and UNMIS, not unmis or UNMISSION")
    assert [(h.start, h.target.code) for h in hits] == [(0, "mission:UNMISS"), (11, "mission:UNMIS")]


def test_overlapping_phrases_are_all_found() -> None:
    m = PhraseMatcher({"the head of the policy": [Target("a", "x")],
                       "policy and best practices service": [Target("b", "y")],
                       "best practices": [Target("c", "z")]})
    codes = [h.target.code for h in m.find("The Head of the Policy and Best Practices Service")]
    assert codes == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("text", "views", "gap"),
    [
        ("Need for clear and achievable mandates", ["mandate_formulation"], True),
        ("Support use of core groups to facilitate Security Council decision-making", [], False),
        ("In particular, the lack of utility helicopters should be addressed.", ["resources"], True),
        ("There were concerns about data protection and confidentiality.", [], True),
        ("Many participants welcomed the African Union's cooperation with the United Nations.",
         ["partnerships"], False),
        ("Capacity-building of the police forces of host countries is key", ["ssr_ddr"], False),
        ("Need for a clearly defined exit strategy for future stable development", ["benchmarks"], True),
        ("Management of local expectations", ["protection_of_civilians"], False),
        ("The Head of the Policy and Best Practices Service gave a briefing.", [], False),
    ],
)
def test_core_views_and_gap(coder: Coder, text: str, views: list[str], gap: bool) -> None:
    coding = coder.code(text)
    assert [v for v in coding.views if v in {"mandate_formulation", "resources", "protection_of_civilians",
                                               "ssr_ddr", "benchmarks", "partnerships"}] == views
    assert coding.gap is gap


def test_every_code_has_evidence_that_points_into_the_text(coder: Coder) -> None:
    text = ("Many participants stressed the need to reinforce intelligence and communications capacities, "
            "as well as enhance the ground and air mobility of forces in MONUSCO.")
    coding = coder.code(text)
    codes = {e.code for e in coding.evidence}
    for view in coding.views:
        assert view in codes or any(c.startswith(view + ".") for c in codes)
    assert set(coding.subviews) <= codes
    assert coding.breadth == "many" and coding.missions == ("MONUSCO",)
    for e in coding.evidence:
        assert text[e.start:e.end].lower()[:4] == e.term.lower()[:4] or e.code.startswith("mission")


def test_a_weak_phrase_needs_a_second_phrase(coder: Coder) -> None:
    assert "mandate_formulation" not in coder.code("The mandates were discussed.").views


def test_breadth_takes_the_broadest_level(coder: Coder) -> None:
    assert coder.code("Some participants and then many participants agreed.").breadth == "consensus"
    assert coder.code("Some participants raised it.").breadth == "some"
    assert coder.code("It was raised.").breadth == "unstated"


def test_coding_is_deterministic(coder: Coder, taxonomy: Taxonomy) -> None:
    texts = ["Need for helicopters in UNAMID.", "Benchmarks and exit strategies for UNMIL."] * 3
    assert coder.code_many(texts) == Coder(taxonomy).code_many(texts)


def test_a_partner_named_alone_is_not_a_partnership(coder: Coder) -> None:
    assert "partnerships" not in coder.code("The African Union and the European Union were the main speakers.").views
    coding = coder.code("He called for closer cooperation with the African Union.")
    assert "partnerships" in coding.views and "partnerships.regional_organizations" in coding.subviews
    terms = {e.term for e in coding.evidence if e.code.startswith("partnerships")}
    assert {"African Union", "cooperation"} <= terms


def test_a_user_regex_codes_its_view_with_evidence() -> None:
    from conftest import DATA

    from gapmodel.taxonomy import parse_taxonomy

    text = (DATA / "taxonomy.yaml").read_text(encoding="utf-8").replace(
        "      - id: air_mobility\n        label: Air mobility and helicopters\n        include:\n",
        "      - id: air_mobility\n        label: Air mobility and helicopters\n        regex:\n"
        "          - 'rotary[- ]wing'\n        include:\n", 1)
    coder = Coder(parse_taxonomy(text, "t.yaml"))
    before = len(coder.matcher.targets)
    codings = coder.code_many(["Rotary-wing lift was short.", "Rotary wing assets.", "Nothing here."])
    assert [c.subviews for c in codings] == [("resources.air_mobility",)] * 2 + [()]
    (evidence,) = [e for e in codings[0].evidence if e.code == "resources.air_mobility"]
    assert (evidence.term, evidence.start, evidence.end) == ("rotary[- ]wing", 0, 11)
    assert len(coder.matcher.targets) == before  # coding adds nothing to the matcher
