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
PRESET_TABLE: tuple[Preset, ...] = (
    ARTICLE_HIDDEN_PRESET,
    ARTICLE_PERCEPTRON_PRESET,
    CORRECTED_PERCEPTRON_PRESET,
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
