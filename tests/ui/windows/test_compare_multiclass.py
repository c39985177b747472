"""Compare mode with two 3-class networks: both train on the same K-class points, in lockstep."""

from __future__ import annotations

from nnplayground.core.presets import PRESETS
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import Step
from nnplayground.ui.windows.compare_window import CompareWindow
from tests.ui.windows.test_compare import _settled

BLOBS = PRESETS["multi-class: 3 blobs"]
WIDER = BLOBS.replace(hidden_layers=(8,))


def test_two_three_class_networks_train_side_by_side_as_they_would_alone(qtbot):
    window = CompareWindow(BLOBS, WIDER)
    qtbot.addWidget(window)
    window.show()
    try:
        window.training.send(Step(40))
        pair = _settled(qtbot, window, epoch=40)
        for snapshot, config in zip((pair.left, pair.right), (BLOBS, WIDER)):
            assert snapshot.config.classes == 3 and snapshot.network.layer_sizes[-1] == 3
            alone = Trainer(config)
            alone.train(40)
            assert snapshot.last_loss == alone.snapshot().last_loss
        left, right = pair.left, pair.right
        assert (left.data.y_train == right.data.y_train).all(), "both sides learn the same points"
        assert "2-8-3" in window.sides[1].title.text()
    finally:
        assert window.shutdown()
