from __future__ import annotations

import re

import pandas as pd
import pytest

from gapmodel import columns as C
from gapmodel.corpus import Document, pack_text
from gapmodel.model import Model, build_model
from gapmodel.similar import STOP_WORDS, has_similarity_index, similar_passages, stem
from gapmodel.taxonomy import Taxonomy

# Four small documents where the answer is known: which passages share which content words.
DOCUMENTS = {
    "air-2010": ["Utility helicopters are scarce, so medical evacuation from remote villages waits for days.",
                 "Armoured vehicles patrol the northern border of UNMIS.",
                 "Helicopters would let the force reach remote villages before the rains."],
    "air-2012": ["Medical evacuation still waits for utility helicopters.",
                 "The committee approved the fuel budget in 2012.",
                 "It is what it was, and it will be so for them.",
                 "Patrols along the northern border by UNMIS continue."],
    "budget-2014": ["The fuel budget was approved by the committee.",
                    "Elections were held peacefully in the capital, 2014, with UN support."],
    "budget-2015": ["The fuel budget was approved by the committee.",
                    "Helicopters flew voters to remote villages during the elections, with UN help in 2014."],
}


def _model(documents: dict[str, list[str]], taxonomy: Taxonomy) -> Model:
    return build_model([Document(id=name, title=name, date=f"{name[-4:]}-06-01", kind="report", period=name[-4:],
                                 packed_text=pack_text("\n\n".join(f"{k}. {p}" for k, p in enumerate(texts, 1))))
                        for name, texts in documents.items()], taxonomy)


@pytest.fixture(scope="module")
def small(taxonomy: Taxonomy) -> Model:
    return _model(DOCUMENTS, taxonomy)


def test_a_helicopter_passage_finds_the_other_documents_helicopter_passages_never_its_own(small: Model) -> None:
    found = similar_passages(small, "air-2010:003")
    # air-2010:001 shares helicopters, remote and villages too, but it is in the same document
    assert list(found[C.PASSAGE_ID]) == ["budget-2015:002", "air-2012:001"]
    assert list(found[C.DOCUMENT]) == ["budget-2015", "air-2012"]
    assert list(found["shared"]) == [("remote", "villages", "helicopters"), ("helicopters",)]
    assert found["score"].is_monotonic_decreasing and ((found["score"] > 0) & (found["score"] <= 1)).all()
    assert list(small.passages[C.PASSAGE_ID].take(found["position"])) == list(found[C.PASSAGE_ID])


def test_shared_words_are_the_rarest_first_as_written_in_the_similar_passage(small: Model) -> None:
    found = similar_passages(small, "air-2010:001")
    assert list(found[C.PASSAGE_ID]) == ["air-2012:001", "budget-2015:002"]
    # words in two passages before "helicopters" (in four); equal weights in the order the corpus first says them
    assert found["shared"].iat[0] == ("utility", "medical", "evacuation", "waits", "helicopters")
    assert found["shared"].iat[1] == ("remote", "villages", "helicopters")


def test_acronyms_are_words_shown_in_capitals(small: Model) -> None:
    found = similar_passages(small, "air-2010:002")
    assert list(found[C.PASSAGE_ID]) == ["air-2012:004"]
    assert found["shared"].iat[0] == ("patrols", "northern", "border", "UNMIS")


def test_numbers_short_words_and_stop_words_are_never_shared(small: Model) -> None:
    found = similar_passages(small, "budget-2014:002")  # "2014", "UN" and "with" are in budget-2015:002 too
    assert list(found[C.PASSAGE_ID]) == ["budget-2015:002"]
    assert found["shared"].iat[0] == ("elections",)
    for passage_id in small.passages[C.PASSAGE_ID]:
        for shared in similar_passages(small, passage_id)["shared"]:
            assert shared and all(re.fullmatch(r"[^\W\d_]{3,}", w) and w.lower() not in STOP_WORDS for w in shared)


def test_a_passage_of_stop_words_alone_finds_nothing(small: Model) -> None:
    found = similar_passages(small, "air-2012:003")
    assert found.empty
    assert list(found.columns) == [C.PASSAGE_ID, "position", C.DOCUMENT, "score", "shared", "codes"]


def test_k_is_the_most_that_come_back(small: Model) -> None:
    assert list(similar_passages(small, "air-2010:001", k=1)[C.PASSAGE_ID]) == ["air-2012:001"]
    assert len(similar_passages(small, "air-2010:001", k=5)) == 2  # only two passages share a word with it
    assert similar_passages(small, "air-2010:001", k=0).empty


def test_equal_scores_come_in_the_order_of_the_passages_every_time(small: Model) -> None:
    found = similar_passages(small, "budget-2014:001")
    # the same content words as air-2012:002 and as budget-2015:001 (word for word): a likeness of 1 with each
    assert list(found[C.PASSAGE_ID]) == ["air-2012:002", "budget-2015:001"]
    assert found["score"].iat[0] == found["score"].iat[1] == pytest.approx(1.0)
    assert list(similar_passages(small, "budget-2015:001")[C.PASSAGE_ID]) == ["air-2012:002", "budget-2014:001"]
    pd.testing.assert_frame_equal(similar_passages(small, "air-2010:001"), similar_passages(small, "air-2010:001"))


