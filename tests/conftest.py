"""Shared test set-up: Qt runs offscreen, and no test may leave a training thread running.

``QT_QPA_PLATFORM`` must be set before Qt is imported or a ``QApplication``
created, hence at the very top of the tests' conftest (an initial conftest,
loaded before pytest-qt sets up its binding). A QThread still
running when Python tears it down aborts the whole process, so every
``TrainingThread`` a test starts is joined afterwards and the test fails if
it had been left running.
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QSettings writes under XDG_CONFIG_HOME: tests (and the app processes they start) get their
# own empty folder, so they neither read nor overwrite a developer's remembered settings.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="nnplayground-test-settings-")
# Crash logs likewise go to a folder of the test run's own, never the user's log folder.
os.environ["NNPLAYGROUND_LOG_DIR"] = tempfile.mkdtemp(prefix="nnplayground-test-logs-")

import pytest  # after the platform is chosen, like everything below


@pytest.fixture(autouse=True)
def _no_training_thread_left_running(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Join every ``TrainingThread`` the test started; fail the test if one was still running."""
    if "nnplayground.ui.worker" not in sys.modules and "qtbot" not in request.fixturenames:
        yield
        return
    from nnplayground.ui.worker import TrainingThread

    started: list[TrainingThread] = []
    original_start = TrainingThread.start

    def recording_start(self: TrainingThread) -> None:
        started.append(self)
        original_start(self)

    monkeypatch.setattr(TrainingThread, "start", recording_start)
    yield
    left_running = [thread for thread in started if thread.is_running()]
    for thread in left_running:
        assert thread.shutdown(), "a training thread did not stop within the timeout"
    assert not left_running, f"{len(left_running)} training thread(s) left running by the test"


@pytest.fixture
def main_window(qtbot):
    """The real main window on the article's network; teardown joins its training thread."""
    from nnplayground.ui.main_window import MainWindow

    window = MainWindow()
    window.files.confirm_discard = False  # closed by pytest-qt; the prompt has tests of its own
    qtbot.addWidget(window)
    window.show()
    yield window
    joined = window.shutdown()
    window.close()
    assert joined, "the main window's training thread did not stop"
    assert not window.training.is_running()
