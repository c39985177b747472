"""Shared test set-up: the Qt platform for the run, and no test may leave a training thread running.

One Qt platform per process, so the suite runs as two pytest invocations (``make test``
does both). The widget tests run offscreen. The journey tests (``tests/journeys``: the real
window driven through menus, keys, wheel and mouse) run on a real X server: a run that
targets ``tests/journeys`` starts its own Xvfb with openbox (``journeys/x_server.py``) and
uses the xcb platform; any other run is offscreen and does not collect ``tests/journeys``.
If the X server cannot start, the journey run fails — it is never skipped.

``QT_QPA_PLATFORM`` and ``DISPLAY`` must be set before the first ``QApplication`` is
created (pytest-qt's ``qapp`` fixture, long after ``pytest_configure``). A QThread still
running when Python tears it down aborts the whole process, so every ``TrainingThread`` a
test starts is joined afterwards and the test fails if it had been left running.
"""

from __future__ import annotations

import os
import sys
import tempfile

# QSettings writes under XDG_CONFIG_HOME: tests (and the app processes they start) get their
# own empty folder, so they neither read nor overwrite a developer's remembered settings.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="nnplayground-test-settings-")
# Crash logs likewise go to a folder of the test run's own, never the user's log folder.
os.environ["NNPLAYGROUND_LOG_DIR"] = tempfile.mkdtemp(prefix="nnplayground-test-logs-")

from pathlib import Path

import pytest

JOURNEYS = Path(__file__).parent / "journeys"
_x_server = None


def _targets_journeys(config: pytest.Config) -> bool:
    """True when the paths pytest was given are inside ``tests/journeys`` (all of them, or none)."""
    here = config.invocation_params.dir
    paths = [(here / arg.split("::")[0]).resolve() for arg in config.args]
    inside = [path == JOURNEYS or JOURNEYS in path.parents for path in paths]
    if any(inside) and not all(inside):
        raise pytest.UsageError(
            "tests/journeys run on X and the other tests offscreen, one Qt platform per process: "
            "run them in two pytest invocations (`make test` does)"
        )
    return bool(paths) and all(inside)


def pytest_configure(config: pytest.Config) -> None:
    global _x_server
    config.journeys = _targets_journeys(config)
    if not config.journeys:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return
    from tests.journeys.x_server import XServer, XServerError

    _x_server = XServer()
    try:
        os.environ["DISPLAY"] = _x_server.start()
    except XServerError as error:
        raise pytest.UsageError(f"journey tests: {error}") from None
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ.pop("WAYLAND_DISPLAY", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    global _x_server
    if _x_server is not None:
        _x_server.stop()
        _x_server = None


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if not config.journeys and collection_path == JOURNEYS:
        return True
    return None


def pytest_report_header(config: pytest.Config) -> str:
    if config.journeys:
        return f"journeys: Qt on xcb, Xvfb {os.environ['DISPLAY']} with openbox"
    return "Qt offscreen; tests/journeys (real X server) run under `make test` / `make journeys`"


@pytest.fixture(autouse=True)
def _no_training_thread_left_running(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Join every ``TrainingThread`` the test started; fail the test if one was still running."""
    if "nnplayground.ui.threads.training" not in sys.modules and "qtbot" not in request.fixturenames:
        yield
        return
    from nnplayground.ui.threads.training import TrainingThread

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
    from nnplayground.ui.windows.main_window import MainWindow

    window = MainWindow()
    window.files.confirm_discard = False  # closed by pytest-qt; the prompt has tests of its own
    qtbot.addWidget(window)
    window.show()
    yield window
    joined = window.shutdown()
    window.close()
    assert joined, "the main window's training thread did not stop"
    assert not window.training.is_running()
