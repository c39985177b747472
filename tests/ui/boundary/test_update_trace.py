"""Which frames make "one update": a pause one epoch on from the last paused frame, nothing else."""

from __future__ import annotations

from types import SimpleNamespace

from nnplayground.live.frames import RunState
from nnplayground.ui.boundary.update_trace import UpdateTrace

PAUSED, RUNNING, STEPPING = RunState.PAUSED, RunState.RUNNING, RunState.STEPPING


def snap(epoch: int, run: int = 1) -> SimpleNamespace:
    return SimpleNamespace(epoch=epoch, run_id=run)


def test_a_step_of_one_epoch_from_a_pause_is_one_update_until_the_next_weights():
    trace, before, after = UpdateTrace(), snap(5), snap(6)
    trace.see(before, PAUSED)
    trace.see(before, STEPPING)  # the step's first frame: still the weights before it
    assert trace.see(after, PAUSED)
    assert (trace.update.before, trace.update.after) == (before, after)
    assert not trace.see(after, PAUSED), "the same frame again changes nothing"
    assert trace.see(snap(6), PAUSED) and trace.update is None, (
        "new weights at the same epoch: a typed weight"
    )


def test_steps_of_many_epochs_rewinds_and_new_runs_are_not_one_update():
    trace = UpdateTrace()
    trace.see(snap(5), PAUSED)
    trace.see(snap(5), STEPPING)
    trace.see(snap(6), STEPPING)  # the middle of a step of ten
    trace.see(snap(15), PAUSED)
    assert trace.update is None
    trace.see(snap(14), PAUSED)  # the step-through going back an epoch
    assert trace.update is None
    trace.see(snap(15, run=2), PAUSED)
    assert trace.update is None


def test_pausing_a_slow_run_is_not_a_step_but_a_step_pressed_while_playing_is():
    trace = UpdateTrace()
    trace.see(snap(5), RUNNING)
    trace.see(snap(6), PAUSED)
    assert trace.update is None
    trace.see(snap(7), RUNNING)
    before = snap(8)
    trace.see(before, STEPPING)
    trace.see(snap(9), PAUSED)
    assert trace.update is not None and trace.update.before is before


def test_playing_on_forgets_the_update():
    trace = UpdateTrace()
    after = snap(6)
    trace.see(snap(5), PAUSED)
    trace.see(after, PAUSED)
    assert trace.see(after, RUNNING) and trace.update is None
