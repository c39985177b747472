"""The summed-cost advice fires where the article's step size stops working, and only there;
a divergence the data causes names the data, not the learning rate."""

import numpy as np
import pytest

from nnplayground.core.advice import (
    WARN_RATIO,
    divergence_message,
    held_out_cost_note,
    step_ratio,
    summed_cost_advice,
)
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.datasets import Dataset
from nnplayground.core.trainer import Divergence, Trainer


def test_the_articles_run_is_the_yardstick():
    assert step_ratio(ExperimentConfig(), 100) == 1
    assert summed_cost_advice(ExperimentConfig(), 100) is None


def test_100_000_points_at_lr_0_5_take_1000_times_the_articles_step():
    advice = summed_cost_advice(ExperimentConfig(n_samples=100_000), 100_000)
    assert advice.startswith("½·Σ sums over 100\u2009000 points") and "is 1\u2009000× the article's" in advice
    assert "Use log-loss" in advice and "lower the learning rate" in advice
    assert "about 0.0005" in advice


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"loss": "mse"}, "a mean does not grow with the points"),
        ({"loss": "log_loss"}, "a mean does not grow with the points"),
        ({"optimiser": "adam", "learning_rate": 0.01}, "Adam divides the gradient's scale out"),
        ({"learning_rate": 0.0005}, "the article's step again"),
        ({"batch_size": 32}, "a mini-batch sums 32 points, not 100 000"),
    ],
)
def test_no_advice_where_the_step_does_not_grow(changes, why):
    assert summed_cost_advice(ExperimentConfig(n_samples=100_000, **changes), 100_000) is None, why


def test_a_large_mini_batch_is_what_the_step_sums_over():
    advice = summed_cost_advice(ExperimentConfig(n_samples=100_000, batch_size=5_000), 100_000)
    assert "5\u2009000 points per mini-batch" in advice


def test_the_threshold_is_where_the_moons_stop_learning():
    """Measured: below it the article's network still learns; from it on it is stuck at 50 %."""
    below, above = int(100 * (WARN_RATIO - 1)), int(100 * WARN_RATIO)
    learns = Trainer(ExperimentConfig(n_samples=below))
    stuck = Trainer(ExperimentConfig(n_samples=above))
    learns.train(2000)
    stuck.train(2000)
    assert summed_cost_advice(learns.config, below) is None
    assert summed_cost_advice(stuck.config, above) is not None
    assert learns.metrics().train_accuracy > 0.85
    assert stuck.metrics().train_accuracy == 0.5
    advised = Trainer(stuck.config.replace(learning_rate=0.5 * 100 / above))
    advised.train(2000)
    assert advised.metrics().train_accuracy > 0.85, "the advised rate learns"


def test_a_summed_test_cost_is_put_per_point_beside_the_training_cost():
    note = held_out_cost_note("half_sse", 80, 20, 4.0, 1.2)
    assert "the training cost sums 80 points, the test cost 20" in note and "4× smaller" in note
    assert "Per point: train 0.05, test 0.06." in note
    assert held_out_cost_note("mse", 80, 20, 0.1, 0.1) is None
    assert held_out_cost_note("half_sse", 80, 0, 4.0, float("nan")) is None


REGRESSION = {"problem": "regression", "dataset": "plane", "loss": "mse", "output_activation": "linear"}
POINTS = np.random.RandomState(2).normal(size=(40, 2))
LABELS = (POINTS[:, :1] > 0).astype(float)


@pytest.mark.parametrize(
    ("settings", "points", "targets", "cause"),
    [
        ({"input_features": ("x1", "x2", "x1^2")}, POINTS * 1e300, LABELS, "the input feature x₁² overflows"),
        (REGRESSION, POINTS, POINTS[:, :1] * 1e300, "the regression targets reach"),
    ],
)
def test_a_divergence_caused_by_the_data_names_the_data(settings, points, targets, cause):
    with np.errstate(all="ignore"):
        trainer = Trainer(ExperimentConfig(**settings), Dataset(points, targets, points[:0], targets[:0]))
        trainer.train(100)
    assert trainer.divergence is not None
    message = divergence_message(trainer.divergence, trainer.config, trainer.data, trainer.network)
    assert cause in message and "rescale" in message
    assert "lower the learning rate" not in message


def test_non_finite_weights_are_named_as_the_cause():
    trainer = Trainer(ExperimentConfig(learning_rate=80, bias=True))
    trainer.train(10)
    network = trainer.network.copy()
    network.weights[0][0, 0] = np.nan
    divergence = Divergence(3, np.nan, 80.0)
    assert "the weights hold values that are not finite" in divergence_message(
        divergence, trainer.config, trainer.data, network
    )


def test_a_divergence_of_ordinary_data_still_advises_the_learning_rate():
    trainer = Trainer(
        ExperimentConfig(
            hidden_activation="relu",
            output_activation="linear",
            loss="mse",
            learning_rate=50,
            bias=True,
            initialiser="he",
        )
    )
    trainer.train(1000)
    assert trainer.divergence is not None
    message = divergence_message(trainer.divergence, trainer.config, trainer.data, trainer.network)
    assert message == trainer.divergence.message and "lower the learning rate" in message
