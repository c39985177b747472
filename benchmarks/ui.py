"""How smooth is the window while training runs flat out? (offscreen; figures printed last)

Plays three cases at full speed for a few seconds each in the real main window —
the article's network on its 100 points, the article's perceptron (trained
by the general path, not the tuned loop), and 100 000 points through a
64-unit hidden layer (drawing decimates the points; training uses them all) —
and measures, in the same process:

* the longest gap between ticks of a 10 ms GUI timer — how long the GUI can
  be unresponsive (target ≤ 50 ms);
* frames per second the window actually drew (paint events of the boundary
  view whose heatmap changed; target ≥ 20);
* training throughput against the headless engine (``Trainer.train`` in a
  loop of time-sized chunks, measured here too; target ≥ 60 %).

The machine may be shared, so each of several rounds measures the headless
engine just before and after its window run, and the medians are reported.

Run: ``.venv/bin/python benchmarks/ui.py [seconds per round] [rounds] [article|perceptron|large|all]``
(``--help`` says the same).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_PERCEPTRON
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import Pause, Play, Reset
from nnplayground.ui.windows.main_window import MainWindow

TARGET_GAP_MS = 50
TARGET_FPS = 20
TARGET_THROUGHPUT = 0.60


CASES = {
    "article": ("the article's 2-4-1 network, 100 points", ExperimentConfig()),
    # The general (non-kernel) path: many tiny NumPy calls, the hardest case for the GUI's share of
    # the interpreter lock.
    "perceptron": ("the article's perceptron, 100 points", ARTICLE_PERCEPTRON),
    "large": (
        "100 000 points, one hidden layer of 64 units",
        ExperimentConfig(n_samples=100_000, hidden_layers=(64,)),
    ),
}


def headless_epochs_per_second(config: ExperimentConfig, seconds: float) -> float:
    trainer = Trainer(config)
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


def play_round(app: QApplication, window: MainWindow, seconds: float) -> dict[str, float]:
    """Reset, play at full speed for ``seconds`` and measure; the window stays open between rounds."""
    worker = window.training.worker
    worker.send(Reset())
    loop = QEventLoop()
    QTimer.singleShot(300, loop.quit)
    loop.exec()
    paints = PaintCounter()
    window.boundary_view.plot.viewport().installEventFilter(paints)
    gaps = TickGaps()
    drawn_before = window.boundary_view.frames_drawn
    worker.send(Play())
    gaps.start()
    start = time.perf_counter()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()
    elapsed = time.perf_counter() - start
    epochs = worker.latest().snapshot.epoch
    gaps.timer.stop()
    worker.send(Pause())
    window.boundary_view.plot.viewport().removeEventFilter(paints)
    drawn = window.boundary_view.frames_drawn - drawn_before
    return {
        "rate": epochs / elapsed,
        "gap_ms": gaps.longest * 1000,
        "fps": min(paints.paints, drawn) / elapsed,
    }


def run_case(app: QApplication, config: ExperimentConfig, seconds: float, rounds: int) -> list[dict]:
    window = MainWindow(config)
    window.files.confirm_discard = False
    window.resize(1280, 800)
    window.show()
    results = []
    for _ in range(rounds):
        before = headless_epochs_per_second(config, seconds / 2)
        measured = play_round(app, window, seconds)
        after = headless_epochs_per_second(config, seconds / 2)
        measured["headless"] = (before + after) / 2
        measured["ratio"] = measured["rate"] / measured["headless"]
        results.append(measured)
    window.close()
    return results


def report(title: str, results: list[dict], seconds: float) -> None:
    def median(key: str) -> float:
        return statistics.median(r[key] for r in results)

    print(f"\n{title}: {len(results)} rounds of {seconds:g} s full-speed play")
    for n, r in enumerate(results, 1):
        print(
            f"  round {n}: headless {r['headless']:,.1f} epochs/s, window {r['rate']:,.1f} epochs/s "
            f"({r['ratio']:.0%}), {r['fps']:.1f} frames/s, longest gap {r['gap_ms']:.1f} ms"
        )
    print(
        f"  longest 10 ms timer gap:   {max(r['gap_ms'] for r in results):.1f} ms worst, "
        f"{median('gap_ms'):.1f} ms median   (target ≤ {TARGET_GAP_MS} ms)"
    )
    print(f"  frames drawn per second:   {median('fps'):.1f} median   (target ≥ {TARGET_FPS})")
    print(f"  throughput vs headless:    {median('ratio'):.0%} median   (target ≥ {TARGET_THROUGHPUT:.0%})")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seconds", nargs="?", type=float, default=5.0, help="seconds per round (5)")
    parser.add_argument("rounds", nargs="?", type=int, default=3, help="rounds per case (3)")
    parser.add_argument("case", nargs="?", choices=[*CASES, "all"], default="all", help="which case (all)")
    arguments = parser.parse_args()
    if arguments.seconds <= 0 or arguments.rounds < 1:
        parser.error("seconds must be above 0 and rounds at least 1")
    return arguments


def main() -> int:
    arguments = _arguments()
    seconds, rounds, chosen = arguments.seconds, arguments.rounds, arguments.case
    app = QApplication.instance() or QApplication([])
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"offscreen, 1280×800 window; load average {load}")
    for name, (title, config) in CASES.items():
        if chosen in ("all", name):
            report(title, run_case(app, config, seconds, rounds), seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
