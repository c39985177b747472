"""The training worker on its own thread: exact steps, prompt pauses, divergence, failures, pacing."""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time

import pytest

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_PERCEPTRON
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import (
    COMMAND_TYPES,
    Pause,
    Play,
    Quit,
    Reconfigure,
    Reset,
    SetSpeedLimit,
    Step,
    Toggle,
)
from nnplayground.live.frames import RunState
from nnplayground.ui.threads.comparing import CompareThread, CompareWorker
from nnplayground.ui.threads.gui_turns import GuiTurns
from nnplayground.ui.threads.training import TrainingThread, TrainingWorker
from tests.ui.helpers import SignalRelay, fail_next_chunk, wait_for_config, wait_until_idle

pytestmark = [pytest.mark.qt_log_level_fail("WARNING")]

DIVERGING = ExperimentConfig(output_activation="linear", learning_rate=50.0)


@pytest.mark.parametrize("epochs", [1, 999, 12_345])
def test_step_trains_exactly_n_epochs_like_the_headless_engine(qtbot, training, epochs):
    training.worker.send(Step(epochs))
    frame = wait_until_idle(qtbot, training.worker, epoch=epochs)

    headless = Trainer(ExperimentConfig())
    headless.train(epochs)
    assert frame.snapshot.epoch == headless.epoch == epochs
    assert frame.snapshot.last_loss == headless.last_loss
    assert frame.snapshot.metrics.train_loss == headless.metrics().train_loss
    assert frame.state == RunState.PAUSED


def test_consecutive_steps_add_up_and_match_one_headless_run(qtbot, training):
    for _ in range(3):
        training.worker.send(Step(700))
    frame = wait_until_idle(qtbot, training.worker, epoch=2_100)
    headless = Trainer(ExperimentConfig())
    headless.train(2_100)
    assert frame.snapshot.last_loss == headless.last_loss


def test_pause_stops_training_within_200_ms(qtbot, training):
    worker = training.worker
    worker.send(Play())
    qtbot.waitUntil(
        lambda: worker.latest().state == RunState.RUNNING and worker.latest().snapshot.epoch > 100
    )
    asked = time.perf_counter()
    worker.send(Pause())
    qtbot.waitUntil(lambda: not worker.is_training(), timeout=2_000)
    assert time.perf_counter() - asked < 0.2
    stopped_at = worker.latest().snapshot.epoch
    qtbot.wait(100)
    assert worker.latest().snapshot.epoch == stopped_at


def test_toggle_alternates_in_the_order_pressed(qtbot, training):
    worker = training.worker
    worker.send(Toggle())
    worker.send(Toggle())
    worker.send(Toggle())
    qtbot.waitUntil(lambda: worker.latest().state == RunState.RUNNING)
    worker.send(Toggle())
    qtbot.waitUntil(lambda: worker.latest().state == RunState.PAUSED)


def test_a_diverging_run_pauses_with_the_engine_message(qtbot):
    headless = Trainer(DIVERGING)
    headless.train(100)
    assert headless.divergence is not None, "the test configuration must really diverge"

    thread = TrainingThread(DIVERGING)
    thread.start()
    try:
        thread.worker.send(Play())
        qtbot.waitUntil(lambda: thread.worker.latest().state == RunState.DIVERGED, timeout=5_000)
        frame = thread.worker.latest()
        assert frame.snapshot.divergence.message == headless.divergence.message
        assert frame.snapshot.epoch == headless.epoch
        qtbot.wait(100)
        assert thread.worker.latest().snapshot.epoch == headless.epoch
    finally:
        assert thread.shutdown()


def test_an_exception_in_training_is_reported_and_the_worker_carries_on(qtbot, training, monkeypatch):
    worker = training.worker
    relay = SignalRelay()
    worker.failed.connect(relay.receive)
    fail_next_chunk(monkeypatch, worker)
    worker.send(Play())
    qtbot.waitUntil(lambda: len(relay.messages) > 0, timeout=5_000)
    assert len(relay.messages) == 1
    assert relay.messages[0].startswith("RuntimeError: simulated failure")
    assert "The details are logged in" in relay.messages[0]
    assert wait_until_idle(qtbot, worker).state == RunState.PAUSED

    worker.send(Step(10))
    assert wait_until_idle(qtbot, worker, epoch=10).snapshot.epoch == 10