def test_candidates_can_be_restricted_to_a_frame_of_passages(small: Model) -> None:
    passages = small.passages
    cut = passages[passages[C.DOCUMENT] == "air-2012"]
    assert list(similar_passages(small, "air-2010:003", passages=cut)[C.PASSAGE_ID]) == ["air-2012:001"]
    remade = cut.reset_index(drop=True)  # not cut from the model's passages: matched by passage id
    assert list(similar_passages(small, "air-2010:003", passages=remade)[C.PASSAGE_ID]) == ["air-2012:001"]
    assert similar_passages(small, "air-2010:003", passages=passages.iloc[0:0]).empty


def test_an_unknown_passage_is_an_error(small: Model) -> None:
    with pytest.raises(KeyError, match=r"^\"No passage 'nowhere:001' in this corpus\"$"):
        similar_passages(small, "nowhere:001")


def test_the_index_is_built_on_first_use(taxonomy: Taxonomy) -> None:
    model = _model({"first-2001": ["Helicopters landed."], "second-2002": ["Helicopters took off.", "Rain fell."]},
                   taxonomy)
    assert not has_similarity_index(model)
    assert list(similar_passages(model, "first-2001:001")["shared"]) == [("helicopters",)]
    assert has_similarity_index(model)


def test_a_word_in_most_passages_is_not_shared(taxonomy: Taxonomy) -> None:
    topics = ["ammunition", "bridges", "convoys", "drones", "engineers", "fuel", "generators", "hospitals",
              "interpreters", "journalists", "kitchens", "ladders", "medics", "nurses", "radios"]
    # "peacekeeping" is in 22 of the 30 passages: more than a tenth of them, and more than 20
    texts = [f"Peacekeeping {t}." if k < 11 else f"{t.title()}." for k, t in enumerate(topics)]
    model = _model({"first-2001": texts, "second-2002": texts}, taxonomy)
    found = similar_passages(model, "first-2001:001")
    assert list(found[C.PASSAGE_ID]) == ["second-2002:001"]
    assert found["shared"].iat[0] == ("ammunition",) and found["score"].iat[0] == pytest.approx(1.0)


@pytest.mark.parametrize(("word", "indexed"), [
    ("helicopters", "helicopter"), ("Helicopter", "helicopter"), ("mandates", "mandate"), ("forces", "force"),
    ("processes", "process"), ("approaches", "approach"), ("policies", "policy"), ("process", "process"),
    ("status", "status"), ("analysis", "analysis"), ("UNMIS", "unmis"), ("gas", "gas")])
def test_a_final_s_or_es_is_dropped(word: str, indexed: str) -> None:
    assert stem(word) == indexed


def test_on_the_seed_corpus_2016_finds_the_words_of_the_group_s_founding(seed_model: Model) -> None:
    # 2016 para 6 ("without prejudice to the competence of the Special Committee") quotes the terms of
    # reference the 2006 report quoted in its paragraph 4
    found = similar_passages(seed_model, "wgpko-2016:006")
    assert found[C.PASSAGE_ID].iat[0] == "wgpko-2006:004"
    assert found["shared"].iat[0][:2] == ("prejudice", "competence")
    assert "wgpko-2016" not in set(found[C.DOCUMENT])
    # 2016 para 4 (established by S/PRST/2001/3) finds the 2009 interim report's and the 2006 report's telling
    found = similar_passages(seed_model, "wgpko-2016:004")
    assert list(found[C.PASSAGE_ID].iloc[:2]) == ["wgpko-2009-interim:004", "wgpko-2006:004"]
    assert all("PRST" in shared for shared in found["shared"].iloc[:2])



def test_a_passage_on_the_same_gap_comes_before_one_sharing_a_rare_incidental_word(taxonomy: Taxonomy) -> None:
    model = _model({
        "gap-2010": ["Utility helicopters are lacking for air mobility in the east, as the zeppelin hangar report "
                     "on the zeppelin hangar showed."],
        "hangar-2011": ["The zeppelin hangar in the east was repainted, and the zeppelin hangar reopened."],
        "mobility-2012": ["Helicopters remain scarce."],
    }, taxonomy)
    by_words = dict(zip(*[similar_passages(model, "gap-2010:001", k=5)[c] for c in (C.PASSAGE_ID, "score")],
                        strict=True))
    assert by_words["hangar-2011:001"] > by_words["mobility-2012:001"]  # more alike in words...
    found = similar_passages(model, "gap-2010:001")
    assert list(found[C.PASSAGE_ID]) == ["mobility-2012:001", "hangar-2011:001"]  # ...but not on the same gap
    assert found["codes"].iat[0] == ("resources.air_mobility",) and found["codes"].iat[1] == ()


def test_the_words_of_the_meeting_itself_are_never_shared(taxonomy: Taxonomy) -> None:
    model = _model({"one-2010": ["The Chairman met the members and briefed participants on the fuel budget."],
                    "two-2011": ["The fuel budget grew."],
                    "three-2012": ["The Chairman met the members and briefed participants on the elections."]},
                   taxonomy)
    # three-2012 says the same of the meeting (Chairman, met, members, briefed, participants) and nothing more
    assert list(similar_passages(model, "one-2010:001")[C.PASSAGE_ID]) == ["two-2011:001"]
