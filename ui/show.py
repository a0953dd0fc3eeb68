"""Drawing helpers shared by the pages: a clickable chart, passages with their evidence and citation."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from gapmodel import columns as C
from gapmodel.charts import view_colours
from gapmodel.dates import describe
from gapmodel.export import plain_html
from gapmodel.export import plain_markdown as md
from gapmodel.index import rows_in
from gapmodel.model import Model
from gapmodel.problems import PlainProblem
from gapmodel.similar import has_similarity_index, similar_passages, similarity_index
from ui import basket, review

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def chart(fig: go.Figure, key: str) -> list[dict[str, Any]]:
    """Draw a figure that reruns the page on a click; returns the selected points."""
    st.plotly_chart(fig, width="stretch", on_select="rerun", selection_mode=("points", "box"), key=key,
                    config=PLOTLY_CONFIG)
    return selected_points(key)


def table_key(key: str, rows: Sequence[str]) -> str:
    """The key of a table whose rows can be selected: ``key_0``, then ``key_1``... each time the rows it shows
    change (another sort, level or filter). Streamlit keeps a selection as row numbers: under the same key, a
    row chosen before a sort would name another row after it, or none."""
    drawn = f"_{key}_drawn"
    shown, generation = st.session_state.get(drawn, (tuple(rows), 0))
    if shown != tuple(rows):
        generation += 1
    st.session_state[drawn] = (tuple(rows), generation)
    return f"{key}_{generation}"


def selected_points(key: str) -> list[dict[str, Any]]:
    """Points selected in a chart, read by its key (works in the browser and in AppTest)."""
    event = st.session_state.get(key)
    if not event:
        return []
    selection = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    if not selection:
        return []
    points = selection.get("points") if isinstance(selection, dict) else getattr(selection, "points", None)
    return list(points or [])


def citation(model: Model, row: pd.Series, meeting_labels: dict[str, str]) -> str:
    """Document title and date, paragraph, section and meeting, as one line of Markdown."""
    doc = model.document(str(row[C.DOCUMENT]))
    label = md(str(row[C.LABEL]))
    para = f"para. {label}" if row[C.NUMBERED] else f"{label} (unnumbered, counted by position)"
    title = f"[{md(doc.title)}]({doc.url})" if doc.url else md(doc.title)
    symbol = f" ({md(doc.symbol)})" if doc.symbol else ""
    section = f", section {md(row[C.SECTION])}" if row[C.SECTION] else ""
    meeting = md(meeting_labels.get(str(row[C.MEETING]), str(row[C.MEETING])))
    return f"{title}{symbol}, dated {describe(doc.date)}, {para}{section}. {meeting}."


def highlighted(model: Model, row: pd.Series, colours: dict[str, str], spans: pd.DataFrame | None = None) -> str:
    """The passage text, HTML-escaped, with every view phrase that matched marked in its view's colour."""
    text = str(row[C.TEXT])
    if spans is None:
        spans = model.evidence_of(row.to_frame().T)
    marks: list[tuple[int, int, str, str]] = []
    for e in spans.itertuples(index=False):
        view = str(e.code).split(".")[0]
        if view in colours and not any(s < e.end and e.start < t for s, t, _, _ in marks):
            marks.append((int(e.start), int(e.end), colours[view], model.taxonomy.label(str(e.code))))
        elif str(e.code) == "gap" and not any(s < e.end and e.start < t for s, t, _, _ in marks):
            marks.append((int(e.start), int(e.end), "", "gap cue"))
    out, pos = [], 0
    for start, end, colour, label in sorted(marks):
        out.append(plain_html(text[pos:start]))
        piece = plain_html(text[start:end])
        if colour:
            out.append(f'<mark style="background:{colour}33;border-bottom:3px solid {colour}" '
                       f'title="{html.escape(label)}">{piece}</mark>')
        else:
            out.append(f'<u title="gap cue">{piece}</u>')
        pos = end
    out.append(plain_html(text[pos:]))
    return "".join(out)


def code_label(model: Model, code: str) -> str:
    """An evidence code in words: 'Resources and capabilities: Air mobility', 'gap cue', 'breadth: many'."""
    kind, _, ident = code.partition(".")
    if code in ("gap", "remedy", "progress"):
        return f"{code} cue"
    if kind == "breadth":
        return "breadth: " + next((b.label for b in model.taxonomy.breadth if b.id == ident), ident)
    if kind == "mission":
        return f"mission {ident}"
    if kind == "actor":
        return "actor: " + next((a.label for a in model.taxonomy.actors if a.id == ident), ident)
    view = model.taxonomy.label(kind)
    return f"{view}: {model.taxonomy.label(code)}" if ident else view


def codes_line(model: Model, row: pd.Series) -> str:
    tax = model.taxonomy
    flags = [name for name in (C.GAP, C.REMEDY, C.PROGRESS) if row[name]] or ["neutral"]
    views = ", ".join(tax.label(v) for v in row[C.VIEWS]) or "no view"
    subs = ", ".join(tax.label(s) for s in row[C.SUBVIEWS])
    extra = [f"breadth: {row[C.BREADTH]}"]
    if row[C.MISSIONS]:
        extra.append("missions: " + ", ".join(row[C.MISSIONS]))
    return (f"**{views}**" + (f" ({subs})" if subs else "") + f" · {' / '.join(flags)} · " + " · ".join(extra)
            + f" · year {row[C.YEAR]}")


