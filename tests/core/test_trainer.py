import math
import subprocess
import sys

import numpy as np
import pytest

from nnplayground.core.config import ConfigError, ExperimentConfig
from nnplayground.core.history import History
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, PRESETS, get_preset
from nnplayground.core.trainer import Trainer

DIVERGING = ExperimentConfig(
    hidden_activation="relu",
    output_activation="linear",
    loss="mse",
    learning_rate=50,
    initialiser="he",
    bias=True,
)


def _state(trainer: Trainer) -> list[np.ndarray]:
    return [w.copy() for w in trainer.network.weights] + [
        b.copy() for b in trainer.network.biases if b is not None
    ]


@pytest.mark.parametrize(
    "config",
    [
        ARTICLE_ONE_HIDDEN_LAYER,
        ExperimentConfig(
            hidden_layers=(5, 3), hidden_activation="tanh", bias=True, learning_rate=0.01, optimiser="adam"
        ),
        ExperimentConfig(batch_size=7, optimiser="momentum", learning_rate=0.05, bias=True),
    ],
    ids=["article-fast-path", "deep-adam", "minibatch-momentum"],
)
def test_chunking_does_not_change_the_numbers(config):
    """The window trains in time-sized chunks; the result must not depend on them."""
    whole, chunked = Trainer(config), Trainer(config)
    whole.history = History(capacity=32)
    chunked.history = History(capacity=32)
    whole.train(600)
    for chunk in (1, 99, 200, 300):
        chunked.train(chunk)
    assert whole.last_loss == chunked.last_loss
    for a, b in zip(_state(whole), _state(chunked)):
        assert np.array_equal(a, b)
    assert np.array_equal(whole.history.arrays().epoch, chunked.history.arrays().epoch)
    assert np.array_equal(whole.history.arrays().train_loss, chunked.history.arrays().train_loss)


def test_divergence_stops_with_a_reason_and_keeps_the_last_finite_weights():
    trainer = Trainer(DIVERGING)
    trainer.train(1_000)
    divergence = trainer.divergence
    assert divergence is not None
    assert f"diverged at epoch {divergence.epoch}: loss became inf" in divergence.message
    assert "lower the learning rate (now 50)" in divergence.message
    assert trainer.epoch == divergence.epoch - 1
    assert math.isfinite(trainer.last_loss)
    replayed = Trainer(DIVERGING)
    replayed.train(trainer.epoch)
    assert replayed.divergence is None
    for a, b in zip(_state(trainer), _state(replayed)):
        assert np.array_equal(a, b)
    assert all(np.isfinite(trainer.history.arrays().train_loss))
    assert trainer.train(10) == 0, "a diverged run stays paused until something changes"


def test_divergence_found_at_a_chunk_boundary_rolls_back_into_the_previous_chunk():
    probe = Trainer(DIVERGING)
    probe.train(1_000)
    bad_epoch = probe.divergence.epoch
    trainer = Trainer(DIVERGING)
    trainer.train(bad_epoch)
    trainer.train(5)
    assert trainer.divergence.epoch == bad_epoch
    assert trainer.epoch == bad_epoch - 1


def test_lowering_the_learning_rate_resumes_from_the_kept_weights():
    trainer = Trainer(DIVERGING)
    trainer.train(1_000)
    kept_epoch = trainer.epoch
    # The kept weights are already huge (cost ~1e266), so only a tiny rate keeps them finite.
    trainer.reconfigure(trainer.config.replace(learning_rate=1e-250))
    assert trainer.divergence is None and trainer.epoch == kept_epoch
    assert trainer.train(50) == 50


