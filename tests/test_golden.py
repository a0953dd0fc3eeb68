"""The seed corpus through ingest, meetings and coding, compared with tests/golden/.

Regenerate with ``python -m pytest tests/test_golden.py --update-golden`` and read
the diff before committing: a changed line is a changed citation or count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import GOLDEN

from gapmodel import columns as C
from gapmodel.model import Model


def _records(model: Model, what: str) -> list[dict[str, Any]]:
    p = model.passages
    if what == "passages":
        cols = [C.PASSAGE_ID, C.LABEL, C.NUMBERED, C.KIND, C.SECTION, C.START, C.END, C.MEETING, C.ATTRIBUTION,
                C.YEAR, C.TEXT]
        return [dict(zip(cols, row, strict=True)) for row in p[cols].itertuples(index=False)]
    if what == "codes":
        cols = [C.PASSAGE_ID, C.VIEWS, C.SUBVIEWS, C.GAP, C.REMEDY, C.PROGRESS, C.BREADTH, C.MISSIONS, C.ACTORS]
        return [{k: (list(v) if isinstance(v, tuple) else v) for k, v in zip(cols, row, strict=True)}
                for row in p[cols].itertuples(index=False)]
    if what == "evidence":  # every citation: which phrase coded what, where in the passage
        e = model.evidence
        return [{C.PASSAGE_ID: pid, "code": code, "term": term, C.START: start, C.END: end}
                for pid, code, term, start, end in zip(e[C.PASSAGE_ID], e["code"], e["term"], e[C.START], e[C.END],
                                                       strict=True)]
    cols = [C.MEETING, "date", "dated", C.KIND, C.LABEL, "theme", "participants", "source", C.PASSAGES, C.MISSIONS]
    return [{k: (list(v) if isinstance(v, tuple) else v) for k, v in zip(cols, row, strict=True)}
            for row in model.meetings[cols].itertuples(index=False)]


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(record, default=lambda v: v.item() if hasattr(v, "item") else str(v)))


@pytest.mark.parametrize("what", ["passages", "meetings", "codes", "evidence"])
def test_seed_corpus_matches_golden(seed_model: Model, what: str, update_golden: bool) -> None:
    path: Path = GOLDEN / f"{what}.jsonl"
    current = [_plain(r) for r in _records(seed_model, what)]
    if update_golden:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in current), encoding="utf-8")
    expected = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(current) == len(expected), f"{what}: {len(current)} rows now, {len(expected)} in the golden file"
    for now, before in zip(current, expected, strict=True):
        assert now == before
