"""Epochs, batches, optimiser, regularisation, history and divergence handling.

One ``Trainer`` owns one experiment. It is driven in chunks (``train(n)``),
which is what lets the GUI's worker thread stop, step or reconfigure it
between chunks without ever seeing a half-updated network.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import datasets
from .config import ExperimentConfig
from .datasets import Dataset
from .fast_kernel import ArticleKernel, SampleHook
from .features import transform
from .history import History, HistoryArrays
from .losses import get_loss
from .network import ForwardPass, Network
from .optimisers import make_optimiser

# Settings that choose the generated points; changing one leaves imported or drawn data.
DATA_SETTINGS = ("problem", "dataset", "n_samples", "noise", "data_seed", "test_fraction")


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


@dataclass
class TrainingState:
    """Everything that decides the next epoch: a checkpoint, and the core of a saved session."""

    epoch: int
    network: Network
    optimiser_state: dict[str, np.ndarray]
    shuffle_state: dict[str, object]
    last_loss: float


def accuracy(outputs: np.ndarray, labels: np.ndarray, *, regression: bool = False) -> float:
    """Share of points on the right side of 0.5; undefined (NaN) for regression targets."""
    if len(labels) == 0 or regression:
        return math.nan
    return float(np.count_nonzero((outputs > 0.5) == (labels > 0.5)) / len(labels))


class Trainer:
    def __init__(self, config: ExperimentConfig, data: Dataset | None = None) -> None:
        self.config = config.validate()
        self._custom_data = data
        self.run_id = 0
        self.reset()

    # ----- set-up -------------------------------------------------------------

    def reset(self) -> None:
        """Start a new run: regenerate the data (unless imported), re-draw the weights from the seeds.

        ``run_id`` counts runs, so views can tell a new run (a new curve) from
        a continued one.
        """
        self.run_id += 1
        config = self.config
        data_rng = np.random.RandomState(config.data_seed)
        if self._custom_data is None:
            X, y = datasets.generate(config.dataset, config.n_samples, config.noise, data_rng)
            self.data = datasets.split(X, y, config.test_fraction, config.data_seed)
        else:
            self.data = self._custom_data
        weight_rng = data_rng if config.weight_seed is None else np.random.RandomState(config.weight_seed)
        layer_sizes = [len(config.input_features), *config.hidden_layers, 1]
        self.network = Network.initialise(
            layer_sizes,
            bias=config.bias,
            initialiser=config.initialiser,
            rng=weight_rng,
            hidden_activation=config.hidden_activation,
            output_activation=config.output_activation,
            perceptron_quirks=config.article_quirks,
            dtype=np.dtype(config.dtype),
        )
        self.epoch = 0
        self.history = History()
        self.divergence: Divergence | None = None
        self.last_loss = math.nan
        self._shuffle_rng = np.random.default_rng(config.data_seed)
        self._previous_checkpoint: TrainingState | None = None
        self._prepare()
        self.origin = self.state()

    def _prepare(self) -> None:
        """(Re)build what depends on config, data and network but not on the epoch."""
        config, dtype = self.config, np.dtype(self.config.dtype)
        features = config.input_features
        self._X = np.ascontiguousarray(transform(self.data.X_train, features), dtype=dtype)
        self._y = np.ascontiguousarray(self.data.y_train, dtype=dtype)
        self._y_bool = self._y > 0.5
        self._X_test = np.ascontiguousarray(transform(self.data.X_test, features), dtype=dtype)
        self._y_test = np.ascontiguousarray(self.data.y_test, dtype=dtype)
        self.optimiser = make_optimiser(config.optimiser, config.learning_rate, config.momentum)
        self._loss = get_loss(config.loss)
        regularised = config.l1 > 0 or config.l2 > 0
        self._full_batch = config.full_batch or config.batch_size >= len(self._X)
        if ArticleKernel.supports(self.network, config.loss, self._full_batch, config.optimiser, regularised):
            self._kernel: ArticleKernel | None = ArticleKernel(
                self.network, self._X, self._y, config.learning_rate
            )
        else:
            self._kernel = None

    @property
    def inputs(self) -> np.ndarray:
        """The training points as the network sees them: feature columns, in the training dtype."""
        return self._X

    @property
    def labels(self) -> np.ndarray:
        return self._y

    @property
    def full_batch(self) -> bool:
        """True when every epoch is one update on all the points (the article's way)."""
        return self._full_batch

    @property
    def has_imported_data(self) -> bool:
        """True when the points were imported or drawn rather than generated from the seed."""
        return self._custom_data is not None

    def reconfigure(self, config: ExperimentConfig) -> None:
        """Apply new settings; keep the weights and epoch when the network's shape is unchanged.

        Data settings and anything that changes the layer structure start a new
        run (with a fresh history); learning rate, optimiser, loss, batch size and
        regularisation carry on from the current weights, as a person tuning a
        knob mid-run expects. Optimiser state restarts with a new optimiser.
        Changing a data setting (problem, dataset, size, noise, seed, test
        ratio) asks for generated points, so it also drops imported or drawn
        ones: the control the person touched must visibly take effect.
        """
        config = config.validate()
        structural = (
            "problem",
            "dataset",
            "n_samples",
            "noise",
            "data_seed",
            "test_fraction",
            "input_features",
            "hidden_layers",
            "hidden_activation",
            "output_activation",
            "bias",
            "initialiser",
            "weight_seed",
            "article_quirks",
            "dtype",
        )
        old = self.config
        self.config = config
        if any(getattr(old, name) != getattr(config, name) for name in DATA_SETTINGS):
            self._custom_data = None
        if any(getattr(old, name) != getattr(config, name) for name in structural):
            self.reset()
            return
        self.divergence = None
        self._sync_kernel_to_network()
        self._prepare()
        if config != old:
            self.origin = self.state()

    def replace_data(self, data: Dataset, *, keep_weights: bool = False) -> None:
        """Train on imported or drawn points from now on.

        An import starts a new run. ``keep_weights`` is for a drawn or removed
        point: the run goes on (same weights, epoch, history, optimiser state
        and shuffle stream) on the new points, so the learner watches the
        boundary adapt, as in ConvNetJS. The divergence roll-back checkpoint
        is dropped since replaying it would now use the wrong points.
        """
        self._custom_data = data
        if not keep_weights:
            self.reset()
            return
        self._sync_kernel_to_network()
        optimiser_state = self.optimiser.state()
        self.data = data
        self.divergence = None
        # The last epoch's cost was on the old points: until the next epoch, the figure to show is
        # the current weights' cost on these (``metrics().train_loss``), not a stale one.
        self.last_loss = math.nan
        self._previous_checkpoint = None
        self._prepare()
        self.optimiser.restore(optimiser_state)
        self.origin = self.state()

    def use_generated_data(self) -> None:
        """Back to the points the data settings and seed generate; starts a new run."""
        self._custom_data = None
        self.reset()

    # ----- training -----------------------------------------------------------

    def train(self, epochs: int) -> int:
        """Run up to ``epochs`` epochs; returns the change in the epoch counter.

        Fewer than ``epochs`` on divergence, and possibly negative: see ``_roll_back``.
        Costs are computed only at history points and at the last epoch (the
        tuned loop saves two NumPy calls per epoch that way); a chunk that ends
        on non-finite weights or cost is replayed with every epoch's cost to
        find where it went wrong. History points are committed only after the
        chunk, so a diverged run's garbage never enters (or decimates) it.
        """
        if epochs <= 0 or self.divergence is not None:
            return 0
        start = self.state()
        with np.errstate(all="ignore"):
            samples, last_loss = self._run(epochs, record=True)
            if math.isfinite(last_loss) and self._weights_finite():
                self.epoch += epochs
                self.last_loss = last_loss
                self._previous_checkpoint = start
            else:
                self._restore(start)
                losses = np.full(epochs + 1, np.nan)
                self._run_general(epochs, losses=losses)
                self._roll_back(start, losses, int(np.flatnonzero(~np.isfinite(losses))[0]))
        self._commit_samples(start.epoch, samples)
        return self.epoch - start.epoch

    def _weights_finite(self) -> bool:
        parameters = self.network.weights + [b for b in self.network.biases if b is not None]
        return all(np.isfinite(p).all() for p in parameters)

    def _commit_samples(self, first: int, samples: list[tuple]) -> None:
        if not samples:
            return
        rows = np.array(samples, dtype=np.float64)
        rows[:, 0] += first
        rows[:, 2] /= len(self._y)
        self.history.extend(rows[rows[:, 0] < self.epoch])

    def _roll_back(self, start: TrainingState, losses: np.ndarray, offset: int) -> None:
        """Return to the last weights whose cost was finite by replaying from a checkpoint.

        ``losses`` holds the chunk's cost per epoch plus one slot past the end
        (NaN when the chunk's final weights are not finite). Training is
        deterministic (shuffles come from a checkpointed RNG), so replaying
        ``k`` epochs from a checkpoint lands on exactly the state the run had;
        no per-epoch copy of the weights is needed. The cost of epoch ``e`` is
        that of the weights *before* its update, so the weights to keep are
        those one epoch before the first non-finite cost, which may lie in the
        previous chunk.
        """
        self.divergence = Divergence(start.epoch + offset, float(losses[offset]), self.config.learning_rate)
        if offset > 0:
            checkpoint, replay, last_loss = start, offset - 1, float(losses[offset - 1])
        elif self._previous_checkpoint is not None:
            checkpoint = self._previous_checkpoint
            replay, last_loss = start.epoch - 1 - checkpoint.epoch, start.last_loss
        else:
            checkpoint, replay, last_loss = start, 0, float(losses[0])
        self._restore(checkpoint)
        if replay:
            self._run(replay, record=False)
        self.epoch = checkpoint.epoch + replay
        self.last_loss = last_loss

    def _run(self, epochs: int, *, record: bool) -> tuple[list[tuple], float]:
        """Train; returns the history points and the last epoch's cost.

        A history point is (offset, cost, correct count, test cost, test accuracy).

        The per-sample work is kept to a few NumPy calls, since the hook runs
        inside the hot loop, and the history's plan names the epochs it will
        keep (and the chunk's last), so a long chunk samples no more densely
        than the history keeps.
        """
        plan = self.history.sample_plan(self.epoch, epochs)
        next_sample = plan.first if record else epochs
        samples: list[tuple] = []
        labels, has_test, regression = self._y_bool, len(self._X_test) > 0, self.config.is_regression
        count_nonzero, greater, equal, nan = np.count_nonzero, np.greater, np.equal, math.nan

        def on_sample(offset: int, outputs: np.ndarray, loss: float) -> int:
            correct = nan if regression else count_nonzero(equal(greater(outputs, 0.5), labels))
            test = self._test_metrics() if has_test else (nan, nan)
            samples.append((offset, loss, correct, *test))
            return plan.after(offset)

        if self._kernel is not None:
            last_loss = self._kernel.run(epochs, next_sample, on_sample)
            self._kernel.store(self.network)
            return samples, last_loss
        return samples, self._run_general(epochs, next_sample, on_sample)

    def _run_general(
        self,
        epochs: int,
        next_sample: int = -1,
        on_sample: SampleHook | None = None,
        losses: np.ndarray | None = None,
    ) -> float:
        """Epochs through ``Network.forward/backward``; fills ``losses`` when given."""
        loss = math.nan
        for offset in range(epochs):
            forward = self.network.forward(self._X)
            loss = self._loss.value(forward.output, self._y)
            if losses is not None:
                losses[offset] = loss
            if offset == next_sample:
                next_sample = on_sample(offset, forward.output, loss)
            self._general_epoch(forward)
        return loss

    def _general_epoch(self, forward: ForwardPass) -> None:
        """Update through ``Network.backward``: any depth, batch size and optimiser.

        ``forward`` is the full training set's pass, whose cost is the epoch's
        figure; with mini-batches the updates then follow a fresh shuffle.
        """
        if self._full_batch:
            self._step(forward, self._y)
            return
        batch_size = self.config.batch_size
        order = self._shuffle_rng.permutation(len(self._X))
        for begin in range(0, len(order), batch_size):
            batch = order[begin : begin + batch_size]
            self._step(self.network.forward(self._X[batch]), self._y[batch])

    def _step(self, forward: ForwardPass, labels: np.ndarray) -> None:
        config, network = self.config, self.network
        gradients = network.backward(forward, labels, config.loss)
        weight_grads = gradients.weights
        if config.l2 > 0 or config.l1 > 0:
            weight_grads = [
                g + config.l2 * w + config.l1 * np.sign(w) for g, w in zip(weight_grads, network.weights)
            ]
        parameters = list(network.weights)
        grads = list(weight_grads)
        quirky_bias = network.uses_perceptron_quirks and network.biases[0] is not None
        for bias, grad in zip(network.biases, gradients.biases):
            if bias is not None and not quirky_bias:
                parameters.append(bias)
                grads.append(grad)
        self.optimiser.update(parameters, grads)
        if quirky_bias:
            self._article_bias_loop(network.biases[0], gradients.dcost_dz[0])

    def _article_bias_loop(self, bias: np.ndarray, z_delta: np.ndarray) -> None:
        """The article's ``for num in z_delta: bias -= lr * num``, one sample at a time.

        ``np.subtract.accumulate`` runs strictly left to right, so it gives
        the Python loop's result bit for bit without 100 interpreter rounds.
        """
        steps = np.empty(len(z_delta) + 1, dtype=bias.dtype)
        steps[0] = bias[0]
        np.multiply(self.config.learning_rate, z_delta[:, 0], out=steps[1:])
        bias[0] = np.subtract.accumulate(steps)[-1]

    def _test_metrics(self) -> tuple[float, float]:
        test_outputs = self._current_network().predict(self._X_test)
        return self._loss.value(test_outputs, self._y_test), self._accuracy(test_outputs, self._y_test)

    def _accuracy(self, outputs: np.ndarray, labels: np.ndarray) -> float:
        return accuracy(outputs, labels, regression=self.config.is_regression)

    def _current_network(self) -> Network:
        self._sync_kernel_to_network()
        return self.network

    def _sync_kernel_to_network(self) -> None:
        if self._kernel is not None:
            self._kernel.store(self.network)

    # ----- checkpoints --------------------------------------------------------

    def state(self) -> TrainingState:
        """A copy of the training state (weights, optimiser, shuffle RNG, epoch)."""
        self._sync_kernel_to_network()
        return TrainingState(
            self.epoch,
            self.network.copy(),
            self.optimiser.state(),
            self._shuffle_rng.bit_generator.state,
            self.last_loss,
        )

    def clone(self) -> Trainer:
        """An independent trainer in the same state (same data, weights, optimiser and shuffle RNG)."""
        twin = Trainer(self.config, self.data)
        twin._custom_data = self._custom_data
        twin.resume(self.state())
        twin.origin = self.origin
        return twin

    def resume(self, state: TrainingState) -> None:
        """Continue from ``state`` (a loaded session): the next epoch is the one it would have run."""
        ours = self.network
        theirs = state.network
        same_shapes = [w.shape for w in ours.weights] == [w.shape for w in theirs.weights] and [
            None if b is None else b.shape for b in ours.biases
        ] == [None if b is None else b.shape for b in theirs.biases]
        if not same_shapes:
            raise ValueError("the saved weights do not fit the saved configuration's network")
        self._restore(state)
        self.epoch, self.last_loss = state.epoch, state.last_loss
        self._previous_checkpoint = None
        self.origin = self.state()

    def rewind(self, state: TrainingState) -> None:
        """Go back to an earlier ``state()`` of this run (the step-through's "previous phase").

        History points from that epoch on are forgotten, so the curve never
        shows epochs the run has not reached.
        """
        origin = self.origin
        self.resume(state)
        if origin.epoch <= state.epoch:
            self.origin = origin
        self.history.forget_from(state.epoch)
        self.divergence = None

    def set_weight(self, layer: int, row: int, column: int, value: float) -> None:
        """Overwrite one weight (a learner typing a value on the diagram); the run continues from it."""
        if not np.isfinite(value):
            raise ValueError("a weight must be a finite number")
        weights = self.network.weights[layer]
        if not (0 <= row < weights.shape[0] and 0 <= column < weights.shape[1]):
            raise ValueError(
                f"layer {layer} has weights of shape {weights.shape}; ({row}, {column}) is outside it"
            )
        self._sync_kernel_to_network()
        weights[row, column] = value
        if self._kernel is not None:
            self._kernel.load(self.network)
        self.divergence = None
        self.origin = self.state()

    def set_bias(self, layer: int, index: int, value: float) -> None:
        """Overwrite one bias; refused when the network has no bias."""
        bias = self.network.biases[layer]
        if bias is None:
            raise ValueError("this network has no bias (switch Bias on first)")
        if not np.isfinite(value) or not 0 <= index < bias.shape[0]:
            raise ValueError(f"a bias must be a finite number at an index below {bias.shape[0]}")
        bias[index] = value
        self.divergence = None
        self.origin = self.state()

    def _restore(self, checkpoint: TrainingState) -> None:
        for target, source in zip(self.network.weights, checkpoint.network.weights):
            target[...] = source
        for target, source in zip(self.network.biases, checkpoint.network.biases):
            if target is not None:
                target[...] = source
        self.optimiser.restore(checkpoint.optimiser_state)
        self._shuffle_rng.bit_generator.state = checkpoint.shuffle_state
        if self._kernel is not None:
            self._kernel.load(self.network)

    # ----- read-outs ----------------------------------------------------------

    def metrics(self) -> Metrics:
        """Cost and accuracy of the current weights on the training and test points."""
        network = self._current_network()
        loss = get_loss(self.config.loss)
        with np.errstate(all="ignore"):
            outputs = network.predict(self._X)
            train = (loss.value(outputs, self._y), self._accuracy(outputs, self._y))
            if len(self._X_test):
                test_outputs = network.predict(self._X_test)
                test = (loss.value(test_outputs, self._y_test), self._accuracy(test_outputs, self._y_test))
            else:
                test = (math.nan, math.nan)
        return Metrics(train[0], train[1], test[0], test[1])

    def snapshot(self) -> Snapshot:
        return Snapshot(
            config=self.config,
            epoch=self.epoch,
            network=self._current_network().copy(),
            metrics=self.metrics(),
            history=self.history.arrays(),
            divergence=self.divergence,
            data=self.data,
            run_id=self.run_id,
            last_loss=self.last_loss,
            imported_data=self.has_imported_data,
            origin=self.origin,
        )
