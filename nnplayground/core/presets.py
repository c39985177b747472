"""Named configurations, in one table; the two article ones are its scripts, setting for setting.

Each preset has every name it goes by — its menu name, the key the command
line takes (``--preset``) and the few words compare mode calls it by — so a
new preset is one row here, and every list of presets (the Network menu,
compare mode's choosers, the CLI) follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import ExperimentConfig

ARTICLE_ONE_HIDDEN_LAYER = ExperimentConfig()

ARTICLE_PERCEPTRON = ExperimentConfig(
    hidden_layers=(),
    bias=True,
    weight_seed=42,
    article_quirks=True,
)

CORRECTED_PERCEPTRON = ARTICLE_PERCEPTRON.replace(article_quirks=False)

# The series' next article: K classes, a softmax output and cross-entropy. Adam at 0.01 from Glorot's
# weights with biases and tanh hidden units: the 3-arm spiral reaches 99 % training accuracy in
# 500 epochs (a second here), the blobs 100 % in 200; the article's sigmoid and plain gradient
# descent would need tens of thousands of epochs.
MULTI_CLASS = ExperimentConfig(
    classes=3,
    hidden_activation="tanh",
    output_activation="softmax",
    loss="cross_entropy",
    bias=True,
    initialiser="glorot",
    optimiser="adam",
    learning_rate=0.01,
)
THREE_BLOBS = MULTI_CLASS.replace(dataset="blobs", n_samples=300, hidden_layers=(4,))
THREE_ARM_SPIRAL = MULTI_CLASS.replace(dataset="spiral", n_samples=400, hidden_layers=(16, 16))


@dataclass(frozen=True)
class Preset:
    """``name`` in menus and lists, ``key`` on the command line, ``words`` for compare mode's sides."""

    name: str
    key: str
    words: str
    config: ExperimentConfig


ARTICLE_HIDDEN_PRESET = Preset(
    "article: one hidden layer", "article-hidden", "2-4-1 sigmoid, article", ARTICLE_ONE_HIDDEN_LAYER
)
ARTICLE_PERCEPTRON_PRESET = Preset(
    "article: perceptron", "article-perceptron", "perceptron (article)", ARTICLE_PERCEPTRON
)
CORRECTED_PERCEPTRON_PRESET = Preset(
    "perceptron (corrected)", "perceptron", "perceptron (corrected)", CORRECTED_PERCEPTRON
)
THREE_BLOBS_PRESET = Preset("multi-class: 3 blobs", "blobs-3", "3 blobs, softmax", THREE_BLOBS)
THREE_ARM_SPIRAL_PRESET = Preset(
    "multi-class: 3-arm spiral", "spiral-3", "3-arm spiral, softmax", THREE_ARM_SPIRAL
)
PRESET_TABLE: tuple[Preset, ...] = (
    ARTICLE_HIDDEN_PRESET,
    ARTICLE_PERCEPTRON_PRESET,
    CORRECTED_PERCEPTRON_PRESET,
    THREE_BLOBS_PRESET,
    THREE_ARM_SPIRAL_PRESET,
)

# The table by each of its names.
PRESETS: dict[str, ExperimentConfig] = {preset.name: preset.config for preset in PRESET_TABLE}
PRESET_KEYS: dict[str, str] = {preset.key: preset.name for preset in PRESET_TABLE}
PRESET_WORDS: dict[ExperimentConfig, str] = {preset.config: preset.words for preset in PRESET_TABLE}


def get_preset(name: str) -> ExperimentConfig:
    """A preset by its command-line key or its name."""
    key = PRESET_KEYS.get(name, name)
    try:
        return PRESETS[key]
    except KeyError:
        allowed = ", ".join(PRESET_KEYS)
        raise ValueError(f"unknown preset {name!r}; allowed: {allowed}") from None
