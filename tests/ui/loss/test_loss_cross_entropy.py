"""A softmax run's loss plot: its cost named cross-entropy, its accuracy over all K classes."""

from __future__ import annotations

import numpy as np
import pytest

from nnplayground.core.classes import label_indices, predicted_classes
from nnplayground.core.features import transform
from nnplayground.core.presets import THREE_BLOBS
from nnplayground.core.trainer import Trainer
from nnplayground.ui.loss.view import LossView
from tests.ui.helpers import CLASSIFICATION, on_screen


def test_the_cost_is_named_cross_entropy_and_accuracy_counts_every_class(qtbot):
    view = on_screen(qtbot, LossView(), 600, 320)
    trainer = Trainer(THREE_BLOBS)
    trainer.train(40)
    snapshot = trainer.snapshot()
    view.show_snapshot(snapshot)
    view.flush()
    assert view._title.text() == "Cross-entropy"
    assert view.plot.getPlotItem().getAxis("left").labelText == "cross-entropy"
    data = snapshot.data
    before = Trainer(THREE_BLOBS)
    before.train(39)  # the accuracy plotted at epoch 40 is that of the weights epoch 40 started from
    outputs = before.network.predict(transform(data.X_train, snapshot.config.input_features))
    expected = np.mean(predicted_classes(outputs) == label_indices(data.y_train)) * 100
    _, accuracy = view._accuracy.train.getData()
    assert accuracy[-1] == pytest.approx(expected)

    view.show_snapshot(Trainer(CLASSIFICATION).snapshot())
    view.flush()
    assert view.plot.getPlotItem().getAxis("left").labelText == "loss"
