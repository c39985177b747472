"""Every network with one hidden layer (or none) is the article's in the step-through, not only 2-4-1.

The window once decided "article network" as exactly (2, 4, 1) while the engine's walk-through
used "one hidden layer": a 2-8-1 or a 2-4-1 with an x1² input got Part 2's phases but no
article equations, no ∇ on the diagram's edges and sample notes only on the inputs. The
names, equations and diagram now all read ``article_names.family``. The perceptron's bias is
shown as the article names it, ``bias``, before the update and after it.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel

from nnplayground.core.article_names import family
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_PERCEPTRON, CORRECTED_PERCEPTRON
from nnplayground.live.commands import GoToPhase, Reconfigure
from nnplayground.notation import config_words, network_names
from nnplayground.notation.network_names import ParameterRef
from nnplayground.ui.widgets.equation_view import MathLine
from tests.ui.helpers import wait_for_config
from tests.ui.stepper.test_stepper import enter, wait_phase

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

ONE_HIDDEN_LAYER = {
    "2-8-1": ExperimentConfig(hidden_layers=(8,)),
    "2-4-1 with x1²": ExperimentConfig(input_features=("x1", "x2", "x1^2")),
}
ARTICLE_NUMBERS = {str(n) for n in range(1, 10)}


def walk_to(qtbot, window, config: ExperimentConfig):
    worker = window.training.worker
    worker.send(Reconfigure(config))
    wait_for_config(qtbot, worker, hidden_layers=config.hidden_layers, input_features=config.input_features)
    return enter(qtbot, window)


def at_phase(qtbot, window, phase: int):
    window.training.worker.send(GoToPhase(phase))
    frame = wait_phase(qtbot, window, phase)
    qtbot.waitUntil(
        lambda: window.network_view.diagram.highlight.direction == frame.stepper.current.direction
    )
    return frame


def test_the_window_reads_the_walk_throughs_one_definition():
    kinds = {"one hidden layer": "article", "perceptron": "perceptron", "layered": "layered"}
    for sizes in ((2, 4, 1), (2, 8, 1), (3, 4, 1), (7, 2, 1), (2, 1), (3, 1), (2, 4, 4, 1)):
        assert network_names.kind(sizes) == kinds[family(sizes)], sizes
    assert network_names.short_name((2, 8, 1), ParameterRef(1, 7, 0)) == "w24"
    assert network_names.short_name((3, 4, 1), ParameterRef(0, 2, 0)) == "w3"
    assert network_names.node_names((2, 8, 1))[1] == [f"ah{j}" for j in range(1, 9)]
    assert (
        config_words.diagram_title((2, 8, 1))
        == "2-8-1 network (w1…w24, numbered as the article numbers its 2-4-1)"
    )


@pytest.mark.parametrize("name", ONE_HIDDEN_LAYER)
def test_a_one_hidden_layer_network_gets_the_articles_equations_gradients_and_notes(qtbot, main_window, name):
    config = ONE_HIDDEN_LAYER[name]
    walk_to(qtbot, main_window, config)
    panel, diagram = main_window.stepper_panel, main_window.network_view.diagram
    numbers = set()
    for phase in range(6):
        at_phase(qtbot, main_window, phase)
        lines = [line.accessibleName() for line in panel.terms.findChildren(MathLine)]
        numbers |= {line.rsplit("(", 1)[1].rstrip(")") for line in lines if line.endswith(")")}
        lit = diagram.highlight
        if phase == 0:
            inputs = len(config.input_features)
            hidden = config.hidden_layers[0]
            zh1 = next(line for line in lines if line.startswith("zh1 = "))
            assert f"·w{inputs}   (and so on to zh{hidden})" in zh1, "every input, numbered as the article"
            assert set(lit.notes) == {0, 1}, "the sample's zh and ah beside the hidden nodes, not only X"
            assert len(lit.notes[1][0][1]) == hidden
        if phase == 3:
            assert set(lit.edge_values) == {1} and lit.edge_values[1][0] == "∇"
            assert set(lit.notes) == {1, 2}
        if phase == 4:
            assert set(lit.edge_values) == {0} and lit.edge_values[0][0] == "∇"
            dcost_wh = next(
                t for t in main_window.training.worker.latest().stepper.current.terms if t.name == "dcost_wh"
            )
            assert np.array_equal(lit.edge_values[0][1], dcost_wh.value)
            assert {0, 1, 2} <= set(lit.notes)
    assert numbers >= ARTICLE_NUMBERS, f"the article's equations (1)…(9) for {name}"


def test_the_perceptron_with_an_x1_squared_input_is_part_ones(qtbot, main_window):
    config = ARTICLE_PERCEPTRON.replace(input_features=("x1", "x2", "x1^2"))
    walk_to(qtbot, main_window, config)
    panel = main_window.stepper_panel
    lines = [line.accessibleName() for line in panel.terms.findChildren(MathLine)]
    assert "XW = x₁·w1 + x₂·w2 + x₁²·w3 + bias" in lines
    assert {"X", "weights", "bias", "XW"} <= set(panel.terms.value_labels)
    at_phase(qtbot, main_window, 4)
    lit = main_window.network_view.diagram.highlight
    assert lit.edge_values[0][0] == "∇" and set(lit.notes) >= {1}


def test_the_articles_perceptron_shows_bias_by_its_name_before_and_after_the_update(qtbot, main_window):
    walk_to(qtbot, main_window, ARTICLE_PERCEPTRON)
    panel = main_window.stepper_panel
    frame = main_window.training.worker.latest()
    bias = float(frame.snapshot.network.biases[0][0])
    assert "bias" in panel.terms.value_labels
    assert panel.findChild(QLabel, "termCode_XW").text().count("bias") == 1
    at_phase(qtbot, main_window, 5)
    labels = panel.terms.value_labels
    assert "bias (new)" in labels and not any(name.startswith("b1") for name in labels)
    code = panel.findChild(QLabel, "termCode_bias (new)")
    qtbot.waitUntil(code.isVisible)
    assert "z_delta" in code.text() and "num" in code.text()
    assert main_window.network_view.diagram.highlight.edge_values[0][2] is not None, "→ on the bias edge"
    assert bias != float(frame.stepper.walk.biases_after[0][0])


def test_the_corrected_perceptron_shows_the_bias_update_equation(qtbot, main_window):
    walk_to(qtbot, main_window, CORRECTED_PERCEPTRON)
    panel = main_window.stepper_panel
    at_phase(qtbot, main_window, 4)
    assert "dcost_bias" in panel.terms.value_labels
    assert main_window.network_view.diagram.highlight.edge_values[0][2] is not None, "∇ on the bias edge"
    at_phase(qtbot, main_window, 5)
    code = panel.findChild(QLabel, "termCode_bias (new)")
    qtbot.waitUntil(code.isVisible)
    text = code.text()
    assert "bias" in text and "dcost_bias" in text and "←" in text
