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

import math
import textwrap

import numpy as np

from .config import ExperimentConfig
from .datasets import Dataset
from .features import DEFAULT_FEATURES, FEATURES
from .network import Network
from .script_literals import UNPACK_CODE, ScriptArrays
from .script_loops import article_body, layered_body
from .trainer import Trainer, TrainingState

SKLEARN_DATASETS = {
    "moons": "make_moons({n}, noise={noise!r})",
    "circles": "make_circles({n}, noise={noise!r}, factor=0.5)",
}


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
    config: ExperimentConfig, data: Dataset, generated: bool, arrays: ScriptArrays
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
    arrays: ScriptArrays,
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
    arrays = ScriptArrays()
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
        body = article_body(config, source, weights, remaining)
    else:
        body = layered_body(config, trainer, start, source, weights, names, remaining, arrays)
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
        f"{_output_words(config)}, lr {config.learning_rate!r}, {epochs} epochs."
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


def _output_words(config: ExperimentConfig) -> str:
    if config.output_activation == "softmax":
        return f"{config.classes} classes (a softmax output of {config.classes} units, cross-entropy)"
    return f"a {config.output_activation} output"


def _final_cost(start: TrainingState, remaining: int | None) -> str:
    if remaining is not None:
        return "\nprint(repr(float(cost)))\n"
    return (
        f"\n# No epoch trained since epoch {start.epoch}: nnplayground shows the cost of the epoch before,\n"
        "# computed with the weights and settings of then, as it recorded it.\n"
        f"print(repr({start.last_loss!r}))\n"
    )
