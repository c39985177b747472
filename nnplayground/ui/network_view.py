"""The network diagram panel: the picture, what it means, what is under the pointer, and weight editing.

It draws frames and never touches the trainer: a typed weight leaves as
``weight_edit_requested`` / ``bias_edit_requested`` and reaches the trainer
as a worker command, applied between chunks. Frames arrive at the window's
refresh rate; the diagram only repaints when the weights, the step-through
phase or the selected sample changed (and at most ten times a second while
training runs, see ``NetworkDiagram``). Each node shows its neuron's
output over the plane (``neuron_thumbnails``), recomputed only for new
weights and at most five times a second; the "Heatmaps" box turns them
off for the plain diagram of the article's figures.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nnplayground.core.features import transform
from nnplayground.core.network import Gradients, Network

from . import colours, network_names
from .network_diagram import DiagramState, NetworkDiagram, format_value
from .network_names import ParameterRef
from .neuron_thumbnails import ThumbnailSource
from .phase_terms import DiagramHighlight, highlight
from .weight_editor import WeightEditor
from .worker import Frame

# Wider layers draw nodes too small for the sample's values beside them (the tables still show them).
MAX_UNITS_WITH_NOTES = 16
IDLE_CAPTION = "Hover a weight to read it, click it to edit it; click a point to follow it."


class NetworkView(QWidget):
    weight_edit_requested = Signal(int, int, int, float)
    bias_edit_requested = Signal(int, int, float)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("networkView")
        self.setAccessibleName("Network diagram")
        self.setAccessibleDescription(
            "Inputs, hidden nodes and output; each weight a line, solid blue if positive, dashed "
            "vermillion if negative, thicker the larger it is"
        )
        self.title = QLabel("Network")
        self.title.setObjectName("networkTitleLabel")
        self.title.setStyleSheet("font-size: 12pt; padding-left: 6px;")
        self.title.setWordWrap(True)
        self.heatmaps_check = QCheckBox("Heat&maps")
        self.heatmaps_check.setObjectName("neuronHeatmapsCheck")
        self.heatmaps_check.setAccessibleName("Show neuron heatmaps")
        self.heatmaps_check.setToolTip(
            "Draw each node as a heatmap of its neuron's output over the plane, in the boundary view's "
            "colours; hover a node to enlarge it (Alt+M). Off: the plain diagram, as in the article"
        )
        self.heatmaps_check.setChecked(True)
        self.caption = QLabel(IDLE_CAPTION)
        self.caption.setObjectName("networkCaptionLabel")
        self.caption.setAccessibleName("What the diagram shows")
        self.caption.setToolTip("What the diagram is showing now")
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("padding-left: 6px;")
        self.diagram = NetworkDiagram()
        self.diagram.setToolTip(
            "Hover over a weight for its value and gradient; click it to type a new value. "
            "Hover over a node to enlarge its heatmap"
        )
        self.legend = QLabel(
            f"<span style='color:{colours.POSITIVE_WEIGHT}'><b>━━</b></span> positive &nbsp; "
            f"<span style='color:{colours.NEGATIVE_WEIGHT}'><b>╍╍</b></span> negative &nbsp; "
            "thicker = larger |w| &nbsp; ■ bias (1)"
        )
        self.legend.setObjectName("networkLegendLabel")
        self.legend.setWordWrap(True)
        self.legend.setToolTip("How weights are drawn: colour and line style give the sign, width the size")
        self.readout = QLabel("")
        self.readout.setObjectName("networkReadoutLabel")
        self.readout.setAccessibleName("Weight under the pointer")
        self.readout.setToolTip("The weight under the pointer: its name, value and gradient")
        self.readout.setWordWrap(True)
        self.readout.setMinimumHeight(self.readout.fontMetrics().height() + 4)
        self.editor = WeightEditor()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 6, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.heatmaps_check)
        layout.addLayout(header)
        layout.addWidget(self.caption)
        layout.addWidget(self.diagram, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.readout)
        layout.addWidget(self.editor)

        self.diagram.hovered.connect(self._hovered)
        self.diagram.edge_clicked.connect(self._edge_clicked)
        self.editor.submitted.connect(self._submitted)
        self.thumbnail_source = ThumbnailSource(self)
        self.thumbnail_source.ready.connect(self.diagram.set_thumbnails)
        self.diagram.thumbnails_wanted.connect(self.thumbnail_source.set_wanted)
        self.heatmaps_check.toggled.connect(self.diagram.set_thumbnails_enabled)

        self._network: Network | None = None
        self._gradients: Gradients | None = None
        self._frame: Frame | None = None
        self._sample: int | None = None
        self._shown_key: tuple | None = None

    # ----- frames and selection -----------------------------------------------------

    def show_frame(self, frame: Frame) -> None:
        self._frame = frame
        snapshot = frame.snapshot
        gradients = frame.gradients
        if snapshot.network is not self._network or gradients is not self._gradients:
            self._network, self._gradients = snapshot.network, gradients
            network = snapshot.network
            self.diagram.set_state(
                DiagramState(
                    tuple(network.layer_sizes),
                    snapshot.config.input_features,
                    network.weights,
                    network.biases,
                    None if gradients is None else gradients.weights,
                    None if gradients is None else gradients.biases,
                )
            )
            title = f"Network · {_title(tuple(network.layer_sizes))}"
            if self.title.text() != title:
                self.title.setText(title)
        self.thumbnail_source.show_snapshot(snapshot)
        self._update_highlight()

    @Slot(int)
    def select_sample(self, index: int) -> None:
        self._sample = index
        self._update_highlight()

    def _update_highlight(self) -> None:
        frame = self._frame
        if frame is None:
            return
        stepper = frame.stepper
        # Outside the step-through the notes follow the weights only when a sample is selected.
        follows_weights = stepper is None and self._sample is not None
        key = (
            None if stepper is None else stepper.walk,
            None if stepper is None else stepper.phase,
            self._network if follows_weights else None,
            self._sample,
        )
        shown = self._shown_key
        if shown is not None and _same(key, shown):
            return
        self._shown_key = key
        sizes = tuple(frame.snapshot.network.layer_sizes)
        boxes_fit = max(sizes) <= MAX_UNITS_WITH_NOTES
        following = (
            f" Boxes beside the nodes: sample {self._sample}."
            if self._sample is not None and boxes_fit
            else ""
        )
        if stepper is not None:
            phase = stepper.current
            lit = highlight(phase, sizes, self._sample)
            self.caption.setText(f"Phase {stepper.phase + 1}: {phase.title} — {lit.caption}.{following}")
        else:
            lit = self._idle_highlight(frame)
            self.caption.setText(IDLE_CAPTION + following)
        self.diagram.set_highlight(lit)

    def _idle_highlight(self, frame: Frame) -> DiagramHighlight:
        """Outside the step-through: the selected point's activations on the nodes, nothing faded."""
        snapshot = frame.snapshot
        notes: dict[int, list[tuple[str, np.ndarray]]] = {}
        data = snapshot.data
        if self._sample is not None and self._sample < data.n_train:
            point = data.X_train[self._sample : self._sample + 1]
            inputs = transform(point, snapshot.config.input_features)
            with np.errstate(all="ignore"):
                forward = snapshot.network.forward(inputs)
            sizes = tuple(snapshot.network.layer_sizes)
            names = _activation_names(sizes)
            notes[0] = [("X", inputs[0])]
            for layer, activation in enumerate(forward.activations, start=1):
                notes[layer] = [(names[layer], activation[0])]
        return DiagramHighlight("idle", IDLE_CAPTION, frozenset(), frozenset(), notes, {})

    # ----- hovering and editing -------------------------------------------------------

    @Slot(str)
    def _hovered(self, text: str) -> None:
        self.readout.setText(text)

    @Slot(object)
    def _edge_clicked(self, ref: ParameterRef) -> None:
        state = self.diagram.state
        if state is None:
            return
        if ref.is_bias and state.biases[ref.layer] is None:
            return
        description = network_names.describe(state.sizes, ref, state.features)
        value = self.diagram.value(ref)
        self.editor.open_for(ref, f"{description} (now {format_value(value)})", value)

    @Slot(object, float)
    def _submitted(self, ref: ParameterRef, value: float) -> None:
        if ref.is_bias:
            self.bias_edit_requested.emit(ref.layer, ref.column, value)
        else:
            self.weight_edit_requested.emit(ref.layer, ref.row, ref.column, value)

    @Slot(str)
    def show_refusal(self, message: str) -> None:
        self.editor.show_refusal(message)


def _same(key: tuple, shown: tuple) -> bool:
    """Walk and network compared by identity (a new object means new numbers), phase and sample by value."""
    walk, phase, network, sample = key
    return walk is shown[0] and network is shown[2] and phase == shown[1] and sample == shown[3]


def _title(sizes: tuple[int, ...]) -> str:
    family = network_names.kind(sizes)
    if family == "article":
        return "the article's 2-4-1 network (w1…w12 as it numbers them)"
    if family == "perceptron":
        return "the perceptron (Part 1's weights w1, w2)"
    return "-".join(str(size) for size in sizes) + " network"


def _activation_names(sizes: tuple[int, ...]) -> list[str]:
    family = network_names.kind(sizes)
    if family == "article":
        return ["X", "ah", "ao"]
    if family == "perceptron":
        return ["X", "z"]
    return ["X"] + [f"a{layer}" for layer in range(1, len(sizes))]
