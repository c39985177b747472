"""Why a run behaves as it does, in one sentence: the summed cost on many points, or overflowing data.

The article's cost ``½·Σ(ao − y)²`` adds up one term per point, so its
gradient, and the step ``lr · gradient``, grows with the number of points the
update sums over. The article's learning rate 0.5 was tuned for 100 points;
on 100 000 the same rate takes steps 1 000× as large, and the sigmoids
saturate in the first epoch (hidden activations ~1e-137, cost 27 014, 50 %)
with nothing on screen saying why. Mean squared error and log-loss average
over the points, so their step does not grow with the data, and Adam divides
the gradient's scale out; neither needs this advice. Log-loss comes first in
it: its gradient ``ao − y`` does not vanish with a saturated output, and on
100 000 points a 2-64-1 net trained with it (84 % in 30 epochs) where ½·Σ at
the article's step (lr 0.0005) and mean squared error, both from the
article's initial weights, stayed at 50 % (2-4-1 at lr 0.0005: 89 %).

The same sum explains the test cost shown beside the training cost: it adds
up fewer points, so it is smaller for an equally good fit.

A divergence is not always the learning rate's doing: points at 1e300, a
squared feature of them, or regression targets of 1e300 overflow at any rate,
and ``divergence_message`` names that cause instead of "lower the learning rate".
"""

from __future__ import annotations

import math

import numpy as np

from .config import ExperimentConfig
from .datasets import Dataset
from .features import FEATURES, transform
from .network import Network
from .trainer import Divergence

SUMMED_LOSSES = ("half_sse",)
# The article's run: lr 0.5 on 100 points. Its effective step lr · n is the yardstick.
ARTICLE_STEP = 0.5 * 100
# Measured (2 000 epochs, lr 0.5, 2-4-1): moons learn on 400 points (4×, 90 %) and stop at 50 % from
# 450 (4.5×); XOR stops at 800 (8×). Warn from five times the article's effective step.
WARN_RATIO = 5


def points_per_update(config: ExperimentConfig, n_train: int) -> int:
    """How many points one update's gradient sums over: all of them, or one mini-batch."""
    if config.full_batch or config.batch_size >= n_train:
        return n_train
    return config.batch_size


def step_ratio(config: ExperimentConfig, n_train: int) -> float:
    """The effective step ``lr · points`` against the article's; 1 for the article's own run."""
    return config.learning_rate * points_per_update(config, n_train) / ARTICLE_STEP


def summed_cost_advice(config: ExperimentConfig, n_train: int) -> str | None:
    """Why the summed cost makes the step too big for the points, and what to do; else None."""
    if config.loss not in SUMMED_LOSSES or config.optimiser == "adam":
        return None
    ratio = step_ratio(config, n_train)
    if ratio < WARN_RATIO:
        return None
    points = points_per_update(config, n_train)
    over = f"{_count(points)} points" + ("" if points == n_train else " per mini-batch")
    suggested = ARTICLE_STEP / points
    times = _count(round(ratio))
    return (
        f"½·Σ sums over {over}: its gradient, and so each step at learning rate "
        f"{config.learning_rate:g}, is {times}× the article's (lr 0.5 on 100 points), which "
        "can saturate the network at once (it then stays at 50 %). Use log-loss, which averages "
        "over the points and goes on learning from a saturated output; or lower the learning rate "
        f"(about {suggested:.2g} takes the article's step) and Reset, which rescues a few hidden "
        "units but not a wide layer."
    )


def held_out_cost_note(
    loss: str, n_train: int, n_test: int, train_cost: float, test_cost: float
) -> str | None:
    """Why a summed test cost is not comparable to the training cost as printed, with both per point."""
    if loss not in SUMMED_LOSSES or n_test == 0 or n_train == 0:
        return None
    per_point = ""
    if math.isfinite(train_cost) and math.isfinite(test_cost):
        per_point = f" Per point: train {train_cost / n_train:.4g}, test {test_cost / n_test:.4g}."
    return (
        f"½·Σ adds up one term per point: the training cost sums {_count(n_train)} points, the test cost "
        f"{_count(n_test)}, so the test figure is about {n_train / n_test:.2g}× smaller for an equally "
        f"good fit.{per_point}"
    )


def _count(value: int) -> str:
    """Thousands separated by a thin space, as the window writes counts."""
    return f"{value:,}".replace(",", "\u2009")


# Generated sets lie within a few units of the origin; inputs or targets this far out are a data problem
# (a unit mistake, a column of IDs), and the advice for them is to rescale, not to lower the rate.
LARGE_VALUE = 1e6


def data_cause(config: ExperimentConfig, data: Dataset, network: Network | None = None) -> str | None:
    """What in the data (or weights) makes training overflow at any learning rate, in words; else None.

    Squaring a coordinate of 1e300 overflows before the first update, and a target of 1e300 makes the
    squared error infinite: lowering the learning rate, the usual advice on divergence, changes nothing.
    """
    with np.errstate(all="ignore"):
        inputs = transform(data.X_train, config.input_features)
        for column, name in enumerate(config.input_features):
            values = inputs[:, column]
            if len(values) and not np.isfinite(values).all():
                return (
                    f"the input feature {FEATURES[name].label} overflows to infinity on these points "
                    f"(they reach {_largest(data.X_train):.3g}); rescale the points to a few units, "
                    "e.g. −1…1, since no learning rate helps"
                )
        if _largest(inputs) >= LARGE_VALUE:
            return (
                f"the inputs reach {_largest(inputs):.3g}, far beyond the few units the network's steps "
                "suit; rescale the points, e.g. to −1…1, rather than lowering the learning rate"
            )
        if config.is_regression and _largest(data.y_train) >= LARGE_VALUE:
            return (
                f"the regression targets reach {_largest(data.y_train):.3g}, so their squared error "
                "overflows; rescale the targets, e.g. to −1…1, rather than lowering the learning rate"
            )
    if network is not None:
        parameters = network.weights + [b for b in network.biases if b is not None]
        if not all(np.isfinite(p).all() for p in parameters):
            return "the weights hold values that are not finite (nan or inf); re-initialise the network"
    return None


def divergence_message(
    divergence: Divergence, config: ExperimentConfig, data: Dataset, network: Network | None = None
) -> str:
    """``divergence.message``, unless the data is the cause: then that cause, named, instead of the rate."""
    cause = data_cause(config, data, network)
    if cause is None:
        return divergence.message
    kind = "nan (not a number)" if math.isnan(divergence.loss) else "inf"
    return (
        f"diverged at epoch {divergence.epoch}: loss became {kind} — {cause}; "
        "the last weights with a finite loss are kept"
    )


def _largest(values: np.ndarray) -> float:
    return float(np.abs(values).max()) if values.size else 0.0
