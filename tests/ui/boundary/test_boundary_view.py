"""The boundary view's options: discretized output, test points, regression colours, reference line."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.plane import cell_centres, grid_shape, output_grid
from nnplayground.core.trainer import Trainer
from nnplayground.notation import colours
from nnplayground.notation.value_scale import ValueScale
from nnplayground.ui.boundary.point_styles import VALUE_STEPS
from nnplayground.ui.boundary.view import BoundaryView
from tests.ui.helpers import CLASSIFICATION, REGRESSION, on_screen


def trained(config: ExperimentConfig, epochs: int) -> Trainer:
    trainer = Trainer(config)
    trainer.train(epochs)
    return trainer


@pytest.fixture
def view(qtbot) -> BoundaryView:
    return on_screen(qtbot, BoundaryView(), 700, 520)


def legend_texts(view: BoundaryView) -> list[str]:
    return [label.text for _, label in view._legend.items]


def heatmap_colours(view: BoundaryView) -> set[int]:
    return set(np.unique(view._image._pixels).tolist())


def test_discretize_paints_two_colours_and_keeps_the_line(view):
    view.show_snapshot(trained(CLASSIFICATION, 2_000).snapshot())
    assert len(heatmap_colours(view)) > 20
    view.set_discretize(True)
    table = view._image._table
    assert heatmap_colours(view) == {int(table[0]), int(table[-1])}
    assert view._contour.isVisible() and len(view._contour.getData()[0]) > 0
    view.set_discretize(False)
    assert len(heatmap_colours(view)) > 20


def test_discretized_colours_follow_the_half_way_output(view):
    snapshot = trained(CLASSIFICATION, 2_000).snapshot()
    view.show_snapshot(snapshot)
    view.set_discretize(True)
    (x0, x1), (y0, y1) = view.plot.getPlotItem().getViewBox().viewRange()
    nx, ny = grid_shape(x1 - x0, y1 - y0)
    output, _, _ = output_grid(
        snapshot.network, snapshot.config.input_features, cell_centres(x0, x1, nx), cell_centres(y0, y1, ny)
    )
    assert np.array_equal(view._image._pixels == view._image._table[-1], output > 0.5)


def test_test_points_can_be_hidden_with_their_legend_entries(view):
    view.show_snapshot(Trainer(CLASSIFICATION).snapshot())
    assert view._test.isVisible() and len(view._test.data) == 30
    assert "class 0, test" in legend_texts(view)
    view.set_show_test(False)
    assert not view._test.isVisible()
    assert not any("test" in text for text in legend_texts(view))
    view.show_snapshot(Trainer(CLASSIFICATION.replace(data_seed=3)).snapshot())
    assert not view._test.isVisible(), "hiding the test points outlasts new data"
    view.set_show_test(True)
    assert view._test.isVisible() and "class 1, test" in legend_texts(view)


def test_regression_colours_come_from_the_target_range_and_stay_fixed(view):
    trainer = Trainer(REGRESSION)
    _, targets = trainer.data.all_points()
    expected = ValueScale.of_targets(targets)
    assert expected.low == pytest.approx(-np.abs(targets).max()) and expected.high == pytest.approx(
        np.abs(targets).max()
    )

    first = trainer.snapshot()
    view.show_snapshot(first)
    assert view._scale == expected
    assert not view._contour.isVisible(), "a regression has no 0.5 class line"
    before = view._image._pixels.copy()
    trainer.train(1_000)
    later = trainer.snapshot()
    view.show_snapshot(later)
    assert view._scale == expected, "the colour levels do not follow each frame's outputs"
    assert not np.array_equal(before, view._image._pixels)

    (x0, x1), (y0, y1) = view.plot.getPlotItem().getViewBox().viewRange()
    nx, ny = grid_shape(x1 - x0, y1 - y0)
    output, _, _ = output_grid(
        later.network, later.config.input_features, cell_centres(x0, x1, nx), cell_centres(y0, y1, ny)
    )
    top = len(view._image._table) - 1
    index = np.rint(np.clip((output - expected.low) / (expected.high - expected.low), 0, 1) * top)
    assert np.array_equal(view._image._pixels, view._image._table[index.astype(int)])
    assert "Network output" in view.title.text()
    assert any(text.startswith("target ") for text in legend_texts(view))
    assert "targets' range" in view.toolTip()


def test_regression_points_take_their_target_colour_on_the_same_scale(view):
    trainer = Trainer(REGRESSION)
    view.show_snapshot(trainer.snapshot())
    targets = trainer.data.y_train[view._shown_train, 0]
    scale = view._scale
    table = colours.target_lut(VALUE_STEPS)
    expected = table[np.rint(scale.position(targets) * (VALUE_STEPS - 1)).astype(int)]
    drawn = np.array([brush.color().getRgb()[:3] for brush in view._train.data["brush"]])
    assert np.array_equal(drawn, expected)
    # The scale's ends are the classes' blue and orange.
    assert QColor(*map(int, table[0])).name() == colours.CLASS_COLOURS[0].lower()
    assert QColor(*map(int, table[-1])).name() == colours.CLASS_COLOURS[1].lower()


def test_classification_after_regression_brings_back_classes_and_the_line(view):
    view.show_snapshot(Trainer(REGRESSION).snapshot())
    view.show_snapshot(trained(CLASSIFICATION, 300).snapshot())
    assert view._contour.isVisible()
    assert legend_texts(view)[:2] == ["class 0", "class 1"]
    assert "Decision boundary" in view.title.text()


def _sigmoid_step_at_half(points: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-20 * (points[:, 0] - 0.5)))


def test_reference_line_is_drawn_kept_and_removed(view, qtbot):
    trainer = trained(CLASSIFICATION, 200)
    view.show_snapshot(trainer.snapshot())
    view.show_reference(_sigmoid_step_at_half, "scikit-learn")
    line = view._reference_line
    xs, _ = line.getData()
    assert line.isVisible() and np.isfinite(xs).sum() > 10
    assert np.allclose(xs[np.isfinite(xs)], 0.5, atol=0.02)
    assert "scikit-learn 0.5 line" in legend_texts(view)

    trainer.train(50)
    view.show_snapshot(trainer.snapshot())
    assert line.isVisible() and "scikit-learn 0.5 line" in legend_texts(view)

    view_box = view.plot.getPlotItem().getViewBox()
    view_box.scaleBy((0.5, 0.5))
    top = view_box.viewRange()[1][1]
    qtbot.waitUntil(
        lambda: np.nanmax(line.getData()[1]) < top + 1e-9 and np.nanmax(line.getData()[1]) > top - 0.1
    )

    view.show_reference(None)
    assert not line.isVisible()
    assert not any("0.5 line" in text for text in legend_texts(view))


def test_reference_line_is_dashed_in_its_own_colour(view):
    view.show_snapshot(Trainer(CLASSIFICATION).snapshot())
    view.show_reference(_sigmoid_step_at_half, "reference")
    pen = view._reference_line.opts["pen"]
    assert pen.style().name == "DashLine"
    assert pen.color().name() == colours.REFERENCE.lower()
    xs, _ = view._reference_line.getData()
    assert np.isnan(xs).sum() == 1, "one continuous line, so the dashes run along it"


def test_a_reference_with_the_wrong_shape_is_refused_and_changes_nothing(view):
    view.show_snapshot(Trainer(CLASSIFICATION).snapshot())
    with pytest.raises(ValueError, match="one output per point"):
        view.show_reference(lambda points: np.column_stack([points[:, 0], 1 - points[:, 0], points[:, 1]]))
    assert not view._reference_line.isVisible()
    assert not any("0.5 line" in text for text in legend_texts(view))
