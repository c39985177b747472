"""The Network group: hidden layers and their neurons, activations, bias, initial weights.

TensorFlow Playground's architecture editor, made keyboard-usable and narrow:
a layer-count box (0 to 6) and one small neuron box per layer, only as many
shown as there are layers. The "Hidden layers" toggle (H) goes between no
layer (the article's perceptron side) and the remembered layer list; the
panel routes both through ``HiddenLayerSwitch`` so crossing between 0 and
some layers always lands on the article's settings for that side.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel

from nnplayground.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnplayground.core.config import MAX_HIDDEN_LAYERS, ExperimentConfig
from nnplayground.ui.widgets.factories import Blocked, check_box, choice_combo, select, whole_box

MAX_HIDDEN_UNITS_UI = 64
NEW_LAYER_UNITS = 4
UNITS_PER_ROW = 3  # six boxes in one row would not fit the panel's width
INITIALISER_ITEMS = (
    ("article (0…1)", "article"),
    ("Glorot (Xavier)", "glorot"),
    ("He", "he"),
)


def output_changes(config: ExperimentConfig, output: object) -> dict[str, object]:
    """The output activation with the loss it goes with, so choosing softmax is one step, not two.

    Softmax takes cross-entropy; leaving softmax takes the article's ½·Σ(ao−y)² (cross-entropy is
    for softmax alone). Whether the pair fits the rest (3 classes need softmax; regression has
    none) is the configuration's to accept or refuse, in its words.
    """
    changes: dict[str, object] = {"output_activation": output}
    if output == "softmax":
        changes["loss"] = "cross_entropy"
    elif config.loss == "cross_entropy":
        changes["loss"] = "half_sse"
    return changes


class NetworkGroup(QGroupBox):
    """Asks for changes through ``apply(**fields)`` and ``set_layers(hidden, layers or None)``.

    Typed layer or neuron counts it cannot take go to ``refuse``.
    """

    FIELDS = ("hidden_layers", "hidden_activation", "output_activation", "bias", "initialiser")

    def __init__(
        self,
        apply: Callable[..., None],
        set_layers: Callable[[bool, tuple[int, ...] | None], None],
        refuse: Callable[[str], None],
        config: Callable[[], ExperimentConfig],
    ) -> None:
        super().__init__("Network")
        self._set_layers = set_layers
        self.hidden_toggle = check_box(
            "Hidden layers",
            "hiddenLayerToggle",
            "Hidden layers",
            "On: hidden layers (the article's 2-4-1 network, or the layers you last set). Off: the "
            "article's perceptron, which cannot separate the moons (H).\n"
            "Each side keeps its own bias and weight seed; other settings carry over.",
            lambda on: self._set_layers(on, None),
        )
        self.layer_count = whole_box(
            "hiddenLayerCountSpin",
            "Number of hidden layers",
            f"How many hidden layers, 0 to {MAX_HIDDEN_LAYERS} (article: 1; 0 is its perceptron)",
            0,
            MAX_HIDDEN_LAYERS,
            self._count_changed,
            refuse,
        )
        self.units_spins = [
            whole_box(
                "hiddenUnitsSpin" if index == 0 else f"hiddenUnitsSpin{index + 1}",
                f"Neurons in hidden layer {index + 1}",
                f"Neurons in hidden layer {index + 1}, 1 to {MAX_HIDDEN_UNITS_UI} (article: 4)",
                1,
                MAX_HIDDEN_UNITS_UI,
                self._units_changed,
                refuse,
            )
            for index in range(MAX_HIDDEN_LAYERS)
        ]
        with Blocked(*self.units_spins):
            for spin in self.units_spins:
                spin.setValue(NEW_LAYER_UNITS)
        self.units_spin = self.units_spins[0]

        self.hidden_activation = choice_combo(
            "hiddenActivationCombo",
            "Hidden activation",
            "The hidden layers' activation function (article: sigmoid)",
            [(n, n) for n in ACTIVATIONS],
            lambda value: apply(hidden_activation=value),
        )
        self.output_activation = choice_combo(
            "outputActivationCombo",
            "Output activation",
            "The output neuron's activation (article: sigmoid). Sigmoid keeps the output in 0..1; "
            "linear suits regression and lets a large learning rate diverge.\n"
            "Softmax gives one output per class, probabilities summing to 1; it goes with the "
            "cross-entropy loss (chosen with it) and is needed for 3 classes or more",
            [(n, n) for n in OUTPUT_ACTIVATIONS],
            lambda value: apply(**output_changes(config(), value)),
        )
        self.initialiser = choice_combo(
            "initialiserCombo",
            "Initial weights",
            "How the starting weights are drawn (article: uniform 0…1, np.random.rand).\n"
            "Glorot: uniform ±√(6/(fan-in+fan-out)); He: normal, σ = √(2/fan-in), suits relu.\n"
            "Glorot and He start biases at 0.",
            INITIALISER_ITEMS,
            lambda value: apply(initialiser=value),
        )
        self.bias_check = check_box(
            "Bias",
            "biasCheck",
            "Bias",
            "Add a bias to every neuron (the article's perceptron has one; its 2-4-1 network does not)",
            lambda on: apply(bias=on),
        )

        layers_row = QHBoxLayout()
        layers_row.addWidget(self.hidden_toggle)
        layers_row.addWidget(self.layer_count)
        layers_row.addStretch(1)
        units_grid = QGridLayout()
        units_grid.setHorizontalSpacing(4)
        for index, spin in enumerate(self.units_spins):
            units_grid.addWidget(spin, index // UNITS_PER_ROW, index % UNITS_PER_ROW)
        units_grid.setColumnStretch(UNITS_PER_ROW, 1)
        init_row = QHBoxLayout()
        init_row.addWidget(self.initialiser, 1)
        init_row.addWidget(self.bias_check)
        form = QFormLayout(self)
        form.addRow(layers_row)
        form.addRow(QLabel("Neurons"), units_grid)
        form.addRow("Activation", self.hidden_activation)
        form.addRow("Output", self.output_activation)
        form.addRow("Weights", init_row)

    def show_config(self, config: ExperimentConfig, remembered_layers: tuple[int, ...]) -> None:
        """Show ``config``; with no hidden layer the neuron boxes keep the remembered layers."""
        layers = config.hidden_layers or remembered_layers
        count = len(config.hidden_layers)
        with Blocked(
            self.hidden_toggle,
            self.layer_count,
            *self.units_spins,
            self.hidden_activation,
            self.output_activation,
            self.initialiser,
            self.bias_check,
        ):
            self.hidden_toggle.setChecked(count > 0)
            self.layer_count.setValue(count)
            for spin, units in zip(self.units_spins, layers, strict=False):
                # The UI offers up to 64 neurons; a session's larger layer is shown as it is.
                spin.setMaximum(max(MAX_HIDDEN_UNITS_UI, units))
                spin.setValue(units)
            for index, spin in enumerate(self.units_spins):
                spin.setVisible(index < max(count, 1))
                spin.setEnabled(index < count)
            self.hidden_activation.setEnabled(count > 0)
            select(self.hidden_activation, config.hidden_activation)
            select(self.output_activation, config.output_activation)
            select(self.initialiser, config.initialiser)
            self.bias_check.setChecked(config.bias)

    def _layers(self, count: int) -> tuple[int, ...]:
        return tuple(spin.value() for spin in self.units_spins[:count])

    @Slot(int)
    def _count_changed(self, count: int) -> None:
        self._set_layers(count > 0, self._layers(count))

    @Slot(int)
    def _units_changed(self, _units: int) -> None:
        count = self.layer_count.value()
        if count:
            self._set_layers(True, self._layers(count))
