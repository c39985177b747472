"""The loss curve on a log epoch axis: the early spike and the 200 000-epoch tail side by side.

Switched on as a person does, by clicking the "Log epochs" box, on the
article's network trained to 200 000 epochs.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from nnplayground.core.trainer import Snapshot, Trainer
from nnplayground.ui.loss.axes import MAX_DRAWN_POINTS, envelope_indices, epoch_tick, thinned
from nnplayground.ui.loss.compare import CompareLossPlot
from nnplayground.ui.loss.view import LossView
from tests.ui.helpers import on_screen

LONG_RUN = 200_000


@pytest.fixture(scope="module")
def long_run() -> Snapshot:
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(LONG_RUN)
    return trainer.snapshot()


@pytest.fixture
def view(qtbot) -> LossView:
    return on_screen(qtbot, LossView(), 900, 420)


def click(box) -> None:
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)


def bottom_labels(plot) -> list[str]:
    axis = plot.getPlotItem().getAxis("bottom")
    low, high = axis.range
    levels = axis.tickValues(low, high, axis.width())
    return [label for _, values in levels for label in axis.tickStrings(values, 1.0, 1.0) if label]


def test_the_log_epoch_axis_shows_the_spike_and_the_tail(view, long_run):
    view.show_snapshot(long_run)
    view.flush()
    click(view.log_epochs)
    assert view.log_epochs.isChecked()
    (x0, x1), _ = view.plot.getPlotItem().getViewBox().viewRange()
    assert x0 <= math.log10(1) and x1 >= math.log10(LONG_RUN)
    assert x0 < math.log10(1_200) < x1
    epochs, losses = view._train.getData()
    assert epochs[-1] == pytest.approx(math.log10(LONG_RUN)) and np.all(np.isfinite(epochs))
    assert losses[-1] == long_run.history.train_loss[-1]
    labels = bottom_labels(view.plot)
    assert {"1", "10", "100", "1k", "10k", "100k"} <= set(labels)
    # The accuracy curves live in their own box; they move onto the log axis too.
    assert view._accuracy.train.getData()[0][-1] == pytest.approx(math.log10(LONG_RUN))


def test_the_read_out_and_the_cursor_read_epochs_not_their_logarithms(view, long_run):
    view.show_snapshot(long_run)
    view.flush()
    click(view.log_epochs)
    box = view.plot.getPlotItem().getViewBox()
    (low, high) = box.viewRange()[1]
    view._hover(box.mapViewToScene(QPointF(math.log10(150_000), (low + high) / 2)))
    epoch = int(view.readout.text().split(":")[0].removeprefix("epoch ").replace("\u2009", ""))
    assert abs(epoch - 150_000) <= long_run.history.block
    assert view._cursor.value() == pytest.approx(math.log10(epoch))


def test_epoch_zero_a_new_run_and_a_reference_from_epoch_zero_do_not_break_it(view, long_run):
    click(view.log_epochs)
    fresh = Trainer(ARTICLE_PERCEPTRON).snapshot()  # epoch 0: nothing to take the log of
    view.show_snapshot(fresh)
    view.flush()
    (x0, x1), (y0, y1) = view.plot.getPlotItem().getViewBox().viewRange()
    assert all(math.isfinite(v) for v in (x0, x1, y0, y1))
    view.show_reference_curve(np.arange(0, 50), np.linspace(2.0, 1.0, 50))
    epochs, _ = view._reference.getData()
    assert np.isnan(epochs[0]) and np.all(np.isfinite(epochs[1:])), "epoch 0 is left out, the rest drawn"
    view.grab()  # paints without an error


def test_ghosts_and_the_step_mark_follow_the_log_axis(view, long_run):
    view.show_snapshot(long_run)
    view.flush()
    view.show_snapshot(Trainer(ARTICLE_PERCEPTRON).snapshot())  # H: the long run becomes a ghost
    view.flush()
    click(view.log_epochs)
    ((ghost, _),) = [entry for entry in view.legend_entries if entry[1].endswith("(previous run)")]
    assert ghost.getData()[0][-1] == pytest.approx(math.log10(LONG_RUN))
    (_, x1), _ = view.plot.getPlotItem().getViewBox().viewRange()
    assert x1 >= math.log10(LONG_RUN), "with no epoch of its own yet the view shows the ghost's whole run"

    trainer = Trainer(ARTICLE_PERCEPTRON)
    before = trainer.snapshot()
    trainer.train(1)
    after = trainer.snapshot()
    view.show_snapshot(after)
    view.mark_update(before, after)
    assert view._step.line.value() == pytest.approx(math.log10(1))
    click(view.log_epochs)
    assert view._step.line.value() == 1


def test_compare_modes_plot_takes_log_epochs_too(qtbot, long_run):
    plot = on_screen(qtbot, CompareLossPlot(), 900, 420)
    perceptron = Trainer(ARTICLE_PERCEPTRON)
    perceptron.train(2_000)
    plot.show_pair(perceptron.snapshot(), long_run, ("perceptron", "2-4-1"))
    click(plot.log_epochs)
    (x0, x1), _ = plot.plot.getPlotItem().getViewBox().viewRange()
    assert x0 <= 0 and x1 >= math.log10(LONG_RUN)
    assert plot.curves[0].getData()[0][-1] == pytest.approx(math.log10(2_000))
    assert {"1", "1k", "100k"} <= set(bottom_labels(plot.plot))


@pytest.mark.parametrize(
    ("epoch", "narrow", "label"),
    [
        (1, False, "1"),
        (10, False, "10"),
        (1_000, False, "1k"),
        (100_000, False, "100k"),
        (2_000, False, ""),
        (2_000, True, "2k"),
        (50, True, "50"),
        (3, True, ""),
        (0, True, ""),
        (1e6, False, "1M"),
    ],
)
def test_log_ticks_read_as_epochs(epoch, narrow, label):
    assert epoch_tick(epoch, narrow=narrow) == label


def test_the_first_epochs_keep_their_detail_once_the_history_is_decimated(view):
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(3_000)
    start = trainer.snapshot()
    assert not start.history.decimated
    view.show_snapshot(start)
    trainer.train(20_000)
    late = trainer.snapshot()
    assert late.history.decimated
    view.show_snapshot(late)
    view.flush()
    epochs, losses = view._train.getData()
    shown = dict(zip(epochs.tolist(), losses.tolist()))
    # Drawn from the full start: epochs the decimated history dropped, and its highest cost.
    early = start.history
    drawn_early = epochs <= early.counted[-1]
    assert not set(epochs[drawn_early].tolist()) <= set(late.history.counted.tolist())
    assert losses[drawn_early].max() == early.train_loss.max()
    for epoch, loss in shown.items():
        if epoch <= early.counted[-1]:
            assert loss == early.train_loss[int(epoch) - 1]
    assert epochs[-1] == late.history.counted[-1] and losses[-1] == late.history.train_loss[-1]


def test_a_start_from_another_run_is_never_merged(view):
    other = Trainer(ARTICLE_ONE_HIDDEN_LAYER.replace(learning_rate=0.3))
    other.train(3_000)
    view.show_snapshot(other.snapshot())
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(20_000)
    late = trainer.snapshot()
    view.show_snapshot(late)  # the same run number and label, as an opened session may bring
    view.flush()
    _, losses = view._train.getData()
    assert set(losses.tolist()) <= set(late.history.train_loss.tolist())


def test_on_a_log_axis_the_first_decades_are_thinned_by_their_width_not_their_rows():
    epochs = np.arange(1, 100_001, dtype=float)
    values = np.random.default_rng(0).random(len(epochs))
    kept = thinned(epochs, values, log=True)
    assert len(kept) <= MAX_DRAWN_POINTS + 2
    assert set(range(30)) <= set(kept.tolist()), "every one of the first epochs, each many pixels wide"
    assert values[kept].max() == values.max() and values[kept].min() == values.min()
    assert np.array_equal(thinned(epochs, values, log=False), envelope_indices(values))


def test_switching_to_log_epochs_redraws_the_first_epochs_one_by_one(view):
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(3_000)
    view.show_snapshot(trainer.snapshot())
    trainer.train(20_000)
    view.show_snapshot(trainer.snapshot())
    view.flush()
    linear = set(view._train.getData()[0].tolist())
    click(view.log_epochs)
    logged = {round(10**x) for x in view._train.getData()[0]}
    assert set(range(1, 21)) <= logged and not set(range(1, 21)) <= linear


def test_a_short_run_on_log_epochs_labels_its_2s_and_5s(qtbot):
    """100 epochs, padded to a little over two decades, kept one label ("10") at the window's width:
    1 and 100 sit at the very ends, where pyqtgraph drops a label that would stick out."""
    view = on_screen(qtbot, LossView(), 540, 300)
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(100)
    view.show_snapshot(trainer.snapshot())
    click(view.log_epochs)
    assert {"2", "5", "10", "20", "50"} <= set(bottom_labels(view.plot))
