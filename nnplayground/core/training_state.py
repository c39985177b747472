"""What a run hands out: its state (a checkpoint, a session's core), snapshots, metrics, divergence.

Plain data, separate from ``Trainer`` so sessions, views and the step-through
can name these without the training loop; ``nnplayground.core.trainer``
re-exports them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .classes import label_indices, predicted_classes
from .config import ExperimentConfig
from .datasets import Dataset
from .features import transform
from .history import HistoryArrays
from .network import Network


@dataclass(frozen=True)
class Divergence:
    """Why training stopped: the epoch whose cost was not finite, and what to try."""

    epoch: int
    loss: float
    learning_rate: float

    @property
    def message(self) -> str:
        kind = "nan (not a number)" if math.isnan(self.loss) else "inf"
        return (
            f"diverged at epoch {self.epoch}: loss became {kind} — lower the learning rate "
            f"(now {self.learning_rate:g}); the last weights with a finite loss are kept"
        )


@dataclass(frozen=True)
class Metrics:
    train_loss: float
    train_accuracy: float
    test_loss: float
    test_accuracy: float


@dataclass
class TrainingState:
    """Everything that decides the next epoch: a checkpoint, and the core of a saved session."""

    epoch: int
    network: Network
    optimiser_state: dict[str, np.ndarray]
    shuffle_state: dict[str, object]
    last_loss: float


@dataclass(frozen=True)
class Snapshot:
    """An immutable copy of everything a view draws; safe to hand to another thread.

    ``last_loss`` is the cost of the last epoch before its update, the figure
    the article prints each epoch; ``metrics`` describe the current weights.
    """

    config: ExperimentConfig
    epoch: int
    network: Network
    metrics: Metrics
    history: HistoryArrays
    divergence: Divergence | None
    data: Dataset = field(repr=False)
    run_id: int = 0
    last_loss: float = math.nan
    imported_data: bool = False
    origin: TrainingState | None = None

    def predict(self, points: np.ndarray) -> np.ndarray:
        """The network's output at plane points (n×2), through the configured input features."""
        return self.network.predict(transform(points, self.config.input_features))


def accuracy(outputs: np.ndarray, labels: np.ndarray, *, regression: bool = False) -> float:
    """Share of points given their own class; undefined (NaN) for regression targets.

    ``labels`` is the (n, 1) column of class indices. A softmax's K columns
    give the most likely class (``classes.predicted_classes``); a sigmoid's
    single column is read on the article's side of 0.5, as it always was.
    """
    if len(labels) == 0 or regression:
        return math.nan
    if outputs.shape[1] > 1:
        return float(np.count_nonzero(predicted_classes(outputs) == label_indices(labels)) / len(labels))
    return float(np.count_nonzero((outputs > 0.5) == (labels > 0.5)) / len(labels))
