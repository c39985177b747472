"""Which layer of the diagram each step-through term belongs to, and what the diagram lights up.

Qt-free. The step-through's terms carry the article's names (``zh``,
``dcost_dah``, ``z_delta``…); the diagram and the tables need to know which
column of nodes a term's values belong to (``dcost_dah`` has one value per
hidden node) and what a phase computes (forward phases light the layer's
edges left→right, backward phases put the gradients on the edges they
update, right→left).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from nnplayground.core.article_names import bias_names, weight_names
from nnplayground.core.phases import Phase, Term
from nnplayground.notation import network_names

_ARTICLE_LAYERS = {
    "X": 0,
    "dzh_dwh": 0,
    "zh": 1,
    "ah": 1,
    "dzo_dwo": 1,
    "dcost_dah": 1,
    "dah_dzh": 1,
    "zo": 2,
    "ao": 2,
    "labels": 2,
    "error_out": 2,
    "dcost_dao": 2,
    "dao_dzo": 2,
    "dcost_dzo": 2,
}
_PERCEPTRON_LAYERS = {
    "X": 0,
    **dict.fromkeys(("XW", "z", "labels", "error_out", "error", "dcost_dpred", "dpred_dz", "z_delta"), 1),
}
_LAYERED_TERM = re.compile(r"^(?:z|a|dcost_da|dcost_dz|da)(\d+)(?:_dz\d+)?$")
# A softmax output's terms, at any depth: one value per class, beside the output nodes.
_SOFTMAX_OUTPUT_TERMS = frozenset(("zo", "ao", "labels", "labels_one_hot", "error_out", "dcost_dzo"))
_GRADIENT_NAMES = {"dcost_wh": 0, "dcost_wo": 1, "dcost_w": 0}


def term_layer(name: str, sizes: tuple[int, ...]) -> int | None:
    """The node column (0 = inputs) whose units a per-sample term has one value for, if any."""
    family = network_names.kind(sizes)
    if network_names.softmax_output(sizes) and name in _SOFTMAX_OUTPUT_TERMS:
        return len(sizes) - 1
    if family == "article":
        return _ARTICLE_LAYERS.get(name)
    if family == "perceptron":
        return _PERCEPTRON_LAYERS.get(name)
    if name == "X":
        return 0
    if name in ("labels", "error_out"):
        return len(sizes) - 1
    match = _LAYERED_TERM.match(name)
    return int(match.group(1)) if match else None


def gradient_layer(name: str, sizes: tuple[int, ...]) -> int | None:
    """The weight layer a gradient term (``dcost_wh``, ``dcost_W2``…) belongs to, if it is one."""
    names = [f"dcost_{weights}" for weights in weight_names(sizes)]
    if name in names:  # a softmax perceptron's ``dcost_weights`` too
        return names.index(name)
    if network_names.kind(sizes) != "layered":
        return _GRADIENT_NAMES.get(name)
    match = re.fullmatch(r"dcost_W(\d+)", name)
    return int(match.group(1)) - 1 if match else None


def bias_gradient_layer(name: str, sizes: tuple[int, ...]) -> int | None:
    """The weight layer whose bias a gradient term (``dcost_bh``, ``dcost_bias``, ``dcost_b2``…) is for."""
    names = [f"dcost_{bias}" for bias in bias_names(sizes)]
    return names.index(name) if name in names else None


def bias_layer(name: str, sizes: tuple[int, ...]) -> int | None:
    """The weight layer a bias-shaped term belongs to: ``bh``, ``bias (new)``, ``dcost_b2``…"""
    base = name.removesuffix(" (new)")
    for layer, bias in enumerate(bias_names(sizes)):
        if base in (bias, f"dcost_{bias}"):
            return layer
    return None


def matrix_layer(name: str, sizes: tuple[int, ...]) -> int | None:
    """The weight layer a matrix term is shaped like: ``wh``, ``dcost_wh``, ``wh (new)``, ``dzo_dah``…"""
    base = name.removesuffix(" (new)")
    family = network_names.kind(sizes)
    if family == "article":
        return {"wh": 0, "dcost_wh": 0, "wo": 1, "dcost_wo": 1, "dzo_dah": 1}.get(base)
    if family == "perceptron":
        return 0 if base in ("weights", "dcost_w", "dcost_weights") else None
    match = re.fullmatch(r"(?:dcost_)?W(\d+)", base)
    return int(match.group(1)) - 1 if match else None


def column_names(term: Term, sizes: tuple[int, ...], features: tuple[str, ...]) -> list[str]:
    """Column headings for a per-sample term: ``zh1…zh4`` as the article names hidden node values."""
    columns = term.value.shape[1] if term.value.ndim == 2 else 1
    layer = term_layer(term.name, sizes)
    if layer == 0:
        return network_names.node_names(sizes, features)[0][:columns]
    if columns == 1:
        return [term.name]
    if network_names.kind(sizes) == "layered":
        return [f"{term.name}[{j}]" for j in range(columns)]
    return [f"{term.name}{j + 1}" for j in range(columns)]


def shape_text(value: np.ndarray) -> str:
    """``(100 × 4)``: the shape as the article's matrices are described."""
    return "(" + " × ".join(str(size) for size in value.shape) + ")"


