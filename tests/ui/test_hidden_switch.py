"""The hidden-layer toggle switches between the article's two networks, keeping the rest."""

from __future__ import annotations

import pytest

from nnplayground.core.config import ConfigError
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from nnplayground.ui.hidden_switch import HiddenLayerSwitch


def test_from_the_article_network_it_gives_the_article_perceptron_and_back():
    switch = HiddenLayerSwitch()
    perceptron = switch.switch(ARTICLE_ONE_HIDDEN_LAYER, hidden=False, units=4)
    assert perceptron == ARTICLE_PERCEPTRON
    assert switch.switch(perceptron, hidden=True, units=4) == ARTICLE_ONE_HIDDEN_LAYER


def test_other_settings_carry_over_and_each_side_remembers_its_own():
    switch = HiddenLayerSwitch()
    tuned = ARTICLE_ONE_HIDDEN_LAYER.replace(learning_rate=2.0, bias=True, noise=0.2)
    perceptron = switch.switch(tuned, hidden=False, units=4)
    assert (perceptron.learning_rate, perceptron.noise) == (2.0, 0.2)
    assert (perceptron.bias, perceptron.weight_seed, perceptron.article_quirks) == (True, 42, True)
    back = switch.switch(perceptron.replace(article_quirks=False), hidden=True, units=8)
    assert back.hidden_layers == (8,)
    assert back.bias is True
    assert switch.switch(back, hidden=False, units=8).article_quirks is False


def test_remember_starts_over_from_a_loaded_preset():
    switch = HiddenLayerSwitch()
    switch.switch(ARTICLE_ONE_HIDDEN_LAYER.replace(bias=True), hidden=False, units=4)
    switch.remember(ARTICLE_PERCEPTRON)
    assert switch.switch(ARTICLE_PERCEPTRON, hidden=True, units=4) == ARTICLE_ONE_HIDDEN_LAYER


def test_invalid_units_are_refused():
    with pytest.raises(ConfigError, match="hidden units"):
        HiddenLayerSwitch().switch(ARTICLE_PERCEPTRON, hidden=True, units=0)
