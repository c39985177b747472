"""The loss plot keeps the article's comparison honest: the old run grey under its own name.

The article's lesson is the perceptron stalling near 4.17 beside the hidden layer falling to
1.50. After H, a preset or Reset the plot must never show the old run's curve in full colour
under the new run's name — not even at epoch 0, before the new run has a curve of its own.
The legend and the curves are read from the loss view's pyqtgraph items, as drawn.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

from .helpers import TIMEOUT_MS, choose, frame, key, wait_drawn, wait_idle

HIDDEN = "2-4-1"
PERCEPTRON = "perceptron"


def _entries(window) -> list[tuple[str, pg.PlotDataItem]]:
    """The legend's (label, curve) pairs, top to bottom."""
    window.loss_view.flush()
    return [(name, item) for item, name in window.loss_view.legend_entries]


def _curve(item: pg.PlotDataItem) -> np.ndarray:
    _, y = item.getData()
    return np.asarray([] if y is None else y, dtype=float)


def _is_grey(item: pg.PlotDataItem) -> bool:
    colour = QColor(pg.mkPen(item.opts["pen"]).color())
    return colour.hsvSaturation() < 40


def _train_entry(window) -> tuple[str, pg.PlotDataItem]:
    current = [(text, item) for text, item in _entries(window) if text.startswith("train loss")]
    assert len(current) == 1, f"one current training curve, not {[text for text, _ in current]}"
    return current[0]


def _previous(window) -> list[tuple[str, pg.PlotDataItem]]:
    return [(text, item) for text, item in _entries(window) if "previous" in text]


def _train_hidden_layer(qtbot, window) -> float:
    """100 epochs of the article's 2-4-1 network (100 epochs per step, then →); its last loss."""
    combo = window.controls.findChild(QComboBox, "epochsPerStepCombo")
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    while combo.currentData() != 100:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    window.loss_view.findChild(pg.PlotWidget).setFocus(Qt.FocusReason.MouseFocusReason)
    key(qtbot, Qt.Key.Key_Right)
    wait_idle(qtbot, window, 100)
    return frame(window).snapshot.last_loss


def _new_run(qtbot, window, run: int) -> None:
    qtbot.waitUntil(lambda: frame(window).snapshot.run_id != run, timeout=TIMEOUT_MS)
    wait_drawn(qtbot, window)


def _assert_old_run_grey_and_named(window, old_loss: float) -> None:
    previous = _previous(window)
    assert len(previous) == 1, f"one previous run in the legend, not {[text for text, _ in previous]}"
    text, item = previous[0]
    assert HIDDEN in text, f"the previous run is labelled {text!r}, not as the {HIDDEN} network it was"
    assert _is_grey(item), "the previous run's curve is not grey"
    assert _curve(item)[-1] == pytest.approx(old_loss), "the grey curve is not the previous run's"


@pytest.mark.parametrize("change", ["H", "Network > Preset: article: perceptron"])
def test_after_a_new_architecture_the_old_curve_is_grey_and_the_new_one_is_named_at_epoch_0(
    qtbot, window, change
):
    old_loss = _train_hidden_layer(qtbot, window)
    run = frame(window).snapshot.run_id
    if change == "H":
        key(qtbot, Qt.Key.Key_H)
    else:
        choose(qtbot, window, change)
    _new_run(qtbot, window, run)
    assert frame(window).snapshot.epoch == 0

    _assert_old_run_grey_and_named(window, old_loss)
    text, item = _train_entry(window)
    assert PERCEPTRON in text and HIDDEN not in text, f"the current curve is labelled {text!r}"
    assert not np.isclose(_curve(item), old_loss).any(), "the old run's curve is drawn as the new run"


def test_a_run_that_never_trained_takes_no_ghost_slot(qtbot, window):
    old_loss = _train_hidden_layer(qtbot, window)
    run = frame(window).snapshot.run_id
    units = window.controls.findChild(QAbstractSpinBox, "hiddenUnitsSpin")
    window.control_scroll.ensureWidgetVisible(units)
    qtbot.mouseClick(units.lineEdit(), Qt.MouseButton.LeftButton)
    units.lineEdit().selectAll()
    qtbot.keyClicks(units.lineEdit(), "5")
    qtbot.keyClick(units.lineEdit(), Qt.Key.Key_Return)
    _new_run(qtbot, window, run)
    assert frame(window).snapshot.config.hidden_layers == (5,)
    run = frame(window).snapshot.run_id
    choose(qtbot, window, "Network > Toggle hidden layer")
    _new_run(qtbot, window, run)

    _assert_old_run_grey_and_named(window, old_loss)
    text, _ = _train_entry(window)
    assert PERCEPTRON in text and "2-5-1" not in text, f"the current curve is labelled {text!r}"


def test_reset_starts_the_curve_again_under_the_same_name_with_no_ghost(qtbot, window):
    old_loss = _train_hidden_layer(qtbot, window)
    run = frame(window).snapshot.run_id
    key(qtbot, Qt.Key.Key_R)
    _new_run(qtbot, window, run)
    wait_idle(qtbot, window, 0)

    assert not _previous(window), "a reset on the same network is not a comparison"
    text, item = _train_entry(window)
    assert HIDDEN in text, f"the current curve is labelled {text!r}"
    assert not np.isclose(_curve(item), old_loss).any(), "the curve before the reset is still drawn"
