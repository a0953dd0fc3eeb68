"""Briefing: the evidence basket, a briefing note built from the filters, and data exports."""

from __future__ import annotations

import functools

import streamlit as st

from gapmodel import columns as C
from gapmodel.briefing import build_note, one_page, to_docx, to_markdown
from gapmodel.export import plain_markdown as md
from gapmodel.images import figure_image
from gapmodel.slides import to_pptx
from gapmodel.store import Selection
from ui import basket, data, page, show, sidebar

ctx = page.start("Briefing", "Pin passages from any page, then build a cited briefing note for the views, years, "
                 "documents and missions chosen in the sidebar. Every figure and quote says where it comes from.")
model, filters = ctx.model, ctx.filters

st.subheader(f"Evidence basket ({len(basket.items())})")
by_id = model.passages.set_index(C.PASSAGE_ID, drop=False)
labels = dict(zip(model.meetings[C.MEETING], model.meetings[C.LABEL], strict=True))
if not basket.items():
    st.caption("Empty. Use 'Pin to basket' on any passage (Evidence, or the passages behind a chart).")
for n, item in enumerate(basket.items()):
    pid = item["id"]
    if pid not in by_id.index:
        continue
    row = by_id.loc[pid]
    with st.container(border=True):
        st.markdown(f"**{n + 1}.** {show.citation(model, row, labels)}")
        st.markdown(md(row[C.TEXT]))
        note = st.text_input("Your note on this passage", value=item["note"], key=f"briefing_note_{pid}")
        if note != item["note"]:
            basket.annotate(pid, note)
        cols = st.columns(3)
        cols[0].button("Move up", key=f"briefing_up_{pid}", on_click=basket.move, args=(pid, -1),
                       disabled=n == 0, icon=":material/arrow_upward:")
        cols[1].button("Move down", key=f"briefing_down_{pid}", on_click=basket.move, args=(pid, 1),
                       disabled=n == len(basket.items()) - 1, icon=":material/arrow_downward:")
        cols[2].button("Remove", key=f"briefing_remove_{pid}", on_click=basket.unpin, args=(pid,),
                       icon=":material/delete:")
if basket.items():
    st.button("Clear the basket", key="briefing_clear", on_click=basket.clear)

st.subheader("Briefing note")
title = st.text_input("Title", key="briefing_title", placeholder="Briefing note: gaps in ...")
pairs = [(i["id"], i["note"]) for i in basket.items()]
note = data.cached_note(model.version, ctx.query, tuple(pairs), title)
st.caption("Quotes: " + ("the basket, in its order." if pairs else
                         "the strongest gap evidence: most on the chosen views, then broadest held and most recent, "
                         "the best of each year first. Pin passages to choose them yourself."))
full_note = st.toggle("Full note (two charts, the tally table, five quotes) instead of one page", value=False,
                      key="briefing_full")
shown = note if full_note else one_page(note)
with st.container(border=True):
    preview = to_markdown(shown)
    st.markdown("### " + preview.removeprefix("# ").replace("\n## ", "\n#### "))
    for caption, fig in shown.figures:
        st.plotly_chart(fig, width="stretch", key=f"briefing_fig_{caption}")
left, right = st.columns(2)
left.download_button("Download as Markdown", to_markdown(shown).encode("utf-8"), file_name="briefing-note.md",
                     mime="text/markdown", key="briefing_md")
FILES = (  # made on request (the charts are drawn by the browser): key, what, writer, file name, media type
    ("docx", "the Word document", lambda n: to_docx(n if full_note else one_page(n)), "briefing-note.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("pptx", "the slide deck", to_pptx, "briefing-slides.pptx",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)
for kind, what, write, file_name, mime in FILES:
    if right.button(f"Make {what} (with charts)", key=f"briefing_make_{kind}"):
        with st.spinner(f"Drawing the charts and writing {what}..."):
            made = build_note(model, filters, basket=pairs, title=title, make_image=figure_image)
            st.session_state[f"briefing_{kind}"] = write(made)
            if made.image_problem:
                st.warning(made.image_problem)
    if f"briefing_{kind}" in st.session_state:
        right.download_button(f"Download {what}", st.session_state[f"briefing_{kind}"], file_name=file_name,
                              key=f"briefing_{kind}_download", mime=mime)

st.subheader("Saved selections")
st.caption("Save the filters, the basket (with your notes) and the title to come back to this note later; they are "
           "kept in your workspace.")
store = data.store()


def _save_selection() -> None:
    name = st.session_state.get("briefing_selection_name", "").strip()
    if not name:
        st.session_state["briefing_selection_message"] = ("error", "Give the selection a name first.")
        return
    items = [(i["id"], i["note"]) for i in basket.items()]
    earlier = next((s for s in store.selections() if s.name == name), None)
    store.save_selection(Selection(name, dict(ctx.query), items, st.session_state.get("briefing_title", ""),
                                   saved_by=sidebar.user_name()))
    replaced = (f" It replaces the selection of that name saved on {earlier.saved_at[:10]}"
                + (f" by {md(earlier.saved_by)}." if earlier.saved_by else ".")) if earlier else ""
    st.session_state["briefing_selection_message"] = ("success", f"Saved '{md(name)}'.{replaced}")


def _open_selection(chosen: Selection) -> None:
    sidebar.open_query(chosen.query)
    for key in [k for k in st.session_state if str(k).startswith("briefing_note_")]:
        del st.session_state[key]  # the notes' boxes show the opened selection's notes
    st.session_state[basket.KEY] = [{"id": pid, "note": note} for pid, note in chosen.basket]
    st.session_state["briefing_title"] = chosen.title
    st.session_state["briefing_selection_message"] = ("success", f"Opened '{md(chosen.name)}'.")


left, right = st.columns(2)
left.text_input("Name", key="briefing_selection_name", placeholder="POC gaps 2009-2016 for the retreat")
left.button("Save this selection", key="briefing_selection_save", on_click=_save_selection, icon=":material/save:")
saved = {s.name: s for s in store.selections()}
if saved:
    pick = right.selectbox("Saved", list(saved), key="briefing_selection_pick",
                           format_func=lambda n: f"{n} (saved {saved[n].saved_at[:10]}"
                           + (f" by {saved[n].saved_by})" if saved[n].saved_by else ")"))
    cols = right.columns(2)
    cols[0].button("Open", key="briefing_selection_open", on_click=_open_selection, args=(saved[pick],),
                   icon=":material/folder_open:")
    cols[1].button("Delete", key="briefing_selection_delete", on_click=store.delete_selection, args=(pick,),
                   icon=":material/delete:")
if "briefing_selection_message" in st.session_state:
    kind, message = st.session_state.pop("briefing_selection_message")
    (st.success if kind == "success" else st.error)(message)

st.subheader("Data")
st.caption("Each file is made when you click it; the Excel workbook of a large selection takes a while.")
cols = st.columns(3)
for col, (kind, (label, file_name, mime)) in zip(cols, data.EXPORTS.items(), strict=True):
    col.download_button(label, functools.partial(data.export_file, model, model.version, ctx.query, kind),
                        file_name=file_name, mime=mime, key=f"briefing_{kind}")
about = data.export_about(model.version, ctx.query)
st.caption(about)
