"""Compare mode: two networks on the same points, stepped and played in lockstep, in their own thread."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtGui import QKeySequence

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON, CORRECTED_PERCEPTRON
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import Step
from nnplayground.live.frames import ComparePair, RunState
from nnplayground.ui.windows.compare_window import CURRENT_SETTINGS, CompareWindow

SETTLE_MS = 30_000
EXPLODING = ExperimentConfig(output_activation="linear", learning_rate=1e5)


def _open(qtbot, left: ExperimentConfig, right: ExperimentConfig) -> CompareWindow:
    window = CompareWindow(left, right)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def compare(qtbot):
    """The default pair, the article's perceptron against its 2-4-1 network; the thread is joined after."""
    window = _open(qtbot, ARTICLE_PERCEPTRON, ARTICLE_ONE_HIDDEN_LAYER)
    yield window
    assert window.shutdown(), "the compare thread did not stop"


def _settled(qtbot, window: CompareWindow, epoch: int | None = None) -> ComparePair:
    """Wait until the pair has stopped training (at ``epoch`` if given) and the window has drawn it."""

    def done() -> None:
        pair = window.training.worker.latest()
        assert pair.state not in (RunState.RUNNING, RunState.STEPPING)
        assert epoch is None or pair.epoch == epoch
        assert window._shown_serial == pair.serial

    qtbot.waitUntil(done, timeout=SETTLE_MS)
    return window.training.worker.latest()


def _standalone(config: ExperimentConfig, epochs: int) -> Trainer:
    trainer = Trainer(config)
    trainer.train(epochs)
    return trainer


def test_every_pair_published_while_playing_is_at_one_epoch(qtbot, compare):
    worker, seen = compare.training.worker, {}

    def sample() -> None:
        pair = worker.latest()
        seen[pair.serial] = (pair.left.epoch, pair.right.epoch)
        assert len(seen) >= 30 and pair.epoch > 2_000

    compare.play_button.click()
    qtbot.waitUntil(sample, timeout=SETTLE_MS)
    compare.play_action.trigger()
    pair = _settled(qtbot, compare)
    assert pair.state == RunState.PAUSED
    assert all(left == right for left, right in seen.values())
    assert len({left for left, _ in seen.values()}) >= 10, "pairs sampled while the epochs moved on"
    assert compare.play_button.text() == "Play"


def test_a_step_trains_both_sides_exactly_like_standalone_runs(qtbot, compare):
    compare.epochs_combo.setCurrentIndex(compare.epochs_combo.findData(1_000))
    compare.step_button.click()
    compare.step_action.trigger()
    pair = _settled(qtbot, compare, epoch=2_000)
    for snapshot, config in ((pair.left, ARTICLE_PERCEPTRON), (pair.right, ARTICLE_ONE_HIDDEN_LAYER)):
        alone = _standalone(config, 2_000)
        assert snapshot.last_loss == alone.last_loss
        assert snapshot.metrics.train_loss == alone.metrics().train_loss
    assert "epoch 2\u2009000" in compare.epoch_label.text()
    assert f"loss {pair.left.last_loss:.4f}" in compare.sides[0].title.text()
    assert "perceptron (article)" in compare.sides[0].title.text()
    assert "2-4-1 sigmoid, article" in compare.sides[1].title.text()
    assert compare.loss_plot.legend_labels == ["left: perceptron (article)", "right: 2-4-1 sigmoid, article"]
    assert compare.sides[0].view.frames_drawn > 0 and compare.sides[1].view.frames_drawn > 0


def test_shortcuts_and_names(compare):
    assert compare.play_action.shortcut() == QKeySequence("Space")
    assert compare.step_action.shortcut() == QKeySequence("Right")
    assert compare.reset_action.shortcut() == QKeySequence("R")
    assert compare.log_action.shortcut() == QKeySequence("L")
    for widget in (
        compare.play_button,
        compare.step_button,
        compare.reset_button,
        compare.epochs_combo,
        compare.sides[0].chooser,
        compare.sides[1].chooser,
        compare.loss_plot.log_scale,
    ):
        assert widget.objectName() and widget.accessibleName() and widget.toolTip()
    log = compare.loss_plot.log_scale.isChecked()
    compare.log_action.trigger()
    assert compare.loss_plot.log_scale.isChecked() != log


