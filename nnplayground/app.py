"""The desktop app's entry point: ``nnplayground`` with no sub-command lands here.

``--smoke-test PATH`` opens the real window, steps the article network through
the worker thread, checks that the loss fell and that the icon and style were
found, saves a screenshot to PATH and exits 0 (1 with a message otherwise); it
lets packaging and CI prove a build, the PyInstaller bundle above all, can
draw and train without a person watching.

While the window is open, an uncaught exception goes to a dialog and the crash
log (``ui/crash_dialog.py``) instead of vanishing into a terminal nobody
watches, and Ctrl+C in the terminal closes the window as Ctrl+Q does — asking
first if the run is unsaved, and letting a save under way finish — rather
than printing ``KeyboardInterrupt`` and carrying on.

A session given on the command line (a file manager's double-click runs
``nnplayground-gui FILE``) goes to the nnplayground already running, if any
(``ui/windows/single_instance.py``), and this process exits without a window.
"""

from __future__ import annotations

import argparse
import logging
import math
import signal
import sys
from types import FrameType

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication, QWidget

from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.crash_log import log_to_stderr
from nnplayground.desktop.identity import APP_ID, version
from nnplayground.live.commands import Step
from nnplayground.ui.widgets.resources import app_icon
from nnplayground.ui.windows.crash_dialog import CrashReporter
from nnplayground.ui.windows.main_window import MainWindow
from nnplayground.ui.windows.settings import AppSettings
from nnplayground.ui.windows.single_instance import SingleInstance, bring_to_front, hand_off

log = logging.getLogger(__name__)

SMOKE_TEST_EPOCHS = 2_000
SMOKE_TEST_TIMEOUT_MS = 30_000
# The article network goes from ~14 to ~2.3 in 2 000 epochs; a run that keeps more than
# half its starting loss did not train, whatever its epoch counter says.
SMOKE_TEST_LOSS_RATIO = 0.5


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nnplayground", description="Open the nnplayground window.")
    parser.add_argument(
        "--smoke-test",
        metavar="PATH",
        help="open the window, train a few epochs, save a screenshot to PATH and exit",
    )
    parser.add_argument("session", nargs="?", help="a saved session (.nnpg) to open")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the app does to stderr")
    parser.add_argument("--version", action="version", version=f"nnplayground {version()}")
    known, _qt_arguments = parser.parse_known_args(argv)
    return known


def main(argv: list[str] | None = None) -> int:
    """Open the main window on the article's one-hidden-layer network and run until it closes."""
    argv = sys.argv[1:] if argv is None else argv
    options = _parse(argv)
    log_to_stderr(options.verbose)

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("nnplayground")
    app.setOrganizationName("nnplayground")
    app.setApplicationVersion(version())
    app.setWindowIcon(app_icon())
    # Wayland compositors take the window's icon and name from the matching .desktop file,
    # the one `nnplayground desktop install` writes.
    app.setDesktopFileName(APP_ID)
    log.debug("nnplayground %s on the Qt platform %s", version(), app.platformName())
    if options.session and not options.smoke_test and hand_off(options.session):
        print(f"nnplayground: {options.session} opens in the window already running")
        return 0
    if options.smoke_test:
        window = MainWindow()
    else:
        settings = AppSettings()
        window = MainWindow(settings.last_config() or ARTICLE_ONE_HIDDEN_LAYER, settings)
        window.restore_layout()
    app.aboutToQuit.connect(window.shutdown)
    # Installed here, not at import: tests and scripts that import the app keep Python's own hooks.
    crash_reporter = CrashReporter(window)
    crash_reporter.install()
    previous_interrupt_handler = signal.signal(signal.SIGINT, _CloseOnInterrupt(window))
    if not options.smoke_test:
        _serve_later_launches(window)
    window.show()
    if options.session:
        window.open_path(options.session)
    if options.smoke_test:
        smoke_test = _SmokeTest(window, options.smoke_test)
        smoke_test.start()
    try:
        code = app.exec()
        window.shutdown()
    finally:
        crash_reporter.uninstall()
        signal.signal(signal.SIGINT, previous_interrupt_handler)
    return code


def _serve_later_launches(window: MainWindow) -> None:
    """Sessions handed over by later launches open here, through the window's own Open."""
    instance = SingleInstance(parent=window)

    def open_handed(path: str) -> None:
        bring_to_front(window)
        window.open_path(path)

    instance.received.connect(open_handed)
    instance.listen()


