import numpy as np
import pytest

from nnplayground.core import article
from nnplayground.core.article_names import family, weight_number
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON, CORRECTED_PERCEPTRON
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


ONE_HIDDEN_LAYER = {
    "2-8-1": ExperimentConfig(hidden_layers=(8,)),
    "2-4-1 with x1²": ExperimentConfig(input_features=("x1", "x2", "x1^2")),
}


def test_one_definition_of_the_articles_networks_by_hidden_layers():
    assert [family(sizes) for sizes in ((2, 4, 1), (2, 8, 1), (3, 4, 1), (7, 1, 1))] == [
        "one hidden layer"
    ] * 4
    assert [family(sizes) for sizes in ((2, 1), (3, 1), (7, 1))] == ["perceptron"] * 3
    assert family((2, 4, 4, 1)) == "layered"
    assert weight_number((2, 8, 1), 1, 7, 0) == 24 and weight_number((3, 4, 1), 0, 2, 1) == 6


@pytest.mark.parametrize("name", ONE_HIDDEN_LAYER)
def test_any_one_hidden_layer_network_is_walked_through_as_the_articles(name):
    """Part 2's phases and names, the values of the article's own loop written out for this network."""
    trainer = Trainer(ONE_HIDDEN_LAYER[name])
    trainer.train(25)
    walk = walk_through(trainer)
    reference = walk_through(Trainer(ARTICLE_ONE_HIDDEN_LAYER))
    assert [phase.title for phase in walk.phases] == [phase.title for phase in reference.phases]
    values = {term.name: term.value for phase in walk.phases for term in phase.terms}
    X, y = trainer.inputs, trainer.labels
    wh, wo = trainer.network.weights
    zh = np.dot(X, wh)
    ah = article.sigmoid(zh)
    zo = np.dot(ah, wo)
    ao = article.sigmoid(zo)
    dcost_dao = ao - y
    dao_dzo = article.sigmoid_der(zo)
    dcost_wo = np.dot(ah.T, dcost_dao * dao_dzo)
    dcost_dah = np.dot(dcost_dao * dao_dzo, wo.T)
    dcost_wh = np.dot(X.T, article.sigmoid_der(zh) * dcost_dah)
    expected = {"zh": zh, "ah": ah, "zo": zo, "ao": ao, "dcost_wo": dcost_wo, "dcost_wh": dcost_wh}
    for term, value in expected.items():
        assert np.array_equal(values[term], value), term
    assert np.array_equal(values["wh (new)"], wh - 0.5 * dcost_wh)
    meanings = {term.name: term.meaning for phase in walk.phases for term in phase.terms}
    last = X.shape[1] * wh.shape[1]
    assert meanings["wh"].endswith(f"w1…w{last}")
    assert meanings["wo"].endswith(f"w{last + 1}…w{last + wh.shape[1]}")


def test_the_articles_perceptron_shows_its_bias_by_name_before_and_after_the_update():
    trainer = Trainer(ARTICLE_PERCEPTRON)
    trainer.train(3)
    bias_before = trainer.network.biases[0].copy()
    walk = walk_through(trainer)
    trainer.train(1)
    first, update = walk.phases[0], walk.phases[-1]
    assert "XW = X · weights + bias" in first.equations
    shown = {term.name: term.value for term in first.terms}
    assert np.array_equal(shown["bias"], bias_before)
    after = {term.name: term.value for term in update.terms}
    assert set(after) == {"weights (new)", "bias (new)"}, "the article's name, not b1"
    assert np.array_equal(after["bias (new)"], trainer.network.biases[0])
    assert any(eq.startswith("for num in z_delta: bias −= lr · num") for eq in update.equations)
    assert not any(term.name == "dcost_bias" for phase in walk.phases for term in phase.terms), (
        "the article moves its bias sample by sample, with no gradient of its own"
    )


def test_the_corrected_perceptron_shows_the_bias_gradient_and_its_update():
    trainer = Trainer(CORRECTED_PERCEPTRON)
    trainer.train(3)
    walk = walk_through(trainer)
    terms = {term.name: term.value for phase in walk.phases for term in phase.terms}
    assert np.array_equal(terms["dcost_bias"], terms["z_delta"].sum(axis=0))
    assert "bias ← bias − lr · dcost_bias     (lr = 0.5)" in walk.phases[-1].equations
    trainer.train(1)
    assert np.array_equal(terms["bias (new)"], trainer.network.biases[0])


@pytest.mark.parametrize(
    ("name", "labels"),
    [
        ("article", ["Hidden", "Output", "Cost", "Phase 1", "Phase 2", "Update"]),
        ("article perceptron", ["Step 1", "Step 2", "Cost", "Step 1", "Step 2", "Update"]),
        (
            "deep minibatch adam",
            [*(f"Layer {n}" for n in (1, 2, 3, 4)), "Cost", *(f"Layer {n}" for n in (4, 3, 2, 1)), "Update"],
        ),
    ],
)
def test_each_phase_carries_the_short_label_its_button_shows(name, labels):
    """The step-through's buttons read these; nothing parses the titles for them."""
    assert [phase.label for phase in walk_through(Trainer(CONFIGS[name])).phases] == labels
