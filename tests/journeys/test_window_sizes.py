"""The window at the screen sizes people have: it fits, nothing is cut or covered, nothing grows it.

At 1024×700 (a small laptop or projector), 1280×800 (the default) and 1920×1080. Geometries are
compared in the window's coordinates; the diagram's labels are read from what it paints, with
X's fonts (offscreen fonts differ: the legend that fits there wraps here and hid the labels).
"""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QSplitterHandle,
    QWidget,
)

from nnplayground.notation.network_names import ParameterRef

from .helpers import (
    TIMEOUT_MS,
    frame,
    in_window,
    overlapping,
    painted_texts,
    set_size,
    step_with_keys,
    visible_rect,
    wait_drawn,
)

SIZES = [(1024, 700), (1280, 800), (1920, 1080)]
SMALLEST = QSize(1024, 700)
NODE_NAMES = ("x1", "x2", "ah1", "ah2", "ah3", "ah4", "ao")
WEIGHT_NAMES = tuple(f"w{number}" for number in range(1, 13))
# Widgets drawn by their parent, or made of parts that are: their insides are not laid out by us.
OPAQUE = (QAbstractSpinBox, QComboBox, QAbstractScrollArea, pg.GraphicsView)


def _laid_out(parent: QWidget) -> list[QWidget]:
    """The visible widgets our layouts place, down from ``parent`` (not into spin boxes, plots…)."""
    found = []
    for child in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if not child.isVisible() or child.isWindow() or isinstance(child, QSplitterHandle):
            continue
        found.append(child)
        if not isinstance(child, OPAQUE):
            found += _laid_out(child)
    if isinstance(parent, QAbstractScrollArea) and parent.viewport() is not None:
        for child in parent.viewport().findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            if child.isVisible():
                found += [child, *_laid_out(child)]
    return found


def _problems(window) -> list[str]:
    """Widgets cut by their parent or narrower than they can be drawn, and siblings that overlap."""
    problems = []
    widgets = _laid_out(window.centralWidget())
    panel = window.controls
    for widget in widgets:
        name = widget.objectName() or type(widget).__name__
        parent = widget.parentWidget()
        own, seen = in_window(widget, window), visible_rect(widget, window)
        scrolled = panel.isAncestorOf(widget) or widget is panel
        cut_wide = own.left() < seen.left() or own.right() > seen.right()
        cut_high = own.top() < seen.top() or own.bottom() > seen.bottom()
        if cut_wide or (cut_high and not scrolled):
            problems.append(f"{name} is cut: {own.getRect()} shown {seen.getRect()} in {parent.objectName()}")
        hint = widget.minimumSizeHint()
        if isinstance(widget, QLabel | QAbstractButton | QAbstractSpinBox | QComboBox) and (
            widget.width() < hint.width() or widget.height() < hint.height()
        ):
            problems.append(
                f"{name} is squeezed: {widget.width()}×{widget.height()} < {hint.width()}×{hint.height()}"
            )
    for index, first in enumerate(widgets):
        for second in widgets[index + 1 :]:
            if first.parentWidget() is not second.parentWidget():
                continue
            common = first.geometry().intersected(second.geometry())
            if common.width() > 1 and common.height() > 1:
                problems.append(
                    f"{first.objectName() or type(first).__name__} overlaps "
                    f"{second.objectName() or type(second).__name__} by {common.width()}×{common.height()}"
                )
    return problems


