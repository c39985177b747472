"""Regenerate the README's screenshots from the real window on a real X server: ``make screenshots``.

Each picture is a scripted state of the app — trained through the worker
thread exactly as a user would, never painted by hand — so the README shows
what the current code draws, and anyone can check it by running this. They
are drawn on a private Xvfb (the journey tests' own), not offscreen: the
offscreen platform has other font metrics, and pictures made there once
showed a diagram with labels that X never drew.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.journeys.x_server import XServer

X_SERVER = XServer()
os.environ["DISPLAY"] = X_SERVER.start()
os.environ["QT_QPA_PLATFORM"] = "xcb"

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.features import FEATURES
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, THREE_ARM_SPIRAL
from nnplayground.live.commands import EnterStepper, NextPhase, Step
from nnplayground.live.frames import RunState
from nnplayground.notation.network_names import ParameterRef
from nnplayground.ui.windows.main_window import MainWindow

DOCS = Path(__file__).resolve().parent
SIZE = (1280, 800)


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: Callable[[], bool], timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the scripted state")
        wait(50)
    wait(400)  # let the views draw the last frame and the thumbnails catch up


def open_window(config: ExperimentConfig = ARTICLE_ONE_HIDDEN_LAYER) -> MainWindow:
    window = MainWindow(config)
    window.files.confirm_discard = False
    window.resize(*SIZE)
    window.show()
    wait(300)
    return window


def train(window: MainWindow, epochs: int) -> None:
    worker = window.training.worker
    target = worker.latest().snapshot.epoch + epochs
    worker.send(Step(epochs))
    wait_for(lambda: worker.latest().snapshot.epoch >= target and worker.latest().state == RunState.PAUSED)


def save(widget: QWidget, name: str) -> None:
    path = DOCS / name
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(DOCS.parent)}")


def hidden_layer() -> None:
    window = open_window()
    train(window, 20_000)
    save(window, "screenshot-hidden-layer.png")
    window.close()


def perceptron() -> None:
    window = open_window()
    train(window, 20_000)
    window.controls.toggle_hidden_layer()
    wait_for(lambda: not window.training.worker.latest().snapshot.config.hidden_layers)
    train(window, 20_000)
    save(window, "screenshot-perceptron.png")
    window.close()


def stepped_window(phase: int = 3, sample: int = 17) -> MainWindow:
    """The article preset at epoch 1 000, in the step-through at ``phase`` (3: back-propagation phase 1)."""
    window = open_window()
    train(window, 1_000)
    worker = window.training.worker
    worker.send(EnterStepper())
    wait_for(lambda: worker.latest().stepper is not None)
    for _ in range(phase):
        worker.send(NextPhase())
    wait_for(lambda: worker.latest().stepper.phase == phase)
    window.select_sample(sample)
    wait(400)
    return window


def step_through() -> None:
    window = stepped_window()
    save(window, "screenshot-stepthrough.png")
    window.close()


def sample_shares() -> None:
    """w9 clicked on the diagram: each sample's share of its gradient under the diagram and on the plot."""
    window = stepped_window(sample=40)
    diagram = window.network_view.diagram
    middle = diagram.edge_midpoint(ParameterRef(1, 0, 0))
    QTest.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=QPoint(round(middle.x()), round(middle.y())))
    wait_for(window.network_view.share_strip.isVisible)
    QTest.keyClick(window.network_view.editor.field, Qt.Key.Key_Escape)
    wait(400)
    save(window, "screenshot-shares.png")
    window.close()


def one_update() -> None:
    """One Step from epoch 9: the boundary before the update dashed beside the new one, the step marked."""
    window = open_window()
    train(window, 9)
    train(window, 1)
    save(window, "screenshot-update.png")
    window.close()


def tour() -> None:
    """The tour's last chapter, its button pressed: 200 000 epochs, each check held against the run."""
    window = open_window()
    window.tour.open_tour()
    window.tour.go_to(len(window.tour.chapters) - 1)
    window.tour.run_chapter()
    wait_for(lambda: bool(window.tour.panel.result_lines()) and "✓" in window.tour.panel.result_lines()[-1])
    save(window, "screenshot-tour.png")
    window.close()


def spiral() -> None:
    """Three classes: the 3-arm spiral preset, each region in its class's colour."""
    window = open_window(THREE_ARM_SPIRAL)
    train(window, 1_000)
    save(window, "screenshot-spiral.png")
    window.close()


def small_screen() -> None:
    """The whole window on a 1024×700 screen: every control reachable, the diagram still labelled."""
    window = open_window()
    window.resize(1024, 700)
    train(window, 5_000)
    save(window, "screenshot-1024x700.png")
    window.close()


def diagram() -> None:
    window = open_window()
    window.resize(1800, 1100)
    train(window, 20_000)
    window.select_sample(17)
    wait(600)
    save(window.network_view, "screenshot-diagram.png")
    window.close()


def breadth() -> None:
    """TensorFlow Playground's knobs at once: the spiral, every input feature, two tanh layers, Adam."""
    config = ExperimentConfig(
        dataset="spiral",
        n_samples=400,
        noise=0.1,
        test_fraction=0.3,
        input_features=tuple(FEATURES),
        hidden_layers=(8, 6),
        hidden_activation="tanh",
        bias=True,
        initialiser="glorot",
        optimiser="adam",
        learning_rate=0.01,
        batch_size=16,
        loss="log_loss",
    )
    window = open_window(config)
    window.resize(1700, 1050)  # room for the diagram's per-neuron heatmaps
    train(window, 800)
    save(window, "screenshot-breadth.png")
    window.close()


def compare() -> None:
    window = open_window()
    compare_window = window.open_compare()
    compare_window.resize(1280, 720)
    worker = compare_window.training.worker
    worker.send(Step(20_000))
    wait_for(lambda: worker.latest().epoch >= 20_000 and worker.latest().state == RunState.PAUSED)
    save(compare_window, "screenshot-compare.png")
    window.close()


SHOTS = {
    "hidden-layer": hidden_layer,
    "perceptron": perceptron,
    "stepthrough": step_through,
    "shares": sample_shares,
    "update": one_update,
    "tour": tour,
    "spiral": spiral,
    "diagram": diagram,
    "1024x700": small_screen,
    "breadth": breadth,
    "compare": compare,
}


def main() -> int:
    chosen = sys.argv[1:] or list(SHOTS)
    unknown = [name for name in chosen if name not in SHOTS]
    if unknown:
        print(f"unknown screenshot {unknown[0]!r}; choose from: {', '.join(SHOTS)}", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([])
    try:
        for name in chosen:
            SHOTS[name]()
        app.processEvents()
    finally:
        X_SERVER.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
