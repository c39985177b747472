"""A dependency-free progress bar for the headless commands (stderr, redrawn ≤ 10×/s)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, label: str, total: int, stream: TextIO | None = None, width: int = 30) -> None:
        self.label, self.total, self.width = label, max(total, 1), width
        self.stream = stream if stream is not None else sys.stderr
        self._started = time.perf_counter()
        self._last_draw = 0.0

    def update(self, done: int) -> None:
        now = time.perf_counter()
        if done < self.total and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        fraction = min(done / self.total, 1.0)
        filled = int(fraction * self.width)
        elapsed = now - self._started
        rate = done / elapsed if elapsed > 0 else 0.0
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done:>9,}/{self.total:,} {rate:>10,.0f} epochs/s")
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()
