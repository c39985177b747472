"""The step-through fits the window at 1280×800 and 1024×700: nothing cut, nothing overlapping.

Measured on a real X display before this was fixed, at 1280×800: the sixth phase button lay
under the edge of its strip (705 px of buttons in a 703 px strip, reached by a scroll bar),
the code's column of the terms ran up to 97 px past the panel, and the centred "Decision
boundary · 2-4-1 network" title was wider than its place, so both its ends were cut — the
first letter under the class box. These tests compare widget geometries as laid out; they run
offscreen like the other widget tests and pass the same under xcb
(``DISPLAY=:N QT_QPA_PLATFORM=xcb``), whose fonts the numbers above were measured with.
"""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QTabBar, QToolButton, QWidget

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_PERCEPTRON
from nnplayground.live.commands import GoToPhase, Reconfigure
from nnplayground.ui.widgets.equation_view import MathLine
from tests.ui.helpers import wait_for_config
from tests.ui.stepper.test_stepper import press, wait_phase

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

WINDOWS = {"1280×800": (1280, 800), "1024×700": (1024, 700)}
NETWORKS = {
    "article 2-4-1": ExperimentConfig(),
    "perceptron": ARTICLE_PERCEPTRON,
    "2-8-1": ExperimentConfig(hidden_layers=(8,)),
}
DEEPEST = ExperimentConfig(hidden_layers=(8,) * 6, bias=True, initialiser="glorot")
# The panel's width once the window may be 1024 wide with the control panel hidden (0.56 of it).
NARROW_PANEL = 560


def settle() -> None:
    """Deliver the posted layout requests, so geometries are those a person would see now."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def cut_by(widget: QWidget, top: QWidget) -> list[str]:
    """Every ancestor (up to ``top``) that does not hold the whole of ``widget``."""
    cuts = []
    ancestor = widget.parentWidget()
    while ancestor is not None:
        if not ancestor.rect().contains(rect_in(widget, ancestor)):
            cuts.append(f"{widget.objectName() or widget.text()} cut by {ancestor.objectName() or ancestor}")
        if ancestor is top:
            break
        ancestor = ancestor.parentWidget()
    return cuts


def overlaps(widgets: list[QWidget], parent: QWidget) -> list[str]:
    rects = [(w, rect_in(w, parent)) for w in widgets]
    return [
        f"{a.objectName()} overlaps {b.objectName()}"
        for (a, ra), (b, rb) in itertools.combinations(rects, 2)
        if ra.intersects(rb)
    ]


def text_cut(label: QLabel) -> bool:
    """True when the label's text needs more room than it has (wrapped: more lines; else: wider)."""
    if label.wordWrap():
        return label.heightForWidth(label.width()) > label.height()
    return label.fontMetrics().horizontalAdvance(label.text()) > label.contentsRect().width()


def check_fit(window, *, one_line_strip: bool) -> list[str]:
    """Everything a person could find cut or overlapping in the step-through and the plot's header."""
    panel = window.stepper_panel
    problems: list[str] = []
    buttons = panel.strip.buttons()
    for button in buttons:
        problems += cut_by(button, window)
    problems += overlaps(buttons, panel)
    if (
        one_line_strip
        and len(buttons) <= 6
        and len({button.geometry().center().y() for button in buttons}) != 1
    ):
        problems.append("the phase buttons take more than one line")
    parts = [
        widget
        for widget in panel.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if widget.isVisible()
    ]
    for part in parts:
        if not panel.rect().contains(part.geometry()):
            problems.append(f"{part.objectName()} outside the panel")
    problems += overlaps(parts, panel)
    for label in (panel.title, panel.heading, panel.sample_line, panel.gradient_label):
        if label.isVisible() and text_cut(label):
            problems.append(f"{label.objectName()}'s text is cut")
    problems += check_terms(panel)
    problems += check_tabs(panel)
    view = window.boundary_view
    if text_cut(view.title):
        problems.append(f"the plot's title {view.title.text()!r} is cut")
    if rect_in(view.title, view).intersects(rect_in(view.tools, view)):
        problems.append("the plot's title overlaps the drawing tools")
    return problems


def check_terms(panel) -> list[str]:
    """The terms scroll up and down by design, never sideways: every line within the panel's width."""
    area = panel.terms_area
    viewport = area.viewport()
    problems = []
    if area.horizontalScrollBar().maximum() > 0:
        problems.append(f"the terms scroll sideways by {area.horizontalScrollBar().maximum()} px")
    for widget in panel.terms.findChildren(QWidget):
        if not widget.isVisible():
            continue
        left = widget.mapTo(viewport, QPoint(0, 0)).x()
        if left < 0 or left + widget.width() > viewport.width():
            problems.append(f"{widget.objectName() or type(widget).__name__} runs past the panel's edge")
        if isinstance(widget, MathLine) and widget.width() < widget.sizeHint().width():
            problems.append(f"the equation {widget.plain_text()!r} is squeezed")
        if isinstance(widget, QLabel) and widget.wordWrap() and text_cut(widget):
            problems.append(f"{widget.objectName()}'s text is cut")
    return problems