def test_reset_returns_both_sides_to_epoch_zero(qtbot, compare):
    compare.training.worker.send(Step(300))
    _settled(qtbot, compare, epoch=300)
    compare.reset_action.trigger()
    pair = _settled(qtbot, compare, epoch=0)
    assert pair.left.epoch == pair.right.epoch == 0
    assert pair.left.history.epoch.size == 0 or pair.left.history.epoch[-1] == 0


def test_choosing_a_side_restarts_both_in_lockstep(qtbot, compare):
    compare.training.worker.send(Step(300))
    _settled(qtbot, compare, epoch=300)
    left = compare.sides[0]
    index = left.choices.index(CORRECTED_PERCEPTRON)
    left.chooser.setCurrentIndex(index)
    left.chooser.activated.emit(index)
    pair = _settled(qtbot, compare, epoch=0)
    assert pair.left.config == CORRECTED_PERCEPTRON and pair.right.config == ARTICLE_ONE_HIDDEN_LAYER
    assert "perceptron (corrected)" in left.title.text()
    compare.training.worker.send(Step(50))
    pair = _settled(qtbot, compare, epoch=50)
    assert pair.left.last_loss == _standalone(CORRECTED_PERCEPTRON, 50).last_loss


def test_the_main_windows_settings_are_offered_once_passed(qtbot, compare):
    right = compare.sides[1]
    current = right.choices.index(None)
    assert right.chooser.itemText(current) == CURRENT_SETTINGS
    assert not right.chooser.model().item(current).isEnabled()
    mine = ARTICLE_ONE_HIDDEN_LAYER.replace(hidden_layers=(8,), hidden_activation="tanh", learning_rate=0.05)
    compare.set_current_config(mine)
    assert right.chooser.model().item(current).isEnabled()
    right.chooser.setCurrentIndex(current)
    right.chooser.activated.emit(current)
    qtbot.waitUntil(lambda: compare.training.worker.latest().right.config == mine, timeout=SETTLE_MS)
    pair = _settled(qtbot, compare, epoch=0)
    assert pair.left.config == ARTICLE_PERCEPTRON
    assert "2-8-1 tanh, lr 0.05" in right.title.text()


def test_the_right_side_trains_on_the_left_sides_points_and_the_window_says_so(qtbot):
    other = ARTICLE_ONE_HIDDEN_LAYER.replace(dataset="circles", n_samples=250, noise=0.3)
    window = _open(qtbot, ARTICLE_PERCEPTRON, other)
    try:
        pair = _settled(qtbot, window)
        assert np.array_equal(pair.left.data.X_train, pair.right.data.X_train)
        assert np.array_equal(pair.left.data.y_train, pair.right.data.y_train)
        assert pair.right.config.dataset == "moons" and pair.right.config.hidden_layers == (4,)
        assert window.note_label.isVisible() and "left side's data" in window.note_label.text()
    finally:
        assert window.shutdown()


def test_a_pair_that_cannot_share_data_is_refused_and_nothing_changes(qtbot):
    regression = ExperimentConfig(problem="regression", dataset="plane")
    window = _open(
        qtbot, regression, ExperimentConfig(problem="regression", dataset="plane", hidden_layers=())
    )
    try:
        before = window.configs
        assert not window.choose(1, ExperimentConfig(loss="log_loss"))
        assert window.configs == before
        assert window.message_label.isVisible() and "log-loss" in window.message_label.text()
    finally:
        assert window.shutdown()


