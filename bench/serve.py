"""Start the dashboard on a free localhost port and wait until it answers: for the browser tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_dashboard(home: Path, corpus: Path | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`streamlit run dashboard.py` with its own workspace ``home`` (and corpus); yields its URL and process."""
    env = {**os.environ, "GAPMODEL_HOME": str(home)}
    env.pop("GAPMODEL_CORPUS", None)
    if corpus is not None:
        env["GAPMODEL_CORPUS"] = str(corpus)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the dashboard did not start: " + (proc.stderr.read(2000) if proc.stderr else b"")
                               .decode(errors="replace"))
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)
