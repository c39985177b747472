"""What a learner reads on the diagram at 1280×800 and 1024×700: nothing cut, nothing covered.

Issue #16's fresh-eyes run found the weight editor showing the tail of a
float under a "…" prompt, the share strip's gradient cut off, Δw triangles
and "!" badges on the nodes and the labels, and two column titles run
together. Each is checked here through what a person touches.
"""

from __future__ import annotations

from itertools import combinations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtWidgets import QApplication

from nnplayground.core.config import ExperimentConfig
from nnplayground.live.commands import Reconfigure, SetWeight, Step
from nnplayground.notation.formatting import format_value
from nnplayground.notation.label_placement import overlap
from nnplayground.notation.network_names import ParameterRef
from nnplayground.ui.diagram import captions, marks
from nnplayground.ui.diagram.weight_editor import parse_weight
from tests.ui.helpers import wait_for_config, wait_until_idle

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

W9 = ParameterRef(1, 0, 0)
SIZES = [(1280, 800), (1024, 700)]


def at(point: QPointF) -> QPoint:
    return QPoint(round(point.x()), round(point.y()))


def stepped(qtbot, window, size: tuple[int, int], epochs: int = 1):
    """The window at ``size``, the tour closed, paused after ``epochs`` epochs with the gradients shown."""
    window.resize(*size)
    window.tour.hide()
    worker = window.training.worker
    start = worker.latest().snapshot.epoch
    worker.send(Step(epochs))
    wait_until_idle(qtbot, worker, epoch=start + epochs)
    view = window.network_view
    qtbot.waitUntil(lambda: worker.latest().gradients is not None and view._frame is worker.latest())
    QApplication.processEvents()
    return view


def saturate(qtbot, window) -> None:
    """The hidden layer driven into σ's flat tails on purpose (as ``test_diagram_marks`` does)."""
    for unit in range(4):
        for row in range(2):
            window.training.send(SetWeight(0, row, unit, 900.0 * (1 if (row + unit) % 2 else -1)))
    diagram = window.network_view.diagram
    qtbot.waitUntil(
        lambda: diagram.diagnosis is not None and len(diagram.diagnosis.issues) == 4, timeout=5000
    )


@pytest.mark.parametrize("size", SIZES)
def test_the_weight_editor_shows_the_values_leading_digits_under_its_whole_name(qtbot, main_window, size):
    view = stepped(qtbot, main_window, size)
    diagram, editor = view.diagram, view.editor
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=at(diagram.edge_midpoint(W9)))
    assert editor.isVisible()
    QApplication.processEvents()
    value = diagram.value(W9)
    # "w9 =", whole: not "…" nor "Set w9…".
    prompt = editor.prompt
    assert prompt.text() == "w9 ="
    assert prompt.width() >= prompt.fontMetrics().horizontalAdvance("w9 =")
    assert "ah1 → ao" in prompt.toolTip()
    # The value from its first digit, exact: Apply untouched leaves the weight as it was.
    field = editor.field
    assert field.text().startswith(format_value(value)[:5])
    assert parse_weight(field.text()) == value
    assert field.cursorPosition() == 0 and field.selectedText() == field.text()
    assert field.cursorRect().left() < field.fontMetrics().averageCharWidth() * 2, "the start is in view"
    assert field.width() >= field.fontMetrics().horizontalAdvance(format_value(value)), "room for 4 figures"
    # The strip's header keeps the gradient's figure, whatever words it drops.
    strip = view.share_strip
    assert format_value(strip.shares.total) in strip.title.shown_text()
    assert not strip.title.shown_text().endswith("…")
    assert main_window.minimumSizeHint().width() <= size[0]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("saturated", [False, True], ids=["article", "saturated"])
def test_no_change_mark_or_badge_covers_a_node_or_a_weight_label(qtbot, main_window, size, saturated):
    main_window.resize(*size)
    if saturated:
        saturate(qtbot, main_window)
    view = stepped(qtbot, main_window, size)
    diagram = view.diagram
    qtbot.waitUntil(lambda: diagram.change is not None)
    if saturated:
        qtbot.waitUntil(lambda: diagram.diagnosis is not None and len(diagram.diagnosis.issues) == 4)
    diagram.grab()
    plan = diagram.label_plan()
    triangles = [rect for rect, _ in marks.change_marks(diagram.picture(), plan)]
    badges = list(plan.badges.values())
    assert len(badges) == (4 if saturated else 0), "a stuck neuron's badge is never dropped"
    if size == (1024, 700):  # the check is not vacuous: here the marks have room (at 1280 the labels take it)
        assert triangles, "some Δw marks are drawn"
    covered = [*plan.nodes.values(), *(label.rect for label in plan.edges.values())]
    for rect in triangles + badges:
        assert not any(overlap(rect, other) for other in covered), rect
    for a, b in combinations(triangles + badges, 2):
        assert not overlap(a, b)


def test_a_wide_layer_marks_only_its_largest_changes(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(Reconfigure(ExperimentConfig(hidden_layers=(64,)), restart=True))
    wait_for_config(qtbot, worker, hidden_layers=(64,))
    diagram = stepped(qtbot, main_window, (1280, 800)).diagram
    qtbot.waitUntil(lambda: diagram.change is not None)
    diagram.grab()
    drawn = marks.change_marks(diagram.picture(), diagram.label_plan())
    assert 0 < len(drawn) <= marks.MAX_DELTA_MARKS < len(diagram.current_layout().refs)


@pytest.mark.parametrize("size", [*SIZES, (1280, 800, "deep")])
def test_column_titles_never_overlap(qtbot, main_window, size):
    if len(size) == 3:
        worker = main_window.training.worker
        worker.send(Reconfigure(ExperimentConfig(hidden_layers=(4, 3), bias=True), restart=True))
        wait_for_config(qtbot, worker, hidden_layers=(4, 3))
    view = stepped(qtbot, main_window, size[:2])
    picture = view.diagram.picture()
    titles = captions.title_rects(picture)
    assert titles, "at least one column is titled"
    assert any(text.startswith("hidden") for text, _ in titles) or len(picture.state.sizes) != 3
    for (_, a), (_, b) in combinations(titles, 2):
        assert not a.intersects(b), (titles,)
    bounds = QRectF(0, 0, picture.layout.width, picture.layout.height)
    assert all(bounds.contains(rect) for _, rect in titles)
