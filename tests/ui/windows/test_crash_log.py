"""Unexpected errors end up in a log a bug report can quote, and in one dialog that keeps the work open."""

from __future__ import annotations

import logging
import sys
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from nnplayground import crash_log
from nnplayground.ui.windows.crash_dialog import CrashReporter


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setenv(crash_log.LOG_DIR_VARIABLE, str(folder))
    return folder


@pytest.fixture
def reporter(qtbot, log_folder: Path):
    parent = QWidget()
    qtbot.addWidget(parent)
    reporter = CrashReporter(parent)
    reporter.install()
    yield reporter
    reporter.uninstall()


def _raise(error: BaseException) -> None:
    raise error


def _entries(folder: Path) -> list[str]:
    text = (folder / crash_log.LOG_NAME).read_text(encoding="utf-8")
    return [entry for entry in text.split("=== ") if entry]


@pytest.mark.parametrize(
    ("system", "environ", "expected"),
    [
        ("linux", {"HOME": "/home/ada"}, "/home/ada/.local/state/nnplayground"),
        ("linux", {"HOME": "/home/ada", "XDG_STATE_HOME": "/var/state"}, "/var/state/nnplayground"),
        ("linux", {"HOME": "/home/ada", "XDG_STATE_HOME": "relative"}, "/home/ada/.local/state/nnplayground"),
        ("darwin", {"HOME": "/Users/ada"}, "/Users/ada/Library/Logs/nnplayground"),
        ("win32", {"HOME": "C:/Users/ada", "LOCALAPPDATA": "C:/Local"}, "C:/Local/nnplayground/Logs"),
        ("linux", {"HOME": "/home/ada", "NNPLAYGROUND_LOG_DIR": "/tmp/here"}, "/tmp/here"),
    ],
)
def test_the_log_goes_where_the_platform_keeps_application_logs(system, environ, expected):
    assert crash_log.log_dir(environ, system) == Path(expected)


def test_an_entry_has_the_time_place_versions_and_traceback_and_entries_add_up(log_folder: Path):
    try:
        _raise(ValueError("the weights went missing"))
    except ValueError as error:
        text, last = crash_log.describe(type(error), error, error.__traceback__)
    assert last == "ValueError: the weights went missing"
    crash_log.write_entry("GUI thread", text)
    crash_log.write_entry("training thread", "RuntimeError: second")

    first, second = _entries(log_folder)
    assert "unexpected error in the GUI thread" in first
    for name in ("nnplayground", "Python", "NumPy", "PySide6", "Qt "):
        assert name in first, f"{name} version missing from the log entry"
    assert "in _raise" in first and first.rstrip().endswith("ValueError: the weights went missing")
    assert "training thread" in second and "RuntimeError: second" in second


def test_a_full_log_is_rotated_so_repeated_errors_cannot_fill_the_disk(log_folder, monkeypatch):
    monkeypatch.setattr(crash_log, "MAX_LOG_BYTES", 5_000)
    for number in range(60):
        crash_log.write_entry("GUI thread", f"ValueError: error number {number}\n" + "x" * 300)
    current = log_folder / crash_log.LOG_NAME
    older = log_folder / (crash_log.LOG_NAME + ".1")
    assert current.stat().st_size <= 5_000
    assert older.stat().st_size <= 5_000
    assert "error number 59" in current.read_text(encoding="utf-8")
    assert sorted(p.name for p in log_folder.iterdir()) == [crash_log.LOG_NAME, crash_log.LOG_NAME + ".1"]


def test_the_log_is_a_rotating_handler_of_the_nnplayground_logger_tree(log_folder: Path):
    path = crash_log.write_entry("GUI thread", "ValueError: x")
    handlers = [
        h for h in logging.getLogger("nnplayground.crash").handlers if isinstance(h, RotatingFileHandler)
    ]
    assert [(Path(h.baseFilename), h.backupCount) for h in handlers] == [(path, 1)]
    assert logging.getLogger("nnplayground.crash").parent is logging.getLogger("nnplayground")


def test_a_huge_traceback_keeps_its_end(log_folder: Path):
    crash_log.write_entry("GUI thread", "start\n" + "y" * 200_000 + "\nKeyError: the end")
    entry = _entries(log_folder)[0]
    assert len(entry) < crash_log.MAX_ENTRY_CHARS + 2_000
    assert entry.rstrip().endswith("KeyError: the end")


def test_a_log_that_cannot_be_written_does_not_raise_a_second_error(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv(crash_log.LOG_DIR_VARIABLE, str(blocker))
    assert crash_log.log_quietly("GUI thread", "ValueError: x") is None
    assert "could not write the crash log" in capsys.readouterr().err


def test_an_exception_in_a_slot_opens_a_dialog_logs_it_and_the_app_goes_on(qtbot, reporter, log_folder):
    QTimer.singleShot(0, lambda: _raise(ZeroDivisionError("the slot divided by zero")))
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())

    dialog = reporter.dialog
    assert "your work is still open" in dialog.text() and "Ctrl+S" in dialog.text()
    assert str(log_folder / crash_log.LOG_NAME) in dialog.informativeText()
    assert dialog.detailedText().startswith("ZeroDivisionError: the slot divided by zero")
    assert not dialog.isModal(), "Ctrl+S must still reach the window behind the dialog"
    assert "ZeroDivisionError: the slot divided by zero" in _entries(log_folder)[0]

    later: list[bool] = []
    QTimer.singleShot(0, lambda: later.append(True))
    qtbot.waitUntil(lambda: later == [True])


def test_errors_while_the_dialog_is_up_are_logged_and_counted_not_shown_again(qtbot, reporter, log_folder):
    for number in range(5):
        QTimer.singleShot(0, lambda n=number: _raise(RuntimeError(f"paint failed {n}")))
    qtbot.waitUntil(lambda: reporter.reported == 5)
    qtbot.waitUntil(lambda: reporter.unshown == 4)

    dialogs = [w for w in reporter.parent().findChildren(QMessageBox) if w.isVisible()]
    assert dialogs == [reporter.dialog]
    assert "4 more errors happened while this message was up" in reporter.dialog.informativeText()
    assert len(_entries(log_folder)) == 5

    reporter.dialog.close()
    QTimer.singleShot(0, lambda: _raise(RuntimeError("after closing")))
    qtbot.waitUntil(lambda: reporter.dialog.isVisible())
    assert reporter.dialog.detailedText().startswith("RuntimeError: after closing")
    assert "more error" not in reporter.dialog.informativeText()


def test_an_exception_in_another_thread_reaches_the_dialog_through_the_gui_thread(
    qtbot, reporter, log_folder
):
    thread = threading.Thread(target=_raise, args=(OSError("disk gone"),), name="exporter")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert reporter.dialog.detailedText().startswith("OSError: disk gone")
    assert "unexpected error in the thread 'exporter'" in _entries(log_folder)[0]


def test_uninstalling_gives_back_the_hooks_it_replaced(qtbot):
    before = (sys.excepthook, threading.excepthook)
    reporter = CrashReporter()
    reporter.install()
    assert sys.excepthook == reporter.excepthook
    reporter.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
