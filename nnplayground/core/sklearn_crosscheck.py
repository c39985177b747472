"""Train scikit-learn's ``MLPClassifier`` with the settings closest to ours, for comparison.

Only a Python desktop app can offer this: the same points, the same
architecture, trained by a library everyone trusts. The settings cannot match
exactly, and the differences are returned as plain sentences so the UI can
state them instead of hiding them:

* scikit-learn always minimises log-loss (plus ``alpha/2n·Σw²``) with biases
  and a sigmoid output, and draws its own initial weights;
* its gradient is the batch *mean* of log-loss's, where the article's
  ½·Σ(ao−y)² sums over the batch: the same learning rate takes different
  steps (scaling it by the batch size overshoots, since log-loss has no σ′
  at the output), so the rate is kept and the difference stated;
* it has no L1 penalty and no per-sample bias quirk.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from .config import ExperimentConfig
from .datasets import Dataset
from .features import transform
from .losses import get_loss

MAX_EPOCHS = 20_000
# Points × epochs scikit-learn may train: about a second or two here, so 100 000 points get 20 epochs.
MAX_SAMPLE_EPOCHS = 2_000_000

_ACTIVATIONS = {"sigmoid": "logistic", "tanh": "tanh", "relu": "relu", "linear": "identity"}
_SOLVERS = {"gd": ("sgd", 0.0), "momentum": ("sgd", None), "adam": ("adam", 0.0)}


@dataclass(frozen=True)
class CrossCheck:
    """scikit-learn's run: its log-loss per epoch, accuracies, and how its settings differ from ours."""

    loss_curve: np.ndarray
    train_accuracy: float
    test_accuracy: float
    differences: tuple[str, ...]
    model: MLPClassifier

    def predict(self, points: np.ndarray, features: tuple[str, ...]) -> np.ndarray:
        """Probability of class 1 at plane points, for drawing its boundary beside ours."""
        return self.model.predict_proba(transform(points, features))[:, 1]


def cross_check(config: ExperimentConfig, data: Dataset, epochs: int) -> CrossCheck:
    """Train ``MLPClassifier`` for as many epochs as ours, within ``epoch_limit``, on the training points."""
    if epochs < 1:
        raise ValueError("train at least one epoch before cross-checking")
    if config.is_regression:
        raise ValueError("the scikit-learn cross-check compares classifiers; this run is a regression")
    n = data.n_train
    limit = epoch_limit(n)
    epochs = min(epochs, limit)
    batch = n if config.full_batch else min(config.batch_size, n)
    sums_over_batch = config.loss == "half_sse"
    solver, momentum = _SOLVERS[config.optimiser]
    model = MLPClassifier(
        hidden_layer_sizes=config.hidden_layers or (),
        activation=_ACTIVATIONS[config.hidden_activation],
        solver=solver,
        alpha=config.l2 * (n if sums_over_batch else 1),
        batch_size=batch,
        learning_rate_init=config.learning_rate,
        max_iter=epochs,
        shuffle=not config.full_batch,
        random_state=config.weight_seed if config.weight_seed is not None else config.data_seed,
        tol=0.0,
        n_iter_no_change=epochs + 1,
        momentum=config.momentum if momentum is None else momentum,
        nesterovs_momentum=False,
    )
    X, y = transform(data.X_train, config.input_features), data.y_train.ravel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    test_accuracy = (
        float(model.score(transform(data.X_test, config.input_features), data.y_test.ravel()))
        if data.n_test
        else float("nan")
    )
    return CrossCheck(
        np.asarray(model.loss_curve_),
        float(model.score(X, y)),
        test_accuracy,
        _differences(config, epochs, limit),
        model,
    )


def epoch_limit(n_train: int) -> int:
    """The most epochs a cross-check trains: bounded in total work so large data sets stay quick."""
    return max(1, min(MAX_EPOCHS, MAX_SAMPLE_EPOCHS // max(n_train, 1)))


def _differences(config: ExperimentConfig, epochs: int, limit: int) -> tuple[str, ...]:
    notes = []
    if config.loss != "log_loss":
        notes.append(
            f"scikit-learn minimises log-loss; this run minimises {get_loss(config.loss).label}: "
            "the curves differ in scale"
        )
    if not config.bias:
        notes.append("scikit-learn always adds biases; this network has none")
    if config.output_activation != "sigmoid":
        notes.append(f"scikit-learn's output is a sigmoid; this network's is {config.output_activation}")
    notes.append(
        "scikit-learn draws its own initial weights (Glorot), so the runs start from different points"
    )
    if config.loss == "half_sse":
        notes.append(
            f"same learning rate ({config.learning_rate:g}), but scikit-learn averages its gradient over the "
            "batch where ½·Σ(ao−y)² sums it, so its steps differ in size"
        )
    if config.l1:
        notes.append(f"scikit-learn has no L1 penalty (this run uses {config.l1:g})")
    if config.article_quirks and not config.hidden_layers:
        notes.append(
            "scikit-learn has no equivalent of the article perceptron's σ′ and per-sample bias quirks"
        )
    if config.input_features != ("x1", "x2"):
        notes.append("both are given the same input features")
    if epochs == limit:
        notes.append(
            f"scikit-learn was trained for at most {limit:,} epochs (its limit for this many points)"
        )
    return tuple(notes)
