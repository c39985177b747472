"""Turn a run into a standalone NumPy script that trains it again and prints the same cost.

The bridge back to the article: for the article's own network family the
script *is* the article's code (its names, its loop), with our settings
filled in; any other configuration gets the same loop written for a list of
layers. Either way it performs our engine's floating-point operations in our
order, so it prints the cost the status bar shows to the last digit (a test
runs it, for generated, drawn and imported points, at epoch 0 and later).

The script starts where the run's current settings, points and weights
started to apply: its *origin* (``Trainer`` state at a new run, or at the
last mid-run change such as a new learning rate, a drawn point or a typed
weight). Moons and circles are regenerated with scikit-learn from the seed,
as the article does, and a fresh run's weights are drawn from the seed as the
engine draws them; anything else — other data sets, imported or drawn
points, weights of a run that did not start from the seeded draw, optimiser
and shuffle state — is written out exactly: as literals when small, packed
(float64 bytes, zlib, base64) when large.
"""

from __future__ import annotations

import base64
import math
import textwrap
import zlib

import numpy as np

from .config import ExperimentConfig
from .datasets import Dataset
from .features import DEFAULT_FEATURES, FEATURES
from .network import Network
from .trainer import Trainer, TrainingState

SKLEARN_DATASETS = {
    "moons": "make_moons({n}, noise={noise!r})",
    "circles": "make_circles({n}, noise={noise!r}, factor=0.5)",
}

# Arrays with more numbers than this are packed rather than written out one number at a time.
LITERAL_LIMIT = 2_000

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

UNPACK_CODE = '''\
def unpack(text, shape):
    """Exact float64 numbers, zlib-compressed and base64-encoded to keep this file small."""
    return np.frombuffer(zlib.decompress(base64.b64decode(text)), dtype="<f8").reshape(shape)
'''


class _Arrays:
    """Writes arrays as exact Python expressions and remembers whether any needed ``unpack``."""

    def __init__(self) -> None:
        self.packed = False

    def __call__(self, array: np.ndarray) -> str:
        array = np.asarray(array, dtype=np.float64)
        if array.size > LITERAL_LIMIT:
            self.packed = True
            text = base64.b64encode(zlib.compress(array.astype("<f8").tobytes(), 9)).decode("ascii")
            chunks = "\n".join(f'    "{text[i : i + 96]}"' for i in range(0, len(text), 96))
            return f"unpack(\n{chunks},\n    {array.shape!r},\n)"
        if array.ndim == 1:
            return "np.array([" + ", ".join(repr(float(v)) for v in array) + "])"
        # ``repr`` of a float64 round-trips every bit.
        rows = ",\n    ".join(
            "[" + ", ".join(repr(float(v)) for v in row) + "]" for row in np.atleast_2d(array)
        )
        return f"np.array([\n    {rows},\n])"


def fresh_origin(config: ExperimentConfig, data: Dataset, *, generated_data: bool) -> TrainingState:
    """The state a new run on ``data`` starts from: the engine's seeded draw of the weights."""
    return Trainer(config, None if generated_data else data).state()


def replay_note(origin: TrainingState, epochs: int) -> str | None:
    """What the export's message says when the script cannot replay the run from epoch 0, else None."""
    if origin.epoch == 0:
        return None
    return (
        f"The run's settings, points or weights changed at epoch {origin.epoch:,}, so the script "
        f"cannot replay it from the start: it starts from the weights the run had at epoch "
        f"{origin.epoch:,} and trains the {epochs - origin.epoch:,} epochs since."
    )


def _same_network(a: Network, b: Network) -> bool:
    pairs = list(zip(a.weights, b.weights)) + list(zip(a.biases, b.biases))
    return all(
        (x is None and y is None) or (x is not None and y is not None and np.array_equal(x, y))
        for x, y in pairs
    )


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


def _data_section(
    config: ExperimentConfig, data: Dataset, generated: bool, arrays: _Arrays
) -> tuple[str, bool]:
    """The data lines, and whether the global RNG is left where the engine draws the weights from."""
    if generated and config.dataset in SKLEARN_DATASETS and config.test_fraction == 0:
        call = SKLEARN_DATASETS[config.dataset].format(n=config.n_samples, noise=config.noise)
        return (
            f"np.random.seed({config.data_seed})\n"
            f"feature_set, labels = datasets.{call}\n"
            f"labels = labels.reshape({config.n_samples}, 1)\n"
        ), True
    source = "imported or drawn" if not generated else f"the {config.dataset} data set's"
    return (
        f"# {source} {data.n_train} training points, exactly as nnplayground trained on them\n"
        f"feature_set = {arrays(data.X_train)}\nlabels = {arrays(data.y_train)}\n"
    ), False


def _weights_section(
    config: ExperimentConfig,
    network: Network,
    names: list[str],
    *,
    seeded: bool,
    generated: bool,
    rng_continues: bool,
    arrays: _Arrays,
) -> str:
    """The initial weights: the engine's seeded draw when that is what they are, else exact values."""
    sizes = network.layer_sizes
    if (
        seeded
        and config.initialiser == "article"
        and (config.weight_seed is not None or not generated or rng_continues)
    ):
        if config.weight_seed is not None:
            lines = [f"np.random.seed({config.weight_seed})"]
        elif not generated:
            lines = [f"np.random.seed({config.data_seed})  # nnplayground draws from the data seed"]
        else:
            lines = []
        lines += [f"{name} = np.random.rand({a}, {b})" for name, a, b in zip(names, sizes, sizes[1:])]
        if config.bias:
            lines += [f"b{i + 1} = np.random.rand({b})" for i, b in enumerate(sizes[1:])]
        return "\n".join(lines) + "\n"
    lines = [f"{name} = {arrays(w)}" for name, w in zip(names, network.weights)]
    lines += [f"b{i + 1} = {arrays(b)}" for i, b in enumerate(network.biases) if b is not None]
    return "\n".join(lines) + "\n"


