"""How smooth is the window while training runs flat out? (offscreen; figures printed last)

Plays the article network at full speed for a few seconds in the real main
window and measures, in the same process:

* the longest gap between ticks of a 10 ms GUI timer — how long the GUI can
  be unresponsive (target ≤ 50 ms);
* frames per second the window actually drew (paint events of the boundary
  view whose heatmap changed; target ≥ 20);
* training throughput against the headless engine (``Trainer.train`` in a
  loop of time-sized chunks, measured here too; target ≥ 60 %).

Run: ``.venv/bin/python benchmarks/ui.py [seconds]``.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer  # noqa: E402 — after the platform is chosen
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnplayground.core.config import ExperimentConfig  # noqa: E402
from nnplayground.core.trainer import Trainer  # noqa: E402
from nnplayground.ui.main_window import MainWindow  # noqa: E402

TARGET_GAP_MS = 50
TARGET_FPS = 20
TARGET_THROUGHPUT = 0.60


def headless_epochs_per_second(seconds: float) -> float:
    trainer = Trainer(ExperimentConfig())
    chunk, done = 1, 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        begin = time.perf_counter()
        trainer.train(chunk)
        done += chunk
        chunk = max(1, min(chunk * 4, int(chunk * 0.004 / max(time.perf_counter() - begin, 1e-9))))
    return done / elapsed


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


class TickGaps(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    app = QApplication.instance() or QApplication([])
    headless_before = headless_epochs_per_second(seconds / 2)

    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    paints = PaintCounter()
    window.boundary_view.viewport().installEventFilter(paints)
    gaps = TickGaps()
    app.processEvents()

    worker = window.training.worker
    loop = QEventLoop()
    QTimer.singleShot(500, loop.quit)
    loop.exec()

    drawn_before = window.boundary_view.frames_drawn
    epoch_start = worker.latest().snapshot.epoch
    worker.play()
    paints.paints = 0
    gaps.start()
    start = time.perf_counter()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()
    elapsed = time.perf_counter() - start
    epochs = worker.latest().snapshot.epoch - epoch_start
    gaps.timer.stop()
    drawn = window.boundary_view.frames_drawn - drawn_before
    window.close()

    headless_after = headless_epochs_per_second(seconds / 2)
    headless = (headless_before + headless_after) / 2
    window_rate = epochs / elapsed
    fps = min(paints.paints, drawn) / elapsed
    print(f"played {elapsed:.1f} s at full speed, offscreen, {window.width()}×{window.height()} window")
    print(f"headless engine:           {headless:,.0f} epochs/s")
    print(f"in the window:             {window_rate:,.0f} epochs/s")
    print(
        f"boundary redraws:          {drawn / elapsed:.1f} /s, paint events {paints.paints / elapsed:.1f} /s"
    )
    print(f"longest 10 ms timer gap:   {gaps.longest * 1000:.1f} ms   (target ≤ {TARGET_GAP_MS} ms)")
    print(f"frames drawn per second:   {fps:.1f}   (target ≥ {TARGET_FPS})")
    print(f"throughput vs headless:    {window_rate / headless:.0%}   (target ≥ {TARGET_THROUGHPUT:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
