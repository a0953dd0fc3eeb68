"""The matcher and the coder: whole words, inflections, evidence, flags, breadth, missions."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_matcher import RegexMatcher

from gapmodel import matcher, wordspans
from gapmodel.coding import Coder, Coding, phrases_of
from gapmodel.matcher import Hits, PhraseMatcher, Target, inflections, surface_forms
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


# The matcher against the rule it follows (tests/reference_matcher.py: one regular expression)

_SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", "-", ", ", "/", "'", "’", ". ", " (", ") ", "\u00a0", "", "_"]
_ODD_WORDS = ["the", "of", "and", "UNMISS", "Unmis", "AU", "A.U.", "’s", "détachement", "İstanbul", "ǅ", "𝐀𝐁",
              "😀", "x_y", "2009", "\ud800", "ÉCOWAS"]


@pytest.fixture(scope="module")
def matchers(taxonomy: Taxonomy) -> tuple[PhraseMatcher, RegexMatcher]:
    phrases = phrases_of(taxonomy)
    return PhraseMatcher(phrases), RegexMatcher(phrases)


def _hits_by_text(hits: Hits, count: int) -> list[list[tuple[int, int, int]]]:
    out: list[list[tuple[int, int, int]]] = [[] for _ in range(count)]
    for text, start, end, target in zip(*(column.tolist() for column in hits[:4]), strict=True):
        out[text].append((start, end, target))
    return [sorted(found) for found in out]


def _salad(rng: random.Random, phrases: list[str], words: list[str], separators: list[str] = _SEPARATORS) -> str:
    """Phrases of the taxonomy, their words and odd words, in any case, run together by any separator."""
    out = []
    for _ in range(rng.randint(0, 40)):
        piece = rng.choice(phrases) if rng.random() < 0.3 else rng.choice(words)
        piece = rng.choice([piece, piece, piece, piece.upper(), piece.title()])
        out += [piece, rng.choice(separators)]
    return "".join(out)


def test_the_matcher_finds_what_the_rule_finds(matchers: tuple[PhraseMatcher, RegexMatcher],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    new, reference = matchers
    phrases = sorted({t.term for t in new.targets})
    words = sorted({w for p in phrases for w in p.split()}) + _ODD_WORDS
    rng = random.Random(20261123)
    texts = [_salad(rng, phrases, words) for _ in range(3000)]
    monkeypatch.setattr(matcher, "_CHUNK", 5000)  # many chunks, and texts longer than a chunk
    texts.append(" ".join(texts[:100]))
    assert _hits_by_text(new.find_all(texts), len(texts)) == [sorted(reference.find(t)) for t in texts]


def _width(text: str) -> int:
    """Bits per character of the narrowest array that holds the text's code points."""
    return 8 if text.isascii() else 16 if max(map(ord, text)) < 0x10000 else 32


@pytest.mark.parametrize("width", [8, 16, 32])
def test_the_matcher_finds_what_the_rule_finds_in_text_of_each_width(
        matchers: tuple[PhraseMatcher, RegexMatcher], width: int) -> None:
    """Text is read as bytes (ASCII), 16-bit or 32-bit code points: each way finds the same."""
    new, reference = matchers
    phrases = [p for p in sorted({t.term for t in new.targets}) if _width(p) <= width]
    odd = [w for w in _ODD_WORDS if _width(w) <= width]
    separators = [s for s in _SEPARATORS if _width(s) <= width]
    rng = random.Random(width)
    texts = [_salad(rng, phrases, sorted({w for p in phrases for w in p.split()}) + odd, separators)
             for _ in range(500)]
    texts.append(" ".join(w for w in odd if _width(w) == width))  # one of the widest characters at least
    assert wordspans.code_units("\n\n".join(texts)).dtype.itemsize * 8 == width
    assert _hits_by_text(new.find_all(texts), len(texts)) == [sorted(reference.find(t)) for t in texts]


@given(st.lists(st.sampled_from(["need", "for", "protection", "of", "civilians", "UNMIS", "troop", "-", "and",
                                 "police", "contributing", "countries", "lack", "utility", "helicopters"]),
                max_size=30),
       st.lists(st.sampled_from(_SEPARATORS), min_size=1, max_size=30), st.text(max_size=3))
@settings(max_examples=300, deadline=None)
def test_the_matcher_follows_the_rule_on_any_text(matchers: tuple[PhraseMatcher, RegexMatcher], words: list[str],
                                                  separators: list[str], noise: str) -> None:
    new, reference = matchers
    text = noise + "".join(w + separators[i % len(separators)] for i, w in enumerate(words))
    assert _hits_by_text(new.find_all([text]), 1) == [sorted(reference.find(text))]


@pytest.mark.parametrize("length", [2, 15, 16, 17, 40])
def test_a_long_chain_of_overlapping_phrases_is_scanned_in_order(length: int) -> None:
    """'w0 w1', 'w1 w2'... overlap one word each: the scan finds every other one and the restarts the rest.
    The matcher settles two links of such a chain a round, for eight rounds, then walks the rest."""
    phrases = {f"w{i} w{i + 1}": [Target(f"c:{i}", f"w{i} w{i + 1}")] for i in range(length)}
    text = " ".join(f"w{i}" for i in range(length + 1))
    new, reference = PhraseMatcher(phrases), RegexMatcher(phrases)
    assert _hits_by_text(new.find_all([text]), 1) == [sorted(reference.find(text))]
    assert [h.target.code for h in new.find(text)] == [f"c:{i}" for i in range(length)]