def test_divergence_on_one_side_pauses_both_and_names_it(qtbot):
    window = _open(qtbot, ARTICLE_ONE_HIDDEN_LAYER, EXPLODING)
    try:
        window.play_action.trigger()
        qtbot.waitUntil(lambda: window.training.worker.latest().state == RunState.DIVERGED, timeout=SETTLE_MS)
        pair = _settled(qtbot, window)
        assert pair.left.epoch == pair.right.epoch
        assert pair.right.divergence is not None and pair.left.divergence is None
        assert window.message_label.isVisible() and "the right side diverged" in window.message_label.text()
        assert "diverged" in window.sides[1].title.text() and "diverged" not in window.sides[0].title.text()
        # The healthy side still draws its own, finite, boundary and loss.
        assert math.isfinite(pair.left.last_loss) and window.sides[0].view.frames_drawn > 0
        window.play_action.trigger()
        qtbot.waitUntil(lambda: "Cannot train on: the right side diverged" in window.message_label.text())
        assert window.training.worker.latest().state == RunState.DIVERGED
        window.reset_action.trigger()
        pair = _settled(qtbot, window, epoch=0)
        assert pair.state == RunState.PAUSED and not window.message_label.isVisible()
    finally:
        assert window.shutdown()


def test_closing_the_window_while_playing_joins_its_thread(qtbot):
    window = _open(qtbot, ARTICLE_PERCEPTRON, ARTICLE_ONE_HIDDEN_LAYER)
    window.play_action.trigger()
    qtbot.waitUntil(lambda: window.training.worker.latest().epoch > 100, timeout=SETTLE_MS)
    window.close()
    assert not window.is_open()
    assert not window.training.is_running()


def test_the_main_window_opens_one_compare_window_and_closes_it_with_itself(qtbot, main_window):
    action = main_window.menus.compare_action
    assert action.shortcut() == QKeySequence("Ctrl+K")
    assert action in main_window.menuBar().actions()[2].menu().actions() or any(
        action in menu_action.menu().actions() for menu_action in main_window.menuBar().actions()
    )
    action.trigger()
    window = main_window.compare_window
    assert window is not None and window.isVisible() and window.is_open()
    assert window.configs == (ARTICLE_PERCEPTRON, ARTICLE_ONE_HIDDEN_LAYER)
    assert window.sides[0].chooser.model().item(window.sides[0].choices.index(None)).isEnabled()
    assert main_window.open_compare() is window, "a second request raises the open window"
    window.close()
    reopened = main_window.open_compare()
    assert reopened is not window and reopened.is_open()
    reopened.play_action.trigger()
    qtbot.waitUntil(lambda: reopened.training.worker.latest().epoch > 0, timeout=SETTLE_MS)
    assert main_window.shutdown()
    assert not reopened.is_open() and not reopened.isVisible()


def test_both_sides_get_the_same_width_however_long_their_headers(qtbot):
    deep = ARTICLE_ONE_HIDDEN_LAYER.replace(
        hidden_layers=(8, 8, 8, 8, 8, 8),
        hidden_activation="tanh",
        bias=True,
        initialiser="glorot",
        learning_rate=0.01,
    )
    window = _open(qtbot, ARTICLE_PERCEPTRON, deep)
    try:
        window.resize(900, 720)
        _settled(qtbot, window, epoch=0)
        left, right = window.sides
        assert len(right.title.text()) > len(left.title.text()) + 25
        qtbot.waitUntil(lambda: abs(left.width() - right.width()) <= 1)
        assert abs(left.view.width() - right.view.width()) <= 1
    finally:
        assert window.shutdown()


def test_a_new_comparison_starts_on_fresh_axes(qtbot, compare):
    compare.training.worker.send(Step(3_000))
    _settled(qtbot, compare, epoch=3_000)
    box = compare.loss_plot.plot.getPlotItem().getViewBox()
    assert box.viewRange()[0][1] >= 3_000
    assert compare.choose(0, CORRECTED_PERCEPTRON)
    _settled(qtbot, compare, epoch=0)
    assert box.viewRange()[0][1] < 20, "not the previous comparison's 3 000 epochs"
    compare.training.worker.send(Step(10))
    _settled(qtbot, compare, epoch=10)
    assert box.viewRange()[0][1] < 20
