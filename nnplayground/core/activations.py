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


def sigmoid_derivative_from_output(a: np.ndarray) -> np.ndarray:
    return a * (1 - a)


def tanh(z: np.ndarray) -> np.ndarray:
    return np.tanh(z)


def tanh_derivative_from_output(a: np.ndarray) -> np.ndarray:
    return 1 - a * a


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0)


def relu_derivative_from_output(a: np.ndarray) -> np.ndarray:
    return (a > 0).astype(a.dtype)


def linear(z: np.ndarray) -> np.ndarray:
    return z


def linear_derivative_from_output(a: np.ndarray) -> np.ndarray:
    return np.ones_like(a)


@dataclass(frozen=True)
class Activation:
    """A named activation: ``value(z)`` and ``derivative(a)`` (from the output)."""

    name: str
    value: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    output_range: tuple[float, float]


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative_from_output, (0.0, 1.0)),
    "tanh": Activation("tanh", tanh, tanh_derivative_from_output, (-1.0, 1.0)),
    "relu": Activation("relu", relu, relu_derivative_from_output, (0.0, np.inf)),
    "linear": Activation("linear", linear, linear_derivative_from_output, (-np.inf, np.inf)),
}


def get_activation(name: str) -> Activation:
    return lookup(ACTIVATIONS, name, "activation")
