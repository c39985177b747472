"""Small helpers shared by the UI tests."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QMenu, QWidget

from nnplayground.core.config import ExperimentConfig
from nnplayground.live.frames import Frame
from nnplayground.ui.threads.chunked_worker import ChunkedWorker
from nnplayground.ui.threads.training import TrainingWorker

SETTLE_TIMEOUT_MS = 20_000

# Small runs with test points, one of each problem type, for the views' tests.
CLASSIFICATION = ExperimentConfig(test_fraction=0.3)
REGRESSION = ExperimentConfig(
    problem="regression",
    dataset="plane",
    loss="mse",
    output_activation="linear",
    bias=True,
    test_fraction=0.3,
    learning_rate=0.1,
)


def on_screen(qtbot, widget: QWidget, width: int, height: int) -> QWidget:
    """``widget`` on screen at a fixed size, closed by pytest-qt after the test."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


class SignalRelay(QObject):
    """Receives a worker signal in the GUI thread and keeps what it carried.

    pytest-qt's ``waitSignal(check_params_cb=…)`` on a signal emitted from
    another thread fails with a killTimer warning; waiting on this relay's
    list from the GUI thread does not.
    """

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    @Slot(str)
    def receive(self, message: str) -> None:
        self.messages.append(message)


def fail_next_chunk(monkeypatch, worker: ChunkedWorker) -> None:
    """Make the worker's next chunk raise once, as a bug in the engine would (either worker)."""
    original = worker._train
    calls = {"n": 0}

    def failing_once(epochs: int) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("simulated failure")
        return original(epochs)

    monkeypatch.setattr(worker, "_train", failing_once)


def wait_until_idle(qtbot, worker: TrainingWorker, epoch: int | None = None) -> Frame:
    """Wait until the worker has stopped training (at ``epoch``, if given) and return its frame."""

    def idle() -> None:
        frame = worker.latest()
        assert not worker.is_training()
        if epoch is not None:
            assert frame.snapshot.epoch == epoch

    qtbot.waitUntil(idle, timeout=SETTLE_TIMEOUT_MS)
    return worker.latest()


def wait_for_config(qtbot, worker: TrainingWorker, **expected: object) -> None:
    """Wait until the worker's trainer runs with the ``expected`` settings."""

    def applied() -> None:
        config = worker.latest().snapshot.config
        for field, value in expected.items():
            assert getattr(config, field) == value, f"{field}: {getattr(config, field)!r} != {value!r}"

    qtbot.waitUntil(applied, timeout=SETTLE_TIMEOUT_MS)


def save_and_wait(qtbot, window, path) -> None:
    """Save the window's session to ``path`` and wait until the window itself knows it is saved.

    The wait is on ``SessionFiles.title_changed``, which the window's own (queued) handler of the
    worker's ``session_saved`` emits in the GUI thread. Waiting on ``session_saved`` itself — a
    signal emitted in the training thread — makes pytest-qt stop its timeout timer from that
    thread ("QObject::killTimer: Timers cannot be stopped from another thread"), and can return
    before the window has heard of the save.
    """
    window.files.path = path
    with qtbot.waitSignal(window.files.title_changed, timeout=SETTLE_TIMEOUT_MS):
        window.files.save()
    assert path.exists(), f"{path} was not written"
    assert not window.files.is_modified(), "the window still says the session is unsaved"


def menu_action(window, menu_title: str, text: str):
    """The menu bar's entry ``menu_title ▸ text``, found as a person finds it (mnemonics ignored)."""
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == menu_title:
            menu: QMenu = action.menu()
            for entry in menu.actions():
                if entry.text().replace("&", "") == text:
                    return entry
    raise AssertionError(f"no {menu_title} ▸ {text}")