def test_no_numpy_warnings_while_diverging(recwarn):
    Trainer(DIVERGING.replace(learning_rate=1e6)).train(2_000)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_history_memory_is_bounded_over_a_million_epochs():
    history = History(capacity=64)
    for first in range(0, 1_000_000, 10_000):
        epochs = np.arange(first, first + 10_000, dtype=np.float64)
        rows = np.full((len(epochs), 5), np.nan)
        rows[:, 0], rows[:, 1] = epochs, 1.0 / (epochs + 1)
        history.extend(rows)
    arrays = history.arrays()
    assert len(arrays) <= 64 and history._rows.shape == (64, 5)
    assert arrays.epoch[0] == 0 and arrays.epoch[-1] == 999_999, "the first and the latest epoch stay"
    assert np.all(np.diff(arrays.epoch) > 0)
    blocks = arrays.epoch // history.stride
    assert len(np.unique(blocks)) >= 16 and np.all(np.unique(blocks, return_counts=True)[1] <= 3)


def test_trainer_history_stays_plottable_and_bounded():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(20_000)
    arrays = trainer.history.arrays()
    assert len(arrays) <= trainer.history.capacity
    assert np.all(np.diff(arrays.epoch) > 0) and arrays.epoch[-1] >= 20_000 - trainer.history.stride
    assert np.all((arrays.train_accuracy >= 0) & (arrays.train_accuracy <= 1))


@pytest.mark.parametrize("optimiser, learning_rate", [("gd", 0.5), ("momentum", 0.05), ("adam", 0.01)])
@pytest.mark.parametrize("batch_size", [1, 7, 0])
def test_every_optimiser_and_batch_size_learns_the_moons(optimiser, learning_rate, batch_size):
    config = ExperimentConfig(
        hidden_layers=(8,), hidden_activation="tanh", bias=True, initialiser="glorot", weight_seed=1,
        optimiser=optimiser, learning_rate=learning_rate / (10 if batch_size else 1), batch_size=batch_size,
        loss="mse" if batch_size else "half_sse",
    )  # fmt: skip
    trainer = Trainer(config)
    before = trainer.metrics().train_loss
    trainer.train(400 if batch_size else 2_000)
    metrics = trainer.metrics()
    assert metrics.train_loss < before / 2
    assert metrics.train_accuracy >= 0.85


def test_test_split_is_reported_separately():
    trainer = Trainer(ExperimentConfig(test_fraction=0.3))
    trainer.train(3_000)
    metrics = trainer.metrics()
    assert trainer.data.n_test == 30
    assert 0.5 < metrics.test_accuracy <= 1.0
    assert np.isfinite(trainer.history.arrays().test_loss).all()


def _weight_norm(trainer: Trainer) -> float:
    return sum(float(np.sum(w * w)) for w in trainer.network.weights)


def test_regularisation_shrinks_the_weights():
    plain = Trainer(ExperimentConfig(bias=True))
    shrunk = Trainer(ExperimentConfig(bias=True, l2=0.05))
    plain.train(3_000)
    shrunk.train(3_000)
    assert _weight_norm(shrunk) < _weight_norm(plain)


def test_float32_mode_trains_to_about_the_same_cost():
    exact, single = (
        Trainer(ARTICLE_ONE_HIDDEN_LAYER),
        Trainer(ARTICLE_ONE_HIDDEN_LAYER.replace(dtype="float32")),
    )
    exact.train(3_000)
    single.train(3_000)
    assert single.network.weights[0].dtype == np.float32
    assert abs(single.last_loss - exact.last_loss) < 0.05 * exact.last_loss


def test_reconfigure_keeps_weights_for_hyper_parameters_and_restarts_for_structure():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(500)
    trainer.reconfigure(trainer.config.replace(learning_rate=0.1))
    assert trainer.epoch == 500 and trainer.optimiser.learning_rate == 0.1
    trainer.reconfigure(trainer.config.replace(hidden_layers=(6,)))
    assert trainer.epoch == 0 and trainer.network.layer_sizes == [2, 6, 1]


