"""The main window: wires controls to the training thread and the thread's frames to the views.

Data flows one way. What a person does to the run becomes a typed command
(``live.commands``) sent through the training thread's one port,
``training.send`` — the panel's ``command`` signal, the menus' actions and the
views' requests all end there, queued and applied between chunks. A 25 Hz
timer pulls the worker's newest frame and hands it to the views; nothing
drawn can change the network. 25 Hz, not 60: motion stays smooth, and every
frame drawn is time the training thread cannot use. The window owns the
training thread and joins it when it closes, so quitting mid-training exits
cleanly.

The step-through is the worker's state too (``Frame.stepper``): the window
opens its panel when a frame says it is on and closes it when one says it is
off, so the panel, the keys and the trainer never disagree. The window also
owns which training point is "selected" — clicked in the plot or in the
step-through's table — and tells the views that follow it. The menus live in
``main_menus``, the panes' layout in ``main_layout``, the scikit-learn
overlay in ``cross_check_overlay``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import Qt, SignalInstance, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
)

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.datasets import Dataset
from nnplayground.core.presets import ARTICLE_HIDDEN_PRESET, ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from nnplayground.core.trainer import Snapshot
from nnplayground.live.commands import (
    AddPoint,
    CheckGradients,
    Command,
    GoToPhase,
    LeaveStepper,
    NextPhase,
    PreviousPhase,
    RemovePoint,
    SetBias,
    SetWeight,
)
from nnplayground.live.divergence_words import divergence_text
from nnplayground.live.frames import Frame, RunState
from nnplayground.notation import formatting
from nnplayground.notation.config_words import describe
from nnplayground.ui.boundary.view import BoundaryView
from nnplayground.ui.controls.panel import ControlPanel
from nnplayground.ui.diagram.view import NetworkView
from nnplayground.ui.loss.view import LossView
from nnplayground.ui.stepper.panel import StepperPanel
from nnplayground.ui.threads.gui_turns import FramePuller
from nnplayground.ui.threads.training import TrainingThread
from nnplayground.ui.tour.dock import TourDock
from nnplayground.ui.widgets.resources import app_icon, pin_light_scheme, style_sheet
from nnplayground.ui.windows.actions import key_names
from nnplayground.ui.windows.compare_window import CompareWindow
from nnplayground.ui.windows.cross_check_overlay import CrossCheckOverlay
from nnplayground.ui.windows.main_layout import StepperRoom, build_panes, fit_panel_width
from nnplayground.ui.windows.main_menus import MainMenus
from nnplayground.ui.windows.message_boxes import message_box
from nnplayground.ui.windows.screen_fit import FitsScreen
from nnplayground.ui.windows.session_files import SessionFiles
from nnplayground.ui.windows.settings import AppSettings
from nnplayground.ui.windows.status import StatusReadout

REFRESH_MS = 40
SHUTDOWN_TIMEOUT_MS = 10_000


def _banner(name: str, accessible: str, tooltip: str) -> QLabel:
    """A wrapped message above the plot, hidden until it has something to say."""
    banner = QLabel("")
    banner.setObjectName(name)
    banner.setAccessibleName(accessible)
    banner.setToolTip(tooltip)
    banner.setWordWrap(True)
    banner.hide()
    return banner


def _send_on(signal: SignalInstance, make: Callable[..., Command], send: Callable[[Command], None]) -> None:
    """Each emission of ``signal`` becomes the command ``make(*its values)``, sent to the training thread.

    The closure holds the thread's port, not the window: a lambda holding the window would make
    the two a cycle, which the garbage collector may break in the training thread.
    """
    signal.connect(lambda *values: send(make(*values)))


class MainWindow(FitsScreen, QMainWindow):
    def __init__(
        self, config: ExperimentConfig = ARTICLE_ONE_HIDDEN_LAYER, settings: AppSettings | None = None
    ) -> None:
        pin_light_scheme()  # before any widget exists: each takes the application's palette when made
        super().__init__()
        self.setAcceptDrops(True)
        self.settings = settings if settings is not None else AppSettings()
        self.setObjectName("mainWindow")
        self.setWindowTitle("nnplayground — backpropagation, live")
        self.setWindowIcon(app_icon())
        self.setStyleSheet(style_sheet())

        self.training = TrainingThread(config)
        self.training.worker.failed.connect(self._worker_failed)

        self.controls = ControlPanel(config)
        self.boundary_view = BoundaryView()
        self.loss_view = LossView()
        self.network_view = NetworkView()
        self.stepper_panel = StepperPanel()
        self.stepper_panel.hide()
        self.selected_sample: int | None = None
        self._stepper_shown = False
        self.divergence_banner = _banner(
            "divergenceBanner",
            "Divergence message",
            "Training stopped because the loss stopped being a finite number",
        )
        self.advice_banner = _banner(
            "adviceBanner", "Advice", "Why this run behaves as it does, and what to change"
        )
        self.error_dialog: QMessageBox | None = None
        self.compare_window: CompareWindow | None = None
        self.cross_check = CrossCheckOverlay(
            self,
            (self.boundary_view, self.loss_view),
            lambda: self.training.worker.latest().snapshot,
            self._tell,
        )

        self._build_layout()
        self.status = StatusReadout(self.statusBar(), self.advice_banner)
        self.files = SessionFiles(
            self,
            self.training.worker,
            self.settings,
            # The pictures for slides: each view's plot, without its buttons, boxes and hints.
            {
                "boundary": self.boundary_view.plot,
                "loss": self.loss_view.plot,
                "diagram": self.network_view.diagram,
            },
        )
        self.files.title_changed.connect(self.setWindowTitle)
        self.files.told.connect(self._tell)
        self.training.worker.session_opened.connect(self._session_opened)
        self.training.worker.classes_imported.connect(self.controls.adopt_imported)
        self.tour = TourDock(self.settings)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.tour)
        self.tour.hide()
        self.menus = MainMenus(
            self,
            self.training.send,
            self.controls,
            (self.boundary_view, self.loss_view),
            self.files,
            (self.cross_check.start, self.open_compare),
            self.tour.open_tour,
        )
        self._connect_controls()

        self._shown_serial = -1
        self._shown_run: tuple[int, Dataset | None] = (-1, None)
        self.frames_shown = 0
        self._frames = FramePuller(
            self, self.training.turns, self.refresh, REFRESH_MS, self.training.worker.frame_ready
        )
        self.training.start()
        self._frames.start()
        self.refresh()

    # ----- building -------------------------------------------------------------

    def _build_layout(self) -> None:
        self.control_scroll, self.plot_splitter, self.main_splitter = build_panes(
            self.controls,
            (self.divergence_banner, self.advice_banner),
            (self.boundary_view, self.loss_view, self.network_view),
            self.stepper_panel,
        )
        self.setCentralWidget(self.main_splitter)
        self._stepper_room = StepperRoom(
            self.main_splitter, self.plot_splitter, self.control_scroll, self.loss_view, self.stepper_panel
        )
        self.resize(1280, 800)
        panel_width = fit_panel_width(self.control_scroll)
        self.main_splitter.setSizes([panel_width, self.width() - panel_width, 0])

    def _connect_controls(self) -> None:
        """Controls and views that drive the run send commands through the thread's one port."""
        controls, send = self.controls, self.training.send
        controls.command.connect(send)
        controls.data.import_requested.connect(self.files.import_dialog)
        controls.view.show_test_toggled.connect(self.boundary_view.set_show_test)
        controls.view.discretize_toggled.connect(self.boundary_view.set_discretize)
        controls.view.trail_toggled.connect(self.boundary_view.set_trail)
        self.boundary_view.update_traced.connect(self.loss_view.mark_update)
        controls.compare.cross_check_requested.connect(self.cross_check.start)
        controls.compare.compare_requested.connect(self.open_compare)
        stepper = self.stepper_panel
        for signal, command in (
            (stepper.next_requested, NextPhase),
            (stepper.previous_requested, PreviousPhase),
            (stepper.phase_requested, GoToPhase),
            (stepper.leave_requested, LeaveStepper),
            (stepper.gradient_check_requested, CheckGradients),
            (self.boundary_view.point_added, AddPoint),
            (self.boundary_view.point_removed, RemovePoint),
            (self.network_view.weight_edit_requested, SetWeight),
            (self.network_view.bias_edit_requested, SetBias),
        ):
            _send_on(signal, command, send)
        stepper.sample_selected.connect(self.select_sample)
        self.boundary_view.sample_clicked.connect(self.select_sample)
        self.tour.command.connect(send)
        self.tour.preset_requested.connect(controls.load_preset)
        self.tour.hidden_toggle_requested.connect(controls.toggle_hidden_layer)
        self.tour.sample_requested.connect(self.select_sample)
        self.network_view.sample_clicked.connect(self.select_sample)
        self.network_view.shares_shown.connect(self.boundary_view.shade_samples)
        self.network_view.diagnosis_changed.connect(self.status.show_diagnosis)
        stepper.term_hovered.connect(self.network_view.highlight_term)
        self.boundary_view.tools.value_choice.refused.connect(self._tell)
        worker = self.training.worker
        worker.point_refused.connect(self._tell)
        worker.refused.connect(self.network_view.show_refusal)
        worker.data_set_aside.connect(self._data_set_aside)

    @Slot(int)
    def _data_set_aside(self, points: int) -> None:
        """Generated data replaced the person's points: say where they went, and how to get them back."""
        action = self.menus.restore_points_action
        action.setEnabled(points > 0)
        if points:
            self._tell(
                f"Your {formatting.count(points)} points are put aside: Network ▸ Bring back my points "
                f"({key_names(action)}) trains on them again",
                15_000,
            )

    @Slot(str)
    def _tell(self, message: str, timeout_ms: int = 8000) -> None:
        """A passing message (a refused point, a failed cross-check) in the status bar, as a sentence."""
        self.statusBar().showMessage(message[:1].upper() + message[1:], timeout_ms)

    @Slot(int)
    def select_sample(self, index: int | None) -> None:
        """Follow training point ``index`` in the plot, the diagram and the step-through."""
        self.selected_sample = index
        self.boundary_view.mark_sample(index)
        self.network_view.select_sample(index)
        self.tour.show_followed(index)
        if index is not None:
            self.stepper_panel.select_sample(index)

    # ----- frames from the worker -------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Draw the worker's newest frame, if it is one not drawn yet."""
        frame = self.training.worker.latest()
        if frame.serial == self._shown_serial:
            return
        self.training.turns.gui_busy()
        self._shown_serial = frame.serial
        snapshot = frame.snapshot
        self.boundary_view.show_snapshot(snapshot, frame.state)
        training = frame.state in (RunState.RUNNING, RunState.STEPPING)
        self.loss_view.show_snapshot(snapshot, own_pass=training)
        if self.selected_sample is not None and (
            self.selected_sample >= snapshot.data.n_train or self._new_points(snapshot)
        ):
            self.select_sample(0 if frame.stepper is not None else None)
        self._shown_run = (snapshot.run_id, snapshot.data)
        self.network_view.show_frame(frame)
        self._show_stepper(frame)
        if not training:
            self.loss_view.flush()
        self.status.show_frame(frame)
        self.controls.show_data_source(snapshot.imported_data, snapshot.data.n_train + snapshot.data.n_test)
        self.cross_check.forget_other_runs(snapshot.run_id)
        title = self.files.window_title()
        if title != self.windowTitle():
            self.setWindowTitle(title)
        self.controls.show_state(frame.state)
        self._show_divergence(snapshot if frame.state == RunState.DIVERGED else None)
        self.tour.show_frame(frame)
        self.frames_shown += 1

    def _new_points(self, snapshot: Snapshot) -> bool:
        """True when a new run trains on other points: the followed sample's number means another point."""
        run, data = self._shown_run
        if snapshot.run_id == run or data is None or data is snapshot.data:
            return False
        return not np.array_equal(data.X_train, snapshot.data.X_train)

    def _show_stepper(self, frame: Frame) -> None:
        """Open or close the step-through panel to match the worker, then draw it."""
        active = frame.stepper is not None
        if active != self._stepper_shown:
            self._stepper_shown = active
            self.menus.show_stepper(active)
            self.controls.show_stepper(active)
            if active:
                self._stepper_room.lend(self.width())
                if self.selected_sample is None:
                    self.select_sample(0)
            else:
                self.select_sample(None)  # the ring was the step-through's: it leaves with it
                self._stepper_room.give_back()
        if active:
            self.stepper_panel.show_frame(frame)

    def _show_divergence(self, snapshot: Snapshot | None) -> None:
        if snapshot is None or snapshot.divergence is None:
            self.divergence_banner.hide()
            return
        self.divergence_banner.setText(f"Training paused: {divergence_text(snapshot)}.")
        self.divergence_banner.show()

    @Slot(str)
    def _worker_failed(self, message: str) -> None:
        """An unexpected error in training: say so, keep the window (the worker is paused, not dead)."""
        self.error_dialog = message_box(
            self, self.error_dialog, "workerErrorDialog", "Training stopped", QMessageBox.Icon.Warning
        )
        self.error_dialog.setText("Training hit an unexpected error and has been paused.")
        self.error_dialog.setInformativeText(message)
        self.error_dialog.show()

    def open_compare(self) -> CompareWindow:
        """Open compare mode — the article's perceptron against its hidden-layer network — or raise it."""
        window = self.compare_window
        if window is None or not window.is_open():
            if window is not None:
                window.deleteLater()
            window = CompareWindow(ARTICLE_PERCEPTRON, ARTICLE_ONE_HIDDEN_LAYER, self)
            self.compare_window = window
            window.fit_screen()
        window.set_current_config(self.controls.config)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    # ----- shutting down ---------------------------------------------------------

    def shutdown(self) -> bool:
        """Stop the timer and join the training thread; True once the thread has ended."""
        self._frames.stop()
        if self.compare_window is not None:
            self.compare_window.shutdown()
            self.compare_window.close()
        return self.training.shutdown(SHUTDOWN_TIMEOUT_MS)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask before unsaved work is lost; remember the window and settings; join the thread."""
        if self._frames.is_active() and not self.files.keep_or_discard():
            event.ignore()
            return
        try:
            if self._stepper_shown:
                self._stepper_room.give_back()  # remembered is the window a new start opens on
            self.settings.save_window(self, self._splitters())
            self.settings.save_config(self.controls.config)
            self.settings.save_switches({name: box.isChecked() for name, box in self._switches().items()})
            self.settings.sync()
        finally:
            self.shutdown()
        super().closeEvent(event)

    def restore_layout(self) -> bool:
        """Put the window and its splitters back as they were last closed (the app does this at start),
        within the screen's free area: a size saved on a bigger screen, or the default on a small one,
        shrinks to fit."""
        restored = self.settings.restore_window(self, self._splitters())
        for name, box in self._switches().items():
            box.setChecked(self.settings.switch(name, box.isChecked()))
        self.fit_screen()
        self._stepper_room.fit_control_panel()
        self.tour.offer_at_start()
        config = self.training.worker.latest().snapshot.config
        if config != ARTICLE_ONE_HIDDEN_LAYER:
            # The settings come back as they were last used; a title reading "untitled" over a
            # 2-64-1 net on 100 000 points left a learner wondering where they came from.
            self._tell(
                f"Your last settings: {describe(config)} (Network ▸ Preset: {ARTICLE_HIDDEN_PRESET.name} "
                "for the article's)",
                20_000,
            )
        return restored

    def _switches(self) -> dict[str, QCheckBox]:
        """The view switches a person sets once and expects kept: a log axis chosen for a long run."""
        return {"loss/log_scale": self.loss_view.log_scale, "loss/log_epochs": self.loss_view.log_epochs}

    def _splitters(self) -> dict[str, QSplitter]:
        return {
            splitter.objectName(): splitter
            for splitter in self.findChildren(QSplitter)
            if splitter.objectName()
        }

    # ----- files ----------------------------------------------------------------------

    def open_path(self, path: str) -> None:
        """Open a session given on the command line or dropped on the window."""
        self.files.open_path(path)

    @Slot(str)
    def _session_opened(self, _path: str) -> None:
        self.controls.adopt(self.training.worker.latest().snapshot.config)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.files.accepts_drop(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.files.drop(event.mimeData()):
            event.acceptProposedAction()
