"""The control panel: every setting, the run buttons, the presets and the tools.

The panel holds the one ``ExperimentConfig`` the GUI believes in. A widget
change becomes ``config.replace(...)``; the engine's validation decides, and
a refusal is shown in words right below the group it came from (the panel
scrolls, a message at its foot could be out of sight) with the widget put
back, never as a traceback. Everything meant for the training thread — an
accepted configuration, a preset, play, step — leaves as one ``command``
signal carrying a ``live.commands`` value, which the window connects to the
thread's port; the panel never holds the thread itself. What only the window
can do (open a file dialog, another window, change a view) the groups signal
themselves (``panel.data.import_requested``, ``panel.view``,
``panel.compare``). Each group lives in its own module; this one only
assembles them and owns the config.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from nnplayground.core.config import ConfigError, ExperimentConfig
from nnplayground.core.presets import (
    ARTICLE_HIDDEN_PRESET,
    ARTICLE_PERCEPTRON_PRESET,
    PRESETS,
    THREE_ARM_SPIRAL_PRESET,
    THREE_BLOBS_PRESET,
)
from nnplayground.live.commands import LoadPreset, Reconfigure
from nnplayground.live.frames import RunState
from nnplayground.live.hidden_switch import HiddenLayerSwitch
from nnplayground.ui.controls.data import DataGroup
from nnplayground.ui.controls.features import FeatureGroup
from nnplayground.ui.controls.network import NetworkGroup
from nnplayground.ui.controls.run import RunGroup
from nnplayground.ui.controls.training import TrainingGroup
from nnplayground.ui.controls.views import CompareGroup, ViewGroup
from nnplayground.ui.widgets.factories import button, name


class ControlPanel(QWidget):
    command = Signal(object)  # a live.commands command for the training thread

    def __init__(self, config: ExperimentConfig) -> None:
        super().__init__()
        self.setObjectName("controlPanel")
        self.setAccessibleName("Controls")
        self._config = config
        self._imported_points: int | None = None
        self._switch = HiddenLayerSwitch()
        self._switch.remember(config)

        self.run = RunGroup(self.command.emit)
        self.presets = self._build_presets_group()
        # Built in the order they are laid out, which is also the Tab order.
        self.network = NetworkGroup(
            self._apply,
            self._set_layers,
            lambda text: self._refuse(text, "hidden_layers"),
            lambda: self._config,
        )
        self.training = TrainingGroup(self._apply, lambda text: self._refuse(text, "learning_rate"))
        self.data = DataGroup(
            self._apply,
            lambda: self._config,
            lambda text: self._refuse(text, "n_samples"),
            self.command.emit,
            lambda text: self._note(text, self.data),
        )
        self.features = FeatureGroup(self._apply, lambda text: self._refuse(text, "input_features"))
        self.view = ViewGroup()
        self.compare = CompareGroup()
        self._groups: dict[str, QGroupBox] = {
            field: group
            for group in (self.data, self.features, self.network, self.training)
            for field in group.FIELDS
        }
        self.run.refused.connect(lambda text: self._refuse_below(self.run, text))
        self.run.epochs_spin.valueChanged.connect(lambda _epochs: self.show_message(""))

        self.message = QLabel("")
        name(self.message, "controlMessageLabel", "Message", "Why the last change was refused")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        self.message.setVisible(False)
        self._layout = QVBoxLayout(self)
        for group in (
            self.run,
            self.presets,
            self.network,
            self.training,
            self.data,
            self.features,
            self.view,
            self.compare,
        ):
            self._layout.addWidget(group)
        self._layout.addWidget(self.message)
        self._layout.addStretch(1)
        self._show_config(config)

    def _build_presets_group(self) -> QGroupBox:
        group = QGroupBox("Presets")
        self.preset_hidden = button(
            "One hidden layer",
            "presetHiddenButton",
            "Preset: article one hidden layer",
            "Load the article's 2-4-1 network exactly (its loss reaches 1.50 after 200 000 epochs)",
            lambda: self.load_preset(ARTICLE_HIDDEN_PRESET.name),
        )
        self.preset_perceptron = button(
            "Perceptron",
            "presetPerceptronButton",
            "Preset: article perceptron",
            "Load the article's perceptron exactly (its loss stalls near 4.17)",
            lambda: self.load_preset(ARTICLE_PERCEPTRON_PRESET.name),
        )
        self.preset_blobs = button(
            "3 blobs",
            "presetBlobsButton",
            "Preset: multi-class 3 blobs",
            "Three classes of Gaussian blobs, learnt by a softmax output with cross-entropy "
            "(the series' next article: more than two classes)",
            lambda: self.load_preset(THREE_BLOBS_PRESET.name),
        )
        self.preset_spiral = button(
            "3-arm spiral",
            "presetSpiralButton",
            "Preset: multi-class 3-arm spiral",
            "A spiral of three arms, one class each, learnt by a softmax output with cross-entropy",
            lambda: self.load_preset(THREE_ARM_SPIRAL_PRESET.name),
        )
        layout = QGridLayout(group)
        layout.addWidget(self.preset_hidden, 0, 0)
        layout.addWidget(self.preset_perceptron, 0, 1)
        layout.addWidget(self.preset_blobs, 1, 0)
        layout.addWidget(self.preset_spiral, 1, 1)
        return group

    # ----- config in and out --------------------------------------------------------

    @property
    def config(self) -> ExperimentConfig:
        return self._config

    def epochs_per_step(self) -> int:
        return self.run.epochs_per_step()

    def load_preset(self, name: str) -> None:
        """Load a named configuration whole, its data included, and start a fresh run."""
        config = PRESETS[name]
        self._switch.remember(config)
        self._config = config
        self._show_config(config)
        self.show_message("")
        self.command.emit(LoadPreset(config))

    def adopt(self, config: ExperimentConfig) -> None:
        """Show a configuration the trainer already runs (an opened session) without sending it back."""
        self._switch.remember(config)
        self._config = config
        self._show_config(config)
        self.show_message("")

    @Slot(object)
    def adopt_imported(self, config: ExperimentConfig) -> None:
        """An imported file's K classes set up the run (``with_classes``): show it, and say what changed."""
        self.adopt(config)
        words = f"{config.classes} classes in the file"
        if config.output_activation == "softmax":
            words += ": a softmax output with the cross-entropy loss"
        self._note(words + ".", self.data)

    def toggle_hidden_layer(self) -> None:
        self.network.hidden_toggle.toggle()

    def show_data_source(self, imported: bool, points: int) -> None:
        """Called every frame: whose points are trained on (cheap when nothing changed)."""
        if not self.data.show_data_source(imported, points):
            return
        self._imported_points = points if imported else None
        self.training.show_config(self._config, self._data_points(self._config))

    def set_view_options(self, show_test: bool, discretize: bool) -> None:
        """Restore the view checkboxes (remembered settings) without emitting."""
        self.view.set_view_options(show_test, discretize)

    def _apply(self, **changes: Any) -> None:
        if not changes:
            return
        try:
            config = self._config.replace(**changes)
        except ConfigError as error:
            self._refuse(str(error), next(iter(changes)))
            return
        self._commit(config)

    def _set_layers(self, hidden: bool, layers: tuple[int, ...] | None) -> None:
        """Layer changes cross between the perceptron and hidden sides through the switch."""
        try:
            config = self._switch.switch(self._config, hidden, layers)
        except ConfigError as error:
            self._refuse(str(error), "hidden_layers")
            return
        self._commit(config)

    def _commit(self, config: ExperimentConfig) -> None:
        self.show_message("")
        if config == self._config:
            return
        self._config = config
        self._show_config(config)
        self.command.emit(Reconfigure(config))

    def _show_config(self, config: ExperimentConfig) -> None:
        """Put every widget in line with ``config`` without echoing the changes back."""
        if not self.data.generated_button.isVisible():
            self._imported_points: int | None = None
        self.data.show_config(config)
        self.features.show_config(config)
        self.network.show_config(config, self._switch.remembered_layers())
        self.training.show_config(config, self._data_points(config))

    def _data_points(self, config: ExperimentConfig) -> int:
        return config.n_samples if self._imported_points is None else self._imported_points

    # ----- feedback -------------------------------------------------------------

    def _refuse(self, text: str, field: str) -> None:
        """Say why below the group the change came from, and put its widgets back."""
        self._refuse_below(self._groups.get(field), text)

    def _refuse_below(self, group: QGroupBox | None, text: str) -> None:
        if group is not None:
            self._layout.removeWidget(self.message)
            self._layout.insertWidget(self._layout.indexOf(group) + 1, self.message)
        self.show_message(text)
        self._show_config(self._config)

    def _note(self, text: str, group: QGroupBox) -> None:
        """What else an accepted change changed (Classes → softmax), said below the group it came from,
        in the panel's text colour: it is news, not a refusal."""
        if text:
            self._layout.removeWidget(self.message)
            self._layout.insertWidget(self._layout.indexOf(group) + 1, self.message)
        self.show_message(text, role="note")

    @Slot(str)
    def show_message(self, text: str, role: str = "error") -> None:
        self.message.setText(text)
        if self.message.property("role") != role:
            self.message.setProperty("role", role)
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)
        self.message.setToolTip(
            "What else that change changed" if role == "note" else "Why the last change was refused"
        )
        self.message.setVisible(bool(text))

    @property
    def refusal(self) -> str:
        """The refusal shown below a group, or "" when there is none (a note is not one)."""
        shown = self.message.isVisibleTo(self) and self.message.property("role") == "error"
        return self.message.text() if shown else ""

    def show_state(self, state: RunState) -> None:
        self.run.show_state(state)

    def show_stepper(self, active: bool) -> None:
        self.run.show_stepper(active)
