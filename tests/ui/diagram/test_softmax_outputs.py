"""A softmax network on the diagram: K output nodes, named and laid out, each its class's probability."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtGui import QColor

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.neuron_maps import neuron_maps
from nnplayground.core.plane import padded_bounds
from nnplayground.core.presets import PRESETS
from nnplayground.notation import colours
from nnplayground.notation.label_placement import Rect
from tests.ui.diagram.test_neuron_thumbnails import hover, node_centre, view_for

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


def _softmax(classes: int, hidden=(16, 16)) -> ExperimentConfig:
    return ExperimentConfig(
        dataset="spiral",
        n_samples=120,
        hidden_layers=hidden,
        hidden_activation="tanh",
        bias=True,
        initialiser="glorot",
        classes=classes,
        output_activation="softmax",
        loss="cross_entropy",
    )


def _overlap(a: Rect, b: Rect) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


@pytest.mark.parametrize("classes", [3, 4, 5, 6])
def test_k_output_nodes_are_named_and_laid_out_inside_the_diagram(qtbot, classes):
    view, _ = view_for(qtbot, _softmax(classes), size=(380, 240))  # its share of a 1024×700 window
    diagram = view.diagram
    layout = diagram.current_layout()
    outputs = layout.nodes[-1]
    assert len(outputs) == classes
    ys = [y for _, y in outputs]
    assert all(b - a >= 2 * layout.radius for a, b in itertools.pairwise(ys)), "output nodes do not touch"
    plan = diagram.label_plan()
    names = [plan.names[(3, k)] for k in range(classes) if (3, k) in plan.names]
    assert len(names) == classes
    for rect in names:
        x, y, w, h = rect
        assert x >= 0 and x + w <= diagram.width() and y >= 0 and y + h <= diagram.height()
    assert not any(_overlap(a, b) for i, a in enumerate(names) for b in names[i + 1 :])


def test_each_output_thumbnail_is_its_units_probability_in_its_class_colour(qtbot):
    view, trainer = view_for(qtbot, PRESETS["multi-class: 3 blobs"], size=(760, 520), epochs=200)
    diagram = view.diagram
    qtbot.waitUntil(lambda: diagram.thumbnails is not None)
    snapshot = trainer.snapshot()
    maps = neuron_maps(snapshot.network, snapshot.config.input_features, padded_bounds(snapshot.data))
    probabilities = maps.layers[-1]
    assert probabilities.shape[0] == 3
    assert np.allclose(probabilities.sum(axis=0), 1.0)
    last = probabilities.shape[-1] - 1
    for unit in range(3):
        image = diagram.thumbnails.images[-1][unit]
        table = colours.class_lut(unit)
        # Top-left of the image is the plane's top-left: row −1 of the map (rows run upwards), column 0.
        for (px, py), p in (((0, 0), probabilities[unit, -1, 0]), ((last, last), probabilities[unit, 0, -1])):
            expected = tuple(int(c) for c in table[int(np.rint(p * 255))])
            assert QColor(image.pixel(px, py)).getRgb()[:3] == expected, (unit, p)
        scale = diagram.thumbnails.scales[-1][unit]
        assert scale.kind == f"softmax: P(class {unit})"
    hidden = diagram.thumbnails.scales[1][0]
    assert hidden.kind == "tanh, range −1 … 1", "hidden thumbnails are drawn as before"


def test_hovering_an_output_node_says_which_classs_probability_it_is(qtbot):
    view, _ = view_for(qtbot, PRESETS["multi-class: 3 blobs"], size=(760, 520), epochs=50)
    diagram = view.diagram
    qtbot.waitUntil(lambda: diagram.thumbnails is not None)
    hover(diagram, node_centre(diagram, 2, 1))
    qtbot.waitUntil(lambda: diagram.popup is not None and diagram.popup.isVisible())
    assert diagram.popup.title == "ao2 (output 2: P(class 1))"
    assert "white 0 · orange 1" in diagram.popup.lines


def test_plain_output_nodes_say_their_class_on_hover(qtbot):
    view, _ = view_for(qtbot, _softmax(4), size=(380, 240))
    diagram = view.diagram
    hover(diagram, node_centre(diagram, 3, 3))
    qtbot.waitUntil(lambda: "P(class 3)" in diagram.toolTip())
    assert diagram.toolTip().startswith("ao[3]: P(class 3), the softmax's probability of class 3")
