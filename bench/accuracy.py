"""How far to trust each view: the coder against passages coded by hand, on the set you name.

    python3 bench/accuracy.py [--set seed|tuning|test|fresh] [--misses VIEW|gap] [--point NAME] [--write FILE]

Sets (every figure says which it comes from):
  seed    tests/gold/gold.jsonl: every passage of the five embedded reports, the text the taxonomy was
          first written from (so its figures flatter the model).
  tuning  the tuning half of the blind set, tests/gold/blind.jsonl: texts the taxonomy never saw, where
          errors are read and rules decided (--misses lists them).
  test    the test half of the blind set: scored only at named points (--point NAME), each logged in
          bench/BLIND_POINTS.json; its passages are never listed (--misses is refused).
  fresh   the second test half: texts of a later round of blind writing, split by source like the first
          (its other half joined the tuning half), scored, like the test half, only at named points. It
          exists because the first test half's four named points were spent; it measures the rules
          decided on the enlarged tuning half on texts no one has read for errors.

Prints per-view precision, recall and F1 for the six core views, their macro-F1 and the gap flag's F1,
each with a 95% interval from a bootstrap over source texts on the blind set (one source's passages move
together; over passages on the seed set, whose five documents are too few to resample), and,
for the blind set, the two human coders' agreement with each other (the ceiling). ``--write`` saves
the figures the Method page shows: the seed set and the tuning half always, each test half only from
its last named point.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gapmodel.coding import Coder  # noqa: E402
from gapmodel.taxonomy import CORE_VIEWS, load_taxonomy  # noqa: E402

GOLD = ROOT / "tests" / "gold"
POINTS = ROOT / "bench" / "BLIND_POINTS.json"
CODES = (*CORE_VIEWS, "gap")
TEST_SETS = ("test", "fresh")  # scored only at named points, never listed
RESAMPLES = 2000


def load_set(name: str) -> list[dict[str, Any]]:
    """The hand-coded passages of a set; each has ``text``, ``views``, ``gap`` and ``source``."""
    if name == "seed":
        rows = _lines(GOLD / "gold.jsonl")
        return [{**r, "source": r["document"]} for r in rows]
    rows = _lines(GOLD / "blind.jsonl")
    return [r for r in rows if r["half"] == name]


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def truth_and_said(gold: Sequence[dict[str, Any]], said: Sequence[dict[str, Any]]) -> dict[str, np.ndarray]:
    """For each code, a (passages, 2) boolean array: what people coded, what the model said."""
    def has(coded: dict[str, Any], code: str) -> bool:
        return bool(coded["gap"]) if code == "gap" else code in coded["views"]

    return {code: np.array([[has(g, code), has(s, code)] for g, s in zip(gold, said, strict=True)],
                           dtype=bool).reshape(-1, 2) for code in CODES}


def scores(pairs: dict[str, np.ndarray], rows: np.ndarray | None = None) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and counts per code (on ``rows`` only, if given), plus the macro-F1 of the six."""
    out: dict[str, dict[str, float]] = {}
    for code, both in pairs.items():
        taken = both if rows is None else both[rows]
        truth, said = taken[:, 0], taken[:, 1]
        tp, fp, fn = int((truth & said).sum()), int((~truth & said).sum()), int((truth & ~said).sum())
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[code] = {"positives": tp + fn, "precision": precision, "recall": recall, "f1": f1,
                     "tp": tp, "fp": fp, "fn": fn}
    out["macro"] = {"f1": float(np.mean([out[v]["f1"] for v in CORE_VIEWS]))}
    return out


def intervals(pairs: dict[str, np.ndarray], sources: Sequence[str], seed: int = 20261206
              ) -> dict[str, dict[str, tuple[float, float]]]:
    """95% bootstrap intervals of each code's precision, recall and F1 and of the macro-F1, resampling whole
    source texts (passages of one source are not independent)."""
    names = sorted(set(sources))
    members = [np.flatnonzero(np.array(sources) == s) for s in names]
    rng = np.random.default_rng(seed)
    drawn: dict[str, dict[str, list[float]]] = {c: {"precision": [], "recall": [], "f1": []} for c in CODES}
    drawn["macro"] = {"f1": []}
    for _ in range(RESAMPLES):
        rows = np.concatenate([members[i] for i in rng.integers(0, len(names), len(names))])
        for code, values in scores(pairs, rows).items():
            for key in drawn[code]:
                drawn[code][key].append(values[key])
    return {code: {key: (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))) for key, v in keys.items()}
            for code, keys in drawn.items()}


