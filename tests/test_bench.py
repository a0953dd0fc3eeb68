"""The benchmark scripts run (on a tiny size): they measure, the tests only check they work."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

CODES = {"mandate_formulation", "resources", "protection_of_civilians", "ssr_ddr", "benchmarks", "partnerships",
         "gap"}


def test_accuracy_script_scores_the_seed_and_tuning_sets_with_intervals() -> None:
    for which in ("seed", "tuning"):
        done = subprocess.run([sys.executable, "bench/accuracy.py", "--set", which, "--json"], capture_output=True,
                              text=True, cwd=ROOT, check=True)
        report = json.loads(done.stdout)
        assert report["set"] == which and report["passages"] >= 396
        assert set(report["scores"]) == CODES | {"macro"}
        for code in CODES:
            row, (low, high) = report["scores"][code], report["intervals"][code]["f1"]
            assert row["positives"] >= (12 if which == "seed" else 50)
            assert 0.0 <= low <= row["f1"] <= high <= 1.0
        assert ("humans" in report) is (which == "tuning")


def test_the_test_halves_are_scored_only_at_a_named_point_and_never_listed() -> None:
    for args in (["--set", "test"], ["--set", "test", "--point", "x", "--misses", "gap"], ["--set", "fresh"],
                 ["--set", "fresh", "--point", "x", "--misses", "benchmarks"], ["--set", "tuning", "--point", "x"]):
        done = subprocess.run([sys.executable, "bench/accuracy.py", *args], capture_output=True, text=True,
                              cwd=ROOT, check=False)
        assert done.returncode == 2 and ("named point" in done.stderr or "never listed" in done.stderr)


def test_the_blind_set_is_split_by_source_with_enough_positives() -> None:
    rows = [json.loads(line) for line in (ROOT / "tests" / "gold" / "blind.jsonl").read_text(
        encoding="utf-8").splitlines()]
    halves = {r["source"]: r["half"] for r in rows}
    assert all(halves[r["source"]] == r["half"] for r in rows)  # no source in both halves
    assert len(rows) >= 400
    for half in ("tuning", "test", "fresh"):
        mine = [r for r in rows if r["half"] == half]
        for view in CODES - {"gap"}:
            assert sum(view in r["views"] for r in mine) >= (25 if half == "fresh" else 50), (half, view)
        assert all(len(r["coders"]) == 2 for r in mine)


def test_throughput_script_runs_on_a_tiny_corpus() -> None:
    done = subprocess.run([sys.executable, "bench/throughput.py", "--mb", "0.05", "--naive-mb", "0.005"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    assert "gapmodel coding" in done.stdout and "Aho-Corasick" in done.stdout and "naive" in done.stdout
    assert "Ratios:" in done.stdout


def test_scale_script_runs_on_a_tiny_corpus(tmp_path: object) -> None:
    done = subprocess.run([sys.executable, "bench/scale.py", "--sizes", "200", "--no-pages"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    assert "| passages | documents | MB |" in done.stdout
    row = next(line for line in done.stdout.splitlines() if line.startswith("| 2"))
    assert int(row.split("|")[1].strip().replace(",", "")) >= 200
    assert "Aho-Corasick" in done.stdout and "naive per-term loop" in done.stdout and "spaCy" in done.stdout
    assert "gapmodel's speed as a multiple of each peer's" in done.stdout


def test_load_script_drives_two_sessions_without_errors() -> None:
    import os
    from pathlib import Path

    import pytest

    if not Path("/usr/bin/chromium").exists() and not os.environ.get("CI"):
        pytest.skip("Debian's chromium is not installed here")
    done = subprocess.run([sys.executable, "bench/load.py", "--sessions", "2", "--seconds", "15"],
                          capture_output=True, text=True, cwd=ROOT, check=False, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "2 sessions for 15 s" in done.stdout and " 0 errors" in done.stdout
