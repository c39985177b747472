"""The diagram names every node and weight at the sizes the window really gives it, and nothing overlaps.

On a real X display at 1280×800 the article's diagram once showed no name and
no weight label at all: the legend wrapped to a second line, the nodes shrank
under a fixed size threshold, and the labels that did show covered the value
boxes in the step-through. Every rectangle the painter uses comes from one
plan (``NetworkDiagram.label_plan``), so these tests check what is drawn.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.features import FEATURES
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import EnterStepper, NextPhase, Reconfigure, Step
from nnplayground.notation import network_names
from nnplayground.notation.diagram_layout import compute_layout
from nnplayground.notation.diagram_state import DiagramState
from nnplayground.notation.label_placement import (
    LabelPlan,
    node_rects,
    overlap,
    place_edge_labels,
    place_names,
)
from nnplayground.notation.network_names import ParameterRef
from nnplayground.ui.diagram import labels
from nnplayground.ui.diagram.painter import NetworkDiagram
from tests.ui.helpers import wait_for_config, wait_until_idle

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

ARTICLE = (2, 4, 1)
ARTICLE_NAMES = [["x1", "x2"], ["ah1", "ah2", "ah3", "ah4"], ["ao"]]

# Measured under Xvfb + openbox (xcb, 96 dpi, the default "Sans Serif"), in the diagram's own fonts:
# the bold 10.5 pt weight names, the plain 10.5 pt values, the 8.5 pt bold name tabs.
X_NAME_WIDTHS = {f"w{k}": 22.66 for k in range(1, 10)} | {f"w{k}": 32.39 for k in range(10, 13)}
X_VALUE_WIDTHS = {"−0.8276": 60.69, "∇ −0.05785": 83.39, "→ −0.8276": 76.84}
X_LINE_HEIGHT = 16.281
# The 9 pt bold compact names, for a layer too crowded even for the bold ones.
X_COMPACT_WIDTHS = {f"w{k}": 19.42 for k in range(1, 10)} | {f"w{k}": 27.77 for k in range(10, 13)}
X_COMPACT_HEIGHT = 13.953
X_TAB_WIDTHS = {"x1": 14.73, "x2": 14.73, "ah1": 22.89, "ah2": 22.89, "ah3": 22.89, "ah4": 22.89, "ao": 14.97}
X_TAB_HEIGHT = 12.797
X_NAME_BAND = 9.038
# The diagram's size in the real window under Xvfb at 1280×800: in the main window, in the step-through,
# in the main window as it was while the legend wrapped to two lines; and in the main window at 1024×700.
X_DIAGRAM_SIZES = [(422, 231), (561, 285), (422, 182), (302, 188)]


def overlapping(plan: LabelPlan) -> list[str]:
    """Every pair of rectangles that share area; a name may sit inside (or tucked under) its own node."""
    boxes = plan.boxes()
    found = []
    for i, (kind, key, rect) in enumerate(boxes):
        for other_kind, other_key, other in boxes[i + 1 :]:
            own = {kind, other_kind} == {"name", "node"} and key == other_key
            if not own and overlap(rect, other):
                found.append(f"{kind} {key} × {other_kind} {other_key}")
    return found


def outside(plan: LabelPlan, width: float, height: float) -> list[str]:
    return [
        f"{kind} {key}"
        for kind, key, (x, y, w, h) in plan.boxes()
        if x < 0 or y < 0 or x + w > width or y + h > height
    ]


def all_nodes(sizes: tuple[int, ...]) -> set[tuple[int, int]]:
    return {(layer, unit) for layer, size in enumerate(sizes) for unit in range(size)}


def weight_names(plan: LabelPlan, layout, sizes: tuple[int, ...]) -> set[str]:
    return {network_names.short_name(sizes, ParameterRef(*map(int, layout.refs[i]))) for i in plan.edges}


@pytest.mark.parametrize("size", X_DIAGRAM_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("value", list(X_VALUE_WIDTHS))
def test_with_x_font_metrics_every_article_name_and_weight_label_fits_without_overlap(size, value):
    width, height = size
    layout = compute_layout(ARTICLE, (False, False), width, height, True, X_NAME_BAND)
    nodes = node_rects(layout, 12.0)
    outside_sizes = [[(X_TAB_WIDTHS[name] + 6, X_TAB_HEIGHT) for name in layer] for layer in ARTICLE_NAMES]
    names = place_names(layout, outside_sizes, [[None] * len(layer) for layer in ARTICLE_NAMES], nodes)
    labels = [network_names.short_name(ARTICLE, ParameterRef(*map(int, ref))) for ref in layout.refs]
    full = {
        i: (X_NAME_WIDTHS[name] + 5 + X_VALUE_WIDTHS[value] + 10, X_LINE_HEIGHT + 4)
        for i, name in enumerate(labels)
    }
    short = {i: (X_NAME_WIDTHS[name] + 10, X_LINE_HEIGHT + 4) for i, name in enumerate(labels)}
    compact = {i: (X_COMPACT_WIDTHS[name] + 6, X_COMPACT_HEIGHT + 2) for i, name in enumerate(labels)}
    obstacles = list(nodes.values()) + list(names.values())
    edges = place_edge_labels(layout, [0, 1], [full, short, compact], obstacles)
    plan = LabelPlan(nodes, names, (), edges)
    assert set(plan.names) == all_nodes(ARTICLE)
    assert weight_names(plan, layout, ARTICLE) == {f"w{k}" for k in range(1, 13)}
    assert overlapping(plan) == []
    assert outside(plan, width, height) == []


def test_a_label_that_grows_with_its_value_is_placed_anew_at_its_new_size():
    """Placements are remembered by their sizes (most frames change a weight's digits, not its label's
    width); a weight whose label grows, e.g. from 0.5 to −10.52, must not keep the old, smaller box."""
    layout = compute_layout(ARTICLE, (False, False), 561, 285, True, X_NAME_BAND)
    nodes = node_rects(layout, 12.0)
    labels = [network_names.short_name(ARTICLE, ParameterRef(*map(int, ref))) for ref in layout.refs]
    full = {i: (X_NAME_WIDTHS[name] + 60, X_LINE_HEIGHT + 4) for i, name in enumerate(labels)}
    short = {i: (X_NAME_WIDTHS[name] + 10, X_LINE_HEIGHT + 4) for i, name in enumerate(labels)}
    before = place_edge_labels(layout, [0, 1], [full, short], list(nodes.values()))
    grown = full | {0: (full[0][0] + 25, full[0][1])}
    after = place_edge_labels(layout, [0, 1], [grown, short], list(nodes.values()))
    assert before == place_edge_labels(layout, [0, 1], [full, short], list(nodes.values()))
    assert (before[0].form, before[0].rect[2]) == (0, full[0][0])
    assert (after[0].form, after[0].rect[2]) == (0, grown[0][0])
    assert overlapping(LabelPlan(nodes, {}, (), after)) == []


def show_at(qtbot, window, width: int, height: int):
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)
    diagram = window.network_view.diagram
    qtbot.waitUntil(lambda: diagram.state is not None and diagram.isVisible())
    QApplication.processEvents()
    return diagram


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1024, 700)])
def test_the_main_window_diagram_names_every_node_and_weight(qtbot, main_window, width, height):
    diagram = show_at(qtbot, main_window, width, height)
    plan = diagram.label_plan()
    assert network_names.node_names(diagram.state.sizes) == ARTICLE_NAMES
    assert set(plan.names) == all_nodes(ARTICLE)
    assert weight_names(plan, diagram.current_layout(), ARTICLE) == {f"w{k}" for k in range(1, 13)}
    assert overlapping(plan) == []
    assert outside(plan, diagram.width(), diagram.height()) == []


def test_with_all_seven_input_features_every_input_is_named(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(Reconfigure(ExperimentConfig(input_features=tuple(FEATURES))))
    wait_for_config(qtbot, worker, input_features=tuple(FEATURES))
    diagram = show_at(qtbot, main_window, 1280, 800)
    qtbot.waitUntil(lambda: diagram.state.sizes[0] == len(FEATURES))
    plan = diagram.label_plan()
    assert {(0, unit) for unit in range(len(FEATURES))} <= set(plan.names)
    assert set(plan.names) == all_nodes(diagram.state.sizes)
    assert overlapping(plan) == []


def step_through_plans(qtbot, window, epochs: int):
    """After ``epochs``, each of the step-through's six phases at 1280×800: (phase, diagram, its plan)."""
    diagram = show_at(qtbot, window, 1280, 800)
    worker = window.training.worker
    worker.send(Step(epochs))
    wait_until_idle(qtbot, worker, epoch=epochs)
    worker.send(EnterStepper())
    caption = window.network_view.caption
    for phase in range(6):
        if phase:
            worker.send(NextPhase())
        qtbot.waitUntil(lambda phase=phase: caption.text().startswith(f"Phase {phase + 1}:"))
        QApplication.processEvents()
        yield phase, diagram, diagram.label_plan()


