"""A multilayer perceptron whose backward pass keeps every chain-rule term.

Read it beside the article: ``forward`` is its feed-forward (``zh = X·wh``,
``ah = σ(zh)``, ``zo = ah·wo``, ``ao = σ(zo)``) for any number of layers, and
``backward`` is its two phases, generalised: at each layer, from the output
back, ``dcost_dz = dcost_da * da_dz`` (phase 1's ``dcost_dao * dao_dzo``), the
weight gradient is ``dz_dw.T · dcost_dz`` (``dzo_dwo = ah``), and the error
passed to the layer below is ``dcost_dz · W.T`` (phase 2's
``dcost_dah = dcost_dzo · dzo_dah.T`` with ``dzo_dah = wo``).

Every NumPy operation is the article's, in the article's order, so the article
configurations are reproduced bit for bit; the test-suite checks it against
the article's own loop.

A softmax output (K units, one probability per class) is the one layer whose
activation is not element-wise: each ``ao`` depends on every ``zo`` of its
row, so its slope is a K×K Jacobian per sample, ``diag(ao) − ao·aoᵀ``.
Multiplied into cross-entropy's ``dcost_dao = −y/ao`` it collapses to
``dcost_dzo = ao − y`` (y one-hot): the Jacobian is folded into the loss, the
error signal is the plain difference of predicted and true probabilities, and
no ``1/ao`` (infinite where a probability underflows) is ever multiplied.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .activations import Activation, get_activation, sigmoid
from .classes import one_hot
from .losses import get_loss


@dataclass
class ForwardPass:
    """Inputs, then ``z`` and ``a`` for every layer (index 0 = first layer after the inputs)."""

    inputs: np.ndarray
    pre_activations: list[np.ndarray]
    activations: list[np.ndarray]

    @property
    def output(self) -> np.ndarray:
        return self.activations[-1]

    def layer_input(self, layer: int) -> np.ndarray:
        return self.inputs if layer == 0 else self.activations[layer - 1]


@dataclass
class Gradients:
    """Per layer: the weight and bias gradients and the chain-rule factors behind them."""

    weights: list[np.ndarray]
    biases: list[np.ndarray | None]
    dcost_da: list[np.ndarray]
    da_dz: list[np.ndarray]
    dcost_dz: list[np.ndarray]


class Network:
    """Weights ``W[l]`` of shape (fan_in, fan_out), as the article's ``wh`` (2×4) and ``wo`` (4×1)."""

    def __init__(
        self,
        weights: list[np.ndarray],
        biases: list[np.ndarray | None],
        hidden_activation: str = "sigmoid",
        output_activation: str = "sigmoid",
        *,
        perceptron_quirks: bool = False,
    ) -> None:
        if len(weights) != len(biases) or not weights:
            raise ValueError("a network needs one bias entry (array or None) per weight matrix")
        self.weights = weights
        self.biases = biases
        self.hidden_activation = hidden_activation
        self.output_activation = output_activation
        self.perceptron_quirks = perceptron_quirks
        self._activations = [get_activation(hidden_activation)] * (len(weights) - 1)
        self._activations.append(get_activation(output_activation))

    @classmethod
    def initialise(
        cls,
        layer_sizes: list[int],
        *,
        bias: bool,
        initialiser: str,
        rng: np.random.RandomState,
        hidden_activation: str = "sigmoid",
        output_activation: str = "sigmoid",
        perceptron_quirks: bool = False,
        dtype: np.dtype | type = np.float64,
    ) -> Network:
        """Draw the weights, then the biases, layer by layer from ``rng``.

        ``article`` is ``np.random.rand(fan_in, fan_out)`` in layer order, as
        the article draws ``wh`` then ``wo`` (and the perceptron ``weights``
        then ``bias``). All weights come before any bias so switching the bias
        on leaves the weights exactly where they were.
        """
        shapes = list(itertools.pairwise(layer_sizes))
        if initialiser == "article":
            weights = [rng.rand(fan_in, fan_out) for fan_in, fan_out in shapes]
            biases = [rng.rand(fan_out) if bias else None for _, fan_out in shapes]
        elif initialiser == "glorot":
            weights = [
                rng.uniform(-1, 1, (fan_in, fan_out)) * np.sqrt(6 / (fan_in + fan_out))
                for fan_in, fan_out in shapes
            ]
            biases = [np.zeros(fan_out) if bias else None for _, fan_out in shapes]
        elif initialiser == "he":
            weights = [rng.normal(0, np.sqrt(2 / fan_in), (fan_in, fan_out)) for fan_in, fan_out in shapes]
            biases = [np.zeros(fan_out) if bias else None for _, fan_out in shapes]
        else:
            raise ValueError(f"unknown initialiser {initialiser!r}; allowed: article, glorot, he")
        return cls(
            [w.astype(dtype, copy=False) for w in weights],
            [None if b is None else b.astype(dtype, copy=False) for b in biases],
            hidden_activation,
            output_activation,
            perceptron_quirks=perceptron_quirks,
        )

    @property
    def layer_sizes(self) -> list[int]:
        return [self.weights[0].shape[0]] + [w.shape[1] for w in self.weights]

    @property
    def layer_activations(self) -> list[Activation]:
        """Each layer's activation, from the first hidden layer to the output."""
        return self._activations

    @property
    def hidden_layer_count(self) -> int:
        return len(self.weights) - 1

    @property
    def uses_perceptron_quirks(self) -> bool:
        return self.perceptron_quirks and len(self.weights) == 1 and self.output_activation == "sigmoid"

    def copy(self) -> Network:
        return Network(
            [w.copy() for w in self.weights],
            [None if b is None else b.copy() for b in self.biases],
            self.hidden_activation,
            self.output_activation,
            perceptron_quirks=self.perceptron_quirks,
        )

    def forward(self, X: np.ndarray) -> ForwardPass:
        """``z = a_prev · W (+ b)``, ``a = f(z)`` per layer: the article's ``np.dot`` then activation."""
        pre_activations: list[np.ndarray] = []
        activations: list[np.ndarray] = []
        a = X
        for W, b, activation in zip(self.weights, self.biases, self._activations):
            z = np.dot(a, W)
            if b is not None:
                z = z + b
            a = activation.value(z)
            pre_activations.append(z)
            activations.append(a)
        return ForwardPass(X, pre_activations, activations)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """(n, K) class probabilities for a softmax output, (n, 1) for any other."""
        return self.forward(X).output

    @property
    def softmax_output(self) -> bool:
        return self.output_activation == "softmax"

    def targets(self, labels: np.ndarray) -> np.ndarray:
        """What the output is compared with: one-hot rows for a softmax output, else the labels.

        Labels stay an (n, 1) column of class indices everywhere; a softmax's
        K columns need them one-hot. The trainer builds that once per run and
        passes it in (already K wide, so it is used as it is); this turns a
        column into it for one-off callers (a step-through, a check).
        """
        classes = self.weights[-1].shape[1]
        if self.softmax_output and labels.shape[1] != classes:
            return one_hot(labels, classes, labels.dtype)
        return labels

    def cost(self, forward: ForwardPass, labels: np.ndarray, loss_name: str) -> float:
        """The cost of ``forward``: from ``zo`` (log-softmax, finite) where the loss has that form."""
        loss = get_loss(loss_name)
        targets = self.targets(labels)
        if self.softmax_output and loss.value_from_logits is not None:
            return loss.value_from_logits(forward.pre_activations[-1], targets)
        return loss.value(forward.output, targets)

    def backward(self, forward: ForwardPass, labels: np.ndarray, loss_name: str) -> Gradients:
        """Both phases of the article's back-propagation, for every layer from the output down.

        For a softmax output the output layer's ``dcost_dz`` is ``ao − targets``
        (see the module docstring); ``dcost_da`` and ``da_dz`` are still
        recorded there (``−y/ao`` and the Jacobian's diagonal) but not multiplied.
        """
        loss = get_loss(loss_name)
        if self.softmax_output and loss_name != "cross_entropy":
            raise ValueError("a softmax output trains with the cross-entropy loss only")
        labels = self.targets(labels)
        layers = len(self.weights)
        weight_grads: list[np.ndarray] = [np.empty(0)] * layers
        bias_grads: list[np.ndarray | None] = [None] * layers
        dcost_da_terms: list[np.ndarray] = [np.empty(0)] * layers
        da_dz_terms: list[np.ndarray] = [np.empty(0)] * layers
        dcost_dz_terms: list[np.ndarray] = [np.empty(0)] * layers

        ao = forward.output
        dcost_da = loss.gradient(ao, labels)
        for layer in reversed(range(layers)):
            a = forward.activations[layer]
            if layer == layers - 1 and self.uses_perceptron_quirks:
                z_activated = sigmoid(a)
                da_dz = z_activated * (1 - z_activated)
            else:
                da_dz = self._activations[layer].derivative(a)
            if layer == layers - 1 and self.softmax_output:
                dcost_dz = ao - labels
            elif layer == layers - 1 and loss.needs_probability and self.output_activation == "sigmoid":
                dcost_dz = (ao - labels) / ao.shape[0]
            else:
                dcost_dz = dcost_da * da_dz
            weight_grads[layer] = np.dot(forward.layer_input(layer).T, dcost_dz)
            if self.biases[layer] is not None:
                bias_grads[layer] = dcost_dz.sum(axis=0)
            dcost_da_terms[layer], da_dz_terms[layer], dcost_dz_terms[layer] = dcost_da, da_dz, dcost_dz
            if layer > 0:
                dcost_da = np.dot(dcost_dz, self.weights[layer].T)
        return Gradients(weight_grads, bias_grads, dcost_da_terms, da_dz_terms, dcost_dz_terms)

    def chain_rule_terms(self, forward: ForwardPass, gradients: Gradients) -> dict[str, np.ndarray]:
        """The article's names for its two networks; ``z1, a1, …`` by layer for any other."""
        if len(self.weights) == 2:
            return {
                "zh": forward.pre_activations[0],
                "ah": forward.activations[0],
                "zo": forward.pre_activations[1],
                "ao": forward.activations[1],
                "dcost_dao": gradients.dcost_da[1],
                "dao_dzo": gradients.da_dz[1],
                "dzo_dwo": forward.activations[0],
                "dcost_wo": gradients.weights[1],
                "dcost_dzo": gradients.dcost_dz[1],
                "dzo_dah": self.weights[1],
                "dcost_dah": gradients.dcost_da[0],
                "dah_dzh": gradients.da_dz[0],
                "dzh_dwh": forward.inputs,
                "dcost_wh": gradients.weights[0],
            }
        if len(self.weights) == 1:
            return {
                "XW": forward.pre_activations[0],
                "z": forward.activations[0],
                "error": gradients.dcost_da[0],
                "dcost_dpred": gradients.dcost_da[0],
                "dpred_dz": gradients.da_dz[0],
                "z_delta": gradients.dcost_dz[0],
                "dcost_w": gradients.weights[0],
            }
        terms: dict[str, np.ndarray] = {}
        for layer in range(len(self.weights)):
            n = layer + 1
            terms[f"z{n}"] = forward.pre_activations[layer]
            terms[f"a{n}"] = forward.activations[layer]
        for layer in reversed(range(len(self.weights))):
            n = layer + 1
            terms[f"dcost_da{n}"] = gradients.dcost_da[layer]
            terms[f"da{n}_dz{n}"] = gradients.da_dz[layer]
            terms[f"dcost_dz{n}"] = gradients.dcost_dz[layer]
            terms[f"dcost_w{n}"] = gradients.weights[layer]
        return terms
