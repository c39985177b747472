"""While training runs, the loss curve is drawn a moment after the frame, in a paint pass of its own.

Qt paints every widget a frame touched in one pass; on 100 000 points this
plot's 15–35 ms on top of the boundary's and the diagram's kept the window
from answering for 50–70 ms. Paused, a frame's curve is drawn at once.
"""

from __future__ import annotations

import numpy as np

from nnplayground.core.trainer import Trainer
from nnplayground.ui.loss.view import REDRAW_INTERVAL_MS, LossView
from nnplayground.ui.widgets import own_work
from tests.ui.helpers import CLASSIFICATION, on_screen


def _last_epoch(view: LossView) -> float:
    item = view.legend_entries[0][0]  # the train loss comes first
    return float(np.max(item.getData()[0]))


def test_a_training_frame_draws_the_curve_after_the_frames_own_paint(qtbot):
    view = on_screen(qtbot, LossView(), 900, 420)
    trainer = Trainer(CLASSIFICATION)
    trainer.train(5)
    view.show_snapshot(trainer.snapshot())
    assert _last_epoch(view) == 5, "a new run's first frame is drawn at once"
    qtbot.wait(REDRAW_INTERVAL_MS)  # the throttle would let this frame's curve be drawn at once
    trainer.train(30)
    view.show_snapshot(trainer.snapshot(), own_pass=True)
    assert _last_epoch(view) == 5, "not in the frame's own paint pass"
    qtbot.waitUntil(lambda: _last_epoch(view) == 35, timeout=1000)


def test_a_paused_frame_draws_the_curve_at_once(qtbot):
    view = on_screen(qtbot, LossView(), 900, 420)
    trainer = Trainer(CLASSIFICATION)
    trainer.train(5)
    view.show_snapshot(trainer.snapshot())
    trainer.train(30)
    view.show_snapshot(trainer.snapshot(), own_pass=True)
    view.flush()
    assert _last_epoch(view) == 35


def test_the_curve_drawn_after_the_frame_tells_the_training_threads_first(qtbot):
    """Drawn on the view's own timer, the curve is a turn of the GUI's: beside a chunk it took 4× as
    long and made the window's longest waits (``widgets.own_work``)."""
    view = on_screen(qtbot, LossView(), 900, 420)
    trainer = Trainer(CLASSIFICATION)
    trainer.train(5)
    view.show_snapshot(trainer.snapshot())
    qtbot.wait(REDRAW_INTERVAL_MS)
    told: list[float] = []

    def starting() -> None:
        told.append(_last_epoch(view))

    own_work.listen(starting)
    try:
        trainer.train(30)
        view.show_snapshot(trainer.snapshot(), own_pass=True)
        qtbot.waitUntil(lambda: _last_epoch(view) == 35, timeout=1000)
    finally:
        own_work.stop_listening(starting)
    assert told == [5], "told once, before the curve was drawn"
