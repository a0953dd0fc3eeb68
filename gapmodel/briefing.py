"""Briefing notes: headlines written from the tallies, a chart or two, a tally table and cited quotes.

Every sentence generated from numbers is computed from the model for the
selection at hand; tests check them against the tallies. The same note renders
as Markdown and as DOCX (real headings, a real table, embedded chart images).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from gapmodel import charts
from gapmodel import columns as C
from gapmodel.corpus import printable, printable_line
from gapmodel.dates import describe
from gapmodel.export import describe_filters, provenance, source_line
from gapmodel.filters import Filters, scope, scope_only
from gapmodel.index import cut
from gapmodel.model import Model
from gapmodel.tally import recurrence, tally

ImageMaker = Callable[[Any], bytes]


@dataclass(frozen=True)
class Quote:
    passage_id: str
    text: str
    citation: str
    note: str = ""  # the analyst's annotation, from the basket
    year: int = 0  # the year the words were said (quotes are shown in date order)


@dataclass(frozen=True)
class Note:
    title: str
    headlines: tuple[str, ...]
    table: pd.DataFrame  # rows: views; columns: years; values: gap passages
    quotes: tuple[Quote, ...]
    figures: tuple[tuple[str, Any], ...]  # (caption, plotly figure)
    about: tuple[str, ...]
    images: dict[str, bytes] = field(default_factory=dict)  # caption -> PNG
    image_problem: str = ""
    source: str = ""  # the source line under every chart
    compact: bool = False  # the one-page note (see one_page): no tally table, tighter type


def meeting_phrase(model: Model, meeting_id: str) -> str:
    """'at the meeting of 3 November 2016', 'at the retreat of 25-26 June 2010', 'in the report of ...'."""
    row = model.meetings[model.meetings[C.MEETING] == meeting_id].iloc[0]
    doc = model.document(str(row[C.DOCUMENT]))
    if row[C.KIND] == "series":
        return f"in the {doc.short_title[0].lower()}{doc.short_title[1:]}"
    noun = {"retreat": "retreat", "field visit": "visit", "informal": "informal meeting",
            "organisational": "organisational meeting"}.get(str(row[C.KIND]), "meeting")
    if row["dated"]:
        return f"at the {noun} of {describe(str(row['date']))}"
    return f"at a {noun} of {describe(str(row['date']))} (day not given)"


def headlines(model: Model, filters: Filters) -> list[str]:
    """One sentence per view (and its most persistent sub-view), true of the selection."""
    base = scope(model, filters)
    years_with_documents = sorted(int(y) for y in base[C.YEAR].unique())
    n = len(years_with_documents)
    views = list(filters.views) or [v.id for v in model.taxonomy.views if v.core]
    persistent = recurrence(model, passages=base)
    out: list[str] = []
    for view in views:
        label = model.taxonomy.label(view)
        rows = persistent[(persistent[C.VIEW] == view) & (persistent[C.SUBVIEW] == "")]
        if rows.empty:
            out.append(f"No gap on {charts.lower_first(label)} is recorded in the selected documents.")
            continue
        r = rows.iloc[0]
        out.append(f"Gaps in {charts.lower_first(label)} were raised in {int(r['years'])} of "
                   f"{charts.count(n, 'years')} with documents ({_years(base, view)}), in "
                   f"{charts.count(int(r[C.PASSAGES]), 'gap passages')}, "
                   f"most recently {meeting_phrase(model, str(r['last_meeting']))}.")
        subs = persistent[(persistent[C.VIEW] == view) & (persistent[C.SUBVIEW] != "")]
        specific = subs[~subs["generic"].astype(bool)]  # a catch-all found by common words is no headline
        if len(subs):
            s = (specific if len(specific) else subs).iloc[0]
            sub_label = model.taxonomy.label(f"{view}.{s[C.SUBVIEW]}")
            caveat = "" if len(specific) else " (found by common words only: read its passages before quoting it)"
            out.append(f"The most persistent: {charts.lower_first(sub_label)}, raised as a gap in "
                       f"{int(s['years'])} of {charts.count(n, 'years')}, most recently "
                       f"{meeting_phrase(model, str(s['last_meeting']))}{caveat}.")
    return out


def _years(base: pd.DataFrame, view: str) -> str:
    gaps = base[base[C.GAP] & base[C.VIEWS].map(lambda vs: view in vs)]
    return ", ".join(str(y) for y in sorted(int(y) for y in gaps[C.YEAR].unique()))


def citation_text(model: Model, row: pd.Series) -> str:
    """Document, date, paragraph and meeting, as plain text."""
    doc = model.document(str(row[C.DOCUMENT]))
    labels = dict(zip(model.meetings[C.MEETING], model.meetings[C.LABEL], strict=True))
    if row[C.KIND] == "footnote":
        para = f"footnote {str(row[C.LABEL]).removeprefix('fn')} ({row[C.SECTION_TITLE]})"
    else:
        para = f"para. {row[C.LABEL]}" if row[C.NUMBERED] else f"passage {row[C.LABEL]} (unnumbered)"
    symbol = f" ({doc.symbol})" if doc.symbol else ""
    section = f" (section {row[C.SECTION]})" if row[C.SECTION] else ""
    return f"{doc.title}{symbol}, dated {describe(doc.date)}, {para}{section}; {labels.get(str(row[C.MEETING]), '')}."


def strongest(model: Model, filters: Filters, limit: int = 5) -> pd.DataFrame:
    """The strongest gap evidence: most on the chosen views, then broadest held, then most recent, spread over
    the years (the best passage of each year first)."""
    base = scope(model, filters)
    views = set(filters.views or [v.id for v in model.taxonomy.views if v.core])
    index, rows = model.indexed(base)
    gaps = cut(base, (index.flags[C.GAP] & index.views.any_of(sorted(views)))[rows])
    rank = {b.id: i for i, b in enumerate(model.taxonomy.breadth)}
    # On topic first: passages where the chosen views' phrases weigh most (distinct phrases, weak ones halved)
    evidence = model.evidence_of(gaps)
    on_view = evidence[evidence["code"].str.split(".").str[0].isin(views)]
    weight = on_view.drop_duplicates([C.PASSAGE_ID, "term"]).groupby(C.PASSAGE_ID).size()
    ordered = gaps.assign(_rank=gaps[C.BREADTH].map(lambda b: rank.get(b, len(rank))),
                          _weight=-gaps[C.PASSAGE_ID].map(weight).fillna(0).clip(upper=3)).sort_values(
        ["_weight", "_rank", C.YEAR, C.DOCUMENT, C.ORDINAL], ascending=[True, True, False, True, True])
    # The broadest-held passage of each year first (latest year first), then the rest: quotes span the period.
    strongest_weight = ordered["_weight"].min() if len(ordered) else 0
    first = ordered[ordered["_weight"] == strongest_weight].drop_duplicates(C.YEAR).sort_values(C.YEAR,
                                                                                              ascending=False)
    rest = ordered.drop(first.index)
    return pd.concat([first, rest]).head(limit).drop(columns=["_rank", "_weight"])


def tally_table(model: Model, filters: Filters) -> pd.DataFrame:
    """Gap passages by view (rows) and year with documents (columns)."""
    views = list(filters.views) or [v.id for v in model.taxonomy.views if v.core]
    frame = tally(model, "year", views=views, gaps_only=True, passages=scope(model, filters))
    table = frame.pivot(index=C.VIEW, columns=C.YEAR, values=C.PASSAGES).reindex(views)
    table.index = [model.taxonomy.label(v) for v in table.index]
    table.columns = [str(c) for c in table.columns]
    return table


def build_note(model: Model, filters: Filters, *, basket: Sequence[tuple[str, str]] = (), title: str = "",
               quotes: int = 5, make_image: ImageMaker | None = None) -> Note:
    """A briefing note for the selection; ``basket`` holds (passage id, annotation) pinned by the user."""
    views = list(filters.views) or [v.id for v in model.taxonomy.views if v.core]
    base = scope(model, filters)
    if basket:
        rows = {str(r[C.PASSAGE_ID]): r for _, r in model.passages.iterrows()}
        quote_list = tuple(Quote(pid, str(rows[pid][C.TEXT]), citation_text(model, rows[pid]), note,
                                 int(rows[pid][C.YEAR])) for pid, note in basket if pid in rows)
    else:
        quote_list = tuple(Quote(str(r[C.PASSAGE_ID]), str(r[C.TEXT]), citation_text(model, r), "", int(r[C.YEAR]))
                           for _, r in strongest(model, filters, quotes).iterrows())
    year_tally = tally(model, "year", views=views, gaps_only=True, passages=base, with_meetings=True)
    share_tally = tally(model, "year", views=views, gaps_only=True, passages=base)
    figures = (
        ("Gap passages by view and year", charts.heatmap(year_tally, model.taxonomy, gaps_only=True,
                                                         title="Gap passages by view and year")),
        ("Share of passages that state a gap, by view over the years",
         charts.trend(share_tally, model.taxonomy, value=C.SHARE, gaps_only=True,
                      title="Share of passages that state a gap, by view over the years")),
    )
    images: dict[str, bytes] = {}
    problem = ""
    source = source_line(model, scope_only(filters))
    if make_image is not None:
        for caption, fig in figures:
            try:
                images[caption] = make_image(charts.presentation(fig, source))
            except RuntimeError as exc:
                problem = str(exc)
                break
    subject = ", ".join(charts.lower_first(model.taxonomy.label(v)) for v in views[:3])
    subject += " and more" if len(views) > 3 else ""
    return Note(
        title=title or f"Briefing note: gaps in {subject}",
        headlines=tuple(headlines(model, filters)), table=tally_table(model, filters), quotes=quote_list,
        figures=figures, about=tuple(provenance(model, scope_only(filters))), images=images, image_problem=problem,
        source=source,
    )


ONE_PAGE_QUOTE_WORDS = 45  # a longer quote is cut (marked [...]) so that the note keeps to one page


def one_page(note: Note) -> Note:
    """The note for one A4 page: its first three headlines, its first chart (with its legend), three quotes in
    date order (each of at most ``ONE_PAGE_QUOTE_WORDS`` words), and the source line as its provenance."""
    quotes = sorted(note.quotes[:3], key=lambda q: q.year)
    cut_quotes = tuple(replace(q, text=_shortened(q.text)) for q in quotes)
    return replace(note, headlines=note.headlines[:3], figures=note.figures[:1], quotes=cut_quotes,
                   about=(note.source,) if note.source else note.about[:1], compact=True)


def _shortened(text: str) -> str:
    words = text.split()
    return text if len(words) <= ONE_PAGE_QUOTE_WORDS else " ".join(words[:ONE_PAGE_QUOTE_WORDS]) + " [...]"


_MARKDOWN_START = re.compile(r"^(#|[-+*] |\d+[.)] |>)")
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|])")


def markdown_text(text: str) -> str:
    """Text for a Markdown file, escaped only where Markdown would read it as markup (a star, an underscore,
    brackets, a backtick, a bar, angle brackets, and a heading or list sign at the start): readable as it is."""
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", " ".join(str(text).split()))
    return _MARKDOWN_START.sub(r"\\\1", escaped)


def to_markdown(note: Note) -> str:
    """The note as Markdown."""
    lines = [f"# {note.title}", "", f"*Prepared {dt.date.today().isoformat()}.*", "", "## Headlines", ""]
    lines += [f"- {markdown_text(h)}" for h in note.headlines]
    if not note.compact:
        lines += ["", "## Gap passages by view and year", "", _markdown_table(note.table)]
    lines += ["", "## Key quotes", ""]
    for q in note.quotes:
        lines += [f"> {markdown_text(q.text)}", ">",
                  f"> — {markdown_text(q.citation)}" + (f" *Note: {markdown_text(q.note)}*" if q.note else ""), ""]
    lines += ["## About this note", ""] + [f"- {markdown_text(line)}" for line in note.about]
    if note.image_problem:
        lines += [f"- {note.image_problem}"]
    return "\n".join(lines) + "\n"


def _markdown_table(table: pd.DataFrame) -> str:
    header = "| View | " + " | ".join(table.columns) + " |"
    rule = "| --- |" + " ---: |" * len(table.columns)
    rows = [f"| {index} | " + " | ".join(str(int(v)) for v in row) + " |" for index, row in table.iterrows()]
    return "\n".join([header, rule, *rows])


def printable_note(note: Note) -> Note:
    """The note with every text it prints rid of control characters (see corpus.printable)."""
    return replace(
        note, title=printable_line(note.title), headlines=tuple(map(printable, note.headlines)),
        quotes=tuple(replace(q, text=printable(q.text), citation=printable_line(q.citation), note=printable(q.note))
                     for q in note.quotes),
        about=tuple(map(printable_line, note.about)), image_problem=printable(note.image_problem),
        source=printable_line(note.source), table=note.table.rename(index=lambda v: printable_line(str(v))))


def to_docx(note: Note) -> bytes:
    """The note as a Word document: headings, chart images with their source line, quotes with citations (and the
    tally table in the full note). Type is DejaVu Sans, which Debian ships, so a page count does not depend on the
    machine; the one-page note (``one_page``) is set to fit one A4 page."""
    from docx import Document as Docx
    from docx.shared import Inches, Mm, Pt

    note = printable_note(note)  # Word (XML) cannot hold control characters: they never fail an export
    doc = Docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4
    if note.compact:
        section.top_margin = section.bottom_margin = Mm(15)
        section.left_margin = section.right_margin = Mm(18)
    for style in ("Normal", "Title", "Heading 1", "Caption", "Quote", "List Bullet"):
        doc.styles[style].font.name = FONT
    doc.styles["Normal"].font.size = Pt(9.5 if note.compact else 11)
    if note.compact:  # one page: tighter headings and quotes
        doc.styles["Title"].font.size = Pt(18)
        doc.styles["Heading 1"].font.size = Pt(12)
        doc.styles["Heading 1"].paragraph_format.space_before = Pt(8)
        doc.styles["Quote"].font.size = Pt(9)
    doc.core_properties.author = "Mandate Gap Monitor"
    doc.core_properties.title = note.title
    doc.add_heading(note.title, level=0)
    doc.add_paragraph(f"Prepared {dt.date.today().isoformat()} with Mandate Gap Monitor.")
    doc.add_heading("Headlines", level=1)
    for h in note.headlines:
        doc.add_paragraph(h, style="List Bullet")
    doc.add_heading("Chart" if note.compact else "Charts", level=1)
    for caption, _ in note.figures:
        if caption in note.images:
            image = note.images[caption]
            doc.add_picture(io.BytesIO(image), width=Inches(_fitted_width(image) if note.compact else 6.3))
            doc.add_paragraph(printable_line(caption) if note.compact else f"{printable_line(caption)}. {note.source}",
                              style="Caption")  # the one-page note gives the source once, at its foot
    if note.image_problem:
        doc.add_paragraph(note.image_problem)
    if not note.compact:
        doc.add_heading("Gap passages by view and year", level=1)
        table = doc.add_table(rows=1, cols=len(note.table.columns) + 1)
        table.style = "Table Grid"
        table.rows[0].cells[0].text = "View"
        for i, column in enumerate(note.table.columns, start=1):
            table.rows[0].cells[i].text = str(column)
        for index, row in note.table.iterrows():
            cells = table.add_row().cells
            cells[0].text = str(index)
            for i, value in enumerate(row, start=1):
                cells[i].text = str(int(value))
    doc.add_heading("Key quotes", level=1)
    for q in note.quotes:
        doc.add_paragraph(q.text, style="Quote")
        cite = doc.add_paragraph()
        run = cite.add_run(q.citation)
        run.italic = True
        run.font.size = Pt(8 if note.compact else 9)
        if q.note:
            doc.add_paragraph(f"Note: {q.note}")
    if note.compact:  # the provenance line
        foot = doc.add_paragraph().add_run(" ".join(note.about))
        foot.font.size = Pt(7.5)
    else:
        doc.add_heading("About this note", level=1)
        for line in note.about:
            doc.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


FONT = "DejaVu Sans"


def _fitted_width(png: bytes, width: float = 4.8, height: float = 2.7) -> float:
    """Inches wide for a chart on the one-page note: as wide as it may be without being taller than ``height``."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        return width
    pixels_wide, pixels_high = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return min(width, height * pixels_wide / pixels_high) if pixels_high else width


__all__ = ["Note", "Quote", "build_note", "describe_filters", "headlines", "one_page", "to_docx", "to_markdown"]
