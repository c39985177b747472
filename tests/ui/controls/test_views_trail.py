"""The View group's "Boundary trail" box: off by default, a click turns it on and tells the view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from nnplayground.ui.controls.views import ViewGroup
from tests.ui.helpers import on_screen


def test_the_trail_is_off_until_clicked_and_each_click_is_told(qtbot):
    group = on_screen(qtbot, ViewGroup(), 400, 120)
    told: list[bool] = []
    group.trail_toggled.connect(told.append)
    assert not group.trail.isChecked()
    QTest.mouseClick(group.trail, Qt.MouseButton.LeftButton)
    QTest.mouseClick(group.trail, Qt.MouseButton.LeftButton)
    assert told == [True, False]


def test_restoring_view_options_sets_the_trail_without_telling_anyone(qtbot):
    group = on_screen(qtbot, ViewGroup(), 400, 120)
    told: list[bool] = []
    group.trail_toggled.connect(told.append)
    group.set_view_options(show_test=False, discretize=True, trail=True)
    assert group.trail.isChecked() and not group.show_test.isChecked() and told == []
    group.set_view_options(show_test=True, discretize=False)
    assert group.trail.isChecked(), "left as it was when not given"
