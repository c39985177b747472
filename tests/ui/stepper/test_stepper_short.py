"""The step-through when it is short, its table clicked, its code lines and equations hovered.

At 1024×700 with the tour docked below the panes the step-through gets 571 × 456 pixels
(measured under Xvfb + openbox before the fix; 571 × 434 after, the tour taking the room
the panel no longer claims): its parts must not be painted over each other, and the
"All samples" tab must stay in sight. A row's number follows that sample as its cells do,
and the table does not move under the mouse. Hovering a name of a code line, or a fraction
of the article's equation, marks it everywhere as hovering an arithmetic chip does.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest

from nnplayground.ui.stepper.panel import StepperPanel
from nnplayground.ui.widgets.equation_view import CodeLine, MathLine
from tests.ui.helpers import on_screen
from tests.ui.stepper.test_arithmetic_view import SAMPLE, go_to, open_step_through, pointer_to

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

PHASE_1 = 3  # "4 Phase 1 ←": the chain rule of the output weights, the tour's chapter 6


def _visible(widget, panel) -> QRect:
    """The part of ``widget`` a person sees in ``panel``: clipped by every scroll area's viewport."""
    rect = QRect(widget.mapTo(panel, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not panel:
        rect &= QRect(parent.mapTo(panel, QPoint(0, 0)), parent.size())
        parent = parent.parentWidget()
    return rect & panel.rect()


@pytest.mark.parametrize("height", [456, 434, 300])
def test_a_short_step_through_paints_nothing_over_anything(qtbot, main_window, height):
    open_step_through(qtbot, main_window)
    go_to(qtbot, main_window, PHASE_1)
    panel = on_screen(qtbot, StepperPanel(), 571, height)
    panel.show_frame(main_window.training.worker.latest())
    assert panel.terms.arithmetic_lines, "phase 1's chain rule is written out"
    qtbot.waitUntil(lambda: panel.splitter.sizes()[1] >= panel.tabs.minimumSizeHint().height())
    parts = {
        "arithmetic": panel.terms_area.viewport(),
        "tab bar": panel.tabs.tabBar(),
        "table": panel.batch_view.viewport(),
    }
    shown = {name: _visible(widget, panel) for name, widget in parts.items()}
    names = list(shown)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert not shown[first].intersects(shown[second]), f"{first} {shown[first]} over {second}"
    if height >= 434:  # the heights the tour leaves it at 1024×700: everything in sight at once
        assert all(rect.height() > 0 for rect in shown.values()), shown
        assert panel.tabs.tabBar().tabRect(0).height() <= shown["tab bar"].height(), "All samples"
        row = panel.batch_view.visualRect(panel.batch_model.index(panel.selected_sample(), 0))
        assert panel.batch_view.viewport().rect().contains(row), "the followed sample's row"


def _header_click(view, row: int, button=Qt.MouseButton.LeftButton) -> None:
    header = view.verticalHeader()
    point = QPoint(header.width() // 2, header.sectionViewportPosition(row) + header.sectionSize(row) // 2)
    QTest.mouseClick(header.viewport(), button, Qt.KeyboardModifier.NoModifier, point)


def test_clicking_a_rows_number_follows_that_sample(qtbot, main_window):
    open_step_through(qtbot, main_window)
    go_to(qtbot, main_window, PHASE_1)
    view = main_window.stepper_panel.batch_view
    row = view.rowAt(view.viewport().height() // 2) + 1
    assert row not in (0, SAMPLE)
    _header_click(view, row)
    qtbot.waitUntil(lambda: main_window.selected_sample == row)
    assert main_window.stepper_panel.selected_sample() == row
    assert main_window.stepper_panel.batch_model.headerData(row, Qt.Orientation.Vertical).startswith("▶")


def test_a_clicked_row_stays_under_the_mouse_so_a_double_click_follows_one_sample(qtbot, main_window):
    open_step_through(qtbot, main_window)
    go_to(qtbot, main_window, PHASE_1)
    view = main_window.stepper_panel.batch_view
    bar = view.verticalScrollBar()
    height = view.verticalHeader().defaultSectionSize()
    row = view.rowAt(view.viewport().height() - 2 * height)  # low in the table: centring it would scroll
    point = QPoint(view.columnViewportPosition(0) + 10, view.rowViewportPosition(row) + height // 2)
    assert row not in (-1, SAMPLE) and point.y() > view.viewport().height() // 2
    before = bar.value()
    for click in ("first", "second"):
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        qtbot.waitUntil(lambda: main_window.selected_sample == row)
        assert bar.value() == before, f"the table did not scroll under the mouse ({click} click)"
        assert view.rowAt(point.y()) == row


def _sweep(qtbot, widget, panel, wanted: str) -> None:
    """The pointer along ``widget``'s middle, left to right, until the panel names ``wanted``."""
    seen: list[object] = []
    panel.term_hovered.connect(seen.append)
    y = widget.height() // 2
    for x in range(2, widget.width(), 3):
        pointer_to(widget, QPoint(x, y))
        if wanted in seen:
            break
    panel.term_hovered.disconnect(seen.append)
    assert wanted in seen, f"hovering {widget.objectName()} named {seen}"


def test_hovering_a_name_of_the_code_line_marks_it_everywhere_and_tells_the_diagram(qtbot, main_window):
    open_step_through(qtbot, main_window)
    go_to(qtbot, main_window, PHASE_1)
    panel = main_window.stepper_panel
    code = panel.terms.findChild(CodeLine, "arithmeticCode_dcost_wo")
    panel.terms_area.ensureWidgetVisible(code)
    _sweep(qtbot, code, panel, "dao_dzo")
    lines = panel.terms.arithmetic_lines
    assert all("dao_dzo" in line.marked_pieces() for line in lines), "the chip in every line"
    assert ["dao/dzo"] in [math.marked_parts() for math in panel.terms.findChildren(MathLine)]
    assert panel.terms.findChild(CodeLine, "termCode_dao_dzo").marked_names() == ["dao_dzo"]
    model = panel.batch_model
    column = model.first_column_of("dao_dzo")
    assert model.data(model.index(SAMPLE, column), Qt.ItemDataRole.BackgroundRole) is not None
    with qtbot.waitSignal(panel.term_hovered, check_params_cb=lambda name: name is None):
        pointer_to(panel.heading, QPoint(2, 2))
    assert not any(line.marked_pieces() for line in lines)


def test_hovering_a_fraction_of_the_article_equation_marks_it_everywhere(qtbot, main_window):
    open_step_through(qtbot, main_window)
    go_to(qtbot, main_window, PHASE_1)
    panel = main_window.stepper_panel
    equation = next(m for m in panel.terms.findChildren(MathLine) if m.number == "1")
    panel.terms_area.ensureWidgetVisible(equation)
    rect = next(rect for rect, names in equation.regions() if "dzo_dwo" in names)
    with qtbot.waitSignal(panel.term_hovered, check_params_cb=lambda name: name == "dzo_dwo"):
        pointer_to(equation, rect.center().toPoint())
    assert equation.marked_parts() == ["dzo/dwo"]
    marked = [piece for line in panel.terms.arithmetic_lines for piece in line.marked_pieces()]
    assert "dzo_dwo1" in marked, "the chips of dzo_dwo's entries"
    code = panel.terms.findChild(CodeLine, "arithmeticCode_dcost_wo")
    assert code.marked_names() == ["dzo_dwo"]
