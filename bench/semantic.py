"""Does a semantic signal pay? Static embeddings (wordllama) beside the phrase rules, cross-validated on the
tuning half of the blind set. Never reads the test half.

    python3 -m pip install -r bench/requirements.txt   # adds wordllama
    python3 bench/semantic.py [--folds 5]

For each core view and the gap flag it prints the F1 of the rules alone and of two ways of adding the
embeddings, each scored on held-out sources (folds by source text; the classifier of a fold is trained on
the other folds' passages and on the seed gold):
  - "rules OR classifier": the rules' code, or a logistic regression on the passage's embedding above a
    threshold (0.6 to 0.9);
  - "stacked": one logistic regression on the embedding and the rules' codes.
The app adopts the signal only if it raises the cross-validated macro-F1 (issue 15); see bench/RESULTS.md.
wordllama ships its 256-dimension weights in its wheel; its tokenizer file is copied into a cache folder so
that it loads offline.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.accuracy import CODES, load_set, scores  # noqa: E402
from gapmodel.coding import Coder  # noqa: E402
from gapmodel.taxonomy import load_taxonomy  # noqa: E402

Floats = npt.NDArray[np.float64]


def load_embedder(cache: Path) -> Any:
    """wordllama's shipped model, loaded without the network."""
    import wordllama

    shipped = Path(wordllama.__file__).parent / "tokenizers"
    (cache / "tokenizers").mkdir(parents=True, exist_ok=True)
    for config in shipped.glob("*.json"):
        shutil.copy(config, cache / "tokenizers" / config.name)
    return wordllama.WordLlama.load(cache_dir=cache, disable_download=True)


def embed(model: Any, texts: Sequence[str]) -> Floats:
    vectors = np.asarray(model.embed(list(texts)), dtype=np.float64)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def fit(x: Floats, y: Floats, l2: float = 1.0, steps: int = 600) -> Floats:
    """Class-balanced logistic regression by gradient descent (weights, bias last)."""
    xb = np.c_[x, np.ones(len(x))]
    w = np.zeros(xb.shape[1])
    share = min(max(float(y.mean()), 1e-3), 1 - 1e-3)
    weight = np.where(y == 1, 0.5 / share, 0.5 / (1 - share))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        w -= 5.0 * (xb.T @ ((p - y) * weight) / len(y) + l2 * np.r_[w[:-1], 0] / len(y))
    return w


def predict(w: Floats, x: Floats) -> Floats:
    out: Floats = 1 / (1 + np.exp(-(np.c_[x, np.ones(len(x))] @ w)))
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--taxonomy", type=Path, default=ROOT / "data" / "taxonomy.yaml")
    args = p.parse_args()
    tuning, seed = load_set("tuning"), load_set("seed")
    with tempfile.TemporaryDirectory() as cache:
        model = load_embedder(Path(cache))
        x_tune, x_seed = embed(model, [r["text"] for r in tuning]), embed(model, [r["text"] for r in seed])
    coder = Coder(load_taxonomy(args.taxonomy))

    def codes(rows: Sequence[dict[str, Any]], coded: bool) -> npt.NDArray[np.bool_]:
        if coded:
            said = coder.code_many([r["text"] for r in rows])
            return np.array([[c.gap if k == "gap" else k in c.views for k in CODES] for c in said], dtype=bool)
        return np.array([[r["gap"] if k == "gap" else k in r["views"] for k in CODES] for r in rows], dtype=bool)

    truth, rules = codes(tuning, False), codes(tuning, True)
    seed_truth, seed_rules = codes(seed, False), codes(seed, True)
    sources = sorted({r["source"] for r in tuning})
    np.random.default_rng(0).shuffle(sources)
    fold_of = {s: i % args.folds for i, s in enumerate(sources)}
    fold = np.array([fold_of[r["source"]] for r in tuning])
    variants: dict[str, npt.NDArray[np.bool_]] = {}
    for threshold in (0.6, 0.7, 0.8, 0.9):
        variants[f"rules OR classifier > {threshold}"] = rules.copy()
    variants["stacked"] = np.zeros_like(rules)
    for k in range(len(CODES)):
        for f in range(args.folds):
            held = fold == f
            y = np.r_[truth[~held, k], seed_truth[:, k]].astype(float)
            w = fit(np.r_[x_tune[~held], x_seed], y)
            for threshold in (0.6, 0.7, 0.8, 0.9):
                name = f"rules OR classifier > {threshold}"
                variants[name][held, k] = rules[held, k] | (predict(w, x_tune[held]) > threshold)
            stacked_x = np.r_[np.c_[x_tune[~held], 3.0 * rules[~held]], np.c_[x_seed, 3.0 * seed_rules]]
            w = fit(stacked_x, y, steps=1000)
            variants["stacked"][held, k] = predict(w, np.c_[x_tune[held], 3.0 * rules[held]]) > 0.5
    print(f"Tuning half of the blind set: {len(tuning)} passages, {len(sources)} sources, {args.folds} folds by "
          "source; F1 on held-out sources")
    print(f"{'variant':34s} " + " ".join(f"{c[:10]:>10s}" for c in CODES) + f" {'macro-F1':>9s}")
    for name, said in {"rules alone": rules, **variants}.items():
        found = scores({code: np.c_[truth[:, k], said[:, k]] for k, code in enumerate(CODES)})
        print(f"{name:34s} " + " ".join(f"{found[c]['f1']:10.3f}" for c in CODES) + f" {found['macro']['f1']:9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
