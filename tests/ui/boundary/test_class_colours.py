"""More than two classes on the boundary view: the plane in the most likely class's hue, the lines
between classes, the points and the legend in the same six colours, and a picker of K classes.

The colours are read back from the image the view draws (``class_picture``)
at each training point's cell and compared with the argmax of the network's
own output there — not with the view's own arithmetic.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from nnplayground.core.classes import predicted_classes
from nnplayground.core.features import transform
from nnplayground.core.plane import cell_centres, grid_shape
from nnplayground.core.presets import THREE_ARM_SPIRAL, THREE_BLOBS
from nnplayground.core.trainer import Snapshot, Trainer
from nnplayground.live.frames import RunState
from nnplayground.notation import colours
from nnplayground.notation.contour import farthest_from
from nnplayground.ui.boundary.before_line import before_contour
from nnplayground.ui.boundary.class_plane import class_colours
from nnplayground.ui.boundary.view import BoundaryView
from tests.ui.helpers import on_screen

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

PIXEL = 0.02


@pytest.fixture(scope="module")
def spiral() -> Snapshot:
    trainer = Trainer(THREE_ARM_SPIRAL)
    trainer.train(600)
    return trainer.snapshot()


@pytest.fixture
def view(qtbot) -> BoundaryView:
    return on_screen(qtbot, BoundaryView(), 700, 520)


def drawn_grid(view: BoundaryView) -> tuple[np.ndarray, np.ndarray]:
    (x0, x1), (y0, y1) = view.plot.getPlotItem().getViewBox().viewRange()
    nx, ny = grid_shape(x1 - x0, y1 - y0)
    return cell_centres(x0, x1, nx), cell_centres(y0, y1, ny)


def colour_classes(pixels: np.ndarray, classes: int) -> np.ndarray:
    """Which class's hue each drawn colour is: the nearest of the lines from near-white to each pale hue."""
    middle = np.array(colours.PLANE_MIDDLE, dtype=float)
    rgb = pixels.reshape(-1, 3).astype(float) - middle
    distances = []
    for hue in colours.PALE_CLASS_PALETTE[:classes]:
        direction = np.array(hue, dtype=float) - middle
        t = np.clip(rgb @ direction / (direction @ direction), 0, 1)
        distances.append(np.linalg.norm(rgb - t[:, None] * direction, axis=1))
    return np.argmin(distances, axis=0)


