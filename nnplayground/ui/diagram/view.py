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

Clicking an edge opens the weight editor and picks that weight for the
share strip under the diagram: each training sample's share of its batch
gradient (``live.sample_shares``), computed while paused, when the frame
carries the gradient. After an update (the step-through's update phase, or
any Step of one epoch) each edge carries its Δw. Saturated and dead hidden
neurons (``core.diagnostics``) are marked, worked out at most
``DIAGNOSIS_PER_SECOND`` times a second.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QElapsedTimer, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from nnplayground.core import diagnostics
from nnplayground.core.features import transform
from nnplayground.core.network import Gradients, Network
from nnplayground.core.trainer import Snapshot
from nnplayground.live.frames import Frame, RunState
from nnplayground.live.sample_shares import shares_of
from nnplayground.notation import config_words, network_names
from nnplayground.notation.diagram_state import DiagramState
from nnplayground.notation.formatting import format_value
from nnplayground.notation.network_names import ParameterRef
from nnplayground.notation.phase_terms import DiagramHighlight, highlight
from nnplayground.ui.diagram.painter import NetworkDiagram
from nnplayground.ui.diagram.share_strip import ShareStrip
from nnplayground.ui.diagram.term_targets import term_targets
from nnplayground.ui.diagram.thumbnails import ThumbnailSource
from nnplayground.ui.diagram.weight_change import WeightChange, weight_change
from nnplayground.ui.diagram.weight_editor import WeightEditor
from nnplayground.ui.widgets.fitted_label import FittedLabel
from nnplayground.ui.widgets.own_work import OwnWorkTimer

# Wider layers draw nodes too small for the sample's values beside them (the tables still show them).
MAX_UNITS_WITH_NOTES = 16
IDLE_CAPTION = (
    "Hover a weight to read it, click it to edit it and see each sample's share; click a point to follow it."
)
DIAGNOSIS_PER_SECOND = 4


