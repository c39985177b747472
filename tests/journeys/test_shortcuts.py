"""After typing a number and Enter, the window's one-key shortcuts work again; Esc leaves a box.

A person types a learning rate, presses Enter, then Space to train: the Space must start
training, not type a space into the box (and earn a red refusal); → must step, not move the
text cursor; H must toggle the hidden layer. Every number box of the panel is tried.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication

from nnplayground.live.frames import RunState

from .helpers import TIMEOUT_MS, frame, key, show_control, type_into, wait_idle

# Each enabled number box, with a valid value a person might type and the value it stands for.
TYPED = {
    "epochsPerStepSpin": ("25", 25),
    "hiddenLayerCountSpin": ("2", 2),
    "hiddenUnitsSpin": ("5", 5),
    "hiddenUnitsSpin2": ("3", 3),
    "batchSizeSpin": ("10", 10),
    "learningRateSpin": ("0.2", 0.2),
    "l1Spin": ("0.01", 0.01),
    "l2Spin": ("0.01", 0.01),
    "classesSpin": ("3", 3),
    "samplesSpin": ("120", 120),
    "noiseSpin": ("0.2", 0.2),
    "testFractionSpin": ("20", 20),
}
SHOWN_LATER = ("epochsPerStepSpin", "hiddenUnitsSpin2")


def _box(window, name: str) -> QAbstractSpinBox:
    box = window.controls.findChild(QAbstractSpinBox, name)
    assert box is not None, f"the panel has no number box named {name!r}"
    return box


def _has_focus(box: QAbstractSpinBox) -> bool:
    return QApplication.focusWidget() in (box, box.lineEdit())


def test_the_table_names_every_number_box(window):
    boxes = {
        box.objectName()
        for box in window.controls.findChildren(QAbstractSpinBox)
        if box.isEnabled() and box.isVisibleTo(window.controls)
    }
    assert boxes | set(SHOWN_LATER) == set(TYPED), "update TYPED: the panel's number boxes changed"


@pytest.mark.parametrize("name", list(TYPED))
def test_enter_applies_the_value_then_the_shortcuts_work(qtbot, window, name):
    if name in SHOWN_LATER:
        show_control(qtbot, window, name)
    box = _box(window, name)
    text, value = TYPED[name]
    type_into(qtbot, window, box, text)
    key(qtbot, Qt.Key.Key_Return)
    assert box.value() == pytest.approx(value), f"Enter did not apply {text!r}"
    shown = box.text()
    wait_idle(qtbot, window)

    key(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: frame(window).state == RunState.RUNNING, timeout=TIMEOUT_MS)
    key(qtbot, Qt.Key.Key_Space)
    wait_idle(qtbot, window)
    epoch = frame(window).snapshot.epoch
    key(qtbot, Qt.Key.Key_Right)
    wait_idle(qtbot, window, epoch + window.controls.epochs_per_step())
    assert box.text() == shown, f"the keys were typed into the box: {box.text()!r}"
    assert not window.controls.refusal, f"refused: {window.controls.refusal}"

    hidden = window.controls.config.hidden_layers
    key(qtbot, Qt.Key.Key_H)
    qtbot.waitUntil(
        lambda: bool(frame(window).snapshot.config.hidden_layers) != bool(hidden), timeout=TIMEOUT_MS
    )


@pytest.mark.parametrize("name", list(TYPED))
def test_escape_leaves_the_box(qtbot, window, name):
    if name in SHOWN_LATER:
        show_control(qtbot, window, name)
    box = _box(window, name)
    type_into(qtbot, window, box, TYPED[name][0])
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _has_focus(box), timeout=TIMEOUT_MS)
