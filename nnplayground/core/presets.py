"""Named configurations; the two article ones are its scripts, setting for setting."""

from __future__ import annotations

from .config import ExperimentConfig

ARTICLE_ONE_HIDDEN_LAYER = ExperimentConfig()

ARTICLE_PERCEPTRON = ExperimentConfig(
    hidden_layers=(),
    bias=True,
    weight_seed=42,
    article_quirks=True,
)

CORRECTED_PERCEPTRON = ARTICLE_PERCEPTRON.replace(article_quirks=False)

PRESETS: dict[str, ExperimentConfig] = {
    "article: one hidden layer": ARTICLE_ONE_HIDDEN_LAYER,
    "article: perceptron": ARTICLE_PERCEPTRON,
    "perceptron (corrected)": CORRECTED_PERCEPTRON,
}

PRESET_KEYS = {
    "article-hidden": "article: one hidden layer",
    "article-perceptron": "article: perceptron",
    "perceptron": "perceptron (corrected)",
}


def get_preset(name: str) -> ExperimentConfig:
    key = PRESET_KEYS.get(name, name)
    try:
        return PRESETS[key]
    except KeyError:
        allowed = ", ".join(PRESET_KEYS)
        raise ValueError(f"unknown preset {name!r}; allowed: {allowed}") from None
