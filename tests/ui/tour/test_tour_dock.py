"""The tour in the real window: Help ▸ Learn the article, its keys, its offer at start, failures in words."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton

from nnplayground.live.commands import Step
from nnplayground.ui.tour import dock as dock_module
from nnplayground.ui.tour.chapters import TourFileError, load_tour
from nnplayground.ui.tour.dock import TourDock
from nnplayground.ui.tour.panel import TourPanel
from nnplayground.ui.windows.main_window import MainWindow
from nnplayground.ui.windows.settings import AppSettings
from tests.ui.helpers import SETTLE_TIMEOUT_MS, menu_action

ALT = Qt.KeyboardModifier.AltModifier


def _open(qtbot, window) -> TourDock:
    menu_action(window, "Help", "Learn the article").trigger()
    qtbot.waitUntil(window.tour.isVisible, timeout=SETTLE_TIMEOUT_MS)
    return window.tour


def _rect(widget, window) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def test_help_learn_the_article_opens_the_tour_beside_the_controls(qtbot, main_window):
    action = menu_action(main_window, "Help", "Learn the article")
    assert QKeySequence("F1") in action.shortcuts()
    size = main_window.size()
    tour = _open(qtbot, main_window)
    assert main_window.dockWidgetArea(tour) == Qt.DockWidgetArea.RightDockWidgetArea
    assert tour.panel.counter.text() == f"Chapter {tour.index + 1} of {len(tour.chapters)}"
    assert not _rect(tour, main_window).intersects(_rect(main_window.control_scroll, main_window))
    assert main_window.control_scroll.isVisible()
    assert main_window.size() == size, "opening the tour changed the window's size"


def test_the_tour_does_not_open_by_itself_in_a_window_the_app_did_not_start(qtbot, main_window):
    qtbot.waitUntil(lambda: main_window.frames_shown > 0, timeout=SETTLE_TIMEOUT_MS)
    assert not main_window.tour.isVisible()


def test_alt_arrows_turn_the_chapters_while_the_tour_has_the_focus(qtbot, main_window):
    tour = _open(qtbot, main_window)
    tour.go_to(0)
    epoch = main_window.training.worker.latest().snapshot.epoch
    assert not tour.panel.previous_button.isEnabled()
    qtbot.keyClick(tour.panel.action_button, Qt.Key.Key_Right, ALT)
    qtbot.keyClick(tour.panel.next_button, Qt.Key.Key_Right, ALT)
    assert tour.panel.counter.text().startswith("Chapter 3 of")
    assert tour.panel.title.text() == tour.chapters[2].title
    qtbot.keyClick(tour.panel.action_button, Qt.Key.Key_Left, ALT)
    assert tour.panel.counter.text().startswith("Chapter 2 of")
    assert main_window.settings.tour_chapter() == 1, "the chapter reached is remembered"
    assert main_window.training.worker.latest().snapshot.epoch == epoch, "Alt+→ must not step the run"


def test_esc_in_the_tour_closes_the_tour_and_leaves_the_step_through_open(qtbot, main_window):
    main_window.menus.stepper_action.trigger()
    qtbot.waitUntil(main_window.stepper_panel.isVisible, timeout=SETTLE_TIMEOUT_MS)
    tour = _open(qtbot, main_window)
    qtbot.keyClick(tour.panel.action_button, Qt.Key.Key_Escape)
    assert not tour.isVisible()
    assert main_window.stepper_panel.isVisible(), "Esc in the tour left the step-through"
    assert main_window.training.worker.latest().stepper is not None


def test_the_title_bars_close_button_closes_the_tour(qtbot, main_window):
    tour = _open(qtbot, main_window)
    close = tour.findChild(QAbstractButton, "qt_dockwidget_closebutton")
    assert close is not None and close.isVisible()
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not tour.isVisible()


def test_a_failing_check_names_the_figure_the_status_bar_shows(qtbot, main_window):
    tour = _open(qtbot, main_window)
    tour.chapters = load_tour(
        """
