"""A configuration in words: the boundary title, the loss legend, compare mode and the diagram agree."""

from __future__ import annotations

from dataclasses import replace

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from nnplayground.notation.config_words import describe, diagram_title, run_label, shape


def test_every_description_starts_from_the_same_shape():
    wide = ExperimentConfig(
        hidden_layers=(8,), hidden_activation="tanh", learning_rate=0.03, optimiser="adam"
    )
    assert shape((8,), 2) == "2-8-1 network"
    assert run_label(wide) == "2-8-1 network, tanh"
    assert describe(wide) == "2-8-1 tanh, lr 0.03, adam"
    assert diagram_title((2, 8, 1)) == "2-8-1 network (w1…w24, numbered as the article numbers its 2-4-1)"


def test_the_articles_own_networks_go_by_their_names():
    assert describe(ARTICLE_ONE_HIDDEN_LAYER) == "2-4-1 sigmoid, article"
    assert describe(ARTICLE_PERCEPTRON) == "perceptron (article)"
    assert run_label(ARTICLE_PERCEPTRON) == "perceptron, article's σ′"
    assert run_label(ARTICLE_PERCEPTRON.replace(dtype="float32")) == "perceptron, article's σ′, float32"
    assert diagram_title((2, 4, 1)) == "the article's 2-4-1 network (w1…w12 as it numbers them)"
    assert diagram_title((2, 1)) == "the perceptron (Part 1's weights w1, w2)"


def test_a_departure_from_the_article_is_named_in_the_legend_and_in_compare_mode():
    config = replace(ExperimentConfig(), output_activation="linear", bias=True, hidden_layers=(3, 3))
    assert run_label(config) == "2-3-3-1 network, sigmoid → linear, bias"
    assert describe(config).startswith("2-3-3-1 sigmoid, linear output, bias")
    assert diagram_title((2, 3, 3, 1)) == "2-3-3-1 network"
