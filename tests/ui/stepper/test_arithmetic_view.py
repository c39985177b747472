"""The chain rule as arithmetic in the window: the followed sample's numbers, and hovering a symbol.

Entered as a person enters it (Training ▸ Step through backprop, then Next
phase), the lines on screen are read back and held against the network's own
passes for the same weights (``tests/notation/test_arithmetic``'s ``Engine``);
hovering a symbol with the pointer must mark the same name in the article's
equation, the code's line, the table's column and tell the diagram.
"""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_PERCEPTRON
from nnplayground.core.stepthrough import walk_through
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import Reconfigure
from nnplayground.notation.arithmetic import HOVER, diagram_name, phase_arithmetic
from nnplayground.notation.formatting import format_value
from nnplayground.ui.diagram.term_targets import term_targets
from nnplayground.ui.widgets.equation_view import MathLine
from tests.notation.test_arithmetic import Engine, number, parse, resolution
from tests.ui.helpers import menu_action, wait_for_config
from tests.ui.stepper.test_stepper import wait_phase

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

SAMPLE = 17
NETWORKS = {
    "article 2-4-1": ExperimentConfig(),
    "perceptron": ARTICLE_PERCEPTRON,
    "2-4-3-1": ExperimentConfig(hidden_layers=(4, 3), bias=True),
}


def open_step_through(qtbot, window, config: ExperimentConfig | None = None):
    """Training ▸ Step through backprop, as the menu offers it, following sample ``SAMPLE``."""
    worker = window.training.worker
    if config is not None and config != worker.latest().snapshot.config:
        worker.send(Reconfigure(config))
        wait_for_config(
            qtbot, worker, hidden_layers=config.hidden_layers, article_quirks=config.article_quirks
        )
    menu_action(window, "Training", "Step through backprop").trigger()
    frame = wait_phase(qtbot, window, 0)
    window.select_sample(SAMPLE)
    return frame


def go_to(qtbot, window, phase: int) -> None:
    """Next phase from the menu until ``phase``: the arithmetic is drawn for each phase on the way."""
    current = window.training.worker.latest().stepper.phase
    for step in range(current + 1, phase + 1):
        menu_action(window, "Training", "Next phase").trigger()
        wait_phase(qtbot, window, step)


def shown_lines(panel) -> list[str]:
    return [line.plain_text() for line in panel.terms.arithmetic_lines]


@pytest.mark.parametrize("network", NETWORKS)
def test_the_arithmetic_on_screen_is_the_followed_samples_engine_terms(qtbot, main_window, network):
    config = NETWORKS[network]
    frame = open_step_through(qtbot, main_window, config)
    engine = Engine(Trainer(config))  # epoch 0: the weights the window walks
    panel = main_window.stepper_panel
    checked = 0
    for index, phase in enumerate(frame.stepper.walk.phases):
        go_to(qtbot, main_window, index)
        gradients = [term.name for term in phase.terms if term.name.lower().startswith("dcost_w")]
        if phase.direction != "backward" or not gradients:
            assert not panel.terms.arithmetic_lines, f"{phase.title} has no products to write out"
            continue
        heading = panel.terms.findChild(type(panel.heading), "arithmeticHeading")
        assert heading is not None and f"sample {SAMPLE}'s numbers" in heading.text()
        for widget in panel.terms.arithmetic_lines:
            assert widget.isVisible()
            line = widget.line
            result, symbols, values, written = parse(line)
            assert widget.plain_text() == line.text()
            for product_symbols, product_values in zip(symbols, values, strict=True):
                for symbol, value in zip(product_symbols, product_values, strict=True):
                    assert value.strip("()") == format_value(engine.value(symbol, SAMPLE)), (
                        widget.plain_text()
                    )
            share = engine.share(result, SAMPLE)[0] if line.is_share else engine.value(result, SAMPLE)
            assert written == format_value(share), widget.plain_text()
            product = sum(math.prod(number(v) for v in p) for p in values)
            rounding = resolution(written) + sum(
                resolution(v) * math.prod(abs(number(o)) + resolution(o) for o in p if o is not v)
                for p in values
                for v in p
            )
            assert abs(product - number(written)) <= rounding, widget.plain_text()
            checked += 1
    assert checked, "some phase wrote its products out"


def test_following_another_sample_rewrites_the_arithmetic(qtbot, main_window):
    open_step_through(qtbot, main_window)
    go_to(qtbot, main_window, 3)
    panel = main_window.stepper_panel
    before = shown_lines(panel)
    main_window.select_sample(42)
    after = shown_lines(panel)
    assert after and after != before
    engine = Engine(Trainer(ExperimentConfig()))
    assert after[0].endswith(" = " + format_value(engine.share("dcost_dw9", 42)[0]))
    # The rewritten lines are hovered like the first ones (the code line above them was left unmarked).
    hover(qtbot, panel.terms.arithmetic_lines[0], "dao_dzo")
    code = panel.terms.findChild(type(panel.heading), "arithmeticCode_dcost_wo")
    assert f'background-color:{HOVER};">dao_dzo<' in code.text()


def pointer_to(widget, point: QPoint) -> None:
    """The pointer over ``point`` of ``widget``, as a mouse arrives there.

    Two moves: offscreen, the first move into a widget only enters it, and no move event reaches it.
    """
    QTest.mouseMove(widget, point + QPoint(1, 0))
    QTest.mouseMove(widget, point)


