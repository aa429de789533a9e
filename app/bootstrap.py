"""The boot, in order. Each step depends only on the ones before it.

1. Make sure stdout/stderr exist (windowed builds have none), so nothing below can fail on print.
2. Hand the arguments to the command line front (``app.cli.main``): it chooses the language from
   ``--lang`` before any message is written, then either runs a command without Qt, or
3. for ``gui``: ``app.ui.application.run_gui`` opens the data folder (lock first, then settings,
   logging, store and migrations), installs the crash hook, and shows the window.
No module does work at import time; this file is the only place that decides the order.
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    from app.logs import ensure_std_streams

    ensure_std_streams()
    from app.cli.main import main as cli_main

    return cli_main(argv)
