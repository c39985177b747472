"""What the hidden-layer toggle (H) changes besides the hidden layer.

The article's two scripts differ in more than the hidden layer: its
perceptron has a bias, re-seeds NumPy with 42 before drawing the weights,
and carries the ``sigmoid_der(z)`` quirk; its 2-4-1 network has none of
these. Flipping only ``hidden_layers`` would produce a perceptron the article
never ran, and the learner would not see its 4.17. So each side of the toggle
keeps its own bias, weight seed and quirk flag, starting from the two article
presets and remembering what the user changed on that side, while everything
else they set (learning rate, loss, data, activations) carries across. With
the defaults, H switches between exactly the article's two networks.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON


@dataclass(frozen=True)
class _Side:
    bias: bool
    weight_seed: int | None
    article_quirks: bool

    @classmethod
    def of(cls, config: ExperimentConfig) -> _Side:
        return cls(config.bias, config.weight_seed, config.article_quirks)


class HiddenLayerSwitch:
    def __init__(self) -> None:
        self.remember(ARTICLE_ONE_HIDDEN_LAYER)

    def remember(self, config: ExperimentConfig) -> None:
        """Start over: ``config`` for its own side, the article's preset for the other (a preset loaded)."""
        self._sides = {True: _Side.of(ARTICLE_ONE_HIDDEN_LAYER), False: _Side.of(ARTICLE_PERCEPTRON)}
        self._sides[bool(config.hidden_layers)] = _Side.of(config)

    def switch(self, config: ExperimentConfig, hidden: bool, units: int) -> ExperimentConfig:
        """``config`` with one hidden layer of ``units`` (or none), and that side's remembered settings.

        Raises ``ConfigError`` for an invalid ``units``.
        """
        layers = (units,) if hidden else ()
        if bool(config.hidden_layers) == hidden:
            return config.replace(hidden_layers=layers)
        self._sides[not hidden] = _Side.of(config)
        side = self._sides[hidden]
        return config.replace(
            hidden_layers=layers,
            bias=side.bias,
            weight_seed=side.weight_seed,
            article_quirks=side.article_quirks,
        )
