"""A summed cost on many points is explained above the plot, where the learner looks; the bar fits 1024 px."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.trainer import Divergence, Trainer
from nnplayground.live.frames import Frame, RunState
from nnplayground.ui.windows.status import StatusReadout
from tests.ui.helpers import SETTLE_TIMEOUT_MS, on_screen

LARGE = ExperimentConfig(n_samples=100_000)


@pytest.fixture
def window(qtbot) -> QMainWindow:
    return on_screen(qtbot, QMainWindow(), 1280, 200)


def readout_in(window: QMainWindow) -> StatusReadout:
    banner = QLabel()
    window.setCentralWidget(banner)
    return StatusReadout(window.statusBar(), banner)


def show(readout: StatusReadout, config: ExperimentConfig) -> Frame:
    frame = Frame(Trainer(config).snapshot(), RunState.PAUSED, 0.0, 1)
    readout.show_frame(frame)
    return frame


def test_100_000_points_at_the_articles_rate_say_why_and_what_to_do(window):
    readout = readout_in(window)
    show(readout, LARGE)
    assert readout.advice.isVisible()
    advice = readout.advice.text()
    assert advice.startswith("⚠ ½·Σ sums over 100\u2009000 points")
    assert "1\u2009000× the article's" in advice and "Use log-loss" in advice
    assert "about 0.0005" in advice
    assert "about 0.0005" in readout.loss.toolTip()


@pytest.mark.parametrize(
    "config",
    [
        ExperimentConfig(),
        LARGE.replace(loss="mse"),
        LARGE.replace(optimiser="adam", learning_rate=0.01),
        LARGE.replace(learning_rate=0.0005),
    ],
    ids=["article", "mean squared error", "adam", "rate lowered"],
)
def test_no_advice_where_the_step_is_the_articles_size(window, config):
    readout = readout_in(window)
    show(readout, config)
    assert readout.advice.text() == "" and not readout.advice.isVisible()
    assert "½·Σ sums over" not in readout.loss.toolTip()


def test_advice_goes_when_the_rate_is_lowered(window):
    readout = readout_in(window)
    show(readout, LARGE)
    assert readout.advice.isVisible()
    show(readout, LARGE.replace(learning_rate=0.0005))
    assert not readout.advice.isVisible()


def test_the_bar_fits_a_1024_pixel_window_with_test_figures_and_a_divergence(window, qtbot):
    bar = window.statusBar()
    readout = readout_in(window)
    frame = show(readout, LARGE.replace(test_fraction=0.2))
    snapshot = dataclasses.replace(frame.snapshot, divergence=Divergence(123_456, float("inf"), 0.5))
    readout.show_frame(Frame(snapshot, RunState.DIVERGED, 0.0, 2))
    assert readout.state.text() == "diverged", "the epoch and cause are the banner's, the bar stays narrow"
    assert "diverged at epoch 123456" in readout.state.toolTip()
    qtbot.waitUntil(lambda: bar.minimumSizeHint().width() > readout.loss.width(), timeout=SETTLE_TIMEOUT_MS)
    assert bar.minimumSizeHint().width() <= 1000


def test_a_summed_test_cost_is_explained_beside_the_training_cost(window):
    readout = readout_in(window)
    frame = show(readout, ExperimentConfig(test_fraction=0.2))
    metrics = frame.snapshot.metrics
    tooltip = readout.loss.toolTip()
    assert " · test " in readout.loss.text()
    assert "the training cost sums 80 points, the test cost 20" in tooltip
    assert f"train {metrics.train_loss / 80:.4g}, test {metrics.test_loss / 20:.4g}" in tooltip


def test_a_mean_test_cost_needs_no_such_note(window):
    readout = readout_in(window)
    show(readout, ExperimentConfig(test_fraction=0.2, loss="mse"))
    assert "sums" not in readout.loss.toolTip()


def test_every_state_fits_its_label_in_the_bold_it_is_shown_in(window):
    from PySide6.QtGui import QFont, QFontMetrics

    readout = readout_in(window)
    bold = QFont(readout.state.font())
    bold.setBold(True)
    room = readout.state.contentsRect().width()
    for text in ("paused", "running", "stepping", "diverged"):
        assert QFontMetrics(bold).horizontalAdvance(text) <= room, f"{text!r} would be cut"


def test_the_widest_accuracy_fits_its_label(window):
    """399 of 400 reads "99.8 %", wider than "100 %": it must not be cut either."""
    readout = readout_in(window)
    show(readout, ExperimentConfig(test_fraction=0.2))
    room = readout.accuracy.contentsRect().width()
    text = "Accuracy 99.8 % · test 99.8 %"
    assert readout.accuracy.fontMetrics().horizontalAdvance(text) <= room


def test_a_run_of_eight_digits_of_epochs_is_shown_whole(window):
    """Fifty article runs are ten million epochs; seven digits were seen cut ("Epoch 1 388 68")."""
    readout = readout_in(window)
    frame = show(readout, ExperimentConfig())
    readout.show_frame(Frame(dataclasses.replace(frame.snapshot, epoch=10_388_681), RunState.PAUSED, 0.0, 2))
    assert readout.epoch.text() == "Epoch 10\u2009388\u2009681"
    room = readout.epoch.contentsRect().width()
    assert readout.epoch.fontMetrics().horizontalAdvance(readout.epoch.text()) + 2 <= room


def test_after_a_drawn_point_the_loss_is_the_current_weights_on_the_new_points(window):
    from nnplayground.core.data_editing import add_point
    from nnplayground.notation import formatting

    readout = readout_in(window)
    trainer = Trainer(ExperimentConfig())
    trainer.train(200)
    before = trainer.last_loss
    trainer.replace_data(add_point(trainer.data, 2.5, 2.5, 0.0, regression=False), keep_weights=True)
    readout.show_frame(Frame(trainer.snapshot(), RunState.PAUSED, 0.0, 2))
    now = trainer.metrics().train_loss
    assert now != before
    assert readout.loss.text() == f"Loss {formatting.loss(now)}", (
        "not the last epoch's cost on the old points"
    )
