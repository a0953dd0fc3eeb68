"""Static images of charts (PNG, SVG) through kaleido and the machine's Chromium.

One export browser is started on first use and kept warm, so later images take
a fraction of a second. Without a browser, :class:`ImageUnavailable` says so in
a sentence; callers carry on without the image.
"""

from __future__ import annotations

import os
import shutil
import threading
import warnings
from typing import Any

PRESENTATION = {"width": 1600, "height": 900, "scale": 1}
_lock = threading.Lock()
_warm = False


class ImageUnavailable(RuntimeError):
    """No chart image can be made here; the message says why and what to do."""


def _browser() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("google-chrome"), shutil.which("chrome")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def figure_image(fig: Any, fmt: str = "png", *, width: int = 1600, height: int = 900, scale: float = 1.0) -> bytes:
    """The figure as PNG or SVG bytes at presentation size."""
    global _warm
    if fmt not in ("png", "svg"):
        raise ValueError(f"images are PNG or SVG, not {fmt}")
    browser = _browser()
    if browser is None:
        raise ImageUnavailable("Chart images need Chromium on this machine (apt-get install chromium); "
                               "the rest is made without them.")
    os.environ.setdefault("BROWSER_PATH", browser)
    try:
        import kaleido
    except ImportError:
        raise ImageUnavailable("Chart images need the kaleido package (pip install 'kaleido>=1.0').") from None
    with _lock, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # plotly warns that its options are ignored once a server is warm
        try:
            if not _warm:
                kaleido.start_sync_server(silence_warnings=True)
                _warm = True
            data: bytes = fig.to_image(format=fmt, width=width, height=height, scale=scale)
        except Exception as exc:  # kaleido reports a missing or broken browser in many ways
            raise ImageUnavailable(f"The chart image could not be made ({exc.__class__.__name__}: "
                                   f"{str(exc)[:120]}). The rest is made without it.") from None
    return data