def passages(model: Model, frame: pd.DataFrame, *, key: str, limit: int = 20) -> None:
    """Passage cards: highlighted text, codes and why, citation, the paragraphs around it."""
    if frame.empty:
        return
    colours = view_colours(model.taxonomy)
    labels = dict(zip(model.meetings[C.MEETING], model.meetings[C.LABEL], strict=True))
    pages = max(1, -(-len(frame) // limit))
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages}, {limit} passages each)", 1, pages, 1, key=f"{key}_page"))
    shown = frame.iloc[(page - 1) * limit: page * limit]
    review.close_if_gone(key, shown[C.PASSAGE_ID])
    evidence = model.evidence_of(shown)
    by_passage = {str(pid): group for pid, group in evidence.groupby(C.PASSAGE_ID, observed=True)}
    empty_spans = evidence.iloc[0:0]
    for _, row in shown.iterrows():
        spans = by_passage.get(row[C.PASSAGE_ID], empty_spans)
        with st.container(border=True):
            st.markdown(citation(model, row, labels))
            st.markdown(highlighted(model, row, colours, spans), unsafe_allow_html=True)
            st.markdown(codes_line(model, row) + (f" {review.badge(row)}" if review.badge(row) else ""))
            pin, check, elsewhere = st.columns([1, 1, 1.3])
            with pin:
                basket.pin_button(str(row[C.PASSAGE_ID]), key)
            with check:
                review.open_button(row, key)
            with elsewhere:
                asked = st.toggle("Where else was this said?", key=f"{key}_similar_{row[C.PASSAGE_ID]}",
                                  help="The five passages of other documents most like this one: in their words, "
                                       "and in the sub-views both are coded to.")
            review.form(model, row, key)
            if asked:
                said_elsewhere(model, row, labels)
            with st.expander("Why these codes, and the paragraphs around it"):
                if len(spans):  # a Markdown table: twenty data grids per page would slow every rerun
                    text = str(row[C.TEXT])
                    reasons = dict.fromkeys((code_label(model, str(c)), text[s:e], str(t)) for c, t, s, e in
                                            zip(spans["code"], spans["term"], spans[C.START], spans[C.END],
                                                strict=True))
                    st.markdown("| Code | Words in the passage | Taxonomy phrase |\n|---|---|---|\n" + "\n".join(
                        f"| {md(c)} | {md(w)} | {md(t)} |" for c, w, t in reasons))
                st.caption(f"Passage {row[C.PASSAGE_ID]} · attributed to its meeting by: {row[C.ATTRIBUTION]} · "
                           f"characters {row[C.START]}-{row[C.END]} of the source text.")
                around = neighbours(model, row)
                for _, other in around.iterrows():
                    marker = "▶ " if other[C.PASSAGE_ID] == row[C.PASSAGE_ID] else ""
                    st.markdown(f"{marker}**{md(other[C.LABEL])}** {md(other[C.TEXT])}")


def said_elsewhere(model: Model, row: pd.Series, meeting_labels: dict[str, str]) -> None:
    """The five passages of other documents most like ``row``, ranked, with their citations and shared words."""
    if not has_similarity_index(model):
        with st.spinner(f"Reading the words of {len(model.passages):,} passages (once for these documents)..."):
            similarity_index(model)
    found = similar_passages(model, str(row[C.PASSAGE_ID]), k=5)
    if found.empty:
        st.caption("No passage of another document shares a content word with this one.")
        return
    lines = []
    for rank, hit in enumerate(found.to_dict("records"), start=1):
        other = model.passages.iloc[int(hit["position"])]
        text = textwrap.shorten(str(other[C.TEXT]), 320, placeholder=" …")
        coded = "; both coded: " + md(", ".join(model.taxonomy.label(c) for c in hit["codes"])) if hit["codes"] else ""
        lines.append(f"{rank}. {citation(model, other, meeting_labels)} *{float(hit['score']):.0%} alike in words"
                     f"{coded}; both say: {md(', '.join(hit['shared']))}.*  \n{md(text)}")
    st.markdown("**Where else this was said** (other documents, most alike first):\n\n" + "\n".join(lines))


def neighbours(model: Model, row: pd.Series) -> pd.DataFrame:
    """The passage and the ones just before and after it in its document."""
    rows = rows_in(model.passages, row.to_frame().T)
    if rows is None:
        doc_rows = model.passages[model.passages[C.DOCUMENT] == row[C.DOCUMENT]]
        return doc_rows[(doc_rows[C.ORDINAL] - int(row[C.ORDINAL])).abs() <= 1]
    near = model.passages.iloc[max(0, int(rows[0]) - 1): int(rows[0]) + 2]
    return near[near[C.DOCUMENT] == row[C.DOCUMENT]]


def empty(message: str) -> None:
    st.info(message)


def problems(items: Sequence[PlainProblem], intro: str = "") -> None:
    """An error box with each problem's plain sentence, and the loader's located messages behind "Details"."""
    sentences = [md(p.plain) for p in items]
    if not sentences:
        return
    st.error(intro + ("\n".join(f"- {s}" for s in sentences) if len(sentences) > 1 else sentences[0]))
    located = [p.located for p in items if p.located]
    if located:
        with st.expander("Details"):
            st.code("\n".join(located), language=None, wrap_lines=True)