class NetworkView(QWidget):
    weight_edit_requested = Signal(int, int, int, float)
    bias_edit_requested = Signal(int, int, float)
    # A bar of the share strip was clicked: follow that training sample.
    sample_clicked = Signal(int)
    # Each training sample's share of the picked weight's gradient (np.ndarray), or None when none is shown.
    shares_shown = Signal(object)
    # What the status bar should say about stuck neurons ("" when nothing).
    diagnosis_changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("networkView")
        self.setAccessibleName("Network diagram")
        self.setAccessibleDescription(
            "Inputs, hidden nodes and output; each weight a line, solid blue if positive, dashed "
            "vermillion if negative, thicker the larger it is"
        )
        # One line each, cut to the pane's width: text that wraps or widens would resize the diagram.
        self.title = FittedLabel("Network")
        self.title.setObjectName("networkTitleLabel")
        self.title.setStyleSheet("font-size: 12pt; padding-left: 6px;")
        self.heatmaps_check = QCheckBox("Heat&maps")
        self.heatmaps_check.setObjectName("neuronHeatmapsCheck")
        self.heatmaps_check.setAccessibleName("Show neuron heatmaps")
        self.heatmaps_check.setToolTip(
            "Draw each node as a heatmap of its neuron's output over the plane, in the boundary view's "
            "colours; hover a node to enlarge it (Alt+M). Off: the plain diagram, as in the article"
        )
        self.heatmaps_check.setChecked(True)
        self.caption = FittedLabel(IDLE_CAPTION, lines=2)
        self.caption.setObjectName("networkCaptionLabel")
        self.caption.setAccessibleName("What the diagram shows")
        self.caption.setToolTip("What the diagram is showing now")
        self.caption.setStyleSheet("padding-left: 6px;")
        self.diagram = NetworkDiagram()
        self.diagram.setToolTip(
            "Hover over a weight for its value and gradient; click it to type a new value. "
            "Hover over a node to enlarge its heatmap"
        )
        self.readout = FittedLabel("")
        self.readout.setObjectName("networkReadoutLabel")
        self.readout.setAccessibleName("Weight under the pointer")
        self.readout.setToolTip("The weight under the pointer: its name, value and gradient")
        self.readout.setStyleSheet("padding-left: 6px;")
        self.editor = WeightEditor()
        self._edited_sizes: tuple[int, ...] = ()  # the network the editor was opened on
        self.share_strip = ShareStrip()

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
        layout.addWidget(self.share_strip)
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
        self.picked: ParameterRef | None = None
        self._shares_key: tuple | None = None
        self._inputs_key: tuple | None = None
        self._inputs: np.ndarray | None = None
        self._previous = None
        self._step_change: WeightChange | None = None
        self._update_change: tuple[object, WeightChange | None] | None = None
        self._diagnosed: Network | None = None
        self._diagnosis_clock = QElapsedTimer()
        self._diagnosis_timer = OwnWorkTimer(self)
        self._diagnosis_timer.timeout.connect(self._diagnose)
        self._said = ""
        self.share_strip.sample_clicked.connect(self.sample_clicked)
        self.share_strip.closed.connect(self._strip_closed)

    # ----- frames and selection -----------------------------------------------------

    def show_frame(self, frame: Frame) -> None:
        self._frame = frame
        snapshot = frame.snapshot
        gradients = frame.gradients
        if snapshot.network is not self._network or gradients is not self._gradients:
            self._network, self._gradients = snapshot.network, gradients
            network = snapshot.network
            exact = _true_gradients(snapshot, gradients)
            self.diagram.set_state(
                DiagramState(
                    tuple(network.layer_sizes),
                    snapshot.config.input_features,
                    network.weights,
                    network.biases,
                    None if gradients is None else gradients.weights,
                    None if gradients is None else gradients.biases,
                    None if exact is None else exact.weights,
                    None if exact is None else exact.biases,
                )
            )
            title = f"Network · {config_words.diagram_title(tuple(network.layer_sizes))}"
            if self.title.text() != title:
                self.title.setText(title)
            if self.editor.target is not None and tuple(network.layer_sizes) == self._edited_sizes:
                self.editor.follow(self.diagram.value(self.editor.target))
        self.diagram.set_playing(frame.state == RunState.RUNNING)
        self.thumbnail_source.show_snapshot(snapshot)
        self._update_highlight()
        self.diagram.set_change(self._change(frame))
        self._update_shares(frame)
        if snapshot.network is not self._diagnosed and not self._diagnosis_timer.isActive():
            self._schedule_diagnosis()

    @Slot(int)
    def select_sample(self, index: int | None) -> None:
        self._sample = index
        self.share_strip.set_followed(index)
        self._update_highlight()

    @Slot(object)
    def highlight_term(self, name: str | None) -> None:
        """Light the nodes and edges chain-rule symbol ``name`` belongs to (``term_targets``); None clears."""
        state = self.diagram.state
        if name is None or state is None:
            self.diagram.set_term(None)
            return
        biases = tuple(b is not None for b in state.biases)
        self.diagram.set_term(term_targets(name, state.sizes, biases))

    # ----- what the last update changed -----------------------------------------------

    def _change(self, frame: Frame) -> WeightChange | None:
        """Δw to draw: the update phase's coming change, else the last one-epoch step's, else none."""
        snapshot, network = frame.snapshot, frame.snapshot.network
        previous = self._previous
        if previous is None or previous.network is not network:
            one_epoch = (
                previous is not None
                and previous.run_id == snapshot.run_id
                and snapshot.epoch == previous.epoch + 1
            )
            self._step_change = (
                weight_change(
                    previous.network.weights, previous.network.biases, network.weights, network.biases
                )
                if one_epoch
                else None
            )
            self._previous = snapshot
        stepper = frame.stepper
        if stepper is None or not stepper.at_update:
            return self._step_change
        cached = self._update_change
        if cached is None or cached[0] is not stepper.walk:
            walk = stepper.walk
            change = weight_change(
                network.weights, network.biases, list(walk.weights_after), list(walk.biases_after)
            )
            self._update_change = cached = (walk, change)
        return cached[1]

    # ----- one sample's share of the picked weight's gradient ------------------------

    def _update_shares(self, frame: Frame) -> None:
        ref = self.picked
        if ref is None:
            return
        snapshot, gradients = frame.snapshot, frame.gradients
        if not _has(snapshot.network, ref):
            self.share_strip.hide()
            self._strip_closed()
            return
        key = (ref, snapshot.network, gradients)
        shown = self._shares_key
        if shown is not None and all(a is b or a == b for a, b in zip(key, shown)):
            return
        self._shares_key = key
        sizes = tuple(snapshot.network.layer_sizes)
        name = network_names.short_name(sizes, ref)
        if gradients is None:
            running = frame.state in (RunState.RUNNING, RunState.STEPPING)
            message = (
                "each sample's share is shown while paused"
                if running
                else "too many points × weights to split this gradient by sample"
            )
            self.share_strip.show_shares(None, name, "", message)
            self.shares_shown.emit(None)
            return
        with np.errstate(all="ignore"):
            shares = shares_of(snapshot.network, self._training_inputs(snapshot), gradients, ref)
        what = "article's update term" if snapshot.network.uses_perceptron_quirks else f"∂cost/∂{name}"
        self.share_strip.show_shares(shares, name, what)
        self.share_strip.set_followed(self._sample)
        self.shares_shown.emit(shares.shares)

    def _training_inputs(self, snapshot: Snapshot) -> np.ndarray:
        """The training points as the network sees them, transformed once per data set and features."""
        key = (snapshot.data, snapshot.config.input_features)
        if self._inputs_key is None or self._inputs_key[0] is not key[0] or self._inputs_key[1] != key[1]:
            self._inputs_key = key
            self._inputs = transform(snapshot.data.X_train, snapshot.config.input_features)
        return self._inputs

    @Slot()
    def _strip_closed(self) -> None:
        self.picked = None
        self._shares_key = None
        self.shares_shown.emit(None)

    # ----- stuck neurons --------------------------------------------------------------

    def _schedule_diagnosis(self) -> None:
        interval = 1000 // DIAGNOSIS_PER_SECOND
        clock = self._diagnosis_clock
        if not clock.isValid() or clock.elapsed() >= interval:
            self._diagnose()
        else:
            self._diagnosis_timer.start(interval - clock.elapsed())

    @Slot()
    def _diagnose(self) -> None:
        """Mark the newest frame's stuck neurons, and tell the status bar when most are."""
        frame = self._frame
        if frame is None:
            return
        self._diagnosis_clock.restart()
        snapshot = frame.snapshot
        self._diagnosed = snapshot.network
        diagnosis = diagnostics.diagnose(snapshot.network, self._training_inputs(snapshot))
        self.diagram.set_diagnosis(diagnosis)
        config = snapshot.config
        said = diagnostics.advice(diagnosis, config.loss, config.initialiser) or ""
        if said != self._said:
            self._said = said
            self.diagnosis_changed.emit(said)

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
        name = network_names.short_name(state.sizes, ref)
        self.editor.open_for(ref, name, f"{description} (now {format_value(value)})", value)
        self._edited_sizes = state.sizes
        self.picked = ref
        self._shares_key = None
        if self._frame is not None:
            self._update_shares(self._frame)

    @Slot(object, float)
    def _submitted(self, ref: ParameterRef, value: float) -> None:
        if ref.is_bias:
            self.bias_edit_requested.emit(ref.layer, ref.column, value)
        else:
            self.weight_edit_requested.emit(ref.layer, ref.row, ref.column, value)

    @Slot(str)
    def show_refusal(self, message: str) -> None:
        self.editor.show_refusal(message)


