"""Parameter updates: the article's plain gradient descent, momentum and Adam.

Each optimiser updates the arrays in place and keeps its own state in plain
arrays. ``state()`` is a flat name → array mapping (copies), so a checkpoint
for divergence roll-back and a saved session store it the same way.

Intermediate results go to scratch arrays kept from one update to the next
(a mini-batch epoch is thousands of updates); each is computed with the
operations, in the order, of the formula in the docstring, so the bits are
those of the plain expression.
"""

from __future__ import annotations

import numpy as np


class Optimiser:
    name = "gd"

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = learning_rate
        self._scratch: list[list[np.ndarray]] = []
        self._shapes: list[tuple[tuple[int, ...], np.dtype]] = []

    def _buffers(self, parameters: list[np.ndarray], count: int) -> list[list[np.ndarray]]:
        """``count`` scratch arrays per parameter, made again only when the parameters' shapes change."""
        shapes = [(p.shape, p.dtype) for p in parameters]
        if shapes != self._shapes or len(self._scratch[0] if self._scratch else ()) < count:
            self._shapes = shapes
            self._scratch = [[np.empty_like(p) for _ in range(count)] for p in parameters]
        return self._scratch

    def update(self, parameters: list[np.ndarray], gradients: list[np.ndarray]) -> None:
        """The article's ``w -= lr * dcost_w``, in that order of operations."""
        lr = self.learning_rate
        for parameter, gradient, (step,) in zip(parameters, gradients, self._buffers(parameters, 1)):
            np.multiply(lr, gradient, out=step)
            np.subtract(parameter, step, out=parameter)

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
        lr, momentum = self.learning_rate, self.momentum
        buffers = self._buffers(parameters, 1)
        for parameter, gradient, velocity, (step,) in zip(parameters, gradients, self.velocities, buffers):
            np.multiply(velocity, momentum, out=velocity)
            np.multiply(lr, gradient, out=step)
            np.subtract(velocity, step, out=velocity)
            np.add(parameter, velocity, out=parameter)

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
        beta1, beta2, lr, eps = self.beta1, self.beta2, self.learning_rate, self.eps
        buffers = self._buffers(parameters, 2)
        for parameter, gradient, m, v, (step, scale) in zip(
            parameters, gradients, self.first, self.second, buffers
        ):
            # m = β1·m + (1 − β1)·g;  v = β2·v + (1 − β2)·g·g
            np.multiply(m, beta1, out=m)
            np.multiply(1 - beta1, gradient, out=step)
            np.add(m, step, out=m)
            np.multiply(v, beta2, out=v)
            np.multiply(1 - beta2, gradient, out=step)
            np.multiply(step, gradient, out=step)
            np.add(v, step, out=v)
            # w -= lr · (m / c1) / (√(v / c2) + ε)
            np.divide(m, correction1, out=step)
            np.multiply(lr, step, out=step)
            np.divide(v, correction2, out=scale)
            np.sqrt(scale, out=scale)
            np.add(scale, eps, out=scale)
            np.divide(step, scale, out=step)
            np.subtract(parameter, step, out=parameter)

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
