"""The article's own equations for each step-through term, with its equation numbers.

Shown beside the code-form line so a reader with the article open finds the
same fraction, numbered as there: ``dcost/dwh = dcost/dah × dah/dzh ×
dzh/dwh (2)``. The article writes the chain's products as ``*``; they are
drawn as ×. Formulas that hold only for the article's choices (sigmoid
activations, the ½·Σ(ao−y)² cost, no bias) are shown only when the network
makes those choices; the chain rule itself holds for any network. Every
network with one hidden layer (or none) is the article's, whatever its width or
inputs: its weighted sums are written out with its own inputs and w-numbers
(a 2-8-1's ``zo = ah1·w17 + ah2·w18 + … + ah8·w24``).

A softmax output (the series' next article, any depth) has equations of its
own in place of the sigmoid's: ``ao = e^{zo}/Σe^{zo}``, the cost
``−Σ log ao[label]`` and ``dcost/dzo = ao − labels_one_hot`` — the softmax's
Jacobian and the cross-entropy's derivative multiplied out — from which the
chain rule continues as for any network (``dcost/dwo = dcost/dzo × dzo/dwo``).
"""

from __future__ import annotations

from dataclasses import dataclass

from nnplayground.core.config import ExperimentConfig
from nnplayground.notation import network_names


@dataclass(frozen=True)
class ArticleEquation:
    markup: str
    number: str | None = None
    needs: tuple[str, ...] = ()


# Beyond this many products a weighted sum is written with an ellipsis: first two, …, last.
MAX_WRITTEN_PRODUCTS = 4

_ARTICLE = {
    "ah": ArticleEquation("ah1 = {1|1 + e^{−zh1}}", needs=("sigmoid_hidden",)),
    "ao": ArticleEquation("ao = {1|1 + e^{−zo}}", needs=("sigmoid_output",)),
    "dcost_dao": ArticleEquation("{dcost|dao} = ao − labels", "5", ("half_sse",)),
    "dao_dzo": ArticleEquation("{dao|dzo} = sigmoid(zo) × (1 − sigmoid(zo))", "6", ("sigmoid_output",)),
    "dzo_dwo": ArticleEquation("{dzo|dwo} = ah"),
    "dcost_wo": ArticleEquation("{dcost|dwo} = {dcost|dao} × {dao|dzo} × {dzo|dwo}", "1"),
    "dcost_dzo": ArticleEquation("{dcost|dzo} = {dcost|dao} × {dao|dzo}", "4"),
    "dzo_dah": ArticleEquation("{dzo|dah} = wo", "7"),
    "dcost_dah": ArticleEquation("{dcost|dah} = {dcost|dzo} × {dzo|dah}", "3"),
    "dah_dzh": ArticleEquation("{dah|dzh} = sigmoid(zh) × (1 − sigmoid(zh))", "8", ("sigmoid_hidden",)),
    "dzh_dwh": ArticleEquation("{dzh|dwh} = input features", "9"),
    "dcost_wh": ArticleEquation("{dcost|dwh} = {dcost|dah} × {dah|dzh} × {dzh|dwh}", "2"),
    "wh (new)": ArticleEquation("wh := wh − α {dcost|dwh}", needs=("plain_gd",)),
    "wo (new)": ArticleEquation("wo := wo − α {dcost|dwo}", needs=("plain_gd",)),
}

_PERCEPTRON = {
    "z": ArticleEquation("z = {1|1 + e^{−XW}}", needs=("sigmoid_output",)),
    "dcost_dpred": ArticleEquation("{dcost|dpred} = z − labels", needs=("half_sse",)),
    "z_delta": ArticleEquation("z_delta = {dcost|dpred} × {dpred|dz}"),
    "dcost_w": ArticleEquation("{dcost|dw} = {dcost|dpred} × {dpred|dz} × {dz|dw}"),
    "weights (new)": ArticleEquation("w := w − α {dcost|dw}", needs=("plain_gd",)),
}


def _conditions(config: ExperimentConfig) -> set[str]:
    met = set()
    if not config.bias:
        met.add("no_bias")
    else:
        met.add("bias")
    if config.hidden_activation == "sigmoid":
        met.add("sigmoid_hidden")
    if config.output_activation == "sigmoid":
        met.add("sigmoid_output")
    if config.loss == "half_sse":
        met.add("half_sse")
    if config.optimiser == "gd" and config.full_batch:
        met.add("plain_gd")
    return met


