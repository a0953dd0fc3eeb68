"""Text out of an added file: plain text, Markdown, PDF (its text layer) and DOCX.

The file's bytes decide what it is, not its name. Anything that cannot be read
raises :class:`InputError` with one sentence saying what is wrong and what to
do. Names of files are only ever shown, never used as paths.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace

from gapmodel import wordfile
from gapmodel.corpus import MAX_BYTES, InputError, decode_text, empty, printable, too_big

Progress = Callable[[float, str], None]

MEDIA_TYPES = {
    "text": "text/plain", "markdown": "text/markdown", "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
KIND_NAMES = {"text/plain": "text", "text/markdown": "Markdown", "application/pdf": "PDF",
              MEDIA_TYPES["docx"]: "Word"}
_MIN_CHARS_PER_PAGE = 40  # fewer on average: the pages are images (a scan)

# Common English function words: in English prose they are about a third of all words.
_ENGLISH = frozenset((
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by", "be", "are", "this", "it",
    "at", "from", "or", "an", "was", "were", "which", "has", "have", "not", "their", "its", "should", "would",
    "will", "also", "been", "other", "all", "more", "these", "such",
))


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text read from a file and what kind of file it was.

    ``furniture`` holds the lines of a Word file's headers and footers, or a PDF's running heads and feet and
    masthead codes (a document symbol, a job number, "Page 2"), each once, in order: they are kept out of
    ``text`` so they never become passages, and are here to be shown or used apart (the symbol is read there
    when the text does not give it). Text files have none.
    """

    text: str
    media_type: str
    pages: int = 0  # PDF pages read (0 for other kinds)
    furniture: tuple[str, ...] = ()


def extract(name: str, data: bytes, progress: Progress | None = None, max_bytes: int = MAX_BYTES) -> Extracted:
    """Read the text of an added file (see the module docstring for what is accepted)."""
    shown = _safe_name(name)
    if not data:
        raise empty(shown)
    if len(data) > max_bytes:
        raise too_big(shown, len(data), max_bytes)
    if data.startswith(b"%PDF"):
        text, pages, furniture = _pdf_text(shown, data, progress)
        extracted = Extracted(text, MEDIA_TYPES["pdf"], pages, furniture=furniture)
    elif data.startswith(b"PK\x03\x04"):
        text, furniture = _docx_text(shown, data)
        extracted = Extracted(text, MEDIA_TYPES["docx"], furniture=furniture)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{shown} is an old Word (.doc) or Office file. Open it in Word and save it as .docx "
                         "or PDF, then add it again.")
    elif data.startswith(b"{\\rtf"):
        raise InputError(f"{shown} is a Rich Text (.rtf) file. Save it as .docx, PDF or plain text, then add it.")
    else:
        text = decode_text(data, shown)
        kind = "markdown" if name.lower().endswith((".md", ".markdown")) else "text"
        extracted = Extracted(text, MEDIA_TYPES[kind])
    extracted = replace(extracted, text=printable(fold_printing_forms(extracted.text)),
                        furniture=tuple(printable(fold_printing_forms(line)) for line in extracted.furniture))
    if not extracted.text.strip():  # only control characters
        raise empty(shown)
    check_english(shown, extracted.text)
    return extracted


# Forms that only printing makes: Latin ligatures (U+FB00-FB06), full-width and half-width letters, digits and
# signs, and the spaces that do not break. Each is folded to the letters it stands for (NFKC), so "ﬁeld" is
# stored as "field" and a search, a phrase and a quote all find it. Other compatibility characters stay as
# written: superscript digits mark footnotes, fractions and symbols mean what they show (the coder folds those
# for matching only, keeping offsets into the text as stored).
_PRINTING_FORMS = re.compile("[\ufb00-\ufb06\uff01-\uffee\u00a0\u2007\u202f]")


def fold_printing_forms(text: str) -> str:
    """The text with ligatures, full-width forms and non-breaking spaces folded (see ``_PRINTING_FORMS``)."""
    if text.isascii():
        return text
    return _PRINTING_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _safe_name(name: str) -> str:
    """The file's own name without any folder part or control characters, for messages."""
    base = re.split(r"[\\/]", name)[-1]
    return re.sub(r"[\x00-\x1f\x7f]", "", base)[:120] or "The file"


