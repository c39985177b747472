"""Neuron heatmaps in the diagram: each node shows what its neuron computes, as TensorFlow Playground does."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.features import FEATURES
from nnplayground.core.neuron_maps import neuron_maps
from nnplayground.core.plane import padded_bounds
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import EnterStepper, Step
from nnplayground.live.frames import Frame, RunState
from nnplayground.notation import colours
from nnplayground.notation.network_names import ParameterRef
from nnplayground.ui.diagram.painter import NetworkDiagram
from nnplayground.ui.diagram.thumbnails import ThumbnailSource, build_thumbnails
from nnplayground.ui.diagram.view import NetworkView
from tests.ui.helpers import wait_until_idle

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


def view_for(
    qtbot, config: ExperimentConfig, size=(700, 460), epochs: int = 0
) -> tuple[NetworkView, Trainer]:
    trainer = Trainer(config)
    trainer.train(epochs)
    view = NetworkView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.show_frame(Frame(trainer.snapshot(), RunState.PAUSED, 0.0, 1))
    return view, trainer


def node_image(diagram: NetworkDiagram, layer: int, unit: int) -> QImage:
    """The pixels inside node ``(layer, unit)`` as drawn (its outline left out)."""
    layout = diagram.current_layout()
    x, y = layout.nodes[layer][unit]
    inner = int(layout.radius * 0.6)
    return diagram.grab().toImage().copy(round(x) - inner, round(y) - inner, 2 * inner, 2 * inner)


def distinct_colours(image: QImage) -> set[int]:
    return {image.pixel(i, j) for i in range(image.width()) for j in range(image.height())}


def hover(diagram: NetworkDiagram, point: QPointF) -> None:
    """A real pointer move (the cursor goes there too, so Qt sends no stray leave event)."""
    QTest.mouseMove(diagram, QPoint(round(point.x()), round(point.y())))


def node_centre(diagram: NetworkDiagram, layer: int, unit: int) -> QPointF:
    x, y = diagram.current_layout().nodes[layer][unit]
    return QPointF(x, y)


def test_the_articles_nodes_are_drawn_as_heatmaps_of_their_neurons(qtbot):
    view, trainer = view_for(qtbot, ExperimentConfig(), epochs=300)
    diagram = view.diagram
    qtbot.waitUntil(lambda: diagram.thumbnails is not None)
    assert view.heatmaps_check.isChecked()
    for layer, unit in ((0, 0), (1, 2), (2, 0)):
        assert len(distinct_colours(node_image(diagram, layer, unit))) > 5, (layer, unit)
    # The output node is the boundary view in small: same region, same colours.
    snapshot = trainer.snapshot()
    maps = neuron_maps(snapshot.network, ("x1", "x2"), padded_bounds(snapshot.data))
    lut = colours.output_lut()
    top_left = lut[int(np.rint(maps.layers[-1][0, -1, 0] * 255))]
    bottom_right = lut[int(np.rint(maps.layers[-1][0, 0, -1] * 255))]
    image = diagram.thumbnails.images[-1][0]
    assert QColor(image.pixel(0, 0)).getRgb()[:3] == tuple(int(c) for c in top_left)
    last = image.width() - 1
    assert QColor(image.pixel(last, last)).getRgb()[:3] == tuple(int(c) for c in bottom_right)


def test_hovering_a_hidden_node_enlarges_its_map_with_its_name(qtbot):
    view, _ = view_for(qtbot, ExperimentConfig(), epochs=100)
    diagram = view.diagram
    qtbot.waitUntil(lambda: diagram.thumbnails is not None)
    hover(diagram, node_centre(diagram, 1, 2))
    popup = diagram.popup
    qtbot.waitUntil(lambda: popup.isVisible())
    assert popup.title == "ah3 (hidden 1, neuron 3)"
    assert popup.lines[0].startswith("output on this plane ") and "sigmoid, range 0 … 1" in popup.lines
    assert popup.width() >= 160 and popup.height() >= 160
    assert "blue 0 · white 0.5 · orange 1" in popup.lines
    picture = popup.grab().toImage()
    assert len(distinct_colours(picture.copy(20, 40, 120, 120))) > 20
    # Weights stay hoverable: on an edge the popup goes and the weight is read out.
    hover(diagram, diagram.edge_midpoint(ParameterRef(1, 3, 0)))
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert view.readout.text().startswith("w12 = wo[3, 0]: ah4 → ao")


def test_unbounded_activations_are_scaled_to_what_each_unit_reaches(qtbot):
    config = ExperimentConfig(hidden_layers=(5,), hidden_activation="relu", initialiser="he", bias=True)
    view, _ = view_for(qtbot, config, epochs=50)
    diagram = view.diagram
    qtbot.waitUntil(lambda: diagram.thumbnails is not None)
    scales = diagram.thumbnails.scales
    assert [s.kind for s in scales[1]] == ["relu, range 0 … ∞"] * 5
    ranges = diagram.thumbnails.ranges[1]
    assert np.allclose([s.high for s in scales[1]], np.maximum(np.abs(ranges).max(axis=1), 1e-12))
    assert (scales[2][0].low, scales[2][0].high) == (0.0, 1.0)
    hover(diagram, node_centre(diagram, 1, 0))
    qtbot.waitUntil(lambda: diagram.popup is not None and diagram.popup.isVisible())
    assert any(line.startswith("white 0 (off) · orange ") for line in diagram.popup.lines)


def test_the_checkbox_brings_back_the_plain_diagram_and_stops_computing(qtbot):
    view, trainer = view_for(qtbot, ExperimentConfig(), epochs=100)
    diagram = view.diagram
    qtbot.waitUntil(lambda: diagram.thumbnails is not None)
    view.heatmaps_check.setChecked(False)
    assert not diagram.thumbnails_fit()
    centre = node_image(diagram, 1, 2)
    assert centre.pixelColor(centre.width() // 2, 2) == QColor("white")
    computed = view.thumbnail_source.computed
    trainer.train(50)
    view.show_frame(Frame(trainer.snapshot(), RunState.PAUSED, 0.0, 2))
    qtbot.wait(400)
    assert view.thumbnail_source.computed == computed
    hover(diagram, node_centre(diagram, 1, 2))
    assert diagram.popup is None or not diagram.popup.isVisible()
    view.heatmaps_check.setChecked(True)
    qtbot.waitUntil(lambda: view.thumbnail_source.computed == computed + 1)
    assert len(distinct_colours(node_image(diagram, 1, 2))) > 5


def test_a_network_too_wide_for_the_pane_keeps_plain_nodes_and_computes_nothing(qtbot):
    config = ExperimentConfig(input_features=tuple(FEATURES), hidden_layers=(64,) * 6, initialiser="glorot")
    view, _ = view_for(qtbot, config, size=(600, 400))
    qtbot.wait(300)
    assert not view.diagram.thumbnails_fit()
    assert view.thumbnail_source.computed == 0 and view.diagram.thumbnails is None


def test_maps_are_recomputed_once_per_burst_of_new_weights_and_catch_up_with_the_last(qtbot):
    trainer = Trainer(ExperimentConfig())
    source = ThumbnailSource(interval_ms=300)
    received = []
    source.ready.connect(received.append)
    source.set_wanted(True)
    snapshots = []
    for _ in range(10):
        trainer.train(20)
        snapshots.append(trainer.snapshot())
    for snapshot in snapshots:
        source.show_snapshot(snapshot)
    assert source.computed == 1
    qtbot.waitUntil(lambda: source.computed == 2)
    last = snapshots[-1]
    expected = build_thumbnails(neuron_maps(last.network, ("x1", "x2"), padded_bounds(last.data)), last)
    assert np.array_equal(received[-1].ranges[1], expected.ranges[1])
    source.show_snapshot(last)
    qtbot.wait(400)
    assert source.computed == 2


def test_the_maps_follow_training_in_the_window(qtbot, main_window):
    diagram = main_window.network_view.diagram
    qtbot.waitUntil(lambda: diagram.thumbnails is not None)
    before = diagram.thumbnails
    ah1_before = before.images[1][0].copy()
    worker = main_window.training.worker
    worker.send(Step(200))
    final = wait_until_idle(qtbot, worker, epoch=200).snapshot
    maps = neuron_maps(final.network, ("x1", "x2"), padded_bounds(final.data))
    output_range = [maps.layers[2].min(), maps.layers[2].max()]
    # Intermediate frames may be drawn first; the last weights always are.
    qtbot.waitUntil(lambda: np.allclose(diagram.thumbnails.ranges[2][0], output_range))
    assert diagram.thumbnails is not before
    assert diagram.thumbnails.images[1][0] != ah1_before


def test_the_step_through_still_lights_the_layers_over_the_heatmaps(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(EnterStepper())
    diagram = main_window.network_view.diagram
    qtbot.waitUntil(lambda: diagram.highlight is not None and diagram.highlight.direction == "forward")
    qtbot.waitUntil(lambda: diagram.thumbnails is not None)
    assert diagram.highlight.active_layers == {0}
    assert main_window.network_view.caption.text().startswith("Phase 1")
    assert len(distinct_colours(node_image(diagram, 1, 0))) > 5


def test_the_checkbox_is_named_and_explained(qtbot):
    view, _ = view_for(qtbot, ExperimentConfig())
    check = view.heatmaps_check
    assert check.objectName() == "neuronHeatmapsCheck"
    assert check.accessibleName() and "hover a node" in check.toolTip()
    assert check.shortcut().toString() == "Alt+M"
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert not check.isChecked() and not view.diagram.thumbnails_fit()
