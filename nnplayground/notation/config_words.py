"""A configuration in words, each length the window needs, in one place so they never disagree.

From shortest to longest: ``shape`` heads the boundary view ("2-4-1
network"); ``run_label`` names a run's loss curve ("2-4-1 network,
sigmoid"), telling apart the runs of one session by what changes between
them; ``describe`` names a side in compare mode ("2-8-1 tanh, lr 0.03,
adam") — only the settings that depart from the article's, since two sides
are told apart by what differs; ``diagram_title`` heads the network
diagram with the article's numbering of its weights.
"""

from __future__ import annotations

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.losses import get_loss
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, PRESET_WORDS
from nnplayground.notation import network_names

_ARTICLE = ARTICLE_ONE_HIDDEN_LAYER


def _sizes(hidden_layers: tuple[int, ...], inputs: int, outputs: int = 1) -> str:
    return "-".join(str(size) for size in (inputs, *hidden_layers, outputs))


def outputs(config: ExperimentConfig) -> int:
    """Output units: one per class for a softmax, else the one the article has."""
    return config.classes if config.output_activation == "softmax" else 1


def shape(hidden_layers: tuple[int, ...], inputs: int, outputs: int = 1) -> str:
    """``(4,)`` → ``"2-4-1 network"``; ``()`` → ``"perceptron"``, the article's two names.

    ``outputs`` is the softmax's K (``"2-16-16-3 network"``); a softmax perceptron says its K.
    """
    if not hidden_layers:
        return "perceptron" if outputs == 1 else f"perceptron, {outputs} outputs"
    return f"{_sizes(hidden_layers, inputs, outputs)} network"


def run_label(config: ExperimentConfig) -> str:
    """What distinguishes one run's curve from another's in the legend: shape, activations, bias,
    the article's σ′ quirk (its perceptron and the corrected one are the comparison, not one run) and
    float32 (switching Precision starts a new run; the float64 one stays beside it as a ghost)."""
    label = shape(config.hidden_layers, len(config.input_features), outputs(config))
    if config.hidden_layers:
        label += f", {config.hidden_activation}"
    if config.output_activation != "sigmoid":
        label += f" → {config.output_activation}"
    if bool(config.hidden_layers) == config.bias:
        label += ", bias" if config.bias else ", no bias"
    if config.article_quirks:
        label += ", article's σ′"
    if config.dtype != "float64":
        label += f", {config.dtype}"
    return label


def describe(config: ExperimentConfig) -> str:
    """``"perceptron (article)"``, ``"2-4-1 sigmoid, article"``, ``"2-8-1 tanh, lr 0.03, adam"``…"""
    named = PRESET_WORDS.get(config)
    if named is not None:
        return named
    inputs = len(config.input_features)
    if config.hidden_layers:
        words = [f"{_sizes(config.hidden_layers, inputs, outputs(config))} {config.hidden_activation}"]
    else:
        words = ["perceptron" if inputs == 2 else f"perceptron on {inputs} features"]
    if config.classes != 2:
        words.append(f"{config.classes} classes")
    if config.output_activation != "sigmoid":
        words.append(f"{config.output_activation} output")
    if config.bias == bool(config.hidden_layers):
        words.append("bias" if config.bias else "no bias")
    if config.learning_rate != _ARTICLE.learning_rate:
        words.append(f"lr {config.learning_rate:g}")
    if config.optimiser != "gd":
        words.append(config.optimiser)
    if not config.full_batch:
        words.append(f"batch {config.batch_size}")
    if config.loss not in (_ARTICLE.loss, "cross_entropy"):  # a softmax output says cross-entropy
        words.append(get_loss(config.loss).label)
    if config.l2:
        words.append(f"L2 {config.l2:g}")
    if config.l1:
        words.append(f"L1 {config.l1:g}")
    if config.initialiser != _ARTICLE.initialiser:
        words.append(f"{config.initialiser} init")
    if config.article_quirks and not config.hidden_layers:
        words.append("article's quirks")
    return ", ".join(words)


def diagram_title(sizes: tuple[int, ...]) -> str:
    """The diagram's heading: the article's own network by name, others by shape with their numbering.

    Of the trained network's layer sizes, not of a configuration: the diagram
    shows the network it is given, which the settings may not have reached yet.
    """
    family = network_names.kind(sizes)
    layers = "-".join(str(size) for size in sizes)
    if family == "perceptron":
        if sizes[-1] > 1:
            return f"a softmax perceptron ({layers}, w1…w{sizes[0] * sizes[-1]})"
        return "the perceptron (Part 1's weights " + ", ".join(f"w{k}" for k in range(1, sizes[0] + 1)) + ")"
    if family == "layered":
        return f"{layers} network"
    last = sizes[0] * sizes[1] + sizes[1] * sizes[2]
    if tuple(sizes) == (2, 4, 1):
        return "the article's 2-4-1 network (w1…w12 as it numbers them)"
    return f"{layers} network (w1…w{last}, numbered as the article numbers its 2-4-1)"
