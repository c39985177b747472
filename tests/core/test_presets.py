"""The multi-class presets: valid, named everywhere presets are listed, and they learn what they show."""

from __future__ import annotations

import pytest

from nnplayground.core.presets import PRESET_KEYS, THREE_ARM_SPIRAL, THREE_BLOBS, get_preset
from nnplayground.core.trainer import Trainer


@pytest.mark.parametrize(
    ("key", "name", "config", "epochs"),
    [
        ("blobs-3", "multi-class: 3 blobs", THREE_BLOBS, 200),
        ("spiral-3", "multi-class: 3-arm spiral", THREE_ARM_SPIRAL, 1000),
    ],
)
def test_a_multi_class_preset_learns_its_three_classes(key, name, config, epochs):
    assert PRESET_KEYS[key] == name and get_preset(key) == get_preset(name) == config
    assert (config.classes, config.output_activation, config.loss) == (3, "softmax", "cross_entropy")
    trainer = Trainer(config)
    assert {float(label) for label in trainer.data.y_train.ravel()} == {0.0, 1.0, 2.0}
    trainer.train(epochs)
    assert trainer.metrics().train_accuracy >= 0.95
