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