def _layered(name: str, layers: int) -> ArticleEquation | None:
    """The chain rule for layer n, in the article's fraction style, for networks it does not cover."""
    for n in range(1, layers + 1):
        if name == f"dcost_dz{n}":
            return ArticleEquation(f"{{dcost|dz{n}}} = {{dcost|da{n}}} × {{da{n}|dz{n}}}")
        if name == f"dcost_W{n}":
            return ArticleEquation(f"{{dcost|dW{n}}} = {{dcost|dz{n}}} × {{dz{n}|dW{n}}}")
        if name == f"dcost_da{n}" and n < layers:
            return ArticleEquation(f"{{dcost|da{n}}} = {{dcost|dz{n + 1}}} × {{dz{n + 1}|da{n}}}")
    return None


def _weighted_sum(sizes: tuple[int, ...], layer: int, sources: list[str], unit: int = 0) -> str:
    """``x1·w1 + x2·w2`` for unit ``unit`` of weight layer ``layer``, long sums shortened with …"""
    products = [
        f"{source}·{network_names.short_name(sizes, network_names.ParameterRef(layer, row, unit))}"
        for row, source in enumerate(sources)
    ]
    if len(products) > MAX_WRITTEN_PRODUCTS:
        products = [*products[:2], "…", products[-1]]
    return " + ".join(products)


def _sums(sizes: tuple[int, ...], config: ExperimentConfig) -> dict[str, ArticleEquation]:
    """The article's written-out weighted sums, for this network's inputs and weight numbers."""
    inputs = network_names.node_names(sizes, config.input_features)[0]
    if network_names.kind(sizes) == "perceptron":
        bias = " + bias" if config.bias else ""
        return {"XW": ArticleEquation(f"XW = {_weighted_sum(sizes, 0, inputs)}{bias}")}
    hidden = network_names.node_names(sizes, config.input_features)[1]
    rest = f"   (and so on to zh{sizes[1]})" if sizes[1] > 1 else ""
    return {
        "zh": ArticleEquation(f"zh1 = {_weighted_sum(sizes, 0, inputs)}{rest}", needs=("no_bias",)),
        "zo": ArticleEquation(f"zo = {_weighted_sum(sizes, 1, hidden)}", needs=("no_bias",)),
    }


_SOFTMAX = {
    "ao": ArticleEquation("ao[k] = {e^{zo[k]}|Σⱼ e^{zo[j]}}   (each row sums to 1)"),
    "error_out": ArticleEquation("error_out = −log ao[label]"),
    "cost": ArticleEquation("cost = −Σ log ao[label]   (summed over the samples)"),
    "dcost_dzo": ArticleEquation("{dcost|dzo} = ao − labels_one_hot"),
}


def _softmax(name: str, sizes: tuple[int, ...]) -> ArticleEquation | None:
    """A softmax network's equations: its output's own, then the chain rule with ``o`` for the output."""
    if name in _SOFTMAX:
        return _SOFTMAX[name]
    family = network_names.kind(sizes)
    layers = len(sizes) - 1
    suffixes = ["h", "o"] if family == "article" else [*(str(n) for n in range(1, layers)), "o"]
    matrices = [network_names.matrix_name(sizes, layer) for layer in range(layers)]
    shown = ["w" if matrix == "weights" else matrix for matrix in matrices]
    for layer, (n, matrix) in enumerate(zip(suffixes, matrices)):
        weights = f"d{shown[layer]}"
        if name == f"dcost_{matrix}":
            return ArticleEquation(f"{{dcost|{weights}}} = {{dcost|dz{n}}} × {{dz{n}|{weights}}}")
        if n != "o" and name == f"dcost_dz{n}":
            return ArticleEquation(f"{{dcost|dz{n}}} = {{dcost|da{n}}} × {{da{n}|dz{n}}}")
        if n != "o" and name == f"dcost_da{n}":
            above = suffixes[layer + 1]
            return ArticleEquation(f"{{dcost|da{n}}} = {{dcost|dz{above}}} × {{dz{above}|da{n}}}")
    return None


def article_equation(name: str, sizes: tuple[int, ...], config: ExperimentConfig) -> ArticleEquation | None:
    """The article's equation defining term ``name`` in a network of ``sizes``, when it applies."""
    family = network_names.kind(sizes)
    if network_names.softmax_output(sizes):
        equation = _softmax(name, sizes)
        if equation is None and family == "article":
            equation = _ARTICLE.get(name) if name in ("ah", "dah_dzh", "dzh_dwh") else None
    elif family == "article":
        equation = _ARTICLE.get(name) or _sums(sizes, config).get(name)
    elif family == "perceptron":
        equation = _PERCEPTRON.get(name) or _sums(sizes, config).get(name)
    else:
        equation = _layered(name, len(sizes) - 1)
    if equation is None or not set(equation.needs) <= _conditions(config):
        return None
    return equation
