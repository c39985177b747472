"""Parameter updates: the article's plain gradient descent, momentum and Adam.

Each optimiser updates the arrays in place and keeps its own state in plain
arrays, so a checkpoint (for divergence roll-back or a saved session) is a
copy of those arrays.
"""

from __future__ import annotations

import numpy as np


class Optimiser:
    name = "gd"

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = learning_rate

    def update(self, parameters: list[np.ndarray], gradients: list[np.ndarray]) -> None:
        """The article's ``w -= lr * dcost_w``, in that order of operations."""
        lr = self.learning_rate
        for parameter, gradient in zip(parameters, gradients):
            parameter -= lr * gradient

    def state(self) -> dict[str, object]:
        return {}

    def restore(self, state: dict[str, object]) -> None:
        """Stateless: nothing to restore."""


class Momentum(Optimiser):
    """Classical momentum: ``v = μ·v − lr·g``, ``w += v``."""

    name = "momentum"

    def __init__(self, learning_rate: float, momentum: float) -> None:
        super().__init__(learning_rate)
        self.momentum = momentum
        self.velocities: list[np.ndarray] | None = None

    def update(self, parameters: list[np.ndarray], gradients: list[np.ndarray]) -> None:
        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in parameters]
        for parameter, gradient, velocity in zip(parameters, gradients, self.velocities):
            velocity *= self.momentum
            velocity -= self.learning_rate * gradient
            parameter += velocity

    def state(self) -> dict[str, object]:
        return {"velocities": None if self.velocities is None else [v.copy() for v in self.velocities]}

    def restore(self, state: dict[str, object]) -> None:
        velocities = state["velocities"]
        self.velocities = None if velocities is None else [v.copy() for v in velocities]


class Adam(Optimiser):
    """Adam (Kingma & Ba, 2015) with the usual defaults β1 = 0.9, β2 = 0.999, ε = 1e-8."""

    name = "adam"

    def __init__(self, learning_rate: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(learning_rate)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.steps = 0
        self.first: list[np.ndarray] | None = None
        self.second: list[np.ndarray] | None = None

    def update(self, parameters: list[np.ndarray], gradients: list[np.ndarray]) -> None:
        if self.first is None or self.second is None:
            self.first = [np.zeros_like(p) for p in parameters]
            self.second = [np.zeros_like(p) for p in parameters]
        self.steps += 1
        correction1 = 1 - self.beta1**self.steps
        correction2 = 1 - self.beta2**self.steps
        for parameter, gradient, m, v in zip(parameters, gradients, self.first, self.second):
            m *= self.beta1
            m += (1 - self.beta1) * gradient
            v *= self.beta2
            v += (1 - self.beta2) * gradient * gradient
            parameter -= self.learning_rate * (m / correction1) / (np.sqrt(v / correction2) + self.eps)

    def state(self) -> dict[str, object]:
        copy = (
            None if self.first is None else ([m.copy() for m in self.first], [v.copy() for v in self.second])
        )
        return {"steps": self.steps, "moments": copy}

    def restore(self, state: dict[str, object]) -> None:
        self.steps = int(state["steps"])
        moments = state["moments"]
        if moments is None:
            self.first = self.second = None
        else:
            self.first = [m.copy() for m in moments[0]]
            self.second = [v.copy() for v in moments[1]]


def make_optimiser(name: str, learning_rate: float, momentum: float) -> Optimiser:
    if name == "gd":
        return Optimiser(learning_rate)
    if name == "momentum":
        return Momentum(learning_rate, momentum)
    if name == "adam":
        return Adam(learning_rate)
    raise ValueError(f"unknown optimiser {name!r}; allowed: gd, momentum, adam")
