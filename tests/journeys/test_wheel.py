"""The mouse wheel over the control panel scrolls the panel; it turns a control only once focused.

At 1280×800 the panel must be scrolled to reach Data. A person scrolls with the wheel wherever
the pointer happens to be — over a spin box, a combo box, the speed slider — and must not find
the learning rate turned from 0.5 to 0.0005 or the activation switched (which restarts the run).
Clicking or tabbing into a control first is how a person says "this one".
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QSlider, QWidget

from .helpers import frame, show_control, wait_configured, wheel

# Every spin box, combo box and slider of the panel; ``test_the_list_names_every_control`` keeps it whole.
SHOWN_AT_START = (
    "epochsPerStepCombo",
    "speedSlider",
    "hiddenLayerCountSpin",
    "hiddenUnitsSpin",
    "hiddenActivationCombo",
    "outputActivationCombo",
    "initialiserCombo",
    "lossCombo",
    "precisionCombo",
    "optimiserCombo",
    "learningRateSpin",
    "momentumSpin",
    "batchSizeSpin",
    "l1Spin",
    "l2Spin",
    "problemCombo",
    "datasetCombo",
    "classesSpin",
    "samplesSpin",
    "noiseSpin",
    "testFractionSpin",
)
# Shown once a person asks for them: "custom…" epochs per step; a second hidden layer.
SHOWN_LATER = ("epochsPerStepSpin", "hiddenUnitsSpin2")
KINDS = (QAbstractSpinBox, QComboBox, QSlider)


def _control(window, name: str) -> QWidget:
    control = window.controls.findChild(QWidget, name)
    assert control is not None, f"the panel has no control named {name!r}"
    return control


def _value(control: QWidget) -> object:
    return control.currentIndex() if isinstance(control, QComboBox) else control.value()


def _focus_elsewhere(qtbot, window) -> None:
    """Click the loss plot, as a person does before reaching for the panel: nothing there has focus."""
    plot = window.loss_view.findChild(QWidget, "lossPlot")
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.viewport().rect().center())
    focused = window.focusWidget()
    assert focused is None or not window.controls.isAncestorOf(focused), f"{focused} kept the focus"


def _under_pointer(window, control: QWidget) -> None:
    window.control_scroll.ensureWidgetVisible(control, 0, 0)
    target = window.childAt(control.mapTo(window, control.rect().center()))
    assert target is control or control.isAncestorOf(target), (
        f"{control.objectName()} is not under the pointer"
    )


def test_the_list_names_every_control(qtbot, window):
    shown = {
        control.objectName()
        for kind in KINDS
        for control in window.controls.findChildren(kind)
        if control.isVisibleTo(window.controls)
    }
    assert shown == set(SHOWN_AT_START), "update SHOWN_AT_START: the panel's controls changed"
    hidden = {c.objectName() for kind in KINDS for c in window.controls.findChildren(kind)} - shown
    assert set(SHOWN_LATER) <= hidden


@pytest.mark.parametrize("name", SHOWN_AT_START + SHOWN_LATER)
def test_the_wheel_scrolls_the_panel_unless_the_control_has_focus(qtbot, window, name):
    if name in SHOWN_LATER:
        show_control(qtbot, window, name)
    control = _control(window, name)
    _focus_elsewhere(qtbot, window)
    _under_pointer(window, control)
    wait_configured(qtbot, window)
    bar = window.control_scroll.verticalScrollBar()
    assert bar.maximum() > 0, "at 1280×800 the panel scrolls"
    value, config, position = _value(control), window.controls.config, bar.value()
    notches = -1 if position < bar.maximum() else 1  # towards where there is room to scroll

    wheel(control, notches)

    assert _value(control) == value, f"the wheel changed {name} without focus"
    assert window.controls.config == config and frame(window).snapshot.config == config
    assert bar.value() != position, "the wheel over the control did not scroll the panel"

    if not control.isEnabled():
        return
    _under_pointer(window, control)
    if isinstance(control, QComboBox):
        control.setFocus(Qt.FocusReason.TabFocusReason)
    else:
        focus_target = control.lineEdit() if isinstance(control, QAbstractSpinBox) else control
        qtbot.mouseClick(focus_target, Qt.MouseButton.LeftButton, pos=focus_target.rect().center())
    qtbot.waitUntil(lambda: window.focusWidget() in (control, getattr(control, "lineEdit", lambda: None)()))
    focused = _value(control)
    wheel(control, 1)
    if _value(control) == focused:
        wheel(control, -1)  # it was at its top
    assert _value(control) != focused, f"with the focus, the wheel did not change {name}"
