"""The loss plot as a learner reads it: whose curve is whose, the axes, the read-out, the legend, the size.

The view is driven as the main window drives it: ``show_snapshot`` with each
frame's snapshot of one trainer, whose new runs (H, a preset, a new
activation) come from ``reconfigure``.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import Step
from nnplayground.notation import colours
from nnplayground.ui.loss.view import READOUT_TIP, LossView
from tests.core.test_trainer import DIVERGING
from tests.ui.helpers import CLASSIFICATION, on_screen

ARTICLE_LABEL = "2-4-1 network, sigmoid"
TANH = ARTICLE_ONE_HIDDEN_LAYER.replace(hidden_activation="tanh")


@pytest.fixture
def view(qtbot) -> LossView:
    return on_screen(qtbot, LossView(), 900, 420)


def shown(view: LossView, trainer: Trainer) -> None:
    view.show_snapshot(trainer.snapshot())
    view.flush()


def new_run(view: LossView, trainer: Trainer, config: ExperimentConfig) -> None:
    """What H or a preset does: the same trainer, new settings, a new run drawn at epoch 0."""
    trainer.reconfigure(config)
    assert trainer.epoch == 0
    shown(view, trainer)


def ghost_curve(view: LossView, label: str) -> tuple[np.ndarray, np.ndarray]:
    """The ghost's curve as drawn, found by its legend entry: the name a person reads beside it."""
    (item,) = [item for item, name in view.legend_entries if name.startswith(f"{label} (")]
    return item.getData()


def hover_at(view: LossView, epoch: float) -> None:
    box = view._plot.getPlotItem().getViewBox()
    (low, high) = box.viewRange()[1]
    view._hover(box.mapViewToScene(QPointF(epoch, (low + high) / 2)))


def test_a_new_run_at_epoch_zero_is_named_for_itself_and_the_old_curve_is_a_grey_ghost(view):
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(2_000)
    shown(view, trainer)
    trained = trainer.snapshot().history

    new_run(view, trainer, ARTICLE_PERCEPTRON)
    assert view.legend_texts[0] == "train loss — perceptron, article's σ′"
    assert view._train.getData()[0] is None or len(view._train.getData()[0]) == 0, "nothing trained yet"
    assert view.ghost_labels == [ARTICLE_LABEL]
    assert f"{ARTICLE_LABEL} (previous run)" in view.legend_texts
    epochs, losses = ghost_curve(view, ARTICLE_LABEL)
    assert losses[-1] == trained.train_loss[-1] and epochs[-1] == 2_000

    new_run(view, trainer, TANH)  # a second change before training
    assert view.legend_texts[0] == "train loss — 2-4-1 network, tanh"
    assert view.ghost_labels == [ARTICLE_LABEL], "the untrained perceptron leaves no ghost"
    assert ghost_curve(view, ARTICLE_LABEL)[1][-1] == trained.train_loss[-1], (
        "the ghost is still the 2-4-1 run"
    )


def test_runs_that_never_trained_push_out_no_real_ghost(view):
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trained = []
    for config in (ARTICLE_ONE_HIDDEN_LAYER, TANH, ARTICLE_PERCEPTRON):
        if trainer.config != config:
            new_run(view, trainer, config)
        trainer.train(300)
        shown(view, trainer)
        trained.append(config)
    for config in (
        ARTICLE_ONE_HIDDEN_LAYER.replace(hidden_layers=(8,)),
        ARTICLE_ONE_HIDDEN_LAYER.replace(hidden_layers=(3,)),
    ):
        new_run(view, trainer, config)
    assert view.ghost_labels == [ARTICLE_LABEL, "2-4-1 network, tanh", "perceptron, article's σ′"]


