"""Deeper networks' walk-through, layer by layer in the code's names (``z1, a1, dcost_W1, …``)."""

from __future__ import annotations

import numpy as np

from nnplayground.core.network import ForwardPass, Gradients, Network
from nnplayground.core.phase_parts import (
    activation_text,
    bias_gradient_parts,
    bias_suffix,
    bias_term,
    cost_equations,
    cost_terms,
    derivative_text,
    update_phase,
    value_text,
)
from nnplayground.core.phases import Phase, Term
from nnplayground.core.trainer import Trainer


def layered_phases(
    network: Network,
    forward: ForwardPass,
    gradients: Gradients,
    y: np.ndarray,
    trainer: Trainer,
    after: Network,
) -> list[Phase]:
    layers = len(network.weights)
    last = layers
    phases = []
    for layer in range(layers):
        n = layer + 1
        below = "X" if layer == 0 else f"a{layer}"
        activation = activation_text(network, layer)
        phases.append(
            Phase(
                f"Feed-forward: layer {n}" + (" (output)" if n == last else ""),
                f"Layer {n}",
                "forward",
                (
                    f"z{n} = {below} · W{n}{bias_suffix(network, layer, f'b{n}')}",
                    f"a{n} = {value_text(activation, f'z{n}')}",
                ),
                (
                    Term(f"W{n}", network.weights[layer], f"weights into layer {n}", False),
                    *bias_term(network, layer, f"b{n}", f"biases of layer {n}, added to every point's z{n}"),
                    Term(f"z{n}", forward.pre_activations[layer], "weighted sums", True),
                    Term(f"a{n}", forward.activations[layer], "activations", True),
                ),
                layer,
            )
        )
    phases.append(
        Phase(
            "Cost",
            "Cost",
            "cost",
            cost_equations(trainer.config.loss, f"a{last}"),
            cost_terms(forward, y, trainer.config.loss, f"a{last}"),
            layers - 1,
        )
    )
    for layer in reversed(range(layers)):
        n = layer + 1
        below = "X" if layer == 0 else f"a{layer}"
        activation = activation_text(network, layer)
        equations = [
            f"da{n}_dz{n} = {derivative_text(activation, f'z{n}')}",
            f"dcost_dz{n} = dcost_da{n} × da{n}_dz{n}",
            f"dcost_W{n} = {below}ᵀ · dcost_dz{n}",
        ]
        bias_equations, bias_gradient = bias_gradient_parts(
            network, gradients, layer, f"b{n}", f"dcost_dz{n}"
        )
        equations += bias_equations
        if layer > 0:
            equations.append(f"dcost_da{layer} = dcost_dz{n} · W{n}ᵀ")
        phases.append(
            Phase(
                f"Back-propagation: layer {n}",
                f"Layer {n}",
                "backward",
                tuple(equations),
                (
                    Term(
                        f"dcost_da{n}",
                        gradients.dcost_da[layer],
                        "error arriving at the layer's outputs",
                        True,
                    ),
                    Term(f"da{n}_dz{n}", gradients.da_dz[layer], "slope of the activation", True),
                    Term(f"dcost_dz{n}", gradients.dcost_dz[layer], "error signal at the layer", True),
                    Term(f"dcost_W{n}", gradients.weights[layer], f"gradient for W{n}", False),
                    *bias_gradient,
                ),
                layer,
            )
        )
    phases.append(
        update_phase(
            network,
            trainer,
            after,
            [f"dcost_W{n + 1}" for n in range(layers)],
        )
    )
    return phases
