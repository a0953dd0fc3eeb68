"""gapmodel is the pure core: importing it never pulls in Streamlit."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_gapmodel_does_not_import_streamlit() -> None:
    code = "import sys, gapmodel, gapmodel.cli, gapmodel.tally; print('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "False"


def test_data_is_never_written(capsys) -> None:  # type: ignore[no-untyped-def]
    from gapmodel.cli import main

    data = ROOT / "data"
    before = {p: p.stat().st_mtime_ns for p in data.rglob("*")}
    for args in (["passages"], ["meetings"], ["tally", "--by", "meeting", "--subviews"]):
        assert main(args) == 0
    capsys.readouterr()
    assert {p: p.stat().st_mtime_ns for p in data.rglob("*")} == before


def test_the_type_checks_and_lint_the_project_claims_pass_and_run_in_ci() -> None:
    """pyproject.toml claims mypy strict on gapmodel and ruff: both pass here, and .ci/run runs both before the
    tests, so a finding fails CI."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m ruff check ." in ci and "python3 -m mypy" in ci
    assert ci.index("python3 -m mypy") < ci.index("python3 -m pytest")
    for command in (["-m", "mypy"], ["-m", "ruff", "check", "."]):
        done = subprocess.run([sys.executable, *command], capture_output=True, text=True, cwd=ROOT, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
