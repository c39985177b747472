"""Memory over a long run with the window open: does a million epochs leak? (offscreen)

    .venv/bin/python benchmarks/memory.py [epochs]      (default 1 000 000)

Opens the real main window on the article network, plays at full speed and
reads the process's resident memory (VmRSS) as epochs pass. The loss history
is decimated (at most 4 096 points) and every view redraws from a bounded
snapshot, so after the first seconds' warm-up the figure should stay flat.
Printed last: RSS at 10 % of the run and at the end, and the growth between.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from nnplayground.live.commands import Pause, Play
from nnplayground.ui.windows.main_window import MainWindow

GROWTH_BUDGET_MB = 20


def resident_mb() -> float:
    """This process's resident set size, from /proc (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS line in /proc/self/status")


def main() -> int:
    target = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    worker = window.training.worker
    marks = [target // 10, target // 4, target // 2, target]
    readings: list[tuple[int, float, float]] = []
    started = time.perf_counter()
    worker.send(Play())
    loop = QEventLoop()
    poll = QTimer()

    def check() -> None:
        epoch = worker.latest().snapshot.epoch
        while marks and epoch >= marks[0]:
            readings.append((marks.pop(0), resident_mb(), time.perf_counter() - started))
            print(
                f"epoch {readings[-1][0]:>10,}: RSS {readings[-1][1]:7.1f} MB after {readings[-1][2]:5.1f} s",
                flush=True,
            )
        if not marks:
            loop.quit()

    poll.timeout.connect(check)
    poll.start(200)
    print(f"start: RSS {resident_mb():.1f} MB", flush=True)
    loop.exec()
    worker.send(Pause())
    window.shutdown()
    window.close()
    app.processEvents()
    (_, early, _), (_, late, seconds) = readings[0], readings[-1]
    growth = late - early
    print(
        f"\n{target:,} epochs in {seconds:.0f} s with the window open: RSS {early:.1f} MB at 10 % "
        f"of the run, {late:.1f} MB at the end; growth {growth:+.1f} MB (budget ≤ {GROWTH_BUDGET_MB} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
