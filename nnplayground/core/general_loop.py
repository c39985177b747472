"""Epochs for any network: depth, activation, loss, bias, batch size, optimiser, regularisation.

The maths is ``Network.forward/backward`` and the optimiser's, step for step
(the step-through replays an epoch with ``Network`` and must land on the same
bits); the loop runs it in a ``Workspace`` whose buffers live as long as the
loop, so an epoch allocates nothing in proportion to the data.

An epoch's cost is that of the full training set before the epoch's updates.
It is computed only where someone reads it (a history point, the chunk's last
epoch, or every epoch while a divergence is being located): with mini-batches
that skips a whole forward pass over the data on the other epochs.
``prime`` lets a read-out of the current weights' outputs (``Trainer.metrics``)
serve as the next epoch's forward pass instead of being thrown away.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .config import ExperimentConfig
from .fast_kernel import SampleHook
from .losses import get_loss
from .network import Network
from .optimisers import Optimiser
from .workspace import Workspace


class GeneralLoop:
    def __init__(
        self,
        network: Network,
        X: np.ndarray,
        y: np.ndarray,
        config: ExperimentConfig,
        optimiser: Optimiser,
        shuffle_rng: np.random.Generator,
        previous: GeneralLoop | None = None,
    ) -> None:
        """``previous`` is the loop this one replaces: its buffers are taken over where they fit.

        ``y`` is what the output is trained towards: the labels, or for a
        softmax output the one-hot targets the trainer built once for the run.
        """
        self._X, self._y = X, y
        self._config = config
        self._optimiser = optimiser
        self._shuffle_rng = shuffle_rng
        self._loss = get_loss(config.loss)
        self._full_batch = config.full_batch or config.batch_size >= len(X)
        spares = [] if previous is None else [previous._full, previous._batch]
        self._full = _workspace(spares, network, len(X), backward=self._full_batch)
        self._batch: Workspace | None = None
        if not self._full_batch:
            self._batch = _workspace(spares, network, config.batch_size, backward=True)
            self._X_shuffled = np.empty_like(X)
            self._y_shuffled = np.empty_like(y)
        regularised = config.l1 > 0 or config.l2 > 0
        self._regularised = [np.empty_like(w) for w in network.weights] if regularised else None
        self._signs = [np.empty_like(w) for w in network.weights] if regularised else None
        self._primed: list[np.ndarray] | None = None

    @property
    def full_batch(self) -> bool:
        return self._full_batch

    def prime(self, network: Network) -> np.ndarray:
        """The outputs of the current weights on the training set, kept as the next epoch's forward pass.

        The next ``run`` uses them only if the weights are still exactly the
        ones they came from (compared, not assumed: anything may have set a
        weight in between).
        """
        outputs = self._full.forward(network, self._X)
        self._primed = _parameters_copy(network)
        return outputs

    def primed_cost(self, network: Network) -> float:
        """The training cost of the outputs ``prime`` just computed (read from the same workspace)."""
        return self._full.cost(network, self._loss, self._y)

    def _take_primed(self, network: Network) -> bool:
        primed, self._primed = self._primed, None
        return primed is not None and all(
            np.array_equal(kept, now) for kept, now in zip(primed, _parameters(network))
        )

    def run(
        self,
        network: Network,
        epochs: int,
        next_sample: int = -1,
        on_sample: SampleHook | None = None,
        losses: np.ndarray | None = None,
        between_batches: Callable[[], None] | None = None,
    ) -> float:
        """Train ``epochs`` epochs; returns the last epoch's cost.

        ``on_sample(offset, outputs, cost)`` is called at offset
        ``next_sample`` with the weights that produced ``outputs`` and returns
        the next offset; ``losses`` (when given) receives every epoch's cost;
        ``between_batches`` is called after every mini-batch's update.
        """
        X, y, full, loss = self._X, self._y, self._full, self._loss
        primed = self._take_primed(network)
        cost, last = math.nan, epochs - 1
        for offset in range(epochs):
            read = losses is not None or offset in (next_sample, last)
            if self._full_batch or read:
                outputs = full.output(len(X)) if primed and offset == 0 else full.forward(network, X)
            if read:
                cost = full.cost(network, loss, y)
                if losses is not None:
                    losses[offset] = cost
                if offset == next_sample and on_sample is not None:
                    next_sample = on_sample(offset, outputs, cost)
            if self._full_batch:
                self._step(network, full, X, y)
            else:
                self._mini_batches(network, between_batches)
        return cost

    def _mini_batches(self, network: Network, between_batches: Callable[[], None] | None) -> None:
        """One epoch of updates in a fresh shuffle; each batch is a contiguous slice of the shuffled copy."""
        batch, size = self._batch, self._config.batch_size
        assert batch is not None
        order = self._shuffle_rng.permutation(len(self._X))
        X, y = self._X_shuffled, self._y_shuffled
        np.take(self._X, order, axis=0, out=X)
        np.take(self._y, order, axis=0, out=y)
        forward = batch.forward
        for begin in range(0, len(order), size):
            X_batch, y_batch = X[begin : begin + size], y[begin : begin + size]
            forward(network, X_batch)
            self._step(network, batch, X_batch, y_batch)
            if between_batches is not None:
                between_batches()

    def _step(self, network: Network, workspace: Workspace, X: np.ndarray, y: np.ndarray) -> None:
        """One update from the last forward pass in ``workspace``: backward, regularisation, optimiser."""
        z_delta = workspace.backward(network, X, y, self._loss)
        weight_grads = workspace.weight_grads
        if self._regularised is not None and self._signs is not None:
            l1, l2 = self._config.l1, self._config.l2
            # g + l2·w + l1·sign(w), left to right
            for gradient, w, total, sign in zip(
                weight_grads, network.weights, self._regularised, self._signs
            ):
                np.multiply(l2, w, out=total)
                np.add(gradient, total, out=total)
                np.sign(w, out=sign)
                np.multiply(l1, sign, out=sign)
                np.add(total, sign, out=total)
            weight_grads = self._regularised
        parameters = list(network.weights)
        grads = list(weight_grads)
        quirky_bias = network.uses_perceptron_quirks and network.biases[0] is not None
        for bias, grad in zip(network.biases, workspace.bias_grads):
            if bias is not None and grad is not None and not quirky_bias:
                parameters.append(bias)
                grads.append(grad)
        self._optimiser.update(parameters, grads)
        if quirky_bias:
            _article_bias_loop(network.biases[0], z_delta, self._config.learning_rate)


def _article_bias_loop(bias: np.ndarray, z_delta: np.ndarray, learning_rate: float) -> None:
    """The article's ``for num in z_delta: bias -= lr * num``, one sample at a time.

    ``np.subtract.accumulate`` runs strictly left to right, so it gives
    the Python loop's result bit for bit without 100 interpreter rounds.
    """
    steps = np.empty(len(z_delta) + 1, dtype=bias.dtype)
    steps[0] = bias[0]
    np.multiply(learning_rate, z_delta[:, 0], out=steps[1:])
    bias[0] = np.subtract.accumulate(steps)[-1]


def _workspace(spares: list[Workspace | None], network: Network, rows: int, *, backward: bool) -> Workspace:
    """A spare workspace that fits (its pages are mapped already; fresh ones fault in), or a new one."""
    for index, spare in enumerate(spares):
        if spare is not None and spare.fits(network, rows, backward=backward):
            spares[index] = None
            return spare
    return Workspace(network, rows, network.weights[0].dtype, backward=backward)


def _parameters(network: Network) -> list[np.ndarray]:
    return network.weights + [b for b in network.biases if b is not None]


def _parameters_copy(network: Network) -> list[np.ndarray]:
    return [p.copy() for p in _parameters(network)]
