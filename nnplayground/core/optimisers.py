"""Parameter updates: the article's plain gradient descent, momentum and Adam.

Each optimiser updates the arrays in place and keeps its own state in plain
arrays. ``state()`` is a flat name → array mapping (copies), so a checkpoint
for divergence roll-back and a saved session store it the same way.
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

    def state(self) -> dict[str, np.ndarray]:
        return {}

    def restore(self, state: dict[str, np.ndarray]) -> None:
        """Stateless: nothing to restore."""


def _stack(prefix: str, arrays: list[np.ndarray] | None) -> dict[str, np.ndarray]:
    return {} if arrays is None else {f"{prefix}/{i}": a.copy() for i, a in enumerate(arrays)}


def _unstack(prefix: str, state: dict[str, np.ndarray]) -> list[np.ndarray] | None:
    count = sum(1 for name in state if name.startswith(f"{prefix}/"))
    return [np.array(state[f"{prefix}/{i}"]) for i in range(count)] if count else None


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

    def state(self) -> dict[str, np.ndarray]:
        return _stack("velocity", self.velocities)

    def restore(self, state: dict[str, np.ndarray]) -> None:
        self.velocities = _unstack("velocity", state)


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

    def state(self) -> dict[str, np.ndarray]:
        return {"steps": np.array(self.steps), **_stack("first", self.first), **_stack("second", self.second)}

    def restore(self, state: dict[str, np.ndarray]) -> None:
        self.steps = int(state.get("steps", 0))
        self.first, self.second = _unstack("first", state), _unstack("second", state)


def make_optimiser(name: str, learning_rate: float, momentum: float) -> Optimiser:
    if name == "gd":
        return Optimiser(learning_rate)
    if name == "momentum":
        return Momentum(learning_rate, momentum)
    if name == "adam":
        return Adam(learning_rate)
    raise ValueError(f"unknown optimiser {name!r}; allowed: gd, momentum, adam")
