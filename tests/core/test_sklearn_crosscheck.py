import numpy as np

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, THREE_BLOBS
from nnplayground.core.sklearn_crosscheck import boundary_agreement, cross_check, plane_points
from nnplayground.core.trainer import Trainer


def test_sklearn_learns_the_moons_with_the_matching_architecture_and_says_what_differs():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    result = cross_check(trainer.config, trainer.data, 3_000)
    assert result.model.coefs_[0].shape == (2, 4) and result.model.coefs_[1].shape == (4, 1)
    assert result.model.learning_rate_init == 0.5
    assert len(result.loss_curve) == 3_000 and result.loss_curve[-1] < result.loss_curve[0]
    assert result.train_accuracy > 0.85
    assert any("always adds biases" in note for note in result.differences)
    assert any("log-loss" in note for note in result.differences)
    assert not any("half_sse" in note for note in result.differences), "the loss by its name, not our key"
    grid = np.array([[-1.0, 1.0], [2.0, -0.5]])
    probabilities = result.predict(grid, trainer.config.input_features)
    assert probabilities[0] < 0.5 < probabilities[1]


def test_a_log_loss_minibatch_run_keeps_its_batches_and_test_points():
    config = ExperimentConfig(loss="log_loss", bias=True, batch_size=10, learning_rate=0.3, test_fraction=0.2)
    trainer = Trainer(config)
    result = cross_check(config, trainer.data, 200)
    assert result.model.learning_rate_init == 0.3 and result.model.batch_size == 10
    assert 0.5 < result.test_accuracy <= 1.0
    assert not any("log-loss;" in note for note in result.differences)


def test_a_three_class_run_is_compared_by_accuracy_and_by_the_class_each_picks_on_the_plane():
    trainer = Trainer(THREE_BLOBS)
    trainer.train(300)
    result = cross_check(trainer.config, trainer.data, trainer.epoch)
    assert result.model.coefs_[-1].shape == (4, 3) and result.model.out_activation_ == "softmax"
    assert result.train_accuracy >= 0.95 and trainer.metrics().train_accuracy >= 0.95
    points = trainer.data.X_train
    assert result.probabilities(points, ("x1", "x2")).shape == (len(points), 3)
    assert result.predict(points, ("x1", "x2")).shape == (len(points), 3)
    assert set(result.classes(points, ("x1", "x2"))) == {0, 1, 2}
    grid = plane_points(trainer.data, 40)
    assert grid.shape == (1600, 2)
    assert boundary_agreement(result, trainer.network, trainer.config, grid) > 0.8
    assert any("sums it: its curve is smaller by the number of points" in note for note in result.differences)
    assert not any("output is" in note for note in result.differences), "both are softmax of 3 units"


def test_a_two_unit_softmax_is_said_to_be_scikit_learns_one_sigmoid_unit_written_twice():
    trainer = Trainer(THREE_BLOBS.replace(classes=2))
    result = cross_check(trainer.config, trainer.data, 50)
    assert result.predict(trainer.data.X_train[:3], ("x1", "x2")).shape == (3,)
    assert any("the same model written with one more unit" in note for note in result.differences)
