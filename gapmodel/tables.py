"""The gap model as plain tables and the tally as SQL: for a corpus that outgrows one machine.

The dashboard tallies on integer arrays in memory (:mod:`gapmodel.index`). The same counts are one SQL
query over two long tables, which any SQL engine runs: SQLite or DuckDB on a laptop, Spark SQL, Trino or
BigQuery over Parquet files spread across machines. ``python -m gapmodel tables DIR`` writes the tables as
Parquet together with ``tally.sql``; the tests run that SQL and check it gives :func:`gapmodel.tally.tally`'s
counts.

passages.parquet        one row per passage: passage_id, document, meeting, year, gap, remedy, progress,
                        breadth, reviewed (0/1), text
passage_codes.parquet   one row per (passage, view) and per (passage, sub-view): passage_id, view, subview
                        ("" for the view itself)
passage_missions.parquet  one row per (passage, mission named): passage_id, mission
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gapmodel import columns as C
from gapmodel.model import Model

# The tally by one key (year here; meeting or document the same way; by mission, join passage_missions as
# the key). Rows with no passage are left out; the dashboard shows them as zeros.
TALLY_SQL = """\
-- Views and sub-views against a key, as gapmodel.tally.tally counts them (here: by year).
WITH keyed AS (
    SELECT passage_id, year AS key, document, meeting, gap, reviewed FROM passages
),
totals AS (
    SELECT key, COUNT(*) AS total FROM keyed GROUP BY key
)
SELECT c.view, c.subview, k.key AS year,
       COUNT(*) AS passages,
       SUM(k.gap) AS gap_passages,
       ROUND(1.0 * COUNT(*) / t.total, 4) AS share,
       COUNT(DISTINCT k.document) AS documents,
       SUM(k.reviewed) AS reviewed,
       COUNT(DISTINCT k.meeting) AS meetings
FROM passage_codes AS c
JOIN keyed AS k ON k.passage_id = c.passage_id
JOIN totals AS t ON t.key = k.key
GROUP BY c.view, c.subview, k.key, t.total
ORDER BY c.view, c.subview, k.key;
"""


def model_tables(model: Model) -> dict[str, pd.DataFrame]:
    """The model's passages, codes and missions as the long tables described above."""
    p = model.passages
    index = model.index
    passages = pd.DataFrame({
        C.PASSAGE_ID: p[C.PASSAGE_ID], C.DOCUMENT: p[C.DOCUMENT], C.MEETING: p[C.MEETING], C.YEAR: p[C.YEAR],
        **{flag: index.flags[flag].astype(np.int8) for flag in (C.GAP, C.REMEDY, C.PROGRESS)},
        C.BREADTH: p[C.BREADTH], C.REVIEWED: index.flags[C.REVIEWED].astype(np.int8), C.TEXT: p[C.TEXT],
    }).reset_index(drop=True)
    ids = passages[C.PASSAGE_ID].to_numpy(dtype=object)
    codes = []
    for membership, is_sub in ((index.views, False), (index.subviews, True)):
        rows, columns = np.nonzero(membership.matrix)
        names = np.array(membership.ids, dtype=object)[columns]
        split = [str(n).split(".", 1) for n in names] if is_sub else [[str(n), ""] for n in names]
        codes.append(pd.DataFrame({C.PASSAGE_ID: ids[rows], C.VIEW: [s[0] for s in split],
                                   C.SUBVIEW: [s[1] for s in split]}))
    rows, columns = np.nonzero(index.missions.matrix)
    missions = pd.DataFrame({C.PASSAGE_ID: ids[rows], C.MISSION: np.array(index.missions.ids, dtype=object)[columns]})
    return {"passages": passages, "passage_codes": pd.concat(codes, ignore_index=True), "passage_missions": missions}


def write_tables(model: Model, folder: Path) -> list[Path]:
    """Write the tables as Parquet and the tally as ``tally.sql`` into ``folder``; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in model_tables(model).items():
        path = folder / f"{name}.parquet"
        frame.to_parquet(path, index=False)
        written.append(path)
    sql = folder / "tally.sql"
    sql.write_text(TALLY_SQL, encoding="utf-8")
    return [*written, sql]
