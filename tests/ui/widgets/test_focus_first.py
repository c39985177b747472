"""Controls change only when meant to: the wheel scrolls past an unfocused one; Enter and Esc leave a box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget

from nnplayground.ui.widgets.focus_first import FocusFirstComboBox, FocusFirstSlider
from nnplayground.ui.widgets.spinboxes import LogSpinBox, WholeSpinBox
from tests.ui.helpers import on_screen


def wheel_down(widget: QWidget, notches: int = 1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, -120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


@pytest.fixture
def scrolled_panel(qtbot):
    """A tall panel of one control of each kind in a short scroll area, as the control panel is."""
    panel = QWidget()
    layout = QVBoxLayout(panel)
    rate = LogSpinBox(0.0001, 100.0, "Learning rate")
    rate.setValue(0.5)
    units = WholeSpinBox("Units")
    units.setRange(1, 64)
    units.setValue(4)
    combo = FocusFirstComboBox()
    combo.addItems(["sigmoid", "tanh", "relu"])
    slider = FocusFirstSlider(Qt.Orientation.Horizontal)
    slider.setRange(0, 9)
    slider.setValue(9)
    for control in (rate, units, combo, slider):
        layout.addWidget(control)
        layout.addSpacing(300)
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    panel.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # where the focus rests, as the main window's plots
    panel.setFocus()
    on_screen(qtbot, area, 300, 200)
    area.activateWindow()
    return area, {"rate": rate, "units": units, "combo": combo, "slider": slider}


def values(controls: dict) -> dict:
    return {
        "rate": controls["rate"].value(),
        "units": controls["units"].value(),
        "combo": controls["combo"].currentIndex(),
        "slider": controls["slider"].value(),
    }


def test_the_wheel_over_an_unfocused_control_scrolls_the_panel_and_changes_nothing(scrolled_panel):
    area, controls = scrolled_panel
    before = values(controls)
    for control in controls.values():
        scrolled = area.verticalScrollBar().value()
        wheel_down(control, 3)
        assert area.verticalScrollBar().value() > scrolled or scrolled == area.verticalScrollBar().maximum()
    assert values(controls) == before
    assert area.verticalScrollBar().value() > 0
    assert QApplication.focusWidget() not in controls.values(), "the wheel must not give a control the focus"


def test_a_focused_control_takes_the_wheel(scrolled_panel):
    _, controls = scrolled_panel
    for key, control in controls.items():
        control.setFocus()
        before = values(controls)[key]
        wheel_down(control)
        assert values(controls)[key] != before, f"{key} ignored the wheel although it had the focus"


def test_enter_applies_the_typed_value_then_gives_the_keyboard_back(qtbot, scrolled_panel):
    _, controls = scrolled_panel
    rate = controls["rate"]
    rate.setFocus()
    rate.lineEdit().selectAll()
    qtbot.keyClicks(rate.lineEdit(), "0.05")
    qtbot.keyClick(rate.lineEdit(), Qt.Key.Key_Return)
    assert rate.value() == 0.05
    assert not rate.hasFocus()


def test_escape_puts_the_shown_value_back_and_leaves_the_box(qtbot, scrolled_panel):
    _, controls = scrolled_panel
    units = controls["units"]
    units.setFocus()
    units.lineEdit().selectAll()
    qtbot.keyClicks(units.lineEdit(), "17")
    qtbot.keyClick(units.lineEdit(), Qt.Key.Key_Escape)
    assert units.value() == 4
    assert units.text() == "4"
    assert not units.hasFocus()
