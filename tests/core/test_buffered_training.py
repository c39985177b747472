"""The buffered training loop against the plain maths, and its buffers against stale state.

The reference below is the training loop written the straightforward way:
``Network.forward/backward`` (fresh arrays every call) and each optimiser's
formula as one expression. The buffered loop must land on the same bits, for
any depth, activation, loss, bias, batch size, optimiser and regularisation.
"""

import math

import numpy as np
import pytest

from nnplayground.core.activations import ACTIVATIONS, sigmoid
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.datasets import Dataset
from nnplayground.core.losses import get_loss
from nnplayground.core.network import Network
from nnplayground.core.trainer import Trainer
from nnplayground.core.workspace import Workspace
from tests.core.test_gradients import CASES


class _PlainOptimiser:
    def __init__(self, config: ExperimentConfig) -> None:
        self.config, self.steps, self.state = config, 0, None

    def update(self, parameters: list[np.ndarray], gradients: list[np.ndarray]) -> None:
        lr, name = self.config.learning_rate, self.config.optimiser
        if name == "gd":
            for p, g in zip(parameters, gradients):
                p -= lr * g
        elif name == "momentum":
            self.state = self.state or [np.zeros_like(p) for p in parameters]
            for p, g, v in zip(parameters, gradients, self.state):
                v *= self.config.momentum
                v -= lr * g
                p += v
        else:
            self.state = self.state or [(np.zeros_like(p), np.zeros_like(p)) for p in parameters]
            self.steps += 1
            c1, c2 = 1 - 0.9**self.steps, 1 - 0.999**self.steps
            for p, g, (m, v) in zip(parameters, gradients, self.state):
                m *= 0.9
                m += (1 - 0.9) * g
                v *= 0.999
                v += (1 - 0.999) * g * g
                p -= lr * (m / c1) / (np.sqrt(v / c2) + 1e-8)


def _plain_run(config: ExperimentConfig, epochs: int) -> tuple[Network, float]:
    """The general path as it reads: a forward pass, its cost, then the updates."""
    start = Trainer(config)
    network, X, y = start.network.copy(), start.inputs, start.labels
    optimiser, shuffle = _PlainOptimiser(config), np.random.default_rng(config.data_seed)
    loss, cost = get_loss(config.loss), math.nan

    def step(X_step: np.ndarray, y_step: np.ndarray) -> None:
        gradients = network.backward(network.forward(X_step), y_step, config.loss)
        grads = [
            g + config.l2 * w + config.l1 * np.sign(w) if config.l1 or config.l2 else g
            for g, w in zip(gradients.weights, network.weights)
        ]
        parameters = list(network.weights)
        for b, g in zip(network.biases, gradients.biases):
            if b is not None:
                parameters.append(b)
                grads.append(g)
        optimiser.update(parameters, grads)

    with np.errstate(all="ignore"):
        for _ in range(epochs):
            cost = loss.value(network.forward(X).output, y)
            if config.full_batch or config.batch_size >= len(X):
                step(X, y)
            else:
                order = shuffle.permutation(len(X))
                for begin in range(0, len(X), config.batch_size):
                    batch = order[begin : begin + config.batch_size]
                    step(X[batch], y[batch])
    return network, cost


def _parameters(network: Network) -> list[np.ndarray]:
    return network.weights + [b for b in network.biases if b is not None]


GENERAL = ExperimentConfig(n_samples=60, initialiser="glorot", weight_seed=3, learning_rate=0.3)


@pytest.mark.parametrize(
    "config",
    [
        GENERAL.replace(hidden_layers=(5,), loss="mse"),
        GENERAL.replace(hidden_layers=(6, 4), hidden_activation="tanh", bias=True, loss="log_loss"),
        GENERAL.replace(hidden_layers=(4, 4, 3), hidden_activation="relu", bias=True, optimiser="adam"),
        GENERAL.replace(hidden_layers=(3,), output_activation="linear", loss="mse", optimiser="momentum"),
        GENERAL.replace(hidden_layers=(8,), bias=True, batch_size=7, optimiser="momentum", loss="log_loss"),
        GENERAL.replace(hidden_layers=(5, 5), hidden_activation="tanh", batch_size=16, l1=0.01, l2=0.02),
        GENERAL.replace(hidden_layers=(), bias=True, loss="half_sse", learning_rate=0.05),
        GENERAL.replace(hidden_layers=(4,), loss="half_sse", learning_rate=3.0, bias=True),
        GENERAL.replace(hidden_layers=(7,), dtype="float32", bias=True, optimiser="adam", batch_size=9),
    ],
    ids=[
        "sigmoid-mse",
        "tanh-2-layers-bias-log-loss",
        "relu-3-layers-adam",
        "linear-output-momentum",
        "minibatch-momentum-log-loss",
        "minibatch-tanh-l1-l2",
        "no-hidden-layer",
        "saturating-half-sse",
        "float32-minibatch-adam",
    ],
)
def test_the_buffered_loop_gives_the_plain_maths_bit_for_bit(config):
    trainer = Trainer(config)
    assert trainer._kernel is None
    trainer.train(25)
    network, cost = _plain_run(config, 25)
    assert trainer.last_loss == cost
    for ours, plain in zip(_parameters(trainer.network), _parameters(network)):
        assert ours.dtype == plain.dtype == np.dtype(config.dtype)
        assert np.array_equal(ours, plain)


