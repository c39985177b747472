"""Drawing your own points on the boundary view: clicks become requests, never edits of the view's own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.trainer import Trainer
from nnplayground.ui.boundary.view import BoundaryView
from tests.ui.helpers import on_screen

# A click lands on a whole pixel; the view spans ~4 units over ~600 pixels.
PIXEL = 0.02


@pytest.fixture
def view(qtbot) -> BoundaryView:
    widget = on_screen(qtbot, BoundaryView(), 700, 520)
    widget.show_snapshot(Trainer(ExperimentConfig()).snapshot())
    return widget


def widget_point(view: BoundaryView, x: float, y: float) -> QPoint:
    scene = view.plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    return view.plot.mapFromScene(scene)


def click(qtbot, view: BoundaryView, x: float, y: float, button=Qt.MouseButton.LeftButton) -> None:
    qtbot.mouseClick(view.plot.viewport(), button, pos=widget_point(view, x, y))


def test_left_click_adds_a_point_of_the_chosen_class(qtbot, view):
    view.tools.button.click()
    assert view.is_drawing()
    with qtbot.waitSignal(view.point_added) as added:
        click(qtbot, view, 0.3, -0.4)
    x, y, label = added.args
    assert x == pytest.approx(0.3, abs=PIXEL) and y == pytest.approx(-0.4, abs=PIXEL)
    assert label == 1.0

    view.tools.class_choice.setCurrentIndex(0)
    with qtbot.waitSignal(view.point_added) as added:
        click(qtbot, view, -0.5, 1.2)
    assert added.args[0] == pytest.approx(-0.5, abs=PIXEL)
    assert added.args[1] == pytest.approx(1.2, abs=PIXEL)
    assert added.args[2] == 0.0


def test_right_click_asks_to_remove_the_nearest_point_without_a_menu(qtbot, view):
    plot = view.plot.getPlotItem()
    plot.setMenuEnabled(True)
    view.set_drawing(True)
    assert not plot.getViewBox().menuEnabled()
    with qtbot.waitSignal(view.point_removed) as removed, qtbot.assertNotEmitted(view.point_added):
        click(qtbot, view, 1.0, 0.25, Qt.MouseButton.RightButton)
    assert removed.args[0] == pytest.approx(1.0, abs=PIXEL)
    assert removed.args[1] == pytest.approx(0.25, abs=PIXEL)
    assert QApplication.activePopupWidget() is None
    view.set_drawing(False)
    assert plot.getViewBox().menuEnabled(), "leaving drawing gives the menu back"


def test_clicks_outside_drawing_select_points_and_draw_nothing(qtbot, view):
    x, y = view._data.X_train[7]
    with qtbot.assertNotEmitted(view.point_added), qtbot.assertNotEmitted(view.point_removed):
        with qtbot.waitSignal(view.sample_clicked) as selected:
            click(qtbot, view, float(x), float(y))
        click(qtbot, view, 0.0, 0.0, Qt.MouseButton.RightButton)
    assert selected.args == [7]

    view.set_drawing(True)
    with qtbot.assertNotEmitted(view.sample_clicked), qtbot.waitSignal(view.point_added):
        click(qtbot, view, float(x), float(y))


def test_drawing_mode_shows_how_and_uses_a_crosshair(view):
    assert "left click adds" not in view.toolTip()
    view.set_drawing(True)
    assert view.plot.viewport().cursor().shape() == Qt.CursorShape.CrossCursor
    assert "left click adds" in view.toolTip() and "right click removes" in view.toolTip()
    assert view.title.text().startswith("Left click adds")
    assert "(D)" in view.tools.button.toolTip(), "the key is the window's View ▸ Draw points"
    view.set_drawing(False)
    assert view.title.text().startswith("Decision boundary")
    assert view.plot.viewport().cursor().shape() != Qt.CursorShape.CrossCursor
    assert "left click adds" not in view.toolTip()


def test_regression_draws_a_target_value_within_the_data_range(qtbot, view):
    config = ExperimentConfig(problem="regression", dataset="plane", loss="mse", output_activation="linear")
    view.show_snapshot(Trainer(config).snapshot())
    tools = view.tools
    assert tools.value_choice.isVisible() and not tools.class_choice.isVisible()
    assert (tools.value_choice.minimum(), tools.value_choice.maximum()) == pytest.approx(
        (view._scale.low, view._scale.high), abs=0.01
    )
    tools.value_choice.setValue(-0.25)
    view.set_drawing(True)
    with qtbot.waitSignal(view.point_added) as added:
        click(qtbot, view, 0.0, 0.5)
    assert added.args[2] == pytest.approx(-0.25)


def test_drawing_tools_can_be_left_out(qtbot):
    view = BoundaryView(drawing_tools=False)
    qtbot.addWidget(view)
    view.show()
    assert not view.tools.isVisible()


def test_new_data_while_drawing_keeps_the_zoom(view):
    view_box = view.plot.getPlotItem().getViewBox()
    view_box.scaleBy((0.5, 0.5))
    zoomed = view_box.viewRange()
    view.set_drawing(True)
    view.show_snapshot(Trainer(ExperimentConfig(data_seed=4)).snapshot())
    assert view_box.viewRange() == zoomed
    view.set_drawing(False)
    view.show_snapshot(Trainer(ExperimentConfig(data_seed=5)).snapshot())
    assert view_box.viewRange() != zoomed, "out of drawing, new data is fitted as before"


def test_a_typed_target_value_outside_the_data_range_is_refused_not_changed(qtbot, view):
    regression = ExperimentConfig(problem="regression", dataset="plane", loss="mse")
    view.show_snapshot(Trainer(regression).snapshot())
    box = view.tools.value_choice
    assert box.isVisibleTo(view)
    kept = box.value()
    refusals: list[str] = []
    box.refused.connect(refusals.append)
    for text in (" 3 ", "abc", "1e999"):
        box.lineEdit().selectAll()
        qtbot.keyClicks(box.lineEdit(), text)
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
        assert box.value() == kept, text
    assert len(refusals) >= 3 and "Target value to draw must be" in refusals[0]
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "0.5")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert view.tools.label() == 0.5
