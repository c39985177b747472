"""Accuracy beside the loss, the reference (scikit-learn) curve, and the status bar's accuracy."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel, QStatusBar

from nnplayground.core.trainer import Trainer
from nnplayground.live.frames import Frame, RunState
from nnplayground.ui.loss.view import LossView
from nnplayground.ui.windows.status import StatusReadout
from tests.ui.helpers import CLASSIFICATION, REGRESSION, on_screen


@pytest.fixture
def view(qtbot) -> LossView:
    return on_screen(qtbot, LossView(), 900, 360)


def shown(view: LossView, snapshot) -> None:
    view.show_snapshot(snapshot)
    view.flush()


def legend_texts(view: LossView) -> list[str]:
    return view.legend_texts


def test_accuracy_curves_are_the_history_in_percent(view):
    trainer = Trainer(CLASSIFICATION)
    trainer.train(300)
    snapshot = trainer.snapshot()
    shown(view, snapshot)
    history = snapshot.history
    epochs, train = view._accuracy.train.getData()
    assert np.array_equal(epochs, history.epoch + 1), "plotted at the status bar's epoch count"
    assert np.allclose(train, history.train_accuracy * 100)
    assert np.allclose(view._accuracy.test.getData()[1], history.test_accuracy * 100)
    assert view.accuracy_shown and view._accuracy.box.isVisible()
    assert view._plot.getPlotItem().getAxis("right").isVisible()
    assert {"train accuracy", "test accuracy"} <= set(legend_texts(view))
    assert view._accuracy.box.viewRange()[1] == pytest.approx([-2, 102], abs=0.5)


def test_accuracy_can_be_switched_off_and_on(view):
    trainer = Trainer(CLASSIFICATION)
    trainer.train(100)
    shown(view, trainer.snapshot())
    view.show_accuracy.setChecked(False)
    assert not view._accuracy.box.isVisible()
    assert not view._plot.getPlotItem().getAxis("right").isVisible()
    assert not any("accuracy" in text for text in legend_texts(view))
    view.show_accuracy.setChecked(True)
    assert view._accuracy.box.isVisible() and "train accuracy" in legend_texts(view)


def test_accuracy_is_hidden_for_regression(view):
    trainer = Trainer(REGRESSION)
    trainer.train(100)
    shown(view, trainer.snapshot())
    assert not view.accuracy_shown
    assert not view._accuracy.box.isVisible() and not view.show_accuracy.isVisible()
    assert not any("accuracy" in text for text in legend_texts(view))


def test_the_hover_read_out_includes_accuracy(view):
    trainer = Trainer(CLASSIFICATION)
    trainer.train(200)
    shown(view, trainer.snapshot())
    box = view._plot.getPlotItem().getViewBox()
    view._hover(box.mapViewToScene(box.viewRect().center()))
    text = view.readout.text()
    assert text.startswith("epoch ") and text.count("%") == 2, "train and test accuracy, each after its loss"
    assert "; test " in text


def test_log_scale_leaves_the_accuracy_axis_linear(view):
    trainer = Trainer(CLASSIFICATION)
    trainer.train(100)
    shown(view, trainer.snapshot())
    view.log_scale.setChecked(True)
    plot = view._plot.getPlotItem()
    assert plot.getAxis("left").logMode
    assert not plot.getAxis("right").logMode


def test_reference_curve_appears_survives_new_snapshots_and_goes(view):
    trainer = Trainer(CLASSIFICATION)
    trainer.train(100)
    shown(view, trainer.snapshot())
    epochs = np.arange(0, 1_000, 10.0)
    losses = 60 * np.exp(-epochs / 300)
    view.show_reference_curve(epochs, losses, "scikit-learn MLPClassifier")
    item = view._reference
    assert item is not None and item.isVisible()
    assert np.allclose(item.getData()[1], losses)
    assert "scikit-learn MLPClassifier" in legend_texts(view)
    assert view._plot.getPlotItem().getViewBox().viewRange()[0][1] >= 990, "the axes make room for it"

    trainer.train(50)
    shown(view, trainer.snapshot())
    trainer.reset()
    shown(view, trainer.snapshot())
    assert view._reference is item and item.scene() is not None
    assert "scikit-learn MLPClassifier" in legend_texts(view)

    view.show_reference_curve(None, None, "")
    assert view._reference is None and item.scene() is None
    assert "scikit-learn MLPClassifier" not in legend_texts(view)


def test_a_reference_curve_must_pair_epochs_and_losses(view):
    with pytest.raises(ValueError, match="pair up"):
        view.show_reference_curve(np.arange(3.0), np.arange(4.0), "x")
    assert view._reference is None


def test_the_status_bar_shows_accuracy_for_classes_only(qtbot):
    bar = QStatusBar()
    qtbot.addWidget(bar)
    bar.show()
    readout = StatusReadout(bar, QLabel())
    for config, visible in ((CLASSIFICATION, True), (REGRESSION, False), (CLASSIFICATION, True)):
        trainer = Trainer(config)
        trainer.train(200)
        readout.show_frame(Frame(trainer.snapshot(), RunState.PAUSED, 0.0, 1))
        assert readout.accuracy.isVisible() == visible
    text = readout.accuracy.text()
    assert text.startswith("Accuracy ") and " · test " in text and "—" not in text
