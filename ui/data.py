"""Cached loaders: the only place the dashboard reads data, thin wrappers around gapmodel.

The model is built once per key: a content hash of the corpus folder's files (a
file is hashed again when its size or time changes), the workspace's documents
(and their edited meetings), the active taxonomy revision's text and the corpus
switch. It is also saved on disk under that key (gapmodel.modelcache), so a
restart reads it back instead of coding again. Experts' reviews are laid over it
separately (a review does not re-code).
Models are held with ``st.cache_resource`` because they are large and
read-only: pages must not modify their frames. Derived tables use ``st.cache_data``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from gapmodel import columns as C
from gapmodel.corpus import Document, InputError, distinct_titles, ensure_unique, load_corpus
from gapmodel.curation import active_taxonomy, parsed, revision_name
from gapmodel.filters import Filters, from_query, scope, scope_only, select
from gapmodel.milestones import Milestone, load_milestones
from gapmodel.model import Model, build_model, use_system_allocator
from gapmodel.modelcache import load_model, save_model
from gapmodel.reviews import apply_reviews
from gapmodel.store import Revision, Store
from gapmodel.tally import recurrence, tally, term_hits
from gapmodel.workspace import load_workspace, open_workspace
from gapmodel.yamlfile import DataFileError

use_system_allocator()  # once per dashboard process (this module is imported once)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_TAXONOMY = ROOT / "data" / "taxonomy.yaml"
CORPUS_ENV = "GAPMODEL_CORPUS"  # a corpus folder instead of data/ (tests use a small fixture)
TAXONOMY_ENV = "GAPMODEL_TAXONOMY"  # a taxonomy file instead of the workspace's revisions
SOURCES = {"all": "Built-in reports and yours", "embedded": "The built-in reports only",
           "added": "Only the documents you added"}

_MODELS: dict[str, Model] = {}


def corpus_folder() -> Path:
    return Path(os.environ.get(CORPUS_ENV) or ROOT / "data")


def store() -> Store:
    """The workspace (documents added, reviews, taxonomy revisions, saved selections)."""
    return open_workspace()


def taxonomy_source() -> tuple[str, str, Revision | None]:
    """The taxonomy in use: its text, the name shown in messages, and its revision (None for a file)."""
    path = os.environ.get(TAXONOMY_ENV)
    if path:
        return Path(path).read_bytes().decode("utf-8-sig"), path, None
    _, revision = active_taxonomy(store(), SHIPPED_TAXONOMY)
    return revision.text, revision_name(revision), revision


def _corpus_stamp(corpus: Path) -> str:
    """A hash of the corpus folder's files: their contents, read again only when a file's size or time
    changed (a file edited without changing either keeps its old hash until the app restarts)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):  # every file: any a corpus may read
        if path.name != "taxonomy.yaml":
            digest.update(str(path).encode())
            digest.update(_file_digest(path))
    return digest.hexdigest()[:16]


_DIGESTS: dict[tuple[str, int, int], bytes] = {}


def _file_digest(path: Path) -> bytes:
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _DIGESTS:
        _DIGESTS[key] = hashlib.sha256(path.read_bytes()).digest()
    return _DIGESTS[key]


@st.cache_resource(show_spinner=False, max_entries=4)
def _build(corpus: str, taxonomy_text: str, taxonomy_name: str, source: str, stamp: str) -> Model:
    taxonomy = parsed(taxonomy_text, taxonomy_name)
    key = "|".join((corpus, source, stamp, hashlib.sha256(taxonomy_text.encode()).hexdigest()))
    model = load_model(key, taxonomy)  # read and coded at an earlier start
    if model is None:
        documents: tuple[Document, ...] = ()
        if source in ("all", "embedded"):
            documents += load_corpus(Path(corpus))
        if source in ("all", "added"):
            documents += load_workspace()
        model = build_model(ensure_unique(documents), taxonomy)
        save_model(model, key)
    return model


@st.cache_resource(show_spinner=False, max_entries=8)
def _reviewed(_base: Model, base_version: str, reviews_stamp: str) -> Model:
    """The model with experts' reviews laid over it (``_base`` is not hashed: its version stands for it)."""
    return apply_reviews(_base, store().reviews())


def source() -> str:
    """The corpus switch (read before the sidebar draws it, so the model follows a change at once)."""
    chosen = str(st.session_state.get("_kept_corpus_source", "all"))  # kept first by the switch's on_change
    return chosen if chosen in SOURCES else "all"


def has_added_documents() -> bool:
    return store().has_documents()