@pytest.mark.parametrize(("hidden", "output", "loss", "bias", "depth"), CASES)
def test_workspace_gradients_are_network_backward_bit_for_bit(hidden, output, loss, bias, depth):
    """So the finite-difference checks of ``Network.backward`` check the buffered loop too."""
    rng = np.random.RandomState(11)
    X = rng.normal(size=(12, 2))
    y = (rng.rand(12, 1) > 0.5).astype(float)
    network = Network.initialise(
        [2, *([3] * depth), 1],
        bias=bias,
        initialiser="glorot",
        rng=rng,
        hidden_activation=hidden,
        output_activation=output,
    )
    workspace = Workspace(network, 12, np.dtype(np.float64))
    with np.errstate(all="ignore"):
        forward = network.forward(X)
        expected = network.backward(forward, y, loss)
        output_values = workspace.forward(network, X)
        z_delta = workspace.backward(network, X, y, get_loss(loss))
    assert np.array_equal(output_values, forward.output)
    for ours, theirs in zip(workspace.weight_grads, expected.weights):
        assert np.array_equal(ours, theirs)
    for ours, theirs in zip(workspace.bias_grads, expected.biases):
        assert (ours is None) == (theirs is None)
        assert ours is None or np.array_equal(ours, theirs)
    assert np.array_equal(z_delta, expected.dcost_dz[0])


def test_a_saturated_sigmoid_keeps_the_articles_bits():
    """The exp clamp that keeps saturated units fast changes no value, at any z."""
    z = np.concatenate(
        [np.linspace(-800, 800, 20_001), [-745.2, -709.8, -40.0, -36.0, 36.0, 40.0, 0.0, -0.0]]
    )
    out = np.empty_like(z)
    for dtype in (np.float64, np.float32):
        values = z.astype(dtype)
        out = np.empty_like(values)
        with np.errstate(all="ignore"):
            ACTIVATIONS["sigmoid"].value_into(values, out)
            expected = sigmoid(values)
        assert np.array_equal(out, expected)


def _data(n: int, seed: int) -> Dataset:
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 2))
    y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    return Dataset(X, y, X[:10], y[:10])


@pytest.mark.parametrize("batch_size", [0, 8], ids=["full-batch", "minibatch"])
def test_buffers_carry_nothing_over_a_resize_or_a_reconfigure(batch_size):
    """A trainer whose data shrank or grew, or whose settings changed, trains as a fresh one would."""
    config = GENERAL.replace(hidden_layers=(6, 5), bias=True, batch_size=batch_size, optimiser="adam")
    trainer = Trainer(config, _data(80, 1))
    trainer.train(7)
    for data, change in (
        (_data(50, 2), {}),
        (_data(90, 3), {"learning_rate": 0.1}),
        (_data(90, 3), {"l2": 0.1}),
    ):
        trainer.replace_data(data, keep_weights=True)
        if change:
            trainer.reconfigure(trainer.config.replace(**change))
        fresh = Trainer(trainer.config, data)
        fresh.resume(trainer.state())
        trainer.train(6)
        fresh.train(6)
        assert trainer.last_loss == fresh.last_loss
        for ours, theirs in zip(_parameters(trainer.network), _parameters(fresh.network)):
            assert np.array_equal(ours, theirs)


@pytest.mark.parametrize(
    ("config", "weight"),
    [
        (GENERAL.replace(hidden_layers=(6,), bias=True, test_fraction=0.25), (0, 1, 2)),
        (ExperimentConfig(n_samples=60, test_fraction=0.25), (1, 2, 0)),
        # lr 40 saturates the sigmoids at once (outputs of exactly 0 and 1), where a read-out that
        # differed from ``predict`` in the last bit would show.
        (ExperimentConfig(n_samples=60, learning_rate=40.0, test_fraction=0.25), (1, 2, 0)),
    ],
    ids=["general-loop", "article-kernel", "article-kernel-saturated"],
)
def test_reading_metrics_between_chunks_changes_no_number(config, weight):
    """``metrics()`` lends its forward pass to the next epoch (the general loop's and the tuned
    kernel's alike: the window reads it at frame rate) only while the weights are untouched."""
    read, unread = Trainer(config), Trainer(config)
    assert (read._kernel is None) == (config.hidden_layers == (6,))
    loss = get_loss(config.loss)
    for chunk in (1, 3, 1, 5):
        assert read.metrics().train_loss == loss.value(read.network.predict(read.inputs), read.labels)
        read.train(chunk)
        unread.train(chunk)
    read.metrics()
    read.set_weight(*weight, 0.75)
    unread.set_weight(*weight, 0.75)
    read.train(4)
    unread.train(4)
    assert read.last_loss == unread.last_loss
    assert read.metrics() == unread.metrics()
    for ours, theirs in zip(_parameters(read.network), _parameters(unread.network)):
        assert np.array_equal(ours, theirs)
    history, reference = read.history.arrays(), unread.history.arrays()
    assert np.array_equal(history.train_loss, reference.train_loss)
    assert np.array_equal(history.test_loss, reference.test_loss)


