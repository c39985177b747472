"""The exported script, run as a user runs it, prints the cost the engine reached."""

import subprocess
import sys

import numpy as np
import pytest

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.datasets import Dataset
from nnplayground.core.export_script import export_script
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON, CORRECTED_PERCEPTRON
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
