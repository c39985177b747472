"""The exported script, run as a user runs it, prints the cost the status bar shows, to the last digit.

The figure the window shows is the last epoch's cost before its update, or, before any
epoch, the initial weights' cost; ``shown_cost`` reads it as ``status.py`` does.
"""

import math
import subprocess
import sys

import numpy as np
import pytest

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.data_editing import add_point, from_points
from nnplayground.core.datasets import Dataset
from nnplayground.core.export_script import export_script, replay_note
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON, CORRECTED_PERCEPTRON
from nnplayground.core.script_literals import LITERAL_LIMIT
from nnplayground.core.trainer import Trainer

CONFIGS = {
    "article hidden layer": ARTICLE_ONE_HIDDEN_LAYER,
    "article perceptron": ARTICLE_PERCEPTRON,
    "corrected perceptron": CORRECTED_PERCEPTRON,
    "deep tanh adam minibatch": ExperimentConfig(
        hidden_layers=(6, 3), hidden_activation="tanh", bias=True, optimiser="adam", learning_rate=0.01,
        batch_size=10, initialiser="glorot", dataset="spiral", n_samples=80,
    ),
    "relu momentum l2 log-loss": ExperimentConfig(
        hidden_layers=(5,), hidden_activation="relu", bias=True, optimiser="momentum", learning_rate=0.05,
        loss="log_loss", l2=0.01, l1=0.001, initialiser="he", dataset="circles", test_fraction=0.2,
    ),
    "float32 xor": ExperimentConfig(dataset="xor", dtype="float32", bias=True, hidden_layers=(4,)),
    "all input features": ExperimentConfig(
        input_features=("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"), bias=True,
        hidden_layers=(3,), hidden_activation="tanh", dataset="circles",
    ),
    "article family on features": ARTICLE_ONE_HIDDEN_LAYER.replace(input_features=("x1^2", "x2^2")),
    # The window's Precision control: the article's network and a deep one, trained in float32.
    "float32 article hidden layer": ARTICLE_ONE_HIDDEN_LAYER.replace(dtype="float32"),
    "float32 deep tanh adam minibatch": ExperimentConfig(
        hidden_layers=(6, 3), hidden_activation="tanh", bias=True, optimiser="adam", learning_rate=0.01,
        batch_size=10, initialiser="glorot", dataset="spiral", n_samples=80, dtype="float32",
    ),
}  # fmt: skip


def _run_script(tmp_path, source: str) -> str:
    path = tmp_path / "exported.py"
    path.write_text(source)
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("name", CONFIGS)
def test_exported_script_prints_the_engines_cost(tmp_path, name):
    trainer = Trainer(CONFIGS[name])
    trainer.train(300)
    printed = _run_script(
        tmp_path, export_script(trainer.config, trainer.data, trainer.epoch, generated_data=True)
    )
    assert float(printed) == trainer.last_loss


def test_article_family_exports_the_articles_own_code(tmp_path):
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(10)
    source = export_script(trainer.config, trainer.data, trainer.epoch, generated_data=True)
    assert "datasets.make_moons(100, noise=0.1)" in source
    assert "dcost_dah = np.dot(dcost_dzo , dzo_dah.T)" in source


def test_imported_points_are_written_exactly(tmp_path):
    rng = np.random.RandomState(5)
    X = rng.normal(size=(25, 2))
    y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    trainer = Trainer(ExperimentConfig(bias=True, hidden_layers=(6,)), Dataset(X, y, X[:0], y[:0]))
    trainer.train(200)
    assert (
        float(
            _run_script(
                tmp_path, export_script(trainer.config, trainer.data, trainer.epoch, generated_data=False)
            )
        )
        == trainer.last_loss
    )


def shown_cost(trainer: Trainer) -> float:
    """The status bar's loss: the last epoch's cost, or the current weights' before any epoch (on
    the points as they are: a drawn point makes the last epoch's cost stale)."""
    return trainer.last_loss if math.isfinite(trainer.last_loss) else trainer.metrics().train_loss


def _export(trainer: Trainer, origin=None) -> str:
    snapshot = trainer.snapshot()
    return export_script(
        snapshot.config,
        snapshot.data,
        snapshot.epoch,
        generated_data=not snapshot.imported_data,
        origin=origin,
    )


