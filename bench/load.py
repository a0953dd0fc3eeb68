"""Load test: many people using the dashboard at once, in one headless Debian chromium.

    python3 bench/load.py [--sessions 10] [--seconds 120] [--corpus DIR]

Starts `streamlit run dashboard.py` on a free localhost port (its own throwaway workspace), opens
--sessions pages (each its own Streamlit session) and drives them all at the same time for --seconds:
each session in turn picks a stance filter, opens the Evidence page, searches a word, goes back to the
Overview, picks a view, and clicks a heatmap cell to open the passages behind it. A step's response time runs
from the action to the moment Streamlit has finished rerunning (its status widget gone). An error is an
exception box on a page, a step that does not finish within 60 s, or a page that does not load.
Prints sessions, steps, errors (must be 0), median and 95th-percentile response times.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serve import running_dashboard  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
WORDS = ["helicopters", "mandate", "civilians", "benchmarks", "police", "transition"]
STANCES = ["Gaps only", "Remedies", "All passages"]


async def settled(page) -> None:  # type: ignore[no-untyped-def]
    await page.wait_for_timeout(200)
    await page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                 timeout=60_000)


async def step(page, times: list[float], errors: list[str], what: str, action) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    try:
        await action()
        await settled(page)
        if await page.locator('[data-testid="stException"]').count():
            errors.append(f"{what}: an exception is shown")
        times.append(time.perf_counter() - started)
    except Exception as exc:  # a timeout or a missing element is an error of the run, counted, not raised
        errors.append(f"{what}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")


async def session(browser, url: str, number: int, seconds: float, times: list[float],  # type: ignore[no-untyped-def]
                  errors: list[str], loads: list[float]) -> int:
    page = await browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)  # every wait of a step has the 60 s an error is defined by
    steps = 0
    started = time.perf_counter()
    try:
        await page.goto(url)
        await page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg', timeout=120_000)
    except Exception as exc:
        errors.append(f"session {number}: the page did not load ({type(exc).__name__})")
        return 0
    loads.append(time.perf_counter() - started)
    until = time.perf_counter() + seconds  # each session works for the whole time once its page is up
    k = number
    while time.perf_counter() < until:
        k += 1
        await one_round(page, k, times, errors)
        steps += 5
    await page.close()
    return steps


async def one_round(page, k: int, times: list[float], errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Five steps: a stance, the Evidence page, a search, back to the Overview, a heatmap cell."""
    async def search() -> None:
        box = page.get_by_role("textbox", name="Search passages")
        await box.fill(WORDS[k % len(WORDS)])
        await box.press("Enter")

    async def click_cell() -> None:
        await page.wait_for_selector('[data-testid="stPlotlyChart"] .nsewdrag', timeout=60_000)
        box = await page.locator('[data-testid="stPlotlyChart"] .nsewdrag').first.bounding_box()
        if box is None:
            raise RuntimeError("no heatmap")
        await page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * ((k % 5) + 0.5) / 6)

    await step(page, times, errors, "stance", lambda: page.get_by_text(STANCES[k % 3], exact=True).click())
    await step(page, times, errors, "to Evidence",
               lambda: page.get_by_role("link", name="Evidence", exact=True).click())
    await step(page, times, errors, "search", search)
    await step(page, times, errors, "to Overview",
               lambda: page.get_by_role("link", name="Overview", exact=True).click())
    await step(page, times, errors, "heatmap cell", click_cell)


async def drive(url: str, sessions: int, seconds: float) -> tuple[int, list[float], list[str], list[float]]:
    from playwright.async_api import async_playwright

    times: list[float] = []
    errors: list[str] = []
    loads: list[float] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        counts = await asyncio.gather(*(session(browser, url, n, seconds, times, errors, loads)
                                        for n in range(sessions)))
        await browser.close()
    errors += [f"session {n}: no step finished" for n, c in enumerate(counts) if c == 0 and loads]
    return sum(counts), times, errors, loads


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=10)
    p.add_argument("--seconds", type=float, default=120.0)
    p.add_argument("--corpus", type=Path, help="a corpus folder (default: the embedded corpus)")
    args = p.parse_args()
    with running_dashboard(Path(tempfile.mkdtemp(prefix="load-home-")), args.corpus) as (url, server):
        wall = time.perf_counter()
        steps, times, errors, loads = asyncio.run(drive(url, args.sessions, args.seconds))
        wall = time.perf_counter() - wall
        server_cpu = cpu_seconds(server.pid)
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else float("nan")
    median = statistics.median(times) if times else float("nan")
    print(f"{args.sessions} sessions for {args.seconds:.0f} s on {os.cpu_count()} cores: {steps} steps, "
          f"{len(errors)} errors; response time median {median:.2f} s, 95th percentile {p95:.2f} s; "
          f"first page loads {min(loads, default=0):.1f}-{max(loads, default=0):.1f} s")
    print(f"Of {wall:.0f} s and {2 * wall:.0f} core-seconds, the dashboard's server used {server_cpu:.0f} "
          "CPU seconds; the rest went to the browser drawing the pages and to waiting.")
    for e in errors[:10]:
        print("  error:", e)
    return 1 if errors or not steps else 0


if __name__ == "__main__":
    sys.exit(main())
