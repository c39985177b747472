"""Random use: thousands of seeded user actions on the real window while it trains.

Each action is something a person can do — click any button of the control
panel, the plot's drawing tools or the step-through, pick any entry of any
list, type anything into a number box (in range, out of range, ``1e999``,
``nan``, ``abc``…), press a shortcut, click (draw on) the plot, load a
preset, wait. After every action the test checks that

* nothing raised (an exception in a slot, a paint event or the worker), no
  warning (NumPy's overflow warnings included) was printed and no modal
  dialog popped up;
* the GUI thread answered within ``NNPLAYGROUND_FUZZ_MAX_LATENCY`` seconds (1 s);
* what the window shows is what was trained: the status bar's epoch and loss
  are the drawn frame's, the diagram's layers are the trained network's, whose
  layers are its configuration's; the epoch of a run never goes back except by
  the step-through's Previous or a divergence's roll-back; and, every few
  actions once the worker has caught up, the trained architecture is the one
  the control panel shows.

The controls are found generically (every visible, enabled spin box, list,
slider and button of the panel), so controls added later are fuzzed too.
``make test`` runs ``NNPLAYGROUND_FUZZ_ACTIONS`` (default 300) actions;
``make fuzz`` runs 2 000. A failure prints the seed and the last actions:
``NNPLAYGROUND_FUZZ_SEED=<seed>`` replays it.
"""

from __future__ import annotations

import math
import os
import random
import sys
import time
import traceback
import warnings
from collections import Counter, deque
from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QSlider,
    QSpinBox,
    QWidget,
)

from nnplayground.core.run_setup import output_units
from nnplayground.live.commands import Pause
from nnplayground.notation import formatting
from tests.ui.helpers import SignalRelay

SEED = int(os.environ.get("NNPLAYGROUND_FUZZ_SEED", "20261129"))
ACTIONS = int(os.environ.get("NNPLAYGROUND_FUZZ_ACTIONS", "300"))
MAX_LATENCY = float(os.environ.get("NNPLAYGROUND_FUZZ_MAX_LATENCY", "1.0"))
SETTLE_EVERY = 10
SETTLE_TIMEOUT_MS = 120_000
# Controls whose job is to open a file dialog or another window; they have tests of their own.
SKIPPED_NAMES = ("import", "compare", "crosscheck", "cross_check", "export", "save", "open", "csv", "file")
# Typed into number boxes as they are, after the in-range and out-of-range numbers.
BAD_TEXT = (
    "1e999", "-1e999", "nan", "NaN", "inf", "-inf", "-", "+", ".", "e", "abc", "", " ", "--1", "1e-400",
    "99999999999999999999", "-99999999999999999999", "0x10", "1,5", " 3 ", "½", "٣", "1e6", "1e7", "0",
    "-0", "-1", "2.5e-3", "%", "7 %", "1 000", "١٠", "\t", "1e", "1.2.3",
)  # fmt: skip
SHORTCUT_KEYS = (
    Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_R, Qt.Key.Key_H, Qt.Key.Key_B, Qt.Key.Key_N,
    Qt.Key.Key_P, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Escape, Qt.Key.Key_L, Qt.Key.Key_G,
    Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Tab,
)  # fmt: skip
REWINDING_KEYS = (Qt.Key.Key_P, Qt.Key.Key_PageUp)
# An epoch may go back by at most one per Previous (the step-through rewinds one epoch at a time).
REWIND_MEMORY = 30

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.timeout(max(300, ACTIONS * 3)),
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]


