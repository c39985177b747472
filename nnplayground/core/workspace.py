"""``Network.forward`` and ``Network.backward`` into buffers allocated once, for any network.

The arithmetic is ``network.py``'s, operation for operation and in its order
(``out=`` changes where a result goes, never its bits), so a run through a
workspace is bit-identical to one through ``Network``; the tests check it for
every activation, loss, depth and bias. What changes is the memory: a
100 000 × 64 layer is 51 MB in float64, and a fresh array of that size is
fresh pages the kernel must fault in — in the general path that cost more than
the arithmetic. Here every epoch reuses the same pages:

* each layer's activation is taken in place over its ``z`` (the backward pass
  only reads the activation: σ′ and tanh′ come from the output, as in
  ``activations.py``);
* the backward pass keeps two error buffers, ``dcost_da`` of a layer is
  turned into its ``dcost_dz`` in place, and the one below is written into the
  other;
* a sigmoid layer multiplies by negated weights, which gives ``-z`` exactly
  (rounding is symmetric), so ``1 / (1 + exp(-z))`` needs no pass to negate
  ``z`` (and one to keep ``exp`` off its slow underflow path takes its place:
  ``activations.sigmoid_from_negated_into``);
* every ``np.dot`` operand is C-contiguous or the transpose of a C-contiguous
  array, which BLAS takes as it is (a strided operand would leave BLAS for
  NumPy's own slow loop); ``X.T`` stays a view, as in the article.

A softmax output keeps its ``zo`` in a buffer of its own (the probabilities
go to another), since the cost is computed from ``zo`` (``losses.log_softmax``)
and the whole K×K Jacobian is folded into ``dcost_dzo = ao − targets``.

A workspace holds up to ``rows`` rows; fewer (a short last mini-batch) use the
leading rows of the same buffers, which are still contiguous.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .losses import Loss
from .network import Network


@dataclass
class _Views:
    """The buffers cut to one row count."""

    activations: list[np.ndarray]
    errors: list[tuple[np.ndarray, np.ndarray]]
    scratch: list[np.ndarray]
    loss_scratch: np.ndarray
    logits: np.ndarray
    row_scratch: np.ndarray


class Workspace:
    """Buffers for the forward (and, with ``backward=True``, backward) pass of one network shape."""

    def __init__(self, network: Network, rows: int, dtype: np.dtype, *, backward: bool = True) -> None:
        self.rows = rows
        self.dtype = np.dtype(dtype)
        self.widths = [w.shape[1] for w in network.weights]
        self.shapes = [w.shape for w in network.weights]
        widest = max(self.widths)
        self._activations = [np.empty((rows, width), self.dtype) for width in self.widths]
        self._backward = backward
        flat = rows * widest if backward else 0
        self._errors = (np.empty(flat, self.dtype), np.empty(flat, self.dtype))
        self._scratch = np.empty(flat, self.dtype)
        self._loss_scratch = np.empty((rows if backward else 0, self.widths[-1]), self.dtype)
        self.weight_grads = [np.empty(shape, self.dtype) for shape in self.shapes]
        self.bias_grads: list[np.ndarray | None] = [
            None if b is None else np.empty(b.shape, self.dtype) for b in network.biases
        ]
        self._negated_weights = [np.empty(shape, self.dtype) for shape in self.shapes]
        self._negated_biases = [None if b is None else np.empty(b.shape, self.dtype) for b in network.biases]
        softmax_rows = rows if network.softmax_output else 0
        self._logits = np.empty((softmax_rows, self.widths[-1]), self.dtype)
        self._row_scratch = np.empty((softmax_rows, 1), self.dtype)
        self._softmax = network.softmax_output
        self._views: dict[int, _Views] = {}

    def fits(self, network: Network, rows: int, *, backward: bool = False) -> bool:
        """True when this workspace can serve ``network`` on ``rows`` rows without reallocating.

        Not when it would hold more than twice the rows: its memory is worth
        giving back then.
        """
        return (
            rows <= self.rows <= 2 * rows
            and (self._backward or not backward)
            and [w.shape for w in network.weights] == self.shapes
            and network.weights[0].dtype == self.dtype
            and [b is None for b in network.biases] == [g is None for g in self.bias_grads]
            and network.softmax_output == self._softmax
        )

    def _cut(self, rows: int) -> _Views:
        views = self._views.get(rows)
        if views is None:
            if not 0 < rows <= self.rows:
                raise ValueError(f"this workspace holds 1 to {self.rows} rows, not {rows}")
            activations = [a[:rows] for a in self._activations]
            errors, scratch = [], []
            if self._backward:
                for layer, width in enumerate(self.widths):
                    size = rows * width
                    mine, other = self._errors[layer % 2], self._errors[(layer + 1) % 2]
                    below = rows * self.widths[layer - 1] if layer else 0
                    errors.append((mine[:size].reshape(rows, width), other[:below].reshape(rows, -1)))
                    scratch.append(self._scratch[:size].reshape(rows, width))
            views = _Views(
                activations,
                errors,
                scratch,
                self._loss_scratch[:rows],
                self._logits[:rows],
                self._row_scratch[:rows],
            )
            self._views[rows] = views
        return views

    def forward(self, network: Network, X: np.ndarray) -> np.ndarray:
        """The network's output on ``X``; every layer's activation stays in the workspace for ``backward``."""
        views = self._cut(len(X))
        a = X
        last = len(network.weights) - 1
        for layer, (W, b, activation, out, negated_W, negated_b) in enumerate(
            zip(
                network.weights,
                network.biases,
                network.layer_activations,
                views.activations,
                self._negated_weights,
                self._negated_biases,
            )
        ):
            from_negated = activation.value_from_negated_into
            if layer == last and network.softmax_output:
                _softmax_into(a, W, b, views.logits, views.row_scratch, out)
            elif from_negated is not None:
                np.negative(W, out=negated_W)
                np.dot(a, negated_W, out=out)
                if b is not None:
                    np.negative(b, out=negated_b)
                    np.add(out, negated_b, out=out)
                from_negated(out, out)
            else:
                np.dot(a, W, out=out)
                if b is not None:
                    np.add(out, b, out=out)
                activation.value_into(out, out)
            a = out
        return a

    def output(self, rows: int) -> np.ndarray:
        return self._cut(rows).activations[-1]

    def cost(self, network: Network, loss: Loss, targets: np.ndarray) -> float:
        """The cost of the last ``forward`` on ``len(targets)`` rows; a softmax's from its kept ``zo``."""
        views = self._cut(len(targets))
        if network.softmax_output and loss.value_from_logits is not None:
            return loss.value_from_logits(views.logits, targets)
        return loss.value(views.activations[-1], targets)

    def backward(self, network: Network, X: np.ndarray, labels: np.ndarray, loss: Loss) -> np.ndarray:
        """Gradients of the last ``forward(network, X)`` into ``weight_grads``/``bias_grads``.

        Returns the first layer's ``dcost_dz`` (the article perceptron's
        ``z_delta``, which its bias loop reads). The steps and their order are
        ``Network.backward``'s.
        """
        rows = len(X)
        views = self._cut(rows)
        activations = network.layer_activations
        layers = len(network.weights)
        ao = views.activations[-1]
        dcost_dz = views.errors[-1][0]
        if network.softmax_output:
            np.subtract(ao, labels, out=dcost_dz)
        elif loss.needs_probability and network.output_activation == "sigmoid":
            np.subtract(ao, labels, out=dcost_dz)
            np.divide(dcost_dz, rows, out=dcost_dz)
        else:
            loss.gradient_into(ao, labels, dcost_dz, views.loss_scratch)
            da_dz = views.scratch[-1]
            if network.uses_perceptron_quirks:
                np.copyto(da_dz, sigmoid(ao))
                np.multiply(da_dz, np.subtract(1, da_dz), out=da_dz)
            else:
                activations[-1].derivative_into(ao, da_dz)
            np.multiply(dcost_dz, da_dz, out=dcost_dz)
        for layer in reversed(range(layers)):
            below = X if layer == 0 else views.activations[layer - 1]
            np.dot(below.T, dcost_dz, out=self.weight_grads[layer])
            bias_grad = self.bias_grads[layer]
            if bias_grad is not None:
                np.add.reduce(dcost_dz, axis=0, out=bias_grad)
            if layer == 0:
                break
            dcost_da = views.errors[layer][1]
            np.dot(dcost_dz, network.weights[layer].T, out=dcost_da)
            da_dz = views.scratch[layer - 1]
            activations[layer - 1].derivative_into(below, da_dz)
            np.multiply(dcost_da, da_dz, out=dcost_da)
            dcost_dz = dcost_da
        return dcost_dz


def _softmax_into(
    a: np.ndarray, W: np.ndarray, b: np.ndarray | None, zo: np.ndarray, row: np.ndarray, ao: np.ndarray
) -> None:
    """``zo = a · W (+ b)`` kept, and ``ao = softmax(zo)`` beside it: ``activations.softmax``'s steps."""
    np.dot(a, W, out=zo)
    if b is not None:
        np.add(zo, b, out=zo)
    np.max(zo, axis=1, keepdims=True, out=row)
    np.subtract(zo, row, out=ao)
    np.exp(ao, out=ao)
    np.sum(ao, axis=1, keepdims=True, out=row)
    np.divide(ao, row, out=ao)
