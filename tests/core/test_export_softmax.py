"""The exported script of a softmax network trains the same K-class network and prints the same cost.

Compared exactly (which is more than the status bar's display precision): the script performs the
engine's softmax, ``log_softmax`` cost and ``dcost_dzo = ao − one-hot`` in the engine's order.
"""

import numpy as np
import pytest

from nnplayground.core.data_editing import add_point, from_points
from nnplayground.core.presets import THREE_ARM_SPIRAL, THREE_BLOBS
from nnplayground.core.trainer import Trainer

from .test_export_script import _export, _run_script, shown_cost

SOFTMAX_CONFIGS = {
    "3-arm spiral preset, smaller": THREE_ARM_SPIRAL.replace(n_samples=120, hidden_layers=(6, 4)),
    "6 blobs momentum mini-batches": THREE_BLOBS.replace(
        classes=6, optimiser="momentum", learning_rate=0.005, batch_size=32, test_fraction=0.2
    ),
    "2-class softmax, article weights and gd": THREE_BLOBS.replace(
        classes=2, initialiser="article", optimiser="gd", learning_rate=0.001, hidden_activation="sigmoid"
    ),
    "softmax perceptron float32 with l2": THREE_BLOBS.replace(
        classes=4, hidden_layers=(), dtype="float32", l2=0.01
    ),
}


@pytest.mark.parametrize("epochs", [0, 5, 150])
@pytest.mark.parametrize("name", SOFTMAX_CONFIGS)
def test_the_script_of_a_softmax_network_prints_the_engines_cost(tmp_path, name, epochs):
    trainer = Trainer(SOFTMAX_CONFIGS[name])
    trainer.train(epochs)
    assert float(_run_script(tmp_path, _export(trainer))) == shown_cost(trainer)


def test_the_script_shows_the_softmax_steps_as_the_engine_takes_them():
    trainer = Trainer(THREE_ARM_SPIRAL.replace(n_samples=60))
    trainer.train(2)
    source = _export(trainer)
    assert "Y = np.eye(3, dtype=np.float64)[labels.astype(int).ravel()]" in source, "one-hot, once"
    assert "shifted = x - np.max(x, axis=1, keepdims=True)" in source, "the stable softmax"
    assert "cost = -np.sum(labels * log_softmax(zo))" in source
    assert "dcost_dz = ao - y" in source
    assert "from sklearn" not in source, "spiral points are written out, not regenerated"
    assert "3 classes (a softmax output of 3 units, cross-entropy)" in " ".join(source.split())


def test_a_point_of_the_third_class_drawn_mid_run_is_taken_up_where_it_was_drawn(tmp_path):
    trainer = Trainer(THREE_BLOBS)
    trainer.train(30)
    trainer.replace_data(add_point(trainer.data, 0.2, -0.4, 2.0, classes=3), keep_weights=True)
    origin = trainer.state()
    trainer.train(40)
    assert float(_run_script(tmp_path, _export(trainer, origin))) == shown_cost(trainer)


def test_imported_points_of_five_classes(tmp_path):
    rng = np.random.RandomState(4)
    X = rng.normal(size=(50, 2))
    y = (np.arange(50) % 5).astype(float).reshape(-1, 1)
    trainer = Trainer(THREE_BLOBS.replace(classes=5), from_points(X, y, test_fraction=0, seed=0))
    trainer.train(60)
    assert float(_run_script(tmp_path, _export(trainer))) == shown_cost(trainer)