class Fuzzer:
    """Performs the random actions, keeps the action log, and checks the window after each one."""

    def __init__(self, qtbot, window, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
        self.qtbot = qtbot
        self.window = window
        self.worker = window.training.worker
        self.rng = random.Random(seed)
        self.log: deque[str] = deque(maxlen=40)
        self.kinds: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()
        self.errors: list[str] = []
        self.warnings: list[warnings.WarningMessage] = []
        self.popups: list[str] = []
        self.worst_latency = 0.0
        self.rewinds: deque[bool] = deque(maxlen=REWIND_MEMORY)
        self.last_seen: tuple[int, int] | None = None
        self.failed = SignalRelay()
        self.worker.failed.connect(self.failed.receive)
        monkeypatch.setattr(sys, "excepthook", self._record_exception)
        self._forbid_modals(monkeypatch)

    # ----- guards -----------------------------------------------------------------

    def _record_exception(self, exc_type, error, tb) -> None:
        self.errors.append("".join(traceback.format_exception(exc_type, error, tb)))

    def _forbid_modals(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def popped(what: str, result: object) -> Callable[..., object]:
            def record(*args, **kwargs) -> object:
                self.popups.append(f"{what}{args[1:3]!r}")
                return result

            return record

        cancel = QMessageBox.StandardButton.Cancel
        for name in ("warning", "information", "critical", "question", "about"):
            monkeypatch.setattr(QMessageBox, name, staticmethod(popped(f"QMessageBox.{name}", cancel)))
        for name in ("getOpenFileName", "getSaveFileName", "getOpenFileNames"):
            monkeypatch.setattr(QFileDialog, name, staticmethod(popped(f"QFileDialog.{name}", ("", ""))))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(popped("QFileDialog.dir", "")))
        for name in ("getText", "getInt", "getDouble", "getItem"):
            monkeypatch.setattr(
                QInputDialog, name, staticmethod(popped(f"QInputDialog.{name}", (None, False)))
            )
        for dialog_class in (QDialog, QMessageBox):
            monkeypatch.setattr(
                dialog_class, "exec", lambda dialog: self.popups.append(f"{dialog!r}.exec()") or 0
            )

    # ----- the actions ------------------------------------------------------------

    def run(self, count: int) -> None:
        self.window.activateWindow()
        self.window.menus.play_action.trigger()
        self.log.append("start: Play")
        kinds = (
            (self.poke_control, 40),
            (self.trigger_action, 25),
            (self.press_key, 10),
            (self.click_stepper_panel, 10),
            (self.wait, 8),
            (self.click_point, 3),
            (self.click_plot, 5),
        )
        choices = [kind for kind, _ in kinds]
        weights = [weight for _, weight in kinds]
        for number in range(count):
            if number % 25 == 0 and not self.worker.is_training() and self.worker.latest().stepper is None:
                self._do(number, "keep training: Play", self.window.menus.play_action.trigger)
            chosen = self.rng.choices(choices, weights)[0]
            chosen(number)
            if number % SETTLE_EVERY == SETTLE_EVERY - 1:
                self.check_settled(number)
        self.check_settled(count)

    def _do(self, number: int, description: str, action: Callable[[], object], timed: bool = True) -> None:
        self.log.append(f"#{number}: {description}")
        self.kinds[_kind(description)] += 1
        start = time.perf_counter()
        action()
        self.check(number, start if timed else time.perf_counter())

    def poke_control(self, number: int) -> None:
        window = self.window
        widgets = [
            w
            for view in (window.controls, window.boundary_view, window.loss_view)
            for w in _live_widgets(view)
        ]
        if not widgets:
            self.wait(number)
            return
        widget = self.rng.choice(widgets)
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QAbstractSpinBox):
            self._poke_spin(number, widget, name)
        elif isinstance(widget, QComboBox):
            index = self.rng.randrange(widget.count()) if widget.count() else -1
            self._do(
                number, f"choose: {name} = {widget.itemText(index)!r}", lambda: widget.setCurrentIndex(index)
            )
        elif isinstance(widget, QSlider):
            value = self.rng.randint(widget.minimum() - 3, widget.maximum() + 3)
            self._do(number, f"slide: {name} to {value}", lambda: widget.setValue(value))
        else:
            self._do(number, f"click: {name}", widget.click)

    def _poke_spin(self, number: int, spin: QAbstractSpinBox, name: str) -> None:
        how = self.rng.choice(("set", "set", "outside", "step", "type", "type", "type"))
        if how == "step" or not isinstance(spin, QSpinBox | QDoubleSpinBox):
            steps = self.rng.choice((-10, -1, 1, 10))
            self._do(number, f"step spin: {name} by {steps}", lambda: spin.stepBy(steps))
            return
        if how == "set":
            value = self._inside(spin)
            self._do(number, f"set spin: {name} = {value!r}", lambda: spin.setValue(value))
            return
        if how == "outside":
            value = self._outside(spin)
            self._do(number, f"set spin outside: {name} = {value!r}", lambda: spin.setValue(value))
            return
        text = self.rng.choice((str(self._inside(spin)), str(self._outside(spin)), *BAD_TEXT))
        ending = self.rng.choice(("Enter", "Enter", "Tab", "nothing"))
        before = spin.value()
        label = self.window.controls.findChild(QLabel, "controlMessageLabel")
        said_before = label.text() if label is not None else ""

        def type_text() -> None:
            spin.setFocus()
            spin.selectAll()
            _type(self.qtbot, spin, text)
            if ending == "Enter":
                self.qtbot.keyClick(spin, Qt.Key.Key_Return)
            elif ending == "Tab":
                spin.clearFocus()

        self._do(number, f"type: {text!r} into {name}, then {ending}", type_text)
        after = spin.value()
        if text in BAD_TEXT:
            said = label.text() if label is not None else ""
            result = f"value {after:g}" + (" (unchanged)" if after == before else f" (was {before:g})")
            if said and said != said_before:
                result += f"; message: {said[:100]}"
            self.outcomes[f"{name} ← {text!r} + {ending}: {result}"] += 1

    def _inside(self, spin: QSpinBox | QDoubleSpinBox) -> float | int:
        low, high = spin.minimum(), spin.maximum()
        if low > 0 and high / low > 100 and self.rng.random() < 0.7:
            value = math.exp(self.rng.uniform(math.log(low), math.log(high)))
        elif self.rng.random() < 0.8 and high - low > 1_000:
            value = low + (high - low) * self.rng.random() ** 4  # mostly small: 100 000 points is slow
        else:
            value = self.rng.uniform(low, high)
        return round(value) if isinstance(spin, QSpinBox) else float(f"{value:.3g}")

    def _outside(self, spin: QSpinBox | QDoubleSpinBox) -> float | int:
        low, high = spin.minimum(), spin.maximum()
        value = self.rng.choice((low - 1, low - 1000, high + 1, high * 10 + 1, -(2**31) + 1, 2**31 - 1))
        return int(value) if isinstance(spin, QSpinBox) else float(value)

    def trigger_action(self, number: int) -> None:
        window = self.window
        actions = {
            "Play/Pause": window.menus.play_action,
            "Step": window.menus.step_action,
            "Reset": window.menus.reset_action,
            "Toggle hidden layer": window.menus.hidden_action,
            "Step through": window.menus.stepper_action,
            "Next phase": window.menus.next_phase_action,
            "Previous phase": window.menus.previous_phase_action,
            "Leave step-through": window.menus.leave_stepper_action,
            "Gradient check": window.menus.gradient_check_action,
            "Log scale": window.menus.log_action,
        }
        for action in window.findChildren(type(window.menus.play_action)):
            if action.text().startswith("Preset: "):
                actions[action.text()] = action
        name = self.rng.choice(sorted(actions))
        action = actions[name]
        self.rewinds.append(name == "Previous phase" and action.isEnabled())
        self._do(number, f"menu: {name}", action.trigger)

    def press_key(self, number: int) -> None:
        key = self.rng.choice(SHORTCUT_KEYS)
        target = self.window.focusWidget() or self.window
        self.rewinds.append(key in REWINDING_KEYS)
        self._do(number, f"key: {key.name} on {target.objectName() or type(target).__name__}",
                 lambda: self.qtbot.keyClick(target, key))  # fmt: skip

    def click_stepper_panel(self, number: int) -> None:
        buttons = [w for w in _live_widgets(self.window.stepper_panel) if isinstance(w, QAbstractButton)]
        if not buttons:
            self.trigger_action(number)
            return
        button = self.rng.choice(buttons)
        self.rewinds.append("previous" in button.objectName().lower())
        self._do(number, f"step-through: {button.objectName() or button.text()}", button.click)

    def wait(self, number: int) -> None:
        ms = self.rng.randrange(0, 150)
        self._do(number, f"wait: {ms} ms", lambda: self.qtbot.wait(ms), timed=False)

    def click_plot(self, number: int) -> None:
        """A click anywhere on the boundary plot: selects a point, or draws / removes one in drawing mode."""
        view = self.window.boundary_view
        viewport = view.plot.viewport()
        drawing = view.is_drawing()
        button = self.rng.choice((Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton))
        if not drawing:
            button = Qt.MouseButton.LeftButton  # a right click opens pyqtgraph's context menu
        where = QPoint(
            self.rng.randrange(max(viewport.width(), 1)), self.rng.randrange(max(viewport.height(), 1))
        )
        double = self.rng.random() < 0.1
        click = self.qtbot.mouseDClick if double else self.qtbot.mouseClick
        description = f"{'double-' if double else ''}click plot: {button.name} at {where.x()},{where.y()}"
        self._do(
            number,
            description + (" (drawing)" if drawing else ""),
            lambda: click(viewport, button, pos=where),
        )

    def click_point(self, number: int) -> None:
        n_train = self.worker.latest().snapshot.data.n_train
        index = self.rng.randrange(n_train)
        self._do(
            number, f"click point: {index}", lambda: self.window.boundary_view.sample_clicked.emit(index)
        )

    # ----- the checks ---------------------------------------------------------------

    def fail(self, number: int, problem: str) -> None:
        tail = "\n".join(self.log)
        pytest.fail(
            f"after action #{number} (seed {SEED}, replay with NNPLAYGROUND_FUZZ_SEED={SEED}): {problem}\n"
            f"last actions:\n{tail}",
            pytrace=False,
        )

    def check(self, number: int, start: float) -> None:
        answered: list[float] = []
        QTimer.singleShot(0, lambda: answered.append(time.perf_counter()))
        self.qtbot.waitUntil(lambda: bool(answered), timeout=60_000)
        latency = answered[0] - start
        self.worst_latency = max(self.worst_latency, latency)
        if self.errors:
            self.fail(number, f"an exception escaped:\n{self.errors[0]}")
        if self.warnings:
            first = self.warnings[0]
            self.fail(number, f"a warning reached stderr: {first.filename}:{first.lineno}: {first.message}")
        if self.failed.messages:
            self.fail(number, f"the worker failed: {self.failed.messages[0]}")
        if self.popups:
            self.fail(number, f"a modal dialog popped up: {self.popups[0]}")
        if latency > MAX_LATENCY:
            self.fail(number, f"the GUI thread took {latency:.2f} s to answer (limit {MAX_LATENCY} s)")
        self.check_drawn(number)

    def drawn_frame(self, number: int):
        """Draw the newest frame and return it: the window's labels and views then refer to it."""
        for _ in range(200):
            frame = self.worker.latest()
            self.window.refresh()
            if self.window._shown_serial == frame.serial:
                return frame
        self.fail(number, "the window never caught up with the worker's frames")
        return None

    def check_drawn(self, number: int) -> None:
        window = self.window
        frame = self.drawn_frame(number)
        snapshot = frame.snapshot
        sizes = tuple(snapshot.network.layer_sizes)
        config = snapshot.config
        if sizes != (len(config.input_features), *config.hidden_layers, output_units(config)):
            self.fail(number, f"trained network {sizes} is not its configuration's {config.hidden_layers}")
        shown = window.network_view.diagram.state
        if shown is None or tuple(shown.sizes) != sizes:
            self.fail(number, f"diagram shows {None if shown is None else shown.sizes}, trained {sizes}")
        title = window.network_view.title.text()
        if "-".join(map(str, sizes)) not in title and not (len(sizes) == 2 and "perceptron" in title):
            self.fail(number, f"diagram title {title!r} does not name the trained {sizes} network")
        epoch_text = f"Epoch {formatting.count(snapshot.epoch)}"
        if window.status.epoch.text() != epoch_text:
            self.fail(number, f"status says {window.status.epoch.text()!r}, the frame is at {epoch_text!r}")
        loss = snapshot.last_loss if math.isfinite(snapshot.last_loss) else snapshot.metrics.train_loss
        loss_text = f"Loss {formatting.loss(loss)}"
        if not window.status.loss.text().startswith(loss_text):
            self.fail(number, f"status says {window.status.loss.text()!r}, the trainer's is {loss_text!r}")
        if (frame.stepper is not None) != window.stepper_panel.isVisible():
            self.fail(number, "the step-through panel is not shown exactly when the worker is in it")
        self.check_epoch(number, frame)

    def check_epoch(self, number: int, frame) -> None:
        snapshot = frame.snapshot
        seen = (snapshot.run_id, snapshot.epoch)
        last = self.last_seen
        self.last_seen = seen
        if last is None:
            return
        if seen[0] < last[0]:
            self.fail(number, f"the run id went back from {last[0]} to {seen[0]}")
        if seen[0] == last[0] and seen[1] < last[1]:
            allowed = sum(self.rewinds) + (1 if snapshot.divergence is not None else 0)
            if last[1] - seen[1] > allowed:
                self.fail(
                    number,
                    f"epoch went back from {last[1]} to {seen[1]} in run {seen[0]} "
                    f"({sum(self.rewinds)} recent Previous, diverged: {snapshot.divergence is not None})",
                )

    def check_settled(self, number: int) -> None:
        """Once the worker has applied every change, it trains exactly what the panel shows."""
        panel = self.window.controls

        def applied() -> None:
            assert self.worker.latest().snapshot.config == panel.config

        try:
            self.qtbot.waitUntil(applied, timeout=SETTLE_TIMEOUT_MS)
        except AssertionError:
            trained = self.worker.latest().snapshot.config
            self.fail(number, f"the worker never applied the panel's settings:\n{panel.config}\n{trained}")
        frame = self.drawn_frame(number)
        sizes = tuple(frame.snapshot.network.layer_sizes)
        if sizes[1:-1] != tuple(panel.config.hidden_layers):
            self.fail(number, f"trained {sizes}, the panel shows hidden layers {panel.config.hidden_layers}")
        self.check_drawn(number)

    def summary(self, seconds: float) -> str:
        lines = [
            f"fuzz: {sum(self.kinds.values())} actions, seed {SEED}, {seconds:.0f} s, "
            f"worst GUI answer {self.worst_latency * 1000:.0f} ms",
            *(f"  {count:5d} × {kind}" for kind, count in self.kinds.most_common()),
            "bad text typed into number boxes, and what the app did:",
            *(f"  {count:5d} × {outcome}" for outcome, count in sorted(self.outcomes.items())),
        ]
        return "\n".join(lines)


