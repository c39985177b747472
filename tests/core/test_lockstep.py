"""Two trainers in lockstep change nothing about either: each side is its standalone run, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from nnplayground.core import article
from nnplayground.core.config import ConfigError, ExperimentConfig
from nnplayground.core.lockstep import Lockstep, share_data
from nnplayground.core.presets import (
    ARTICLE_ONE_HIDDEN_LAYER,
    ARTICLE_PERCEPTRON,
    CORRECTED_PERCEPTRON,
    THREE_BLOBS,
)
from nnplayground.core.trainer import Trainer

# Past the hidden-layer net's loss spike near epoch 1 200, where any last-bit difference shows.
EPOCHS = 2_000
EXPLODING = ExperimentConfig(output_activation="linear", learning_rate=1e5)


def _standalone(config: ExperimentConfig, epochs: int) -> Trainer:
    trainer = Trainer(config)
    trainer.train(epochs)
    return trainer


def _assert_same_run(side: Trainer, alone: Trainer) -> None:
    assert side.epoch == alone.epoch
    assert side.last_loss == alone.last_loss
    assert side.metrics().train_loss == alone.metrics().train_loss
    for ours, theirs in zip(side.network.weights, alone.network.weights):
        assert np.array_equal(ours, theirs)


def test_each_side_is_its_standalone_run_and_the_articles_script_bit_for_bit():
    lockstep = Lockstep(ARTICLE_PERCEPTRON, ARTICLE_ONE_HIDDEN_LAYER)
    for chunk in (1, 7, 500, EPOCHS - 508):
        lockstep.train(chunk)
        assert lockstep.trainers[0].epoch == lockstep.trainers[1].epoch
    left, right = lockstep.trainers
    _assert_same_run(left, _standalone(ARTICLE_PERCEPTRON, EPOCHS))
    _assert_same_run(right, _standalone(ARTICLE_ONE_HIDDEN_LAYER, EPOCHS))
    # The figures the article prints at this epoch; after 200 000 epochs they read 4.17… and 1.50….
    assert left.last_loss == article.perceptron(EPOCHS)[-1]
    assert right.last_loss == article.one_hidden_layer(EPOCHS)[0][-1]
    assert left.last_loss > 4 > 2.4 > right.last_loss


def test_both_sides_train_on_the_same_points_when_the_settings_agree():
    lockstep = Lockstep(ARTICLE_PERCEPTRON, ARTICLE_ONE_HIDDEN_LAYER)
    left, right = lockstep.trainers
    assert lockstep.note == ""
    assert np.array_equal(left.data.X_train, right.data.X_train)
    assert np.array_equal(left.data.y_train, right.data.y_train)


def test_the_right_side_takes_the_left_sides_data_and_says_so():
    other_data = ARTICLE_ONE_HIDDEN_LAYER.replace(dataset="circles", n_samples=300, noise=0.3, data_seed=7)
    lockstep = Lockstep(ARTICLE_PERCEPTRON, other_data)
    left, right = lockstep.trainers
    assert np.array_equal(left.data.X_train, right.data.X_train)
    assert np.array_equal(left.data.y_train, right.data.y_train)
    assert np.array_equal(left.data.X_test, right.data.X_test)
    assert "left side's data" in lockstep.note and "noise" in lockstep.note and "dataset" in lockstep.note
    # The right network itself is untouched: it is the article's 2-4-1, weights and all.
    assert lockstep.configs[1] == ARTICLE_ONE_HIDDEN_LAYER
    lockstep.train(300)
    _assert_same_run(right, _standalone(ARTICLE_ONE_HIDDEN_LAYER, 300))


def test_a_right_network_that_cannot_take_the_left_data_is_refused_in_words():
    regression = ExperimentConfig(problem="regression", dataset="plane")
    with pytest.raises(ConfigError, match=r"right network cannot train on the left side's data.*log-loss"):
        share_data(regression, ExperimentConfig(loss="log_loss"))


@pytest.mark.parametrize("chunk", [1, 3, 50])
def test_a_diverging_side_stops_both_at_the_same_epoch_and_is_named(chunk):
    lockstep = Lockstep(ARTICLE_ONE_HIDDEN_LAYER, EXPLODING)
    while not lockstep.diverged_sides() and lockstep.epoch < 1_000:
        lockstep.train(chunk)
    left, right = lockstep.trainers
    alone = _standalone(EXPLODING, 1_000)
    assert lockstep.diverged_sides() == ["right"]
    assert left.epoch == right.epoch == alone.epoch
    _assert_same_run(left, _standalone(ARTICLE_ONE_HIDDEN_LAYER, alone.epoch))
    assert np.isfinite(left.last_loss)
    message = lockstep.divergence_message()
    assert "the right side diverged" in message and "left side diverged" not in message
    assert lockstep.train(10) == 0, "no side may run ahead of a diverged one"


def test_a_diverging_left_side_is_named_too():
    lockstep = Lockstep(EXPLODING, ARTICLE_PERCEPTRON)
    lockstep.train(500)
    assert lockstep.diverged_sides() == ["left"]
    assert lockstep.trainers[0].epoch == lockstep.trainers[1].epoch
    assert "the left side diverged" in lockstep.divergence_message()


def test_reset_returns_both_sides_to_their_first_epoch():
    lockstep = Lockstep(CORRECTED_PERCEPTRON, EXPLODING)
    lockstep.train(500)
    lockstep.reset()
    assert lockstep.epoch == 0 and lockstep.diverged_sides() == []
    lockstep.train(5)
    _assert_same_run(lockstep.trainers[0], _standalone(CORRECTED_PERCEPTRON, 5))
    _assert_same_run(lockstep.trainers[1], _standalone(EXPLODING, 5))


def test_a_two_class_right_side_trains_on_a_three_class_left_with_a_softmax_of_its_own():
    shared, note = share_data(THREE_BLOBS, ExperimentConfig())
    assert (shared.classes, shared.output_activation, shared.loss) == (3, "softmax", "cross_entropy")
    assert shared.hidden_layers == ExperimentConfig().hidden_layers
    assert "left side's data" in note and "softmax output of 3 units" in note