def cells_of(view: BoundaryView, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pixels, rect = view.class_picture
    rows, columns = pixels.shape[:2]
    i = np.floor((X[:, 0] - rect.left()) / rect.width() * columns).astype(int)
    j = np.floor((X[:, 1] - rect.top()) / rect.height() * rows).astype(int)
    return j, i


@pytest.mark.parametrize("discretize", [False, True], ids=["blended", "discretized"])
def test_the_colour_under_each_training_point_is_the_networks_most_likely_class(view, spiral, discretize):
    view.show_snapshot(spiral)
    view.set_discretize(discretize)
    network, features, X = spiral.network, spiral.config.input_features, spiral.data.X_train
    pixels, _ = view.class_picture
    j, i = cells_of(view, X)
    shown = colour_classes(pixels[j, i], 3)
    at_points = predicted_classes(network.predict(transform(X, features)))
    xs, ys = drawn_grid(view)
    centres = np.column_stack([xs[i], ys[j]])
    at_cells = predicted_classes(network.predict(transform(centres, features)))
    # A cell is one colour: where the class changes inside a point's cell, the point may sit on the
    # other side of the line. Everywhere else the colour is the point's own argmax.
    inside = at_cells == at_points
    assert inside.mean() > 0.9
    assert np.array_equal(shown[inside], at_points[inside])
    assert len(set(shown.tolist())) == 3
    if discretize:
        assert {tuple(p) for p in pixels.reshape(-1, 3)} <= set(colours.PALE_CLASS_PALETTE[:3])


def test_a_line_crosses_every_place_the_most_likely_class_changes(view, spiral):
    view.show_snapshot(spiral)
    xs, ys = drawn_grid(view)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    classes = predicted_classes(spiral.network.predict(transform(grid, spiral.config.input_features)))
    classes = classes.reshape(len(ys), len(xs))
    x, y = view._contour.getData()
    ends = np.column_stack([x, y])
    rows, columns = np.nonzero(classes[:, :-1] != classes[:, 1:])
    assert len(rows) > 20
    tolerance = 1e-3 * (xs[1] - xs[0])
    for j, i in zip(rows, columns):
        on_row = np.abs(ends[:, 1] - ys[j]) < tolerance
        between = (ends[:, 0] >= xs[i] - tolerance) & (ends[:, 0] <= xs[i + 1] + tolerance)
        assert np.any(on_row & between), f"no line between cells {i} and {i + 1} of row {j}"


def test_points_and_legend_take_the_six_colour_palette(view):
    snapshot = Trainer(THREE_BLOBS.replace(classes=5)).snapshot()
    view.show_snapshot(snapshot)
    brushes = view._train.data["brush"]
    labels = np.rint(snapshot.data.y_train[view._shown_train, 0]).astype(int)
    for brush, label in zip(brushes, labels):
        assert brush.color().name().lower() == colours.CLASS_PALETTE[label].lower()
    texts = [label.text for _, label in view._legend.items]
    assert texts[:5] == [f"class {k}" for k in range(5)]
    assert "class 5" not in texts
    assert "most likely class" in view.toolTip()


def test_two_softmax_classes_look_as_the_sigmoid_does():
    p = np.linspace(0, 1, 256)
    blended = class_colours(np.stack([1 - p, p], axis=1)[None], discretize=False)[0]
    assert np.abs(blended.astype(int) - colours.output_lut(256).astype(int)).max() <= 1
    assert colours.CLASS_PALETTE[:2] == colours.CLASS_COLOURS


def test_the_line_before_an_update_is_the_class_boundaries_for_a_softmax(view, spiral):
    """Traced from the same weights, the dashed line lies on the solid one; after a step it is shown."""
    view.show_snapshot(spiral)
    xs, ys = drawn_grid(view)
    lines = before_contour(spiral, xs, ys)
    x, y = view._contour.getData()
    assert np.isfinite(lines).all(axis=1).sum() > 20
    assert farthest_from(lines, np.column_stack([x, y])) < 1e-9
    trainer = Trainer(THREE_ARM_SPIRAL)
    trainer.train(5)
    view.show_snapshot(trainer.snapshot(), RunState.PAUSED)
    trainer.train(1)
    view.show_snapshot(trainer.snapshot(), RunState.PAUSED)
    assert view.before_update is not None and view._before.item.isVisible()


def widget_point(view: BoundaryView, x: float, y: float) -> QPoint:
    scene = view.plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    return view.plot.mapFromScene(scene)


def test_the_draw_picker_offers_every_class_in_its_colour(qtbot, view):
    view.show_snapshot(Trainer(THREE_BLOBS.replace(classes=4)).snapshot())
    picker = view.tools.class_choice
    assert [picker.itemText(k) for k in range(picker.count())] == [
        "class 0 (blue)",
        "class 1 (orange)",
        "class 2 (green)",
        "class 3 (pink)",
    ]
    swatch = picker.itemIcon(2).pixmap(8, 8).toImage().pixelColor(4, 4)
    assert swatch == QColor(colours.CLASS_PALETTE[2])
    qtbot.mouseClick(view.tools.button, Qt.MouseButton.LeftButton)
    picker.setFocus()
    qtbot.keyClick(picker, Qt.Key.Key_End)
    assert picker.currentText() == "class 3 (pink)"
    with qtbot.waitSignal(view.point_added) as added:
        qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=widget_point(view, 0.2, 0.1))
    assert added.args[2] == 3.0
    view.show_snapshot(
        Trainer(THREE_BLOBS.replace(classes=2, output_activation="sigmoid", loss="half_sse")).snapshot()
    )
    assert picker.count() == 2 and picker.currentText() == "class 1 (orange)"
