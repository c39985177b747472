"""Uncaught exceptions become a dialog and a log entry, never a silent abort or a lost session.

PySide6 hands an exception escaping a slot, a timer callback or an overridden
Qt method to ``sys.excepthook`` and carries on; Python's default hook only
prints it, which a person who started the app from an icon never sees. The
``CrashReporter`` replaces that hook (and ``threading.excepthook``): every
error is appended to the crash log (``nnplayground.crash_log``) and still
printed, and a dialog says the work is still open and can be saved.

The dialog is not modal, so Ctrl+S still reaches the window behind it. An
error repeated while the dialog is up (one in a paint event fires again on
every repaint) does not open a dialog per occurrence: it is logged, counted,
and the dialog that is already up says how many more there were. Errors in
other threads arrive through a queued signal, so the dialog is only ever
touched from the GUI thread.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from nnplayground import crash_log

MESSAGE = (
    "nnplayground hit an unexpected error; your work is still open — save it (Ctrl+S) "
    "before doing anything else, then carry on or restart the app."
)


class CrashReporter(QObject):
    """Owns the exception hooks and the one crash dialog; ``reported`` counts every error seen."""

    _error = Signal(str, str)  # (the traceback's last line, where the log is or why it is not)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self.dialog: QMessageBox | None = None
        self.reported = 0
        self.unshown = 0
        self._previous_hooks: tuple | None = None
        # Queued even from the GUI thread: the dialog opens from the event loop, never from inside the
        # paint event or destructor that raised.
        self._error.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        """Route uncaught exceptions here (undone by ``uninstall``); called by ``app.main``, not at import."""
        if self._previous_hooks is None:
            self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous_hooks is not None:
            sys.excepthook, threading.excepthook = self._previous_hooks
            self._previous_hooks = None

    def excepthook(
        self, exc_type: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, error, tb)
            return
        self.report("GUI thread", *crash_log.describe(exc_type, error, tb))

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        self.report(
            f"thread {name!r}", *crash_log.describe(args.exc_type, args.exc_value, args.exc_traceback)
        )

    def report(self, where: str, text: str, last_line: str) -> None:
        """Log, print and show one error; safe from any thread."""
        self.reported += 1
        print(text, file=sys.stderr, end="", flush=True)
        path = crash_log.log_quietly(where, text)
        location = (
            str(path) if path is not None else f"(the log could not be written to {crash_log.log_dir()})"
        )
        self._error.emit(last_line, location)

    @Slot(str, str)
    def _show(self, last_line: str, location: str) -> None:
        dialog = self.dialog
        if dialog is not None and dialog.isVisible():
            self.unshown += 1
            dialog.setInformativeText(self._informative(location))
            return
        self.unshown = 0
        if dialog is None:
            dialog = QMessageBox(self._parent)
            dialog.setObjectName("crashDialog")
            dialog.setAccessibleName("Unexpected error")
            dialog.setToolTip("The error is written to the crash log; the window behind keeps working")
            dialog.setIcon(QMessageBox.Icon.Critical)
            dialog.setWindowTitle("nnplayground — unexpected error")
            dialog.setText(MESSAGE)
            dialog.setModal(False)
            self.dialog = dialog
        dialog.setInformativeText(self._informative(location))
        dialog.setDetailedText(f"{last_line}\n\nThe full report is in {location}")
        dialog.show()

    def _informative(self, location: str) -> str:
        more = ""
        if self.unshown:
            errors = "error" if self.unshown == 1 else "errors"
            more = f"\n{self.unshown} more {errors} happened while this message was up."
        return f"The details were written to {location}.{more}"
