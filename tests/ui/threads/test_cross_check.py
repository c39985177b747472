"""The cross-check button's runner: scikit-learn trains off the GUI thread and reports back in it."""

from __future__ import annotations

import threading

import numpy as np

from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.core.trainer import Trainer
from nnplayground.ui.threads.cross_check import CrossCheckRunner


def _snapshot(epochs: int, **changes):
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER.replace(**changes))
    trainer.train(epochs)
    return trainer.snapshot()


def test_result_arrives_in_the_gui_thread_for_the_run_it_was_started_on(qtbot):
    runner = CrossCheckRunner()
    snapshot = _snapshot(300)
    received = []
    runner.finished.connect(lambda shot, result: received.append((shot, result, threading.current_thread())))
    with qtbot.waitSignal(runner.finished, timeout=60_000):
        assert runner.start(snapshot)
        assert runner.is_running()
    shot, result, thread = received[0]
    assert thread is threading.main_thread()
    assert shot is snapshot
    assert len(result.loss_curve) == 300, "scikit-learn trains as many epochs as the run had"
    assert 0.5 <= result.train_accuracy <= 1.0
    grid = np.array([[0.0, 0.0], [1.0, -0.5]])
    assert result.predict(grid, snapshot.config.input_features).shape == (2,)
    assert not runner.is_running()


def test_refuses_what_it_cannot_compare_and_says_why(qtbot):
    runner = CrossCheckRunner()
    messages = []
    runner.failed.connect(messages.append)
    assert not runner.start(_snapshot(0))
    assert not runner.start(_snapshot(5, problem="regression", dataset="plane", loss="mse"))
    assert "at least one epoch" in messages[0]
    assert "regression" in messages[1]
    assert not runner.is_running()


def test_a_second_request_while_one_runs_is_refused_not_queued(qtbot):
    runner = CrossCheckRunner()
    messages = []
    runner.failed.connect(messages.append)
    with qtbot.waitSignal(runner.finished, timeout=60_000):
        assert runner.start(_snapshot(2_000))
        assert not runner.start(_snapshot(10))
    assert messages and "already running" in messages[0]


def test_the_description_puts_its_figures_beside_ours_and_says_what_differs(qtbot):
    from nnplayground.core.sklearn_crosscheck import cross_check
    from nnplayground.ui.threads.cross_check import describe

    snapshot = _snapshot(200, test_fraction=0.2)
    result = cross_check(snapshot.config, snapshot.data, snapshot.epoch)
    text = describe(snapshot, result)
    assert "200 epochs on the same 80 points" in text
    assert f"{result.train_accuracy:.0%}" in text and "test accuracy" in text
    assert "always adds biases" in text, "the article's 2-4-1 network has no biases: say so"
    assert "log-loss" in text


def test_three_classes_are_compared_by_accuracy_and_by_the_class_each_picks_on_the_plane(qtbot):
    from nnplayground.core.presets import PRESETS
    from nnplayground.core.sklearn_crosscheck import boundary_agreement, cross_check, plane_points
    from nnplayground.ui.threads.cross_check import describe

    trainer = Trainer(PRESETS["multi-class: 3 blobs"])
    trainer.train(300)
    snapshot = trainer.snapshot()
    runner = CrossCheckRunner()
    received = []
    runner.finished.connect(lambda shot, result: received.append(result))
    with qtbot.waitSignal(runner.finished, timeout=60_000):
        assert runner.start(snapshot)
    (result,) = received
    grid = np.array([[0.0, 0.0], [1.0, -0.5]])
    assert result.predict(grid, snapshot.config.input_features).shape == (2, 3)
    text = describe(snapshot, result)
    agreement = boundary_agreement(result, snapshot.network, snapshot.config, plane_points(snapshot.data))
    assert "(3 classes)" in text and "cross-entropy (mean over the points)" in text
    assert f"both pick the same class on {agreement:.0%} of the plane shown" in text
    assert f"training accuracy {result.train_accuracy:.0%}" in text
    assert result.train_accuracy == cross_check(snapshot.config, snapshot.data, 300).train_accuracy
