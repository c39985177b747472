"""Turn a run into a standalone NumPy script that trains it again and prints the same cost.

The bridge back to the article: for the article's own network family the
script *is* the article's code (its names, its loop), with our settings
filled in; any other configuration gets the same loop written for a list of
layers. Either way it performs our engine's floating-point operations in our
order, so it prints the run's last cost to the last digit (a test runs it).

Moons and circles are regenerated with scikit-learn from the seed, as the
article does; other data (XOR, spiral, imported or drawn points) and their
initial weights are written out as literals, exactly.
"""

from __future__ import annotations

import textwrap

import numpy as np

from .config import ExperimentConfig
from .datasets import Dataset
from .features import DEFAULT_FEATURES, FEATURES
from .trainer import Trainer

SKLEARN_DATASETS = {
    "moons": "make_moons({n}, noise={noise!r})",
    "circles": "make_circles({n}, noise={noise!r}, factor=0.5)",
}

ACTIVATION_CODE = {
    "sigmoid": ("def sigmoid(x):\n    return 1 / (1 + np.exp(-x))", "a * (1 - a)"),
    "tanh": ("def tanh(x):\n    return np.tanh(x)", "1 - a * a"),
    "relu": ("def relu(x):\n    return np.maximum(x, 0)", "(a > 0).astype(a.dtype)"),
    "linear": ("def linear(x):\n    return x", "np.ones_like(a)"),
}

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


def _literal(array: np.ndarray) -> str:
    """An exact literal: ``repr`` of a float64 round-trips every bit."""
    rows = ",\n    ".join("[" + ", ".join(repr(float(v)) for v in row) + "]" for row in np.atleast_2d(array))
    return f"np.array([\n    {rows},\n])"


def _is_article_family(config: ExperimentConfig, trainer: Trainer) -> bool:
    return (
        len(config.hidden_layers) == 1
        and config.hidden_activation == config.output_activation == "sigmoid"
        and not config.bias
        and config.loss == "half_sse"
        and config.optimiser == "gd"
        and trainer.full_batch
        and config.l1 == config.l2 == 0
        and config.dtype == "float64"
    )


def _data_section(config: ExperimentConfig, trainer: Trainer, generated: bool) -> tuple[str, bool]:
    """The data lines, and whether the weights may be drawn from the same global RNG after them."""
    if generated and config.dataset in SKLEARN_DATASETS and config.test_fraction == 0:
        call = SKLEARN_DATASETS[config.dataset].format(n=config.n_samples, noise=config.noise)
        return (
            f"np.random.seed({config.data_seed})\n"
            f"feature_set, labels = datasets.{call}\n"
            f"labels = labels.reshape({config.n_samples}, 1)\n"
        ), True
    return (
        f"feature_set = {_literal(trainer.data.X_train)}\nlabels = {_literal(trainer.data.y_train)}\n"
    ), False


def _weights_section(
    config: ExperimentConfig, initial: Trainer, drawn_after_data: bool
) -> tuple[str, list[str]]:
    sizes = [len(config.input_features), *config.hidden_layers, 1]
    names = [f"W{i + 1}" for i in range(len(sizes) - 1)]
    if config.initialiser == "article" and (drawn_after_data or config.weight_seed is not None):
        lines = [f"np.random.seed({config.weight_seed})"] if config.weight_seed is not None else []
        lines += [f"{name} = np.random.rand({a}, {b})" for name, a, b in zip(names, sizes, sizes[1:])]
        if config.bias:
            lines += [f"b{i + 1} = np.random.rand({b})" for i, b in enumerate(sizes[1:])]
        return "\n".join(lines) + "\n", names
    lines = [f"{name} = {_literal(w)}" for name, w in zip(names, initial.network.weights)]
    lines += [f"b{i + 1} = {_literal(b)}[0]" for i, b in enumerate(initial.network.biases) if b is not None]
    return "\n".join(lines) + "\n", names


def export_script(config: ExperimentConfig, data: Dataset, epochs: int, *, generated_data: bool) -> str:
    """A script that trains ``config`` on ``data`` for ``epochs`` epochs and prints the last cost.

    ``generated_data`` says the points came from ``config``'s generator and
    seed (so the script may regenerate them) rather than from an import.
    """
    initial = Trainer(config, None if generated_data else data)
    source, drawn_after_data = _data_section(config, initial, generated_data)
    if config.input_features != DEFAULT_FEATURES:
        columns = ", ".join(FEATURES[name].source for name in config.input_features)
        source += (
            f"x1, x2 = feature_set[:, 0], feature_set[:, 1]\nfeature_set = np.column_stack([{columns}])\n"
        )
    uses_sklearn = "datasets." in source
    header = textwrap.dedent(
        f'''\
        """Exported from nnplayground: trains this configuration from scratch and prints the cost.

        {config.dataset if generated_data else "imported"} data, {len(initial.data.X_train)} training points,
        hidden layers {list(config.hidden_layers) or "none (a perceptron)"}, lr {config.learning_rate!r},
        {epochs} epochs. It performs nnplayground's arithmetic in nnplayground's order, so the
        last line it prints is the cost nnplayground showed after epoch {epochs}. (If settings
        were changed during the run, it replays the current settings from the start instead.)
        """
        import numpy as np
        '''
    )
    if uses_sklearn:
        header += "from sklearn import datasets\n"
    if _is_article_family(config, initial):
        body = _article_body(config, source, epochs)
    else:
        weights, names = _weights_section(config, initial, drawn_after_data)
        body = _layered_body(config, initial, source, weights, names, epochs)
    return header + "\n" + body


