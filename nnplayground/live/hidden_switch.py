"""What the hidden-layer toggle (H) changes besides the hidden layers.

The article's two scripts differ in more than the hidden layer: its
perceptron has a bias, re-seeds NumPy with 42 before drawing the weights,
and carries the ``sigmoid_der(z)`` quirk; its 2-4-1 network has none of
these. Flipping only ``hidden_layers`` would produce a perceptron the article
never ran, and the learner would not see its 4.17. So each side of the toggle
keeps its own bias, weight seed and quirk flag, starting from the two article
presets and remembering what the user changed on that side, while everything
else they set (learning rate, loss, data, activations) carries across. The
hidden side also remembers its whole layer list, so H goes from a 3-layer
network to the perceptron and back to the same 3 layers. With the defaults,
H switches between exactly the article's two networks.
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
    hidden_layers: tuple[int, ...]

    @classmethod
    def of(cls, config: ExperimentConfig) -> _Side:
        return cls(config.bias, config.weight_seed, config.article_quirks, config.hidden_layers)


class HiddenLayerSwitch:
    def __init__(self) -> None:
        self.remember(ARTICLE_ONE_HIDDEN_LAYER)

    def remember(self, config: ExperimentConfig) -> None:
        """Start over: ``config`` for its own side, the article's preset for the other (a preset loaded)."""
        self._sides = {True: _Side.of(ARTICLE_ONE_HIDDEN_LAYER), False: _Side.of(ARTICLE_PERCEPTRON)}
        self._sides[bool(config.hidden_layers)] = _Side.of(config)

    def remembered_layers(self) -> tuple[int, ...]:
        """The hidden side's layer list, as it was when the user last left that side."""
        return self._sides[True].hidden_layers

    def switch(
        self, config: ExperimentConfig, hidden: bool, layers: tuple[int, ...] | None = None
    ) -> ExperimentConfig:
        """``config`` with ``layers`` (default: the remembered ones, or none), and that side's settings.

        Raises ``ConfigError`` for an invalid layer list.
        """
        if not hidden:
            layers = ()
        elif layers is None:
            layers = config.hidden_layers if config.hidden_layers else self.remembered_layers()
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
