"""Speed and memory at 10^3 to 10^6 passages, on load data made by resampling the real passages.

    python3 bench/scale.py [--sizes 1000 10000 100000] [--no-pages] [--write bench/RESULTS.md]
    python3 bench/scale.py --every-page 100000    (each page's rerun on one corpus of that size)

LOAD DATA, NEVER FINDINGS: each corpus is made of the seed corpus's passages drawn at random (seed 7),
grouped into synthetic reports dated 1980-2027 (years an expert could mean) with dated meetings, and with
missions spread over them.
Their counts mean nothing; only the timings do. For each size, in a fresh process (so peak memory is that
size's own), it measures:
  - ingest and coding: reading the texts, splitting, finding meetings, coding (passages/s, MB/s);
  - peak memory of the process (resident set);
  - a filter change: tallies of views x year and views x meeting for a new view selection, and an evidence
    search (median of 5 different changes);
  - the dashboard's rerun of the Overview and Evidence pages (Streamlit's AppTest, median of 3 reruns after
    the first), unless --no-pages.
Then, on the largest corpus's passages (up to 20 MB), the coding beside the peers over the same terms:
a naive per-term loop (on a 1 MB sample), an Aho-Corasick automaton (pyahocorasick) and spaCy's PhraseMatcher
on spacy.blank("en") (install bench/requirements.txt for it).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
THEMES = ["air mobility", "the protection of civilians", "mandate formulation", "benchmarks and transitions",
          "cooperation with the African Union", "security sector reform", "force generation"]
PER_DOCUMENT = 150


def make_corpus(passages: int, folder: Path, seed: int = 7) -> float:
    """Write synthetic reports holding about ``passages`` passages; returns their size in MB."""
    from gapmodel.corpus import load_corpus
    from gapmodel.passages import split_passages
    from gapmodel.taxonomy import load_taxonomy

    rng = random.Random(seed)
    source = [p.text for d in load_corpus(ROOT / "data") for p in split_passages(d.id, d.text).passages
              if p.numbered and len(p.text) > 60]
    missions = [m.id for m in load_taxonomy(ROOT / "data" / "taxonomy.yaml").missions]
    folder.mkdir(parents=True, exist_ok=True)
    size, written, number = 0, 0, 0
    while written < passages:
        number += 1
        year = 1980 + rng.randrange(47)  # letters dated the next year: 2027 at the latest
        n = min(PER_DOCUMENT, passages - written)
        lines = [f"Report of the Security Council Working Group on Peacekeeping Operations (load data {number})",
                 "", f"Letter dated {rng.randrange(1, 28)} January {year + 1} from the Chair of the Working Group", ""]
        for k in range(1, n + 1):
            if k % 30 == 1:  # a dated meeting every 30 paragraphs
                text = (f"On {rng.randrange(1, 28)} {MONTHS[(k // 30) % 12]} {year}, the Working Group met on "
                        f"{rng.choice(THEMES)}.")
            else:
                text = rng.choice(source)
                if rng.random() < 0.2:
                    text += f" This was raised about {rng.choice(missions)}."
            lines += [f"{k}. {text}", ""]
        body = "\n".join(lines)
        (folder / f"load-{number:05d}.txt").write_text(body, encoding="utf-8")
        size += len(body.encode("utf-8"))
        written += n
    return size / 1_000_000


def measure(folder: Path, pages: bool) -> dict[str, float]:
    """One size, in this process: ingest and coding, filter changes, page reruns, peak memory."""
    from gapmodel import columns as C
    from gapmodel.corpus import load_corpus
    from gapmodel.filters import Filters, scope, select
    from gapmodel.model import build_model, use_system_allocator
    from gapmodel.tally import tally
    from gapmodel.taxonomy import load_taxonomy

    use_system_allocator()  # as the dashboard does
    taxonomy = load_taxonomy(ROOT / "data" / "taxonomy.yaml")
    started = time.perf_counter()
    documents = load_corpus(folder)
    model = build_model(documents, taxonomy)
    built = time.perf_counter() - started
    size = sum(len(d.text.encode("utf-8")) for d in documents) / 1_000_000
    views = [v.id for v in taxonomy.views]
    from gapmodel.search import search_index

    started = time.perf_counter()
    model.index  # noqa: B018 - built on first use, as the dashboard does
    index_s = time.perf_counter() - started
    started = time.perf_counter()
    search_index(model)
    search_index_s = time.perf_counter() - started
    changes, searches = [], []
    for k, word in enumerate(["helicopters", "mandate", "civilians", "benchmarks", "cooperation"]):
        filters = Filters(views=(views[k],))
        started = time.perf_counter()
        passages = scope(model, filters)
        tally(model, "year", views=[views[k]], passages=passages, with_meetings=True)
        tally(model, "meeting", views=[views[k]], passages=passages)
        changes.append(time.perf_counter() - started)
        started = time.perf_counter()
        select(model, Filters(text=word))
        searches.append(time.perf_counter() - started)
    out = {"passages": float(len(model.passages)), "documents": float(len(documents)), "mb": size,
           "build_s": built, "passages_per_s": len(model.passages) / built, "mb_per_s": size / built,
           "filter_change_ms": 1000 * statistics.median(changes), "search_ms": 1000 * statistics.median(searches),
           "meetings": float(len(model.meetings)), "gap_passages": float(model.passages[C.GAP].sum()),
           "index_s": index_s, "search_index_s": search_index_s}
    if pages:
        out |= page_reruns(folder)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def rerun(page: str) -> tuple[float, float]:
    """(seconds of the first run, median of 3 reruns after it) of a page in Streamlit's AppTest."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=3600)
    started = time.perf_counter()
    at.run()
    if page != "pages/1_overview.py":  # the dashboard opens on the Overview
        at.switch_page(page)
        at.run()
    first = time.perf_counter() - started
    times = []
    for _ in range(3):
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    return first, statistics.median(times)