def test_every_step_through_phase_labels_every_weight_clear_of_the_value_boxes(qtbot, main_window):
    for phase, diagram, plan in step_through_plans(qtbot, main_window, 20):
        # Phases 1-5 show the followed sample's values beside the nodes; the update shows new weights.
        assert bool(plan.notes) == (phase < 5), f"phase {phase + 1}"
        assert set(plan.names) == all_nodes(ARTICLE), f"phase {phase + 1}"
        names = weight_names(plan, diagram.current_layout(), ARTICLE)
        assert names == {f"w{k}" for k in range(1, 13)}, f"phase {phase + 1}"
        assert overlapping(plan) == [], f"phase {phase + 1}"
        assert outside(plan, diagram.width(), diagram.height()) == [], f"phase {phase + 1}"


def test_the_step_through_diagram_shows_the_numbers_it_is_about(qtbot, main_window):
    """Where room is short a label gets smaller before it drops its value: the ∇ and new weights are
    what a learner reads the step-through's diagram for."""
    shown = [
        sum(label.form in (0, 1) for label in plan.edges.values())
        for _, _, plan in step_through_plans(qtbot, main_window, 3_000)
    ]
    assert min(shown) >= 10, f"weights labelled with their number, per phase: {shown} of 12"


def _article_diagram(qtbot) -> NetworkDiagram:
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(*X_DIAGRAM_SIZES[1])
    diagram.show()
    return diagram


