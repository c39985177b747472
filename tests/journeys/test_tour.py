"""The "Learn the article" tour on a real X server: every chapter's button, then its checks on the real run.

A person opens the tour with F1, and for each chapter presses its one button, waits for the
window to get there (a preset loaded, epochs trained, the step-through open at a phase, a point
followed) and reads ✓ lines whose figures are the window's own. Alt+→ turns the page. The
timings of the whole walk are printed (``-s``) and recorded in the test report.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication

from nnplayground.live.frames import RunState
from nnplayground.ui.tour.checks import PASSED
from nnplayground.ui.tour.dock import ARRIVAL_TIMEOUT_MS
from nnplayground.ui.windows.main_layout import MIN_BOUNDARY_HEIGHT

from .helpers import TIMEOUT_MS, frame, in_window, key, set_size, type_into, visible_rect, wait_drawn


def _open_with_f1(qtbot, window):
    key(qtbot, Qt.Key.Key_F1)
    tour = window.tour
    qtbot.waitUntil(tour.isVisible, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: tour.isAncestorOf(window.focusWidget()), timeout=TIMEOUT_MS)
    return tour


def _checked(tour, index: int) -> None:
    lines = tour.outcome_lines(index)
    assert lines is not None, "the chapter's checks have not been made yet"


def _in_state(window, action) -> None:
    """What a person sees once the chapter's button has done its work."""
    current = frame(window)
    assert current.state not in (RunState.RUNNING, RunState.STEPPING)
    assert current.snapshot.epoch == action.epochs
    if action.phase is None:
        assert current.stepper is None and not window.stepper_panel.isVisible()
    else:
        assert current.stepper is not None and current.stepper.phase == action.phase
        assert window.stepper_panel.isVisible()
    if action.sample is not None:
        assert window.selected_sample == action.sample


def test_every_chapter_reaches_its_state_and_its_checks_pass(qtbot, window, record_property):
    tour = _open_with_f1(qtbot, window)
    tour.go_to(0)
    timings: list[tuple[str, float]] = []
    started = time.perf_counter()
    for index, chapter in enumerate(tour.chapters):
        if index:
            key(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
        assert tour.index == index, f"Alt+→ did not turn to chapter {index + 1}"
        assert tour.panel.title.text() == chapter.title
        button = tour.panel.action_button
        assert button.sizeHint().width() <= button.width(), f"{chapter.action.label!r} is cut off"
        before = time.perf_counter()
        qtbot.mouseClick(tour.panel.action_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda index=index: _checked(tour, index), timeout=ARRIVAL_TIMEOUT_MS)
        timings.append((chapter.title, time.perf_counter() - before))
        wait_drawn(qtbot, window)
        _in_state(window, chapter.action)
        lines = tour.panel.result_lines()
        assert len(lines) == len(chapter.checks)
        failed = [line for line in lines if not line.startswith(PASSED)]
        assert not failed, f"chapter {index + 1} ({chapter.title}): {failed}"
    total = time.perf_counter() - started
    report = ", ".join(f"{title}: {seconds:.1f} s" for title, seconds in timings)
    print(f"\ntour journey: {total:.1f} s in all ({report})")
    record_property("tour_seconds", round(total, 1))
    assert "1.50" in tour.panel.result_lines()[1], "the last chapter reports the article's 1.50"


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1024, 700)])
def test_the_tour_sits_beside_the_controls_at_every_size(qtbot, window, width, height):
    set_size(qtbot, window, width, height)
    tour = _open_with_f1(qtbot, window)
    qtbot.waitUntil(lambda: window.size().width() == width, timeout=TIMEOUT_MS)
    assert (window.width(), window.height()) == (width, height), "opening the tour grew the window"

    def rect(widget) -> QRect:
        return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())

    controls = rect(window.control_scroll)
    assert window.control_scroll.isVisible()
    assert not rect(tour).intersects(controls), "the tour covers the control panel"
    assert rect(tour).right() <= window.width() and tour.width() >= 200
    button = tour.panel.action_button
    assert button.isVisible() and button.width() > 150, "the chapter's button is squeezed"


def _type_learning_rate(qtbot, window, text: str) -> None:
    type_into(qtbot, window, window.controls.findChild(QAbstractSpinBox, "learningRateSpin"), text)
    key(qtbot, Qt.Key.Key_Return)


def _fully_shown(widget, window) -> bool:
    return widget.isVisible() and visible_rect(widget, window) == in_window(widget, window)


@pytest.mark.parametrize("banner", [False, True], ids=["no banner", "learning-rate banner"])
def test_at_1024_by_700_the_tour_leaves_the_boundary_plot_readable(qtbot, window, banner):
    set_size(qtbot, window, 1024, 700)
    if banner:
        _type_learning_rate(qtbot, window, "50")
        qtbot.waitUntil(window.advice_banner.isVisible, timeout=TIMEOUT_MS)
    tour = _open_with_f1(qtbot, window)
    assert (window.width(), window.height()) == (1024, 700), "opening the tour grew the window"
    plot = window.boundary_view.plot
    QApplication.processEvents()
    wait_drawn(qtbot, window)
    assert MIN_BOUNDARY_HEIGHT >= 200
    seen = visible_rect(plot, window).height()
    assert seen >= MIN_BOUNDARY_HEIGHT, f"the boundary plot shows only {seen} px"
    assert not in_window(tour, window).intersects(in_window(window.control_scroll, window))
    for index in range(len(tour.chapters)):
        tour.go_to(index)
        QApplication.processEvents()
        for widget in (tour.panel.title, tour.panel.action_button, tour.panel.next_button):
            assert _fully_shown(widget, window), f"chapter {index + 1}: {widget.objectName()} is cut off"
        assert tour.panel.body_scroll.viewport().height() >= 3 * tour.panel.body.fontMetrics().lineSpacing()


def test_at_1280_by_800_the_way_on_stays_in_view_in_every_chapter(qtbot, window):
    set_size(qtbot, window, 1280, 800)
    tour = _open_with_f1(qtbot, window)
    panel = tour.panel
    for index in range(len(tour.chapters)):
        tour.go_to(index)
        QApplication.processEvents()
        shown = (panel.counter, panel.title, panel.action_button, panel.previous_button, panel.next_button)
        for widget in shown:
            assert _fully_shown(widget, window), f"chapter {index + 1}: {widget.objectName()} is out of view"
        checks = panel.results_scroll
        assert checks.verticalScrollBar().maximum() == 0, f"chapter {index + 1}: its checks do not fit"


def test_esc_leaves_a_step_through_opened_while_the_tour_had_the_focus(qtbot, window):
    """A learner reading the tour presses B, then Esc to leave: the walk ends, and the tour stays."""
    tour = _open_with_f1(qtbot, window)
    key(qtbot, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: frame(window).stepper is not None and window.stepper_panel.isVisible())
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: frame(window).stepper is None, timeout=TIMEOUT_MS)
    assert tour.isVisible(), "Esc closed the tour instead"
