"""Exports with provenance: tallies and passages as CSV and XLSX, safe to open in a spreadsheet.

Every export states the corpus (documents and their dates), the filters and the
taxonomy version, so a figure on a slide can be reproduced later. Text cells
that a spreadsheet would run as a formula (starting with =, +, -, @, or a tab or
carriage return) are neutralised with a leading apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Sequence

import pandas as pd

from gapmodel import columns as C
from gapmodel.corpus import printable
from gapmodel.dates import describe
from gapmodel.filters import STANCE_LABELS, Filters
from gapmodel.model import Model

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


_MARKDOWN_SIGNS = re.compile(r"[\\`*_{}\[\]()#+\-.!|~$:]")


def plain_html(text: str) -> str:
    """Text for Markdown that also holds HTML (a passage with its phrases marked): HTML-escaped once, and the
    signs Markdown would read as formatting written as character references, so it shows exactly as written
    ("<" as "<", never "&lt;")."""
    return _MARKDOWN_SIGNS.sub(lambda m: f"&#{ord(m.group())};", html.escape(str(text), quote=True))


def plain_markdown(text: str) -> str:
    """Text from a document or a user, escaped so Markdown shows it as written (no links, images, formatting)."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where text cells that start like a formula are prefixed with an apostrophe."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_safe)
    return out


def _safe(value: object) -> object:
    if isinstance(value, tuple | list):
        value = "; ".join(map(str, value))
    if isinstance(value, str):
        value = printable(value)  # a workbook (XML) cannot hold control characters: they never fail an export
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def describe_filters(model: Model, filters: Filters) -> str:
    """The filters in words: 'views: Resources and capabilities; gaps only; years 2009-2016'."""
    tax = model.taxonomy
    parts = []
    if filters.views:
        parts.append("views: " + ", ".join(tax.label(v) for v in filters.views))
    if filters.subviews:
        parts.append("sub-views: " + ", ".join(tax.label(s) for s in filters.subviews))
    if filters.stance != "all":
        parts.append(STANCE_LABELS[filters.stance].lower())
    if filters.years:
        parts.append(f"years {filters.years[0]}-{filters.years[1]}")
    if filters.documents:
        parts.append("documents: " + ", ".join(model.document(d).short_title for d in filters.documents))
    if filters.missions:
        parts.append("missions: " + ", ".join(filters.missions))
    if filters.meetings:
        parts.append(f"{len(filters.meetings)} meetings")
    if filters.breadth:
        parts.append("breadth: " + ", ".join(filters.breadth))
    if filters.text:
        parts.append(f'search "{filters.text}"')
    return "; ".join(parts) or "none (the whole corpus)"


def provenance(model: Model, filters: Filters, documents: Sequence[str] | None = None) -> list[str]:
    """Lines stating what an export was made from."""
    chosen = [d for d in model.documents if documents is None or d.id in documents]
    p = model.passages
    reviewed = int((p[C.REVIEWED] != "").sum()) if C.REVIEWED in p.columns else 0
    corpus = "; ".join(f"{d.short_title} ({d.id}, dated {describe(d.date)})" for d in chosen)
    return [
        f"Made with Mandate Gap Monitor on {dt.date.today().isoformat()}.",
        f"Corpus: {len(chosen)} documents: {corpus}.",
        f"Filters: {describe_filters(model, filters)}.",
        f"Taxonomy version {model.taxonomy.version} ({model.taxonomy.source}); corpus version {model.version}.",
        *([f"Experts reviewed {reviewed} passages; their codes are used for those passages."] if reviewed else []),
    ]


def source_line(model: Model, filters: Filters) -> str:
    """One line for under a chart: corpus, filters, taxonomy version."""
    docs = sorted(model.documents, key=lambda d: d.date)
    if len(docs) <= 6:
        corpus = ", ".join(d.short_title for d in docs)
    else:
        corpus = f"{len(docs)} documents dated {docs[0].date[:4]}-{docs[-1].date[:4]}"
    return (f"Source: Mandate Gap Monitor; {corpus}; filters: {describe_filters(model, filters)}; "
            f"taxonomy {model.taxonomy.version}.")


def passages_table(model: Model, passages: pd.DataFrame) -> pd.DataFrame:
    """Passages with their citation and codes, ready to export."""
    labels = dict(zip(model.meetings[C.MEETING], model.meetings[C.LABEL], strict=True))
    docs = {d.id: d for d in model.documents}
    tax = model.taxonomy
    return pd.DataFrame({
        "passage": passages[C.PASSAGE_ID],
        "document": passages[C.DOCUMENT].map(lambda d: docs[d].title),
        "document date": passages[C.DOCUMENT].map(lambda d: docs[d].date),
        "symbol": passages[C.DOCUMENT].map(lambda d: docs[d].symbol),
        "paragraph": passages[C.LABEL],
        "printed number": passages[C.NUMBERED],
        "section": passages[C.SECTION],
        "meeting": passages[C.MEETING].map(labels),
        "year": passages[C.YEAR],
        "views": passages[C.VIEWS].map(lambda vs: "; ".join(tax.label(v) for v in vs)),
        "sub-views": passages[C.SUBVIEWS].map(lambda vs: "; ".join(tax.label(v) for v in vs)),
        "gap": passages[C.GAP], "remedy": passages[C.REMEDY], "progress": passages[C.PROGRESS],
        "breadth": passages[C.BREADTH],
        "missions": passages[C.MISSIONS].map("; ".join),
        "text": passages[C.TEXT],
    })


_AFTER_COMMA = re.compile(r",(\s*)([=+\-@])")  # where a spreadsheet would start a cell with a formula


def to_csv(frame: pd.DataFrame, about: Sequence[str]) -> bytes:
    """CSV (UTF-8 with BOM so spreadsheets read accents) with the provenance as leading '#' lines."""
    buffer = io.StringIO()
    for line in about:  # a comma in a search text must not start a cell a spreadsheet runs as a formula
        plain = " ".join(printable(line).split())
        buffer.write("# " + _AFTER_COMMA.sub(r",\1'\2", plain) + "\n")
    neutralise(frame).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8-sig")


XLSX_MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header


def to_xlsx(sheets: dict[str, pd.DataFrame], about: Sequence[str]) -> bytes:
    """An XLSX workbook: one sheet per table and an 'About' sheet with the provenance."""
    buffer = io.BytesIO()
    notes = [f"The sheet '{name}' holds the first {XLSX_MAX_ROWS:,} of its {len(frame):,} rows (the most a "
             "sheet can hold); the CSV export holds them all." for name, frame in sheets.items()
             if len(frame) > XLSX_MAX_ROWS]
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise(frame.head(XLSX_MAX_ROWS)).to_excel(writer, sheet_name=name[:31], index=False)
        neutralise(pd.DataFrame({"About this export": [*about, *notes]})).to_excel(writer, sheet_name="About",
                                                                                  index=False)
    return buffer.getvalue()