def get_model() -> Model:
    """The coded corpus with experts' reviews; a problem with the data stops the page with a plain sentence."""
    corpus = corpus_folder()
    try:
        workspace = store()
        text, name, used = taxonomy_source()
        active = workspace.active_revision()
        if used is not None and active is not None and used.number != active.number:
            st.warning(f"The active taxonomy revision {active.number} cannot be read by this version of the app; "
                       f"revision {used.number} is used instead. Roll back or save a new revision on the Curate "
                       "taxonomy page.")
        chosen = source()
        if chosen == "added" and not workspace.has_documents():
            chosen = "all"
        stamp = f"{_corpus_stamp(corpus)}|{workspace.documents_stamp()}"
        with st.spinner("Reading and coding the documents..."):
            base = _build(str(corpus), text, name, chosen, stamp)
        model = _reviewed(base, base.version, workspace.reviews_stamp())
    except (DataFileError, InputError) as exc:
        st.error("The data could not be loaded. " + str(exc))
        st.stop()
    except OSError as exc:
        st.error(f"The corpus folder {corpus} cannot be read ({exc.strerror}).")
        st.stop()
    _MODELS[model.version] = model
    while len(_MODELS) > 8:  # the oldest go: a saved review makes a new version
        _MODELS.pop(next(iter(_MODELS)))
    return model


def _model(version: str) -> Model:
    return _MODELS[version] if version in _MODELS else get_model()


@st.cache_data(show_spinner=False, max_entries=256)
def cached_tally(version: str, query: tuple[tuple[str, str], ...], by: str, views: tuple[str, ...],
                 subviews: bool, gaps_only: bool) -> pd.DataFrame:
    """A tally of the passages in the filters' scope (see gapmodel.tally.tally), with meetings."""
    model = _model(version)
    filters = filters_from(query, model)
    return tally(model, by, views=views or None, subviews=subviews, gaps_only=gaps_only,
                 passages=scope(model, filters), with_meetings=True)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_recurrence(version: str, query: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    model = _model(version)
    return recurrence(model, passages=scope(model, filters_from(query, model)))


@st.cache_data(show_spinner=False, max_entries=64)
def cached_term_hits(version: str, query: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    model = _model(version)
    return term_hits(model, scope(model, filters_from(query, model)))


@st.cache_resource(show_spinner=False, max_entries=16)
def cached_timeline(version: str, query: tuple[tuple[str, str], ...]) -> Any:
    """The meetings timeline of the documents in the filters' scope (a figure: shared, never to be changed)."""
    from gapmodel.charts import timeline

    model = _model(version)
    docs = scope(model, filters_from(query, model))[C.DOCUMENT].unique()
    return timeline(model.meetings[model.meetings[C.DOCUMENT].isin(docs)], distinct_titles(model.documents))


def filters_from(query: tuple[tuple[str, str], ...], model: Model) -> Filters:
    return from_query(dict(query), model)


@st.cache_data(show_spinner=False)
def milestones() -> tuple[Milestone, ...]:
    try:
        return load_milestones(ROOT / "data" / "milestones.yaml", "data/milestones.yaml")
    except DataFileError as exc:
        st.warning("Policy milestones could not be read. " + str(exc))
        return ()


EXPORTS = {"tallies": ("Tallies (CSV)", "tallies.csv", "text/csv"),
           "passages": ("Passages with citations (CSV)", "passages.csv", "text/csv"),
           "workbook": ("Both (XLSX)", "mandate-gaps.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


@st.cache_data(show_spinner=False, max_entries=64)
def export_about(version: str, query: tuple[tuple[str, str], ...]) -> str:
    """The provenance line of the exports for the current filters."""
    from gapmodel.export import provenance

    model = _model(version)
    return " ".join(provenance(model, filters_from(query, model)))


@st.cache_data(show_spinner=False, max_entries=16)
def export_file(_model_shown: Model, version: str, query: tuple[tuple[str, str], ...], kind: str) -> bytes:
    """One export (see :data:`EXPORTS`) of the model the page showed (``version`` is its cache key) for the
    current filters; made when the user clicks, outside the page's run."""
    from gapmodel.export import passages_table, provenance, to_csv, to_xlsx

    model = _model_shown
    filters = filters_from(query, model)
    about = provenance(model, filters)
    about_counts = provenance(model, scope_only(filters))  # tallies ignore the text search and sub-views
    if kind == "passages":
        return to_csv(passages_table(model, select(model, filters)), about)
    counts = tally(model, "year", views=list(filters.views) or None, subviews=True,
                   gaps_only=filters.stance == "gap", passages=scope(model, filters))
    if kind == "tallies":
        return to_csv(counts, about_counts)
    chosen = passages_table(model, select(model, filters))
    return to_xlsx({"Tallies": counts, "Passages": chosen},
                   [f"Tallies: {about_counts[2]}", f"Passages: {about[2]}", about[0], about[1], about[3]])


@st.cache_data(show_spinner=False, max_entries=64)
def cached_note(version: str, query: tuple[tuple[str, str], ...], basket: tuple[tuple[str, str], ...],
                title: str) -> Any:
    """The briefing note (without chart images) for the filters and the basket."""
    from gapmodel.briefing import build_note

    model = _model(version)
    return build_note(model, filters_from(query, model), basket=basket, title=title)
