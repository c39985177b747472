"""The article's two scripts, as it prints them, minus the plotting.

They are the yardstick: the tests prove our engine equal to these loops, the
``reproduce`` command prints both figures side by side, and the engine
benchmark times our loop against ``one_hidden_layer``. They use a private
``RandomState`` where the article calls ``np.random.seed``, which draws the
same numbers without touching NumPy's global generator.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn import datasets

ARTICLE_EPOCHS = 200_000
ARTICLE_PERCEPTRON_FIGURE = 4.17
ARTICLE_HIDDEN_LAYER_FIGURE = 1.50

Progress = Callable[[int], None]


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_der(x):
    return sigmoid(x) * (1 - sigmoid(x))


def _moons(rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
    feature_set, labels = datasets.make_moons(100, noise=0.10, random_state=rng)
    return feature_set, labels.reshape(100, 1)


def perceptron(epochs: int = ARTICLE_EPOCHS, progress: Progress | None = None) -> list[float]:
    """The article's perceptron script; returns every ``error_out.sum()`` it prints."""
    feature_set, labels = _moons(np.random.RandomState(0))
    rng = np.random.RandomState(42)
    weights = rng.rand(2, 1)
    lr = 0.5
    bias = rng.rand(1)
    printed = []
    for epoch in range(epochs):
        XW = np.dot(feature_set, weights) + bias
        z = sigmoid(XW)
        error_out = (1 / 2) * (np.power((z - labels), 2))
        printed.append(error_out.sum())
        error = z - labels
        dcost_dpred = error
        dpred_dz = sigmoid_der(z)
        z_delta = dcost_dpred * dpred_dz
        inputs = feature_set.T
        weights -= lr * np.dot(inputs, z_delta)
        for num in z_delta:
            bias -= lr * num
        if progress is not None:
            progress(epoch)
    return printed


def one_hidden_layer(
    epochs: int = ARTICLE_EPOCHS, progress: Progress | None = None
) -> tuple[list[float], np.ndarray, np.ndarray]:
    """The article's 2-4-1 script; returns the printed costs and the final ``wh``, ``wo``."""
    rng = np.random.RandomState(0)
    feature_set, labels = _moons(rng)
    wh = rng.rand(len(feature_set[0]), 4)
    wo = rng.rand(4, 1)
    printed = one_hidden_layer_loop(feature_set, labels, wh, wo, 0.5, epochs, progress)
    return printed, wh, wo


def one_hidden_layer_loop(
    feature_set: np.ndarray,
    labels: np.ndarray,
    wh: np.ndarray,
    wo: np.ndarray,
    lr: float,
    epochs: int,
    progress: Progress | None = None,
) -> list[float]:
    """The article's training loop on any data and width (the benchmark's baseline); updates wh, wo."""
    printed = []
    for epoch in range(epochs):
        zh = np.dot(feature_set, wh)
        ah = sigmoid(zh)
        zo = np.dot(ah, wo)
        ao = sigmoid(zo)
        error_out = (1 / 2) * (np.power((ao - labels), 2))
        printed.append(error_out.sum())
        dcost_dao = ao - labels
        dao_dzo = sigmoid_der(zo)
        dzo_dwo = ah
        dcost_wo = np.dot(dzo_dwo.T, dcost_dao * dao_dzo)
        dcost_dzo = dcost_dao * dao_dzo
        dzo_dah = wo
        dcost_dah = np.dot(dcost_dzo, dzo_dah.T)
        dah_dzh = sigmoid_der(zh)
        dzh_dwh = feature_set
        dcost_wh = np.dot(dzh_dwh.T, dah_dzh * dcost_dah)
        wh -= lr * dcost_wh
        wo -= lr * dcost_wo
        if progress is not None:
            progress(epoch)
    return printed
