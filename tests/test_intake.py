"""Adding documents: PDF, DOCX, text and Markdown read into the same passages; every bad input is a sentence."""

from __future__ import annotations

import io
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from files import REPORT_2018, make_docx, make_pdf
from test_store import state

from gapmodel import columns as C
from gapmodel.corpus import MAX_BYTES, InputError, document_from_text, load_corpus, pack_text
from gapmodel.readers import extract
from gapmodel.taxonomy import Taxonomy
from gapmodel.workspace import load_workspace, open_workspace, prepare, removed_documents, save

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize(("name", "make"), [
    ("report.pdf", lambda: make_pdf([REPORT_2018[:700], REPORT_2018[700:]])),
    ("report.docx", lambda: make_docx(REPORT_2018)),
    ("report.md", lambda: REPORT_2018.encode()),
    ("report.txt", lambda: REPORT_2018.encode("utf-16")),
])
def test_every_format_gives_the_same_passages_meetings_and_codes(name: str, make: object,
                                                                 taxonomy: Taxonomy) -> None:
    draft = prepare(name, make(), [], taxonomy)  # type: ignore[operator]
    doc, passages = draft.document, draft.preview.passages
    assert (doc.date, doc.period, doc.kind) == ("2019-01-31", "2018", "Working Group report")
    assert doc.title == "Report of the Security Council Working Group on Peacekeeping Operations"
    assert list(passages[passages[C.NUMBERED]][C.LABEL]) == ["1", "2", "3", "4"]
    passages = passages[passages[C.NUMBERED]]
    dated = draft.preview.meetings[draft.preview.meetings["dated"]]
    assert list(dated["date"]) == ["2018-03-14", "2018-10-09"]
    helicopters = passages.iloc[1]
    assert "resources" in helicopters[C.VIEWS] and helicopters[C.GAP] and helicopters[C.BREADTH] == "many"
    assert helicopters[C.MISSIONS] == ("MINUSMA",)
    assert "partnerships" in passages.iloc[3][C.VIEWS]


def test_a_docx_table_is_read_as_rows(taxonomy: Taxonomy) -> None:
    data = make_docx(REPORT_2018, [["Date", "Topic"], ["14 March 2018", "Air mobility"]])
    assert "14 March 2018\tAir mobility" in extract("r.docx", data).text


@pytest.mark.parametrize("kind", ["docx", "txt"])
def test_ligatures_and_printed_forms_are_stored_as_letters(kind: str, taxonomy: Taxonomy) -> None:
    printed = REPORT_2018.replace("helicopters", "helicopters for \ufb01eld mobility (e\ufb00ective\u00a0use)", 1)
    printed = printed.replace("9 October", "\uff19 October", 1) + "\nA footnote mark stays as printed.\u00b9\n"
    data = make_docx(printed) if kind == "docx" else printed.encode()
    text = extract(f"r.{kind}", data).text
    assert "field mobility (effective use)" in text and "\ufb01" not in text and "\u00a0" not in text
    assert "On 9 October 2018" in text
    assert "printed.\u00b9" in text  # a superscript marks a footnote: kept as written
    draft = prepare(f"r.{kind}", data, [], taxonomy)
    assert "field mobility" in " ".join(draft.preview.passages[C.TEXT])


def test_progress_is_reported_page_by_page(taxonomy: Taxonomy) -> None:
    seen: list[tuple[float, str]] = []
    prepare("r.pdf", make_pdf([REPORT_2018] * 3), [], taxonomy, progress=lambda share, what: seen.append((share, what)))
    assert [w for _, w in seen if w.startswith("Reading page")] == [f"Reading page {i} of 3" for i in (1, 2, 3)]
    shares = [s for s, _ in seen]
    assert shares == sorted(shares) and shares[-1] == 1.0


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf([REPORT_2018]))).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


FRENCH = ("Rapport du Groupe de travail sur les opérations de maintien de la paix. Le 14 mars 2018, le Groupe de "
          "travail a examiné la mobilité aérienne. De nombreux membres ont souligné que la mission manque "
          "d'hélicoptères et que les lacunes limitent la protection des civils. ") * 3

