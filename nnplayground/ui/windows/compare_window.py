"""Compare mode: two networks on the same points, in lockstep, side by side.

The article's whole argument in one screen: its perceptron stalls near 4.17
while its one-hidden-layer network falls to 1.50, and the two decision
boundaries show why. The window owns a ``CompareThread`` (the main window's
threading rules apply unchanged) and a timer that pulls the newest pair of
snapshots; nothing drawn here can change either network. Closing the window
stops and joins its thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from nnplayground.core.config import ConfigError, ExperimentConfig
from nnplayground.core.lockstep import share_data
from nnplayground.core.presets import PRESET_TABLE
from nnplayground.live.commands import Command, Reset, SetConfigs, Step, Toggle
from nnplayground.live.frames import ComparePair, RunState
from nnplayground.notation import formatting
from nnplayground.notation.config_words import describe
from nnplayground.ui.loss.compare import SIDE_NAMES, CompareLossPlot
from nnplayground.ui.threads.comparing import CompareThread
from nnplayground.ui.threads.gui_turns import FramePuller
from nnplayground.ui.widgets.factories import name
from nnplayground.ui.widgets.focus_first import FocusFirstComboBox
from nnplayground.ui.widgets.resources import app_icon, style_sheet
from nnplayground.ui.windows.actions import Keys, window_action
from nnplayground.ui.windows.compare_side import CompareSide
from nnplayground.ui.windows.screen_fit import FitsScreen

REFRESH_MS = 40
SHUTDOWN_TIMEOUT_MS = 10_000
EPOCHS_PER_STEP = (1, 10, 100, 1_000, 10_000)
DEFAULT_EPOCHS_PER_STEP = 1_000
CURRENT_SETTINGS = "main window's current settings"


class CompareWindow(FitsScreen, QMainWindow):
    """Two configurations, trained in lockstep on the same data; non-modal, owned by the main window.

    Raises ``ConfigError`` when the right network cannot train on the left
    side's data (``lockstep.share_data``); later choices are refused in words.
    """

    def __init__(
        self, left: ExperimentConfig, right: ExperimentConfig, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareWindow")
        self.setWindowTitle("nnplayground — compare two networks")
        self.setWindowIcon(app_icon())
        self.setStyleSheet(style_sheet())
        self._configs = (left.validate(), right.validate())
        self._current: ExperimentConfig | None = None
        self._refusal = ""
        self._shown_serial = -1
        self.frames_shown = 0

        self.training = CompareThread(*self._configs)
        self.training.worker.refused.connect(self._refused)
        self.training.worker.failed.connect(self._refused)
        self.sides = (CompareSide(0), CompareSide(1))
        self.loss_plot = CompareLossPlot()
        self._build_layout()
        self._build_actions()
        for side in self.sides:
            self._fill_chooser(side)
            side.chooser.activated.connect(self._chosen)

        self._frames = FramePuller(
            self, self.training.turns, self.refresh, REFRESH_MS, self.training.worker.frame_ready
        )
        self.training.start()
        self._frames.start()
        self.refresh()

    # ----- building -------------------------------------------------------------

    def _build_layout(self) -> None:
        style = self.style()
        self.play_button = QPushButton("Play")
        name(
            self.play_button, "comparePlayButton", "Play", "Train both networks in lockstep, or pause (Space)"
        )
        self.play_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play_button.clicked.connect(self.toggle_play)
        self.step_button = QPushButton("Step")
        name(
            self.step_button,
            "compareStepButton",
            "Step",
            "Train both networks exactly the epochs per step beside, then pause (→)",
        )
        self.step_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward))
        self.step_button.clicked.connect(self.step)
        self.epochs_combo = FocusFirstComboBox()
        name(
            self.epochs_combo,
            "compareEpochsPerStepCombo",
            "Epochs per step",
            "How many epochs one Step trains each side: 1 to watch single updates, 10 000 to jump ahead",
        )
        for epochs in EPOCHS_PER_STEP:
            self.epochs_combo.addItem(f"{formatting.count(epochs)} epochs", epochs)
        self.epochs_combo.setCurrentIndex(EPOCHS_PER_STEP.index(DEFAULT_EPOCHS_PER_STEP))
        self.reset_button = QPushButton("Reset")
        name(
            self.reset_button, "compareResetButton", "Reset", "Both networks back to epoch 0, same seeds (R)"
        )
        self.reset_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.reset_button.clicked.connect(self.reset)
        for widget in (self.play_button, self.step_button, self.reset_button, self.epochs_combo):
            widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.epoch_label = QLabel("")
        name(
            self.epoch_label,
            "compareEpochLabel",
            "Epoch",
            "The epoch both networks have reached (always the same)",
        )
        self.epoch_label.setTextFormat(Qt.TextFormat.RichText)

        toolbar = QHBoxLayout()
        for widget in (self.play_button, self.step_button, self.epochs_combo, self.reset_button):
            toolbar.addWidget(widget)
        toolbar.addStretch(1)
        toolbar.addWidget(self.epoch_label)

        self.note_label = QLabel("")
        name(self.note_label, "compareNoteLabel", "Data note", "Why both sides train on the same points")
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        self.message_label = QLabel("")
        name(
            self.message_label,
            "compareMessageLabel",
            "Message",
            "Why training paused or a choice was refused",
        )
        self.message_label.setWordWrap(True)
        self.message_label.setProperty("role", "error")
        self.message_label.hide()

        boundaries = QWidget()
        row = QHBoxLayout(boundaries)
        row.setContentsMargins(0, 0, 0, 0)
        for side in self.sides:
            row.addWidget(side, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("compareSplitter")
        splitter.addWidget(boundaries)
        splitter.addWidget(self.loss_plot)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setCollapsible(0, False)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(toolbar)
        layout.addWidget(self.note_label)
        layout.addWidget(self.message_label)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.resize(1280, 720)

    def _build_actions(self) -> None:
        def action(text: str, keys: Keys, slot: Callable[[], object], tip: str) -> QAction:
            return window_action(self, text, keys, slot, tip)

        self.play_action = action("Play / Pause", "Space", self.toggle_play, "Train or pause")
        self.step_action = action("Step", "Right", self.step, "Train one step of epochs")
        self.reset_action = action("Reset", "R", self.reset, "Both sides back to epoch 0")
        self.log_action = action("Log-scale loss", "L", self.loss_plot.log_scale.toggle, "Log-scale loss")
        self.close_action = action(
            "Close", (QKeySequence.StandardKey.Close, "Esc"), self.close, "Close compare mode"
        )

    def _fill_chooser(self, side: CompareSide) -> None:
        """Presets, the configuration the window opened with if it is none of them, and the main window's.

        ``side.choices`` runs parallel to the combo's items (``None`` is "the
        main window's current settings"), so no configuration goes through a QVariant.
        """
        chooser, opened = side.chooser, self._configs[side.side]
        chooser.clear()
        side.choices = []
        for preset in PRESET_TABLE:
            chooser.addItem(describe(preset.config))
            chooser.setItemData(chooser.count() - 1, f"preset {preset.name!r}", Qt.ItemDataRole.ToolTipRole)
            side.choices.append(preset.config)
        if opened not in side.choices:
            chooser.addItem(f"{describe(opened)} (as opened)")
            side.choices.append(opened)
        chooser.addItem(CURRENT_SETTINGS)
        side.choices.append(None)
        self._update_current_item(side)
        chooser.setCurrentIndex(side.choices.index(opened))

    def _update_current_item(self, side: CompareSide) -> None:
        chooser = side.chooser
        index = side.choices.index(None)
        chooser.model().item(index).setEnabled(self._current is not None)
        tip = (
            "Not available: the main window has not passed its settings"
            if self._current is None
            else f"The main window's settings when you choose this: {describe(self._current)}"
        )
        chooser.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)

    # ----- public API -------------------------------------------------------------

    @property
    def configs(self) -> tuple[ExperimentConfig, ExperimentConfig]:
        """The two configurations as chosen (the right one before it takes the left's data)."""
        return self._configs

    def set_current_config(self, config: ExperimentConfig) -> None:
        """The main window's settings, offered in both choosers; taken when the user chooses them."""
        self._current = config.validate()
        for side in self.sides:
            self._update_current_item(side)

    def choose(self, side: int, config: ExperimentConfig) -> bool:
        """Put ``config`` on ``side`` (0 left, 1 right) and restart both; False (and a message) if refused."""
        configs = list(self._configs)
        configs[side] = config
        try:
            share_data(configs[0], configs[1])
        except ConfigError as error:
            self._refused(f"Cannot put that network on the {SIDE_NAMES[side]}: {error}")
            return False
        self._configs = (configs[0], configs[1])
        self._refusal = ""
        self.training.send(SetConfigs(*self._configs))
        return True

    def is_open(self) -> bool:
        """True while the window's training thread runs (until it is closed)."""
        return self.training.is_running()

    # ----- commands (GUI thread; ``send`` only enqueues) ----------------------------

    def _send(self, command: Command) -> None:
        """A new command clears the last refusal: it was about the previous one."""
        self._refusal = ""
        self.training.send(command)

    @Slot()
    def toggle_play(self) -> None:
        self._send(Toggle())

    @Slot()
    def step(self) -> None:
        self._send(Step(int(self.epochs_combo.currentData())))

    @Slot()
    def reset(self) -> None:
        self._send(Reset())

    @Slot(int)
    def _chosen(self, index: int) -> None:
        side = next(s for s in self.sides if s.chooser is self.sender())
        config = side.choices[index] or self._current
        if config is None or not self.choose(side.side, config):
            self._show_choice(side)

    def _show_choice(self, side: CompareSide) -> None:
        """Point the chooser at the side's configuration (the main window's entry if it is that)."""
        config = self._configs[side.side]
        index = side.choices.index(config) if config in side.choices else side.choices.index(None)
        side.chooser.setCurrentIndex(index)

    @Slot(str)
    def _refused(self, message: str) -> None:
        self._refusal = message
        self._show_message(self.training.worker.latest())

    # ----- pairs from the worker ----------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Draw the worker's newest pair, if it is one not drawn yet."""
        pair = self.training.worker.latest()
        if pair.serial == self._shown_serial:
            return
        self.training.turns.gui_busy()
        self._shown_serial = pair.serial
        for side, snapshot in zip(self.sides, (pair.left, pair.right)):
            side.show_snapshot(snapshot)
        self.loss_plot.show_pair(
            pair.left, pair.right, (describe(pair.left.config), describe(pair.right.config))
        )
        running = pair.state in (RunState.RUNNING, RunState.STEPPING)
        self.play_button.setText("Pause" if running else "Play")
        icon = QStyle.StandardPixmap.SP_MediaPause if running else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        rate = f" · {formatting.rate(pair.epochs_per_second)} per side" if running else ""
        self.epoch_label.setText(f"<b>epoch {formatting.count(pair.epoch)}</b>, both sides{rate}")
        self.note_label.setText(pair.note)
        self.note_label.setVisible(bool(pair.note))
        self._show_message(pair)
        self.frames_shown += 1

    def _show_message(self, pair: ComparePair) -> None:
        text = "\n".join(line for line in (pair.message, self._refusal) if line)
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # ----- shutting down ---------------------------------------------------------

    def shutdown(self) -> bool:
        """Stop the timer and join the training thread; True once it has ended. Safe to call twice."""
        self._frames.stop()
        return self.training.shutdown(SHUTDOWN_TIMEOUT_MS)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
