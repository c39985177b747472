"""The floor: the general path's maths as a plain preallocated NumPy loop, written out by hand.

Full-batch gradient descent on mean squared error for a sigmoid or tanh
network of any depth (sigmoid output), with or without bias: per layer one
``np.dot`` forward and the activation in place; backward, per layer, σ′ from
the stored activation, the weight gradient's ``np.dot``, the bias gradient's
sum and the ``np.dot`` for the layer below; ``w -= lr·g`` through a scratch
array. Nothing is allocated inside the loop. ``benchmarks/engine.py`` times it
beside ``Trainer.train`` on the same data and weights, in the same process.
"""

from __future__ import annotations

import numpy as np


def _sigmoid(z: np.ndarray) -> None:
    np.negative(z, out=z)
    np.exp(z, out=z)
    np.add(1, z, out=z)
    np.divide(1, z, out=z)


def _sigmoid_derivative(a: np.ndarray, out: np.ndarray) -> None:
    np.subtract(1, a, out=out)
    np.multiply(a, out, out=out)


def _tanh(z: np.ndarray) -> None:
    np.tanh(z, out=z)


def _tanh_derivative(a: np.ndarray, out: np.ndarray) -> None:
    np.multiply(a, a, out=out)
    np.subtract(1, out, out=out)


HIDDEN = {"sigmoid": (_sigmoid, _sigmoid_derivative), "tanh": (_tanh, _tanh_derivative)}


class FloorLoop:
    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        weights: list[np.ndarray],
        biases: list[np.ndarray | None],
        hidden: str,
        learning_rate: float,
    ) -> None:
        n = len(X)
        dtype = X.dtype
        self.X, self.y, self.lr = X, y, learning_rate
        self.weights = [w.copy() for w in weights]
        self.biases = [None if b is None else b.copy() for b in biases]
        self.activations = [np.empty((n, w.shape[1]), dtype) for w in weights]
        self.errors = [np.empty((n, w.shape[1]), dtype) for w in weights]
        self.scratch = [np.empty((n, w.shape[1]), dtype) for w in weights]
        self.weight_grads = [np.empty_like(w) for w in self.weights]
        self.bias_grads = [None if b is None else np.empty_like(b) for b in self.biases]
        self.steps = [np.empty_like(w) for w in self.weights]
        self.bias_steps = [None if b is None else np.empty_like(b) for b in self.biases]
        functions = [HIDDEN[hidden]] * (len(weights) - 1) + [HIDDEN["sigmoid"]]
        self.functions = functions

    def run(self, epochs: int) -> None:
        X, y, lr, n = self.X, self.y, self.lr, len(self.X)
        weights, biases, acts, errors, scratch = (
            self.weights,
            self.biases,
            self.activations,
            self.errors,
            self.scratch,
        )
        layers = len(weights)
        with np.errstate(all="ignore"):
            for _ in range(epochs):
                a = X
                for W, b, out, (value, _) in zip(weights, biases, acts, self.functions):
                    np.dot(a, W, out=out)
                    if b is not None:
                        np.add(out, b, out=out)
                    value(out)
                    a = out
                delta = errors[-1]
                np.subtract(a, y, out=delta)
                np.multiply(2, delta, out=delta)
                np.divide(delta, n, out=delta)
                for layer in reversed(range(layers)):
                    self.functions[layer][1](acts[layer], scratch[layer])
                    np.multiply(errors[layer], scratch[layer], out=errors[layer])
                    below = X if layer == 0 else acts[layer - 1]
                    np.dot(below.T, errors[layer], out=self.weight_grads[layer])
                    if self.bias_grads[layer] is not None:
                        np.sum(errors[layer], axis=0, out=self.bias_grads[layer])
                    if layer:
                        np.dot(errors[layer], weights[layer].T, out=errors[layer - 1])
                for W, g, step in zip(weights, self.weight_grads, self.steps):
                    np.multiply(lr, g, out=step)
                    np.subtract(W, step, out=W)
                for b, g, step in zip(biases, self.bias_grads, self.bias_steps):
                    if b is not None:
                        np.multiply(lr, g, out=step)
                        np.subtract(b, step, out=b)
