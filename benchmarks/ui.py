"""How smooth is the window while training runs flat out? (offscreen; figures printed last)

Plays each case at full speed for a few seconds in the real main window — the
article's network on its 100 points, the article's perceptron (trained by the
general path, not the tuned loop), 100 000 points through a 64-unit hidden
layer (drawing decimates the points; training uses them all), and the same
100 000 points in mini-batches of 32 — and measures, in the same process:

* the longest gap between ticks of a 10 ms GUI timer — how long the GUI can
  be unresponsive (target ≤ 50 ms);
* interface frames per second: repaints of a small status label that asks to
  be redrawn 30 times a second, as hover read-outs and status text do
  (target ≥ 20);
* boundary frames per second: paints of the boundary view whose heatmap
  changed (new weights; bounded by the epochs a second on large data);
* training throughput against the headless engine (``Trainer.train`` in a
  loop of time-sized chunks, measured here too, just before and after each
  window round; target ≥ 60 %, ≥ 80 % for the article network).

Each round is a fresh play from epoch 0; medians (and the worst gap) of the
rounds are reported. ``--load`` starts one CPU-bound process beside the run,
as a browser or a second app would be. ``--hide-views`` hides the boundary,
loss and diagram views: the most the window can keep of headless speed
while drawing nothing but its controls and status. ``--openblas-threads N`` sets
``OPENBLAS_NUM_THREADS`` before NumPy loads (the alternative to the training
threads' own one-thread cap), to measure one against the other.

Run: ``.venv/bin/python benchmarks/ui.py [--seconds 5] [--rounds 3] [--case all] [--load]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

TARGET_GAP_MS = 50
TARGET_FPS = 20
TARGET_THROUGHPUT = 0.60
TARGET_ARTICLE_THROUGHPUT = 0.80
PROBE_HZ = 30
CASE_NAMES = ("article", "perceptron", "large", "minibatch")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per round of full-speed play (5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per case (3)")
    parser.add_argument("--case", choices=[*CASE_NAMES, "all"], default="all", help="which case (all)")
    parser.add_argument("--load", action="store_true", help="run one CPU-bound process beside the benchmark")
    parser.add_argument(
        "--hide-views",
        action="store_true",
        help="hide the boundary, loss and diagram views: what the window trains at drawing none of them",
    )
    parser.add_argument(
        "--openblas-threads",
        type=int,
        metavar="N",
        help="set OPENBLAS_NUM_THREADS=N before NumPy loads (default: as the app runs)",
    )
    arguments = parser.parse_args()
    if arguments.seconds <= 0 or arguments.rounds < 1:
        parser.error("seconds must be above 0 and rounds at least 1")
    return arguments


ARGUMENTS = _arguments() if __name__ == "__main__" else None
if ARGUMENTS is not None and ARGUMENTS.openblas_threads is not None:
    os.environ["OPENBLAS_NUM_THREADS"] = str(ARGUMENTS.openblas_threads)  # before NumPy loads
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402
from threadpoolctl import threadpool_info  # noqa: E402

from nnplayground.core.config import ExperimentConfig  # noqa: E402
from nnplayground.core.presets import ARTICLE_PERCEPTRON  # noqa: E402
from nnplayground.core.trainer import Trainer  # noqa: E402
from nnplayground.live.commands import Pause, Play, Reset  # noqa: E402
from nnplayground.ui.windows.main_window import MainWindow  # noqa: E402

LARGE = ExperimentConfig(n_samples=100_000, hidden_layers=(64,))
CASES = {
    "article": ("the article's 2-4-1 network, 100 points", ExperimentConfig(), TARGET_ARTICLE_THROUGHPUT),
    # The general (non-kernel) path: many tiny NumPy calls, the hardest case for the GUI's share of
    # the interpreter lock.
    "perceptron": ("the article's perceptron, 100 points", ARTICLE_PERCEPTRON, TARGET_THROUGHPUT),
    "large": ("100 000 points, one hidden layer of 64 units", LARGE, TARGET_THROUGHPUT),
    "minibatch": ("100 000 points × 64, mini-batches of 32", LARGE.replace(batch_size=32), TARGET_THROUGHPUT),
}


def headless_epochs_per_second(config: ExperimentConfig, seconds: float) -> float:
    """The engine alone, chunked as the window chunks it (4 ms chunks), test figures every chunk's end."""
    trainer = Trainer(config)
    chunk, done = 1, 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        begin = time.perf_counter()
        trainer.train(chunk, test_metrics="last")
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
    """A 10 ms timer's longest gap, and a label asking to be repainted ``PROBE_HZ`` times a second."""

    def __init__(self, probe: QLabel) -> None:
        super().__init__()
        self.probe = probe
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)
        self.probe_timer = QTimer(self)
        self.probe_timer.setInterval(round(1000 / PROBE_HZ))
        self.probe_timer.timeout.connect(self.ask_for_paint)
        self.asked = 0

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def ask_for_paint(self) -> None:
        self.asked += 1
        self.probe.setText(f"probe {self.asked % 10}")

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()
        self.probe_timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.probe_timer.stop()


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for_reset_drawn(window: MainWindow, run: int) -> None:
    """Until the window has drawn the new run's first frame: on 100 000 points making and drawing
    the new data takes about a second, which is not training and would otherwise land in the round."""
    worker = window.training.worker
    while worker.latest().snapshot.run_id == run or window._shown_serial != worker.latest().serial:
        wait(20)
    wait(300)


