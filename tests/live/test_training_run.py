"""The main window's run without a thread: edits refused in words, points put aside and brought back."""

from __future__ import annotations

import pytest

from nnplayground.core.config import ExperimentConfig
from nnplayground.live.commands import AddPoint, RemovePoint, SetBias, SetWeight, Step
from nnplayground.live.frames import RunState
from nnplayground.live.training_run import TrainingRun


def test_a_weight_the_network_does_not_have_is_refused_in_words_and_nothing_changes():
    run = TrainingRun(ExperimentConfig())
    before = run.trainer.state().network.weights[0].copy()
    refusal = run.set_parameter(SetWeight(5, 0, 0, 1.0))
    assert refusal is not None and "not in the current network" in refusal
    assert (run.trainer.state().network.weights[0] == before).all()
    assert run.set_parameter(SetBias(0, 0, 0.25)) == "this network has no bias (switch Bias on first)"
    assert run.set_parameter(SetWeight(0, 0, 0, 0.25)) is None
    assert run.trainer.state().network.weights[0][0, 0] == 0.25


def test_a_drawn_point_is_trained_on_and_a_class_cannot_lose_its_last_point():
    run = TrainingRun(ExperimentConfig())
    points = run.trainer.data.n_train
    assert run.edit_points(AddPoint(0.5, 0.5, 1.0)) is None
    assert run.trainer.data.n_train == points + 1 and run.trainer.has_imported_data
    assert run.edit_points(RemovePoint(0.5, 0.5)) is None
    assert run.trainer.data.n_train == points


def test_points_given_up_for_generated_ones_come_back_once():
    run = TrainingRun(ExperimentConfig())
    run.edit_points(AddPoint(0.5, 0.5, 1.0))
    own = run.own_points()
    run.trainer.use_generated_data()
    assert run.put_aside(own) == own[0].n_train + own[0].n_test
    assert run.set_aside_points() is own[0]
    assert run.set_aside_points() == "no points were put aside"


def test_a_frame_reuses_its_snapshot_until_the_version_changes():
    run = TrainingRun(ExperimentConfig())
    first = run.frame(RunState.PAUSED, 0.0, serial=1, version=0)
    assert run.frame(RunState.PAUSED, 0.0, serial=2, version=0).snapshot is first.snapshot
    assert first.gradients is not None, "paused frames carry the gradient for the hover read-outs"
    assert run.frame(RunState.RUNNING, 0.0, serial=3, version=1).gradients is None


def test_a_command_with_an_impossible_value_fails_where_it_is_made():
    with pytest.raises(ValueError, match="at least 1 epoch"):
        Step(0)


def test_a_costly_gradient_follows_the_paused_frame_instead_of_holding_it_up():
    """On 100 000 points × 64 units the paused frame's backward pass took 0.6–1.3 s: the window showed
    "running" for that long after Pause. The frame goes out first; the gradient comes with the next."""
    run = TrainingRun(ExperimentConfig(n_samples=20_000, hidden_layers=(64,)))
    run.trainer.train(1)
    first = run.frame(RunState.PAUSED, 0.0, serial=1, version=1)
    assert first.gradients is None and run.gradients_due()
    run.compute_due_gradients()
    second = run.frame(RunState.PAUSED, 0.0, serial=2, version=1)
    assert not run.gradients_due() and second.snapshot is first.snapshot
    network = first.snapshot.network
    expected = network.backward(network.forward(run.trainer.inputs), run.trainer.targets, "half_sse")
    assert all((a == b).all() for a, b in zip(second.gradients.weights, expected.weights))
    run.frame(RunState.PAUSED, 0.0, serial=3, version=2)
    run.frame(RunState.RUNNING, 0.0, serial=4, version=3)
    assert not run.gradients_due(), "a gradient for weights no longer shown is never computed"
