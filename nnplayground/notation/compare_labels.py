"""A configuration in a few words, for compare mode's titles, legend and choosers.

Two sides are only told apart by what differs, so a description names the
network and then only the settings that depart from the article's.
"""

from __future__ import annotations

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.losses import get_loss
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON, CORRECTED_PERCEPTRON

_NAMED = {
    ARTICLE_PERCEPTRON: "perceptron (article)",
    ARTICLE_ONE_HIDDEN_LAYER: "2-4-1 sigmoid, article",
    CORRECTED_PERCEPTRON: "perceptron (corrected)",
}
_ARTICLE = ARTICLE_ONE_HIDDEN_LAYER


def describe(config: ExperimentConfig) -> str:
    """``"perceptron (article)"``, ``"2-4-1 sigmoid, article"``, ``"2-8-1 tanh, lr 0.03, adam"``…"""
    named = _NAMED.get(config)
    if named is not None:
        return named
    inputs = len(config.input_features)
    if config.hidden_layers:
        sizes = "-".join(str(size) for size in (inputs, *config.hidden_layers, 1))
        words = [f"{sizes} {config.hidden_activation}"]
    else:
        words = ["perceptron" if inputs == 2 else f"perceptron on {inputs} features"]
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
    if config.loss != _ARTICLE.loss:
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
