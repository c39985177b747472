"""Saturated and dead hidden neurons: found where they are, not on the article's healthy network."""

from __future__ import annotations

import numpy as np
import pytest

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.diagnostics import MAX_POINTS, Diagnosis, NeuronIssue, advice, diagnose
from nnplayground.core.network import Network
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.core.trainer import Trainer


def saturated_on_purpose(activation: str = "sigmoid") -> Trainer:
    """The article's network with every hidden weight multiplied by 1 000: each hidden σ is 0 or 1."""
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER.replace(hidden_activation=activation))
    trainer.network.weights[0] *= 1_000
    return trainer


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_a_network_made_saturated_on_purpose_has_every_hidden_neuron_marked(activation):
    trainer = saturated_on_purpose(activation)
    diagnosis = diagnose(trainer.network, trainer.inputs)
    assert [(issue.layer, issue.unit, issue.kind) for issue in diagnosis.issues] == [
        (1, unit, "saturated") for unit in range(4)
    ]
    assert diagnosis.mostly_stuck
    assert all(
        "σ′ < 0.01" in issue.reason and "of the 100 points" in issue.reason for issue in diagnosis.issues
    )
    said = advice(diagnosis, "half_sse", "article")
    assert said.startswith("4 of 4 hidden neurons saturated — try ")
    for fix in ("lower learning rate", "mean-based loss", "another initialiser"):
        assert fix in said
    # A mean-based loss already in use is not suggested again.
    assert "mean-based" not in advice(diagnosis, "mse", "glorot")


@pytest.mark.parametrize("epochs", [0, 1, 1_000, 5_000])
def test_the_article_network_has_no_marks_preset_or_trained(epochs):
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(epochs)
    diagnosis = diagnose(trainer.network, trainer.inputs)
    assert diagnosis.issues == ()
    assert advice(diagnosis, "half_sse", "article") is None


@pytest.mark.slow
def test_after_200_000_epochs_two_article_neurons_act_as_steps_but_the_status_bar_stays_quiet():
    """By the issue's own rule, ah3 and ah4 of the fully trained article network are saturated (σ′ < 0.01
    on ~95 % and ~91 % of the points: weights of ±60 make them steps); half the network is not "most"."""
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(200_000)
    diagnosis = diagnose(trainer.network, trainer.inputs)
    assert {(issue.layer, issue.unit) for issue in diagnosis.issues} == {(1, 2), (1, 3)}
    assert advice(diagnosis, "half_sse", "article") is None


def test_a_relu_neuron_that_is_zero_on_every_point_is_dead_and_only_that_one():
    trainer = Trainer(ExperimentConfig(hidden_layers=(3,), hidden_activation="relu", bias=True))
    network = trainer.network
    network.weights[0][:, 1] = -1.0
    network.biases[0][1] = -100.0
    diagnosis = diagnose(network, trainer.inputs)
    assert [(issue.layer, issue.unit, issue.kind) for issue in diagnosis.issues] == [(1, 1, "dead")]
    assert "ReLU outputs 0 on all 100 points" in diagnosis.issues[0].reason
    assert not diagnosis.mostly_stuck
    network.weights[0][:] = -1.0
    network.biases[0][:] = -100.0
    everything = diagnose(network, trainer.inputs)
    assert everything.mostly_stuck
    assert advice(everything, "half_sse", "he").startswith(
        "3 of 3 hidden neurons dead (ReLU zero everywhere) — try"
    )


def test_deeper_layers_are_numbered_by_their_diagram_column():
    network = Network.initialise(
        [2, 3, 3, 1], bias=False, initialiser="glorot", rng=np.random.RandomState(0), hidden_activation="tanh"
    )
    network.weights[1] *= 1e4
    X = np.random.RandomState(1).uniform(-1, 1, (50, 2))
    issues = diagnose(network, X).issues
    assert issues and {issue.layer for issue in issues} == {2}


def test_huge_data_is_judged_on_a_bounded_subsample():
    trainer = Trainer(ExperimentConfig(n_samples=50_000, loss="mse"))
    diagnosis = diagnose(trainer.network, trainer.inputs)
    assert diagnosis.points == MAX_POINTS
    trainer.network.weights[0] *= 1_000
    assert diagnose(trainer.network, trainer.inputs).mostly_stuck


def test_a_mix_of_saturated_and_dead_neurons_is_named_as_both():
    mixed = Diagnosis(
        (NeuronIssue(1, 0, "saturated", ""), NeuronIssue(1, 1, "dead", ""), NeuronIssue(2, 0, "dead", "")),
        4,
        100,
    )
    assert mixed.mostly_stuck
    assert advice(mixed, "mse", "he").startswith("3 of 4 hidden neurons saturated or dead — try")
