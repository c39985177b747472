"""The article's names for every weight, bias and node, so the diagram reads like its figures.

The article numbers the 2-4-1 network's weights node by node: ``zh1 = x1·w1 +
x2·w2``, so w1 and w2 feed hidden node 1 from x1 and x2, w3 and w4 feed node 2,
and so on to w8; ``zo = ah1·w9 + ah2·w10 + ah3·w11 + ah4·w12`` numbers the
output weights. In the code's matrices ``wh`` (2×4) and ``wo`` (4×1) that is
``w(2j + i + 1) = wh[i, j]`` and ``w(9 + j) = wo[j, 0]``. Part 1's perceptron
(``XW = X·weights + bias``) is numbered the same way, w1 and w2. Which networks
count as the article's is the step-through's decision (``article_names.family``):
every network with one hidden layer gets Part 2's names and the same count
continued (a 2-8-1 has w1…w24), every network without one gets Part 1's. Deeper
networks get the code's own matrix-and-index names (``W2[3, 1]``), which is
what the step-through tables show for them.

A softmax output has one unit per class (K ≥ 2; a sigmoid's output is one
unit), so more than one output unit means softmax: its nodes are ``ao1…aoK``
(``ao[0]…`` in a deeper network, as the code indexes), each the probability
of class 0…K−1 (the labels' numbering), and its weights are numbered node
by node as the article numbers the hidden ones (``zo2`` reads w(…)+1 on).
"""

from __future__ import annotations

from dataclasses import dataclass

from nnplayground.core import article_names
from nnplayground.core.features import DEFAULT_FEATURES, FEATURES

_KINDS = {"one hidden layer": "article", "perceptron": "perceptron", "layered": "layered"}


@dataclass(frozen=True)
class ParameterRef:
    """A weight (``row`` ≥ 0) or bias (``row`` = -1) of weight layer ``layer``, into unit ``column``."""

    layer: int
    row: int
    column: int

    @property
    def is_bias(self) -> bool:
        return self.row < 0


def kind(sizes: tuple[int, ...]) -> str:
    """``"article"`` for any one-hidden-layer network, ``"perceptron"`` for none, ``"layered"`` otherwise."""
    return _KINDS[article_names.family(sizes)]


def matrix_name(sizes: tuple[int, ...], layer: int) -> str:
    """The code's name for weight layer ``layer``: ``wh``/``wo``, ``weights``, or ``W1, W2, …``."""
    return article_names.weight_names(sizes)[layer]


def bias_name(sizes: tuple[int, ...], layer: int) -> str:
    """The bias vector feeding weight layer ``layer``'s targets: ``bh``/``bo``, ``bias``, or ``b1, b2, …``."""
    return article_names.bias_names(sizes)[layer]


def softmax_output(sizes: tuple[int, ...]) -> bool:
    """More than one output unit: a softmax over the classes (a sigmoid or linear output has one)."""
    return sizes[-1] > 1


def class_words(unit: int) -> str:
    """What softmax output unit ``unit`` stands for: ``P(class 2)``, in the labels' numbering."""
    return f"P(class {unit})"


def article_number(sizes: tuple[int, ...], ref: ParameterRef) -> int | None:
    """The article's w-number of a weight (1-based), or None where the article numbers none (biases)."""
    if ref.is_bias:
        return None
    return article_names.weight_number(sizes, ref.layer, ref.row, ref.column)


def short_name(sizes: tuple[int, ...], ref: ParameterRef) -> str:
    """What the diagram writes on an edge: ``w5``, ``bh3``, ``W2[3,1]``, ``b2[1]``."""
    number = article_number(sizes, ref)
    if number is not None:
        return f"w{number}"
    if ref.is_bias:
        name = bias_name(sizes, ref.layer)
        if sizes[ref.layer + 1] == 1:
            return name
        if kind(sizes) == "article":
            return f"{name}{ref.column + 1}"
        return f"{name}[{ref.column}]"
    return f"{matrix_name(sizes, ref.layer)}[{ref.row},{ref.column}]"


def code_name(sizes: tuple[int, ...], ref: ParameterRef) -> str:
    """The entry in the code's arrays: ``wh[0, 2]``, ``bias[0]``."""
    if ref.is_bias:
        return f"{bias_name(sizes, ref.layer)}[{ref.column}]"
    return f"{matrix_name(sizes, ref.layer)}[{ref.row}, {ref.column}]"


def node_names(sizes: tuple[int, ...], features: tuple[str, ...] = DEFAULT_FEATURES) -> list[list[str]]:
    """Each layer's node names, inputs first: ``x1 x2 | ah1…ah4 | ao`` for the article's network."""
    inputs = [name if features == DEFAULT_FEATURES else FEATURES[name].label for name in features]
    family = kind(sizes)
    names = [inputs]
    classes = sizes[-1]
    outputs = [f"ao{k + 1}" for k in range(classes)]
    if family == "article":
        return [inputs, [f"ah{j + 1}" for j in range(sizes[1])], outputs if classes > 1 else ["ao"]]
    if family == "perceptron":
        return [inputs, outputs if classes > 1 else ["z"]]
    for layer, size in enumerate(sizes[1:-1], start=1):
        names.append([f"a{layer}[{j}]" for j in range(size)])
    last = len(sizes) - 1
    names.append([f"ao[{k}]" for k in range(classes)] if classes > 1 else [f"a{last}[0]"])
    return names


def layer_titles(sizes: tuple[int, ...]) -> list[str]:
    """Column headings: what the article calls each layer's values."""
    family = kind(sizes)
    softmax = softmax_output(sizes)
    if family == "article":
        return ["inputs X", "hidden: zh → ah", "output: ao = softmax(zo)" if softmax else "output: zo → ao"]
    if family == "perceptron":
        return ["inputs X", "output: ao = softmax(zo)" if softmax else "output: XW → z"]
    last = len(sizes) - 1
    hidden = [f"a{layer}" for layer in range(1, last)]
    return ["inputs X", *hidden, "ao = softmax (output)" if softmax else f"a{last} (output)"]


def describe(sizes: tuple[int, ...], ref: ParameterRef, features: tuple[str, ...] = DEFAULT_FEATURES) -> str:
    """``w5 = wh[0, 2]: x1 → ah3``: the diagram's name, the code's entry, and the edge it is."""
    nodes = node_names(sizes, features)
    target = nodes[ref.layer + 1][ref.column]
    source = "bias" if ref.is_bias else nodes[ref.layer][ref.row]
    short, code = short_name(sizes, ref), code_name(sizes, ref)
    head = short if short == code else f"{short} = {code}"
    return f"{head}: {source} → {target}"


def neuron_title(
    sizes: tuple[int, ...], layer: int, unit: int, features: tuple[str, ...] = DEFAULT_FEATURES
) -> str:
    """``ah3 (hidden 1, neuron 3)``, ``ao (output)``, ``x₁² (input 3)``: a node's name and where it sits."""
    name = node_names(sizes, features)[layer][unit]
    last = len(sizes) - 1
    if layer == 0:
        where = f"input {unit + 1}"
    elif layer == last:
        where = "output" if sizes[last] == 1 else f"output {unit + 1}: {class_words(unit)}"
    else:
        where = f"hidden {layer}, neuron {unit + 1}"
    return f"{name} ({where})"
