"""Hovering and clicking the diagram: nothing resizes the pane or the window, each thing is said once and
truly — the article perceptron's update term is not called the cost's gradient."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from nnplayground.core.losses import get_loss
from nnplayground.core.presets import ARTICLE_PERCEPTRON, CORRECTED_PERCEPTRON
from nnplayground.live.commands import Reconfigure, Step
from nnplayground.notation.formatting import format_value
from nnplayground.notation.network_names import ParameterRef
from nnplayground.ui.diagram.painter import NetworkDiagram
from tests.ui.helpers import wait_for_config, wait_until_idle

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


def at_1280x800(qtbot, window) -> NetworkDiagram:
    window.resize(1280, 800)
    diagram = window.network_view.diagram
    qtbot.waitUntil(lambda: window.width() == 1280 and diagram.state is not None)
    QApplication.processEvents()
    return diagram


def point_at(point: QPointF) -> QPoint:
    return QPoint(round(point.x()), round(point.y()))


def test_clicking_a_weight_to_edit_it_changes_neither_the_window_nor_the_diagram_width(qtbot, main_window):
    diagram = at_1280x800(qtbot, main_window)
    minimum, width = main_window.minimumSizeHint().width(), diagram.width()
    editor = main_window.network_view.editor
    for ref in (ParameterRef(0, 1, 3), ParameterRef(1, 3, 0)):
        qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=point_at(diagram.edge_midpoint(ref)))
        assert editor.isVisible()
        editor.field.setText("not a number, typed at some length to be refused")
        qtbot.keyClick(editor.field, Qt.Key.Key_Return)
        assert editor.message.text()
        QApplication.processEvents()
        assert main_window.minimumSizeHint().width() == minimum
        assert diagram.width() == width
    # The prompt is the weight's name; which edge it is and its value now are in the tooltip.
    assert editor.prompt.text() == "w12 ="
    assert editor.prompt.toolTip().startswith("Set w12 = wo[3, 0]: ah4 → ao (now ")


def test_hovering_a_neuron_says_it_once_and_leaves_the_diagram_its_size(qtbot, main_window):
    diagram = at_1280x800(qtbot, main_window)
    qtbot.waitUntil(lambda: diagram._thumbnails_drawn())
    view = main_window.network_view
    size = diagram.size()
    x, y = diagram.current_layout().nodes[1][2]
    QTest.mouseMove(diagram, point_at(QPointF(x, y)))
    popup = diagram.popup
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible())
    QApplication.processEvents()
    assert popup.title == "ah3 (hidden 1, neuron 3)"
    shown = [view.readout.text(), diagram.toolTip(), popup.title + " " + " ".join(popup.lines)]
    assert sum("ah3 (hidden 1, neuron 3)" in text for text in shown) == 1
    assert sum("output on this plane" in text for text in shown) == 1
    assert diagram.size() == size
    # A weight's long read-out is one cut line (whole in the tooltip): it does not resize the diagram either.
    QTest.mouseMove(diagram, point_at(diagram.edge_midpoint(ParameterRef(1, 3, 0))))
    qtbot.waitUntil(lambda: view.readout.text().startswith("w12 = wo[3, 0]: ah4 → ao"))
    QApplication.processEvents()
    assert diagram.size() == size


def numeric_gradient(trainer_network, inputs, labels, loss: str, layer: int, row: int, column: int) -> float:
    """∂cost/∂w by central differences, on a copy without the article's quirk."""
    network = trainer_network.copy()
    network.perceptron_quirks = False
    cost = get_loss(loss)
    step = 1e-6

    def at(value: float) -> float:
        network.weights[layer][row, column] = value
        return float(cost.value(network.predict(inputs), labels))

    original = float(network.weights[layer][row, column])
    return (at(original + step) - at(original - step)) / (2 * step)


def paused_perceptron(qtbot, window, config):
    worker = window.training.worker
    worker.send(Reconfigure(config, restart=True))
    wait_for_config(qtbot, worker, hidden_layers=(), article_quirks=config.article_quirks)
    worker.send(Step(30))
    wait_until_idle(qtbot, worker, epoch=30)
    diagram = window.network_view.diagram
    qtbot.waitUntil(
        lambda: (
            diagram.state is not None
            and diagram.state.sizes == (2, 1)
            and diagram.state.weight_gradients is not None
            and worker.latest().snapshot.epoch == 30
            and diagram.state.weights[0] is worker.latest().snapshot.network.weights[0]
        )
    )
    return worker, diagram


def test_the_article_perceptrons_hover_names_its_update_term_and_shows_the_true_gradient(qtbot, main_window):
    worker, diagram = paused_perceptron(qtbot, main_window, ARTICLE_PERCEPTRON)
    ref = ParameterRef(0, 0, 0)
    QTest.mouseMove(diagram, point_at(diagram.edge_midpoint(ref)))
    view = main_window.network_view
    qtbot.waitUntil(lambda: view.readout.text().startswith("w1 = weights[0, 0]: x1 → z"))
    text = view.readout.text()
    frame = worker.latest()
    update_term = float(frame.gradients.weights[0][0, 0])
    snapshot = frame.snapshot
    inputs, labels = snapshot.data.X_train, snapshot.data.y_train
    true = numeric_gradient(snapshot.network, inputs, labels, snapshot.config.loss, 0, 0, 0)
    assert not np.isclose(update_term, true, rtol=1e-3), "the quirk changes the number"
    assert f"article's update term inputs·z_delta = {format_value(update_term)}" in text
    assert np.isclose(diagram.true_gradient(ref), true, rtol=1e-5)
    assert f"true ∂cost/∂w1 = {format_value(diagram.true_gradient(ref))}" in text
    assert f"∂cost/∂w1 = {format_value(update_term)}" not in text


def test_the_corrected_perceptrons_hover_shows_the_gradient_it_uses(qtbot, main_window):
    worker, diagram = paused_perceptron(qtbot, main_window, CORRECTED_PERCEPTRON)
    text = diagram.describe(ParameterRef(0, 1, 0))
    gradient = float(worker.latest().gradients.weights[0][1, 0])
    assert f"∂cost/∂w2 = {format_value(gradient)}" in text
    assert "update term" not in text and "true" not in text
