"""How far to trust each view: the coder against the hand-coded gold standard.

    python3 bench/accuracy.py [--gold tests/gold/gold.jsonl] [--misses VIEW|gap] [--json] [--write FILE]

Prints per-view precision, recall and F1 for the six core views and for `gap`,
with the date it was measured. The gold passages are coded from their own text
(coding reads nothing else), so the figures do not depend on how a passage is cited.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gapmodel.coding import Coder  # noqa: E402
from gapmodel.taxonomy import CORE_VIEWS, load_taxonomy  # noqa: E402


def measure(gold_path: Path, taxonomy_path: Path) -> tuple[list[dict[str, object]], list[tuple[dict, object]]]:
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    coder = Coder(load_taxonomy(taxonomy_path))
    codings = coder.code_many([g["text"] for g in gold])
    rows = []
    for name in (*CORE_VIEWS, "gap"):
        tp = fp = fn = 0
        for g, c in zip(gold, codings, strict=True):
            truth = g["gap"] if name == "gap" else name in g["views"]
            said = c.gap if name == "gap" else name in c.views
            tp += truth and said
            fp += said and not truth
            fn += truth and not said
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"code": name, "positives": tp + fn, "precision": round(precision, 3),
                     "recall": round(recall, 3), "f1": round(f1, 3), "tp": tp, "fp": fp, "fn": fn})
    return rows, list(zip(gold, codings, strict=True))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold" / "gold.jsonl")
    p.add_argument("--taxonomy", type=Path, default=ROOT / "data" / "taxonomy.yaml")
    p.add_argument("--misses", metavar="CODE", help="list the passages where the coder and the gold disagree")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--write", type=Path, metavar="FILE",
                   help="also save the figures as JSON (the dashboard's Method page shows bench/ACCURACY.json)")
    args = p.parse_args()
    rows, pairs = measure(args.gold, args.taxonomy)
    report = {"measured": dt.date.today().isoformat(), "passages": len(pairs), "codes": rows,
              "taxonomy": load_taxonomy(args.taxonomy).version}
    if args.write:
        args.write.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(report))
        return 0
    print(f"Accuracy against {len(pairs)} hand-coded passages, measured {dt.date.today().isoformat()}")
    print(f"{'code':26s} {'positives':>9s} {'precision':>9s} {'recall':>7s} {'F1':>6s}")
    for r in rows:
        print(f"{r['code']:26s} {r['positives']:9d} {r['precision']:9.3f} {r['recall']:7.3f} {r['f1']:6.3f}")
    if args.misses:
        for g, c in pairs:
            truth = g["gap"] if args.misses == "gap" else args.misses in g["views"]
            said = c.gap if args.misses == "gap" else args.misses in c.views
            if truth != said:
                terms = sorted({e.term for e in c.evidence if e.code.split(".")[0] == args.misses})
                print(f"{'FP' if said else 'FN'} {g['document']} {g['label']}: {g['text'][:140]} | {terms} | "
                      f"gold note: {g['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
