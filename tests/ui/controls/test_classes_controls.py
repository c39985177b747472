"""More than two classes from the panel: the Classes box, the datasets and losses it allows, the presets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import PRESETS
from nnplayground.live.commands import LoadPreset, Reconfigure
from nnplayground.ui.controls.panel import ControlPanel
from tests.ui.helpers import on_screen

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def panel(qtbot) -> tuple[ControlPanel, list]:
    widget = ControlPanel(ExperimentConfig())
    sent: list = []
    widget.command.connect(sent.append)
    on_screen(qtbot, widget, 360, 1400)
    return widget, sent


def _type(qtbot, box, text: str) -> None:
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, text)
    QTest.keyClick(box, Qt.Key.Key_Return)


def test_three_classes_switch_the_output_to_softmax_and_the_data_to_blobs_and_say_so(qtbot, panel):
    widget, sent = panel
    spin = widget.data.classes_spin
    assert spin.objectName() == "classesSpin" and "2 to 6" in spin.toolTip()
    _type(qtbot, spin, "3")
    config = widget.config
    assert (config.classes, config.output_activation, config.loss, config.dataset) == (
        3,
        "softmax",
        "cross_entropy",
        "blobs",
    )
    assert isinstance(sent[-1], Reconfigure) and sent[-1].config == config
    message = widget.message.text()
    assert widget.message.isVisible()
    assert "softmax with the cross-entropy loss" in message and "blobs (moons has two classes)" in message
    assert widget.network.output_activation.currentData() == "softmax"
    assert widget.training.loss_combo.currentData() == "cross_entropy"
    assert widget.refusal == "", "news of what else changed is not a refusal"
    assert widget.message.property("role") == "note", "styled as news (style.qss), not in refusal red"
    widget.show_message("a refusal")
    assert widget.refusal == "a refusal" and widget.message.property("role") == "error"


def test_datasets_without_k_classes_are_greyed_with_the_configurations_reason(qtbot, panel):
    widget, _ = panel
    _type(qtbot, widget.data.classes_spin, "4")
    combo = widget.data.dataset_combo
    model = combo.model()
    moons = model.item(combo.findData("moons"))
    assert not moons.isEnabled()
    assert moons.toolTip() == "moons has two classes; for 3–6 classes use blobs or spiral"
    assert model.item(combo.findData("spiral")).isEnabled()
    # The keyboard skips the greyed sets: Up from blobs never lands on a two-class one.
    combo.setFocus()
    for _ in range(combo.count()):
        QTest.keyClick(combo, Qt.Key.Key_Up)
    assert widget.config.dataset in ("blobs", "spiral") and widget.config.classes == 4


def test_back_to_two_classes_returns_to_the_articles_sigmoid(qtbot, panel):
    widget, _ = panel
    _type(qtbot, widget.data.classes_spin, "3")
    _type(qtbot, widget.data.classes_spin, "2")
    config = widget.config
    assert (config.classes, config.output_activation, config.loss) == (2, "sigmoid", "half_sse")
    assert "back to the article's sigmoid" in widget.message.text()


def test_output_combo_offers_softmax_and_refuses_sigmoid_for_three_classes(qtbot, panel):
    widget, _ = panel
    combo = widget.network.output_activation
    assert combo.findData("softmax") >= 0
    combo.setCurrentIndex(combo.findData("softmax"))  # two classes: softmax is allowed, with cross-entropy
    assert (widget.config.output_activation, widget.config.loss) == ("softmax", "cross_entropy")
    losses = widget.training.loss_combo
    assert not losses.model().item(losses.findData("half_sse")).isEnabled()
    _type(qtbot, widget.data.classes_spin, "3")
    combo.setCurrentIndex(combo.findData("sigmoid"))
    assert widget.config.output_activation == "softmax"
    assert widget.message.text() == "3 classes need a softmax output (with the cross-entropy loss)"
    assert combo.currentData() == "softmax", "the refused choice is put back"


def test_cross_entropy_is_greyed_for_a_sigmoid_output(qtbot, panel):
    widget, _ = panel
    losses = widget.training.loss_combo
    item = losses.model().item(losses.findData("cross_entropy"))
    assert not item.isEnabled()
    assert "cross-entropy needs a softmax output" in item.toolTip()


def test_the_wheel_over_the_unfocused_classes_box_leaves_it_alone(qtbot, panel):
    widget, _ = panel
    spin = widget.data.classes_spin
    widget.setFocus()
    centre = QPointF(spin.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(spin.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(spin, event)
    assert spin.value() == 2 and widget.config.classes == 2


@pytest.mark.parametrize(
    ("button", "preset"),
    [("preset_blobs", "multi-class: 3 blobs"), ("preset_spiral", "multi-class: 3-arm spiral")],
)
def test_the_multi_class_presets_are_buttons_in_the_panel(qtbot, panel, button, preset):
    widget, sent = panel
    QTest.mouseClick(getattr(widget, button), Qt.MouseButton.LeftButton)
    assert isinstance(sent[-1], LoadPreset) and sent[-1].config == PRESETS[preset]
    assert widget.data.classes_spin.value() == 3
    assert widget.network.output_activation.currentData() == "softmax"
