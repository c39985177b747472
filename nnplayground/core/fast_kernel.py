"""A tuned training loop for the article's network family, bit-identical to the article.

The family: one hidden layer of any width, sigmoid everywhere, no bias, the
article's ½·Σ(ao−y)² cost, full-batch gradient descent. The article spends
≈ 46 µs per epoch on 100 points, mostly in NumPy's per-call overhead and
temporary arrays, and computes ``sigmoid`` three times per layer. This loop
makes 20 NumPy calls into buffers allocated once, and gets the *same bits*:

* σ′ is taken from the activation (``ao * (1 - ao)``), which is exactly what
  ``sigmoid_der(zo)`` computes.
* The cost is computed only at the epochs someone reads it (history points
  and the last), not at all 200 000.
* The weights are stored negated. ``X · (−W)`` is exactly ``−(X · W)``
  (rounding is symmetric), so ``exp`` takes the product directly and the two
  ``np.negative`` calls of ``1 / (1 + exp(-z))`` disappear. The signs of the
  error and of σ′ are chosen so every gradient comes out negated too, and one
  ``P -= lr * G`` over a flat buffer updates both layers: ``−(w − lr·g)``
  equals ``(−w) − (lr·(−g))`` bit for bit.
* ``np.dot`` sees operands with the article's memory layouts (``X.T`` is a
  view, never a contiguous copy: OpenBLAS rounds the two differently).
* ``outputs`` (the read-out ``Trainer.metrics`` makes at frame rate) runs the
  forward pass in these buffers and the next epoch starts from it: on
  100 000 points that read-out took 110–130 ms of fresh 50 MB temporaries per
  frame, as long as an epoch, and now costs the run nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .network import Network

SampleHook = Callable[[int, np.ndarray, float], int]


class ArticleKernel:
    @staticmethod
    def supports(network: Network, loss: str, full_batch: bool, optimiser: str, regularised: bool) -> bool:
        return (
            network.hidden_layer_count == 1
            and network.hidden_activation == "sigmoid"
            and network.output_activation == "sigmoid"
            and all(b is None for b in network.biases)
            and loss == "half_sse"
            and full_batch
            and optimiser == "gd"
            and not regularised
        )

    def __init__(self, network: Network, X: np.ndarray, y: np.ndarray, learning_rate: float) -> None:
        dtype = X.dtype
        n, inputs = X.shape
        hidden = network.weights[0].shape[1]
        split = inputs * hidden
        self._params = np.empty(split + hidden, dtype)
        self._grads = np.empty(split + hidden, dtype)
        self._nwh = self._params[:split].reshape(inputs, hidden)
        self._nwo = self._params[split:].reshape(hidden, 1)
        self._gwh = self._grads[:split].reshape(inputs, hidden)
        self._gwo = self._grads[split:].reshape(hidden, 1)
        self.load(network)
        self._X, self._y = X, y
        self._ah = np.empty((n, hidden), dtype)
        self._t4 = np.empty((n, hidden), dtype)
        self._dah = np.empty((n, hidden), dtype)
        self._ao = np.empty((n, 1), dtype)
        self._t1 = np.empty((n, 1), dtype)
        self._d = np.empty((n, 1), dtype)
        self._dz = np.empty((n, 1), dtype)
        self._squares = np.empty(n, dtype)
        self._ones_h = np.ones((n, hidden), dtype)
        self._ones_o = np.ones((n, 1), dtype)
        self._lr = np.full(split + hidden, learning_rate, dtype)
        self._primed = False

    def load(self, network: Network) -> None:
        np.negative(network.weights[0], out=self._nwh)
        np.negative(network.weights[1], out=self._nwo)
        self._primed = False

    def outputs(self) -> np.ndarray:
        """The current weights' outputs, the bits of ``Network.predict``; the next epoch's forward pass.

        The calls are ``run``'s first eight, which ``run`` keeps inline: on the
        article's 100 points a method call per epoch costs more than it saves.
        The array is the loop's own buffer, valid until the next ``run``.
        """
        if not self._primed:
            ah, ao, ones_h, ones_o = self._ah, self._ao, self._ones_h, self._ones_o
            with np.errstate(all="ignore"):
                self._X.dot(self._nwh, ah)
                np.exp(ah, ah)
                np.add(ah, ones_h, ah)
                np.divide(ones_h, ah, ah)
                ah.dot(self._nwo, ao)
                np.exp(ao, ao)
                np.add(ao, ones_o, ao)
                np.divide(ones_o, ao, ao)
            self._primed = True
        return self._ao

    def store(self, network: Network) -> None:
        np.negative(self._nwh, out=network.weights[0])
        np.negative(self._nwo, out=network.weights[1])

    def run(self, count: int, next_sample: int, on_sample: SampleHook) -> float:
        """Train ``count`` epochs; returns the last epoch's cost (before its update).

        The cost is computed only where someone reads it: at epoch offset
        ``next_sample`` the loop calls ``on_sample(offset, ao, cost)`` while
        the weights are still those that produced ``ao``, and the hook returns
        the next offset to sample. After ``outputs`` the first epoch starts from
        its forward pass.
        """
        X, y, XT = self._X, self._y, self._X.T
        ah, t4, dah, ao, t1, d, dz = self._ah, self._t4, self._dah, self._ao, self._t1, self._d, self._dz
        squares, squares_column = self._squares, self._squares.reshape(-1, 1)
        ones_h, ones_o, lr = self._ones_h, self._ones_o, self._lr
        params, grads = self._params, self._grads
        X_dot, ah_dot, ahT_dot, dz_dot, XT_dot = X.dot, ah.dot, ah.T.dot, dz.dot, XT.dot
        nwh, nwo, nwoT, gwh, gwo = self._nwh, self._nwo, self._nwo.T, self._gwh, self._gwo
        exp, add, divide, subtract, multiply, total = (
            np.exp,
            np.add,
            np.divide,
            np.subtract,
            np.multiply,
            np.add.reduce,
        )
        last, loss = count - 1, float("nan")
        primed, self._primed = self._primed, False
        with np.errstate(all="ignore"):
            for epoch in range(count):
                if epoch or not primed:
                    X_dot(nwh, ah)
                    exp(ah, ah)
                    add(ah, ones_h, ah)
                    divide(ones_h, ah, ah)
                    ah_dot(nwo, ao)
                    exp(ao, ao)
                    add(ao, ones_o, ao)
                    divide(ones_o, ao, ao)
                subtract(y, ao, d)
                if epoch in (next_sample, last):
                    multiply(d, d, squares_column)
                    loss = 0.5 * float(total(squares))
                    if epoch == next_sample:
                        next_sample = on_sample(epoch, ao, loss)
                subtract(ones_o, ao, t1)
                multiply(ao, t1, t1)
                multiply(d, t1, dz)
                ahT_dot(dz, gwo)
                dz_dot(nwoT, dah)
                subtract(ah, ones_h, t4)
                multiply(ah, t4, t4)
                multiply(t4, dah, t4)
                XT_dot(t4, gwh)
                multiply(grads, lr, grads)
                subtract(params, grads, params)
        return loss
