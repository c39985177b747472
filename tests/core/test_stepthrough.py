import numpy as np
import pytest

from nnplayground.core import article
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from nnplayground.core.stepthrough import walk_through
from nnplayground.core.trainer import Trainer

CONFIGS = {
    "article": ARTICLE_ONE_HIDDEN_LAYER,
    "article perceptron": ARTICLE_PERCEPTRON,
    "deep minibatch adam": ExperimentConfig(
        hidden_layers=(5, 4, 3),
        hidden_activation="relu",
        bias=True,
        optimiser="adam",
        learning_rate=0.01,
        batch_size=16,
        initialiser="he",
    ),
}


@pytest.mark.parametrize("name", CONFIGS)
def test_the_update_phase_shows_exactly_what_an_ordinary_step_produces(name):
    trainer = Trainer(CONFIGS[name])
    trainer.train(37)
    before = [w.copy() for w in trainer.network.weights]
    walk = walk_through(trainer)
    assert trainer.epoch == 37 and all(np.array_equal(a, b) for a, b in zip(before, trainer.network.weights))
    trainer.train(1)
    for shown, real in zip(walk.weights_after, trainer.network.weights):
        assert np.array_equal(shown, real)
    assert walk.phases[-1].direction == "update"


def test_article_phases_carry_the_articles_names_and_values():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(500)
    walk = walk_through(trainer)
    assert [phase.direction for phase in walk.phases] == [
        "forward",
        "forward",
        "cost",
        "backward",
        "backward",
        "update",
    ]
    names = [term.name for phase in walk.phases for term in phase.terms]
    article_names = (
        "zh ah zo ao dcost_dao dao_dzo dzo_dwo dcost_wo dcost_dzo dzo_dah dcost_dah dah_dzh dzh_dwh dcost_wh"
    )
    assert set(article_names.split()) <= set(names)
    values = {term.name: term.value for phase in walk.phases for term in phase.terms}
    X, wh, wo = trainer.data.X_train, trainer.network.weights[0], trainer.network.weights[1]
    zh = np.dot(X, wh)
    zo = np.dot(article.sigmoid(zh), wo)
    assert np.array_equal(values["zh"], zh) and np.array_equal(values["dao_dzo"], article.sigmoid_der(zo))
    assert values["cost"][0, 0] == ((1 / 2) * np.power(article.sigmoid(zo) - trainer.data.y_train, 2)).sum()


def test_perceptron_phases_use_part_one_names_and_show_the_quirk():
    walk = walk_through(Trainer(ARTICLE_PERCEPTRON))
    names = {term.name for phase in walk.phases for term in phase.terms}
    assert {"XW", "z", "error", "dcost_dpred", "dpred_dz", "z_delta"} <= names
    equations = " ".join(eq for phase in walk.phases for eq in phase.equations)
    assert "sigmoid_der(z)" in equations and "once per sample" in equations


def test_deeper_networks_get_one_phase_per_layer_each_way():
    walk = walk_through(Trainer(CONFIGS["deep minibatch adam"]))
    directions = [phase.direction for phase in walk.phases]
    assert directions == ["forward"] * 4 + ["cost"] + ["backward"] * 4 + ["update"]
