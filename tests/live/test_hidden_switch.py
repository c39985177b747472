"""The hidden-layer toggle switches between the article's two networks, keeping the rest."""

from __future__ import annotations

import pytest

from nnplayground.core.config import ConfigError
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from nnplayground.live.hidden_switch import HiddenLayerSwitch


def test_from_the_article_network_it_gives_the_article_perceptron_and_back():
    switch = HiddenLayerSwitch()
    perceptron = switch.switch(ARTICLE_ONE_HIDDEN_LAYER, hidden=False)
    assert perceptron == ARTICLE_PERCEPTRON
    assert switch.switch(perceptron, hidden=True) == ARTICLE_ONE_HIDDEN_LAYER


def test_other_settings_carry_over_and_each_side_remembers_its_own():
    switch = HiddenLayerSwitch()
    tuned = ARTICLE_ONE_HIDDEN_LAYER.replace(learning_rate=2.0, bias=True, noise=0.2)
    perceptron = switch.switch(tuned, hidden=False)
    assert (perceptron.learning_rate, perceptron.noise) == (2.0, 0.2)
    assert (perceptron.bias, perceptron.weight_seed, perceptron.article_quirks) == (True, 42, True)
    back = switch.switch(perceptron.replace(article_quirks=False), hidden=True, layers=(8,))
    assert back.hidden_layers == (8,)
    assert back.bias is True
    assert switch.switch(back, hidden=False).article_quirks is False


def test_the_hidden_side_remembers_its_whole_layer_list():
    switch = HiddenLayerSwitch()
    deep = ARTICLE_ONE_HIDDEN_LAYER.replace(hidden_layers=(16, 8, 3))
    perceptron = switch.switch(deep, hidden=False)
    assert perceptron.hidden_layers == ()
    assert switch.remembered_layers() == (16, 8, 3)
    assert switch.switch(perceptron, hidden=True).hidden_layers == (16, 8, 3)


def test_changing_layers_on_the_hidden_side_changes_only_the_layers():
    switch = HiddenLayerSwitch()
    config = ARTICLE_ONE_HIDDEN_LAYER.replace(bias=True)
    assert switch.switch(config, hidden=True, layers=(5, 5)) == config.replace(hidden_layers=(5, 5))


def test_remember_starts_over_from_a_loaded_preset():
    switch = HiddenLayerSwitch()
    switch.switch(ARTICLE_ONE_HIDDEN_LAYER.replace(bias=True, hidden_layers=(9, 9)), hidden=False)
    switch.remember(ARTICLE_PERCEPTRON)
    assert switch.switch(ARTICLE_PERCEPTRON, hidden=True) == ARTICLE_ONE_HIDDEN_LAYER


@pytest.mark.parametrize("layers", [(0,), (4, 4, 4, 4, 4, 4, 4), (257,)])
def test_invalid_layers_are_refused(layers):
    with pytest.raises(ConfigError, match="hidden"):
        HiddenLayerSwitch().switch(ARTICLE_PERCEPTRON, hidden=True, layers=layers)