def test_code_all_and_code_many_agree(coder: Coder) -> None:
    texts = ["Need for helicopters in UNAMID.", "", "Many participants stressed the lack of benchmarks.",
             "Data protection was raised.", "It would be appreciated if the letter could be circulated."]
    codes = coder.code_all(texts)
    codings = coder.code_many(texts)
    assert [c.views for c in codings] == list(codes.views)
    assert [c.breadth for c in codings] == list(codes.breadth)
    assert [c.gap for c in codings] == codes.gap.tolist()
    assert sum(len(c.evidence) for c in codings) == len(codes.evidence_start)
    assert codings[1] == Coding((), (), False, False, False, "unstated", (), (), ())
    assert "protection_of_civilians" not in codings[3].views  # inside its exclude phrase "data protection"
    assert not codings[4].remedy and not codings[4].progress  # cues inside the letter's courtesy formula


def test_many_texts_are_coded_in_batches_as_one(coder: Coder, monkeypatch: pytest.MonkeyPatch) -> None:
    from gapmodel import coding

    texts = ["Need for helicopters in UNAMID.", "Many participants stressed the lack of benchmarks.", "", "UNMIS"] * 5
    whole = coder.code_many(texts)
    monkeypatch.setattr(coding, "_BATCH", 3)
    assert coder.code_many(texts) == whole
    assert coder.code_many([]) == []


def test_codes_of_more_than_sixty_four_names_are_told_apart() -> None:
    from gapmodel.coding import _tuples

    names = [f"m{i}" for i in range(70)]
    for count in (64, 70):
        rows = _tuples(4, names[:count], np.array([0, 0, 2, 3, 3]), np.array([count - 1, 0, 5, 0, count - 1]))
        assert list(rows) == [("m0", f"m{count - 1}"), (), ("m5",), ("m0", f"m{count - 1}")]
        assert rows[0] is rows[3]  # equal tuples are one object


FORGED_FOR = 0x9E3779B97F4A7C15  # a hash base a reviewer forged colliding words against (lattice reduction)


def test_a_word_forged_to_collide_with_a_longer_phrase_is_told_apart_by_its_words(
        taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wordspans.secrets, "randbits", lambda bits: FORGED_FOR)
    coder = Coder(taxonomy)
    word, phrase = "kmjinrmnommlokjppmkloopl", "a number of participants"  # one word against four
    assert wordspans.hash_text(word, FORGED_FOR) == wordspans.hash_text(phrase, FORGED_FOR) and len(word) == len(phrase)
    for text in (word, f"The {word} was noted.", f"x {word} and lack of troops"):
        coding = coder.code(text)  # once this raised IndexError: the match was taken to have four words
        assert coding.breadth == "unstated" and phrase not in {e.term for e in coding.evidence}


def test_each_matcher_draws_its_own_hash_base(coder: Coder) -> None:
    word = "盹盾眿眀盦盭眂眙眊眘"  # forged to hash as "benchmarks" under FORGED_FOR
    assert wordspans.hash_text(word, FORGED_FOR) == wordspans.hash_text("benchmarks", FORGED_FOR)
    assert coder.matcher._prefixes.base != FORGED_FOR
    assert Coder(coder.taxonomy).matcher._prefixes.base != coder.matcher._prefixes.base  # drawn, not fixed
    assert not coder.code(word).views and not coder.code(f"The {word} were met.").views


def test_greek_final_sigma_matches_in_capitals_and_in_lower_case() -> None:
    m = PhraseMatcher({"Ελλάς": [Target("actor:hellas", "Ελλάς")]})
    assert [(h.start, h.end) for h in m.find("ΕΛΛΆΣ spoke, then Ελλάς.")] == [(0, 5), (18, 23)]


def test_a_user_regex_reads_a_text_with_a_broken_character(taxonomy: Taxonomy) -> None:
    from conftest import DATA

    from gapmodel.taxonomy import parse_taxonomy

    text = (DATA / "taxonomy.yaml").read_text(encoding="utf-8").replace(
        "      - id: air_mobility\n        label: Air mobility and helicopters\n        include:\n",
        "      - id: air_mobility\n        label: Air mobility and helicopters\n        regex:\n"
        "          - 'rotary[- ]wing'\n        include:\n", 1)
    coding = Coder(parse_taxonomy(text, "t.yaml")).code("\ud800 Rotary-wing lift was short.")
    assert ("resources.air_mobility", 2, 13) in {(e.code, e.start, e.end) for e in coding.evidence}


def test_the_scan_is_compiled_even_where_nothing_can_be_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only install with no writable home folder: numba cannot keep the compiled loop, so it is
    compiled in each process instead of failing."""
    import importlib

    import numba

    from gapmodel import scan

    compile_ = numba.njit

    def nowhere_to_keep(*args: object, **options: object) -> object:
        if options.get("cache"):
            raise RuntimeError("cannot cache function '_scan_loop': no locator available for file 'scan.py'")
        return compile_(*args, **options)

    monkeypatch.setattr(numba, "njit", nowhere_to_keep)
    try:
        importlib.reload(scan)
        assert type(scan._scan._cache).__name__ == "NullCache"  # compiled, kept nowhere
        m = PhraseMatcher({"need for protection": [Target("cue:gap", "need for protection")]})
        assert [(h.start, h.end) for h in m.find("The need for protection of civilians.")] == [(4, 23)]
    finally:
        monkeypatch.undo()
        importlib.reload(scan)