def test_the_axes_follow_the_current_run_not_a_ghost_that_blew_up_or_ran_long(view):
    trainer = Trainer(DIVERGING)
    trainer.train(1_000)
    shown(view, trainer)
    assert trainer.divergence is not None and trainer.history.arrays().train_loss.max() > 1e50
    new_run(view, trainer, ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(50)
    shown(view, trainer)
    box = view._plot.getPlotItem().getViewBox()
    (_, x_high), (_, y_high) = box.viewRange()
    start = float(trainer.history.arrays().train_loss[0])
    assert y_high < 10 * start, "the new curve is not flattened to a line at 0"
    assert x_high < 110

    trainer.train(30_000)
    shown(view, trainer)
    new_run(view, trainer, ARTICLE_PERCEPTRON)
    assert box.viewRange()[0][1] >= 30_000, "at epoch 0 the ghost to compare with stays in view"
    trainer.train(1)
    shown(view, trainer)
    assert box.viewRange()[0][1] < 5, "one step of one epoch is visible"
    assert view._train.opts["symbol"] is not None, "a run of a few epochs shows its points"


def test_the_read_out_counts_epochs_as_the_status_bar_does(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(Step(3))
    qtbot.waitUntil(
        lambda: (
            worker.latest().snapshot.epoch == 3
            and not worker.is_training()
            and main_window._shown_serial == worker.latest().serial
        )
    )
    main_window.loss_view.flush()
    status = main_window.status
    assert status.epoch.text() == "Epoch 3"
    loss = status.loss.text().removeprefix("Loss ").split(" ")[0]
    view = main_window.loss_view
    hover_at(view, 3)
    assert view.readout.text().startswith(f"epoch 3: train {loss}")
    assert "status bar" in READOUT_TIP and READOUT_TIP in view.readout.toolTip()


def test_the_read_out_clears_when_the_pointer_leaves_and_never_shows_another_run(view):
    trainer = Trainer(CLASSIFICATION)
    trainer.train(200)
    shown(view, trainer)
    hover_at(view, 100)
    assert view.readout.text().startswith("epoch 100: train ")
    assert view._cursor.isVisible() and len(view._marker.getData()[0]) == 1

    QApplication.sendEvent(view._plot.viewport(), QEvent(QEvent.Type.Leave))
    assert view.readout.text().strip() == ""
    assert not view._cursor.isVisible() and not len(view._marker.getData()[0] or [])

    hover_at(view, 100)
    new_run(view, trainer, CLASSIFICATION.replace(hidden_activation="tanh"))
    assert view.readout.text().strip() == "", "the new run has no epoch 100; the old one's is not shown"
    assert not view._cursor.isVisible()
    trainer.train(150)
    shown(view, trainer)
    expected = f"epoch 100: train {trainer.snapshot().history.train_loss[99]:.4f}"
    assert view.readout.text().startswith(expected), "the pointer still over the plot reads the new run"


def test_the_legend_stays_off_the_curves_train_loss_first(qtbot, view):
    trainer = Trainer(CLASSIFICATION)
    trainer.train(300)
    shown(view, trainer)
    new_run(view, trainer, CLASSIFICATION.replace(hidden_layers=(), bias=True))
    trainer.train(300)
    shown(view, trainer)
    texts = view.legend_texts
    assert texts[0] == "train loss — perceptron"
    assert texts[1:] == ["test loss", "train accuracy", "test accuracy", f"{ARTICLE_LABEL} (previous run)"]
    legend, plot_area = view._legend.item, view._plot.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: not legend.sceneBoundingRect().intersects(plot_area.sceneBoundingRect()))
    assert legend.sceneBoundingRect().height() > 0 and plot_area.sceneBoundingRect().height() > 200


def test_accuracy_is_drawn_in_colours_apart_from_the_losses(view):
    loss_colours = {QColor(colours.TRAIN_LOSS).name(), QColor(colours.TEST_LOSS).name()}
    accuracy_colours = {
        item.opts["pen"].color().name() for item in (view._accuracy.train, view._accuracy.test)
    }
    assert len(accuracy_colours) == 2 and not accuracy_colours & loss_colours


def test_no_read_out_or_title_widens_the_view_or_its_window(qtbot):
    window = QWidget()
    QVBoxLayout(window).addWidget(view := LossView())
    on_screen(qtbot, window, 420, 300)
    minimum = view.minimumSizeHint().width()
    window_minimum = window.minimumSizeHint().width()
    assert minimum <= 350
    trainer = Trainer(CLASSIFICATION.replace(loss="log_loss"))
    trainer.train(200)
    shown(view, trainer)
    assert view._title.text() == "Loss · log-loss (cross-entropy)"
    assert view.minimumSizeHint().width() == minimum
    hover_at(view, 150)
    assert view.readout.text().startswith("epoch 150")
    assert view.readout.shown_text() != view.readout.text(), "shortened to fit, not widening"
    assert view.minimumSizeHint().width() == minimum and window.minimumSizeHint().width() == window_minimum
    assert window.width() == 420
    # Shortened by dropping details (the accuracy, then the words), not by cutting the figures off.
    train = view.readout.text().split("train ")[1].split(",")[0]
    assert not view.readout.shown_text().endswith("…") and train in view.readout.shown_text()


def test_the_articles_perceptron_and_the_corrected_one_are_two_runs_not_one(view):
    from nnplayground.core.presets import CORRECTED_PERCEPTRON

    trainer = Trainer(CORRECTED_PERCEPTRON)
    trainer.train(500)
    shown(view, trainer)
    new_run(view, trainer, ARTICLE_PERCEPTRON)
    assert view.ghost_labels == ["perceptron"], "the corrected run stays as the article's is compared with it"
    assert view.legend_texts[0] == "train loss — perceptron, article's σ′"


def test_the_articles_first_epochs_fill_most_of_the_plots_height(view):
    """A learner saw the first peak near 20 under an axis to 48: less than half the height was used."""
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(100)
    shown(view, trainer)
    (_, y_high) = view._plot.getPlotItem().getViewBox().viewRange()[1]
    peak = float(trainer.history.arrays().train_loss.max())
    assert peak < y_high <= 1.35 * peak