def export_script(
    config: ExperimentConfig,
    data: Dataset,
    epochs: int,
    *,
    generated_data: bool,
    origin: TrainingState | None = None,
) -> str:
    """A script that trains ``config`` on ``data`` up to epoch ``epochs`` and prints the shown cost.

    ``generated_data`` says the points came from ``config``'s generator and
    seed (so the script may regenerate them) rather than from an import or
    a drawing. ``origin`` is the run's state where its current settings,
    points and weights began to apply (``Snapshot.origin``); ``None`` means
    a new run from the engine's seeded draw on ``data``. The printed cost is
    the status bar's: the last epoch's cost before its update, or the
    initial weights' cost at epoch 0.
    """
    seeded_start = fresh_origin(config, data, generated_data=generated_data)
    start = seeded_start if origin is None else origin
    if not start.epoch <= epochs:
        raise ValueError(f"the run's origin (epoch {start.epoch}) lies after epoch {epochs}")
    seeded = start.epoch == 0 and _same_network(start.network, seeded_start.network)
    trainer = Trainer(config, data)
    arrays = _Arrays()
    source, rng_continues = _data_section(config, data, generated_data, arrays)
    if config.input_features != DEFAULT_FEATURES:
        columns = ", ".join(FEATURES[name].source for name in config.input_features)
        source += (
            f"x1, x2 = feature_set[:, 0], feature_set[:, 1]\nfeature_set = np.column_stack([{columns}])\n"
        )
    article = _is_article_family(config, trainer)
    layers = len(start.network.weights)
    names = ["wh", "wo"] if article else [f"W{i + 1}" for i in range(layers)]
    weights = _weights_section(
        config,
        start.network,
        names,
        seeded=seeded,
        generated=generated_data,
        rng_continues=rng_continues,
        arrays=arrays,
    )
    # None: no epoch to train and no cost to compute, since the recorded cost is what the app shows.
    remaining = epochs - start.epoch
    remaining = None if remaining == 0 and math.isfinite(start.last_loss) else remaining
    if article:
        body = _article_body(config, source, weights, remaining)
    else:
        body = _layered_body(config, trainer, start, source, weights, names, remaining, arrays)
    body += _final_cost(start, remaining)
    return _header(config, data, generated_data, start, epochs, arrays.packed, "datasets." in source) + body


def _header(
    config: ExperimentConfig,
    data: Dataset,
    generated: bool,
    start: TrainingState,
    epochs: int,
    packed: bool,
    uses_sklearn: bool,
) -> str:
    described = (
        f"{config.dataset if generated else 'Imported or drawn'} data, {data.n_train} training points, "
        f"hidden layers {list(config.hidden_layers) or 'none (a perceptron)'}, "
        f"lr {config.learning_rate!r}, {epochs} epochs."
    )
    note = replay_note(start, epochs)
    origin = "It trains the run from scratch" if note is None else note.replace("the script", "this script")
    explained = (
        f"{origin.rstrip('.')}, with nnplayground's arithmetic in nnplayground's order, so the last "
        f"line it prints is the cost nnplayground showed at epoch {epochs}."
    )
    paragraphs = "\n\n".join(textwrap.fill(text, 88) for text in (described, explained))
    title = "Exported from nnplayground: trains this configuration and prints the cost."
    text = f'"""{title}\n\n{paragraphs}\n"""\n'
    imports = ["import base64", "import zlib", ""] if packed else []
    imports.append("import numpy as np")
    if uses_sklearn:
        imports.append("from sklearn import datasets")
    text += "\n".join(imports) + "\n"
    if packed:
        text += "\n\n" + UNPACK_CODE
    return text + "\n"


def _final_cost(start: TrainingState, remaining: int | None) -> str:
    if remaining is not None:
        return "\nprint(repr(float(cost)))\n"
    return (
        f"\n# No epoch trained since epoch {start.epoch}: nnplayground shows the cost of the epoch before,\n"
        "# computed with the weights and settings of then, as it recorded it.\n"
        f"print(repr({start.last_loss!r}))\n"
    )


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


def _article_body(config: ExperimentConfig, data: str, weights: str, remaining: int | None) -> str:
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


def _layered_body(
    config: ExperimentConfig,
    trainer: Trainer,
    start: TrainingState,
    data: str,
    weights: str,
    names: list[str],
    remaining: int | None,
    arrays: _Arrays,
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
    if remaining == 0:
        lines += [
            "# No epoch trained yet: the cost of the initial weights.",
            "ao, labels = forward(X)[-1], Y",
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
        "    outputs = forward(X)",
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
            "        step(X[rows], Y[rows], forward(X[rows]))",
        ]
    return "\n".join(lines) + "\n"


def _per_layer(hidden: str, output: str, layers: int) -> str:
    return f"[{output}]" if layers == 1 else f"[{hidden}] * {layers - 1} + [{output}]"


def _saved(prefix: str, state: dict[str, np.ndarray], dtype: str, arrays: _Arrays) -> str | None:
    """A list of the optimiser's saved arrays under ``prefix``, or None before its first update."""
    count = sum(1 for name in state if name.startswith(f"{prefix}/"))
    if not count:
        return None
    items = ",\n    ".join(arrays(state[f"{prefix}/{i}"]) for i in range(count))
    return f"[np.asarray(a, dtype=np.{dtype}) for a in [\n    {items},\n]]"


def _optimiser_lines(
    config: ExperimentConfig, state: dict[str, np.ndarray], *, separate_bias: bool, arrays: _Arrays
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