BAD = {
    "empty": ("empty.txt", b"", "empty.txt is empty. Choose a file that holds the document's text."),
    "blank": ("blank.md", b"  \n\n ", "blank.md is empty. Choose a file that holds the document's text."),
    "binary": ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
               "photo.txt is not a document this app can read (it looks like an image or another binary file). "
               "Add a PDF, Word (.docx), plain text (.txt) or Markdown (.md) file."),
    "old word": ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
                 "report.doc is an old Word (.doc) or Office file. Open it in Word and save it as .docx or PDF, "
                 "then add it again."),
    "rtf": ("report.rtf", b"{\\rtf1\\ansi Report}", "report.rtf is a Rich Text (.rtf) file. Save it as .docx, PDF "
            "or plain text, then add it."),
    "other zip": ("notes.zip", _zip(), "notes.zip is not a Word document (it is another kind of ZIP or Office "
                  "file). Add a .docx, PDF, .txt or .md file."),
    "damaged docx": ("report.docx", b"PK\x03\x04" + bytes(50), "report.docx is a damaged file that cannot be "
                     "opened. Save it again as .docx, then add it."),
    "scanned pdf": ("scan.pdf", make_pdf(["", ""], with_text=False),
                    "scan.pdf has no text layer (it looks like a scan: its pages are pictures). Run it through text "
                    "recognition (OCR), or find the text version on documents.un.org, then add that."),
    "damaged pdf": ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "broken.pdf is a damaged PDF that cannot "
                    "be read. Save it again from the program that made it (or print it to PDF), then add it."),
    "password pdf": ("locked.pdf", _encrypted_pdf(), "locked.pdf is a password-protected PDF. Save a copy without "
                     "the password, then add it."),
    "wrong encoding": ("latin1.txt", REPORT_2018.replace("Peacekeeping", "Peacekeeping café").encode("latin-1"),
                       "latin1.txt is not UTF-8 text (byte 64 cannot be read). Save it with UTF-8 encoding and try "
                       "again."),
    "cut utf-16": ("cut.txt", REPORT_2018.encode("utf-16")[:-1], "cut.txt starts as UTF-16 text but cannot be read as "
                   "such: the file may be damaged. Save it again as UTF-8 text and try again."),
    "not english": ("rapport.txt", FRENCH.encode(), "rapport.txt does not look like English. The taxonomy's "
                    "phrases are English, so nothing in it would be coded. Add the English version of the document."),
    "no date": ("notes.txt", b"Notes on peacekeeping. The mission lacks helicopters and the mandate is vague, as "
                b"many members of the Council have said in the meetings of the working group on operations.",
                "notes.txt: no date could be read from the text. Give one with --date (e.g. --date 2018-03-31)."),
    "over the limit": ("huge.txt", b"a" * (MAX_BYTES + 1), "huge.txt is 50.0 MB, over the 50 MB limit. Split the "
                       "document or remove its images, then add it again."),
    "a path as name": ("../../etc/x.pdf", b"", "x.pdf is empty. Choose a file that holds the document's text."),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_one_sentence_and_nothing_is_saved(case: str, workspace: Path, taxonomy: Taxonomy) -> None:
    name, data, message = BAD[case]
    store = open_workspace(workspace)
    save(store, prepare("2018.txt", REPORT_2018.encode(), [], taxonomy), added_by="Ana")
    before = state(workspace)
    with pytest.raises(InputError) as caught:
        save(store, prepare(name, data, load_workspace(workspace), taxonomy), added_by="Ana")
    assert str(caught.value) == message
    assert state(workspace) == before


def test_a_duplicate_is_refused_whether_embedded_added_or_removed(workspace: Path, taxonomy: Taxonomy) -> None:
    embedded = load_corpus(DATA)
    text = (DATA / "corpus" / "2006-12-12_working-group-report.txt").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="already in the corpus as 'Report of the Security Council Working Group"):
        prepare("again.txt", ("\n\n" + text.replace("\n", "\r\n")).encode(), embedded, taxonomy)
    store = open_workspace(workspace)
    doc = save(store, prepare("2018.pdf", make_pdf([REPORT_2018]), [], taxonomy), added_by="Ana")
    with pytest.raises(InputError, match="already in the corpus"):
        prepare("2018.docx", make_docx(REPORT_2018), load_workspace(workspace), taxonomy)
    store.remove_document(doc.id)
    before = state(workspace)
    with pytest.raises(InputError, match=r"added before as '.+' and removed\. Restore it from the removed documents"):
        prepare("2018.txt", REPORT_2018.encode(), load_workspace(workspace), taxonomy,
                removed=removed_documents(workspace))
    with pytest.raises(InputError, match=r"already in removed documents \(restore it from there\)"):  # and the store
        save(store, prepare("2018.txt", REPORT_2018.encode(), load_workspace(workspace), taxonomy), added_by="Ana")
    assert state(workspace) == before


