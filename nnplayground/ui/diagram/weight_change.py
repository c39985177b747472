"""The last update's Δw, as the diagram's edges draw it (no Qt: plain arrays)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WeightChange:
    """``after − before`` for every weight matrix and bias vector (None where there is no bias)."""

    weights: list[np.ndarray]
    biases: list[np.ndarray | None]

    def at(self, layer: int, row: int, column: int) -> float:
        if row < 0:
            bias = self.biases[layer]
            return float("nan") if bias is None else float(bias[column])
        return float(self.weights[layer][row, column])


def weight_change(
    before: list[np.ndarray],
    before_biases: list[np.ndarray | None],
    after: list[np.ndarray],
    after_biases: list[np.ndarray | None],
) -> WeightChange | None:
    """The change from one set of parameters to another of the same shapes; None if they do not match."""
    if [w.shape for w in before] != [w.shape for w in after] or [b is None for b in before_biases] != [
        b is None for b in after_biases
    ]:
        return None
    return WeightChange(
        [new - old for old, new in zip(before, after)],
        [None if old is None else new - old for old, new in zip(before_biases, after_biases)],
    )