def test_the_window_fits_the_smallest_screen(window):
    hint = window.minimumSizeHint()
    assert hint.width() <= SMALLEST.width() and hint.height() <= SMALLEST.height(), (
        f"the window cannot be smaller than {hint.width()}×{hint.height()}"
    )


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_nothing_is_cut_or_covered(qtbot, window, width, height):
    set_size(qtbot, window, width, height)
    wait_drawn(qtbot, window)
    problems = _problems(window)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_loss_read_out_shows_whole_figures_with_the_tour_open(qtbot, window, width, height):
    """At 1280 and 1024 px the header's boxes had left the read-out "…" and "1…"."""
    set_size(qtbot, window, width, height)
    step_with_keys(qtbot, window, 1)
    window.tour.open_tour()
    wait_drawn(qtbot, window)
    _move_over_loss_plot(qtbot, window)
    figure = window.loss_view.readout.text().split("train ")[1].split(",")[0].split(";")[0]
    assert figure in window.loss_view.readout.shown_text()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_control_panel_is_as_wide_as_its_widest_row(qtbot, window, width, height):
    """The panel scrolls only up and down: a row wider than its pane would be cut with no way to it."""
    set_size(qtbot, window, width, height)
    wait_drawn(qtbot, window)
    panel, pane = window.controls, window.control_scroll.viewport()
    assert panel.minimumSizeHint().width() <= pane.width(), (
        f"the panel needs {panel.minimumSizeHint().width()} px, its pane shows {pane.width()}"
    )


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_diagram_names_every_node_and_weight(qtbot, window, width, height):
    set_size(qtbot, window, width, height)
    wait_drawn(qtbot, window)
    texts = painted_texts(window.network_view.diagram)
    painted = {text.text for text in texts}
    missing = [name for name in NODE_NAMES + WEIGHT_NAMES if name not in painted]
    assert not missing, f"at {width}×{height} the diagram does not show {missing}"
    labels = [text for text in texts if text.text in NODE_NAMES + WEIGHT_NAMES]
    assert not overlapping(labels), f"labels overlap: {overlapping(labels)}"


def _hover_loss_plot(qtbot, window) -> None:
    step_with_keys(qtbot, window, 1)
    _move_over_loss_plot(qtbot, window)


def _move_over_loss_plot(qtbot, window) -> None:
    plot = window.loss_view.findChild(pg.PlotWidget)
    viewport = plot.viewport()
    # Across the middle of the plot: the last move must stay on the data, not on the accuracy axis.
    for x in range(viewport.width() // 4, viewport.width() * 3 // 4, max(1, viewport.width() // 8)):
        qtbot.mouseMove(viewport, QPoint(x, viewport.height() // 2))
    qtbot.waitUntil(lambda: "epoch" in window.loss_view.readout.text(), timeout=TIMEOUT_MS)
    shown = window.loss_view.readout.shown_text()
    assert not shown.endswith("…") and window.loss_view.readout.isVisible(), f"the read-out shows {shown!r}"


def _log_loss_title(qtbot, window) -> None:
    combo = window.controls.findChild(QComboBox, "lossCombo")
    window.control_scroll.ensureWidgetVisible(combo)
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(combo.count()):
        if "log" in combo.currentText().lower():
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: frame(window).snapshot.config.loss != "half_sse", timeout=TIMEOUT_MS)
    wait_drawn(qtbot, window)


def _edit_a_weight(qtbot, window) -> None:
    diagram = window.network_view.diagram
    point = diagram.edge_midpoint(ParameterRef(0, 0, 0)).toPoint()
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(window.network_view.editor.isVisible, timeout=TIMEOUT_MS)


def _custom_epochs(qtbot, window) -> None:
    combo = window.controls.findChild(QComboBox, "epochsPerStepCombo")
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(combo, Qt.Key.Key_End)
    spin = window.controls.findChild(QAbstractSpinBox, "epochsPerStepSpin")
    qtbot.waitUntil(spin.isVisible, timeout=TIMEOUT_MS)


GROWERS = {
    "hovering the loss plot": _hover_loss_plot,
    "the log-loss title": _log_loss_title,
    "clicking a weight to edit it": _edit_a_weight,
    'the "custom…" epochs per step box': _custom_epochs,
}


@pytest.mark.parametrize("action", list(GROWERS))
def test_nothing_grows_the_window(qtbot, window, action):
    set_size(qtbot, window, 1280, 800)
    wait_drawn(qtbot, window)
    hint, panel = window.minimumSizeHint(), window.control_scroll.width()
    GROWERS[action](qtbot, window)
    QApplication.processEvents()  # the layouts run, as the event loop runs them after each event
    grown = window.minimumSizeHint()
    assert grown.width() <= max(hint.width(), SMALLEST.width()), (
        f"{action} raised the window's minimum width from {hint.width()} to {grown.width()} px"
    )
    assert window.size() == QSize(1280, 800), f"{action} resized the window to {window.size()}"
    assert window.control_scroll.width() == panel, f"{action} widened the panel"
    assert QRect(QPoint(0, 0), window.size()).contains(in_window(window.network_view, window))