def test_hyper_parameters_carry_on_and_structure_starts_a_new_run(qtbot, training):
    worker = training.worker
    worker.send(Step(500))
    first = wait_until_idle(qtbot, worker, epoch=500)

    worker.send(Reconfigure(ExperimentConfig(learning_rate=1.0)))
    wait_for_config(qtbot, worker, learning_rate=1.0)
    carried = worker.latest()
    assert carried.snapshot.epoch == 500
    assert carried.snapshot.run_id == first.snapshot.run_id

    worker.send(Reconfigure(ARTICLE_PERCEPTRON))
    wait_for_config(qtbot, worker, hidden_layers=())
    fresh = worker.latest()
    assert fresh.snapshot.epoch == 0
    assert fresh.snapshot.run_id > first.snapshot.run_id


def test_restart_and_reset_go_back_to_epoch_zero_with_the_same_weights(qtbot, training):
    worker = training.worker
    initial = worker.latest().snapshot.network.weights[0].copy()
    worker.send(Step(300))
    wait_until_idle(qtbot, worker, epoch=300)
    worker.send(Reset())
    frame = wait_until_idle(qtbot, worker, epoch=0)
    assert (frame.snapshot.network.weights[0] == initial).all()

    worker.send(Step(300))
    wait_until_idle(qtbot, worker, epoch=300)
    worker.send(Reconfigure(ExperimentConfig(), restart=True))
    assert wait_until_idle(qtbot, worker, epoch=0).snapshot.epoch == 0


def test_the_speed_limit_caps_playing_speed(qtbot, training):
    worker = training.worker
    worker.send(SetSpeedLimit(50))
    worker.send(Play())
    qtbot.waitUntil(lambda: worker.latest().snapshot.epoch >= 5)
    start_epoch, start = worker.latest().snapshot.epoch, time.perf_counter()
    qtbot.wait(600)
    rate = (worker.latest().snapshot.epoch - start_epoch) / (time.perf_counter() - start)
    worker.send(Pause())
    assert 20 <= rate <= 80


def test_stop_ends_the_thread_promptly_even_mid_training(qtbot):
    thread = TrainingThread(ExperimentConfig())
    thread.start()
    thread.worker.send(Play())
    qtbot.waitUntil(lambda: thread.worker.latest().snapshot.epoch > 0)
    asked = time.perf_counter()
    assert thread.shutdown()
    assert time.perf_counter() - asked < 1.0
    assert not thread.is_running()


def test_invalid_commands_are_refused_at_the_call():
    thread = TrainingThread(ExperimentConfig())
    with pytest.raises(ValueError, match="at least 1 epoch"):
        thread.worker.send(Step(0))
    with pytest.raises(ValueError, match="positive"):
        thread.worker.send(SetSpeedLimit(0))


# One made-up value per command field, for the dispatch tests.
_SAMPLE_FIELDS = {
    "epochs": 3,
    "epochs_per_second": 10.0,
    "config": ExperimentConfig(),
    "restart": True,
    "x1": 0.25,
    "x2": -0.5,
    "label": 1.0,
    "path": "/nonexistent/points.csv",
    "layer": 0,
    "row": 0,
    "column": 1,
    "index": 0,
    "value": 0.5,
    "phase": 2,
    "left": ARTICLE_PERCEPTRON,
    "right": ExperimentConfig(),
}


def _sample(kind: type):
    return kind(*(_SAMPLE_FIELDS[field.name] for field in dataclasses.fields(kind)))


@pytest.mark.parametrize(
    "make",
    [
        lambda: TrainingWorker(ExperimentConfig()),
        lambda: CompareWorker(ARTICLE_PERCEPTRON, ExperimentConfig()),
    ],
)
def test_every_command_a_worker_takes_is_carried_out_and_any_other_is_refused(make):
    worker = make()
    for kind in worker.COMMANDS:
        worker._apply(_sample(kind))  # a type the match does not handle raises TypeError here
    for kind in set(COMMAND_TYPES) - set(worker.COMMANDS) - {Quit}:
        with pytest.raises(TypeError, match="does not take"):
            worker.send(_sample(kind))
        with pytest.raises(TypeError, match="no worker carries out"):
            worker._apply(_sample(kind))


def test_the_training_threads_share_the_gui_threads_turns():
    main = TrainingThread(ExperimentConfig())
    compare = CompareThread(ARTICLE_PERCEPTRON, ExperimentConfig())
    assert main.turns is compare.turns is main.worker.turns is compare.worker.turns


def test_two_workers_never_train_a_chunk_at_the_same_time():
    turns = GuiTurns()
    spans: list[tuple[float, float]] = []

    def train() -> None:
        for _ in range(40):
            with turns.worker_chunk():
                start = time.perf_counter()
                time.sleep(0.002)
                spans.append((start, time.perf_counter()))

    threads = [threading.Thread(target=train) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    spans.sort()
    overlaps = [(a, b) for a, b in itertools.pairwise(spans) if b[0] < a[1]]
    assert len(spans) == 80 and not overlaps
