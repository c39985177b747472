"""The main window: wires controls to the worker and the worker's frames to the views.

Data flows one way. Control signals become worker commands (queued, applied
between chunks); a 25 Hz timer pulls the worker's newest frame and hands it to
the views; nothing drawn can change the network. 25 Hz, not 60: motion stays
smooth, and every frame drawn is time the training thread cannot use. The window owns the training
thread and joins it when it closes, so quitting mid-training exits cleanly.

The step-through is the worker's state too (``Frame.stepper``): the window
opens its panel when a frame says it is on and closes it when one says it is
off, so the panel, the keys and the trainer never disagree. The window also
owns which training point is "selected" — clicked in the plot or in the
step-through's table — and tells the views that follow it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QMoveEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nnplayground import __version__
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.datasets import Dataset
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON, PRESETS
from nnplayground.core.sklearn_crosscheck import CrossCheck
from nnplayground.core.trainer import Divergence, Snapshot
from nnplayground.live.frames import Frame, RunState
from nnplayground.notation import formatting
from nnplayground.ui.boundary.drawing import SHORTCUT
from nnplayground.ui.boundary.view import BoundaryView
from nnplayground.ui.controls.panel import ControlPanel
from nnplayground.ui.diagram.view import NetworkView
from nnplayground.ui.loss.view import LossView
from nnplayground.ui.stepper.panel import StepperPanel
from nnplayground.ui.threads.cross_check import CrossCheckRunner, describe
from nnplayground.ui.threads.gui_turns import FramePuller
from nnplayground.ui.threads.training import TrainingThread
from nnplayground.ui.widgets.resources import app_icon, pin_light_scheme, style_sheet
from nnplayground.ui.windows.actions import window_action
from nnplayground.ui.windows.compare_window import CompareWindow
from nnplayground.ui.windows.screen_fit import fit_to_screen
from nnplayground.ui.windows.session_files import SessionFiles
from nnplayground.ui.windows.settings import AppSettings
from nnplayground.ui.windows.status import StatusReadout

REFRESH_MS = 40
SHUTDOWN_TIMEOUT_MS = 10_000
# Share of the space right of the controls that the step-through panel takes when it opens.
STEPPER_SHARE = 0.56
ABOUT = (
    f"<b>nnplayground {__version__}</b><p>Backpropagation from scratch in NumPy, live: the "
    "experiment of the article <i>Creating a Neural Network from Scratch in Python: Adding Hidden "
    "Layers</i> — its moons, its perceptron (loss floor ≈ 4.17) and its 2-4-1 network (≈ 1.50) — "
    "with every term of its chain rule shown with real numbers (Training ▸ Step through backprop).</p>"
    "<p>Start with Space (train) and H (hidden layer on/off).</p>"
)
# How the help names keys that Qt spells out.
_KEY_NAMES = {"Right": "→", "PgDown": "Page Down", "PgUp": "Page Up"}
# Below this window width the step-through borrows the control panel's room (Esc brings it back).
ROOM_FOR_CONTROLS = 1600


def _banner(name: str, accessible: str, tooltip: str) -> QLabel:
    """A wrapped message above the plot, hidden until it has something to say."""
    banner = QLabel("")
    banner.setObjectName(name)
    banner.setAccessibleName(accessible)
    banner.setToolTip(tooltip)
    banner.setWordWrap(True)
    banner.hide()
    return banner


class MainWindow(QMainWindow):
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
        self._sizes_before_stepper: list[int] | None = None
        self._plot_sizes_before_stepper: list[int] = []
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
        self.cross_checker = CrossCheckRunner(self)
        self._cross_check_run: int | None = None
        self.cross_check_dialog: QMessageBox | None = None

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
        self._build_menus()
        self._connect_controls()

        self._shown_serial = -1
        self._fit_once_framed = False
        self._shown_run: tuple[int, Dataset | None] = (-1, None)
        self.frames_shown = 0
        self._frames = FramePuller(self, self.training.turns, self.refresh, REFRESH_MS)
        self.training.start()
        self._frames.start()
        self.refresh()

    # ----- building -------------------------------------------------------------

    def _build_layout(self) -> None:
        scroll = QScrollArea()
        scroll.setObjectName("controlScroll")
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.control_scroll = scroll

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.divergence_banner)
        top_layout.addWidget(self.advice_banner)
        top_layout.addWidget(self.boundary_view, 1)

        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.setObjectName("bottomSplitter")
        bottom.addWidget(self.loss_view)
        bottom.addWidget(self.network_view)
        bottom.setStretchFactor(0, 1)
        bottom.setStretchFactor(1, 1)

        plots = QSplitter(Qt.Orientation.Vertical)
        plots.setObjectName("plotSplitter")
        plots.addWidget(top)
        plots.addWidget(bottom)
        plots.setStretchFactor(0, 4)
        plots.setStretchFactor(1, 3)
        self.plot_splitter = plots

        main = QSplitter(Qt.Orientation.Horizontal)
        main.setObjectName("mainSplitter")
        main.addWidget(scroll)
        main.addWidget(plots)
        main.addWidget(self.stepper_panel)
        main.setStretchFactor(0, 0)
        main.setStretchFactor(1, 1)
        main.setStretchFactor(2, 1)
        main.setCollapsible(1, False)
        main.setCollapsible(2, False)
        self.main_splitter = main
        self.setCentralWidget(main)
        self.controls.ensurePolished()
        panel_width = self.controls.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 8
        scroll.setMinimumWidth(panel_width)
        self.resize(1280, 800)
        main.setSizes([panel_width, self.width() - panel_width, 0])

    def _action(self, text: str, shortcut: str | None, slot: Callable[[], object], tip: str) -> QAction:
        return window_action(self, text, shortcut, slot, tip)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.files.fill_menu(file_menu)
        file_menu.addSeparator()
        self.quit_action = self._action("&Quit", "Ctrl+Q", self.close, "Quit nnplayground (Ctrl+Q)")
        file_menu.addAction(self.quit_action)

        training = bar.addMenu("&Training")
        self.play_action = self._action("&Play / Pause", "Space", self._toggle_play, "Train or pause (Space)")
        self.step_action = self._action("&Step", "Right", self._step, "Train one step of epochs (→)")
        self.reset_action = self._action("&Reset", "R", self._reset, "Start again from epoch 0 (R)")
        for action in (self.play_action, self.step_action, self.reset_action):
            training.addAction(action)
        training.addSeparator()
        self.stepper_action = self._action(
            "Step through &backprop",
            "B",
            self._toggle_stepper,
            "Walk one epoch phase by phase with the article's names, or leave the walk (B)",
        )
        self.next_phase_action = self._action(
            "&Next phase",
            "N",
            self._next_phase,
            "Next phase of the step-through (N, Page Down)",
        )
        self.next_phase_action.setShortcuts([QKeySequence("N"), QKeySequence("PgDown")])
        self.previous_phase_action = self._action(
            "P&revious phase",
            "P",
            self._previous_phase,
            "Previous phase of the step-through (P, Page Up)",
        )
        self.previous_phase_action.setShortcuts([QKeySequence("P"), QKeySequence("PgUp")])
        self.leave_stepper_action = self._action(
            "&Leave step-through", "Esc", self._leave_stepper, "Leave the step-through (Esc)"
        )
        self.gradient_check_action = self._action(
            "&Gradient check",
            "G",
            self._check_gradients,
            "Compare backprop with finite differences on the current weights (G)",
        )
        self._stepper_actions = (
            self.next_phase_action,
            self.previous_phase_action,
            self.leave_stepper_action,
            self.gradient_check_action,
        )
        for action in (self.stepper_action, *self._stepper_actions):
            training.addAction(action)
        for action in self._stepper_actions:
            action.setEnabled(False)
        training.addSeparator()
        self.cross_check_action = self._action(
            "&Cross-check with scikit-learn",
            "C",
            self.cross_check,
            "Train scikit-learn's MLPClassifier with the closest settings on the same points and overlay "
            "its loss curve and boundary (C)",
        )
        training.addAction(self.cross_check_action)

        network = bar.addMenu("&Network")
        self.hidden_action = self._action(
            "Toggle &hidden layer",
            "H",
            self.controls.toggle_hidden_layer,
            "Perceptron ⇄ one hidden layer (H)",
        )
        network.addAction(self.hidden_action)
        network.addSeparator()
        for name in PRESETS:
            network.addAction(
                self._action(
                    f"Preset: {name}",
                    None,
                    lambda preset=name: self.controls.load_preset(preset),
                    f"Load the {name!r} configuration on the article's data and start a fresh run",
                )
            )
        self.restore_points_action = self._action(
            "&Bring back my points",
            "Ctrl+Z",
            self.training.worker.restore_set_aside_data,
            "Train again on the drawn or imported points a preset, Use generated data or a data "
            "setting put aside (Ctrl+Z)",
        )
        self.restore_points_action.setEnabled(False)
        network.addAction(self.restore_points_action)

        view = bar.addMenu("&View")
        self.log_action = QAction("&Log-scale loss", self)
        self.log_action.setCheckable(True)
        self.log_action.setShortcut(QKeySequence("L"))
        self.log_action.toggled.connect(self.loss_view.log_scale.setChecked)
        self.loss_view.log_scale.toggled.connect(self.log_action.setChecked)
        self.addAction(self.log_action)
        view.addAction(self.log_action)
        self.compare_action = self._action(
            "&Compare two networks…",
            "Ctrl+K",
            self.open_compare,
            "Train two networks side by side on the same points, in lockstep (Ctrl+K)",
        )
        view.addAction(self.compare_action)
        self.draw_action = self._action(
            "&Draw points",
            SHORTCUT,
            lambda: self.boundary_view.set_drawing(self.draw_action.isChecked()),
            "Draw your own points (D): left click adds a training point, right click removes the nearest",
        )
        self.draw_action.setCheckable(True)
        self.boundary_view.tools.toggled.connect(self.draw_action.setChecked)
        view.addAction(self.draw_action)

        help_menu = bar.addMenu("&Help")
        shortcuts = QAction("&Keyboard shortcuts", self)
        shortcuts.triggered.connect(self._show_shortcuts)
        help_menu.addAction(shortcuts)
        about = QAction("&About nnplayground", self)
        about.triggered.connect(self._show_about)
        help_menu.addAction(about)

    def _connect_controls(self) -> None:
        controls = self.controls
        controls.config_changed.connect(self._config_changed)
        controls.preset_loaded.connect(self._preset_loaded)
        self.training.worker.data_set_aside.connect(self._data_set_aside)
        controls.toggle_requested.connect(self._toggle_play)
        controls.step_requested.connect(self._step_epochs)
        controls.reset_requested.connect(self._reset)
        controls.speed_limit_changed.connect(self._speed_limit_changed)
        controls.stepper_requested.connect(self._toggle_stepper)
        controls.show_test_toggled.connect(self.boundary_view.set_show_test)
        controls.discretize_toggled.connect(self.boundary_view.set_discretize)
        controls.cross_check_requested.connect(self.cross_check)
        controls.compare_requested.connect(self.open_compare)
        controls.import_requested.connect(self.files.import_dialog)
        controls.generated_data_requested.connect(self._use_generated_data)
        self.cross_checker.started.connect(self._cross_check_started)
        self.cross_checker.failed.connect(self._tell)
        self.cross_checker.finished.connect(self._cross_check_finished)
        # Worker methods only enqueue, but the worker object lives in the training thread: a signal
        # connected to one directly would be queued to that thread's event loop, which never runs.
        stepper = self.stepper_panel
        stepper.next_requested.connect(self._next_phase)
        stepper.previous_requested.connect(self._previous_phase)
        stepper.phase_requested.connect(self._go_to_phase)
        stepper.leave_requested.connect(self._leave_stepper)
        stepper.gradient_check_requested.connect(self._check_gradients)
        stepper.sample_selected.connect(self.select_sample)
        self.boundary_view.sample_clicked.connect(self.select_sample)
        self.boundary_view.point_added.connect(self._add_point)
        self.boundary_view.point_removed.connect(self._remove_point)
        self.boundary_view.tools.value_choice.refused.connect(self._tell)
        self.training.worker.point_refused.connect(self._tell)
        self.network_view.weight_edit_requested.connect(self._set_weight)
        self.network_view.bias_edit_requested.connect(self._set_bias)
        self.training.worker.refused.connect(self._edit_refused)

    # ----- commands to the worker (GUI thread; the worker methods only enqueue) ---------

    @Slot(object, bool)
    def _config_changed(self, config: ExperimentConfig, restart: bool) -> None:
        self.training.worker.reconfigure(config, restart=restart)

    @Slot(object)
    def _preset_loaded(self, config: ExperimentConfig) -> None:
        self.training.worker.load_preset(config)

    @Slot(int)
    def _data_set_aside(self, points: int) -> None:
        """Generated data replaced the person's points: say where they went, and how to get them back."""
        self.restore_points_action.setEnabled(points > 0)
        if points:
            self._tell(
                f"Your {formatting.count(points)} points are put aside: Network ▸ Bring back my points "
                "(Ctrl+Z) trains on them again",
                15_000,
            )

    @Slot()
    def _toggle_play(self) -> None:
        self.training.worker.toggle()

    @Slot()
    def _step(self) -> None:
        self._step_epochs(self.controls.epochs_per_step())

    @Slot(int)
    def _step_epochs(self, epochs: int) -> None:
        self.training.worker.step(epochs)

    @Slot()
    def _reset(self) -> None:
        self.training.worker.reset()

    @Slot(object)
    def _speed_limit_changed(self, limit: float | None) -> None:
        self.training.worker.set_speed_limit(limit)

    @Slot()
    def _toggle_stepper(self) -> None:
        """Open or close the step-through, as the worker last reported it."""
        if self.training.worker.latest().stepper is None:
            self.training.worker.enter_stepper()
        else:
            self.training.worker.leave_stepper()

    @Slot()
    def _next_phase(self) -> None:
        self.training.worker.next_phase()

    @Slot()
    def _previous_phase(self) -> None:
        self.training.worker.previous_phase()

    @Slot(int)
    def _go_to_phase(self, phase: int) -> None:
        self.training.worker.go_to_phase(phase)

    @Slot()
    def _leave_stepper(self) -> None:
        self.training.worker.leave_stepper()

    @Slot()
    def _check_gradients(self) -> None:
        self.training.worker.check_gradients()

    @Slot(int, int, int, float)
    def _set_weight(self, layer: int, row: int, column: int, value: float) -> None:
        self.training.worker.set_weight(layer, row, column, value)

    @Slot(int, int, float)
    def _set_bias(self, layer: int, index: int, value: float) -> None:
        self.training.worker.set_bias(layer, index, value)

    @Slot()
    def _use_generated_data(self) -> None:
        self.training.worker.use_generated_data()

    @Slot(float, float, float)
    def _add_point(self, x1: float, x2: float, label: float) -> None:
        self.training.worker.add_point(x1, x2, label)

    @Slot(float, float)
    def _remove_point(self, x1: float, x2: float) -> None:
        self.training.worker.remove_point(x1, x2)

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
        if index is not None:
            self.stepper_panel.select_sample(index)

    @Slot(str)
    def _edit_refused(self, message: str) -> None:
        self.network_view.show_refusal(message)

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
        self.boundary_view.show_snapshot(snapshot)
        self.loss_view.show_snapshot(snapshot)
        if self.selected_sample is not None and (
            self.selected_sample >= snapshot.data.n_train or self._new_points(snapshot)
        ):
            self.select_sample(0 if frame.stepper is not None else None)
        self._shown_run = (snapshot.run_id, snapshot.data)
        self.network_view.show_frame(frame)
        self._show_stepper(frame)
        if frame.state not in (RunState.RUNNING, RunState.STEPPING):
            self.loss_view.flush()
        self.status.show_frame(frame)
        self.controls.show_data_source(snapshot.imported_data, snapshot.data.n_train + snapshot.data.n_test)
        if self._cross_check_run is not None and self._cross_check_run != snapshot.run_id:
            self._clear_cross_check()
        title = self.files.window_title()
        if title != self.windowTitle():
            self.setWindowTitle(title)
        self.controls.show_state(frame.state)
        self._show_divergence(snapshot.divergence if frame.state == RunState.DIVERGED else None)
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
            for action in self._stepper_actions:
                action.setEnabled(active)
            self.controls.show_stepper(active)
            main = self.main_splitter
            if active:
                self._sizes_before_stepper = main.sizes()
                controls, *rest = main.sizes()
                space = sum(rest)
                if self.width() < ROOM_FOR_CONTROLS:
                    self.control_scroll.hide()
                    space, controls = space + controls, 0
                self._plot_sizes_before_stepper = self.plot_splitter.sizes()
                self.loss_view.hide()
                self.stepper_panel.show()
                main.setSizes([controls, round(space * (1 - STEPPER_SHARE)), round(space * STEPPER_SHARE)])
                half = sum(self.plot_splitter.sizes()) // 2
                self.plot_splitter.setSizes([half, half])
                if self.selected_sample is None:
                    self.select_sample(0)
            else:
                self.select_sample(None)  # the ring was the step-through's: it leaves with it
                self._lay_out_without_stepper()
        if active:
            self.stepper_panel.show_frame(frame)

    def _lay_out_without_stepper(self) -> None:
        """The panels as they were before the step-through borrowed their room."""
        self.stepper_panel.hide()
        self.loss_view.show()
        self.control_scroll.show()
        if self._sizes_before_stepper is not None:
            self.main_splitter.setSizes(self._sizes_before_stepper)
            self.plot_splitter.setSizes(self._plot_sizes_before_stepper)

    def _show_divergence(self, divergence: Divergence | None) -> None:
        if divergence is None:
            self.divergence_banner.hide()
            return
        self.divergence_banner.setText(f"Training paused: {divergence.message}.")
        self.divergence_banner.show()

    @Slot(str)
    def _worker_failed(self, message: str) -> None:
        """An unexpected error in training: say so, keep the window (the worker is paused, not dead)."""
        self.error_dialog = self._message_box(
            self.error_dialog, "workerErrorDialog", "Training stopped", QMessageBox.Icon.Warning
        )
        self.error_dialog.setText("Training hit an unexpected error and has been paused.")
        self.error_dialog.setInformativeText(message)
        self.error_dialog.show()

    def _message_box(
        self, box: QMessageBox | None, name: str, title: str, icon: QMessageBox.Icon
    ) -> QMessageBox:
        """``box``, or a new one: one per purpose, reused, and not modal — Ctrl+S must still reach
        the window, to save the work an error message is about."""
        if box is None:
            box = QMessageBox(self)
            box.setObjectName(name)
            box.setWindowTitle(title)
            box.setIcon(icon)
            box.setWindowModality(Qt.WindowModality.NonModal)
        return box

    @Slot()
    def _show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", self.shortcuts_text())

    @Slot()
    def _show_about(self) -> None:
        QMessageBox.about(self, "About nnplayground", ABOUT)

    def shortcuts_text(self) -> str:
        """Every menu entry's shortcut, read from the menus themselves so the help cannot fall behind them."""
        lines: list[str] = []

        def walk(menu: QMenu) -> None:
            for action in menu.actions():
                if action.menu() is not None:
                    walk(action.menu())
                elif action.shortcuts():
                    keys = " or ".join(
                        _KEY_NAMES.get(key.toString(), key.toString()) for key in action.shortcuts()
                    )
                    lines.append(f"{keys} — {action.text().replace('&', '').rstrip('…')}")

        for entry in self.menuBar().actions():
            walk(entry.menu())
        return "\n".join(lines)

    # ----- the scikit-learn cross-check ------------------------------------------------

    @Slot()
    def cross_check(self) -> None:
        """Cross-check the run as drawn now; the result overlays the views while this run lasts."""
        self.cross_checker.start(self.training.worker.latest().snapshot)

    @Slot(str)
    def _cross_check_started(self, message: str) -> None:
        self._tell(message, 0)  # until the result replaces it

    @Slot(object, object)
    def _cross_check_finished(self, snapshot: Snapshot, result: CrossCheck) -> None:
        self.statusBar().clearMessage()
        if snapshot.run_id != self.training.worker.latest().snapshot.run_id:
            self.statusBar().showMessage("The run was reset meanwhile; the cross-check was discarded", 8000)
            return
        features = snapshot.config.input_features
        self.boundary_view.show_reference(lambda points: result.predict(points, features), "scikit-learn")
        epochs = np.arange(1, len(result.loss_curve) + 1)
        self.loss_view.show_reference_curve(epochs, result.loss_curve, "scikit-learn (log-loss)")
        self._cross_check_run = snapshot.run_id
        self.cross_check_dialog = self._message_box(
            self.cross_check_dialog,
            "crossCheckDialog",
            "Cross-check with scikit-learn",
            QMessageBox.Icon.Information,
        )
        self.cross_check_dialog.setText(describe(snapshot, result))
        self.cross_check_dialog.show()

    def _clear_cross_check(self) -> None:
        self.boundary_view.show_reference(None)
        self.loss_view.show_reference_curve(None, None, "")
        self._cross_check_run = None

    def open_compare(self) -> CompareWindow:
        """Open compare mode — the article's perceptron against its hidden-layer network — or raise it."""
        window = self.compare_window
        if window is None or not window.is_open():
            if window is not None:
                window.deleteLater()
            window = CompareWindow(ARTICLE_PERCEPTRON, ARTICLE_ONE_HIDDEN_LAYER, self)
            self.compare_window = window
            fit_to_screen(window)
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
                self._lay_out_without_stepper()  # remembered is the window a new start opens on
            self.settings.save_window(self, self._splitters())
            self.settings.save_config(self.controls.config)
            self.settings.sync()
        finally:
            self.shutdown()
        super().closeEvent(event)

    def restore_layout(self) -> bool:
        """Put the window and its splitters back as they were last closed (the app does this at start),
        within the screen's free area: a size saved on a bigger screen, or the default on a small one,
        shrinks to fit."""
        restored = self.settings.restore_window(self, self._splitters())
        fit_to_screen(self)
        self._fit_once_framed = True  # the title bar's height is known only once the desktop framed it
        if self.main_splitter.sizes()[0] < self.control_scroll.minimumWidth():
            # Saved by an older version with the step-through open: the panel had lent its room.
            panel = self.control_scroll.minimumWidth()
            self.main_splitter.setSizes([panel, self.main_splitter.width() - panel, 0])
        return restored

    def moveEvent(self, event: QMoveEvent) -> None:
        """The window manager's frame arrives after the window is shown: fit once more with it."""
        super().moveEvent(event)
        if self._fit_once_framed and self.frameGeometry().size() != self.size():
            self._fit_once_framed = False
            fit_to_screen(self)

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
