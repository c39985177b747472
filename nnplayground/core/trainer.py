"""Epochs, batches, optimiser, regularisation, history and divergence handling.

One ``Trainer`` owns one experiment. It is driven in chunks (``train(n)``),
which is what lets the GUI's worker thread stop, step or reconfigure it
between chunks without ever seeing a half-updated network. The epochs
themselves run in ``fast_kernel`` (the article's network) or ``general_loop``
(everything else); the plain data it hands out lives in ``training_state``
and is re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

import numpy as np

from .classes import label_indices, predicted_classes
from .config import ExperimentConfig
from .datasets import Dataset
from .divergence import RollBack, plan_roll_back
from .fast_kernel import ArticleKernel
from .features import transform
from .general_loop import GeneralLoop
from .history import History
from .losses import get_loss
from .network import Network
from .optimisers import make_optimiser
from .run_setup import DATA_SETTINGS, STRUCTURAL_SETTINGS, new_run
from .training_state import Divergence, Metrics, Snapshot, TrainingState, accuracy
from .workspace import Workspace

__all__ = [
    "DATA_SETTINGS",
    "Divergence",
    "Metrics",
    "Snapshot",
    "TestMetrics",
    "Trainer",
    "TrainingState",
    "accuracy",
]

# When ``train`` evaluates the test set for the history: at every history point, only at the
# chunk's last epoch, or never (the history's test columns then stay empty for that chunk).
TestMetrics = Literal["every", "last", "none"]


class Trainer:
    def __init__(self, config: ExperimentConfig, data: Dataset | None = None) -> None:
        self.config = config.validate()
        self._custom_data = data
        self.run_id = 0
        self._general: GeneralLoop | None = None
        self._test_workspace: Workspace | None = None
        self.reset()

    # ----- set-up -------------------------------------------------------------

    def reset(self) -> None:
        """Start a new run: regenerate the data (unless imported), re-draw the weights from the seeds.

        ``run_id`` counts runs, so views can tell a new run (a new curve) from
        a continued one.
        """
        self.run_id += 1
        config = self.config
        self.data, self.network = new_run(config, self._custom_data)
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
        # What the output is compared with: the labels, or for a softmax their one-hot rows, built
        # here once for the run (every epoch, batch and read-out uses these arrays).
        self._targets = self.network.targets(self._y)
        self._test_targets = self.network.targets(self._y_test)
        self._y_classes = label_indices(self._y)
        self.optimiser = make_optimiser(config.optimiser, config.learning_rate, config.momentum)
        self._loss = get_loss(config.loss)
        regularised = config.l1 > 0 or config.l2 > 0
        self._full_batch = config.full_batch or config.batch_size >= len(self._X)
        # A new loop is made when first needed, on the old one's buffers where they fit.
        self._spare_loop, self._general = self._general, None
        self._kernel: ArticleKernel | None = None
        if ArticleKernel.supports(self.network, config.loss, self._full_batch, config.optimiser, regularised):
            self._kernel = ArticleKernel(self.network, self._X, self._y, config.learning_rate)

    def _general_loop(self) -> GeneralLoop:
        """The loop for every network the tuned kernel does not take, made when first needed."""
        if self._general is None:
            self._general = GeneralLoop(
                self.network,
                self._X,
                self._targets,
                self.config,
                self.optimiser,
                self._shuffle_rng,
                self._spare_loop,
            )
            self._spare_loop = None
        return self._general

    def _test_outputs(self, network: Network) -> np.ndarray:
        """The outputs on the test points, in a workspace kept for them (the bits of ``predict``)."""
        workspace = self._test_workspace
        if workspace is None or not workspace.fits(network, len(self._X_test)):
            workspace = self._test_workspace = Workspace(
                network, len(self._X_test), self._X.dtype, backward=False
            )
        return workspace.forward(network, self._X_test)

    @property
    def inputs(self) -> np.ndarray:
        """The training points as the network sees them: feature columns, in the training dtype."""
        return self._X

    @property
    def labels(self) -> np.ndarray:
        """The training labels as stored: an (n, 1) column of class indices (or regression targets)."""
        return self._y

    @property
    def targets(self) -> np.ndarray:
        """What the output is trained towards: ``labels``, or their one-hot rows for a softmax output."""
        return self._targets

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
        old = self.config
        self.config = config
        if any(getattr(old, name) != getattr(config, name) for name in DATA_SETTINGS):
            self._custom_data = None
        if any(getattr(old, name) != getattr(config, name) for name in STRUCTURAL_SETTINGS):
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

    def train(
        self,
        epochs: int,
        *,
        test_metrics: TestMetrics = "every",
        between_batches: Callable[[], None] | None = None,
    ) -> int:
        """Run up to ``epochs`` epochs; returns the change in the epoch counter.

        Fewer than ``epochs`` on divergence, and possibly negative: see ``_roll_back``.
        Costs are computed only at history points and at the last epoch (the
        tuned loop saves two NumPy calls per epoch that way); a chunk that ends
        on non-finite weights or cost is replayed with every epoch's cost to
        find where it went wrong. History points are committed only after the
        chunk, so a diverged run's garbage never enters (or decimates) it.

        ``test_metrics`` says at which of the chunk's history points the test
        set is evaluated (a forward pass over it each time): ``"every"`` (the
        CLI, an exported history), ``"last"`` (only the chunk's last epoch: a
        caller that shows one frame after this chunk) or ``"none"`` (a chunk no
        one will see; its history points keep NaN test columns). Train cost and
        accuracy are recorded at every history point regardless, and
        ``metrics()`` always evaluates both sets for the current weights.

        ``between_batches`` is called after each mini-batch's update: one
        epoch of 100 000 points in batches of 32 is 3 125 updates and a third
        of a second, and a GUI thread sharing the interpreter lock can take its
        turn there instead of fighting the loop for it.
        """
        if epochs <= 0 or self.divergence is not None:
            return 0
        start = self.state()
        with np.errstate(all="ignore"):
            samples, last_loss = self._run(
                epochs, record=True, test_metrics=test_metrics, between_batches=between_batches
            )
            if math.isfinite(last_loss) and self._weights_finite():
                self.epoch += epochs
                self.last_loss = last_loss
                self._previous_checkpoint = start
            else:
                self._restore(start)
                losses = np.full(epochs + 1, np.nan)
                self._general_loop().run(self.network, epochs, losses=losses)
                self._roll_back(
                    plan_roll_back(start, self._previous_checkpoint, losses, self.config.learning_rate)
                )
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

    def _roll_back(self, plan: RollBack) -> None:
        """Return to the last weights whose cost was finite: see ``divergence.plan_roll_back``."""
        self.divergence = plan.divergence
        self._restore(plan.checkpoint)
        if plan.replay:
            self._run(plan.replay, record=False)
        self.epoch = plan.checkpoint.epoch + plan.replay
        self.last_loss = plan.last_loss

    def _run(
        self,
        epochs: int,
        *,
        record: bool,
        test_metrics: TestMetrics = "every",
        between_batches: Callable[[], None] | None = None,
    ) -> tuple[list[tuple], float]:
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
        labels, regression = self._y_bool, self.config.is_regression
        classes, softmax = self._y_classes, self.network.softmax_output
        has_test = len(self._X_test) > 0 and test_metrics != "none"
        test_from = epochs - 1 if test_metrics == "last" else 0
        count_nonzero, greater, equal, nan = np.count_nonzero, np.greater, np.equal, math.nan

        def on_sample(offset: int, outputs: np.ndarray, loss: float) -> int:
            if softmax:
                correct = count_nonzero(equal(predicted_classes(outputs), classes))
            else:
                correct = nan if regression else count_nonzero(equal(greater(outputs, 0.5), labels))
            test = self._test_metrics() if has_test and offset >= test_from else (nan, nan)
            samples.append((offset, loss, correct, *test))
            return plan.after(offset)

        if self._kernel is not None:
            last_loss = self._kernel.run(epochs, next_sample, on_sample)
            self._kernel.store(self.network)
            return samples, last_loss
        return samples, self._general_loop().run(
            self.network, epochs, next_sample, on_sample, between_batches=between_batches
        )

    def _test_metrics(self) -> tuple[float, float]:
        network = self._current_network()
        test_outputs = self._test_outputs(network)
        return self._test_cost(network), self._accuracy(test_outputs, self._y_test)

    def _test_cost(self, network: Network) -> float:
        """The cost of the last ``_test_outputs`` (a softmax's from its ``zo``, in the same workspace)."""
        assert self._test_workspace is not None
        return self._test_workspace.cost(network, self._loss, self._test_targets)

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
        self._forget_last_cost()

    def set_bias(self, layer: int, index: int, value: float) -> None:
        """Overwrite one bias; refused when the network has no bias."""
        bias = self.network.biases[layer]
        if bias is None:
            raise ValueError("this network has no bias (switch Bias on first)")
        if not np.isfinite(value) or not 0 <= index < bias.shape[0]:
            raise ValueError(f"a bias must be a finite number at an index below {bias.shape[0]}")
        bias[index] = value
        self._forget_last_cost()

    def _forget_last_cost(self) -> None:
        """A typed parameter makes the last epoch's cost another network's: until the next epoch the
        figure to show is the current weights' cost (``metrics().train_loss``), as after a drawn point."""
        self.last_loss = math.nan
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
        """Cost and accuracy of the current weights on the training and test points.

        This is the read-out to call at frame rate (``snapshot`` does). On both
        paths (the tuned kernel's and the general loop's) its forward pass over
        the training points is the one the next epoch starts with, so it costs
        the run nothing but the test pass.
        """
        network = self._current_network()
        loss = self._loss
        with np.errstate(all="ignore"):
            if self._kernel is None:
                general = self._general_loop()
                outputs = general.prime(network)
                train_cost = general.primed_cost(network)
            else:
                outputs = self._kernel.outputs()
                train_cost = loss.value(outputs, self._y)
            train = (train_cost, self._accuracy(outputs, self._y))
            if len(self._X_test):
                test_outputs = self._test_outputs(network)
                test = (self._test_cost(network), self._accuracy(test_outputs, self._y_test))
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
