"""How far to trust each view, as measured by ``bench/accuracy.py``: the figures the Method page shows.

``bench/ACCURACY.json`` holds, per set, precision, recall and F1 of each core view and of the gap flag with
95% intervals: the seed gold (the five embedded reports the taxonomy was written from), the tuning half of
the blind set (unseen texts where errors are read) and its two test halves (unseen texts scored only at
named points), with the blind coders' agreement with each other: the ceiling a model can be held to.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from gapmodel.taxonomy import CORE_VIEWS

SETS = {"seed": "Seed reports", "tuning": "Unseen: tuning half", "test": "Unseen: test half",
        "fresh": "Unseen: second test half"}
CODES = (*CORE_VIEWS, "macro", "gap")


def load_accuracy(path: Path) -> dict[str, Any] | None:
    """The measured figures, or None when they have not been measured (or the file is of an older form)."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return report if isinstance(report, dict) and isinstance(report.get("sets"), dict) else None


def _figure(result: Mapping[str, Any], code: str) -> str:
    f1 = result["scores"][code]["f1"]
    low, high = result["intervals"][code]["f1"]
    return f"{f1:.2f} ({low:.2f}-{high:.2f})"


def accuracy_table(report: Mapping[str, Any], labels: Mapping[str, str]) -> pd.DataFrame:
    """One row per core view, then the macro-F1 of the six and the gap flag; columns: ``code`` (its label),
    the F1 with its 95% interval on each measured set, and ``humans`` (the blind coders' F1 with each other)."""
    sets = report["sets"]
    rows = []
    for code in CODES:
        row: dict[str, str] = {"code": labels.get(code, code)}
        for name in SETS:
            if name in sets:
                row[name] = _figure(sets[name], code)
        blind = sets.get("test") or sets.get("tuning")
        if blind and "humans" in blind:
            humans = blind["humans"]
            row["humans"] = f"{humans['macro_f1'] if code == 'macro' else humans['f1'][code]:.2f}"
        rows.append(row)
    return pd.DataFrame(rows)


def provenance(report: Mapping[str, Any]) -> list[str]:
    """A sentence per set: what it is, how many passages and sources, when and with which taxonomy."""
    what = {"seed": "the five embedded reports, coded by hand before the model existed; the taxonomy was first "
                    "written from them, so these figures flatter it",
            "tuning": "texts the taxonomy never saw (press releases, statements, resolutions, reports and "
                      "briefs written here in the shape of real ones), coded twice blind and adjudicated; "
                      "errors are read here",
            "test": "the other half of those texts, by source; never read for errors, scored only at named "
                    "points",
            "fresh": "texts written in a later round the same way, split by source: half joined the tuning half, "
                     "this half was never read for errors and is scored only at named points (the first test "
                     "half's four points were spent)"}
    points = {"baseline": "before the matching was reworked", "matching": "after the matching that generalises",
              "context": "after the context rules",
              "semantic": "after the semantic signal was tried (it did not pay and is not used)",
              "fresh-baseline": "before the rules were studied on the enlarged tuning half",
              "fresh-tuned": "after the rules were studied on the enlarged tuning half"}
    out = []
    for name, result in report["sets"].items():
        point = f" {points.get(result['point'], 'at the point ' + result['point'])}" if result.get("point") else ""
        out.append(f"{SETS.get(name, name)}: {what.get(name, '')}. {result['passages']} passages from "
                   f"{result['sources']} sources, measured {result['measured']}{point} with taxonomy "
                   f"{result['taxonomy']}.")
    return out
