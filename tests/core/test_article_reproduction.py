"""Our engine against the article's own loops, run here: equality proved, not pasted."""

import numpy as np
import pytest

from nnplayground.core import article
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON, CORRECTED_PERCEPTRON
from nnplayground.core.trainer import Trainer

# Long enough to pass the loss spike near epoch 1 200, where lr 0.5 amplifies any
# last-bit difference into a visibly different curve.
SHORT_RUN = 4_000


def _history_matches(trainer: Trainer, printed: list[float]) -> bool:
    history = trainer.history.arrays()
    return np.array_equal(history.train_loss, np.asarray(printed)[history.epoch.astype(int)])


def test_hidden_layer_fast_path_is_bit_identical_to_the_article():
    printed, wh, wo = article.one_hidden_layer(SHORT_RUN)
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    assert trainer._kernel is not None, "the article network should take the tuned loop"
    for chunk in (1, 999, 1_500, SHORT_RUN - 2_500):
        trainer.train(chunk)
    assert trainer.last_loss == printed[-1]
    assert np.array_equal(trainer.network.weights[0], wh)
    assert np.array_equal(trainer.network.weights[1], wo)
    assert _history_matches(trainer, printed)


def test_hidden_layer_general_path_is_bit_identical_to_the_article():
    """The step-through uses Network.forward/backward, so it must agree with the tuned loop."""
    printed, wh, wo = article.one_hidden_layer(SHORT_RUN)
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer._kernel = None
    trainer.train(SHORT_RUN)
    assert trainer.last_loss == printed[-1]
    assert np.array_equal(trainer.network.weights[0], wh)
    assert np.array_equal(trainer.network.weights[1], wo)


def test_article_perceptron_with_its_quirks_is_bit_identical():
    printed = article.perceptron(SHORT_RUN)
    trainer = Trainer(ARTICLE_PERCEPTRON)
    trainer.train(SHORT_RUN)
    assert trainer.last_loss == printed[-1]
    assert _history_matches(trainer, printed)


def test_corrected_perceptron_differs_from_the_article_one():
    quirky, corrected = Trainer(ARTICLE_PERCEPTRON), Trainer(CORRECTED_PERCEPTRON)
    quirky.train(200)
    corrected.train(200)
    assert quirky.last_loss != corrected.last_loss


def test_chain_rule_terms_are_the_articles_values():
    """After some epochs, the named terms equal the article's variables at that epoch."""
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(1_234)
    network = trainer.network
    X, labels = trainer.data.X_train, trainer.data.y_train
    forward = network.forward(X)
    terms = network.chain_rule_terms(forward, network.backward(forward, labels, "half_sse"))

    wh, wo = network.weights[0].copy(), network.weights[1].copy()
    zh = np.dot(X, wh)
    ah = article.sigmoid(zh)
    zo = np.dot(ah, wo)
    ao = article.sigmoid(zo)
    dcost_dao = ao - labels
    dao_dzo = article.sigmoid_der(zo)
    dcost_dzo = dcost_dao * dao_dzo
    dcost_dah = np.dot(dcost_dzo, wo.T)
    dah_dzh = article.sigmoid_der(zh)
    expected = {
        "zh": zh, "ah": ah, "zo": zo, "ao": ao, "dcost_dao": dcost_dao, "dao_dzo": dao_dzo,
        "dzo_dwo": ah, "dcost_wo": np.dot(ah.T, dcost_dao * dao_dzo), "dcost_dzo": dcost_dzo,
        "dzo_dah": wo, "dcost_dah": dcost_dah, "dah_dzh": dah_dzh, "dzh_dwh": X,
        "dcost_wh": np.dot(X.T, dah_dzh * dcost_dah),
    }  # fmt: skip
    assert list(terms) == list(expected)
    for name, value in expected.items():
        assert np.array_equal(terms[name], value), name


def test_perceptron_terms_carry_the_part_one_names():
    trainer = Trainer(ARTICLE_PERCEPTRON)
    forward = trainer.network.forward(trainer.data.X_train)
    terms = trainer.network.chain_rule_terms(
        forward, trainer.network.backward(forward, trainer.data.y_train, "half_sse")
    )
    assert {"XW", "z", "error", "dcost_dpred", "dpred_dz", "z_delta"} <= set(terms)
    z = terms["z"]
    assert np.array_equal(terms["dpred_dz"], article.sigmoid_der(z)), "the article applies σ′ to z"


@pytest.mark.slow
def test_full_article_experiment_hidden_layer():
    printed, wh, _ = article.one_hidden_layer()
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(article.ARTICLE_EPOCHS)
    assert trainer.last_loss == printed[-1]
    assert np.array_equal(trainer.network.weights[0], wh)
    assert round(trainer.last_loss, 2) == article.ARTICLE_HIDDEN_LAYER_FIGURE


@pytest.mark.slow
def test_full_article_experiment_perceptron():
    printed = article.perceptron()
    trainer = Trainer(ARTICLE_PERCEPTRON)
    trainer.train(article.ARTICLE_EPOCHS)
    assert trainer.last_loss == printed[-1]
    assert int(trainer.last_loss * 100) / 100 == article.ARTICLE_PERCEPTRON_FIGURE
