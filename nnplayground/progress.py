"""A dependency-free progress bar for the headless commands, on stderr.

On a terminal the bar is redrawn in place (``\\r``, at most 10×/s). In a file,
a pipe or a CI log, ``\\r`` redraws pile up into one unreadable line, so there
the bar writes plain lines instead: the first update, one per tenth of the way,
one at least every ``PLAIN_INTERVAL`` seconds on a long run, and the last.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

REDRAW_INTERVAL = 0.1
PLAIN_INTERVAL = 10.0


class ProgressBar:
    def __init__(self, label: str, total: int, stream: TextIO | None = None, width: int = 30) -> None:
        self.label, self.total, self.width = label, max(total, 1), width
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.interactive = bool(isatty and isatty())
        self._started = time.perf_counter()
        self._last_draw: float | None = None
        self._last_tenth = -1

    def update(self, done: int) -> None:
        now = time.perf_counter()
        fraction = min(done / self.total, 1.0)
        if self.interactive:
            self._redraw(done, fraction, now)
        else:
            self._line(done, fraction, now)

    def _rate(self, done: int, now: float) -> float:
        elapsed = now - self._started
        return done / elapsed if elapsed > 0 else 0.0

    def _redraw(self, done: int, fraction: float, now: float) -> None:
        if done < self.total and self._last_draw is not None and now - self._last_draw < REDRAW_INTERVAL:
            return
        self._last_draw = now
        filled = int(fraction * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(
            f"\r{self.label} [{bar}] {done:>9,}/{self.total:,} {self._rate(done, now):>10,.0f} epochs/s"
        )
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()

    def _line(self, done: int, fraction: float, now: float) -> None:
        tenth = int(fraction * 10)
        due = (
            self._last_draw is None
            or done >= self.total
            or tenth > self._last_tenth
            or now - self._last_draw >= PLAIN_INTERVAL
        )
        if not due:
            return
        self._last_draw, self._last_tenth = now, tenth
        self.stream.write(
            f"{self.label.rstrip()}: {done:,}/{self.total:,} epochs ({fraction:.0%}), "
            f"{self._rate(done, now):,.0f} epochs/s\n"
        )
        self.stream.flush()
