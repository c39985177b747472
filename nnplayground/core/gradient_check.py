"""Backprop checked against central finite differences, on demand.

The step-through's "Gradient check" button calls this on the current weights,
so a learner can see that the chain rule's numbers are the slope of the cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .losses import get_loss
from .network import Network

EPSILON = 1e-6


@dataclass(frozen=True)
class LayerCheck:
    """Largest relative error between backprop and finite differences for one layer's parameters."""

    layer: int
    weights_error: float
    bias_error: float | None


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """‖a − n‖ / (‖a‖ + ‖n‖): scale-free, and 0 when both vanish."""
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return 0.0 if scale == 0 else float(np.linalg.norm(analytic - numeric) / scale)


def numeric_gradient(
    network: Network, parameter: np.ndarray, X: np.ndarray, y: np.ndarray, loss: str
) -> np.ndarray:
    """Central differences of the cost for each entry of ``parameter`` (nudged in place, then restored)."""
    cost = get_loss(loss).value
    numeric = np.zeros_like(parameter, dtype=np.float64)
    for index in np.ndindex(parameter.shape):
        original = parameter[index]
        parameter[index] = original + EPSILON
        plus = cost(network.predict(X), y)
        parameter[index] = original - EPSILON
        minus = cost(network.predict(X), y)
        parameter[index] = original
        numeric[index] = (plus - minus) / (2 * EPSILON)
    return numeric


def check_gradients(network: Network, X: np.ndarray, y: np.ndarray, loss: str) -> list[LayerCheck]:
    """Compare ``Network.backward`` with finite differences on a float64 copy of ``network``."""
    probe = network.copy()
    probe.weights = [w.astype(np.float64) for w in probe.weights]
    probe.biases = [None if b is None else b.astype(np.float64) for b in probe.biases]
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    gradients = probe.backward(probe.forward(X), y, loss)
    checks = []
    for layer, (weights, bias) in enumerate(zip(probe.weights, probe.biases)):
        weights_error = relative_error(gradients.weights[layer], numeric_gradient(probe, weights, X, y, loss))
        bias_error = (
            None
            if bias is None
            else relative_error(gradients.biases[layer], numeric_gradient(probe, bias, X, y, loss))
        )
        checks.append(LayerCheck(layer, weights_error, bias_error))
    return checks
