"""Control-panel changes reach the trainer running in the window: architecture, features, batch size."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QCheckBox, QSpinBox

from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from tests.ui.helpers import SETTLE_TIMEOUT_MS, wait_for_config

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


def spin(window, name: str) -> QSpinBox:
    widget = window.controls.findChild(QSpinBox, name)
    assert widget is not None, name
    return widget


def wait_for_layers(qtbot, window, sizes: list[int]) -> None:
    worker = window.training.worker
    qtbot.waitUntil(lambda: worker.latest().snapshot.network.layer_sizes == sizes, timeout=SETTLE_TIMEOUT_MS)
    assert worker.latest().snapshot.config == window.controls.config


def test_0_to_6_layers_of_1_to_64_neurons_reach_the_trainer(qtbot, main_window):
    spin(main_window, "hiddenLayerCountSpin").setValue(6)
    wait_for_layers(qtbot, main_window, [2, 4, 4, 4, 4, 4, 4, 1])
    spin(main_window, "hiddenUnitsSpin").setValue(64)
    spin(main_window, "hiddenUnitsSpin6").setValue(1)
    wait_for_layers(qtbot, main_window, [2, 64, 4, 4, 4, 4, 1, 1])
    spin(main_window, "hiddenLayerCountSpin").setValue(0)
    wait_for_layers(qtbot, main_window, [2, 1])
    assert main_window.training.worker.latest().snapshot.config == ARTICLE_PERCEPTRON


def test_h_switches_the_perceptron_and_the_remembered_deep_network(qtbot, main_window):
    spin(main_window, "hiddenLayerCountSpin").setValue(3)
    spin(main_window, "hiddenUnitsSpin2").setValue(8)
    wait_for_layers(qtbot, main_window, [2, 4, 8, 4, 1])
    main_window.menus.hidden_action.trigger()
    wait_for_layers(qtbot, main_window, [2, 1])
    assert not main_window.controls.findChild(QCheckBox, "hiddenLayerToggle").isChecked()
    main_window.menus.hidden_action.trigger()
    wait_for_layers(qtbot, main_window, [2, 4, 8, 4, 1])
    assert main_window.controls.config == ARTICLE_ONE_HIDDEN_LAYER.replace(hidden_layers=(4, 8, 4))


def test_input_features_reach_the_network_inputs(qtbot, main_window):
    main_window.controls.findChild(QCheckBox, "featureSinX1Check").setChecked(True)
    wait_for_layers(qtbot, main_window, [3, 4, 1])
    assert main_window.training.worker.latest().snapshot.config.input_features == ("x1", "x2", "sin(x1)")


def test_batch_sizes_1_7_and_full_reach_the_trainer(qtbot, main_window):
    batch = spin(main_window, "batchSizeSpin")
    for size in (1, 7, 0):
        batch.setValue(size)
        wait_for_config(qtbot, main_window.training.worker, batch_size=size)
    assert main_window.training.worker.latest().snapshot.config.full_batch