[[chapter]]
title = "Wrong on purpose"
section = "Dataset"
body = "A perceptron never reaches the hidden layer's cost."
[chapter.action]
label = "Train 5 epochs"
preset = "article: perceptron"
epochs = 5
[[chapter.check]]
kind = "cost"
value = 1.5033
tolerance = 0.0005
says = "the cost is {seen}"
"""
    )
    tour.go_to(0)
    with qtbot.waitSignal(tour.checked, timeout=SETTLE_TIMEOUT_MS):
        qtbot.mouseClick(tour.panel.action_button, Qt.MouseButton.LeftButton)
    shown = main_window.status.loss.text().removeprefix("Loss ")
    assert tour.panel.result_lines() == [
        f"✗ expected a cost of 1.5033 ± 0.0005, but the window shows {shown} (epoch 5)"
    ]


def test_a_bad_tour_file_is_explained_in_the_panel(qtbot, monkeypatch, tmp_path):
    def broken() -> None:
        raise TourFileError("tour.toml, chapter 2 ('Cost'): unknown kind 'cots'")

    monkeypatch.setattr(dock_module, "read_tour", broken)
    tour = TourDock(AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(tour)
    tour.show()
    assert tour.panel.error.isVisible()
    assert "unknown kind 'cots'" in tour.panel.error.text()
    assert not tour.panel.action_button.isEnabled()


def test_the_tour_opens_at_start_until_the_person_unticks_it(qtbot, tmp_path):
    def started() -> MainWindow:
        settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings=settings)
        window.files.confirm_discard = False
        qtbot.addWidget(window)
        window.show()
        window.restore_layout()  # what the app does at start
        return window

    first = started()
    try:
        assert first.tour.isVisible(), "the tour is offered at the first start"
        first.tour.panel.at_start.setChecked(False)
        assert first.close()  # with the tour still open: the saved layout shows it
    finally:
        assert first.shutdown()
    second = started()
    try:
        assert not second.tour.isVisible(), "the tour opened although the person said not to"
        assert menu_action(second, "Help", "Learn the article").isEnabled()
    finally:
        assert second.shutdown()


def test_a_figure_with_thousands_never_breaks_across_lines(qtbot):
    panel = TourPanel()
    qtbot.addWidget(panel)
    panel.show_results(["✓ the run stopped at epoch 200\u2009000"])
    assert "200&nbsp;000" in panel.results.text()
    assert panel.result_lines() == ["✓ the run stopped at epoch 200\u2009000"]


TWO_CHAPTERS = """
[[chapter]]
title = "At the update"
section = "Phase 1 and Phase 2"
body = "{body}"
[chapter.action]
label = "Open the update"
preset = "article: one hidden layer"
phase = 5
[[chapter.check]]
kind = "phase"
value = "Update the weights"
says = "the step-through shows {{seen}}"

[[chapter]]
title = "Training on"
section = "Code"
body = "{body}"
[chapter.action]
label = "Train 3 epochs"
preset = "article: one hidden layer"
epochs = 3
[[chapter.check]]
kind = "epoch"
value = 3
says = "the run stopped at epoch {{seen}}"
"""


def _press(qtbot, tour: TourDock) -> None:
    with qtbot.waitSignal(tour.checked, timeout=SETTLE_TIMEOUT_MS):
        qtbot.mouseClick(tour.panel.action_button, Qt.MouseButton.LeftButton)


def test_going_back_to_a_chapter_shows_its_checks_pending_until_its_button(qtbot, main_window):
    tour = _open(qtbot, main_window)
    tour.chapters = load_tour(TWO_CHAPTERS.format(body="Words."))
    tour.go_to(0)
    _press(qtbot, tour)
    assert tour.panel.result_lines() == ["✓ the step-through shows “Update the weights”"]
    qtbot.keyClick(tour.panel.action_button, Qt.Key.Key_Right, ALT)
    _press(qtbot, tour)  # training on closes the step-through
    qtbot.waitUntil(lambda: not main_window.stepper_panel.isVisible(), timeout=SETTLE_TIMEOUT_MS)
    qtbot.keyClick(tour.panel.action_button, Qt.Key.Key_Left, ALT)
    assert tour.panel.result_lines() == ["○ the step-through shows …"], "a ✓ for a closed step-through"


def test_a_chapters_checks_go_pending_when_the_window_moves_on(qtbot, main_window):
    tour = _open(qtbot, main_window)
    tour.chapters = load_tour(TWO_CHAPTERS.format(body="Words."))
    tour.go_to(1)
    _press(qtbot, tour)
    assert tour.panel.result_lines() == ["✓ the run stopped at epoch 3"]
    main_window.training.send(Step(2))
    qtbot.waitUntil(
        lambda: tour.panel.result_lines() == ["○ the run stopped at epoch …"], timeout=SETTLE_TIMEOUT_MS
    )


def test_next_and_previous_stay_in_view_and_the_words_start_at_the_top(qtbot, main_window):
    tour = _open(qtbot, main_window)
    tour.chapters = load_tour(TWO_CHAPTERS.format(body="A long chapter. " * 300))
    tour.go_to(0)
    panel = tour.panel
    words = panel.body_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: words.maximum() > 0, timeout=SETTLE_TIMEOUT_MS)
    for button in (panel.next_button, panel.previous_button, panel.action_button, panel.title):
        shown = button.visibleRegion().boundingRect()
        assert shown.size() == button.size(), f"{button.objectName()} scrolled out of view"
    for keys in (Qt.Key.Key_Right, Qt.Key.Key_Left):
        words.setValue(words.maximum())
        qtbot.keyClick(panel.action_button, keys, ALT)
        assert words.value() == 0, "the next chapter opened scrolled down"
