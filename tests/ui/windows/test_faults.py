"""Injected faults in the real window: each is shown, logged, and the app stays usable."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnplayground import crash_log
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from nnplayground.live.frames import RunState
from nnplayground.ui.windows.compare_window import CompareWindow
from nnplayground.ui.windows.crash_dialog import CrashReporter
from tests.ui.helpers import fail_next_chunk, wait_until_idle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(crash_log.LOG_DIR_VARIABLE, str(tmp_path))
    return tmp_path / crash_log.LOG_NAME


def test_a_worker_exception_is_shown_logged_and_training_starts_again(
    qtbot, main_window, log_file, monkeypatch
):
    worker = main_window.training.worker
    fail_next_chunk(monkeypatch, worker)
    main_window.menus.play_action.trigger()
    qtbot.waitUntil(lambda: main_window.error_dialog is not None and main_window.error_dialog.isVisible())

    dialog = main_window.error_dialog
    assert "RuntimeError: simulated failure" in dialog.informativeText()
    assert f"logged in {log_file}" in dialog.informativeText()
    logged = log_file.read_text(encoding="utf-8")
    assert "unexpected error in the training thread" in logged
    assert "RuntimeError: simulated failure" in logged
    assert "Traceback (most recent call last)" in logged, "the log has the whole traceback"
    assert not dialog.isModal(), "Ctrl+S still reaches the window while the dialog is up"
    assert wait_until_idle(qtbot, worker).state == RunState.PAUSED

    dialog.close()
    main_window.menus.reset_action.trigger()
    wait_until_idle(qtbot, worker, epoch=0)
    main_window.menus.play_action.trigger()
    qtbot.waitUntil(lambda: worker.latest().snapshot.epoch > 100)
    main_window.menus.play_action.trigger()
    assert wait_until_idle(qtbot, worker).state == RunState.PAUSED


def test_an_exception_in_a_view_is_shown_logged_and_the_window_keeps_drawing(
    qtbot, main_window, log_file, monkeypatch
):
    reporter = CrashReporter(main_window)
    reporter.install()
    try:
        view = main_window.boundary_view
        original = view.show_snapshot
        calls = {"n": 0}

        def failing_once(snapshot, state=None) -> None:
            calls["n"] += 1
            if calls["n"] == 1:
                raise ValueError("the boundary view could not draw")
            original(snapshot, state)

        monkeypatch.setattr(view, "show_snapshot", failing_once)
        main_window.menus.play_action.trigger()
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
        assert reporter.dialog.detailedText().startswith("ValueError: the boundary view could not draw")
        assert "ValueError: the boundary view could not draw" in log_file.read_text(encoding="utf-8")

        drawn, shown = view.frames_drawn, main_window.frames_shown
        qtbot.waitUntil(lambda: view.frames_drawn >= drawn + 5 and main_window.frames_shown >= shown + 5)
        assert reporter.reported == 1
        main_window.menus.play_action.trigger()
        wait_until_idle(qtbot, main_window.training.worker)
    finally:
        reporter.uninstall()


def test_an_exception_in_the_compare_thread_is_shown_logged_and_training_starts_again(
    qtbot, log_file, monkeypatch
):
    window = CompareWindow(ARTICLE_PERCEPTRON, ARTICLE_ONE_HIDDEN_LAYER)
    qtbot.addWidget(window)
    window.show()
    try:
        worker = window.training.worker
        fail_next_chunk(monkeypatch, worker)
        window.play_action.trigger()
        qtbot.waitUntil(lambda: "RuntimeError: simulated failure" in window.message_label.text())
        assert window.message_label.isVisible()
        assert f"logged in {log_file}" in window.message_label.text()
        logged = log_file.read_text(encoding="utf-8")
        assert "unexpected error in the training thread" in logged
        assert "RuntimeError: simulated failure" in logged
        assert "Traceback (most recent call last)" in logged, "the log has the whole traceback"
        qtbot.waitUntil(lambda: worker.latest().state == RunState.PAUSED)

        window.play_action.trigger()
        qtbot.waitUntil(lambda: worker.latest().epoch > 100)
        window.play_action.trigger()
        qtbot.waitUntil(lambda: worker.latest().state == RunState.PAUSED)
        assert worker.latest().left.epoch == worker.latest().right.epoch
    finally:
        assert window.shutdown(), "the compare thread did not stop"
