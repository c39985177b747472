"""Playing in the window trains exactly what a headless ``Trainer`` trains, whatever the pacing did.

The window's worker cuts training into time-sized chunks, skips the test set
on chunks no frame shows and keeps BLAS to one thread; none of that may move
a single bit of the weights.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import Pause, Play, Step
from nnplayground.live.frames import RunState
from nnplayground.ui.threads.comparing import CompareThread
from nnplayground.ui.threads.training import TrainingThread
from tests.ui.helpers import wait_until_idle

pytestmark = [pytest.mark.qt_log_level_fail("WARNING")]

DEEP = ExperimentConfig(
    n_samples=4_000, test_fraction=0.25, hidden_layers=(16, 8), hidden_activation="tanh", loss="mse"
)
CASES = {
    "article": ExperimentConfig(test_fraction=0.3),
    "deep": DEEP,
    "mini-batch, Adam": DEEP.replace(batch_size=32, optimiser="adam", learning_rate=0.01),
    "float32": DEEP.replace(dtype="float32"),
}


@pytest.fixture
def thread_for(qtbot):
    threads: list[TrainingThread] = []

    def start(config: ExperimentConfig) -> TrainingThread:
        thread = TrainingThread(config)
        thread.start()
        threads.append(thread)
        return thread

    yield start
    for thread in threads:
        assert thread.shutdown()


@pytest.mark.parametrize("case", CASES)
def test_weights_after_playing_are_the_headless_weights(qtbot, thread_for, case):
    config = CASES[case]
    thread = thread_for(config)
    thread.send(Play())
    # Several frames' worth of chunks, so chunks of many sizes and test-free ones are among them.
    qtbot.waitUntil(lambda: thread.worker.latest().snapshot.epoch >= 300, timeout=20_000)
    thread.send(Pause())
    window = wait_until_idle(qtbot, thread.worker).snapshot

    headless = Trainer(config)
    headless.train(window.epoch)
    for trained, expected in zip(window.network.weights, headless.network.weights, strict=True):
        assert trained.dtype == np.dtype(config.dtype)
        assert np.array_equal(trained, expected)
    assert window.last_loss == headless.last_loss
    assert window.metrics == headless.metrics()


def test_every_frame_shown_while_playing_ends_on_an_epoch_with_test_figures(qtbot, thread_for):
    thread = thread_for(DEEP)
    thread.send(Play())
    seen: dict[int, float] = {}

    def frames_seen() -> None:
        frame = thread.worker.latest()
        history = frame.snapshot.history
        if frame.state == RunState.RUNNING and len(history):
            seen[frame.serial] = float(history.test_loss[-1])
        assert len(seen) >= 5

    qtbot.waitUntil(frames_seen, timeout=20_000)
    thread.send(Pause())
    history = wait_until_idle(qtbot, thread.worker).snapshot.history
    assert all(np.isfinite(list(seen.values()))), "a frame's last epoch always has its test loss"
    assert np.isnan(history.test_loss).any(), "chunks no frame showed skipped the test set"


def test_compare_mode_trains_each_side_in_its_own_precision(qtbot):
    left, right = ExperimentConfig(dtype="float32"), ExperimentConfig()
    thread = CompareThread(left, right)
    thread.start()
    try:
        thread.send(Step(40))
        qtbot.waitUntil(
            lambda: thread.worker.latest().left.epoch == 40 and not thread.worker.is_training(),
            timeout=20_000,
        )
        pair = thread.worker.latest()
    finally:
        assert thread.shutdown()
    for side, config in ((pair.left, left), (pair.right, right)):
        headless = Trainer(config)
        headless.train(40)
        assert side.config.dtype == config.dtype
        assert all(w.dtype == np.dtype(config.dtype) for w in side.network.weights)
        assert side.last_loss == headless.last_loss