def play_round(window: MainWindow, probe: QLabel, seconds: float) -> dict[str, float]:
    """Reset, play at full speed for ``seconds`` and measure; the window stays open between rounds."""
    worker = window.training.worker
    run = worker.latest().snapshot.run_id
    worker.send(Reset())
    wait_for_reset_drawn(window, run)
    boundary, interface = PaintCounter(), PaintCounter()
    window.boundary_view.plot.viewport().installEventFilter(boundary)
    probe.installEventFilter(interface)
    gaps = TickGaps(probe)
    drawn_before = window.boundary_view.frames_drawn
    worker.send(Play())
    gaps.start()
    start = time.perf_counter()
    wait(round(seconds * 1000))
    elapsed = time.perf_counter() - start
    # The trainer's own count: the last frame lags it by up to a publish interval (~0.5 s on large data).
    epochs = worker._run.trainer.epoch
    gaps.stop()
    worker.send(Pause())
    window.boundary_view.plot.viewport().removeEventFilter(boundary)
    probe.removeEventFilter(interface)
    drawn = window.boundary_view.frames_drawn - drawn_before
    return {
        "rate": epochs / elapsed,
        "gap_ms": gaps.longest * 1000,
        "fps": interface.paints / elapsed,
        "boundary_fps": min(boundary.paints, drawn) / elapsed,
    }


def run_case(config: ExperimentConfig, seconds: float, rounds: int, hide_views: bool = False) -> list[dict]:
    window = MainWindow(config)
    window.files.confirm_discard = False
    probe = QLabel("probe")
    window.statusBar().addPermanentWidget(probe)
    window.resize(1280, 800)
    window.show()
    if hide_views:
        for view in (window.boundary_view, window.loss_view, window.network_view):
            view.hide()
    results = []
    for _ in range(rounds):
        before = headless_epochs_per_second(config, seconds / 2)
        measured = play_round(window, probe, seconds)
        after = headless_epochs_per_second(config, seconds / 2)
        measured["headless"] = (before + after) / 2
        measured["ratio"] = measured["rate"] / measured["headless"]
        results.append(measured)
    window.close()
    return results


def report(name: str, title: str, target: float, results: list[dict], seconds: float) -> dict[str, float]:
    def median(key: str) -> float:
        return statistics.median(r[key] for r in results)

    print(f"\n{title}: {len(results)} rounds of {seconds:g} s full-speed play")
    for n, r in enumerate(results, 1):
        print(
            f"  round {n}: headless {r['headless']:,.1f} epochs/s, window {r['rate']:,.1f} epochs/s "
            f"({r['ratio']:.0%}), {r['fps']:.1f} interface / {r['boundary_fps']:.1f} boundary frames/s, "
            f"longest gap {r['gap_ms']:.1f} ms"
        )
    return {
        "name": name,
        "headless": median("headless"),
        "ratio": median("ratio"),
        "target": target,
        "gap": median("gap_ms"),
        "worst": max(r["gap_ms"] for r in results),
        "fps": median("fps"),
        "boundary_fps": median("boundary_fps"),
    }


def summary(rows: list[dict]) -> None:
    print(
        f"\nmedians of the rounds (targets: gap ≤ {TARGET_GAP_MS} ms, ≥ {TARGET_FPS} interface frames/s, "
        "throughput as listed)"
    )
    print(
        "| case | headless epochs/s | window / headless | longest gap (worst) "
        "| interface fps | boundary fps |"
    )
    print("|---|---|---|---|---|---|")
    for r in rows:
        ok = (
            "✓" if r["gap"] <= TARGET_GAP_MS and r["fps"] >= TARGET_FPS and r["ratio"] >= r["target"] else "✗"
        )
        print(
            f"| {r['name']} {ok} | {r['headless']:,.1f} | {r['ratio']:.0%} (≥ {r['target']:.0%}) | "
            f"{r['gap']:.0f} ms ({r['worst']:.0f}) | {r['fps']:.1f} | {r['boundary_fps']:.1f} |"
        )


def main(arguments: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication([])
    load = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if arguments.load else None
    try:
        blas = ", ".join(f"{i['internal_api']} {i['num_threads']} threads" for i in threadpool_info())
        averages = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        extra = " + one CPU-bound process (--load)" if load else ""
        extra += "; views hidden (--hide-views)" if arguments.hide_views else ""
        print(f"offscreen, 1280×800 window; {os.cpu_count()} cores, load average {averages}{extra}; {blas}")
        rows = []
        for name, (title, config, target) in CASES.items():
            if arguments.case in ("all", name):
                results = run_case(config, arguments.seconds, arguments.rounds, arguments.hide_views)
                rows.append(report(name, title, target, results, arguments.seconds))
        summary(rows)
    finally:
        if load is not None:
            load.terminate()
            load.wait()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(ARGUMENTS))