def _article_body(config: ExperimentConfig, data: str, epochs: int) -> str:
    units = config.hidden_layers[0]
    seed_line = f"np.random.seed({config.weight_seed})\n" if config.weight_seed is not None else ""
    return (
        data
        + textwrap.dedent(
            """
            def sigmoid(x):
                return 1/(1+np.exp(-x))

            def sigmoid_der(x):
                return sigmoid(x) *(1-sigmoid (x))

            """
        )
        + seed_line
        + f"wh = np.random.rand(len(feature_set[0]),{units})\n"
        + f"wo = np.random.rand({units}, 1)\n"
        + f"lr = {config.learning_rate!r}\n"
        + textwrap.dedent(
            f"""
            for epoch in range({epochs}):
                # feedforward
                zh = np.dot(feature_set, wh)
                ah = sigmoid(zh)

                zo = np.dot(ah, wo)
                ao = sigmoid(zo)

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

            print(repr(float(cost)))
            """
        )
    )


def _layered_body(
    config: ExperimentConfig, trainer: Trainer, data: str, weights: str, names: list[str], epochs: int
) -> str:
    hidden, output = config.hidden_activation, config.output_activation
    used = list(dict.fromkeys([hidden, output]))
    loss_value, loss_gradient = LOSS_CODE[config.loss]
    layers = len(names)
    quirk = config.article_quirks and layers == 1 and output == "sigmoid"
    fused_log_loss = config.loss == "log_loss" and output == "sigmoid"
    biases = [f"b{i + 1}" if config.bias else "None" for i in range(layers)]
    lines = [data + weights, f"lr = {config.learning_rate!r}", ""]
    for name in used:
        function, derivative = ACTIVATION_CODE[name]
        lines += [function, "", f"def {name}_derivative(a):", f"    return {derivative}", ""]
    lines += [
        f"activations = {_per_layer(hidden, output, layers)}",
        f"derivatives = {_per_layer(hidden + '_derivative', output + '_derivative', layers)}",
        f"W = [np.asarray(w, dtype=np.{config.dtype}) for w in [{', '.join(names)}]]",
        f"B = [None if b is None else np.asarray(b, dtype=np.{config.dtype}) for b in [{', '.join(biases)}]]",
        f"X = np.ascontiguousarray(feature_set, dtype=np.{config.dtype})",
        f"Y = np.ascontiguousarray(labels, dtype=np.{config.dtype})",
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
        "    return outputs",
        "",
        "",
        "def gradients(x, y, outputs):",
        "    ao, labels = outputs[-1], y",
        f"    dcost_da = {loss_gradient}",
        "    weight_grads, bias_grads, deltas = [None] * len(W), [None] * len(W), [None] * len(W)",
        "    for layer in reversed(range(len(W))):",
        "        a = outputs[layer]",
    ]
    if quirk:
        lines += [
            "        s = 1 / (1 + np.exp(-a))",
            "        da_dz = s * (1 - s)  # the article's perceptron: sigmoid_der of the activation z",
        ]
    else:
        lines.append("        da_dz = derivatives[layer](a)")
    if fused_log_loss:
        lines.append("        dcost_dz = (ao - y) / ao.shape[0] if layer == len(W) - 1 else dcost_da * da_dz")
    else:
        lines.append("        dcost_dz = dcost_da * da_dz")
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
    lines += _optimiser_lines(config, separate_bias=quirk)
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
    lines += [
        "",
        "",
        f"for epoch in range({epochs}):",
        "    outputs = forward(X)",
        "    ao, labels = outputs[-1], Y",
        f"    cost = {loss_value}",
    ]
    if trainer.full_batch:
        lines.append("    step(X, Y, outputs)")
    else:
        lines.insert(
            lines.index(f"for epoch in range({epochs}):"),
            f"shuffle = np.random.default_rng({config.data_seed})  # a new order of the points every epoch",
        )
        lines += [
            "    order = shuffle.permutation(n)",
            f"    for begin in range(0, n, {config.batch_size}):",
            f"        rows = order[begin : begin + {config.batch_size}]",
            "        step(X[rows], Y[rows], forward(X[rows]))",
        ]
    lines += ["", "print(repr(float(cost)))"]
    return "\n".join(lines) + "\n"


def _per_layer(hidden: str, output: str, layers: int) -> str:
    return f"[{output}]" if layers == 1 else f"[{hidden}] * {layers - 1} + [{output}]"


def _optimiser_lines(config: ExperimentConfig, *, separate_bias: bool) -> list[str]:
    """``update(grads)`` for weights then biases, as ``optimisers.py`` does it."""
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
    if config.optimiser == "momentum":
        return [
            *lines,
            "velocities = [np.zeros_like(p) for p in params]",
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
        "first = [np.zeros_like(p) for p in params]",
        "second = [np.zeros_like(p) for p in params]",
        "adam = {'steps': 0}",
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
