"""The Run group: play, step, reset, epochs per step, speed limit and the step-through.

None of these touch the configuration; they only drive the training thread,
so the group only hands commands (``live.commands``) to the ``send`` it is given.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QVBoxLayout,
)

from nnplayground.live.commands import Command, Reset, SetSpeedLimit, Step, Toggle, ToggleStepper
from nnplayground.live.frames import RunState
from nnplayground.notation import formatting
from nnplayground.ui.widgets.factories import Blocked, button, name, whole_box
from nnplayground.ui.widgets.focus_first import FocusFirstComboBox, FocusFirstSlider

MAX_EPOCHS_PER_STEP = 1_000_000
EPOCHS_PER_STEP_CHOICES = (1, 10, 100, 1_000, 10_000)
CUSTOM = "custom…"
# Slider positions, slowest first; None is "as fast as the machine goes".
SPEED_LIMITS: tuple[float | None, ...] = (1, 2, 5, 10, 30, 100, 300, 1_000, 10_000, None)


def speed_text(limit: float | None) -> str:
    if limit is None:
        return "full speed"
    unit = "epoch/s" if limit == 1 else "epochs/s"
    prefix = "slow motion: " if limit <= 10 else ""
    return f"{prefix}{formatting.count(int(limit))} {unit}"


class RunGroup(QGroupBox):
    refused = Signal(str)  # a typed number of epochs per step it cannot take, and why

    def __init__(self, send: Callable[[Command], None]) -> None:
        super().__init__("Run")
        self._send = send
        style = self.style()
        self.play_button = button(
            "Play",
            "playButton",
            "Play",
            "Train continuously, or pause (Space)",
            lambda: send(Toggle()),
            icon=style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay),
            tab_focus_only=True,
        )
        self.step_button = button(
            "Step",
            "stepButton",
            "Step",
            "Train exactly the epochs per step below, then pause (→)",
            self._request_step,
            icon=style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward),
            tab_focus_only=True,
        )
        self.reset_button = button(
            "Reset",
            "resetButton",
            "Reset",
            "Start again from epoch 0 with the same seeds (R)",
            lambda: send(Reset()),
            icon=style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload),
            tab_focus_only=True,
        )
        self.stepper_button = button(
            "Step through backprop…",
            "stepperButton",
            "Step through backprop",
            "Walk one epoch phase by phase — feed-forward, cost, back-propagation phases 1 and 2, "
            "update — with the article's names and the real numbers (B)",
            self._request_stepper,
            tab_focus_only=True,
        )
        self.stepper_button.setCheckable(True)

        self.epochs_combo = FocusFirstComboBox()
        name(
            self.epochs_combo,
            "epochsPerStepCombo",
            "Epochs per step",
            "How many epochs one Step trains: 1 to watch a single update, 10 000 to jump ahead",
        )
        for epochs in EPOCHS_PER_STEP_CHOICES:
            self.epochs_combo.addItem(formatting.count(epochs), epochs)
        self.epochs_combo.addItem(CUSTOM, None)
        self.epochs_combo.currentIndexChanged.connect(self._epochs_choice_changed)
        self.epochs_spin = whole_box(
            "epochsPerStepSpin",
            "Epochs per step (custom)",
            f"Any number of epochs per step, 1 to {formatting.count(MAX_EPOCHS_PER_STEP)}",
            1,
            MAX_EPOCHS_PER_STEP,
            self._epochs_value_changed,
            self.refused.emit,
            grouped=True,
        )

        self.speed_slider = FocusFirstSlider(Qt.Orientation.Horizontal)
        name(
            self.speed_slider,
            "speedSlider",
            "Speed limit",
            "Cap how fast Play trains, from 1 epoch per second (slow motion) to full speed.\n"
            "Step always runs at full speed.",
        )
        self.speed_slider.setRange(0, len(SPEED_LIMITS) - 1)
        self.speed_slider.setValue(len(SPEED_LIMITS) - 1)
        self.speed_slider.setPageStep(1)
        self.speed_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.speed_slider.valueChanged.connect(self._speed_changed)
        self.speed_label = QLabel(speed_text(None))
        name(self.speed_label, "speedLabel", "Speed limit value", "The current speed limit")

        buttons = QHBoxLayout()
        for widget in (self.play_button, self.step_button, self.reset_button):
            buttons.addWidget(widget)
        # The custom box has a row of its own: beside the list it would widen the panel past its room.
        form = QFormLayout()
        self._form = form
        form.addRow("Epochs per step", self.epochs_combo)
        form.addRow("Custom", self.epochs_spin)
        form.setRowVisible(self.epochs_spin, False)
        form.addRow("Speed", self.speed_slider)
        form.addRow("", self.speed_label)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.stepper_button)

    def epochs_per_step(self) -> int:
        return self.epochs_spin.value()

    @Slot()
    def _request_step(self) -> None:
        self._send(Step(self.epochs_per_step()))

    @Slot()
    def _request_stepper(self) -> None:
        """The button shows the worker's state (``show_stepper``), not its own click."""
        self.stepper_button.setChecked(not self.stepper_button.isChecked())
        self._send(ToggleStepper())

    def show_stepper(self, active: bool) -> None:
        if self.stepper_button.isChecked() != active:
            self.stepper_button.setChecked(active)
        self.stepper_button.setText("Leave step-through" if active else "Step through backprop…")

    @Slot(int)
    def _epochs_choice_changed(self, index: int) -> None:
        epochs = self.epochs_combo.itemData(index)
        custom = epochs is None
        if not custom:
            with Blocked(self.epochs_spin):
                self.epochs_spin.setValue(epochs)
        self._form.setRowVisible(self.epochs_spin, custom)
        if custom:
            self.epochs_spin.setFocus()
            self.epochs_spin.selectAll()

    @Slot(int)
    def _epochs_value_changed(self, epochs: int) -> None:
        index = self.epochs_combo.findData(epochs)
        with Blocked(self.epochs_combo):
            self.epochs_combo.setCurrentIndex(index if index >= 0 else self.epochs_combo.count() - 1)
        self._form.setRowVisible(self.epochs_spin, index < 0)

    @Slot(int)
    def _speed_changed(self, position: int) -> None:
        limit = SPEED_LIMITS[position]
        self.speed_label.setText(speed_text(limit))
        self._send(SetSpeedLimit(limit))

    def show_state(self, state: RunState) -> None:
        """The Play button offers what a press would do next."""
        running = state == RunState.RUNNING
        if self.play_button.text() == ("Pause" if running else "Play"):
            return
        self.play_button.setText("Pause" if running else "Play")
        icon = QStyle.StandardPixmap.SP_MediaPause if running else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setAccessibleName("Pause" if running else "Play")