def _type(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; QtTest only knows ASCII keys, so others arrive as bare key events."""
    for character in text:
        if character.isascii():
            qtbot.keyClicks(widget, character)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
            QApplication.sendEvent(widget, event)


def _kind(description: str) -> str:
    """The action without its random values, for the summary: ``set spin: noiseSpin``, ``key: Key_R``."""
    head, _, rest = description.partition(": ")
    if head in ("choose", "slide", "step spin", "set spin", "set spin outside", "key"):
        return f"{head}: {rest.split(' ')[0]}"
    if head == "type":
        return f"type into: {rest.rpartition(' into ')[2].split(',')[0]}"
    if head in ("wait", "click point"):
        return head
    if head.endswith("click plot"):
        return f"{head}: {rest.split(' ')[0]}{' (drawing)' if rest.endswith('(drawing)') else ''}"
    return description


def _live_widgets(parent: QWidget) -> list[QWidget]:
    """Every visible, enabled control under ``parent``, except those that open files or windows."""
    kinds = (QAbstractSpinBox, QComboBox, QAbstractButton, QSlider)
    found = []
    for widget in parent.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisible() or not widget.isEnabled():
            continue
        name = widget.objectName().lower()
        if any(skipped in name for skipped in SKIPPED_NAMES):
            continue
        found.append(widget)
    found.sort(key=lambda w: (w.objectName(), type(w).__name__))
    return found


def test_random_use_never_crashes_freezes_or_shows_what_was_not_trained(qtbot, main_window, monkeypatch):
    fuzzer = Fuzzer(qtbot, main_window, SEED, monkeypatch)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fuzzer.warnings = caught
        fuzzer.run(ACTIONS)
    elapsed = time.perf_counter() - start
    print(fuzzer.summary(elapsed))
    assert sum(fuzzer.kinds.values()) >= ACTIONS
    main_window.training.worker.send(Pause())
    assert main_window.training.is_running(), "the training thread is still there to serve commands"
    assert fuzzer.worst_latency <= MAX_LATENCY