def hover(qtbot, widget, symbol: str) -> None:
    rect = widget.symbol_rect(symbol)
    assert rect is not None, f"{symbol} is drawn in {widget.plain_text()}"
    pointer_to(widget, rect.center())
    qtbot.waitUntil(lambda: symbol in widget.marked_pieces())


def test_hovering_a_symbol_marks_it_in_the_equation_the_code_the_table_and_tells_the_diagram(
    qtbot, main_window
):
    open_step_through(qtbot, main_window)
    go_to(qtbot, main_window, 3)
    panel = main_window.stepper_panel
    first = panel.terms.arithmetic_lines[0]
    assert first.plain_text().startswith("dcost_dw9 = dcost_dao × dao_dzo × dzo_dwo1 = ")
    with qtbot.waitSignal(panel.term_hovered, check_params_cb=lambda name: name == "dao_dzo"):
        hover(qtbot, first, "dao_dzo")
    value = format_value(first.line.factors()[1].value)
    assert first.marked_pieces() == ["dao_dzo", value], "its name and its value, nothing else"
    for other in panel.terms.arithmetic_lines[1:]:
        assert other.marked_pieces() == ["dao_dzo", value], "the same factor in every line"

    marked_equations = [line.marked_parts() for line in panel.terms.findChildren(MathLine)]
    assert ["dao/dzo"] in marked_equations, "the article's (1) and (6) mark dao/dzo"
    assert all(parts in ([], ["dao/dzo"]) for parts in marked_equations)
    code = panel.terms.findChild(type(panel.heading), "arithmeticCode_dcost_wo")
    assert f'background-color:{HOVER};">dao_dzo<' in code.text()
    entry = panel.terms.findChild(type(panel.heading), "termCode_dao_dzo")
    assert f'background-color:{HOVER};">dao_dzo<' in entry.text()

    model = panel.batch_model
    column = model.first_column_of("dao_dzo")
    assert model.data(model.index(SAMPLE, column), Qt.ItemDataRole.BackgroundRole).color().name() == HOVER
    others = [c for c in range(model.columnCount()) if c != column]
    assert all(
        model.data(model.index(SAMPLE, c), Qt.ItemDataRole.BackgroundRole).color().name() != HOVER
        for c in others
    )

    with qtbot.waitSignal(panel.term_hovered, check_params_cb=lambda name: name is None):
        pointer_to(panel.heading, QPoint(2, 2))
    assert not first.marked_pieces()
    assert all(not line.marked_parts() for line in panel.terms.findChildren(MathLine))
    assert model.data(model.index(SAMPLE, column), Qt.ItemDataRole.BackgroundRole).color().name() != HOVER


def test_hovering_a_weight_marks_its_cell_and_names_it_for_the_diagram(qtbot, main_window):
    open_step_through(qtbot, main_window)
    go_to(qtbot, main_window, 4)
    panel = main_window.stepper_panel
    line = next(w for w in panel.terms.arithmetic_lines if w.plain_text().startswith("dcost_dah1 = "))
    panel.terms_area.ensureWidgetVisible(line)  # scrolled to, as a person scrolls the terms
    with qtbot.waitSignal(panel.term_hovered, check_params_cb=lambda name: name == "w9"):
        hover(qtbot, line, "w9")
    matrix = panel.terms.value_labels["dzo_dah"]
    assert f"bgcolor='{HOVER}'" in matrix.text() and matrix.text().count(HOVER) == 1
    assert any("dzo/dah" in line.marked_parts() for line in panel.terms.findChildren(MathLine))


@pytest.mark.parametrize(
    "network",
    [
        "article 2-4-1",
        "perceptron",
        "2-4-1 with biases",
        "2-4-3-1",
    ],
)
def test_every_symbol_hovered_lights_something_in_the_diagram(network):
    """What ``term_hovered`` carries is a name the diagram knows (``NetworkView.highlight_term``)."""
    config = NETWORKS.get(network, ExperimentConfig(bias=True))
    trainer = Trainer(config)
    walk = walk_through(trainer)
    sizes = tuple(trainer.network.layer_sizes)
    biases = tuple(b is not None for b in trainer.network.biases)
    names = set()
    for index in range(len(walk.phases)):
        for term in phase_arithmetic(
            walk, index, sizes, config.input_features, SAMPLE, trainer.inputs
        ).values():
            for line in term.lines:
                names |= {diagram_name(factor, sizes) for factor in (line.result, *line.factors())}
    assert names
    unlit = sorted(name for name in names if not term_targets(name, sizes, biases))
    assert not unlit, f"the diagram lights nothing for {unlit}"


def test_the_window_lights_the_hovered_symbol_in_the_diagram(qtbot, main_window):
    open_step_through(qtbot, main_window)
    go_to(qtbot, main_window, 4)
    panel = main_window.stepper_panel
    line = next(w for w in panel.terms.arithmetic_lines if w.plain_text().startswith("dcost_dah1 = "))
    panel.terms_area.ensureWidgetVisible(line)
    hover(qtbot, line, "w9")
    diagram = main_window.network_view.diagram
    assert diagram.term == term_targets("w9", (2, 4, 1), (False, False))
