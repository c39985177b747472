"""Cost functions: the value reported to the user and ``dcost_dao``.

``half_sse`` is the article's cost, ``(1/2) * (ao - labels)**2`` summed over
the samples: the figure the article prints (4.17, 1.50) and whose gradient is
the article's ``dcost_dao = ao - labels``. The article's text calls it MSE and
drops the ``2/n``; we keep its arithmetic and name it for what it computes.

``cross_entropy`` is the categorical cost of a softmax output, ``−Σ log
ao[label]``, *summed* over the samples like ``half_sse`` (not averaged like
``mse`` and ``log_loss``), so its gradient ``ao − one_hot`` carries no ``1/n``.
Its ``labels`` are the one-hot targets the trainer builds once per run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .registry import lookup

LOG_LOSS_EPSILON = 1e-12


def half_sse(ao: np.ndarray, labels: np.ndarray) -> float:
    """The article's ``((1 / 2) * np.power(ao - labels, 2)).sum()``, same rounding."""
    return float(((1 / 2) * np.power(ao - labels, 2)).sum())


def half_sse_gradient(ao: np.ndarray, labels: np.ndarray) -> np.ndarray:
    return ao - labels


def half_sse_gradient_into(ao: np.ndarray, labels: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> None:
    np.subtract(ao, labels, out=out)


def mean_squared_error(ao: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(np.square(ao - labels)))


def mean_squared_error_gradient(ao: np.ndarray, labels: np.ndarray) -> np.ndarray:
    return 2 * (ao - labels) / ao.shape[0]


def mean_squared_error_gradient_into(
    ao: np.ndarray, labels: np.ndarray, out: np.ndarray, scratch: np.ndarray
) -> None:
    np.subtract(ao, labels, out=out)
    np.multiply(2, out, out=out)
    np.divide(out, ao.shape[0], out=out)


def _clipped(ao: np.ndarray) -> np.ndarray:
    return np.clip(ao, LOG_LOSS_EPSILON, 1 - LOG_LOSS_EPSILON)


def log_loss(ao: np.ndarray, labels: np.ndarray) -> float:
    """Binary cross-entropy, clipped so a saturated output costs ~27.6, not inf."""
    p = _clipped(ao)
    return float(-np.mean(labels * np.log(p) + (1 - labels) * np.log(1 - p)))


def log_loss_gradient(ao: np.ndarray, labels: np.ndarray) -> np.ndarray:
    p = _clipped(ao)
    return (p - labels) / (p * (1 - p)) / ao.shape[0]


def log_loss_gradient_into(ao: np.ndarray, labels: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> None:
    """``log_loss_gradient`` into ``out``, the same operations; ``scratch`` is ``ao``'s shape."""
    p = np.clip(ao, LOG_LOSS_EPSILON, 1 - LOG_LOSS_EPSILON, out=scratch)
    np.subtract(1, p, out=out)
    np.multiply(p, out, out=out)
    np.subtract(p, labels, out=p)
    np.divide(p, out, out=out)
    np.divide(out, ao.shape[0], out=out)


def cross_entropy(ao: np.ndarray, targets: np.ndarray) -> float:
    """``−Σ targets · log ao`` from probabilities; ``cross_entropy_from_logits`` is the stable form.

    A probability that underflowed to 0 costs ``inf`` here; the engine
    therefore computes its cost from ``zo`` wherever it has it. This form is
    for callers that only hold ``ao`` (an exported script's reader, a check).
    """
    with np.errstate(divide="ignore"):
        return float(-np.sum(targets * np.log(ao), where=targets != 0))


def log_softmax(zo: np.ndarray) -> np.ndarray:
    """``log softmax(zo)`` as ``shifted − log Σ exp(shifted)``, ``shifted = zo − row max``.

    Finite for any finite ``zo``: a class ``z`` 800 below the row's largest
    gets ``log ao = −800``, where ``log(softmax(zo))`` would be ``log 0 = −inf``.
    """
    shifted = zo - np.max(zo, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def cross_entropy_from_logits(zo: np.ndarray, targets: np.ndarray) -> float:
    """The cost ``−Σ log ao[label]`` from the output layer's ``zo`` (the numerically stable form)."""
    return float(-np.sum(targets * log_softmax(zo)))


def cross_entropy_gradient(ao: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """``dcost_dao = −targets / ao``: recorded, never trained on (``ao − targets`` is ``dcost_dzo``)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(targets != 0, -targets / ao, 0.0)


def cross_entropy_gradient_into(
    ao: np.ndarray, targets: np.ndarray, out: np.ndarray, scratch: np.ndarray
) -> None:
    np.copyto(out, cross_entropy_gradient(ao, targets))


@dataclass(frozen=True)
class Loss:
    """A named cost; ``gradient_into(ao, labels, out, scratch)`` is ``gradient`` into buffers, same bits.

    ``value_from_logits(zo, labels)``, where given, is the cost computed from
    the output layer's ``zo`` rather than from ``ao``: what the engine reports
    for a softmax output (see ``cross_entropy_from_logits``).
    """

    name: str
    label: str
    value: Callable[[np.ndarray, np.ndarray], float]
    gradient: Callable[[np.ndarray, np.ndarray], np.ndarray]
    needs_probability: bool
    gradient_into: Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], None]
    value_from_logits: Callable[[np.ndarray, np.ndarray], float] | None = None


LOSSES: dict[str, Loss] = {
    "half_sse": Loss(
        "half_sse", "½·Σ(ao−y)² (article)", half_sse, half_sse_gradient, False, half_sse_gradient_into
    ),
    "mse": Loss(
        "mse",
        "mean squared error",
        mean_squared_error,
        mean_squared_error_gradient,
        False,
        mean_squared_error_gradient_into,
    ),
    "log_loss": Loss(
        "log_loss", "log-loss (cross-entropy)", log_loss, log_loss_gradient, True, log_loss_gradient_into
    ),
    "cross_entropy": Loss(
        "cross_entropy",
        "cross-entropy",
        cross_entropy,
        cross_entropy_gradient,
        True,
        cross_entropy_gradient_into,
        cross_entropy_from_logits,
    ),
}


def get_loss(name: str) -> Loss:
    return lookup(LOSSES, name, "loss")
