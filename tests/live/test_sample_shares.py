"""Each sample's share of a weight's gradient adds up to the batch gradient the engine computes.

The claim (``live.sample_shares``): not bit for bit — BLAS sums the batch
gradient in its own order — but within 1e-12 of Σ|share| in float64, and,
where the gradient is not itself a near-cancellation, within 1e-12 of it.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from nnplayground.core.trainer import Trainer
from nnplayground.live.sample_shares import SUM_TOLERANCE, layer_input, shares_of
from nnplayground.notation.network_names import ParameterRef

TWO_HIDDEN_WITH_BIAS = ExperimentConfig(hidden_layers=(5, 3), bias=True, initialiser="glorot")


def every_parameter(network) -> list[ParameterRef]:
    refs = []
    for layer, (weights, bias) in enumerate(zip(network.weights, network.biases)):
        rows, columns = weights.shape
        refs += [ParameterRef(layer, row, column) for row in range(rows) for column in range(columns)]
        if bias is not None:
            refs += [ParameterRef(layer, -1, column) for column in range(columns)]
    return refs


def engine_gradients(trainer: Trainer):
    network = trainer.network
    return network.backward(network.forward(trainer.inputs), trainer.labels, trainer.config.loss)


@pytest.mark.parametrize(
    ("config", "epochs"),
    [
        (ARTICLE_ONE_HIDDEN_LAYER, 0),
        (ARTICLE_ONE_HIDDEN_LAYER, 3_000),
        (ARTICLE_PERCEPTRON, 0),
        (ARTICLE_PERCEPTRON, 500),
        (TWO_HIDDEN_WITH_BIAS, 200),
    ],
    ids=[
        "article-2-4-1",
        "article-2-4-1-trained",
        "perceptron-quirks",
        "perceptron-quirks-trained",
        "2-5-3-1-bias",
    ],
)
def test_the_shares_of_every_parameter_add_up_to_its_batch_gradient(config, epochs):
    trainer = Trainer(config)
    trainer.train(epochs)
    network, gradients = trainer.network, engine_gradients(trainer)
    for ref in every_parameter(network):
        shares = shares_of(network, trainer.inputs, gradients, ref)
        assert shares.shares.shape == (len(trainer.inputs),)
        engine = (
            gradients.biases[ref.layer][ref.column]
            if ref.is_bias
            else gradients.weights[ref.layer][ref.row, ref.column]
        )
        assert shares.gradient == engine
        assert abs(shares.total - shares.gradient) <= 1e-12 * shares.magnitude
        assert shares.tolerance == SUM_TOLERANCE[np.dtype(np.float64)] * shares.magnitude
        if abs(shares.gradient) > 1e-3 * shares.magnitude:
            assert shares.total == pytest.approx(shares.gradient, rel=1e-12, abs=0)


def test_a_weights_share_is_its_input_times_the_samples_error_at_its_target():
    """The article's dcost_wo[i] = Σ_s ah[s, i] · dcost_dzo[s], term by term, for w9 = wo[0, 0]."""
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    network, gradients = trainer.network, engine_gradients(trainer)
    terms = network.chain_rule_terms(network.forward(trainer.inputs), gradients)
    shares = shares_of(network, trainer.inputs, gradients, ParameterRef(1, 0, 0))
    assert np.array_equal(shares.shares, terms["dzo_dwo"][:, 0] * terms["dcost_dzo"][:, 0])
    assert np.array_equal(layer_input(network, trainer.inputs, 1), terms["ah"])


def test_the_article_perceptrons_shares_are_of_the_update_term_it_subtracts_not_the_true_gradient():
    trainer = Trainer(ARTICLE_PERCEPTRON)
    trainer.train(30)
    network, gradients = trainer.network, engine_gradients(trainer)
    exact = network.copy()
    exact.perceptron_quirks = False
    true = exact.backward(exact.forward(trainer.inputs), trainer.labels, trainer.config.loss)
    shares = shares_of(network, trainer.inputs, gradients, ParameterRef(0, 0, 0))
    assert shares.total == pytest.approx(float(gradients.weights[0][0, 0]), rel=1e-12)
    assert shares.total != pytest.approx(float(true.weights[0][0, 0]), rel=1e-3)
    # The bias's share of each sample is that sample's z_delta, the article's loop's term.
    bias = shares_of(network, trainer.inputs, gradients, ParameterRef(0, -1, 0))
    assert np.array_equal(bias.shares, gradients.dcost_dz[0][:, 0])


def test_many_samples_still_add_up():
    config = ExperimentConfig(n_samples=20_000, loss="mse", hidden_layers=(8,), bias=True)
    trainer = Trainer(config)
    trainer.train(5)
    network, gradients = trainer.network, engine_gradients(trainer)
    for ref in (ParameterRef(0, 1, 3), ParameterRef(1, 7, 0), ParameterRef(1, -1, 0)):
        shares = shares_of(network, trainer.inputs, gradients, ref)
        assert abs(shares.total - shares.gradient) <= 1e-12 * shares.magnitude
