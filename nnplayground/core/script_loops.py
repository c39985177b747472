"""The training loops an exported script runs: the article's own code, or the same loop over layers.

Each line is the engine's arithmetic in the engine's order (``Network`` and
the optimisers), so the script prints the cost the status bar shows to the
last digit; the article family gets the article's names and its quirks.

A softmax output is written as the engine computes it: ``softmax`` after
subtracting each row's maximum, the cost ``−Σ log ao[label]`` from the
output layer's ``zo`` through ``log_softmax`` (finite where a probability
underflows), the labels turned one-hot once before the loop, and
``dcost_dzo = ao − labels_one_hot`` as the output layer's whole gradient.
"""

from __future__ import annotations

import textwrap

import numpy as np

from .config import ExperimentConfig
from .script_literals import ScriptArrays
from .trainer import Trainer, TrainingState

ACTIVATION_CODE = {
    "sigmoid": ("def sigmoid(x):\n    return 1 / (1 + np.exp(-x))", "a * (1 - a)"),
    "tanh": ("def tanh(x):\n    return np.tanh(x)", "1 - a * a"),
    "relu": ("def relu(x):\n    return np.maximum(x, 0)", "(a > 0).astype(a.dtype)"),
    "linear": ("def linear(x):\n    return x", "np.ones_like(a)"),
}

SOFTMAX_CODE = """\
def softmax(x):
    shifted = x - np.max(x, axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=1, keepdims=True)


def log_softmax(z):
    shifted = z - np.max(z, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
"""
# The cost from the output layer's z (``zo``), and ``dcost_dzo``: softmax's Jacobian folded into the loss.
SOFTMAX_COST = "-np.sum(labels * log_softmax(zo))"

LOSS_CODE = {
    "half_sse": ("((1 / 2) * np.power(ao - labels, 2)).sum()", "ao - labels"),
    "mse": ("np.mean(np.square(ao - labels))", "2 * (ao - labels) / ao.shape[0]"),
    "log_loss": (
        "-np.mean(labels * np.log(np.clip(ao, 1e-12, 1 - 1e-12)) "
        "+ (1 - labels) * np.log(1 - np.clip(ao, 1e-12, 1 - 1e-12)))",
        "(np.clip(ao, 1e-12, 1 - 1e-12) - labels) / "
        "(np.clip(ao, 1e-12, 1 - 1e-12) * (1 - np.clip(ao, 1e-12, 1 - 1e-12))) / ao.shape[0]",
    ),
}


ARTICLE_FEEDFORWARD = """\
zh = np.dot(feature_set, wh)
ah = sigmoid(zh)

zo = np.dot(ah, wo)
ao = sigmoid(zo)
"""


ARTICLE_BACKPROPAGATION = """
# Phase1 =======================

error_out = ((1 / 2) * (np.power((ao - labels), 2)))
cost = error_out.sum()

dcost_dao = ao - labels
dao_dzo = sigmoid_der(zo)
dzo_dwo = ah

dcost_wo = np.dot(dzo_dwo.T, dcost_dao * dao_dzo)

# Phase 2 =======================

dcost_dzo = dcost_dao * dao_dzo
dzo_dah = wo
dcost_dah = np.dot(dcost_dzo , dzo_dah.T)
dah_dzh = sigmoid_der(zh)
dzh_dwh = feature_set
dcost_wh = np.dot(dzh_dwh.T, dah_dzh * dcost_dah)

# Update Weights ================

wh -= lr * dcost_wh
wo -= lr * dcost_wo
"""


def article_body(config: ExperimentConfig, data: str, weights: str, remaining: int | None) -> str:
    head = (
        data
        + textwrap.dedent(
            """
            def sigmoid(x):
                return 1/(1+np.exp(-x))

            def sigmoid_der(x):
                return sigmoid(x) *(1-sigmoid (x))

            """
        )
        + weights
        + f"lr = {config.learning_rate!r}\n"
    )
    if remaining is None:
        return head
    if remaining == 0:
        return (
            head
            + "\n# No epoch trained yet: the cost of the initial weights.\n"
            + ARTICLE_FEEDFORWARD
            + "cost = ((1 / 2) * (np.power((ao - labels), 2))).sum()\n"
        )
    return (
        head
        + f"\nfor epoch in range({remaining}):\n"
        + textwrap.indent("# feedforward\n" + ARTICLE_FEEDFORWARD + ARTICLE_BACKPROPAGATION, "    ")
    )


