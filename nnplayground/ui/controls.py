"""The control panel: every setting, the run buttons and the presets.

The panel holds the one ``ExperimentConfig`` the GUI believes in. A widget
change becomes ``config.replace(...)``; the engine's validation decides, and
a refusal is shown in words beside the controls with the widget put back,
never as a traceback. Accepted configurations leave as ``config_changed``;
the panel never talks to the worker itself.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from nnplayground.core.activations import ACTIVATIONS
from nnplayground.core.config import (
    DATASETS,
    MAX_LEARNING_RATE,
    MAX_SAMPLES,
    MIN_SAMPLES,
    ConfigError,
    ExperimentConfig,
)
from nnplayground.core.losses import LOSSES
from nnplayground.core.presets import PRESETS

from . import formatting
from .hidden_switch import HiddenLayerSwitch
from .spinboxes import LogSpinBox
from .worker import RunState

MAX_HIDDEN_UNITS_UI = 64
MIN_LEARNING_RATE_UI = 1e-6
MAX_EPOCHS_PER_STEP = 1_000_000
EPOCHS_PER_STEP_CHOICES = (1, 10, 100, 1_000, 10_000)
CUSTOM = "custom…"
# Slider positions, slowest first; None is "as fast as the machine goes".
SPEED_LIMITS: tuple[float | None, ...] = (1, 2, 5, 10, 30, 100, 300, 1_000, 10_000, None)
PRESET_HIDDEN = "article: one hidden layer"
PRESET_PERCEPTRON = "article: perceptron"


def _name(widget: QWidget, object_name: str, accessible: str, tooltip: str) -> None:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    widget.setToolTip(tooltip)


def speed_text(limit: float | None) -> str:
    if limit is None:
        return "full speed"
    unit = "epoch/s" if limit == 1 else "epochs/s"
    prefix = "slow motion: " if limit <= 10 else ""
    return f"{prefix}{formatting.count(int(limit))} {unit}"


class ControlPanel(QWidget):
    config_changed = Signal(object, bool)  # (ExperimentConfig, restart: bool)
    toggle_requested = Signal()
    step_requested = Signal(int)
    reset_requested = Signal()
    stepper_requested = Signal()
    speed_limit_changed = Signal(object)  # float epochs/s, or None for full speed

    def __init__(self, config: ExperimentConfig) -> None:
        super().__init__()
        self.setObjectName("controlPanel")
        self.setAccessibleName("Controls")
        self._config = config
        self._switch = HiddenLayerSwitch()
        self._switch.remember(config)

        layout = QVBoxLayout(self)
        layout.addWidget(self._build_run_group())
        layout.addWidget(self._build_network_group())
        layout.addWidget(self._build_data_group())
        layout.addWidget(self._build_presets_group())
        self.message = QLabel("")
        _name(self.message, "controlMessageLabel", "Message", "Why the last change was refused")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._show_config(config)

    # ----- building -------------------------------------------------------------

    def _build_run_group(self) -> QGroupBox:
        group = QGroupBox("Run")
        style = self.style()
        self.play_button = QPushButton("Play")
        _name(self.play_button, "playButton", "Play", "Train continuously, or pause (Space)")
        self.play_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play_button.clicked.connect(self._request_toggle)
        self.step_button = QPushButton("Step")
        _name(
            self.step_button, "stepButton", "Step", "Train exactly the epochs per step below, then pause (→)"
        )
        self.step_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward))
        self.step_button.clicked.connect(self._request_step)
        self.reset_button = QPushButton("Reset")
        _name(self.reset_button, "resetButton", "Reset", "Start again from epoch 0 with the same seeds (R)")
        self.reset_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.reset_button.clicked.connect(self._request_reset)
        self.stepper_button = QPushButton("Step through backprop…")
        _name(
            self.stepper_button,
            "stepperButton",
            "Step through backprop",
            "Walk one epoch phase by phase — feed-forward, cost, back-propagation phases 1 and 2, "
            "update — with the article's names and the real numbers (B)",
        )
        self.stepper_button.setCheckable(True)
        self.stepper_button.clicked.connect(self._request_stepper)
        for button in (self.play_button, self.step_button, self.reset_button, self.stepper_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        self.epochs_combo = QComboBox()
        _name(
            self.epochs_combo,
            "epochsPerStepCombo",
            "Epochs per step",
            "How many epochs one Step trains: 1 to watch a single update, 10 000 to jump ahead",
        )
        for epochs in EPOCHS_PER_STEP_CHOICES:
            self.epochs_combo.addItem(formatting.count(epochs), epochs)
        self.epochs_combo.addItem(CUSTOM, None)
        self.epochs_combo.currentIndexChanged.connect(self._epochs_choice_changed)
        self.epochs_spin = QSpinBox()
        _name(
            self.epochs_spin,
            "epochsPerStepSpin",
            "Epochs per step (custom)",
            f"Any number of epochs per step, 1 to {formatting.count(MAX_EPOCHS_PER_STEP)}",
        )
        self.epochs_spin.setRange(1, MAX_EPOCHS_PER_STEP)
        self.epochs_spin.setGroupSeparatorShown(True)
        self.epochs_spin.setKeyboardTracking(False)
        self.epochs_spin.setStepType(QSpinBox.StepType.AdaptiveDecimalStepType)
        self.epochs_spin.setValue(1)
        self.epochs_spin.setVisible(False)
        self.epochs_spin.valueChanged.connect(self._epochs_value_changed)

        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        _name(
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
        _name(self.speed_label, "speedLabel", "Speed limit value", "The current speed limit")

        buttons = QHBoxLayout()
        for button in (self.play_button, self.step_button, self.reset_button):
            buttons.addWidget(button)
        steps = QHBoxLayout()
        steps.addWidget(self.epochs_combo, 1)
        steps.addWidget(self.epochs_spin, 1)
        form = QFormLayout()
        form.addRow("Epochs per step", steps)
        form.addRow("Speed", self.speed_slider)
        form.addRow("", self.speed_label)
        layout = QVBoxLayout(group)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.stepper_button)
        return group

    def _build_network_group(self) -> QGroupBox:
        group = QGroupBox("Network")
        self.hidden_toggle = QCheckBox("Hidden layer")
        _name(
            self.hidden_toggle,
            "hiddenLayerToggle",
            "Hidden layer",
            "On: the article's 2-4-1 network. Off: the article's perceptron, which cannot separate "
            "the moons (H).\n"
            "Each side keeps its own bias and weight seed; other settings carry over.",
        )
        self.hidden_toggle.toggled.connect(self._hidden_toggled)
        self.units_spin = QSpinBox()
        _name(
            self.units_spin,
            "hiddenUnitsSpin",
            "Hidden units",
            f"Neurons in the hidden layer, 1 to {MAX_HIDDEN_UNITS_UI}",
        )
        self.units_spin.setRange(1, MAX_HIDDEN_UNITS_UI)
        self.units_spin.setKeyboardTracking(False)
        self.units_spin.valueChanged.connect(self._units_changed)

        self.hidden_activation = self._choice_combo(
            "hiddenActivationCombo",
            "Hidden activation",
            "The hidden layer's activation function (the article uses sigmoid)",
            [(name, name) for name in ACTIVATIONS],
            "hidden_activation",
        )
        self.output_activation = self._choice_combo(
            "outputActivationCombo",
            "Output activation",
            "The output neuron's activation. Sigmoid keeps the output in 0..1; linear lets a large "
            "learning rate diverge",
            [(name, name) for name in ACTIVATIONS],
            "output_activation",
        )
        self.loss_combo = self._choice_combo(
            "lossCombo",
            "Loss",
            "The cost being minimised; the article's is ½·Σ(ao−y)², whose figures are 4.17 and 1.50",
            [(loss.label, name) for name, loss in LOSSES.items()],
            "loss",
        )
        self.bias_check = QCheckBox("Bias")
        _name(
            self.bias_check,
            "biasCheck",
            "Bias",
            "Add a bias to every neuron (the article's perceptron has one; its 2-4-1 network does not)",
        )
        self.bias_check.toggled.connect(lambda on: self._apply(bias=on))
        self.learning_rate = LogSpinBox(MIN_LEARNING_RATE_UI, MAX_LEARNING_RATE, "learning rate")
        _name(
            self.learning_rate,
            "learningRateSpin",
            "Learning rate",
            f"Step size of gradient descent (article: 0.5), "
            f"{MIN_LEARNING_RATE_UI:g} to {MAX_LEARNING_RATE:g}.\n"
            "Arrows step 1-2-5; changing it mid-run carries on from the current weights.",
        )
        self.learning_rate.valueChanged.connect(lambda value: self._apply(learning_rate=value))
        self.learning_rate.refused.connect(self.show_message)

        hidden_row = QHBoxLayout()
        hidden_row.addWidget(self.hidden_toggle)
        hidden_row.addWidget(self.units_spin)
        hidden_row.addWidget(QLabel("units"))
        hidden_row.addStretch(1)
        form = QFormLayout(group)
        form.addRow(hidden_row)
        form.addRow("Activation", self.hidden_activation)
        form.addRow("Output", self.output_activation)
        form.addRow("", self.bias_check)
        form.addRow("Loss", self.loss_combo)
        form.addRow("Learning rate", self.learning_rate)
        return group

    def _build_data_group(self) -> QGroupBox:
        group = QGroupBox("Data")
        self.dataset_combo = self._choice_combo(
            "datasetCombo",
            "Dataset",
            "Which two-class point set to learn",
            [(n, n) for n in DATASETS],
            "dataset",
        )
        self.samples_spin = QSpinBox()
        _name(
            self.samples_spin,
            "samplesSpin",
            "Number of points",
            f"How many points to generate, {MIN_SAMPLES} to {formatting.count(MAX_SAMPLES)} (article: 100)",
        )
        self.samples_spin.setRange(MIN_SAMPLES, MAX_SAMPLES)
        self.samples_spin.setGroupSeparatorShown(True)
        self.samples_spin.setKeyboardTracking(False)
        self.samples_spin.setStepType(QSpinBox.StepType.AdaptiveDecimalStepType)
        self.samples_spin.valueChanged.connect(lambda value: self._apply(n_samples=value))
        self.noise_spin = QDoubleSpinBox()
        _name(self.noise_spin, "noiseSpin", "Noise", "How much the points scatter, 0 to 1 (article: 0.1)")
        self.noise_spin.setRange(0.0, 1.0)
        self.noise_spin.setSingleStep(0.05)
        self.noise_spin.setDecimals(2)
        self.noise_spin.setKeyboardTracking(False)
        self.noise_spin.valueChanged.connect(lambda value: self._apply(noise=round(value, 2)))
        self.test_spin = QSpinBox()
        _name(
            self.test_spin,
            "testFractionSpin",
            "Test points percentage",
            "Share of the points held out as test points (hollow diamonds), 0 to 90 % (article: 0)",
        )
        self.test_spin.setRange(0, 90)
        self.test_spin.setSingleStep(10)
        self.test_spin.setSuffix(" %")
        self.test_spin.setKeyboardTracking(False)
        self.test_spin.valueChanged.connect(lambda value: self._apply(test_fraction=value / 100))
        self.regenerate_button = QPushButton("Regenerate")
        _name(
            self.regenerate_button,
            "regenerateButton",
            "Regenerate data",
            "Draw a new set of points (next data seed); the run starts again",
        )
        self.regenerate_button.clicked.connect(self._regenerate)
        self.seed_label = QLabel("")
        _name(
            self.seed_label, "dataSeedLabel", "Data seed", "The seed the points were drawn with (article: 0)"
        )

        regenerate_row = QHBoxLayout()
        regenerate_row.addWidget(self.regenerate_button)
        regenerate_row.addWidget(self.seed_label)
        regenerate_row.addStretch(1)
        form = QFormLayout(group)
        form.addRow("Dataset", self.dataset_combo)
        form.addRow("Points", self.samples_spin)
        form.addRow("Noise", self.noise_spin)
        form.addRow("Test points", self.test_spin)
        form.addRow(regenerate_row)
        return group

    def _build_presets_group(self) -> QGroupBox:
        group = QGroupBox("The article")
        self.preset_hidden = QPushButton("One hidden layer")
        _name(
            self.preset_hidden,
            "presetHiddenButton",
            "Preset: article one hidden layer",
            "Load the article's 2-4-1 network exactly (its loss reaches 1.50 after 200 000 epochs)",
        )
        self.preset_hidden.clicked.connect(lambda: self.load_preset(PRESET_HIDDEN))
        self.preset_perceptron = QPushButton("Perceptron")
        _name(
            self.preset_perceptron,
            "presetPerceptronButton",
            "Preset: article perceptron",
            "Load the article's perceptron exactly (its loss stalls near 4.17)",
        )
        self.preset_perceptron.clicked.connect(lambda: self.load_preset(PRESET_PERCEPTRON))
        layout = QGridLayout(group)
        layout.addWidget(self.preset_hidden, 0, 0)
        layout.addWidget(self.preset_perceptron, 0, 1)
        return group

    def _choice_combo(
        self, object_name: str, accessible: str, tooltip: str, items: list[tuple[str, str]], field: str
    ) -> QComboBox:
        combo = QComboBox()
        _name(combo, object_name, accessible, tooltip)
        for text, value in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _index: self._apply(**{field: combo.currentData()}))
        return combo

    # ----- config in and out --------------------------------------------------------

    @property
    def config(self) -> ExperimentConfig:
        return self._config

    def epochs_per_step(self) -> int:
        return self.epochs_spin.value()

    def load_preset(self, name: str) -> None:
        """Load a named configuration whole and start a fresh run, whatever was set before."""
        config = PRESETS[name]
        self._switch.remember(config)
        self._config = config
        self._show_config(config)
        self.show_message("")
        self.config_changed.emit(config, True)

    def adopt(self, config: ExperimentConfig) -> None:
        """Show a configuration the trainer already runs (an opened session) without sending it back."""
        self._switch.remember(config)
        self._config = config
        self._show_config(config)
        self.show_message("")

    def toggle_hidden_layer(self) -> None:
        self.hidden_toggle.toggle()

    def _apply(self, **changes: Any) -> None:
        try:
            config = self._config.replace(**changes)
        except ConfigError as error:
            self.show_message(str(error))
            self._show_config(self._config)
            return
        self._commit(config)

    def _commit(self, config: ExperimentConfig) -> None:
        self.show_message("")
        if config == self._config:
            return
        self._config = config
        self._show_config(config)
        self.config_changed.emit(config, False)

    def _show_config(self, config: ExperimentConfig) -> None:
        """Put every widget in line with ``config`` without echoing the changes back."""
        hidden = bool(config.hidden_layers)
        with _Blocked(
            self.hidden_toggle,
            self.units_spin,
            self.hidden_activation,
            self.output_activation,
            self.loss_combo,
            self.bias_check,
            self.learning_rate,
            self.dataset_combo,
            self.samples_spin,
            self.noise_spin,
            self.test_spin,
        ):
            self.hidden_toggle.setChecked(hidden)
            if hidden:
                self.units_spin.setValue(config.hidden_layers[0])
            self.units_spin.setEnabled(hidden)
            self.hidden_activation.setEnabled(hidden)
            _select(self.hidden_activation, config.hidden_activation)
            _select(self.output_activation, config.output_activation)
            _select(self.loss_combo, config.loss)
            self.bias_check.setChecked(config.bias)
            self.learning_rate.setValue(config.learning_rate)
            _select(self.dataset_combo, config.dataset)
            self.samples_spin.setValue(config.n_samples)
            self.noise_spin.setValue(config.noise)
            self.test_spin.setValue(round(config.test_fraction * 100))
        self.seed_label.setText(f"seed {config.data_seed}")

    # ----- widget handlers --------------------------------------------------------

    @Slot(bool)
    def _hidden_toggled(self, on: bool) -> None:
        try:
            config = self._switch.switch(self._config, on, self.units_spin.value())
        except ConfigError as error:
            self.show_message(str(error))
            self._show_config(self._config)
            return
        self._commit(config)

    @Slot(int)
    def _units_changed(self, units: int) -> None:
        if self._config.hidden_layers:
            self._apply(hidden_layers=(units,))

    @Slot()
    def _regenerate(self) -> None:
        self._apply(data_seed=(self._config.data_seed + 1) % 2**32)

    @Slot()
    def _request_toggle(self) -> None:
        self.toggle_requested.emit()

    @Slot()
    def _request_reset(self) -> None:
        self.reset_requested.emit()

    @Slot()
    def _request_stepper(self) -> None:
        """The button shows the worker's state (``show_stepper``), not its own click."""
        self.stepper_button.setChecked(not self.stepper_button.isChecked())
        self.stepper_requested.emit()

    def show_stepper(self, active: bool) -> None:
        if self.stepper_button.isChecked() != active:
            self.stepper_button.setChecked(active)
        self.stepper_button.setText("Leave step-through" if active else "Step through backprop…")

    @Slot()
    def _request_step(self) -> None:
        self.step_requested.emit(self.epochs_per_step())

    @Slot(int)
    def _epochs_choice_changed(self, index: int) -> None:
        epochs = self.epochs_combo.itemData(index)
        custom = epochs is None
        if not custom:
            with _Blocked(self.epochs_spin):
                self.epochs_spin.setValue(epochs)
        self.epochs_spin.setVisible(custom)
        if custom:
            self.epochs_spin.setFocus()
            self.epochs_spin.selectAll()

    @Slot(int)
    def _epochs_value_changed(self, epochs: int) -> None:
        index = self.epochs_combo.findData(epochs)
        with _Blocked(self.epochs_combo):
            self.epochs_combo.setCurrentIndex(index if index >= 0 else self.epochs_combo.count() - 1)
        self.epochs_spin.setVisible(index < 0)

    @Slot(int)
    def _speed_changed(self, position: int) -> None:
        limit = SPEED_LIMITS[position]
        self.speed_label.setText(speed_text(limit))
        self.speed_limit_changed.emit(limit)

    # ----- feedback -------------------------------------------------------------

    @Slot(str)
    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def show_state(self, state: RunState) -> None:
        """The Play button offers what a press would do next."""
        running = state == RunState.RUNNING
        if self.play_button.text() == ("Pause" if running else "Play"):
            return
        self.play_button.setText("Pause" if running else "Play")
        icon = QStyle.StandardPixmap.SP_MediaPause if running else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setAccessibleName("Pause" if running else "Play")


class _Blocked:
    """Block several widgets' signals for the length of a ``with`` block."""

    def __init__(self, *widgets: QWidget) -> None:
        self._widgets = widgets
        self._blockers: list[QSignalBlocker] = []

    def __enter__(self) -> None:
        self._blockers = [QSignalBlocker(widget) for widget in self._widgets]

    def __exit__(self, *exc: object) -> None:
        for blocker in self._blockers:
            blocker.unblock()
        self._blockers = []


def _select(combo: QComboBox, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))