def check_tabs(panel) -> list[str]:
    bar: QTabBar = panel.tabs.tabBar()
    if not panel.tabs.isVisible():
        return []
    problems = [
        f"tab {bar.tabText(index)!r} is cut"
        for index in range(bar.count())
        if bar.isTabVisible(index) and not bar.rect().contains(bar.tabRect(index))
    ]
    if any(button.isVisible() for button in bar.findChildren(QToolButton)):
        problems.append("the tabs need scroll arrows")
    return problems


def walk_every_phase(qtbot, window, config: ExperimentConfig, size: tuple[int, int], narrow: bool) -> None:
    worker = window.training.worker
    if config != worker.latest().snapshot.config:
        worker.send(Reconfigure(config))
        wait_for_config(
            qtbot, worker, hidden_layers=config.hidden_layers, article_quirks=config.article_quirks
        )
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == max(size[0], window.minimumWidth()))
    press(qtbot, window, Qt.Key.Key_B)
    frame = wait_phase(qtbot, window, 0)
    if narrow:
        main = window.main_splitter
        total = sum(main.sizes())
        main.setSizes([0, total - NARROW_PANEL, NARROW_PANEL])
    for phase in range(len(frame.stepper.walk.phases)):
        worker.send(GoToPhase(phase))
        wait_phase(qtbot, window, phase)
        settle()
        problems = check_fit(window, one_line_strip=size == (1280, 800) and not narrow)
        assert not problems, f"phase {phase + 1} at {window.width()}×{window.height()}: {problems}"


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("window_size", WINDOWS)
def test_every_phase_fits_the_window(qtbot, main_window, window_size, network):
    walk_every_phase(qtbot, main_window, NETWORKS[network], WINDOWS[window_size], narrow=False)


def test_the_sixteen_phases_of_the_deepest_network_fit_at_1280_by_800(qtbot, main_window):
    """Two lines of phase buttons, no scroll bar. (At 1024×700 its update phase's six matrix tabs
    take the tab bar's scroll arrows, as Qt's tabs do when there are more than fit.)"""
    walk_every_phase(qtbot, main_window, DEEPEST, WINDOWS["1280×800"], narrow=False)


@pytest.mark.parametrize("network", NETWORKS)
def test_every_phase_fits_the_panel_of_a_1024_wide_window(qtbot, main_window, network):
    """As wide as the panel is once the window itself can be 1024 px wide (0.56 of it)."""
    walk_every_phase(qtbot, main_window, NETWORKS[network], (1024, 700), narrow=True)


def test_the_articles_equations_are_painted_inside_their_own_width(qtbot):
    """Each fraction's bar overhangs its text; the width asked for must include it (``(4)`` was cut)."""
    for markup, number in (
        ("{dcost|dzo} = {dcost|dao} × {dao|dzo}", "4"),
        ("{dcost|dwh} = {dcost|dah} × {dah|dzh} × {dzh|dwh}", "2"),
        ("zo = ah1·w9 + ah2·w10 + ah3·w11 + ah4·w12", None),
    ):
        line = MathLine(markup, number)
        qtbot.addWidget(line)
        line.resize(line.sizeHint())
        image = QImage(line.size(), QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        line.render(painter, QPoint(0, 0))
        painter.end()
        inked = [
            x
            for x in range(image.width())
            if any(image.pixelColor(x, y).lightness() < 200 for y in range(image.height()))
        ]
        assert inked and inked[-1] < image.width() - 2, f"{markup}: ink at the very edge, so it is cut"


def test_an_unselected_tab_shows_the_underscores_of_the_articles_names(qtbot, main_window):
    """``dcost_wh`` read ``dcost wh`` on an unselected tab: the style's shift cut the underscore off."""
    walk = NETWORKS["2-8-1"]
    main_window.training.worker.send(Reconfigure(walk))
    wait_for_config(qtbot, main_window.training.worker, hidden_layers=(8,))
    press(qtbot, main_window, Qt.Key.Key_B)
    wait_phase(qtbot, main_window, 0)
    main_window.training.worker.send(GoToPhase(4))
    wait_phase(qtbot, main_window, 4)
    bar = main_window.stepper_panel.tabs.tabBar()
    assert bar.currentIndex() == 0 and bar.tabText(1) == "dcost_wh (2 × 8)"

    bar.setTabText(1, "_" * 12)
    settle()
    tab = bar.grab(bar.tabRect(1)).toImage()
    inked = [
        (x, y)
        for x in range(4, tab.width() - 4)
        for y in range(3, tab.height() - 3)
        if tab.pixelColor(x, y).lightness() < 100
    ]
    assert inked, "a tab of underscores shows them"
