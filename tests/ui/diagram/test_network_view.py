"""The network diagram: the article's w1…w12, hover read-outs, typed weights, any depth, bounded redraws."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import (
    EnterStepper,
    GoToPhase,
    Pause,
    Play,
    Reconfigure,
    SetSpeedLimit,
    SetWeight,
    Step,
)
from nnplayground.live.frames import RunState
from nnplayground.notation import network_names
from nnplayground.notation.diagram_layout import compute_layout, nearest_edge, node_at
from nnplayground.notation.diagram_state import DiagramState
from nnplayground.notation.formatting import format_value
from nnplayground.notation.network_names import ParameterRef
from nnplayground.ui.diagram.painter import PLAYING_REDRAW_MS, NetworkDiagram
from nnplayground.ui.diagram.weight_editor import parse_weight
from tests.ui.helpers import SETTLE_TIMEOUT_MS, wait_for_config, wait_until_idle

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

ARTICLE = (2, 4, 1)

# Read off the article: "zh1 = x1w1 + x2w2" (node 1 takes w1 from x1 and w2 from x2), "in the same way"
# for nodes 2-4, and "zo = ah1w9 + ah2w10 + ah3w11 + ah4w12". wh is (inputs × hidden), wo (hidden × 1).
ARTICLE_NUMBERING = {
    1: ("wh", 0, 0),
    2: ("wh", 1, 0),
    3: ("wh", 0, 1),
    4: ("wh", 1, 1),
    5: ("wh", 0, 2),
    6: ("wh", 1, 2),
    7: ("wh", 0, 3),
    8: ("wh", 1, 3),
    9: ("wo", 0, 0),
    10: ("wo", 1, 0),
    11: ("wo", 2, 0),
    12: ("wo", 3, 0),
}


def test_w1_to_w12_name_the_articles_entries_of_wh_and_wo():
    for number, (matrix, row, column) in ARTICLE_NUMBERING.items():
        layer = ("wh", "wo").index(matrix)
        ref = ParameterRef(layer, row, column)
        assert network_names.short_name(ARTICLE, ref) == f"w{number}"
        assert network_names.code_name(ARTICLE, ref) == f"{matrix}[{row}, {column}]"
    assert network_names.describe(ARTICLE, ParameterRef(0, 0, 2)) == "w5 = wh[0, 2]: x1 → ah3"
    assert network_names.describe(ARTICLE, ParameterRef(1, 3, 0)) == "w12 = wo[3, 0]: ah4 → ao"


def test_the_labelled_weights_compute_the_articles_sums():
    trainer = Trainer(ExperimentConfig())
    trainer.train(50)
    network, X = trainer.network, trainer.inputs
    forward = network.forward(X)

    def w(number: int) -> float:
        matrix, row, column = ARTICLE_NUMBERING[number]
        return float(network.weights[("wh", "wo").index(matrix)][row, column])

    assert np.allclose(forward.pre_activations[0][:, 0], X[:, 0] * w(1) + X[:, 1] * w(2))
    assert np.allclose(forward.pre_activations[0][:, 3], X[:, 0] * w(7) + X[:, 1] * w(8))
    ah = forward.activations[0]
    zo = ah[:, 0] * w(9) + ah[:, 1] * w(10) + ah[:, 2] * w(11) + ah[:, 3] * w(12)
    assert np.allclose(forward.pre_activations[1][:, 0], zo)


def test_the_edge_named_w5_joins_x1_to_the_third_hidden_node():
    layout = compute_layout(ARTICLE, (False, False), 600, 400)
    refs = [tuple(ref) for ref in layout.refs]
    index = refs.index((0, 0, 2))
    x0, y0, x1, y1 = layout.edges[index]
    assert node_at(layout, x0, y0) == (0, 0)
    assert node_at(layout, x1, y1) == (1, 2)
    assert nearest_edge(layout, (x0 + x1) / 2, (y0 + y1) / 2, 5) == index
    assert nearest_edge(layout, 5, 5, 5) is None


def test_perceptron_and_other_networks_get_their_own_names():
    assert network_names.short_name((2, 1), ParameterRef(0, 1, 0)) == "w2"
    assert network_names.short_name((2, 1), ParameterRef(0, -1, 0)) == "bias"
    assert network_names.short_name((2, 5, 3, 1), ParameterRef(1, 4, 2)) == "W2[4,2]"
    assert network_names.short_name((2, 3, 3, 1), ParameterRef(0, 1, 2)) == "W1[1,2]"
    assert network_names.short_name(ARTICLE, ParameterRef(0, -1, 2)) == "bh3"
    assert network_names.node_names((2, 1)) == [["x1", "x2"], ["z"]]


@pytest.mark.parametrize(
    ("text", "value"), [("0.25", 0.25), ("-1.5", -1.5), ("−2", -2.0), (" 3e-2 ", 0.03), ("0,5", 0.5)]
)
def test_typed_numbers_are_read_as_people_write_them(text, value):
    assert parse_weight(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "'abc' is not a number"),
        ("", "type a number"),
        ("nan", "finite"),
        ("inf", "finite"),
        ("1e9", "between"),
        ("1,000.5", "not a number"),
    ],
)
def test_bad_typed_values_are_refused_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        parse_weight(text)


def diagram_for(qtbot, config: ExperimentConfig, size=(700, 460)) -> NetworkDiagram:
    network = Trainer(config).network
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(*size)
    diagram.set_state(
        DiagramState(
            tuple(network.layer_sizes), config.input_features, network.weights, network.biases, None, None
        )
    )
    diagram.show()
    return diagram


@pytest.mark.parametrize(
    "config",
    [
        ExperimentConfig(hidden_layers=(), bias=True),
        ExperimentConfig(bias=True),
        ExperimentConfig(hidden_layers=(5, 4, 3), bias=True, initialiser="glorot"),
        ExperimentConfig(hidden_layers=(64,) * 6, initialiser="glorot"),
        ExperimentConfig(input_features=("x1", "x2", "x1^2", "sin(x1)"), hidden_layers=(8, 8)),
    ],
    ids=["perceptron", "article+bias", "deep", "six-by-64", "features"],
)
def test_any_network_is_drawn_with_bias_nodes_and_readable_labels(qtbot, config):
    diagram = diagram_for(qtbot, config)
    image = diagram.grab().toImage()
    assert diagram.renders == 1
    layout = diagram.current_layout()
    sizes = (len(config.input_features), *config.hidden_layers, 1)
    assert [len(nodes) for nodes in layout.nodes] == list(sizes)
    assert sum(b is not None for b in layout.bias_nodes) == (len(sizes) - 1 if config.bias else 0)
    plan = diagram.label_plan()
    if max(sizes) <= 16:  # 64 names to a column cannot be read at any size: there the hover names them
        assert len(plan.names) == sum(sizes)
    assert len(plan.edges) == (len(layout.refs) if len(layout.refs) <= 40 else 0)
    assert image.pixelColor(image.width() // 2, image.height() // 2).isValid()


def test_the_widest_network_hit_tests_and_paints_quickly(qtbot):
    diagram = diagram_for(qtbot, ExperimentConfig(hidden_layers=(64,) * 6, initialiser="glorot"))
    layout = diagram.current_layout()
    assert len(layout.refs) == 2 * 64 + 5 * 64 * 64 + 64
    x0, y0, x1, y1 = layout.edges[len(layout.refs) // 2]
    assert nearest_edge(layout, (x0 + x1) / 2, (y0 + y1) / 2, 7) is not None


def move_to(qtbot, diagram: NetworkDiagram, point: QPointF) -> None:
    event = QMouseEvent(
        QMouseEvent.Type.MouseMove,
        point,
        diagram.mapToGlobal(point),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    diagram.mouseMoveEvent(event)


def test_hovering_a_weight_reads_out_its_value_and_gradient(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(Step(10))
    frame = wait_until_idle(qtbot, worker, epoch=10)
    qtbot.waitUntil(lambda: frame.gradients is not None or worker.latest().gradients is not None)
    view = main_window.network_view
    qtbot.waitUntil(
        lambda: view.diagram.state is not None and view.diagram.state.weight_gradients is not None
    )
    diagram = view.diagram
    ref = ParameterRef(0, 0, 2)
    move_to(qtbot, diagram, diagram.edge_midpoint(ref))
    network = worker.latest().snapshot.network
    gradient = worker.latest().gradients.weights[0][0, 2]
    text = view.readout.text()
    assert text.startswith("w5 = wh[0, 2]: x1 → ah3")
    assert format_value(float(network.weights[0][0, 2])) in text
    assert f"∂cost/∂w5 = {format_value(float(gradient))}" in text
    reference = Trainer(ExperimentConfig())
    reference.train(10)
    backward = reference.network.backward(
        reference.network.forward(reference.inputs), reference.labels, "half_sse"
    )
    assert gradient == backward.weights[0][0, 2]


def test_on_many_points_the_hover_gradient_follows_the_paused_frame_unasked(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(Reconfigure(ExperimentConfig(n_samples=20_000, hidden_layers=(64,)), restart=True))
    wait_for_config(qtbot, worker, n_samples=20_000)
    worker.send(Step(2))
    frame = wait_until_idle(qtbot, worker, epoch=2)
    assert frame.state == RunState.PAUSED
    qtbot.waitUntil(lambda: worker.latest().gradients is not None, timeout=SETTLE_TIMEOUT_MS)
    view = main_window.network_view
    qtbot.waitUntil(
        lambda: view.diagram.state is not None and view.diagram.state.weight_gradients is not None
    )
    assert worker.latest().snapshot is frame.snapshot, "the same weights, now with their gradient"


def click_edge(qtbot, diagram: NetworkDiagram, ref: ParameterRef) -> None:
    point = diagram.edge_midpoint(ref)
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=QPoint(round(point.x()), round(point.y())))


def test_a_weight_typed_on_the_diagram_reaches_the_trainer(qtbot, main_window):
    view = main_window.network_view
    qtbot.waitUntil(lambda: view.diagram.state is not None)
    click_edge(qtbot, view.diagram, ParameterRef(1, 2, 0))
    editor = view.editor
    assert editor.isVisible() and "w11" in editor.prompt.text()
    editor.field.clear()
    qtbot.keyClicks(editor.field, "-0.75")
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    worker = main_window.training.worker
    qtbot.waitUntil(lambda: worker.latest().snapshot.network.weights[1][2, 0] == -0.75)
    assert not editor.isVisible()
    qtbot.waitUntil(lambda: view.diagram.value(ParameterRef(1, 2, 0)) == -0.75)
    worker.send(Step(5))
    frame = wait_until_idle(qtbot, worker, epoch=5)
    reference = Trainer(ExperimentConfig())
    reference.set_weight(1, 2, 0, -0.75)
    reference.train(5)
    assert frame.snapshot.last_loss == reference.last_loss


def test_bad_values_are_refused_beside_the_field_and_never_sent(qtbot, main_window):
    view = main_window.network_view
    qtbot.waitUntil(lambda: view.diagram.state is not None)
    worker = main_window.training.worker
    before = worker.latest().snapshot.network.weights[0].copy()
    click_edge(qtbot, view.diagram, ParameterRef(0, 1, 0))
    editor = view.editor
    for text, message in (("abc", "'abc' is not a number"), ("inf", "finite"), ("5e7", "between")):
        editor.field.setText(text)
        qtbot.keyClick(editor.field, Qt.Key.Key_Return)
        assert message in editor.message.text()
        assert editor.isVisible()
    qtbot.keyClick(editor.field, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    qtbot.wait(100)
    assert np.array_equal(worker.latest().snapshot.network.weights[0], before)


def test_space_in_the_weight_editor_pauses_and_plays_and_keeps_the_value(qtbot, main_window):
    """A learner pressed Space to pause while the editor was open: it replaced the selected value."""
    view = main_window.network_view
    qtbot.waitUntil(lambda: view.diagram.state is not None)
    click_edge(qtbot, view.diagram, ParameterRef(1, 2, 0))
    editor, worker = view.editor, main_window.training.worker
    typed = editor.field.text()
    qtbot.keyClick(editor.field, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: worker.latest().state == RunState.RUNNING)
    qtbot.keyClick(editor.field, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: worker.latest().state == RunState.PAUSED)
    assert editor.isVisible() and editor.field.hasFocus()
    # Training moved the weight: the untouched field follows it, so Enter writes back no old value.
    now = worker.latest().snapshot.network.weights[1][2, 0]
    qtbot.waitUntil(lambda: parse_weight(editor.field.text()) == now)
    assert editor.field.text() != typed
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert worker.latest().snapshot.network.weights[1][2, 0] == now


def test_a_value_being_typed_is_kept_while_training_moves_the_weight(qtbot, main_window):
    view = main_window.network_view
    qtbot.waitUntil(lambda: view.diagram.state is not None)
    click_edge(qtbot, view.diagram, ParameterRef(1, 2, 0))
    editor, worker = view.editor, main_window.training.worker
    editor.field.clear()
    qtbot.keyClicks(editor.field, "-0.75")
    worker.send(Step(5))
    frame = wait_until_idle(qtbot, worker, epoch=5)
    qtbot.waitUntil(
        lambda: view.diagram.value(ParameterRef(1, 2, 0)) == frame.snapshot.network.weights[1][2, 0]
    )
    assert editor.field.text() == "-0.75"


def test_the_trainer_refusing_a_weight_is_shown_too(qtbot, main_window):
    main_window.training.worker.send(SetWeight(5, 0, 0, 1.0))
    editor = main_window.network_view.editor
    qtbot.waitUntil(lambda: "not in the current network" in editor.message.text())
    assert editor.isVisible()


def test_a_bias_typed_on_the_diagram_reaches_the_trainer(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(Reconfigure(ExperimentConfig(bias=True)))
    wait_for_config(qtbot, worker, bias=True)
    view = main_window.network_view
    qtbot.waitUntil(lambda: view.diagram.state is not None and view.diagram.state.biases[1] is not None)
    click_edge(qtbot, view.diagram, ParameterRef(1, -1, 0))
    assert "bo" in view.editor.prompt.text()
    view.editor.field.setText("0.125")
    qtbot.keyClick(view.editor.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: worker.latest().snapshot.network.biases[1][0] == 0.125)


def test_editing_during_the_step_through_recomputes_the_phase(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(EnterStepper())
    qtbot.waitUntil(lambda: worker.latest().stepper is not None)
    worker.send(GoToPhase(1))
    qtbot.waitUntil(lambda: worker.latest().stepper.phase == 1)
    worker.send(SetWeight(1, 0, 0, 2.5))
    qtbot.waitUntil(
        lambda: next(t for t in worker.latest().stepper.current.terms if t.name == "wo").value[0, 0] == 2.5
    )
    assert worker.latest().stepper.phase == 1
    assert worker.latest().stepper.can_go_back is True


def test_the_diagram_lights_the_phase(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(EnterStepper())
    qtbot.waitUntil(lambda: worker.latest().stepper is not None)
    diagram = main_window.network_view.diagram
    qtbot.waitUntil(lambda: diagram.highlight is not None and diagram.highlight.direction == "forward")
    assert diagram.highlight.active_layers == {0}
    assert main_window.network_view.caption.text().startswith("Phase 1: Feed-forward: hidden layer")
    worker.send(GoToPhase(4))
    qtbot.waitUntil(lambda: diagram.highlight.direction == "backward")
    assert diagram.highlight.active_layers == {0, 1}
    symbol, gradient, _ = diagram.highlight.edge_values[0]
    dcost_wh = next(t for t in worker.latest().stepper.current.terms if t.name == "dcost_wh")
    assert symbol == "∇" and np.array_equal(gradient, dcost_wh.value)
    worker.send(GoToPhase(5))
    qtbot.waitUntil(lambda: diagram.highlight.direction == "update")
    walk = worker.latest().stepper.walk
    assert np.array_equal(diagram.highlight.edge_values[1][1], walk.weights_after[1])


def test_the_diagram_repaints_at_most_five_times_a_second_while_training(qtbot, main_window):
    """More often its numbers cannot be read, and the training thread waits while the GUI draws."""
    worker = main_window.training.worker
    diagram = main_window.network_view.diagram
    qtbot.waitUntil(lambda: diagram.state is not None)
    diagram.grab()
    before = diagram.renders
    worker.send(Play())
    qtbot.waitUntil(lambda: worker.latest().state == RunState.RUNNING)
    # A slow repaint (a loaded machine) spaces the next ones further apart, up to ten times its cost:
    # count a second's repaints from the first one, not from a start that may fall in that gap.
    qtbot.waitUntil(lambda: diagram.renders > before, timeout=5000)
    first = diagram.renders
    qtbot.wait(1000)
    worker.send(Pause())
    qtbot.waitUntil(lambda: worker.latest().state == RunState.PAUSED)
    assert diagram.renders - first <= 1000 // PLAYING_REDRAW_MS + 2


def test_an_idle_diagram_does_not_repaint(qtbot, main_window):
    diagram = main_window.network_view.diagram
    qtbot.waitUntil(lambda: diagram.state is not None)
    diagram.grab()
    before = diagram.renders
    main_window.training.worker.send(SetSpeedLimit(5))
    qtbot.wait(300)
    diagram.grab()
    assert diagram.renders == before
