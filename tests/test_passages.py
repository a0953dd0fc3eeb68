"""Normalising messy text and splitting it into passages with printed labels and raw offsets."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapmodel import columns as C
from gapmodel.corpus import Document, pack_text
from gapmodel.model import Model, build_model
from gapmodel.passages import join_label, split_passages
from gapmodel.taxonomy import Taxonomy


def by_label(model: Model, doc: str, label: str) -> dict[str, object]:
    rows = model.passages[(model.passages[C.DOCUMENT] == doc) & (model.passages[C.LABEL] == label)]
    assert len(rows) == 1, f"{doc} {label}: {len(rows)} passages"
    return rows.iloc[0].to_dict()


def test_passage_counts_per_document(seed_model: Model) -> None:
    counts = seed_model.passages.groupby(C.DOCUMENT).size().to_dict()
    assert counts == {"wgpko-2006": 43, "wgpko-2009-interim": 110, "wgpko-2009-december": 37,
                      "istanbul-retreat-2010": 60, "wgpko-2016": 146}


@pytest.mark.parametrize(
    ("doc", "label", "section", "starts"),
    [
        ("wgpko-2009-interim", "10", "Annex > II > C > Protection of civilians", "Realistic assessment"),
        ("wgpko-2009-interim", "5(b)", "Annex > I", "Prioritization and streamlining"),
        ("wgpko-2009-interim", "I¶1", "Annex > I", "A meeting was convened on 9 June 2009"),
        ("wgpko-2009-interim", "I¶1(a)", "Annex > I", "Formulation of mandates"),
        ("wgpko-2009-interim", "Appendix.1.a•3", "Appendix > 1 > a", "When designing mandates"),
        ("wgpko-2009-interim", "Appendix.7.c", "Appendix > 7", "Need to broaden the troop-contributing"),
        ("wgpko-2009-december", "II.1.(1)(b)", "Annex > II > 1 > (1)", "Making full use of existing"),
        ("wgpko-2009-december", "II.2.(1)¶1", "Annex > II > 2 > (1)", "The need for clear and achievable"),
        ("wgpko-2009-december", "III.2.(1)(a)", "Annex > III > 2", "Key gaps in capabilities"),
        ("wgpko-2006", "14(g)", "Future Review", "The Working Group should review"),
        ("wgpko-2016", "72(b)", "II > D", "How to respond to the national"),
        ("wgpko-2016", "Annex table 1, row 5", "Annex", "3 November"),
    ],
)
def test_labels_and_sections_as_printed(seed_model: Model, doc: str, label: str, section: str,
                                        starts: str) -> None:
    row = by_label(seed_model, doc, label)
    assert row[C.SECTION] == section
    assert str(row[C.TEXT]).startswith(starts)


def test_unnumbered_passages_are_marked(seed_model: Model) -> None:
    p = seed_model.passages
    assert not p[p[C.LABEL].str.contains(r"(?:¶\d+|•\d+|row \d+)$")][C.NUMBERED].any()
    assert p[p[C.LABEL].str.contains(r"\([a-z]\)$")][C.NUMBERED].all()
    assert p[p[C.LABEL].str.fullmatch(r"\d+")][C.NUMBERED].all()


def test_lead_ins_ending_in_a_colon_are_passages_of_their_own(seed_model: Model) -> None:
    row = by_label(seed_model, "wgpko-2016", "5")
    assert row[C.KIND] == "lead-in" and str(row[C.TEXT]).endswith(":")
    item = by_label(seed_model, "wgpko-2016", "5(a)")
    assert item[C.PARENT] == row[C.ORDINAL]


def test_page_breaks_and_residue_are_healed(seed_model: Model) -> None:
    text = " ".join(seed_model.passages[C.TEXT])
    for healed in ["too burdensome—too often", "shortcomings of the current personnel system",
                   "a receiver, legitimizer, or adapter", "was raised by participants as one",
                   "advocating strengthened data protection", "well-prepared consultations",
                   "police-contributing countries", "the issuing of a mandate is just the beginning"]:
        assert healed in text
    for residue in ["SUMMARY REPORT", "**", "<i>", "</i>", "<https:", "burden4"]:
        assert residue not in text


def test_the_diagram_at_the_end_of_december_2009_is_left_out(seed_model: Model) -> None:
    skipped = seed_model.skipped
    assert list(skipped["reason"]) == ["Attachment II: diagram residue, not prose"]
    dec = seed_model.passages[seed_model.passages[C.DOCUMENT] == "wgpko-2009-december"]
    assert not dec[C.TEXT].str.contains("Technical assessment mission").any()


def test_offsets_point_at_the_raw_source(seed_model: Model) -> None:
    # Every word of the cleaned text stands in the raw span, in order (page heads and markup are only removed).
    for doc in seed_model.documents:
        rows = seed_model.passages[seed_model.passages[C.DOCUMENT] == doc.id]
        for start, end, text in rows[[C.START, C.END, C.TEXT]].itertuples(index=False):
            raw = doc.text[start:end]
            position = 0
            for word in re.findall(r"[A-Za-z]{5,}", text):
                found = raw.find(word[:4], position)  # a word mended across a line break keeps its first letters
                assert found >= 0, (doc.id, text[:40], word)
                position = found + 1


def test_join_label() -> None:
    assert join_label("II.1", "(1)") == "II.1.(1)"
    assert join_label("II.1.(1)", "(b)") == "II.1.(1)(b)"
    assert join_label("14", "(a)", under_item=True) == "14(a)"
    assert join_label("Appendix.1.a", "•3") == "Appendix.1.a•3"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
def test_any_text_splits_and_every_span_is_inside_the_source(text: str) -> None:
    split = split_passages("doc", text)
    for p in split.passages:
        assert 0 <= p.start <= p.end <= len(text)
        assert p.text.strip()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["1. The need for helicopters.", "(a) Item;", "- bullet", "", "I. Heading",
                                 "Heading", "text continues", "2 SUMMARY REPORT", "\tDate\tTheme"]), max_size=30))
def test_report_like_text_never_crashes(lines: list[str]) -> None:
    text = "\n".join(lines)
    for p in split_passages("doc", text).passages:
        assert text[p.start:p.end].strip()


def test_a_word_broken_at_a_line_end_is_healed_only_where_the_document_writes_it_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from gapmodel import blocks

    raw = ("1. The Working Group noted short-\ncomings of the police-\ncontributing countries and their well-\n"
           "prepared units.\n\n2. Shortcomings remain.\n")
    assert [b.text for b in blocks.build_blocks(raw)] == [
        "The Working Group noted shortcomings of the police-contributing countries and their well-prepared units.",
        "Shortcomings remain."]
    read: list[str] = []
    original = blocks.re.findall
    monkeypatch.setattr(blocks.re, "findall", lambda p, s, *a: read.append(p) or original(p, s, *a))
    blocks.build_blocks("1. No line of this text ends with a hyphen.\n\n2. Nor of this one.\n")
    assert "[A-Za-z]+" not in read  # the document's words are read only when a hyphen needs them


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300),
                      max_size=3))
def test_the_model_holds_each_passage_s_text_as_split(texts: list[str], taxonomy: Taxonomy) -> None:
    """The text column is made from one buffer of the passages' UTF-8: each row is its passage's text."""
    documents = [Document(id=f"d{i}", title=f"D{i}", date="2009", kind="report", period="2009",
                          packed_text=pack_text(text)) for i, text in enumerate(texts)]
    model = build_model(documents, taxonomy)
    expected = [p.text for d in documents for p in split_passages(d.id, d.text).passages]
    assert model.passages[C.TEXT].tolist() == expected
    assert model.passages[C.PASSAGE_ID].tolist() == [
        p.id for d in documents for p in split_passages(d.id, d.text).passages]
