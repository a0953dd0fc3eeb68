"""Cached loaders: the only place the dashboard reads files, thin wrappers around gapmodel.

The model is built once per version stamp (a content hash of the corpus, the
workspace and the taxonomy), so an edit to any of them rebuilds it; file times
are never trusted. It is held with ``st.cache_resource`` because it is large and
read-only: pages must not modify its frames. Derived tables use ``st.cache_data``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from gapmodel.corpus import InputError, ensure_unique, load_corpus
from gapmodel.filters import Filters, from_query, scope, scope_only, select
from gapmodel.milestones import Milestone, load_milestones
from gapmodel.model import Model, build_model
from gapmodel.tally import recurrence, tally
from gapmodel.taxonomy import load_taxonomy
from gapmodel.workspace import load_workspace, workspace_dir
from gapmodel.yamlfile import DataFileError

ROOT = Path(__file__).resolve().parent.parent
CORPUS_ENV = "GAPMODEL_CORPUS"  # a corpus folder instead of data/ (tests use a small fixture)
TAXONOMY_ENV = "GAPMODEL_TAXONOMY"

_MODELS: dict[str, Model] = {}


def _paths() -> tuple[Path, Path]:
    corpus = Path(os.environ.get(CORPUS_ENV) or ROOT / "data")
    taxonomy = Path(os.environ.get(TAXONOMY_ENV) or ROOT / "data" / "taxonomy.yaml")
    return corpus, taxonomy


def _stamp(corpus: Path, taxonomy: Path) -> str:
    digest = hashlib.sha256()
    files = [taxonomy, *sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".yaml", ".txt", ".md"))]
    home = workspace_dir()
    if home.exists():
        files += sorted(p for p in home.rglob("*") if p.is_file() and p.suffix in (".yaml", ".txt"))
    for path in files:
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@st.cache_resource(show_spinner=False, max_entries=4)
def _build(corpus: str, taxonomy: str, stamp: str) -> Model:
    documents = ensure_unique((*load_corpus(Path(corpus)), *load_workspace()))
    return build_model(documents, load_taxonomy(Path(taxonomy), _shown(Path(taxonomy))))


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def get_model() -> Model:
    """The coded corpus; a problem with the data stops the page with a plain sentence."""
    corpus, taxonomy = _paths()
    try:
        stamp = _stamp(corpus, taxonomy)
        with st.spinner("Reading and coding the documents..."):
            model = _build(str(corpus), str(taxonomy), stamp)
    except (DataFileError, InputError) as exc:
        st.error("The data could not be loaded. " + str(exc))
        st.stop()
    except OSError as exc:
        st.error(f"The corpus folder {corpus} cannot be read ({exc.strerror}).")
        st.stop()
    _MODELS[model.version] = model
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


def filters_from(query: tuple[tuple[str, str], ...], model: Model) -> Filters:
    return from_query(dict(query), model)


@st.cache_data(show_spinner=False)
def milestones() -> tuple[Milestone, ...]:
    try:
        return load_milestones(ROOT / "data" / "milestones.yaml", "data/milestones.yaml")
    except DataFileError as exc:
        st.warning("Policy milestones could not be read. " + str(exc))
        return ()


@st.cache_data(show_spinner=False, max_entries=64)
def cached_exports(version: str, query: tuple[tuple[str, str], ...]) -> tuple[bytes, bytes, bytes, str]:
    """Tallies CSV, passages CSV, both as XLSX, and the provenance text, for the current filters."""
    from gapmodel.export import passages_table, provenance, to_csv, to_xlsx

    model = _model(version)
    filters = filters_from(query, model)
    about = provenance(model, filters)
    about_counts = provenance(model, scope_only(filters))  # tallies ignore the text search and sub-views
    counts = tally(model, "year", views=list(filters.views) or None, subviews=True,
                   gaps_only=filters.stance == "gap", passages=scope(model, filters))
    chosen = passages_table(model, select(model, filters))
    workbook = to_xlsx({"Tallies": counts, "Passages": chosen},
                       [f"Tallies: {about_counts[2]}", f"Passages: {about[2]}", about[0], about[1], about[3]])
    return to_csv(counts, about_counts), to_csv(chosen, about), workbook, " ".join(about)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_note(version: str, query: tuple[tuple[str, str], ...], basket: tuple[tuple[str, str], ...],
                title: str) -> Any:
    """The briefing note (without chart images) for the filters and the basket."""
    from gapmodel.briefing import build_note

    model = _model(version)
    return build_note(model, filters_from(query, model), basket=basket, title=title)
