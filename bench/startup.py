"""Cold start: `streamlit run dashboard.py` to the first chart drawn in a real browser.

    python3 bench/startup.py [--passages 100000] [--runs 2]

For the embedded corpus and for --passages of load data (made as in bench/scale.py: resampled seed passages,
never findings), it starts the dashboard with a new, empty workspace (so nothing saved: the corpus is read
and coded) and then again with the same workspace (the model saved by the first start is read back). Each
start is timed from launching the process to:
  - server: the server answering its health check (Python, Streamlit, pandas and plotly imported);
  - first chart: the Overview's heatmap drawn in headless Debian chromium (one page, opened at once).
Prints one table; the median of --runs starts for each row.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import CHROMIUM, FLAGS  # noqa: E402
from bench.scale import make_corpus  # noqa: E402
from bench.serve import running_dashboard  # noqa: E402


def one_start(home: Path, corpus: Path | None) -> tuple[float, float]:
    """(seconds to the server answering, seconds to the first chart), both from launching the process."""
    from playwright.sync_api import sync_playwright

    launched = time.perf_counter()
    with running_dashboard(home, corpus) as (url, _):
        server = time.perf_counter() - launched
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg', timeout=600_000)
            chart = time.perf_counter() - launched
            browser.close()
    return server, chart


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--passages", type=int, default=100_000, help="passages of load data (0: embedded corpus only)")
    p.add_argument("--runs", type=int, default=2, help="starts per row; the median is shown")
    args = p.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="mgm-startup-") as tmp:
        corpora: list[tuple[str, Path | None]] = [("embedded corpus (5 documents)", None)]
        if args.passages:
            folder = Path(tmp) / "load"
            make_corpus(args.passages, folder)
            corpora.append((f"{args.passages:,} passages of load data", folder))
        for name, corpus in corpora:
            cold, warm = [], []
            for run in range(args.runs):
                home = Path(tmp) / f"home-{len(rows)}-{run}"
                cold.append(one_start(home, corpus))  # empty workspace: read and code, then save the model
                warm.append(one_start(home, corpus))  # the same workspace: the saved model is read back
                print(f"{name}, run {run + 1}: first start {cold[-1][1]:.1f} s, next start {warm[-1][1]:.1f} s",
                      file=sys.stderr)
            for label, starts in (("first start (nothing saved)", cold), ("next start (model saved)", warm)):
                rows.append((name, label, statistics.median(s for s, _ in starts),
                             statistics.median(c for _, c in starts)))
    print("| corpus | start | server answers s | first chart in the browser s |\n|---|---|---:|---:|")
    for name, label, server, chart in rows:
        print(f"| {name} | {label} | {server:.1f} | {chart:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
