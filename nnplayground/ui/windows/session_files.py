"""The File menu: open and save sessions, import data, recent files, exports — and never lose work.

Saving and opening go through the training worker (only it may touch the
trainer): it writes the file between chunks, or builds a new trainer from a
file and swaps it in only when the whole file checked out, so a bad file
leaves the open session exactly as it was. A CSV import goes the same way
(read and checked in the worker, swapped in only when good). The window is
"modified" when its run, epoch or settings differ from what was last saved
or opened and it has trained or holds imported or drawn points; closing,
opening or importing over modified work asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QMimeData, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from nnplayground.core.datasets import save_csv
from nnplayground.core.export_script import export_script, replay_note
from nnplayground.core.files import write_atomically
from nnplayground.core.session import SUFFIX
from nnplayground.live.commands import ImportData, OpenSession, SaveSession
from nnplayground.live.frames import Frame
from nnplayground.ui.threads.training import TrainingWorker
from nnplayground.ui.windows.actions import Keys, window_action
from nnplayground.ui.windows.exports import ExportError, export_view
from nnplayground.ui.windows.settings import AppSettings

SESSION_FILTER = f"nnplayground sessions (*{SUFFIX})"
SAVE_WAIT_MS = 30_000


CSV_FILTER = "CSV files, x1,x2,label (*.csv *.CSV);;All files (*)"


def _dropped(mime: QMimeData, suffix: str) -> list[str]:
    """Local files with ``suffix`` (any letter case) among the dragged URLs."""
    names = [url.toLocalFile() for url in mime.urls()]
    return [name for name in names if name and Path(name).suffix.lower() == suffix]


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def _marker(frame: Frame) -> tuple[object, ...]:
    snapshot = frame.snapshot
    return snapshot.run_id, snapshot.epoch, snapshot.config, frame.version


class SessionFiles(QObject):
    """Owns the session's file name and the File menu's actions."""

    title_changed = Signal(str)
    # A sentence for the status bar once a file is written: a save or an export is otherwise invisible.
    told = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        worker: TrainingWorker,
        settings: AppSettings,
        views: dict[str, QWidget],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._worker = worker
        self._settings = settings
        self._views = views
        self.path: Path | None = None
        self.confirm_discard = True  # scripted runs (tests, demos) that close on purpose turn this off
        self._saved_marker = _marker(worker.latest())
        # Set once the run since the last save or open has trained or held the person's points; it
        # stays set through H or a preset (a new run at epoch 0), whose old weights would be lost.
        self._worked = False
        # Between the worker's "opened" and the frame of the opened run: neither the old run nor the
        # new one is unsaved work then (a title of "run.nnpg •" made a close right after opening ask).
        self._opening = False
        self._pending_save: Path | None = None
        self._last_result: tuple[bool, str] | None = None
        worker.session_saved.connect(self._saved)
        worker.session_opened.connect(self._opened)
        worker.session_failed.connect(self._failed)
        worker.data_imported.connect(self._data_imported)
        worker.data_failed.connect(self._data_failed)
        self.recent_menu = QMenu("Open &Recent", parent)
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    # ----- menu -------------------------------------------------------------------

    def fill_menu(self, menu: QMenu) -> None:
        """Open, recent, save, save as and the Export submenu, each with a tooltip."""
        entries = (
            ("&Open session…", QKeySequence.StandardKey.Open, self.open_dialog,
             "Open a saved session (.nnpg): data, weights, settings and history"),
            ("&Save session", QKeySequence.StandardKey.Save, self.save,
             "Save the session; reopening it continues exactly where it stopped"),
            ("Save session &as…", QKeySequence.StandardKey.SaveAs, self.save_as,
             "Save the session under a new name"),
        )  # fmt: skip
        for text, shortcut, slot, tip in entries:
            menu.addAction(self._action(text, shortcut, slot, tip))
            if slot == self.open_dialog:
                menu.addMenu(self.recent_menu)
        menu.addSeparator()
        self.import_action = self._action(
            "&Import data (CSV)…",
            "Ctrl+I",
            self.import_dialog,
            "Train on your own points: a CSV file of x1,x2,label rows (label 0/1, any number for regression)",
        )
        self.import_action.setObjectName("importDataAction")
        menu.addAction(self.import_action)
        menu.addSeparator()
        export = menu.addMenu("&Export")
        labels = {"boundary": "Decision boundary", "loss": "Loss curve", "diagram": "Network diagram"}
        for name, view_label in labels.items():
            if name in self._views:
                tip = f"Save the {view_label.lower()} as a PNG or SVG picture for slides"
                export.addAction(
                    self._action(f"{view_label}…", None, lambda n=name: self.export_view(n), tip)
                )
        export.addSeparator()
        tables = (
            ("Loss history as CSV…", self.export_history, "Epoch, loss and accuracy of every kept point"),
            ("Data as CSV…", self.export_data, "The points as x1,x2,label rows (training, then test points)"),
            ("Run as Python script…", self.export_script,
             "A standalone NumPy script that trains this run again and prints the same cost"),
        )  # fmt: skip
        for text, slot, tip in tables:
            export.addAction(self._action(text, None, slot, tip))

    def _action(self, text: str, shortcut: Keys, slot: Callable[[], object], tip: str) -> QAction:
        return window_action(self._parent, text, shortcut, slot, tip)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self._settings.recent_files()
        if not recent:
            self.recent_menu.addAction("(no recent sessions)").setEnabled(False)
        for name in recent:
            action = self.recent_menu.addAction(Path(name).name)
            action.setToolTip(name)
            action.triggered.connect(lambda _checked=False, n=name: self.open_path(n))

    # ----- state ------------------------------------------------------------------

    def is_modified(self) -> bool:
        if self._opening:
            return False
        frame = self._worker.latest()
        changed = _marker(frame) != self._saved_marker
        self._worked = self._worked or (
            changed and (frame.snapshot.epoch > 0 or frame.snapshot.imported_data)
        )
        return changed and self._worked

    def window_title(self) -> str:
        name = self.path.name if self.path else "untitled"
        return f"{name}{' •' if self.is_modified() else ''} — nnplayground"

    def keep_or_discard(self, opening: Path | None = None) -> bool:
        """Before work is replaced or the window closes: True when it is safe to go on.

        ``opening`` is the session about to replace the work. When it is the very file the work
        would be saved to, saving first would overwrite the run the person asked to open, so the
        question offers only to open it (losing the changes) or to cancel.
        """
        if self._pending_save is not None:
            self._wait_for_save()  # a save already on its way may be all the work needs
        if not self.confirm_discard or not self.is_modified():
            return True
        if opening is not None and self.path is not None and _same_file(opening, self.path):
            answer = QMessageBox.question(
                self._parent,
                "Open the saved session?",
                f"Your changes since {self.path.name} was saved are not in it. Opening it brings back "
                "the run as it was saved, and these changes are lost.",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            return answer == QMessageBox.StandardButton.Open
        where = f" to {self.path.name}" if self.path is not None else ""
        answer = QMessageBox.question(
            self._parent,
            "Save this session?",
            f"The current run has not been saved. Save it{where} before going on?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Discard:
            return True
        return self.save_and_wait()

    # ----- saving -----------------------------------------------------------------

    @Slot()
    def save(self) -> None:
        if self.path is None:
            self.save_as()
        else:
            self._request_save(self.path)

    @Slot()
    def save_as(self) -> None:
        start = str(self.path or Path.home() / f"session{SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(self._parent, "Save session", start, SESSION_FILTER)
        if name:
            path = Path(name)
            self._request_save(path if path.suffix == SUFFIX else path.with_name(path.name + SUFFIX))

    def save_and_wait(self) -> bool:
        """Save synchronously (used before closing); False if it failed or was cancelled."""
        if self.path is None:
            self.save_as()
        else:
            self._request_save(self.path)
        return self._wait_for_save()

    def _wait_for_save(self) -> bool:
        """Wait for the requested save to finish; True if it was written."""
        if self._pending_save is None:
            return False
        loop = QEventLoop()
        self._last_result = None
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        self.title_changed.connect(loop.quit)
        timer.start(SAVE_WAIT_MS)
        while self._last_result is None and timer.isActive():
            loop.exec()
        self.title_changed.disconnect(loop.quit)
        return self._last_result is not None and self._last_result[0]

    def _request_save(self, path: Path) -> None:
        self._pending_save = path
        self._worker.send(SaveSession(str(path)))

    @Slot(str)
    def _saved(self, name: str) -> None:
        self.path = Path(name)
        self._pending_save = None
        self._saved_marker, self._worked = _marker(self._worker.latest()), False
        self._settings.add_recent_file(name)
        self._last_result = (True, name)
        self.title_changed.emit(self.window_title())
        self.told.emit(f"Saved {self.path.name}")

    # ----- opening ----------------------------------------------------------------

    @Slot()
    def open_dialog(self) -> None:
        start = str(self.path.parent if self.path else Path.home())
        name, _ = QFileDialog.getOpenFileName(self._parent, "Open session", start, SESSION_FILTER)
        if name:
            self.open_path(name)

    def open_path(self, name: str | Path) -> None:
        if self.keep_or_discard(opening=Path(name)):
            self._worker.send(OpenSession(str(name)))

    def accepts_drop(self, mime: QMimeData) -> bool:
        """True when a dragged item is a session or a CSV of points."""
        return bool(_dropped(mime, SUFFIX) or _dropped(mime, ".csv"))

    def drop(self, mime: QMimeData) -> bool:
        """Open a dropped session, else import a dropped CSV; False when it held neither."""
        sessions, tables = _dropped(mime, SUFFIX), _dropped(mime, ".csv")
        if sessions:
            self.open_path(sessions[0])
        elif tables:
            self.import_path(tables[0])
        return bool(sessions or tables)

    @Slot(str)
    def _opened(self, name: str) -> None:
        self.path = Path(name)
        self._opening = True
        self._settings.add_recent_file(name)
        QTimer.singleShot(0, self._mark_opened)

    def _mark_opened(self) -> None:
        self._saved_marker, self._worked = _marker(self._worker.latest()), False
        self._opening = False
        self._last_result = (True, str(self.path))
        self.title_changed.emit(self.window_title())
        self.told.emit(f"Opened {self.path.name}")

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._pending_save = None
        self._last_result = (False, message)
        QMessageBox.warning(self._parent, "nnplayground", message)
        self.title_changed.emit(self.window_title())

    # ----- importing data -----------------------------------------------------------

    @Slot()
    def import_dialog(self) -> None:
        """Choose a CSV of points to train on (File ▸ Import data, or the control panel's button)."""
        start = str(self.path.parent if self.path else Path.home())
        name, _ = QFileDialog.getOpenFileName(self._parent, "Import data", start, CSV_FILTER)
        if name:
            self.import_path(name)

    def import_path(self, name: str | Path) -> None:
        """Import a CSV as a new run, after asking about unsaved work; problems come back as a warning."""
        if self.keep_or_discard():
            self._worker.send(ImportData(str(name)))

    @Slot(str)
    def _data_imported(self, _name: str) -> None:
        self.title_changed.emit(self.window_title())

    @Slot(str)
    def _data_failed(self, message: str) -> None:
        QMessageBox.warning(self._parent, "Import failed", message)

    # ----- exports ----------------------------------------------------------------

    def _ask_path(self, title: str, default: str, file_filter: str) -> Path | None:
        start = str((self.path.parent if self.path else Path.home()) / default)
        name, _ = QFileDialog.getSaveFileName(self._parent, title, start, file_filter)
        return Path(name) if name else None

    def _report(self, action: Callable[[], object], path: Path, note: str | None = None) -> None:
        """Write an export; say where it went, or why it failed. A ``note`` (what to know about the
        file) is too long for the status bar and matters: it gets a message of its own."""
        try:
            action()
        except (ExportError, OSError) as error:
            QMessageBox.warning(self._parent, "Export failed", str(error))
            return
        self.told.emit(f"Exported {path.name} to {path.parent}")
        if note:
            QMessageBox.information(self._parent, f"Exported {path.name}", note)

    def export_view(self, name: str) -> None:
        path = self._ask_path("Export picture", f"{name}.png", "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            self._report(lambda: export_view(self._views[name], path, title=f"nnplayground — {name}"), path)

    def export_history(self) -> None:
        """A run that has not trained yet has no history: say so rather than write a bare header."""
        history = self._worker.latest().snapshot.history
        if not len(history):
            QMessageBox.information(
                self._parent,
                "No loss history yet",
                "This run has not trained an epoch yet, so there is no loss to export.\n\n"
                "Press Space to play or → to step one epoch, then export again.",
            )
            return
        path = self._ask_path("Export loss history", "history.csv", "CSV (*.csv)")
        if path:
            self._report(lambda: write_atomically(path, history.to_csv().encode("utf-8")), path)

    def export_data(self) -> None:
        path = self._ask_path("Export data", "points.csv", "CSV (*.csv)")
        if path:
            X, y = self._worker.latest().snapshot.data.all_points()
            self._report(lambda: save_csv(path, X, y), path)

    def export_script(self) -> None:
        path = self._ask_path("Export as Python script", "nnplayground_run.py", "Python (*.py)")
        if path:
            snapshot = self._worker.latest().snapshot
            source = export_script(
                snapshot.config,
                snapshot.data,
                snapshot.epoch,
                generated_data=not snapshot.imported_data,
                origin=snapshot.origin,
            )
            self._report(
                lambda: write_atomically(path, source.encode("utf-8")),
                path,
                replay_note(snapshot.origin, snapshot.epoch) if snapshot.origin is not None else None,
            )