def _true_gradients(snapshot: Snapshot, gradients: Gradients | None) -> Gradients | None:
    """The cost's true gradient where the frame's is the article perceptron's update term, else None.

    The article's perceptron takes σ′ of its output z instead of XW, so what
    it subtracts (and what the worker reports for it) is not ∂cost/∂w; the
    hover shows both, under their own names. One weight layer: cheap.
    """
    network = snapshot.network
    if gradients is None or not network.uses_perceptron_quirks:
        return None
    exact = network.copy()
    exact.perceptron_quirks = False
    inputs = transform(snapshot.data.X_train, snapshot.config.input_features)
    with np.errstate(all="ignore"):
        return exact.backward(exact.forward(inputs), snapshot.data.y_train, snapshot.config.loss)


def _has(network: Network, ref: ParameterRef) -> bool:
    """True while ``network`` still has the picked parameter (a new architecture may not)."""
    if ref.layer >= len(network.weights):
        return False
    if ref.is_bias:
        bias = network.biases[ref.layer]
        return bias is not None and ref.column < bias.shape[0]
    rows, columns = network.weights[ref.layer].shape
    return ref.row < rows and ref.column < columns


def _same(key: tuple, shown: tuple) -> bool:
    """Walk and network compared by identity (a new object means new numbers), phase and sample by value."""
    walk, phase, network, sample = key
    return walk is shown[0] and network is shown[2] and phase == shown[1] and sample == shown[3]


def _activation_names(sizes: tuple[int, ...]) -> list[str]:
    family = network_names.kind(sizes)
    if family == "article":
        return ["X", "ah", "ao"]
    if family == "perceptron":
        return ["X", "z"]
    return ["X"] + [f"a{layer}" for layer in range(1, len(sizes))]
