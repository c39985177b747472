"""What the diagram adds on top of the weights: each edge's Δw, stuck neurons, the hovered chain-rule term."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from nnplayground.core.config import ExperimentConfig
from nnplayground.live.commands import (
    EnterStepper,
    GoToPhase,
    NextPhase,
    Reconfigure,
    SetBias,
    SetWeight,
    Step,
)
from nnplayground.notation.formatting import format_value
from nnplayground.notation.network_names import ParameterRef
from nnplayground.ui.diagram.term_targets import term_targets
from tests.ui.helpers import wait_for_config, wait_until_idle

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

ARTICLE = (2, 4, 1)


def point_at(point: QPointF) -> QPoint:
    return QPoint(round(point.x()), round(point.y()))


def shown(qtbot, window, epoch: int):
    worker = window.training.worker
    wait_until_idle(qtbot, worker, epoch=epoch)
    view = window.network_view
    qtbot.waitUntil(lambda: view._frame is worker.latest())
    return worker.latest(), view.diagram


def test_after_one_step_each_edge_carries_new_minus_old(qtbot, main_window):
    main_window.resize(1280, 800)
    before, diagram = shown(qtbot, main_window, 0)
    assert diagram.change is None, "nothing has been updated yet"
    old = before.snapshot.network
    main_window.training.send(Step(1))
    after, diagram = shown(qtbot, main_window, 1)
    new = after.snapshot.network
    change = diagram.change
    for layer in range(2):
        assert np.array_equal(change.weights[layer], new.weights[layer] - old.weights[layer])
    # The hover says it, and the labels carry its sign.
    ref = ParameterRef(1, 2, 0)
    delta = float(new.weights[1][2, 0] - old.weights[1][2, 0])
    QTest.mouseMove(diagram, point_at(diagram.edge_midpoint(ref)))
    view = main_window.network_view
    qtbot.waitUntil(lambda: view.readout.text().startswith("w11"))
    assert f"last update: Δw11 = {'+' if delta > 0 else ''}{format_value(delta)}" in view.readout.text()
    # A Step of many epochs is not "one update": no Δw.
    main_window.training.send(Step(5))
    _, diagram = shown(qtbot, main_window, 6)
    assert diagram.change is None
    # Nor is a typed weight.
    main_window.training.send(Step(1))
    _, diagram = shown(qtbot, main_window, 7)
    assert diagram.change is not None
    main_window.training.send(SetWeight(0, 0, 0, 0.5))
    qtbot.waitUntil(lambda: float(diagram.state.weights[0][0, 0]) == 0.5)
    assert diagram.change is None


def test_the_update_phase_shows_the_change_it_is_about_to_make_then_the_step_keeps_it(qtbot, main_window):
    main_window.resize(1280, 800)
    worker = main_window.training.worker
    _, diagram = shown(qtbot, main_window, 0)
    worker.send(EnterStepper())
    worker.send(GoToPhase(5))
    view = main_window.network_view
    qtbot.waitUntil(lambda: view._frame.stepper is not None and view._frame.stepper.at_update)
    walk = view._frame.stepper.walk
    old = view._frame.snapshot.network
    expected = [after - before for after, before in zip(walk.weights_after, old.weights)]
    assert all(np.array_equal(c, e) for c, e in zip(diagram.change.weights, expected))
    worker.send(NextPhase())
    qtbot.waitUntil(lambda: view._frame.snapshot.epoch == 1 and view._frame.stepper.phase == 0)
    new = view._frame.snapshot.network
    assert all(np.array_equal(c, n - o) for c, n, o in zip(diagram.change.weights, new.weights, old.weights))
    assert all(np.array_equal(n, a) for n, a in zip(new.weights, walk.weights_after))


def test_a_network_made_saturated_on_purpose_is_marked_and_the_status_bar_says_what_to_try(
    qtbot, main_window
):
    main_window.resize(1280, 800)
    _, diagram = shown(qtbot, main_window, 0)
    QApplication.processEvents()
    assert diagram.diagnosis is not None and diagram.diagnosis.issues == ()
    status = main_window.status.diagnosis
    assert not status.isVisible()
    for unit in range(4):
        for row in range(2):
            main_window.training.send(SetWeight(0, row, unit, 900.0 * (1 if (row + unit) % 2 else -1)))
    qtbot.waitUntil(
        lambda: diagram.diagnosis is not None and len(diagram.diagnosis.issues) == 4, timeout=5000
    )
    qtbot.waitUntil(lambda: status.isVisible())
    assert status.text().startswith("⚠ 4 of 4 hidden neurons saturated — try a lower learning rate")
    assert "lower learning rate" in status.text() and "mean-based loss" in status.text()
    # Hovering a marked node says why, in one line.
    x, y = diagram.current_layout().nodes[1][2]
    QTest.mouseMove(diagram, point_at(QPointF(x, y)))
    view = main_window.network_view
    qtbot.waitUntil(lambda: view.readout.text().startswith("ah3: saturated: σ′ < 0.01 on"))


def test_the_article_network_is_not_marked_untrained_or_trained(qtbot, main_window):
    main_window.resize(1280, 800)
    _, diagram = shown(qtbot, main_window, 0)
    qtbot.waitUntil(lambda: diagram.diagnosis is not None)
    assert diagram.diagnosis.issues == ()
    main_window.training.send(Step(3_000))
    frame, diagram = shown(qtbot, main_window, 3_000)
    qtbot.waitUntil(lambda: view_diagnosed(main_window, frame))
    assert diagram.diagnosis.issues == ()
    assert not main_window.status.diagnosis.isVisible()


def view_diagnosed(window, frame) -> bool:
    return window.network_view._diagnosed is frame.snapshot.network


def test_a_dead_relu_layer_is_marked_and_said(qtbot, main_window):
    main_window.resize(1280, 800)
    worker = main_window.training.worker
    worker.send(
        Reconfigure(
            ExperimentConfig(hidden_layers=(3,), hidden_activation="relu", bias=True, initialiser="he"),
            restart=True,
        )
    )
    wait_for_config(qtbot, worker, hidden_activation="relu")
    for unit in range(3):
        worker.send(SetBias(0, unit, -100.0))
    diagram = main_window.network_view.diagram
    qtbot.waitUntil(
        lambda: diagram.diagnosis is not None and len(diagram.diagnosis.issues) == 3, timeout=5000
    )
    assert {issue.kind for issue in diagram.diagnosis.issues} == {"dead"}
    qtbot.waitUntil(
        lambda: "3 of 3 hidden neurons dead (ReLU zero everywhere)" in main_window.status.diagnosis.text()
    )


def test_a_hovered_term_lights_its_nodes_and_edges(qtbot, main_window):
    main_window.resize(1280, 800)
    _, diagram = shown(qtbot, main_window, 0)
    view = main_window.network_view
    view.highlight_term("ah")
    assert diagram.term.nodes == {(1, unit) for unit in range(4)} and not diagram.term.edges
    view.highlight_term("w9")
    assert diagram.term.edges == {(1, 0, 0)}
    view.highlight_term("dcost_wh")
    assert len(diagram.term.edges) == 8
    view.highlight_term("dzo_dwo")
    assert diagram.term.nodes == {(1, unit) for unit in range(4)}
    diagram.grab()  # paints the overlay
    view.highlight_term(None)
    assert diagram.term is None


@pytest.mark.parametrize(
    ("name", "sizes", "biases", "nodes", "edges"),
    [
        ("zh", ARTICLE, (False, False), {(1, 0), (1, 1), (1, 2), (1, 3)}, set()),
        ("ao", ARTICLE, (False, False), {(2, 0)}, set()),
        ("dcost_dao", ARTICLE, (False, False), {(2, 0)}, set()),
        ("dao_dzo", ARTICLE, (False, False), {(2, 0)}, set()),
        ("dzh_dwh", ARTICLE, (False, False), {(0, 0), (0, 1)}, set()),
        ("dah_dzh", ARTICLE, (False, False), {(1, 0), (1, 1), (1, 2), (1, 3)}, set()),
        ("dcost_dah1", ARTICLE, (False, False), {(1, 0)}, set()),
        ("ah3", ARTICLE, (False, False), {(1, 2)}, set()),
        ("w5", ARTICLE, (False, False), set(), {(0, 0, 2)}),
        ("w12", ARTICLE, (False, False), set(), {(1, 3, 0)}),
        ("wh[1, 3]", ARTICLE, (False, False), set(), {(0, 1, 3)}),
        ("dcost_wo", ARTICLE, (False, False), set(), {(1, j, 0) for j in range(4)}),
        ("dzo_dah", ARTICLE, (False, False), set(), {(1, j, 0) for j in range(4)}),
        ("bh", ARTICLE, (True, True), set(), {(0, -1, j) for j in range(4)}),
        ("bh", ARTICLE, (False, False), set(), set()),
        ("bo", ARTICLE, (True, True), set(), {(1, -1, 0)}),
        ("z_delta", (2, 1), (True,), {(1, 0)}, set()),
        ("XW", (2, 1), (True,), {(1, 0)}, set()),
        ("w2", (2, 1), (True,), set(), {(0, 1, 0)}),
        ("bias", (2, 1), (True,), set(), {(0, -1, 0)}),
        ("weights", (2, 1), (True,), set(), {(0, 0, 0), (0, 1, 0)}),
        ("a2", (2, 3, 2, 1), (False,) * 3, {(2, 0), (2, 1)}, set()),
        ("da2_dz2", (2, 3, 2, 1), (False,) * 3, {(2, 0), (2, 1)}, set()),
        ("dcost_dz3", (2, 3, 2, 1), (False,) * 3, {(3, 0)}, set()),
        ("W2[2,1]", (2, 3, 2, 1), (False,) * 3, set(), {(1, 2, 1)}),
        ("dcost_w3", (2, 3, 2, 1), (False,) * 3, set(), {(2, 0, 0), (2, 1, 0)}),
        ("b1[2]", (2, 3, 2, 1), (True,) * 3, set(), {(0, -1, 2)}),
        ("nonsense", ARTICLE, (False, False), set(), set()),
        ("w99", ARTICLE, (False, False), set(), set()),
    ],
)
def test_each_symbol_belongs_to_its_nodes_or_edges(name, sizes, biases, nodes, edges):
    targets = term_targets(name, sizes, biases)
    assert targets.nodes == nodes
    assert targets.edges == edges


def test_a_symbol_hovered_in_the_step_through_lights_the_diagram(qtbot, main_window):
    _, diagram = shown(qtbot, main_window, 0)
    main_window.stepper_panel.term_hovered.emit("dzo_dwo1")
    assert diagram.term.nodes == {(1, 0)}
    main_window.stepper_panel.term_hovered.emit("dcost_dw9")
    assert diagram.term.edges == {(1, 0, 0)}
    main_window.stepper_panel.term_hovered.emit(None)
    assert diagram.term is None
