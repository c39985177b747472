"""The desktop app's entry point: ``nnplayground`` with no sub-command lands here.

``--smoke-test PATH`` opens the real window, steps the article network, saves
a screenshot to PATH and exits; it lets packaging and CI prove a build can
draw without a person watching.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from .ui.main_window import MainWindow
from .ui.resources import app_icon

SMOKE_TEST_EPOCHS = 2_000
SMOKE_TEST_TIMEOUT_MS = 30_000


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nnplayground", description="Open the nnplayground window.")
    parser.add_argument(
        "--smoke-test",
        metavar="PATH",
        help="open the window, train a few epochs, save a screenshot to PATH and exit",
    )
    known, _qt_arguments = parser.parse_known_args(argv)
    return known


def main(argv: list[str] | None = None) -> int:
    """Open the main window on the article's one-hidden-layer network and run until it closes."""
    argv = sys.argv[1:] if argv is None else argv
    options = _parse(argv)

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("nnplayground")
    app.setOrganizationName("nnplayground")
    app.setWindowIcon(app_icon())
    window = MainWindow()
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    if options.smoke_test:
        _schedule_smoke_test(window, options.smoke_test)
    code = app.exec()
    window.shutdown()
    return code


def _schedule_smoke_test(window: MainWindow, path: str) -> None:
    """Step the article network, save the window to ``path`` and quit; exit code 1 if it never finished."""
    worker = window.training.worker
    worker.step(SMOKE_TEST_EPOCHS)
    poll = QTimer(window)
    deadline = QTimer(window)

    def finish() -> None:
        frame = worker.latest()
        if frame.snapshot.epoch < SMOKE_TEST_EPOCHS or worker.is_training():
            return
        poll.stop()
        deadline.stop()
        window.refresh()
        saved = window.grab().save(path)
        QApplication.exit(0 if saved else 1)

    poll.timeout.connect(finish)
    poll.start(50)
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: QApplication.exit(1))
    deadline.start(SMOKE_TEST_TIMEOUT_MS)