def page_reruns(folder: Path) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    os.environ["GAPMODEL_CORPUS"] = str(folder)
    os.environ.setdefault("GAPMODEL_HOME", tempfile.mkdtemp(prefix="scale-home-"))
    import streamlit as st

    out = {}
    for name, page in (("overview", "pages/1_overview.py"), ("evidence", "pages/4_evidence.py")):
        out[f"{name}_first_s"], out[f"{name}_rerun_s"] = rerun(page)
    # As at a restart: the running app's caches are gone and the saved model is read back (the imports are
    # not timed again; bench/startup.py times a real cold start).
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=3600)
    started = time.perf_counter()
    at.run()
    out["overview_restart_s"] = time.perf_counter() - started
    return out


def peers(folder: Path, max_mb: float = 20.0) -> list[tuple[str, float, float, int]]:
    """(method, MB, seconds, passages) for our coding and each peer, over the same terms and passages."""
    sys.path.insert(0, str(ROOT / "bench"))
    from throughput import aho_corasick, fastest, mb, naive, repeat_to

    from gapmodel.coding import Coder
    from gapmodel.corpus import load_corpus
    from gapmodel.model import use_system_allocator
    from gapmodel.passages import split_passages
    from gapmodel.taxonomy import load_taxonomy

    use_system_allocator()  # as the dashboard does
    coder = Coder(load_taxonomy(ROOT / "data" / "taxonomy.yaml"))
    terms = list(coder.matcher.surfaces)
    texts = [p.text for d in load_corpus(folder) for p in split_passages(d.id, d.text).passages]
    texts = repeat_to(texts, min(max_mb, mb(texts)))
    sample = repeat_to(texts, min(1.0, mb(texts)))
    methods = {"gapmodel coding (all codes + evidence)": (coder.code_all, texts),
               "Aho-Corasick pass (pyahocorasick)": (aho_corasick, texts, terms),
               "spaCy PhraseMatcher (spacy.blank('en'))": (spacy_pass, texts, terms)}
    rows = []
    for name, module in (("Aho-Corasick pass (pyahocorasick)", "ahocorasick"),
                         ("spaCy PhraseMatcher (spacy.blank('en'))", "spacy")):
        if importlib.util.find_spec(module) is None:  # a peer that is not installed is named as such
            rows.append((f"{name}: not installed ({module})", 0.0, 0.0, 0))
            del methods[name]
    best = fastest(3, methods)  # the fastest of three runs each, taking turns
    rows = [(name, mb(texts), best[name][0], len(texts)) for name in methods] + rows
    started = time.perf_counter()
    naive(sample, terms)
    rows.append(("naive per-term loop (1 MB sample, one run)", mb(sample), time.perf_counter() - started, len(sample)))
    return rows


def spacy_pass(texts: list[str], terms: list[str]) -> int:
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("TERMS", list(nlp.tokenizer.pipe(terms)))
    return sum(len(matcher(doc)) for doc in nlp.tokenizer.pipe(texts, batch_size=1000))


def machine() -> str:
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"MemTotal:\s+(\d+) kB", meminfo.read_text())
        memory = f", {int(match.group(1)) / 2**20:.0f} GiB memory" if match else ""
    return (f"{platform.machine()}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}; "
            "one core used for coding")


