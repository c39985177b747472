"""Backprop against central finite differences, for every configuration the UI offers."""

import itertools

import numpy as np
import pytest

from nnplayground.core.activations import ACTIVATIONS
from nnplayground.core.losses import LOSSES, get_loss
from nnplayground.core.network import Network

EPSILON = 1e-6
TOLERANCE = 1e-6


def _relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return 0.0 if scale == 0 else float(np.linalg.norm(analytic - numeric) / scale)


def _numeric_gradient(network: Network, parameter: np.ndarray, X, y, loss_name: str) -> np.ndarray:
    loss = get_loss(loss_name)
    numeric = np.zeros_like(parameter)
    for index in np.ndindex(parameter.shape):
        original = parameter[index]
        parameter[index] = original + EPSILON
        plus = loss.value(network.predict(X), y)
        parameter[index] = original - EPSILON
        minus = loss.value(network.predict(X), y)
        parameter[index] = original
        numeric[index] = (plus - minus) / (2 * EPSILON)
    return numeric


CASES = [
    (hidden, output, loss, bias, depth)
    for hidden, output, loss, bias, depth in itertools.product(
        ACTIVATIONS, ACTIVATIONS, LOSSES, (False, True), (0, 1, 3)
    )
    if not (loss == "log_loss" and output != "sigmoid") and not (depth == 0 and hidden != "sigmoid")
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
    gradients = network.backward(network.forward(X), y, loss)
    for layer, (W, b) in enumerate(zip(network.weights, network.biases)):
        numeric = _numeric_gradient(network, W, X, y, loss)
        assert _relative_error(gradients.weights[layer], numeric) < TOLERANCE, f"weights of layer {layer}"
        if b is not None:
            numeric = _numeric_gradient(network, b, X, y, loss)
            assert _relative_error(gradients.biases[layer], numeric) < TOLERANCE, f"bias of layer {layer}"


def test_article_quirk_is_not_the_true_gradient():
    """The article-exact perceptron follows the article, not the calculus; say so with a test."""
    rng = np.random.RandomState(42)
    X = rng.normal(size=(20, 2))
    y = (X[:, :1] > 0).astype(float)
    network = Network.initialise([2, 1], bias=True, initialiser="article", rng=rng, perceptron_quirks=True)
    gradients = network.backward(network.forward(X), y, "half_sse")
    numeric = _numeric_gradient(network, network.weights[0], X, y, "half_sse")
    assert _relative_error(gradients.weights[0], numeric) > 1e-2
