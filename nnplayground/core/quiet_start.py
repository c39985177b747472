"""Ctrl+C while the program starts exits quietly, instead of printing a 40-line import traceback.

Importing NumPy, scikit-learn and Qt takes about a second, before any
``try``/``except KeyboardInterrupt`` of the command runs. Importing this
module (the command line's first import of its own) installs a SIGINT
handler that ends the program with status 130 and one word; the command
replaces it once it is ready to handle an interrupt itself (the training
loop saves, the window asks before closing).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from types import FrameType


def exit_quietly(signal_number: int, frame: FrameType | None) -> None:
    """The start-up SIGINT handler: say so in one line and exit 130."""
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write("\ninterrupted\n")
    raise SystemExit(128 + signal_number)


def install() -> None:
    """Make Ctrl+C exit quietly from now on (signal handlers can only be set from the main thread)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, exit_quietly)


install()