def _show(diagram: NetworkDiagram, network, scale: float) -> None:
    weights = [w * scale for w in network.weights]
    diagram.set_state(DiagramState(ARTICLE, ("x1", "x2"), weights, network.biases, None, None))


def test_while_training_plays_the_weight_labels_keep_their_spots_as_values_change_sign_and_size(qtbot):
    """Placed at their own widths, the article's labels moved in 30 of 35 repaints while playing (and
    placing them was half a repaint); paused, each takes its own size, so more of them fit in full."""
    network = Trainer(ExperimentConfig()).network
    diagram = _article_diagram(qtbot)
    diagram.set_playing(True)
    spots = []
    for scale in (1.0, -1.0, 13.7, -0.2):  # e.g. "0.5488", "−0.5488", "7.519", "−0.1098"
        _show(diagram, network, scale)
        spots.append({index: label.rect for index, label in diagram.label_plan().edges.items()})
    assert len(spots[0]) == 12 and all(spot == spots[0] for spot in spots)

    diagram.set_playing(False)
    picture, plan = diagram.picture(), diagram.label_plan()
    for index, label in plan.edges.items():
        name, text = labels.shown_text(
            picture, index, diagram.value(ParameterRef(*map(int, diagram.current_layout().refs[index])))
        )
        assert label.rect[2] == pytest.approx(labels.label_size(picture.fonts, name, text, label.form)[0])