def report(results: list[dict[str, float]], peer_rows: list[tuple[str, float, float, int]], pages: bool) -> str:
    lines = [f"# Scale benchmark ({time.strftime('%Y-%m-%d')})", "",
             f"Machine: {machine()}.", "",
             "Load data: the seed passages resampled into synthetic reports (never findings). "
             "Command: `python3 bench/scale.py" + ("" if pages else " --no-pages") + "`.", "",
             "| passages | documents | MB | ingest + coding s | passages/s | MB/s | index s | search index s | "
             "filter change ms | search ms | "
             + ("Overview rerun s | Evidence rerun s | first Overview s | Overview after restart s | " if pages else "")
             + "peak memory MB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
             + ("---:|---:|---:|---:|" if pages else "") + "---:|"]
    for r in results:
        cells = [f"{r['passages']:,.0f}", f"{r['documents']:,.0f}", f"{r['mb']:.1f}", f"{r['build_s']:.1f}",
                 f"{r['passages_per_s']:,.0f}", f"{r['mb_per_s']:.2f}", f"{r['index_s']:.2f}",
                 f"{r['search_index_s']:.1f}", f"{r['filter_change_ms']:.0f}", f"{r['search_ms']:.0f}"]
        if pages:
            cells += [f"{r['overview_rerun_s']:.2f}", f"{r['evidence_rerun_s']:.2f}", f"{r['overview_first_s']:.1f}",
                      f"{r['overview_restart_s']:.1f}"]
        cells.append(f"{r['peak_mb']:,.0f}")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Filter change: the passages in scope for a new view, then views x year and views x meeting "
              "tallies (median of 5 changes); search: full-text evidence search through the FTS5 index. Index and "
              "search index: built once per corpus, on first use. Page reruns: Streamlit's AppTest (no browser), "
              "median of 3 reruns after the first run (the first reads and codes the corpus and saves the model); "
              "after restart: the first run once Streamlit's caches are cleared, as at a restart but with Python "
              "and its libraries already imported: it reads the saved model.", "",
              "## Coding beside its peers (same terms, same passages, one core)", "",
              "The fastest of three runs of each, taking turns (the naive loop: one run on a 1 MB sample).", "",
              "| method | MB | seconds | MB/s | passages/s |", "|---|---:|---:|---:|---:|"]
    ours = next((r for r in peer_rows if r[0].startswith("gapmodel")), None)
    for name, megabytes, seconds, count in peer_rows:
        if seconds:
            lines.append(f"| {name} | {megabytes:.1f} | {seconds:.2f} | {megabytes / seconds:.2f} | "
                         f"{count / seconds:,.0f} |")
        else:
            lines.append(f"| {name} | | | | |")
    if ours:
        ratios = [f"{(ours[1] / ours[2]) / (m / s):.2f}x {n.split(' (')[0]}" for n, m, s, _ in peer_rows
                  if s and n is not ours[0]]
        lines += ["", "gapmodel's speed as a multiple of each peer's: " + "; ".join(ratios) + "."]
    return "\n".join(lines) + "\n"


def every_page(passages: int) -> str:
    """Each page's rerun (AppTest, median of 3 after the first) on load data of ``passages`` passages."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="mgm-load-data-") as tmp:
        make_corpus(passages, Path(tmp) / "corpus")
        os.environ["GAPMODEL_CORPUS"] = str(Path(tmp) / "corpus")
        os.environ["GAPMODEL_HOME"] = str(Path(tmp) / "home")
        for page in sorted((ROOT / "pages").glob("*.py"), key=lambda f: int(f.name.split("_")[0])):
            rows.append(f"| {page.stem.split('_', 1)[1]} | {rerun(f'pages/{page.name}')[1]:.2f} |")
            print(rows[-1], file=sys.stderr)
    return (f"Every page's rerun at {passages:,} passages (AppTest, median of 3 after the first; "
            f"`python3 bench/scale.py --every-page {passages}`):\n\n| page | rerun s |\n|---|---:|\n"
            + "\n".join(rows) + "\n")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000], help="passages per corpus")
    p.add_argument("--no-pages", action="store_true", help="skip the dashboard reruns (AppTest)")
    p.add_argument("--write", type=Path, help="also write the table to this Markdown file (bench/RESULTS.md)")
    p.add_argument("--every-page", type=int, metavar="PASSAGES", help="only each page's rerun at this size")
    p.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: one size, in a child process
    args = p.parse_args()
    if args.every_page:
        print(every_page(args.every_page))
        return 0
    if args.measure:
        print(json.dumps(measure(args.measure, not args.no_pages)))
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="mgm-load-data-") as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"load-{size}"
            megabytes = make_corpus(size, folder)
            print(f"{size:,} passages: {megabytes:.1f} MB of load data written; measuring...", file=sys.stderr)
            command = [sys.executable, __file__, "--measure", str(folder)] + (["--no-pages"] if args.no_pages else [])
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode:
                print(done.stderr[-3000:], file=sys.stderr)
                return done.returncode
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print("Peers on the largest corpus...", file=sys.stderr)
        peer_rows = peers(folder)
    text = report(results, peer_rows, not args.no_pages)
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