def layered_body(
    config: ExperimentConfig,
    trainer: Trainer,
    start: TrainingState,
    data: str,
    weights: str,
    names: list[str],
    remaining: int | None,
    arrays: ScriptArrays,
) -> str:
    hidden, output = config.hidden_activation, config.output_activation
    softmax = output == "softmax"
    used = list(dict.fromkeys([hidden] if softmax else [hidden, output]))
    loss_value, loss_gradient = (SOFTMAX_COST, "") if softmax else LOSS_CODE[config.loss]
    layers = len(names)
    quirk = config.article_quirks and layers == 1 and output == "sigmoid"
    fused_log_loss = config.loss == "log_loss" and output == "sigmoid"
    biases = [f"b{i + 1}" if config.bias else "None" for i in range(layers)]
    lines = [data + weights, f"lr = {config.learning_rate!r}", ""]
    for name in used:
        function, derivative = ACTIVATION_CODE[name]
        lines += [function, "", f"def {name}_derivative(a):", f"    return {derivative}", ""]
    if softmax:
        lines += [SOFTMAX_CODE]
    # A softmax's slope is never multiplied (its gradient is ao − labels), so it has no derivative.
    output_derivative = "None" if softmax else output + "_derivative"
    lines += [
        f"activations = {_per_layer(hidden, output, layers)}",
        f"derivatives = {_per_layer(hidden + '_derivative', output_derivative, layers)}",
        f"W = [np.asarray(w, dtype=np.{config.dtype}) for w in [{', '.join(names)}]]",
        f"B = [None if b is None else np.asarray(b, dtype=np.{config.dtype}) for b in [{', '.join(biases)}]]",
        f"X = np.ascontiguousarray(feature_set, dtype=np.{config.dtype})",
    ]
    if softmax:
        lines += [
            f"# {config.classes} classes: each label 0…{config.classes - 1} becomes a row with a 1 in its "
            "class's column, once",
            f"Y = np.eye({config.classes}, dtype=np.{config.dtype})[labels.astype(int).ravel()]",
        ]
    else:
        lines.append(f"Y = np.ascontiguousarray(labels, dtype=np.{config.dtype})")
    lines += [
        "n = len(X)",
        "",
        "",
        "def forward(x):",
        "    outputs, a = [], x",
        "    for w, b, f in zip(W, B, activations):",
        "        z = np.dot(a, w)",
        "        if b is not None:",
        "            z = z + b",
        "        a = f(z)",
        "        outputs.append(a)",
        "    return outputs, z  # z of the output layer: zo, which the cost is computed from"
        if softmax
        else "    return outputs",
        "",
        "",
        "def gradients(x, y, outputs):",
        "    ao, labels = outputs[-1], y",
        *([] if softmax else [f"    dcost_da = {loss_gradient}"]),
        "    weight_grads, bias_grads, deltas = [None] * len(W), [None] * len(W), [None] * len(W)",
        "    for layer in reversed(range(len(W))):",
        "        a = outputs[layer]",
    ]
    lines += _layer_error_lines(quirk=quirk, softmax=softmax, fused_log_loss=fused_log_loss)
    lines += [
        "        below = x if layer == 0 else outputs[layer - 1]",
        "        weight_grads[layer] = np.dot(below.T, dcost_dz)",
        "        if B[layer] is not None:",
        "            bias_grads[layer] = dcost_dz.sum(axis=0)",
        "        deltas[layer] = dcost_dz",
        "        if layer > 0:",
        "            dcost_da = np.dot(dcost_dz, W[layer].T)",
        "    return weight_grads, bias_grads, deltas",
        "",
        "",
    ]
    lines += _optimiser_lines(config, start.optimiser_state, separate_bias=quirk, arrays=arrays)
    lines += [
        "",
        "",
        "def step(x, y, outputs):",
        "    weight_grads, bias_grads, deltas = gradients(x, y, outputs)",
    ]
    if config.l1 or config.l2:
        penalty = f"{config.l2!r} * w + {config.l1!r} * np.sign(w)"
        lines.append(f"    weight_grads = [g + {penalty} for g, w in zip(weight_grads, W)]")
    lines.append("    update(weight_grads + [g for g in bias_grads if g is not None])")
    if quirk and config.bias:
        lines += [
            "    for num in deltas[0]:",
            "        B[0] -= lr * num  # the article updates the bias once per sample",
        ]
    lines += ["", ""]
    if remaining is None:
        return "\n".join(lines)
    read_out = "outputs, zo = forward(X)" if softmax else "outputs = forward(X)"
    if remaining == 0:
        lines += [
            "# No epoch trained yet: the cost of the initial weights.",
            read_out,
            "ao, labels = outputs[-1], Y",
            f"cost = {loss_value}",
        ]
        return "\n".join(lines) + "\n"
    if not trainer.full_batch:
        lines.append(
            f"shuffle = np.random.default_rng({config.data_seed})  # a new order of the points every epoch"
        )
        if start.epoch > 0:
            lines.append(f"shuffle.bit_generator.state = {start.shuffle_state!r}  # where the run had it")
    lines += [
        f"for epoch in range({remaining}):",
        f"    {read_out}",
        "    ao, labels = outputs[-1], Y",
        f"    cost = {loss_value}",
    ]
    if trainer.full_batch:
        lines.append("    step(X, Y, outputs)")
    else:
        lines += [
            "    order = shuffle.permutation(n)",
            f"    for begin in range(0, n, {config.batch_size}):",
            f"        rows = order[begin : begin + {config.batch_size}]",
            f"        step(X[rows], Y[rows], forward(X[rows]){'[0]' if softmax else ''})",
        ]
    return "\n".join(lines) + "\n"


