"""What a new run starts from: the points and the first weights its configuration and seeds give."""

from __future__ import annotations

import numpy as np

from . import datasets
from .config import ExperimentConfig
from .datasets import Dataset
from .network import Network

# Settings that choose the generated points; changing one leaves imported or drawn data.
DATA_SETTINGS = ("problem", "dataset", "classes", "n_samples", "noise", "data_seed", "test_fraction")

# Settings whose change starts a new run: the points, or the network's structure or first weights.
STRUCTURAL_SETTINGS = (
    *DATA_SETTINGS,
    "input_features",
    "hidden_layers",
    "hidden_activation",
    "output_activation",
    "bias",
    "initialiser",
    "weight_seed",
    "article_quirks",
    "dtype",
)


def output_units(config: ExperimentConfig) -> int:
    """K probabilities for a softmax output (K = 2 included), else the article's single unit."""
    return config.classes if config.output_activation == "softmax" else 1


def new_run(config: ExperimentConfig, custom_data: Dataset | None) -> tuple[Dataset, Network]:
    """The points (generated unless ``custom_data``) and the weights drawn from the seeds.

    Without a ``weight_seed`` the weights come from the data's random stream
    after the points, as the article's script draws them after ``make_moons``.
    """
    data_rng = np.random.RandomState(config.data_seed)
    if custom_data is None:
        X, y = datasets.generate(config.dataset, config.n_samples, config.noise, data_rng, config.classes)
        data = datasets.split(X, y, config.test_fraction, config.data_seed)
    else:
        data = custom_data
    weight_rng = data_rng if config.weight_seed is None else np.random.RandomState(config.weight_seed)
    network = Network.initialise(
        [len(config.input_features), *config.hidden_layers, output_units(config)],
        bias=config.bias,
        initialiser=config.initialiser,
        rng=weight_rng,
        hidden_activation=config.hidden_activation,
        output_activation=config.output_activation,
        perceptron_quirks=config.article_quirks,
        dtype=np.dtype(config.dtype),
    )
    return data, network
