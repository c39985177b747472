"""The Precision control as a person uses it: pick float32, train, save, open; presets stay float64."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import Step
from tests.ui.helpers import save_and_wait, wait_for_config, wait_until_idle
from tests.ui.widgets.test_focus_first import wheel_down

pytestmark = [pytest.mark.qt_log_level_fail("WARNING")]


def precision(window) -> QComboBox:
    combo = window.findChild(QComboBox, "precisionCombo")
    assert combo is not None and combo.accessibleName() == "Precision"
    return combo


def pick_float32(qtbot, window) -> None:
    """Tab to the box and press Down, as a keyboard user picks the second entry (offscreen, a popup
    cannot grab the keyboard, so the list is not opened)."""
    combo = precision(window)
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    wait_for_config(qtbot, window.training.worker, dtype="float32")


def train(qtbot, window, epochs: int):
    worker = window.training.worker
    start = worker.latest().snapshot.epoch
    worker.send(Step(epochs))
    return wait_until_idle(qtbot, worker, epoch=start + epochs).snapshot


def test_float32_is_offered_with_what_it_costs_and_starts_a_new_run(qtbot, main_window):
    combo = precision(main_window)
    assert combo.currentData() == "float64" and "article" in combo.currentText()
    assert "not bit-identical" in combo.toolTip() and "new run" in combo.toolTip()
    train(qtbot, main_window, 40)
    worker = main_window.training.worker
    qtbot.waitUntil(lambda: main_window._shown_serial == worker.latest().serial)  # the 40 epochs seen

    pick_float32(qtbot, main_window)
    snapshot = train(qtbot, main_window, 25)

    assert snapshot.epoch == 25, "a new run from epoch 0"
    headless = Trainer(ExperimentConfig(dtype="float32"))
    headless.train(25)
    for trained, expected in zip(snapshot.network.weights, headless.network.weights, strict=True):
        assert trained.dtype == np.float32 and np.array_equal(trained, expected)
    assert combo.currentData() == "float32"
    # The float64 run is not thrown away without a trace: it stays on the loss plot, named.
    loss_view = main_window.loss_view
    qtbot.waitUntil(lambda: loss_view.ghost_labels == ["2-4-1 network, sigmoid"])
    assert loss_view._run_label == "2-4-1 network, sigmoid, float32"


def test_the_wheel_turns_precision_only_once_it_has_the_focus(qtbot, main_window):
    combo = precision(main_window)
    wheel_down(combo)
    assert combo.currentData() == "float64", "scrolling the panel past it changes nothing"
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(combo.hasFocus)
    wheel_down(combo)
    wait_for_config(qtbot, main_window.training.worker, dtype="float32")


def test_a_preset_brings_back_float64(qtbot, main_window):
    pick_float32(qtbot, main_window)
    qtbot.mouseClick(main_window.controls.preset_perceptron, Qt.MouseButton.LeftButton)
    wait_for_config(qtbot, main_window.training.worker, dtype="float64", hidden_layers=())
    assert precision(main_window).currentData() == "float64"


def test_a_float32_session_opens_as_float32(qtbot, main_window, tmp_path):
    path = tmp_path / "float32.nnpg"
    pick_float32(qtbot, main_window)
    saved = train(qtbot, main_window, 30)
    save_and_wait(qtbot, main_window, path)
    qtbot.mouseClick(main_window.controls.preset_hidden, Qt.MouseButton.LeftButton)
    wait_for_config(qtbot, main_window.training.worker, dtype="float64")

    main_window.open_path(str(path))
    qtbot.waitUntil(lambda: main_window.training.worker.latest().snapshot.epoch == 30, timeout=20_000)
    opened = main_window.training.worker.latest().snapshot
    assert opened.config.dtype == "float32"
    # The panel follows the frame the window draws next, not the worker's snapshot at once.
    qtbot.waitUntil(lambda: precision(main_window).currentData() == "float32", timeout=20_000)
    for weights, before in zip(opened.network.weights, saved.network.weights, strict=True):
        assert weights.dtype == np.float32 and np.array_equal(weights, before)
