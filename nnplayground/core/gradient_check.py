"""Backprop checked against central finite differences, on demand.

The step-through's "Gradient check" button calls this on the current weights,
so a learner can see that the chain rule's numbers are the slope of the cost.
Each checked entry costs two forward passes, so a large network is checked
on a seeded random sample of each array's entries: a wrong backprop formula
is wrong for almost every entry of its array, so a sample still catches it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network


@dataclass(frozen=True)
class LayerCheck:
    """Relative error between backprop and finite differences for one layer's parameters.

    ``checked`` counts the weight entries compared (all of them unless sampled).
    An error is NaN and its ``*_vanish`` flag set when both gradients are
    within rounding noise of zero (a saturated network): zero against zero
    says nothing about backprop, so it is neither a pass nor a failure.
    """

    layer: int
    weights_error: float
    bias_error: float | None
    checked: int = 0
    total: int = 0
    weights_vanish: bool = False
    bias_vanish: bool = False


EPSILON = 1e-6
# Central differences of a cost of ~100 carry rounding noise of ~1e-8 per entry. Gradients whose
# size is within that noise (a saturated network's: backprop ~1e-16, differences pure noise)
# cannot be compared: they are reported as vanishing, neither as agreeing nor as a false alarm.
NOISE_FLOOR = 1e-7


def vanishes(analytic: np.ndarray, numeric: np.ndarray) -> bool:
    """True when both gradients are no bigger than the differences' rounding noise."""
    scale = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
    return bool(scale <= NOISE_FLOOR * np.sqrt(max(np.size(analytic), 1)))


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """‖a − n‖ / (‖a‖ + ‖n‖): scale-free; NaN when both vanish, since there is nothing to compare."""
    if vanishes(analytic, numeric):
        return float("nan")
    return float(np.linalg.norm(analytic - numeric)) / float(
        np.linalg.norm(analytic) + np.linalg.norm(numeric)
    )


def numeric_gradient(
    network: Network,
    parameter: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    loss: str,
    indices: np.ndarray | None = None,
) -> np.ndarray:
    """Central differences of the cost for entries of ``parameter`` (nudged in place, then restored).

    The cost is ``Network.cost``, the figure the trainer reports (a softmax's
    from its log-softmax), so the check compares backprop with the slope of
    what the learner sees.

    ``indices`` (flat positions) limits the work to a sample; the result then holds just those entries.
    """

    def cost() -> float:
        return network.cost(network.forward(X), y, loss)

    flat = parameter.reshape(-1)
    positions = np.arange(flat.size) if indices is None else indices
    numeric = np.zeros(len(positions), dtype=np.float64)
    for slot, position in enumerate(positions):
        original = flat[position]
        flat[position] = original + EPSILON
        plus = cost()
        flat[position] = original - EPSILON
        minus = cost()
        flat[position] = original
        numeric[slot] = (plus - minus) / (2 * EPSILON)
    return numeric if indices is not None else numeric.reshape(parameter.shape)


def check_gradients(
    network: Network,
    X: np.ndarray,
    y: np.ndarray,
    loss: str,
    *,
    max_entries: int | None = None,
    seed: int = 0,
) -> list[LayerCheck]:
    """Compare ``Network.backward`` with finite differences on a float64 copy of ``network``.

    With ``max_entries``, each weight or bias array larger than that is checked
    on that many entries drawn with ``seed``.
    """
    probe = network.copy()
    probe.weights = [w.astype(np.float64) for w in probe.weights]
    probe.biases = [None if b is None else b.astype(np.float64) for b in probe.biases]
    X, y = np.asarray(X, dtype=np.float64), probe.targets(np.asarray(y, dtype=np.float64))
    gradients = probe.backward(probe.forward(X), y, loss)
    rng = np.random.default_rng(seed)

    def compare(parameter: np.ndarray, analytic: np.ndarray) -> tuple[float, int, bool]:
        indices = None
        if max_entries is not None and parameter.size > max_entries:
            indices = np.sort(rng.choice(parameter.size, size=max_entries, replace=False))
        numeric = numeric_gradient(probe, parameter, X, y, loss, indices)
        chosen = analytic if indices is None else analytic.reshape(-1)[indices]
        return relative_error(chosen, numeric), numeric.size, vanishes(chosen, numeric)

    checks = []
    for layer, (weights, bias) in enumerate(zip(probe.weights, probe.biases)):
        weights_error, checked, weights_vanish = compare(weights, gradients.weights[layer])
        bias_error, _, bias_vanish = (
            (None, 0, False) if bias is None else compare(bias, gradients.biases[layer])
        )
        checks.append(
            LayerCheck(layer, weights_error, bias_error, checked, weights.size, weights_vanish, bias_vanish)
        )
    return checks
