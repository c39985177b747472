"""The followed sample's ring belongs to the step-through and to the points it was picked on."""

from __future__ import annotations

from nnplayground.live.commands import Step
from tests.ui.helpers import SETTLE_TIMEOUT_MS


def ring_shown(window) -> bool:
    return all(len(item.getData()[0] or []) == 1 for item in window.boundary_view._selected)


def ring_gone(window) -> bool:
    return all(
        item.getData()[0] is None or len(item.getData()[0]) == 0 for item in window.boundary_view._selected
    )


def test_leaving_the_step_through_takes_the_ring_away(qtbot, main_window):
    main_window.menus.stepper_action.trigger()
    qtbot.waitUntil(
        lambda: main_window.stepper_panel.isVisible() and ring_shown(main_window), timeout=SETTLE_TIMEOUT_MS
    )
    main_window.menus.leave_stepper_action.trigger()
    qtbot.waitUntil(lambda: not main_window.stepper_panel.isVisible(), timeout=SETTLE_TIMEOUT_MS)
    assert ring_gone(main_window)
    assert main_window.selected_sample is None


def test_a_new_data_set_takes_the_ring_away(qtbot, main_window):
    main_window.select_sample(7)
    assert ring_shown(main_window)
    main_window.training.worker.send(Step(5))
    qtbot.waitUntil(
        lambda: main_window.training.worker.latest().snapshot.epoch == 5, timeout=SETTLE_TIMEOUT_MS
    )
    main_window.refresh()
    assert ring_shown(main_window), "more epochs on the same points keep the sample followed"

    main_window.controls.data.regenerate_button.click()
    qtbot.waitUntil(lambda: main_window.selected_sample is None, timeout=SETTLE_TIMEOUT_MS)
    assert ring_gone(main_window)


def test_closing_with_the_step_through_open_remembers_the_window_without_it(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from nnplayground.ui.windows.main_window import MainWindow
    from nnplayground.ui.windows.settings import AppSettings

    def settings() -> AppSettings:
        return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))

    window = MainWindow(settings=settings())
    window.files.confirm_discard = False
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    panel_width = window.main_splitter.sizes()[0]
    window.menus.stepper_action.trigger()
    qtbot.waitUntil(window.stepper_panel.isVisible, timeout=SETTLE_TIMEOUT_MS)
    assert window.close()

    reopened = MainWindow(settings=settings())
    reopened.files.confirm_discard = False
    qtbot.addWidget(reopened)
    reopened.show()
    try:
        assert reopened.restore_layout()
        assert reopened.control_scroll.isVisible()
        assert reopened.main_splitter.sizes()[0] == panel_width, "the control panel has its room back"
        assert not reopened.stepper_panel.isVisible()
    finally:
        assert reopened.shutdown()
