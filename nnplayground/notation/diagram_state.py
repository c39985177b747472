"""What the network diagram shows, read without Qt: each edge's number and the hover's words for it.

The painter draws a ``DiagramState``; the values on its edges, which edges
the step-through's phase lights, and the read-out under the pointer are
worked out here from the weights and the layout alone, so the words a
learner reads are the same whoever asks (the hover, the weight editor, a test).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnplayground.notation import network_names
from nnplayground.notation.diagram_layout import DiagramLayout
from nnplayground.notation.formatting import format_value
from nnplayground.notation.network_names import ParameterRef
from nnplayground.notation.phase_terms import DiagramHighlight


@dataclass
class DiagramState:
    """Everything the picture depends on; the widget repaints when it changes."""

    sizes: tuple[int, ...]
    features: tuple[str, ...]
    weights: list[np.ndarray]
    biases: list[np.ndarray | None]
    weight_gradients: list[np.ndarray] | None
    bias_gradients: list[np.ndarray | None] | None
    # Where ``weight_gradients`` is the article perceptron's update term, not the cost's gradient: the
    # true gradient, shown beside it.
    true_weight_gradients: list[np.ndarray] | None = None
    true_bias_gradients: list[np.ndarray | None] | None = None

    def value(self, ref: ParameterRef) -> float:
        if ref.is_bias:
            return float(self.biases[ref.layer][ref.column])
        return float(self.weights[ref.layer][ref.row, ref.column])

    def gradient(self, ref: ParameterRef) -> float | None:
        if self.weight_gradients is None:
            return None
        if ref.is_bias:
            bias = self.bias_gradients[ref.layer] if self.bias_gradients else None
            return None if bias is None else float(bias[ref.column])
        return float(self.weight_gradients[ref.layer][ref.row, ref.column])

    def true_gradient(self, ref: ParameterRef) -> float | None:
        """The cost's gradient where ``gradient`` is the article perceptron's update term, else None."""
        if self.true_weight_gradients is None:
            return None
        if ref.is_bias:
            bias = self.true_bias_gradients[ref.layer] if self.true_bias_gradients else None
            return None if bias is None else float(bias[ref.column])
        return float(self.true_weight_gradients[ref.layer][ref.row, ref.column])

    def describe(self, ref: ParameterRef) -> str:
        """The hover read-out: name, the code's entry, value and gradient.

        For the article's perceptron the number it subtracts is not the
        cost's gradient (it takes σ′ of z, not of XW), so that is named as
        what it is, the article's update term, with the true gradient beside.
        """
        head = network_names.describe(self.sizes, ref, self.features)
        gradient, exact = self.gradient(ref), self.true_gradient(ref)
        wrt = f"∂cost/∂{network_names.short_name(self.sizes, ref)}"
        if gradient is None:
            slope = "gradient: shown while paused"
        elif exact is not None:
            term = "Σ z_delta" if ref.is_bias else "inputs·z_delta"
            slope = (
                f"article's update term {term} = {format_value(gradient)} (σ′ taken of z, not XW)   "
                f"true {wrt} = {format_value(exact)}"
            )
        else:
            slope = f"{wrt} = {format_value(gradient)}"
        return f"{head}   value {format_value(self.value(ref))}   {slope}   (click to type a new value)"


def edge_ref(layout: DiagramLayout, index: int) -> ParameterRef:
    layer, row, column = layout.refs[index]
    return ParameterRef(int(layer), int(row), int(column))


def edge_values(state: DiagramState, layout: DiagramLayout) -> np.ndarray:
    """Each edge's weight (or bias), in the layout's edge order."""
    values = np.empty(len(layout.refs))
    for layer, weights in enumerate(state.weights):
        index = layout.edges_of(layer)
        refs = layout.refs[index]
        weight_edges = refs[:, 1] >= 0
        values[index[weight_edges]] = weights[refs[weight_edges, 1], refs[weight_edges, 2]]
        if state.biases[layer] is not None:
            values[index[~weight_edges]] = state.biases[layer][refs[~weight_edges, 2]]
    return values


def active_edges(highlight: DiagramHighlight | None, layout: DiagramLayout) -> np.ndarray:
    """Which edges the phase works on (all of them outside the step-through)."""
    if highlight is None or highlight.direction == "idle":
        return np.ones(len(layout.refs), dtype=bool)
    return np.isin(layout.refs[:, 0], list(highlight.active_layers))


def label_text(
    state: DiagramState, highlight: DiagramHighlight | None, layout: DiagramLayout, index: int, value: float
) -> tuple[str, str]:
    """``("w5", "−5.973")``, or in a backward phase ``("w5", "∇ −0.1238")``, in the update ``"→ …"``."""
    ref = edge_ref(layout, index)
    name = network_names.short_name(state.sizes, ref)
    text = format_value(value)
    extra = highlight.edge_values if highlight is not None else {}
    if ref.layer in extra:
        symbol, matrix, bias = extra[ref.layer]
        source = bias if ref.is_bias else matrix
        if source is not None:
            shown = source[ref.column] if ref.is_bias else source[ref.row, ref.column]
            text = f"{symbol} {format_value(float(shown))}"
    return name, text