def test_presets_are_the_articles_configurations():
    hidden, perceptron = get_preset("article-hidden"), get_preset("article-perceptron")
    assert (hidden.hidden_layers, hidden.learning_rate, hidden.bias, hidden.loss) == (
        (4,),
        0.5,
        False,
        "half_sse",
    )
    assert (hidden.dataset, hidden.n_samples, hidden.noise, hidden.data_seed) == ("moons", 100, 0.1, 0)
    assert (perceptron.hidden_layers, perceptron.bias, perceptron.weight_seed) == ((), True, 42)
    assert perceptron.article_quirks and not hidden.article_quirks
    assert set(PRESETS) >= {"article: one hidden layer", "article: perceptron"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"learning_rate": 0}, "learning_rate must be a number greater than 0"),
        ({"learning_rate": float("nan")}, "learning_rate"),
        ({"hidden_layers": (0,)}, "hidden units must be a whole number from 1 to 256"),
        ({"hidden_layers": (4,) * 7}, "0 to 6 layers"),
        ({"n_samples": 10**7}, "n_samples must be a whole number from 4 to 100000"),
        ({"loss": "log_loss", "output_activation": "linear"}, "log-loss needs a sigmoid output"),
        ({"dataset": "mnist"}, "dataset for classification must be one of moons, circles"),
    ],
)
def test_invalid_settings_are_refused_saying_what_is_allowed(changes, message):
    with pytest.raises(ConfigError, match=message):
        ExperimentConfig().replace(**changes)


def test_config_round_trips_through_a_dict_and_refuses_unknown_keys():
    config = ExperimentConfig(hidden_layers=(3, 2), optimiser="adam")
    assert ExperimentConfig.from_dict(config.to_dict()) == config
    with pytest.raises(ConfigError, match="unknown configuration keys: evil"):
        ExperimentConfig.from_dict({**config.to_dict(), "evil": 1})


def test_the_engine_never_imports_qt():
    code = (
        "import sys, nnplayground.core.trainer, nnplayground.core.presets, nnplayground.core.article, "
        "nnplayground.cli; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_rewinding_restores_the_exact_state_and_forgets_later_history():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(100)
    earlier = trainer.state()
    trainer.train(50)
    trainer.rewind(earlier)
    assert trainer.epoch == 100 and trainer.history.arrays().epoch.max() < 100
    trainer.train(50)
    straight = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    straight.train(150)
    assert trainer.last_loss == straight.last_loss
    assert np.array_equal(trainer.history.arrays().train_loss, straight.history.arrays().train_loss)


def test_a_typed_weight_is_used_from_the_next_epoch_on():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.set_weight(1, 2, 0, -3.5)
    assert trainer.network.weights[1][2, 0] == -3.5
    trainer.train(1)
    manual = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    manual._kernel = None
    manual.network.weights[1][2, 0] = -3.5
    manual.train(1)
    assert np.array_equal(trainer.network.weights[1], manual.network.weights[1])
    with pytest.raises(ValueError, match="shape"):
        trainer.set_weight(0, 5, 0, 1.0)
    with pytest.raises(ValueError, match="no bias"):
        trainer.set_bias(0, 0, 1.0)


def test_a_regression_learns_the_plane_and_reports_no_accuracy():
    config = ExperimentConfig(
        problem="regression", dataset="plane", output_activation="linear", hidden_activation="tanh",
        loss="mse", bias=True, learning_rate=0.05, initialiser="glorot", n_samples=200,
    )  # fmt: skip
    trainer = Trainer(config)
    before = trainer.metrics().train_loss
    trainer.train(2_000)
    metrics = trainer.metrics()
    assert metrics.train_loss < before / 5
    assert math.isnan(metrics.train_accuracy)
    with pytest.raises(ConfigError, match="dataset for regression must be one of plane, multi_gaussian"):
        config.replace(dataset="moons")
    with pytest.raises(ConfigError, match="log-loss is for two classes"):
        config.replace(loss="log_loss", output_activation="sigmoid")
