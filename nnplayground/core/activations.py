"""Activation functions, each with the derivative the chain rule needs.

Derivatives are written in terms of the activation's *output* ``a`` where the
article does the equivalent: the article computes ``sigmoid_der(zo)`` as
``sigmoid(zo) * (1 - sigmoid(zo))``, which is bit-for-bit ``ao * (1 - ao)``
because ``ao`` *is* ``sigmoid(zo)``. Reusing ``a`` saves an ``exp`` per layer
without changing a single bit of the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .registry import lookup


def sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-z))``, the article's formula, computed in the same order.

    ``exp(-z)`` overflows to ``inf`` for ``z < -709``; ``1 / inf`` is then ``0``,
    which is the correctly rounded answer for ``z < -745`` and within a
    subnormal of it in between. The overflow warning is therefore noise and is
    silenced, while the article's exact rounding is kept everywhere else.
    """
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))


# Below this, exp(x) < 2⁻⁵³ (and < 2⁻²⁴ in float32), so ``1 + exp(x)`` rounds to exactly 1 anyway.
SIGMOID_EXP_FLOOR = -40.0


def sigmoid_into(z: np.ndarray, out: np.ndarray) -> None:
    """``sigmoid`` written into ``out`` (which may be ``z``): the same bits."""
    np.negative(z, out=out)
    sigmoid_from_negated_into(out, out)


def sigmoid_from_negated_into(negated_z: np.ndarray, out: np.ndarray) -> None:
    """``sigmoid(z)`` from ``-z``, the article's ``1 / (1 + exp(-z))`` bit for bit, saturated or not.

    A saturated unit (``z`` in the hundreds) sends ``exp`` down its underflow
    path, several times slower per element than an ordinary argument (five
    times here, measured): a saturated network then trains several times
    slower than a healthy one. Raising the argument to ``SIGMOID_EXP_FLOOR``
    first changes no result, since every argument below it gives
    ``1 / (1 + tiny) == 1.0`` exactly, and keeps ``exp`` on its fast path.
    (The other end, ``exp`` overflowing to ``inf`` for σ = 0, cannot be
    clamped without turning those exact zeros into subnormals.)
    """
    np.maximum(negated_z, SIGMOID_EXP_FLOOR, out=out)
    np.exp(out, out=out)
    np.add(1, out, out=out)
    np.divide(1, out, out=out)


def sigmoid_derivative_from_output(a: np.ndarray) -> np.ndarray:
    return a * (1 - a)


def sigmoid_derivative_into(a: np.ndarray, out: np.ndarray) -> None:
    np.subtract(1, a, out=out)
    np.multiply(a, out, out=out)


def tanh(z: np.ndarray) -> np.ndarray:
    return np.tanh(z)


def tanh_into(z: np.ndarray, out: np.ndarray) -> None:
    np.tanh(z, out=out)


def tanh_derivative_from_output(a: np.ndarray) -> np.ndarray:
    return 1 - a * a


def tanh_derivative_into(a: np.ndarray, out: np.ndarray) -> None:
    np.multiply(a, a, out=out)
    np.subtract(1, out, out=out)


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0)


def relu_into(z: np.ndarray, out: np.ndarray) -> None:
    np.maximum(z, 0, out=out)


def relu_derivative_from_output(a: np.ndarray) -> np.ndarray:
    return (a > 0).astype(a.dtype)


def relu_derivative_into(a: np.ndarray, out: np.ndarray) -> None:
    np.greater(a, 0, out=out, casting="unsafe")


def linear(z: np.ndarray) -> np.ndarray:
    return z


def linear_into(z: np.ndarray, out: np.ndarray) -> None:
    if out is not z:
        np.copyto(out, z)


def linear_derivative_from_output(a: np.ndarray) -> np.ndarray:
    return np.ones_like(a)


def linear_derivative_into(a: np.ndarray, out: np.ndarray) -> None:
    out.fill(1)


Into = Callable[[np.ndarray, np.ndarray], None]


@dataclass(frozen=True)
class Activation:
    """A named activation: ``value(z)`` and ``derivative(a)`` (from the output).

    ``value_into(z, out)`` and ``derivative_into(a, out)`` compute the same
    bits into a preallocated array, for the training loop that reuses its
    buffers every epoch (``out`` may be ``z``: activations are taken in place).
    ``value_from_negated_into(-z, out)``, where given, takes ``-z``: the
    training loop then multiplies by negated weights (``a · (−W)`` is exactly
    ``−(a · W)``) instead of negating a whole layer of ``z``.
    Left out, they copy what ``value`` and ``derivative`` return, so an
    activation made for a test (a deliberately wrong σ′) trains as it reads.
    """

    name: str
    value: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    output_range: tuple[float, float]
    value_into: Into | None = None
    derivative_into: Into | None = None
    value_from_negated_into: Into | None = None

    def __post_init__(self) -> None:
        if self.value_into is None:
            object.__setattr__(self, "value_into", _copying(self.value))
        if self.derivative_into is None:
            object.__setattr__(self, "derivative_into", _copying(self.derivative))


def _copying(function: Callable[[np.ndarray], np.ndarray]) -> Into:
    def into(x: np.ndarray, out: np.ndarray) -> None:
        np.copyto(out, function(x))

    return into


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        "sigmoid",
        sigmoid,
        sigmoid_derivative_from_output,
        (0.0, 1.0),
        sigmoid_into,
        sigmoid_derivative_into,
        sigmoid_from_negated_into,
    ),
    "tanh": Activation(
        "tanh", tanh, tanh_derivative_from_output, (-1.0, 1.0), tanh_into, tanh_derivative_into
    ),
    "relu": Activation(
        "relu", relu, relu_derivative_from_output, (0.0, np.inf), relu_into, relu_derivative_into
    ),
    "linear": Activation(
        "linear",
        linear,
        linear_derivative_from_output,
        (-np.inf, np.inf),
        linear_into,
        linear_derivative_into,
    ),
}


def softmax(z: np.ndarray) -> np.ndarray:
    """Each row's ``exp(z) / Σ exp(z)``, after subtracting the row's maximum.

    The shift changes nothing mathematically (it cancels in the ratio) but
    keeps every ``exp`` argument ≤ 0, so no row overflows to ``inf / inf``
    and the largest entry of each row is exactly ``exp(0) = 1`` before the
    division: the probabilities always sum to 1 within rounding.
    """
    shifted = z - np.max(z, axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=1, keepdims=True)


def softmax_jacobian_diagonal(a: np.ndarray) -> np.ndarray:
    """``∂ao_k/∂zo_k = ao_k (1 − ao_k)``: only the diagonal of softmax's K×K Jacobian per sample.

    Softmax is not element-wise: every output depends on every ``zo`` of its
    row, so no element-wise slope turns ``dcost_dao`` into ``dcost_dzo``. The
    engine never multiplies by this: with cross-entropy the whole Jacobian
    folds into ``dcost_dzo = ao − one_hot(labels)`` (``network.py``). It is
    kept as the layer's ``da_dz`` record so every layer has one.
    """
    return a * (1 - a)


SOFTMAX = Activation("softmax", softmax, softmax_jacobian_diagonal, (0.0, 1.0))

# What an output layer may use; softmax is an output only (it normalises across a layer's units).
OUTPUT_ACTIVATIONS = (*ACTIVATIONS, "softmax")


def get_activation(name: str) -> Activation:
    """An element-wise activation by name, or the softmax (output layers only; ``config`` checks that)."""
    if name == "softmax":
        return SOFTMAX
    return lookup(ACTIVATIONS, name, "activation")
