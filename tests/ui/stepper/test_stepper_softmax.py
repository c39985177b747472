"""The step-through of a softmax network: every phase's numbers are the engine's, and they read as
the next article writes them — K probabilities summing to 1, −log of the label's, ao − labels_one_hot.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import THREE_ARM_SPIRAL, THREE_BLOBS
from nnplayground.core.stepthrough import walk_through
from nnplayground.live.commands import Reconfigure
from nnplayground.notation.formatting import format_value
from nnplayground.notation.phase_terms import term_layer
from nnplayground.ui.stepper.term_grid import sample_text, shown_inline
from nnplayground.ui.widgets.equation_view import MathLine
from tests.ui.helpers import wait_for_config
from tests.ui.stepper.test_stepper import enter, headless, press, shown_values, wait_phase

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

NETWORKS = {
    "2-4-3 (one hidden layer)": THREE_BLOBS,
    "2-16-16-3": THREE_ARM_SPIRAL,
    "perceptron, 3 outputs": THREE_BLOBS.replace(hidden_layers=()),
}
NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?(?:e[−+-]?\d+)?")


def numbers(text: str) -> list[float]:
    return [float(found.replace("−", "-")) for found in NUMBER.findall(text)]


def bracketed(text: str) -> list[float]:
    """The values of the first ``[…]`` in ``text``: a sample's row as the panel writes it."""
    return numbers(re.search(r"\[([^\]]*)\]", text).group(1))


def assert_panel_shows(panel, walk, phase: int) -> None:
    """Sample 0's rows and the table's every value are the engine's exact floats; a small matrix is
    written out, a large one has its tab."""
    expected = walk.phases[phase]
    assert panel.heading.text().startswith(f"{phase + 1}. {expected.title}")
    shown = shown_values(panel)
    for each in expected.terms:
        label = panel.terms.value_labels[each.name]
        if each.per_sample:
            values = each.value if each.value.ndim == 2 else each.value.reshape(-1, 1)
            assert np.array_equal(shown[each.name], values), each.name
            assert sample_text(each, 0) in label.text()
        elif shown_inline(each):
            for value in each.value.ravel():
                assert format_value(float(value)) in label.text(), each.name
        else:
            assert panel.findChild(QTableView, f"stepperMatrix_{each.name}") is not None, each.name


def term(walk, name: str) -> np.ndarray:
    return next(t.value for phase in walk.phases for t in phase.terms if t.name == name)


def walk_to(qtbot, window, config: ExperimentConfig, epochs: int):
    worker = window.training.worker
    worker.send(Reconfigure(config))
    wait_for_config(qtbot, worker, hidden_layers=config.hidden_layers, classes=config.classes)
    return enter(qtbot, window, epochs)


@pytest.mark.parametrize("name", NETWORKS)
def test_every_softmax_phase_shows_the_engines_terms_and_reads_as_written(qtbot, main_window, name):
    config = NETWORKS[name]
    walk_to(qtbot, main_window, config, epochs=3)
    walk = walk_through(headless(3, config))
    panel = main_window.stepper_panel
    for phase in range(len(walk.phases)):
        if phase:
            press(qtbot, main_window, Qt.Key.Key_N)
        wait_phase(qtbot, main_window, phase, 3)
        assert_panel_shows(panel, walk, phase)
        names = {term.name for term in walk.phases[phase].terms}
        labels = panel.terms.value_labels
        if "ao" in names:
            text = labels["ao"].text()
            shown = bracketed(text)
            assert len(shown) == 3
            assert sum(shown) == pytest.approx(1.0, abs=5e-4), "the K probabilities shown add up to 1"
            assert "Σ = 1" in text
            maths = [line.accessibleName() for line in panel.terms.findChildren(MathLine)]
            assert any(line.startswith("ao[k] = ") for line in maths), maths
        ao, target = term(walk, "ao")[0], term(walk, "labels_one_hot")[0]
        if "error_out" in names:
            label = int(term(walk, "labels")[0, 0])
            written = labels["error_out"].text().split("log ", 1)[1]
            assert numbers(written)[0] == pytest.approx(ao[label], rel=1e-3)
        if "dcost_dzo" in names:
            text = labels["dcost_dzo"].text()
            shown = bracketed(text.split("labels_one_hot = ", 1)[1])
            assert shown[0::2] == pytest.approx(ao, rel=1e-3), "ao, then the one-hot entry, class by class"
            assert shown[1::2] == list(target)
            assert "Jacobian" in text


def test_a_deeper_softmax_networks_output_terms_belong_to_its_output_nodes():
    sizes = (2, 16, 16, 3)
    for name in ("zo", "ao", "labels_one_hot", "error_out", "dcost_dzo"):
        assert term_layer(name, sizes) == 3, name
    assert term_layer("a2", sizes) == 2
    assert np.all([term_layer("zo", (2, 3)) == 1, term_layer("ao", (2, 4, 3)) == 2])