def _layer_error_lines(*, quirk: bool, softmax: bool, fused_log_loss: bool) -> list[str]:
    """``dcost_dz`` at one layer of the backward loop: the output layer's form depends on its loss."""
    if softmax:
        return [
            "        if layer == len(W) - 1:",
            "            dcost_dz = ao - y  # softmax with cross-entropy: dcost_dzo = ao - one-hot labels",
            "        else:",
            "            dcost_dz = dcost_da * derivatives[layer](a)",
        ]
    if quirk:
        lines = [
            "        s = 1 / (1 + np.exp(-a))",
            "        da_dz = s * (1 - s)  # the article's perceptron: sigmoid_der of the activation z",
        ]
    else:
        lines = ["        da_dz = derivatives[layer](a)"]
    if fused_log_loss:
        return [
            *lines,
            "        dcost_dz = (ao - y) / ao.shape[0] if layer == len(W) - 1 else dcost_da * da_dz",
        ]
    return [*lines, "        dcost_dz = dcost_da * da_dz"]


def _per_layer(hidden: str, output: str, layers: int) -> str:
    return f"[{output}]" if layers == 1 else f"[{hidden}] * {layers - 1} + [{output}]"


def _saved(prefix: str, state: dict[str, np.ndarray], dtype: str, arrays: ScriptArrays) -> str | None:
    """A list of the optimiser's saved arrays under ``prefix``, or None before its first update."""
    count = sum(1 for name in state if name.startswith(f"{prefix}/"))
    if not count:
        return None
    items = ",\n    ".join(arrays(state[f"{prefix}/{i}"]) for i in range(count))
    return f"[np.asarray(a, dtype=np.{dtype}) for a in [\n    {items},\n]]"


def _optimiser_lines(
    config: ExperimentConfig, state: dict[str, np.ndarray], *, separate_bias: bool, arrays: ScriptArrays
) -> list[str]:
    """``update(grads)`` for weights then biases, as ``optimisers.py`` does it, from the run's state."""
    params = "W" if separate_bias or not config.bias else "W + [b for b in B if b is not None]"
    lines = [f"params = {params}"]
    if config.optimiser == "gd":
        return [
            *lines,
            "",
            "",
            "def update(grads):",
            "    for p, g in zip(params, grads):",
            "        p -= lr * g",
        ]
    dtype = config.dtype
    zeros = "[np.zeros_like(p) for p in params]"
    if config.optimiser == "momentum":
        return [
            *lines,
            f"velocities = {_saved('velocity', state, dtype, arrays) or zeros}",
            "",
            "",
            "def update(grads):",
            "    for p, g, v in zip(params, grads, velocities):",
            f"        v *= {config.momentum!r}",
            "        v -= lr * g",
            "        p += v",
        ]
    return [
        *lines,
        f"first = {_saved('first', state, dtype, arrays) or zeros}",
        f"second = {_saved('second', state, dtype, arrays) or zeros}",
        f"adam = {{'steps': {int(state.get('steps', 0))}}}",
        "",
        "",
        "def update(grads):",
        "    adam['steps'] += 1",
        "    c1, c2 = 1 - 0.9 ** adam['steps'], 1 - 0.999 ** adam['steps']",
        "    for p, g, m, v in zip(params, grads, first, second):",
        "        m *= 0.9",
        "        m += (1 - 0.9) * g",
        "        v *= 0.999",
        "        v += (1 - 0.999) * g * g",
        "        p -= lr * (m / c1) / (np.sqrt(v / c2) + 1e-08)",
    ]