class _CloseOnInterrupt:
    """The SIGINT handler: close the window from the event loop.

    Python runs a signal handler between bytecodes of the main thread, which
    the window's refresh timer gives it 25 times a second even while idle.

    A second Ctrl+C while the window is already closing (its "save?" prompt up)
    is ignored rather than stacking a second close on top of the first.
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.closing = False

    def __call__(self, _signal_number: int, _frame: FrameType | None) -> None:
        if not self.closing:
            self.closing = True
            QTimer.singleShot(0, self._close)

    def _close(self) -> None:
        self.closing = self.window.close()  # False when the person chose Cancel: Ctrl+C works again


class _SmokeTest(QObject):
    """Drives ``--smoke-test``: the checks a bundle must pass before anyone double-clicks it.

    Each check names what a broken build would look like, so a failure in CI
    says which part of the bundle is missing rather than just "exit 1":

    * the window paints (a Qt platform plugin loaded and the widgets drew);
    * the icon renders (``icon.svg`` was shipped *and* the SVG icon plugin loads);
    * the style sheet was found (``style.qss`` was shipped);
    * the article network trains through the real worker thread and its loss
      falls (NumPy, scikit-learn's ``make_moons`` and the engine all work);
    * the screenshot is written, for a person to look at.

    Progress goes to stdout as ``smoke test: ...`` lines, the first one the
    moment the window has painted: ``packaging/smoke_test.py`` times start-up to
    first frame by reading it. Failures go to stderr and exit with status 1.
    """

    def __init__(self, window: MainWindow, path: str) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self.worker = window.training.worker
        self.initial_loss = self.worker.latest().snapshot.metrics.train_loss
        self.painted = False
        self.stepped = False
        self.poll = QTimer(self)
        self.poll.timeout.connect(self._check_progress)
        self.deadline = QTimer(self)
        self.deadline.setSingleShot(True)
        self.deadline.timeout.connect(self._timed_out)
        QApplication.instance().installEventFilter(self)

    def start(self) -> None:
        self.deadline.start(SMOKE_TEST_TIMEOUT_MS)
        self.poll.start(50)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """The first Paint of any widget of the window: once that event is handled, a frame exists."""
        if (
            not self.painted
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            self.painted = True
            QApplication.instance().removeEventFilter(self)
            # Queued behind the paint (and the flush that follows it in the same pass).
            QTimer.singleShot(0, self._first_frame)
        return False

    @Slot()
    def _first_frame(self) -> None:
        print("smoke test: first frame painted", flush=True)
        problem = self._resources_problem()
        if problem:
            self._fail(problem)
            return
        self.worker.send(Step(SMOKE_TEST_EPOCHS))
        self.stepped = True

    def _resources_problem(self) -> str | None:
        icon = QApplication.instance().windowIcon().pixmap(64, 64)
        if icon.isNull() or icon.toImage().pixelColor(32, 32).alpha() == 0:
            return "the window icon does not render (icon.svg missing, or Qt's SVG icon plugin not loaded)"
        if not self.window.styleSheet().strip():
            return "the window has no style sheet (style.qss missing)"
        return None

    @Slot()
    def _check_progress(self) -> None:
        if not self.stepped:
            return
        frame = self.worker.latest()
        if frame.snapshot.epoch < SMOKE_TEST_EPOCHS or self.worker.is_training():
            if frame.snapshot.divergence is not None:
                self._fail(f"training diverged: {frame.snapshot.divergence.message}")
            return
        self.poll.stop()
        self.deadline.stop()
        final_loss = frame.snapshot.metrics.train_loss
        print(
            f"smoke test: trained {frame.snapshot.epoch} epochs in the worker thread, "
            f"loss {self.initial_loss:.4f} -> {final_loss:.4f}",
            flush=True,
        )
        if not (math.isfinite(final_loss) and final_loss < self.initial_loss * SMOKE_TEST_LOSS_RATIO):
            self._fail(
                f"the loss did not fall: {self.initial_loss!r} at epoch 0, {final_loss!r} at epoch "
                f"{frame.snapshot.epoch} (expected below {SMOKE_TEST_LOSS_RATIO:.0%} of the start)"
            )
            return
        self.window.refresh()
        if not self.window.grab().save(self.path):
            self._fail(f"could not save the screenshot to {self.path}")
            return
        print(f"smoke test: passed; screenshot saved to {self.path}", flush=True)
        QApplication.exit(0)

    @Slot()
    def _timed_out(self) -> None:
        frame = self.worker.latest()
        where = "the window never painted" if not self.painted else f"at epoch {frame.snapshot.epoch}"
        self._fail(f"timed out after {SMOKE_TEST_TIMEOUT_MS / 1000:.0f} s ({where})")

    def _fail(self, reason: str) -> None:
        self.poll.stop()
        self.deadline.stop()
        print(f"smoke test failed: {reason}", file=sys.stderr, flush=True)
        QApplication.exit(1)
