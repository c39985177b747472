"""The article's own two walk-throughs: Part 2's one hidden layer and Part 1's perceptron, in its names."""

from __future__ import annotations

import numpy as np

from nnplayground.core.article_names import weight_range
from nnplayground.core.network import ForwardPass, Gradients, Network
from nnplayground.core.phase_parts import (
    bias_gradient_parts,
    bias_suffix,
    bias_term,
    cost_equations,
    cost_terms,
    derivative_text,
    inputs_meaning,
    named,
    update_phase,
    value_text,
)
from nnplayground.core.phases import Phase, Term
from nnplayground.core.trainer import Trainer


def article_phases(
    network: Network,
    forward: ForwardPass,
    gradients: Gradients,
    y: np.ndarray,
    trainer: Trainer,
    after: Network,
) -> list[Phase]:
    terms = network.chain_rule_terms(forward, gradients)
    hidden, output = network.hidden_activation, network.output_activation
    bh, bo = bias_suffix(network, 0, "bh"), bias_suffix(network, 1, "bo")
    term = named(terms)
    sizes = network.layer_sizes
    hidden_weights, output_weights = weight_range(sizes, 0), weight_range(sizes, 1)
    bo_equations, bo_gradient = bias_gradient_parts(network, gradients, 1, "bo", "dcost_dao × dao_dzo")
    bh_equations, bh_gradient = bias_gradient_parts(network, gradients, 0, "bh", "dah_dzh × dcost_dah")
    return [
        Phase(
            "Feed-forward: hidden layer",
            "Hidden",
            "forward",
            (f"zh = X · wh{bh}", f"ah = {value_text(hidden, 'zh')}"),
            (
                Term("X", forward.inputs, inputs_meaning(trainer), True),
                Term("wh", network.weights[0], f"input → hidden weights {hidden_weights}", False),
                *bias_term(network, 0, "bh", "hidden biases, added to every point's zh"),
                term("zh", "weighted sum arriving at each hidden node", True),
                term("ah", "hidden activations", True),
            ),
            0,
        ),
        Phase(
            "Feed-forward: output layer",
            "Output",
            "forward",
            (f"zo = ah · wo{bo}", f"ao = {value_text(output, 'zo')}"),
            (
                Term("wo", network.weights[1], f"hidden → output weights {output_weights}", False),
                *bias_term(network, 1, "bo", "output bias, added to every point's zo"),
                term("zo", "weighted sum arriving at the output", True),
                term("ao", "the network's prediction", True),
            ),
            1,
        ),
        Phase(
            "Cost",
            "Cost",
            "cost",
            cost_equations(trainer.config.loss, "ao"),
            cost_terms(forward, y, trainer.config.loss, "ao"),
            1,
        ),
        Phase(
            "Back-propagation, phase 1: output weights",
            "Phase 1",
            "backward",
            (
                f"dao_dzo = {derivative_text(output, 'zo')}",
                "dzo_dwo = ah",
                "dcost_wo = dzo_dwoᵀ · (dcost_dao × dao_dzo)",
                *bo_equations,
            ),
            (
                term("dao_dzo", "slope of the output activation", True),
                term("dzo_dwo", "what each output weight multiplies: the hidden activations", True),
                term("dcost_wo", f"gradient of the cost for {output_weights}", False),
                *bo_gradient,
            ),
            1,
        ),
        Phase(
            "Back-propagation, phase 2: hidden weights",
            "Phase 2",
            "backward",
            (
                "dcost_dzo = dcost_dao × dao_dzo",
                "dzo_dah = wo",
                "dcost_dah = dcost_dzo · dzo_dahᵀ",
                f"dah_dzh = {derivative_text(hidden, 'zh')}",
                "dzh_dwh = X",
                "dcost_wh = dzh_dwhᵀ · (dah_dzh × dcost_dah)",
                *bh_equations,
            ),
            (
                term("dcost_dzo", "error signal at the output node", True),
                term("dzo_dah", "how zo changes with each hidden activation: the output weights", False),
                term("dcost_dah", "error passed back to each hidden node", True),
                term("dah_dzh", "slope of each hidden activation", True),
                term("dzh_dwh", "what each hidden weight multiplies: the inputs", True),
                term("dcost_wh", f"gradient of the cost for {hidden_weights}", False),
                *bh_gradient,
            ),
            0,
        ),
        update_phase(network, trainer, after, ["dcost_wh", "dcost_wo"]),
    ]


def perceptron_phases(
    network: Network,
    forward: ForwardPass,
    gradients: Gradients,
    y: np.ndarray,
    trainer: Trainer,
    after: Network,
) -> list[Phase]:
    terms = network.chain_rule_terms(forward, gradients)
    term = named(terms)
    output = network.output_activation
    quirk = network.uses_perceptron_quirks
    sizes = network.layer_sizes
    bias_equations, bias_gradient = bias_gradient_parts(network, gradients, 0, "bias", "z_delta")
    derivative = (
        "dpred_dz = sigmoid_der(z) = σ(z) · (1 − σ(z))     (as the article writes it: σ′ of z = σ(XW))"
        if quirk
        else f"dpred_dz = {derivative_text(output, 'XW')}"
    )
    return [
        Phase(
            "Feed-forward step 1",
            "Step 1",
            "forward",
            (f"XW = X · weights{bias_suffix(network, 0, 'bias')}",),
            (
                Term("X", forward.inputs, inputs_meaning(trainer), True),
                Term(
                    "weights", network.weights[0], f"input → output weights {weight_range(sizes, 0)}", False
                ),
                *bias_term(network, 0, "bias", "the bias, added to every point's XW"),
                term("XW", "weighted sum arriving at the output", True),
            ),
            0,
        ),
        Phase(
            "Feed-forward step 2",
            "Step 2",
            "forward",
            (f"z = {value_text(output, 'XW')}",),
            (term("z", "prediction", True),),
            0,
        ),
        Phase(
            "Cost",
            "Cost",
            "cost",
            (*cost_equations(trainer.config.loss, "z")[:-1], "error = z − labels"),
            (
                *cost_terms(forward, y, trainer.config.loss, "z")[:-1],
                term("error", "prediction − label", True),
            ),
            0,
        ),
        Phase(
            "Back-propagation step 1",
            "Step 1",
            "backward",
            ("dcost_dpred = error",),
            (term("dcost_dpred", "how the cost changes with each prediction", True),),
            0,
        ),
        Phase(
            "Back-propagation step 2",
            "Step 2",
            "backward",
            (derivative, "z_delta = dcost_dpred × dpred_dz", "dcost_w = Xᵀ · z_delta", *bias_equations),
            (
                term("dpred_dz", "slope of the activation", True),
                term("z_delta", "error signal at the output", True),
                term("dcost_w", "gradient of the cost for the weights", False),
                *bias_gradient,
            ),
            0,
        ),
        update_phase(network, trainer, after, ["dcost_w"]),
    ]
