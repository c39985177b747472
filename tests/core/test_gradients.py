"""Backprop against central finite differences, for every configuration the UI offers."""

import itertools

import numpy as np
import pytest

from nnplayground.core.activations import ACTIVATIONS, Activation, sigmoid, tanh
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.features import FEATURES
from nnplayground.core.gradient_check import check_gradients
from nnplayground.core.losses import LOSSES
from nnplayground.core.network import Network
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.core.trainer import Trainer

TOLERANCE = 1e-6


CASES = [
    (hidden, output, loss, bias, depth)
    for hidden, output, loss, bias, depth in itertools.product(
        ACTIVATIONS, ACTIVATIONS, LOSSES, (False, True), (0, 1, 3)
    )
    if not (loss == "log_loss" and output != "sigmoid")
    and not (depth == 0 and hidden != "sigmoid")
    and loss != "cross_entropy"  # softmax only: tests/core/test_softmax.py
]


@pytest.mark.parametrize(("hidden", "output", "loss", "bias", "depth"), CASES)
def test_backward_matches_finite_differences(hidden, output, loss, bias, depth):
    rng = np.random.RandomState(7)
    X = rng.normal(size=(12, 2))
    y = (rng.rand(12, 1) > 0.5).astype(float)
    sizes = [2, *([3] * depth), 1]
    network = Network.initialise(
        sizes, bias=bias, initialiser="glorot", rng=rng, hidden_activation=hidden, output_activation=output
    )
    for b in network.biases:
        if b is not None:
            b[...] = rng.normal(scale=0.5, size=b.shape)
    for check in check_gradients(network, X, y, loss):
        # A dead ReLU output passes no gradient at all: nothing to compare, which is not a failure.
        assert check.weights_vanish or check.weights_error < TOLERANCE, f"weights of layer {check.layer}"
        assert check.bias_vanish or check.bias_error is None or check.bias_error < TOLERANCE, (
            f"bias of layer {check.layer}"
        )


def test_the_check_catches_a_wrong_gradient(monkeypatch):
    """A check that cannot fail proves nothing: break σ′ and watch it fail."""
    network = Trainer(ARTICLE_ONE_HIDDEN_LAYER).network
    X = np.random.RandomState(0).normal(size=(20, 2))
    y = (X[:, :1] > 0).astype(float)
    wrong = Activation("sigmoid", sigmoid, lambda a: a * (1 - a) * 1.01, (0.0, 1.0))
    monkeypatch.setitem(ACTIVATIONS, "sigmoid", wrong)
    broken = Network(network.weights, network.biases)
    assert max(check.weights_error for check in check_gradients(broken, X, y, "half_sse")) > 1e-3


def test_the_article_network_passes_the_check_on_its_own_data():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(1_000)
    checks = check_gradients(trainer.network, trainer.data.X_train, trainer.data.y_train, "half_sse")
    assert len(checks) == 2 and all(check.weights_error < TOLERANCE for check in checks)


def test_article_quirk_is_not_the_true_gradient():
    """The article-exact perceptron follows the article, not the calculus; say so with a test."""
    rng = np.random.RandomState(42)
    X = rng.normal(size=(20, 2))
    y = (X[:, :1] > 0).astype(float)
    network = Network.initialise([2, 1], bias=True, initialiser="article", rng=rng, perceptron_quirks=True)
    assert check_gradients(network, X, y, "half_sse")[0].weights_error > 1e-2


def test_gradients_still_pass_with_every_input_feature_on():
    config = ExperimentConfig(
        input_features=tuple(FEATURES), bias=True, hidden_layers=(4, 3), hidden_activation="tanh"
    )
    trainer = Trainer(config)
    trainer.train(50)
    assert trainer.inputs.shape[1] == len(FEATURES)
    for check in check_gradients(trainer.network, trainer.inputs, trainer.labels, config.loss):
        assert check.weights_error < TOLERANCE
        assert check.bias_error is not None and check.bias_error < TOLERANCE


def _deep_wide_trainer() -> Trainer:
    config = ExperimentConfig(
        n_samples=400,
        learning_rate=0.01,
        initialiser="he",
        hidden_layers=(64,) * 6,
        input_features=tuple(FEATURES),
        bias=True,
        hidden_activation="tanh",
    )
    trainer = Trainer(config)
    trainer.train(3)
    return trainer


def test_the_largest_network_is_checked_on_a_sample_instead_of_refused():
    """6 × 64 with every feature: too big to nudge all 21 000 weights, so each array is sampled."""
    from nnplayground.live.gradient_report import run_check

    trainer = _deep_wide_trainer()
    report = run_check(trainer.network, trainer.inputs, trainer.labels, "half_sse", version=1)
    assert not report.refused
    assert len(report.checks) == 7
    assert all(0 < check.checked < check.total for check in report.checks[1:-1])
    assert all(check.weights_error < TOLERANCE for check in report.checks)


def test_a_sampled_check_still_catches_a_wrong_gradient(monkeypatch):
    trainer = _deep_wide_trainer()
    wrong = Activation("tanh", tanh, lambda a: (1 - a * a) * 1.01, (-1.0, 1.0))
    monkeypatch.setitem(ACTIVATIONS, "tanh", wrong)
    network = trainer.network
    broken = Network(network.weights, network.biases, hidden_activation="tanh")
    checks = check_gradients(broken, trainer.inputs[:20], trainer.labels[:20], "half_sse", max_entries=8)
    assert max(check.weights_error for check in checks[:-1]) > 1e-3


def test_a_saturated_network_is_not_a_false_alarm():
    """All-positive article weights saturate 16 units: both gradients are ~0, which is no failure."""
    trainer = Trainer(ExperimentConfig(hidden_layers=(16, 16), input_features=tuple(FEATURES), bias=True))
    trainer.train(3)
    checks = check_gradients(trainer.network, trainer.inputs[:20], trainer.labels[:20], "half_sse")
    assert not any(check.weights_error > TOLERANCE for check in checks)
    assert not any(check.bias_error > TOLERANCE for check in checks)


def test_a_saturated_network_says_its_gradients_vanish_rather_than_pass():
    """6 × 64 article weights: zero against zero for every layer is reported as such, never as ✓ 0.0e+00."""
    from nnplayground.live.gradient_report import run_check, summary_lines

    config = ExperimentConfig(hidden_layers=(64,) * 6, input_features=tuple(FEATURES), bias=True)
    trainer = Trainer(config)
    report = run_check(trainer.network, trainer.inputs, trainer.labels, config.loss, version=1)
    lines = summary_lines(report, tuple(trainer.network.layer_sizes))
    assert len(lines) == 14
    assert all("gradients vanish (saturated)" in line and "✓" not in line for line in lines)
    assert all(check.weights_vanish and check.bias_vanish for check in report.checks)


def test_a_healthy_network_is_scored_not_called_vanishing():
    from nnplayground.live.gradient_report import run_check, summary_lines

    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    report = run_check(trainer.network, trainer.inputs, trainer.labels, "half_sse", version=1)
    lines = summary_lines(report, tuple(trainer.network.layer_sizes))
    assert [line.split(":")[0] for line in lines] == ["✓ wh", "✓ wo"]
    assert not any(check.weights_vanish for check in report.checks)
