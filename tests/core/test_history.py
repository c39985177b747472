"""The kept history shows what the run did: its oscillation, its latest epoch, and says when it is thinned."""

from __future__ import annotations

import numpy as np
import pytest

from nnplayground.core import article
from nnplayground.core.history import COLUMNS, History
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.core.trainer import Trainer

EPOCHS = 5_000  # past 4 096, where the history starts thinning; inside the period-2 stretch (1 230–15 300)


@pytest.fixture(scope="module")
def article_run() -> tuple[Trainer, np.ndarray]:
    """The article network trained 5 000 epochs in the window's uneven chunks, and the article's own costs."""
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    for chunk in (1, 999, 1_537, 2_463):
        trainer.train(chunk)
    printed = np.asarray(article.one_hidden_layer(EPOCHS)[0])
    return trainer, printed


def test_the_thinned_history_keeps_both_branches_of_the_period_2_oscillation(article_run):
    trainer, printed = article_run
    history = trainer.history.arrays()
    assert history.decimated and len(history) <= trainer.history.capacity
    assert np.array_equal(history.train_loss, printed[history.epoch.astype(int)]), "the article's own costs"
    for start in range(1_300, EPOCHS, 100):
        true = printed[start : start + 100]
        inside = (history.epoch >= start) & (history.epoch < start + 100)
        kept = history.train_loss[inside]
        assert np.ptp(kept) >= 0.9 * np.ptp(true), f"epochs {start}–{start + 99} lost a branch"


def test_the_latest_epoch_is_kept_and_counted_as_the_status_bar_counts(article_run):
    trainer, _ = article_run
    history = trainer.history.arrays()
    assert trainer.epoch == EPOCHS
    assert history.counted[-1] == EPOCHS and history.train_loss[-1] == trainer.last_loss


def test_the_exported_csv_says_it_is_thinned_and_ends_at_the_latest_epoch(article_run):
    trainer, _ = article_run
    lines = trainer.history.arrays().to_csv().splitlines()
    assert lines[0].startswith("# decimated: ") and "lowest and highest" in lines[0]
    assert lines[1] == ",".join(COLUMNS)
    epoch, loss, *_ = lines[-1].split(",")
    assert int(epoch) == EPOCHS and float(loss) == trainer.last_loss


def test_a_complete_history_exports_without_a_note():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(100)
    lines = trainer.history.arrays().to_csv().splitlines()
    assert lines[0] == ",".join(COLUMNS) and len(lines) == 101
    assert [int(line.split(",")[0]) for line in lines[1:]] == list(range(1, 101))


def test_the_history_does_not_depend_on_how_the_run_was_chunked():
    whole, chunked = Trainer(ARTICLE_ONE_HIDDEN_LAYER), Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    whole.history, chunked.history = History(capacity=64), History(capacity=64)
    whole.train(3_000)
    for chunk in (7, 500, 1, 1_492, 1_000):
        chunked.train(chunk)
    a, b = whole.history.arrays(), chunked.history.arrays()
    assert np.array_equal(a.epoch, b.epoch) and np.array_equal(a.train_loss, b.train_loss)


def test_a_history_saved_one_row_per_stride_still_loads(article_run):
    """Sessions saved before the envelope kept every ``stride``-th epoch; they load, bounded, latest last."""
    epochs = np.arange(0, 9_000, 4, dtype=float)
    old = np.full((4096, len(COLUMNS)), np.nan)
    old[: len(epochs), 0], old[: len(epochs), 1] = epochs, 10 / (epochs + 1)
    history = History()
    history.restore((4, len(epochs), old))
    arrays = history.arrays()
    assert arrays.epoch[0] == 0 and arrays.epoch[-1] == epochs[-1]
    assert len(arrays) <= history.capacity and np.all(np.diff(arrays.epoch) > 0)

    trainer, _ = article_run
    saved = trainer.history.state()
    again = History()
    again.restore(saved)
    assert np.array_equal(again.arrays().epoch, trainer.history.arrays().epoch)
