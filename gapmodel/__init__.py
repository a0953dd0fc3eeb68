"""Mandate Gap Monitor's core: corpus, taxonomy, passages, meetings, coding and tallies.

No Streamlit here: the dashboard calls these functions and draws what they return.
"""

from __future__ import annotations

from gapmodel.coding import Coder, Coding, Evidence
from gapmodel.corpus import Document, InputError, load_corpus
from gapmodel.model import Model, build_model
from gapmodel.tally import passages_behind, recurrence, tally
from gapmodel.taxonomy import CORE_VIEWS, Taxonomy, load_taxonomy, parse_taxonomy
from gapmodel.yamlfile import DataFileError

__all__ = [
    "CORE_VIEWS", "Coder", "Coding", "DataFileError", "Document", "Evidence", "InputError", "Model", "Taxonomy",
    "build_model", "load_corpus", "load_taxonomy", "parse_taxonomy", "passages_behind", "recurrence", "tally",
]
