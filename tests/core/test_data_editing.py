"""Your own data in the engine: drawn points keep the run going, removals never starve training."""

from __future__ import annotations

import numpy as np
import pytest

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.data_editing import add_point, from_points, remove_nearest
from nnplayground.core.datasets import Dataset, DatasetError, load_csv, save_csv
from nnplayground.core.session import load_session, save_session
from nnplayground.core.trainer import Trainer

REGRESSION = ExperimentConfig(problem="regression", dataset="plane", loss="mse", output_activation="linear")


def _tiny(train: list[tuple[float, float, float]], test: list[tuple[float, float, float]] = ()) -> Dataset:
    def arrays(rows):
        table = np.array(rows, dtype=np.float64).reshape(-1, 3)
        return table[:, :2].copy(), table[:, 2:].copy()

    return Dataset(*arrays(train), *arrays(test))


def test_a_drawn_point_joins_the_training_points_with_its_label():
    data = Trainer(ExperimentConfig()).data
    drawn = add_point(data, 0.25, -0.5, 1.0)
    assert drawn.n_train == data.n_train + 1 and drawn.n_test == data.n_test
    assert drawn.X_train[-1].tolist() == [0.25, -0.5] and drawn.y_train[-1, 0] == 1.0
    assert np.array_equal(drawn.X_train[:-1], data.X_train), "the other points stay where they were"
    assert data.n_train == 100, "the snapshot a view may be drawing is never changed"


@pytest.mark.parametrize(
    ("x1", "x2", "label", "message"),
    [
        (0.0, 0.0, 2.0, "label must be 0 or 1, not 2"),
        (0.0, 0.0, 0.5, "label must be 0 or 1, not 0.5"),
        (float("nan"), 0.0, 1.0, "finite coordinates"),
        (0.0, float("inf"), 0.0, "finite coordinates"),
    ],
)
def test_impossible_points_are_refused_in_words(x1, x2, label, message):
    with pytest.raises(DatasetError, match=message):
        add_point(Trainer(ExperimentConfig()).data, x1, x2, label)


def test_regression_points_take_any_finite_target_but_not_nan():
    data = Trainer(REGRESSION).data
    assert add_point(data, 0.1, 0.2, -3.75, regression=True).y_train[-1, 0] == -3.75
    with pytest.raises(DatasetError, match="target must be a finite number"):
        add_point(data, 0.1, 0.2, float("nan"), regression=True)


def test_removal_takes_the_nearest_point_training_or_test():
    data = _tiny(
        [(0, 0, 0), (1, 0, 0), (2, 0, 0), (0, 5, 1), (1, 5, 1), (2, 5, 1)],
        [(10, 10, 1), (-10, -10, 0)],
    )
    without_training = remove_nearest(data, 0.9, 0.2)
    assert without_training.X_train.tolist() == [[0, 0], [2, 0], [0, 5], [1, 5], [2, 5]]
    assert without_training.n_test == 2

    without_test = remove_nearest(data, 9.0, 9.5)
    assert without_test.X_test.tolist() == [[-10, -10]] and without_test.n_train == 6


def test_removal_is_refused_when_a_class_would_fall_below_two_training_points():
    data = _tiny([(0, 0, 0), (1, 0, 0), (0, 5, 1), (1, 5, 1), (2, 5, 1)])
    with pytest.raises(DatasetError, match=r"cannot remove that point: .* 1 point\(s\) of class 0;"):
        remove_nearest(data, 0.0, 0.0)
    assert remove_nearest(data, 2.0, 5.0).n_train == 4, "class 1 can spare one"


def test_regression_removal_keeps_at_least_two_training_points():
    data = _tiny([(0, 0, 0.3), (1, 1, -0.2)], [(5, 5, 0.9)])
    with pytest.raises(DatasetError, match="regression needs at least 2"):
        remove_nearest(data, 0.0, 0.0, regression=True)
    assert remove_nearest(data, 5.0, 5.0, regression=True).n_test == 0


def test_an_import_whose_split_would_starve_training_is_refused():
    X = np.array([[0.0, 0], [1, 1], [2, 2], [3, 3]])
    y = np.array([[0.0], [0], [1], [1]])
    with pytest.raises(
        DatasetError, match=r"after holding out 90% of the 4 points for testing, .* lower the test ratio"
    ):
        from_points(X, y, test_fraction=0.9, seed=0)
    assert from_points(X, y, test_fraction=0.0, seed=0).n_train == 4


def test_a_drawn_point_continues_the_run_with_the_same_weights_and_epoch():
    trainer = Trainer(ExperimentConfig())
    trainer.train(200)
    run, weights, history = trainer.run_id, trainer.state().network.weights, len(trainer.history)
    trainer.replace_data(add_point(trainer.data, 0.0, 2.0, 1.0), keep_weights=True)
    assert (trainer.epoch, trainer.run_id, len(trainer.history)) == (200, run, history)
    assert all(np.array_equal(a, b) for a, b in zip(trainer.state().network.weights, weights))
    assert trainer.has_imported_data and trainer.inputs.shape == (101, 2)
    snapshot = trainer.snapshot()
    assert snapshot.imported_data and snapshot.data.n_train == 101 and snapshot.epoch == 200
    trainer.train(50)
    assert trainer.epoch == 250 and np.isfinite(trainer.last_loss)


CONTINUING = {
    "article fast kernel": ExperimentConfig(),
    "momentum mini-batches": ExperimentConfig(
        optimiser="momentum", batch_size=16, bias=True, initialiser="glorot", learning_rate=0.05
    ),
    "adam mini-batches": ExperimentConfig(optimiser="adam", batch_size=7, learning_rate=0.01),
}