@dataclass(frozen=True, eq=False)
class DiagramHighlight:
    """What the diagram shows for one phase and one selected sample.

    ``notes`` maps a node column to up to two (term name, that sample's row)
    pairs; ``edge_values`` maps a weight layer to what its edges carry besides
    the weight: ``("∇", gradient, bias gradient)`` in a backward phase,
    ``("→", new weights, new bias)`` in the update.
    """

    direction: str
    caption: str
    active_layers: frozenset[int]
    active_nodes: frozenset[int]
    notes: dict[int, list[tuple[str, np.ndarray]]] = field(default_factory=dict)
    edge_values: dict[int, tuple[str, np.ndarray, np.ndarray | None]] = field(default_factory=dict)


_DIRECTION_CAPTION = {
    "forward": "→ feed-forward",
    "cost": "cost at the output",
    "backward": "← back-propagation: ∇ on an edge is the cost's gradient for that weight",
    "update": "update: each weight moves against its gradient (→ new value)",
}


def highlight(phase: Phase, sizes: tuple[int, ...], sample: int | None) -> DiagramHighlight:
    """What phase ``phase`` lights up in a network of ``sizes``, with ``sample``'s values on the nodes."""
    last_layer = len(sizes) - 2
    notes: dict[int, list[tuple[str, np.ndarray]]] = {}
    edge_values: dict[int, tuple[str, np.ndarray, np.ndarray | None]] = {}
    gradients: dict[int, np.ndarray] = {}
    bias_gradients: dict[int, np.ndarray] = {}
    for term in phase.terms:
        layer = term_layer(term.name, sizes)
        if term.per_sample and layer is not None and sample is not None and sample < len(term.value):
            notes.setdefault(layer, []).append((term.name, np.atleast_1d(term.value[sample])))
        weight_layer = gradient_layer(term.name, sizes)
        if weight_layer is not None:
            gradients[weight_layer] = term.value
        bias_of = bias_gradient_layer(term.name, sizes)
        if bias_of is not None:
            bias_gradients[bias_of] = term.value
    notes = {layer: pairs[-2:] for layer, pairs in notes.items()}
    if phase.direction == "update":
        active = frozenset(range(last_layer + 1))
        edge_values = _new_values(phase, sizes)
    elif phase.direction == "cost":
        active = frozenset()
    else:
        active = frozenset(gradients) | ({phase.layer} if phase.layer is not None else set())
        if phase.direction == "backward":
            active = active | {layer + 1 for layer in active if layer < last_layer}
            edge_values = {
                layer: ("∇", gradient, bias_gradients.get(layer)) for layer, gradient in gradients.items()
            }
    nodes = (
        set(notes)
        | {layer + 1 for layer in active}
        | ({last_layer + 1} if phase.direction == "cost" else set())
    )
    return DiagramHighlight(
        phase.direction,
        _DIRECTION_CAPTION[phase.direction],
        active,
        frozenset(nodes),
        notes,
        edge_values,
    )


def _new_values(phase: Phase, sizes: tuple[int, ...]) -> dict[int, tuple[str, np.ndarray, np.ndarray | None]]:
    """Each weight layer's new weights and bias, found by the names the update phase gives them."""
    values = {term.name: term.value for term in phase.terms}
    return {
        layer: ("→", values[f"{weights} (new)"], values.get(f"{bias} (new)"))
        for layer, (weights, bias) in enumerate(zip(weight_names(sizes), bias_names(sizes)))
        if f"{weights} (new)" in values
    }
