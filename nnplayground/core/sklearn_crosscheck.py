"""Train scikit-learn's ``MLPClassifier`` with the settings closest to ours, for comparison.

Only a Python desktop app can offer this: the same points, the same
architecture, trained by a library everyone trusts. The settings cannot match
exactly, and the differences are returned as plain sentences so the UI can
state them instead of hiding them:

* scikit-learn always minimises log-loss (plus ``alpha/2n·Σw²``) with biases
  and, for two classes, a single sigmoid output unit; for K > 2 classes its
  output is a softmax of K units, the same model as ours; it draws its own
  initial weights;
* its gradient is the batch *mean* of log-loss's, where the article's
  ½·Σ(ao−y)² and our cross-entropy sum over the batch: the same learning
  rate takes different steps (scaling it by the batch size overshoots, since
  log-loss has no σ′ at the output), so the rate is kept and the difference
  stated;
* it has no L1 penalty and no per-sample bias quirk.

Both classifiers are compared by their accuracy and, on the plane, by the
class each picks (the argmax of its probabilities): ``boundary_agreement``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from .classes import predicted_classes
from .config import ExperimentConfig
from .datasets import Dataset
from .features import transform
from .losses import get_loss
from .network import Network
from .plane import cell_centres, padded_bounds

MAX_EPOCHS = 20_000
# Points × epochs scikit-learn may train: about a second or two here, so 100 000 points get 20 epochs.
MAX_SAMPLE_EPOCHS = 2_000_000

_ACTIVATIONS = {"sigmoid": "logistic", "tanh": "tanh", "relu": "relu", "linear": "identity"}
# Costs summed over the batch (the article's way), where scikit-learn's log-loss is a mean.
SUMMED_LOSSES = ("half_sse", "cross_entropy")
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
        """What to draw its boundary with beside ours: the probability of class 1 at plane points for
        two classes (n,), every class's probability for more (n, K), as ``Network.predict`` gives them."""
        probabilities = self.probabilities(points, features)
        return probabilities[:, 1] if probabilities.shape[1] == 2 else probabilities

    def probabilities(self, points: np.ndarray, features: tuple[str, ...]) -> np.ndarray:
        """(n, K) probabilities of the classes 0 … K−1 at plane points (its columns in label order)."""
        return self.model.predict_proba(transform(points, features))

    def classes(self, points: np.ndarray, features: tuple[str, ...]) -> np.ndarray:
        """The class it picks at plane points: the argmax of its probabilities, as (n,) integers."""
        return predicted_classes(self.probabilities(points, features))


def plane_points(data: Dataset, cells: int = 100) -> np.ndarray:
    """A ``cells``×``cells`` grid over the plane the boundary view shows around ``data``'s points."""
    left, right, bottom, top = padded_bounds(data)
    x1, x2 = np.meshgrid(cell_centres(left, right, cells), cell_centres(bottom, top, cells))
    return np.column_stack([x1.ravel(), x2.ravel()])


def boundary_agreement(
    result: CrossCheck, network: Network, config: ExperimentConfig, points: np.ndarray
) -> float:
    """The share of ``points`` (plane points, e.g. the boundary view's grid) where both pick one class.

    Accuracy compares them on the training points only; this compares the regions they draw, which
    is where two networks of 95 % accuracy can still differ.
    """
    inputs = transform(points, config.input_features)
    ours = predicted_classes(network.predict(inputs.astype(network.weights[0].dtype, copy=False)))
    return float(np.mean(ours == result.classes(points, config.input_features)))


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
    sums_over_batch = config.loss in SUMMED_LOSSES
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
    if config.loss == "cross_entropy":
        notes.append(
            "scikit-learn minimises the same cross-entropy, but as a mean over the points where this run "
            "sums it: its curve is smaller by the number of points"
        )
    elif config.loss != "log_loss":
        notes.append(
            f"scikit-learn minimises log-loss; this run minimises {get_loss(config.loss).label}: "
            "the curves differ in scale"
        )
    if not config.bias:
        notes.append("scikit-learn always adds biases; this network has none")
    notes += _output_differences(config)
    notes.append(
        "scikit-learn draws its own initial weights (Glorot), so the runs start from different points"
    )
    if config.loss in SUMMED_LOSSES:
        notes.append(
            f"same learning rate ({config.learning_rate:g}), but scikit-learn averages its gradient over the "
            f"batch where {get_loss(config.loss).label} sums it, so its steps differ in size"
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


def _output_differences(config: ExperimentConfig) -> list[str]:
    """scikit-learn's output: one sigmoid unit for two classes, a softmax of K units for more."""
    softmax = config.output_activation == "softmax"
    if config.classes > 2:
        return (
            []
            if softmax
            else [f"scikit-learn's output is a softmax; this network's is {config.output_activation}"]
        )
    if softmax:
        return [
            "for two classes scikit-learn's output is one sigmoid unit; this network's softmax of 2 units "
            "is the same model written with one more unit"
        ]
    if config.output_activation != "sigmoid":
        return [f"scikit-learn's output is a sigmoid; this network's is {config.output_activation}"]
    return []
