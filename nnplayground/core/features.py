"""Input features computed from a point (x1, x2), TensorFlow Playground's set.

Each feature is kept as a NumPy function *and* as the source text that
computes it, side by side, so the exported script computes exactly the
columns the engine trained on (a test runs the script to prove it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

DEFAULT_FEATURES = ("x1", "x2")


@dataclass(frozen=True)
class Feature:
    name: str
    label: str
    source: str
    compute: Callable[[np.ndarray, np.ndarray], np.ndarray]


FEATURES: dict[str, Feature] = {
    feature.name: feature
    for feature in (
        Feature("x1", "x₁", "x1", lambda x1, x2: x1),
        Feature("x2", "x₂", "x2", lambda x1, x2: x2),
        Feature("x1^2", "x₁²", "x1 * x1", lambda x1, x2: x1 * x1),
        Feature("x2^2", "x₂²", "x2 * x2", lambda x1, x2: x2 * x2),
        Feature("x1*x2", "x₁·x₂", "x1 * x2", lambda x1, x2: x1 * x2),
        Feature("sin(x1)", "sin x₁", "np.sin(x1)", lambda x1, x2: np.sin(x1)),
        Feature("sin(x2)", "sin x₂", "np.sin(x2)", lambda x1, x2: np.sin(x2)),
    )
}


def transform(points: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """The feature columns for ``points`` (n×2); the points themselves for the article's (x1, x2).

    Squaring a coordinate of 1e300 overflows to infinity without a warning: such a column is data
    the run cannot learn from, which the divergence it causes reports (``advice.data_cause``).
    """
    if names == DEFAULT_FEATURES:
        return points
    x1, x2 = points[:, 0], points[:, 1]
    with np.errstate(over="ignore"):
        return np.column_stack([FEATURES[name].compute(x1, x2) for name in names])