@pytest.mark.parametrize("config", CONTINUING.values(), ids=CONTINUING.keys())
def test_after_drawing_training_goes_on_exactly_as_a_run_on_the_new_points_would(config):
    """Weights, optimiser state and shuffle stream carry over, and the epochs use the new points."""
    drawn = Trainer(config)
    drawn.train(30)
    state = drawn.state()
    data = add_point(drawn.data, 0.5, 0.5, 0.0)
    drawn.replace_data(data, keep_weights=True)
    reference = Trainer(config, data)
    reference.resume(state)
    drawn.train(20)
    reference.train(20)
    assert drawn.epoch == reference.epoch == 50
    assert drawn.last_loss == reference.last_loss
    assert all(np.array_equal(a, b) for a, b in zip(drawn.state().network.weights, reference.network.weights))


def test_an_import_starts_a_new_run_and_generated_data_comes_back_from_the_seed():
    trainer = Trainer(ExperimentConfig())
    generated = trainer.data
    trainer.train(100)
    run = trainer.run_id
    X = np.array([[0.0, 0], [1, 1], [2, 2], [3, 3]])
    trainer.replace_data(from_points(X, np.array([[0.0], [0], [1], [1]]), test_fraction=0, seed=0))
    assert trainer.epoch == 0 and trainer.run_id == run + 1 and trainer.has_imported_data
    assert np.array_equal(trainer.data.X_train, X)

    trainer.train(10)
    trainer.use_generated_data()
    fresh = Trainer(ExperimentConfig())
    assert not trainer.has_imported_data and trainer.epoch == 0
    assert np.array_equal(trainer.data.X_train, generated.X_train)
    assert all(np.array_equal(a, b) for a, b in zip(trainer.network.weights, fresh.network.weights))


def test_reset_keeps_your_data_but_a_data_setting_returns_to_generated_points():
    trainer = Trainer(ExperimentConfig())
    drawn = add_point(trainer.data, 0.0, 2.0, 1.0)
    trainer.replace_data(drawn, keep_weights=True)
    trainer.train(10)
    trainer.reset()
    assert trainer.has_imported_data and trainer.data.n_train == 101 and trainer.epoch == 0

    trainer.reconfigure(trainer.config.replace(learning_rate=0.1))
    assert trainer.has_imported_data, "a hyper-parameter keeps your points"
    trainer.reconfigure(trainer.config.replace(noise=0.2))
    assert not trainer.has_imported_data and trainer.data.n_train == 100


def test_drawn_points_survive_a_saved_session_bit_for_bit(tmp_path):
    trainer = Trainer(ExperimentConfig())
    trainer.train(40)
    data = add_point(trainer.data, 0.123456789012345, -1.0 / 3.0, 1.0)
    data = remove_nearest(data, 1.0, 0.0)
    trainer.replace_data(data, keep_weights=True)
    trainer.train(10)
    path = tmp_path / "drawn.nnpg"
    save_session(path, trainer, custom_data=trainer.has_imported_data)
    loaded, custom = load_session(path)
    assert custom and loaded.has_imported_data and loaded.epoch == 50
    for name in ("X_train", "y_train", "X_test", "y_test"):
        assert np.array_equal(getattr(loaded.data, name), getattr(data, name)), name
    loaded.train(25)
    trainer.train(25)
    assert loaded.last_loss == trainer.last_loss


@pytest.mark.parametrize("config", [ExperimentConfig(), REGRESSION], ids=["classes", "regression"])
def test_exported_points_import_back_identically(tmp_path, config):
    data = Trainer(config.replace(test_fraction=0.3)).data
    X, y = data.all_points()
    path = tmp_path / "points.csv"
    save_csv(path, X, y)
    loaded_X, loaded_y = load_csv(path, regression=config.is_regression)
    assert np.array_equal(loaded_X, X) and np.array_equal(loaded_y, y)


def test_a_drawn_point_may_be_of_any_of_the_k_classes_and_no_other():
    data = _tiny([(0, 0, 0), (1, 0, 0), (0, 5, 1), (1, 5, 1), (5, 5, 2), (6, 5, 2)])
    drawn = add_point(data, 3.0, 3.0, 2.0, classes=3)
    assert drawn.y_train[-1, 0] == 2.0 and drawn.n_train == 7
    with pytest.raises(DatasetError, match="a class label must be a whole number from 0 to 2, not 3"):
        add_point(data, 3.0, 3.0, 3.0, classes=3)
    with pytest.raises(DatasetError, match=r"a class label must be a whole number from 0 to 5, not 1\.5"):
        add_point(data, 3.0, 3.0, 1.5, classes=6)


def test_removal_keeps_two_training_points_of_every_one_of_the_k_classes():
    data = _tiny([(0, 0, 0), (1, 0, 0), (2, 0, 0), (0, 5, 1), (1, 5, 1), (2, 5, 1), (9, 9, 2), (9, 8, 2)])
    with pytest.raises(DatasetError, match=r"cannot remove that point: .* 1 point\(s\) of class 2;"):
        remove_nearest(data, 9.0, 9.0)
    with pytest.raises(DatasetError, match=r"1 point\(s\) of class 2;"):
        remove_nearest(data, 9.0, 9.0, classes=3)
    assert remove_nearest(data, 0.0, 0.0).n_train == 7, "class 0 can spare one"


def test_an_import_of_k_classes_is_refused_when_its_split_starves_one_of_them():
    X = np.arange(12, dtype=np.float64).reshape(6, 2)
    y = np.array([[0.0], [0], [1], [1], [2], [2]])
    assert from_points(X, y, test_fraction=0.0, seed=0).n_train == 6
    with pytest.raises(DatasetError, match=r"after holding out 20% of the 6 points .* of class \d"):
        from_points(X, y, test_fraction=0.2, seed=0)