def test_edited_metadata_is_checked_before_saving(workspace: Path, taxonomy: Taxonomy) -> None:
    draft = prepare("2018.txt", REPORT_2018.encode(), [], taxonomy)
    with pytest.raises(InputError) as caught:
        save(open_workspace(workspace), draft, added_by="Ana", metadata={"date": "31 Jan", "title": " "})
    assert str(caught.value) == ("The title is empty. Give the document its title. The date '31 Jan' cannot be read. "
                                 "Write it as 2018-03-31, 2018-03 or 2018.")
    assert state(workspace).get("documents", []) == []
    doc = save(open_workspace(workspace), draft, added_by="Ana", metadata={"symbol": "S/2019/90", "chair": "Ana"})
    assert (doc.symbol, doc.chair, doc.url) == ("S/2019/90", "Ana", "https://undocs.org/en/S/2019/90")


def test_a_file_name_never_becomes_a_path(workspace: Path, taxonomy: Taxonomy, tmp_path: Path) -> None:
    draft = prepare("../../<b>evil</b>.txt", REPORT_2018.encode(), [], taxonomy)
    doc = save(open_workspace(workspace), draft, added_by="Ana")
    assert doc.id == "b-evil-b" and doc.source == "../../<b>evil</b>.txt"
    assert sorted(p.name for p in workspace.iterdir()) == ["workspace.sqlite", "workspace.sqlite-shm",
                                                           "workspace.sqlite-wal"] or \
        sorted(p.name for p in workspace.iterdir()) == ["workspace.sqlite"]


@pytest.mark.parametrize(("file_name", "expected"), [
    ("2006-12-12_working-group-report.txt", {"date": "2006-12-12", "chair": "Kenzo Oshima",
                                             "kind": "Working Group report"}),
    ("2009-07-31_working-group-interim-report.txt", {"date": "2009-07-31", "chair": "Yukio Takasu",
                                                     "kind": "interim report"}),
    ("2017-02-13_working-group-report-2016.txt", {"date": "2017-02-13", "chair": "Fodé Seck",
                                                  "period": "2016-01-01/2016-12-31"}),
    ("2010-10_istanbul-retreat-summary.txt", {"kind": "retreat summary"}),
])
def test_metadata_the_seed_texts_state_is_read(file_name: str, expected: dict[str, str]) -> None:
    from gapmodel.corpus import read_metadata

    meta = read_metadata((DATA / "corpus" / file_name).read_text(encoding="utf-8"))
    assert {k: meta.get(k) for k in expected} == expected


def test_pdf_lines_are_grouped_into_paragraphs(taxonomy: Taxonomy) -> None:
    page = "\n".join([
        "II. Recommendations",
        "1. The Working Group stressed that mandates should be clear, credible and achievable, and that the Council "
        "should consult troop- and police-contributing countries before it renews a mandate or changes its tasks.",
        "2. Members noted the lack of utility helicopters in several missions and asked the Secretariat to report "
        "on the shortfall, mission by mission, before the next meeting of the Working Group on this.",
        "(a) a list of the missions concerned;",
    ])
    text = extract("r.pdf", make_pdf([page])).text
    assert [p[:12] for p in text.split("\n\n")] == ["II. Recommen", "1. The Worki", "2. Members n", "(a) a list o"]
    assert "before it renews a mandate or changes its tasks." in text  # lines run together within a paragraph


def test_a_docx_that_unpacks_to_too_much_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from gapmodel import readers

    monkeypatch.setattr(readers, "MAX_BYTES", 10_000)  # the same rule as at 50 MB, on a small file
    data = make_docx(REPORT_2018 * 20)
    with pytest.raises(InputError, match=r"unpacks to more than 0 MB of text, layout and pictures"):
        readers.extract("big.docx", data, max_bytes=10**9)


@pytest.mark.parametrize("text", ["Plain ASCII report.", "Déjà vu — “quoted” in Français 😀", "lone \ud800 surrogate",
                                  ""])
def test_a_document_keeps_its_text_exactly_though_packed(text: str) -> None:
    doc = document_from_text("x", name="r.txt", origin="folder", overrides={"date": "2018-03-31"})
    doc = replace(doc, packed_text=pack_text(text))
    assert doc.text == text
    assert zlib.decompress(doc.packed_text) == text.encode("utf-8", "surrogatepass")  # kept compressed


def test_the_seed_corpus_is_held_compressed() -> None:
    documents = load_corpus(Path(__file__).resolve().parent.parent / "data")
    raw = sum(len(d.text.encode("utf-8")) for d in documents)
    packed = sum(len(d.packed_text) for d in documents)
    assert packed < raw / 2