def human_agreement(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The two blind coders against each other (before adjudication): F1 per code, macro-F1, Cohen's kappa."""
    first = [r["coders"][0] for r in rows]
    second = [r["coders"][1] for r in rows]
    pairs = truth_and_said(first, second)
    agreed = scores(pairs)
    kappa = {}
    for code, both in pairs.items():
        a, b = both[:, 0], both[:, 1]
        observed = float((a == b).mean())
        expected = float(a.mean() * b.mean() + (1 - a.mean()) * (1 - b.mean()))
        kappa[code] = (observed - expected) / (1 - expected) if expected < 1 else 1.0
    return {"f1": {c: agreed[c]["f1"] for c in CODES}, "macro_f1": agreed["macro"]["f1"], "kappa": kappa}


def measure(name: str, taxonomy_path: Path) -> dict[str, Any]:
    """The model against one set: scores, intervals and (blind set) the coders' agreement."""
    gold = load_set(name)
    taxonomy = load_taxonomy(taxonomy_path)
    said = [{"views": c.views, "gap": c.gap, "evidence": c.evidence}
            for c in Coder(taxonomy).code_many([g["text"] for g in gold])]
    pairs = truth_and_said(gold, said)
    result = {"set": name, "measured": dt.date.today().isoformat(), "passages": len(gold),
              "sources": len({g["source"] for g in gold}), "taxonomy": taxonomy.version,
              "scores": scores(pairs), "intervals": intervals(pairs, _units(name, gold))}
    if name != "seed":
        result["humans"] = human_agreement(gold)
    result["_pairs"] = list(zip(gold, said, strict=True))
    return result


def _units(name: str, gold: Sequence[dict[str, Any]]) -> list[str]:
    """What the bootstrap resamples: source texts on the blind set (dozens); passages on the seed set (five
    documents are too few to resample)."""
    return [str(i) for i in range(len(gold))] if name == "seed" else [g["source"] for g in gold]


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    return done.stdout.strip() or "unknown"


def _public(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if not k.startswith("_")}


def print_result(result: dict[str, Any]) -> None:
    names = {"seed": "the seed gold (the five embedded reports; the taxonomy was written from them)",
             "tuning": "the blind tuning half (unseen texts; errors are read here)",
             "test": "the blind TEST half (unseen texts, never read for errors)",
             "fresh": "the SECOND blind test half (later unseen texts, never read for errors)"}
    print(f"Set: {names[result['set']]}: {result['passages']} passages from {result['sources']} source texts, "
          f"taxonomy {result['taxonomy']}, measured {result['measured']}")
    print(f"{'code':26s} {'positives':>9s} {'precision':>9s} {'recall':>7s} {'F1':>6s}   95% interval of F1")
    s, ci = result["scores"], result["intervals"]
    for code in CODES:
        r = s[code]
        low, high = ci[code]["f1"]
        print(f"{code:26s} {r['positives']:9d} {r['precision']:9.3f} {r['recall']:7.3f} {r['f1']:6.3f}   "
              f"{low:.2f}-{high:.2f}")
    low, high = ci["macro"]["f1"]
    print(f"{'macro-F1 (six views)':26s} {'':9s} {'':9s} {'':7s} {s['macro']['f1']:6.3f}   {low:.2f}-{high:.2f}")
    if "humans" in result:
        h = result["humans"]
        kappas = ", ".join(f"{c} {h['kappa'][c]:.2f}" for c in CODES)
        print(f"Human coders (two blind readings, before adjudication): macro-F1 {h['macro_f1']:.3f}, gap F1 "
              f"{h['f1']['gap']:.3f}; kappa: {kappas}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--set", dest="which", choices=("seed", "tuning", *TEST_SETS), default="seed")
    p.add_argument("--taxonomy", type=Path, default=ROOT / "data" / "taxonomy.yaml")
    p.add_argument("--misses", metavar="CODE", help="list the passages where the coder and the gold disagree")
    p.add_argument("--point", metavar="NAME", help="score a test half at a named point and log it")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--write", type=Path, metavar="FILE",
                   help="save the figures the Method page shows (bench/ACCURACY.json)")
    args = p.parse_args()
    if args.which in TEST_SETS and not args.point:
        p.error("a test half is scored only at a named point: add --point NAME (e.g. --point baseline)")
    if args.point and args.which not in TEST_SETS:
        p.error("named points are scores of a test half: use --set test or --set fresh with --point")
    if args.which in TEST_SETS and args.misses:
        p.error("a test half's passages are never listed: read errors on --set tuning")
    result = measure(args.which, args.taxonomy)
    if args.point:
        logged = json.loads(POINTS.read_text(encoding="utf-8")) if POINTS.exists() else []
        logged.append({"point": args.point, "commit": _commit(), **_public(result)})
        POINTS.write_text(json.dumps(logged, indent=1) + "\n", encoding="utf-8")
    if args.write:
        write_report(args.write, args.taxonomy)
    if args.json:
        print(json.dumps(_public(result)))
        return 0
    print_result(result)
    if args.misses:
        for g, c in result["_pairs"]:
            truth = g["gap"] if args.misses == "gap" else args.misses in g["views"]
            said = c["gap"] if args.misses == "gap" else args.misses in c["views"]
            if truth != said:
                terms = sorted({e.term for e in c["evidence"] if e.code.split(".")[0] == args.misses})
                where = g.get("id") or f"{g['document']} {g['label']}"
                print(f"{'FP' if said else 'FN'} {where}: {g['text'][:160]} | {terms} | {g.get('note', '')}")
    return 0


def write_report(path: Path, taxonomy_path: Path) -> None:
    """The Method page's figures: the seed set and the tuning half now, each test half at its last named point."""
    report: dict[str, Any] = {"measured": dt.date.today().isoformat(), "sets": {}}
    for name in ("seed", "tuning"):
        report["sets"][name] = _public(measure(name, taxonomy_path))
    logged = json.loads(POINTS.read_text(encoding="utf-8")) if POINTS.exists() else []
    for name in TEST_SETS:
        points = [p for p in logged if p.get("set") == name]
        if points:
            report["sets"][name] = points[-1]
    path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
