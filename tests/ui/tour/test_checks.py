"""A chapter's checks read the window's run: a pass shows the live figure, a failure what was seen instead."""

from __future__ import annotations

import pytest

from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from nnplayground.core.stepthrough import walk_through
from nnplayground.core.trainer import Trainer
from nnplayground.live.frames import Frame, RunState
from nnplayground.live.stepper_session import StepperFrame
from nnplayground.notation.formatting import format_value
from nnplayground.ui.tour.chapters import Check, read_tour
from nnplayground.ui.tour.checks import evaluate, expectation


def _frame(trainer: Trainer) -> Frame:
    return Frame(trainer.snapshot(), RunState.PAUSED, 0.0, 1)


def test_a_passing_check_writes_the_runs_own_figure():
    trainer = Trainer(ARTICLE_PERCEPTRON)
    trainer.train(2000)
    check = Check("cost", "the cost is now {seen}", value=4.1793, tolerance=1e-4)
    outcome = evaluate(check, _frame(trainer), None)
    assert outcome.passed
    assert outcome.text == f"✓ the cost is now {trainer.last_loss:.4f}"


def test_a_failing_check_says_what_the_window_shows_instead():
    trainer = Trainer(ARTICLE_PERCEPTRON)
    trainer.train(10)
    check = Check("cost", "the cost is now {seen}", value=1.5033, tolerance=5e-4)
    outcome = evaluate(check, _frame(trainer), None)
    assert not outcome.passed
    assert (
        outcome.text
        == f"✗ expected a cost of 1.5033 ± 0.0005, but the window shows {trainer.last_loss:.4f} (epoch 10)"
    )


def test_a_term_is_read_on_the_followed_points_row_and_needs_the_step_through():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    check = Check("term", "ao = {seen}", value=0.68965, tolerance=1e-4, term="ao")
    outcome = evaluate(check, _frame(trainer), 0)
    assert not outcome.passed and "no ao in this phase" in outcome.text


def test_before_the_button_the_line_says_what_to_look_for():
    assert expectation(Check("epoch", "stopped at epoch {seen}", value=3)) == "○ stopped at epoch …"


def test_a_term_of_the_open_phase_is_the_step_throughs_own_value():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    walk = walk_through(trainer)
    frame = Frame(trainer.snapshot(), RunState.PAUSED, 0.0, 1, stepper=StepperFrame(walk, 1, False, 0))
    ao = float(walk.phases[1].terms[-1].value[3, 0])
    check = Check("term", "ao = {seen}", value=ao, tolerance=1e-9, term="ao")
    assert evaluate(check, frame, 3).text == f"✓ ao = {format_value(ao)}"
    assert "no point followed" in evaluate(check, frame, None).text


def test_a_cost_that_did_not_move_is_not_written_as_a_rounded_0():
    trainer = Trainer(ARTICLE_PERCEPTRON)
    trainer.train(2000)
    check = Check("cost_spread", "the cost moved by {seen}", since=1000, tolerance=1e-4)
    outcome = evaluate(check, _frame(trainer), None)
    assert outcome.passed
    assert outcome.text == "✓ the cost moved by 0 — not even in its last digit"


def test_a_small_movement_keeps_its_figures():
    trainer = Trainer(ARTICLE_PERCEPTRON)
    trainer.train(300)
    check = Check("cost_spread", "the cost moved by {seen}", since=299, tolerance=1e-4)
    history = trainer.snapshot().history
    costs = history.train_loss[history.counted >= 299]
    moved = float(costs.max() - costs.min())
    assert 0 < moved < 1e-9, "the perceptron's cost still moves in its last digits at epoch 300"
    seen = evaluate(check, _frame(trainer), None).text.removeprefix("✓ the cost moved by ")
    assert float(seen.replace("\u2212", "-")) == pytest.approx(moved, rel=1e-2)


def test_a_weights_gradient_is_named_by_its_row_and_column():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    walk = walk_through(trainer)
    frame = Frame(trainer.snapshot(), RunState.PAUSED, 0.0, 1, stepper=StepperFrame(walk, 4, False, 0))
    check = Check("term", "w1: {seen}", value=99.0, tolerance=1e-4, term="dcost_wh", index=0)
    assert "expected dcost_wh[0, 0] = 99 ± 0.0001" in evaluate(check, frame, 0).text
    shipped = next(chapter for chapter in read_tour() if "phase 2" in chapter.title.lower())
    assert any("dcost_wh[0, 0] =" in check.says for check in shipped.checks)
