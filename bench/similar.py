"""Speed and memory of "where else was this said?" (gapmodel.similar) on load data.

    python3 bench/similar.py [--passages 100000] [--queries 200]

LOAD DATA, NEVER FINDINGS: the corpus is made as bench/scale.py makes it (the seed passages drawn at random
into synthetic reports, seed 7), so many passages repeat; only the timings mean anything. In one process:
  - the index build (the first question's wait), the resident memory it adds and the peak it allocates while
    building (a second build under tracemalloc, which slows it: not timed);
  - the time of similar_passages for --queries passages drawn at random (seed 11), all passages as
    candidates, then a sidebar-like cut (the passages of 2000 onwards) as candidates: median, 95th
    percentile and max, in ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale import make_corpus  # noqa: E402


def resident_mb() -> float:
    """The process's resident memory now (Linux), in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1_000_000


def timings(call: Callable[[str], object], ids: list[str]) -> tuple[float, float, float]:
    """(median, 95th percentile, max) in ms of ``call(passage_id)`` over ``ids``."""
    times = []
    for passage_id in ids:
        started = time.perf_counter()
        call(passage_id)
        times.append(1000 * (time.perf_counter() - started))
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * len(times)) - 1)], times[-1]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--passages", type=int, default=100_000)
    p.add_argument("--queries", type=int, default=200)
    args = p.parse_args()
    from gapmodel import columns as C
    from gapmodel.corpus import load_corpus
    from gapmodel.model import build_model, use_system_allocator
    from gapmodel.similar import build_similarity_index, similar_passages, similarity_index
    from gapmodel.taxonomy import load_taxonomy

    use_system_allocator()  # as the dashboard does
    with tempfile.TemporaryDirectory(prefix="mgm-load-data-") as tmp:
        make_corpus(args.passages, Path(tmp))
        model = build_model(load_corpus(Path(tmp)), load_taxonomy(ROOT / "data" / "taxonomy.yaml"))
    passages = model.passages
    before = resident_mb()
    started = time.perf_counter()
    index = similarity_index(model)
    build_s = time.perf_counter() - started
    added = resident_mb() - before
    held = sum(a.nbytes for w in (index.by_passage, index.by_term) for a in (w.start, w.columns, w.values))
    tracemalloc.start()
    build_similarity_index(iter(passages[C.TEXT]), passages[C.DOCUMENT], passages[C.PASSAGE_ID])
    peak = tracemalloc.get_traced_memory()[1] / 1_000_000
    tracemalloc.stop()

    ids = random.Random(11).sample(list(passages[C.PASSAGE_ID]), min(args.queries, len(passages)))
    recent = passages[passages[C.YEAR] >= 2000]
    found = [len(similar_passages(model, i)) for i in ids]
    every = timings(lambda i: similar_passages(model, i), ids)
    cut = timings(lambda i: similar_passages(model, i, passages=recent), ids)
    print(f"Command: python3 bench/similar.py --passages {args.passages} --queries {args.queries}")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}")
    print(f"Load data: {len(passages):,} passages in {passages[C.DOCUMENT].nunique():,} documents "
          f"(the seed passages resampled: load data, never findings)")
    print(f"Index: {len(index.vocabulary.terms):,} terms, {len(index.by_term.columns):,} postings; built in "
          f"{build_s:.2f} s; resident memory +{added:.0f} MB (arrays {held / 1e6:.0f} MB); "
          f"peak allocated while building {peak:.0f} MB (tracemalloc)")
    print(f"Query, all passages as candidates ({len(ids)} random passages): median {every[0]:.1f} ms, "
          f"95th percentile {every[1]:.1f} ms, max {every[2]:.1f} ms; {statistics.mean(found):.1f} found on average")
    print(f"Query, {len(recent):,} passages of 2000 onwards as candidates: median {cut[0]:.1f} ms, "
          f"95th percentile {cut[1]:.1f} ms, max {cut[2]:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