def _pdf_text(shown: str, data: bytes, progress: Progress | None) -> tuple[str, int, tuple[str, ...]]:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    from gapmodel.pdffile import TooLong, pdf_text

    try:
        text, count, furniture = pdf_text(data, progress)
    except TooLong as exc:
        raise InputError(f"{shown} {exc}. Split it into the documents it holds, then add them.") from None
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise InputError(f"{shown} is a password-protected PDF. Save a copy without the password, then add it.") \
                from None
        raise InputError(f"{shown} is a damaged PDF that cannot be read. Save it again from the program that made it "
                         "(or print it to PDF), then add it.") from None
    if count == 0 or len(text.strip()) < _MIN_CHARS_PER_PAGE * count:
        raise InputError(
            f"{shown} has no text layer (it looks like a scan: its pages are pictures). Run it through text "
            "recognition (OCR), or find the text version on documents.un.org, then add that.")
    return text, count, furniture


def _docx_text(shown: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    """The body's paragraphs and tables in document order, and the lines of the headers and footers apart.

    Each paragraph is a block (blank lines between) with Word's automatic number in front as printed; a table's
    rows are lines of tab-joined cells (read as table rows later). See :mod:`gapmodel.wordfile`.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise InputError(f"{shown} is a damaged file that cannot be opened. Save it again as .docx, then add it.") \
            from None
    if "word/document.xml" not in names:
        raise InputError(f"{shown} is not a Word document (it is another kind of ZIP or Office file). "
                         "Add a .docx, PDF, .txt or .md file.")
    _check_unpacked_size(shown, archive)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds on a broken package
        raise InputError(f"{shown} is a damaged Word document. Open it in Word, save it again, then add it.") \
            from None
    text = wordfile.body_text(document, wordfile.body_labels(archive, document))
    if not text.strip():
        raise InputError(f"{shown} holds no text. Choose the document with the report's text.")
    return text, wordfile.furniture(document)


MAX_PARTS = 10_000


def _check_unpacked_size(shown: str, archive: zipfile.ZipFile) -> None:
    """Refuse a ZIP whose parts unpack beyond twice the upload limit, by their declared sizes first, then by
    unpacking each in pieces and counting (a part may declare less than it holds), before python-docx reads it.
    (A small file can unpack to gigabytes.)"""
    members = archive.infolist()
    limit = 2 * MAX_BYTES
    too_large = InputError(f"{shown} unpacks to more than {limit / 2**20:.0f} MB of text, layout and "
                           "pictures, more than this app reads. Split the document, or save it without large "
                           "pictures, then add it.")
    if len(members) > MAX_PARTS:
        raise InputError(f"{shown} holds {len(members):,} parts, far more than any Word document. It may be damaged: "
                         "open it in Word, save it again, then add it.")
    text_limit = 12 * 2**20  # the text and layout part: python-docx takes 20-40 bytes and about 2 s a MB of it
    text_too_large = InputError(f"{shown} holds more text and layout than this app reads at once (over "
                                f"{text_limit // 2**20} MB unpacked). Split the document, then add the parts.")
    if sum(m.file_size for m in members) > limit:
        raise too_large
    if any(m.filename == "word/document.xml" and m.file_size > text_limit for m in members):
        raise text_too_large
    total = 0
    for member in members:
        read = 0
        try:
            with archive.open(member) as part:
                while chunk := part.read(1 << 20):
                    read += len(chunk)
                    total += len(chunk)
                    if read > member.file_size or total > limit:
                        raise too_large
                    if member.filename == "word/document.xml" and read > text_limit:
                        raise text_too_large
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError):
            raise InputError(f"{shown} is a damaged file that cannot be opened. Save it again as .docx, then add "
                             "it.") from None


def english_share(text: str, sample_words: int = 20000) -> float:
    """The share of common English function words among the first words of ``text``."""
    words = re.findall(r"[a-zà-ÿ]+", text[: sample_words * 8].lower())[:sample_words]
    return sum(w in _ENGLISH for w in words) / len(words) if words else 0.0


def check_english(shown: str, text: str) -> None:
    """Refuse a text that is not in English: the taxonomy's phrases are English, so nothing would be coded."""
    if len(text.split()) >= 30 and english_share(text) < 0.08:
        raise InputError(
            f"{shown} does not look like English. The taxonomy's phrases are English, so nothing in it would be "
            "coded. Add the English version of the document.")
