"""``python -m gapmodel``: see :mod:`gapmodel.cli`."""

from __future__ import annotations

import sys

from gapmodel.cli import main

if __name__ == "__main__":
    sys.exit(main())