def _draw_points(trainer: Trainer) -> None:
    """Points clicked onto the plot: each goes through ``data_editing`` and keeps the run's weights."""
    for i, (x1, x2) in enumerate([(0.1, 0.4), (-0.7, 1.2), (1.9, -0.3), (0.5, 0.5)]):
        trainer.replace_data(add_point(trainer.data, x1, x2, float(i % 2)), keep_weights=True)


def _imported(n: int) -> Dataset:
    rng = np.random.RandomState(11)
    X = rng.normal(size=(n, 2))
    return from_points(X, (X[:, :1] * X[:, 1:] > 0).astype(float), test_fraction=0, seed=0)


@pytest.mark.parametrize("epochs", [0, 250])
@pytest.mark.parametrize(
    "name", ["article hidden layer", "deep tanh adam minibatch", "float32 deep tanh adam minibatch"]
)
def test_a_generated_run_at_any_epoch_including_0(tmp_path, name, epochs):
    trainer = Trainer(CONFIGS[name])
    trainer.train(epochs)
    assert float(_run_script(tmp_path, _export(trainer))) == shown_cost(trainer)


@pytest.mark.parametrize("epochs", [0, 300])
@pytest.mark.parametrize(
    "name",
    [
        "article hidden layer",
        "article perceptron",
        "relu momentum l2 log-loss",
        "float32 article hidden layer",
    ],
)
def test_a_run_on_drawn_points_at_any_epoch_including_0(tmp_path, name, epochs):
    """Drawn before training: the weights are the generated run's, the points are no generator's."""
    trainer = Trainer(CONFIGS[name])
    _draw_points(trainer)
    origin = trainer.state()
    trainer.train(epochs)
    assert float(_run_script(tmp_path, _export(trainer, origin))) == shown_cost(trainer)


@pytest.mark.parametrize("epochs", [0, 300])
@pytest.mark.parametrize(
    "name", ["article hidden layer", "corrected perceptron", "float32 article hidden layer"]
)
def test_a_run_on_imported_points_at_any_epoch_including_0(tmp_path, name, epochs):
    """The article family once drew its weights unseeded here (app 4.16771, script 2.41499, 4.16543)."""
    trainer = Trainer(CONFIGS[name], _imported(60))
    trainer.train(epochs)
    source = _export(trainer)
    assert "np.random.rand" not in source or "np.random.seed" in source
    assert float(_run_script(tmp_path, source)) == shown_cost(trainer)
    assert source == _export(trainer, origin=Trainer(CONFIGS[name], _imported(60)).state())


@pytest.mark.parametrize(
    "name",
    [
        "article hidden layer",
        "deep tanh adam minibatch",
        "relu momentum l2 log-loss",
        "float32 deep tanh adam minibatch",
    ],
)
def test_a_run_changed_mid_run_is_taken_up_where_it_changed(tmp_path, name):
    """Points drawn and the learning rate halved at epoch 120: the script starts there, and says so."""
    trainer = Trainer(CONFIGS[name])
    trainer.train(120)
    _draw_points(trainer)
    trainer.reconfigure(trainer.config.replace(learning_rate=trainer.config.learning_rate / 2))
    origin = trainer.state()
    right_after, shown_right_after = _export(trainer, origin), shown_cost(trainer)
    trainer.train(80)
    source = _export(trainer, origin)
    docstring = " ".join(source.split('"""')[1].split())
    assert "changed at epoch 120" in docstring and "cannot replay it from the start" in docstring
    assert (
        "120" in replay_note(origin, trainer.epoch) and replay_note(Trainer(CONFIGS[name]).state(), 5) is None
    )
    assert float(_run_script(tmp_path, source)) == shown_cost(trainer)
    assert float(_run_script(tmp_path, right_after)) == shown_right_after


def test_a_large_imported_set_is_packed_exactly(tmp_path):
    """100 000 points: written as packed float64 bytes, not a 5 MB wall of digits."""
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER.replace(learning_rate=0.0005), _imported(100_000))
    trainer.train(3)
    source = _export(trainer)
    assert "unpack(" in source and len(source) < 4_000_000
    assert float(_run_script(tmp_path, source)) == shown_cost(trainer)


def test_small_arrays_stay_readable_numbers():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER, _imported(LITERAL_LIMIT // 3))
    assert "unpack(" not in _export(trainer)