def test_metrics_are_the_networks_own_predictions():
    config = GENERAL.replace(hidden_layers=(5, 3), hidden_activation="tanh", bias=True, test_fraction=0.3)
    trainer = Trainer(config)
    trainer.train(10)
    metrics = trainer.metrics()
    loss = get_loss(config.loss)
    network = trainer.network
    assert metrics.train_loss == loss.value(network.predict(trainer.inputs), trainer.labels)
    assert metrics.test_loss == loss.value(network.predict(trainer._X_test), trainer._y_test)


@pytest.mark.parametrize("test_metrics", ["last", "none"])
def test_a_chunk_can_skip_the_test_set_without_changing_the_run(test_metrics):
    """The window evaluates the test set when it will draw it; the training itself is the same."""
    config = GENERAL.replace(hidden_layers=(4,), test_fraction=0.3)
    every, sparse = Trainer(config), Trainer(config)
    every.train(12)
    sparse.train(12, test_metrics=test_metrics)
    full, thin = every.history.arrays(), sparse.history.arrays()
    assert np.array_equal(full.epoch, thin.epoch)
    assert np.array_equal(full.train_loss, thin.train_loss)
    assert np.array_equal(full.train_accuracy, thin.train_accuracy)
    shown = np.isfinite(thin.test_loss)
    assert shown.tolist() == [test_metrics == "last" and e == 11 for e in thin.epoch]
    assert np.array_equal(thin.test_loss[shown], full.test_loss[shown])
    assert every.last_loss == sparse.last_loss
    assert every.metrics() == sparse.metrics()


def test_the_article_network_skips_the_test_set_too():
    config = ExperimentConfig(test_fraction=0.2)
    trainer = Trainer(config)
    assert trainer._kernel is not None
    trainer.train(30, test_metrics="none")
    assert not np.isfinite(trainer.history.arrays().test_loss).any()
    assert math.isfinite(trainer.metrics().test_loss)


def test_float32_trains_in_float32_end_to_end():
    """Every array the general path touches stays float32 (a float64 one would silently upcast it)."""
    config = GENERAL.replace(hidden_layers=(8, 8), hidden_activation="tanh", bias=True, dtype="float32")
    single, double = Trainer(config), Trainer(config.replace(dtype="float64"))
    single.train(40)
    double.train(40)
    general = single._general
    assert general is not None
    for array in [
        *_parameters(single.network),
        *general._full.weight_grads,
        *general._full._activations,
        single.inputs,
        single.labels,
    ]:
        assert array.dtype == np.float32
    assert single.last_loss == pytest.approx(double.last_loss, rel=1e-2)
    assert single.metrics().train_accuracy == pytest.approx(double.metrics().train_accuracy, abs=0.02)


def test_a_saturated_network_keeps_exp_off_its_underflow_path(monkeypatch):
    """σ of a unit pinned at 1 must not ask ``exp`` for e^-800 (its slow path: several times slower)."""
    config = GENERAL.replace(hidden_layers=(8,), bias=True)
    trainer = Trainer(config)
    for w in trainer.network.weights:
        w *= 2_000
    smallest = []
    exp = np.exp

    def watched(x, *args, **kwargs):
        smallest.append(float(np.min(x)))
        return exp(x, *args, **kwargs)

    monkeypatch.setattr(np, "exp", watched)
    trainer.train(3)
    assert smallest and min(smallest) >= -40.0
    assert trainer.network.predict(trainer.inputs).max() == 1.0, "the network really is saturated"


def test_changing_a_hyper_parameter_keeps_the_training_buffers():
    """Fresh buffers are fresh pages to fault in (51 MB a layer at 100 000 × 64): reuse them."""
    trainer = Trainer(GENERAL.replace(hidden_layers=(6,), batch_size=10))
    trainer.train(2)
    loop = trainer._general
    trainer.reconfigure(trainer.config.replace(learning_rate=0.05, optimiser="momentum"))
    trainer.train(2)
    assert trainer._general is not loop
    assert trainer._general._full is loop._full and trainer._general._batch is loop._batch


def test_a_window_taking_its_turns_between_mini_batches_changes_no_bit():
    """The window's worker steps aside for the GUI after every update of a long mini-batch epoch."""
    config = GENERAL.replace(hidden_layers=(6,), bias=True, batch_size=8, optimiser="momentum")
    stepped, plain = Trainer(config, _data(80, 1)), Trainer(config, _data(80, 1))
    turns: list[int] = []
    stepped.train(3, between_batches=lambda: turns.append(stepped.epoch))
    plain.train(3)
    assert len(turns) == 3 * 80 // 8, "once after every update"
    assert stepped.last_loss == plain.last_loss
    for ours, theirs in zip(_parameters(stepped.network), _parameters(plain.network)):
        assert np.array_equal(ours, theirs)
