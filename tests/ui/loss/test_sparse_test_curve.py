"""The test curves stay whole when the test set was evaluated only on the epochs a frame showed.

The window's worker asks the trainer for test figures only on a chunk a frame
will show (``test_metrics="last"``), so the history's test columns are NaN on
every other row; a person must still see one test-loss line, not scattered
dots or nothing.
"""

from __future__ import annotations

import numpy as np

from nnplayground.core.trainer import Trainer
from nnplayground.ui.loss.view import LossView
from tests.ui.helpers import CLASSIFICATION, on_screen


def _as_the_window_trains(trainer: Trainer, chunks: int) -> None:
    """Chunks of 7 epochs; every third one is followed by a frame, as in the worker."""
    for chunk in range(chunks):
        trainer.train(7, test_metrics="last" if chunk % 3 == 2 else "none")


def _curve(view: LossView, name: str) -> tuple[np.ndarray, np.ndarray]:
    (item,) = [item for item, label in view.legend_entries if label == name]
    return item.getData()


def test_test_loss_and_accuracy_join_the_rows_that_have_them(qtbot):
    view = on_screen(qtbot, LossView(), 900, 420)
    trainer = Trainer(CLASSIFICATION)
    _as_the_window_trains(trainer, 30)
    history = trainer.history.arrays()
    tested = np.isfinite(history.test_loss)
    assert 5 <= tested.sum() < len(history) / 2, "most rows have no test figures"

    view.show_snapshot(trainer.snapshot())
    view.flush()
    assert view.accuracy_shown, "accuracy is on by default"

    epochs, losses = _curve(view, "test loss")
    assert np.array_equal(epochs, history.counted[tested])
    assert np.array_equal(losses, history.test_loss[tested]), "every drawn point is a real figure"
    epochs, shares = _curve(view, "test accuracy")
    assert np.array_equal(epochs, history.counted[tested])
    assert np.all(np.isfinite(shares)) and np.allclose(shares, history.test_accuracy[tested] * 100)
