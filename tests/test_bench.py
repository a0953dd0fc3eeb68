"""The benchmark scripts run (on a tiny size): they measure, the tests only check they work."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_accuracy_script_prints_every_core_view_and_gap() -> None:
    done = subprocess.run([sys.executable, "bench/accuracy.py", "--json"], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    report = json.loads(done.stdout)
    assert report["passages"] >= 200
    codes = {row["code"]: row for row in report["codes"]}
    assert set(codes) == {"mandate_formulation", "resources", "protection_of_civilians", "ssr_ddr", "benchmarks",
                          "partnerships", "gap"}
    for row in codes.values():
        assert 0.0 <= row["f1"] <= 1.0 and row["positives"] > 0


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
