"""Deeper networks' walk-through, layer by layer in the code's names (``z1, a1, dcost_W1, …``).

A softmax output (any depth) gets its own output phases, ``softmax_phases``:
``zo``, ``ao = softmax(zo)`` (each point's K probabilities, summing to 1),
the cost ``−Σ log ao[label]``, then ``dcost_dzo = ao − labels_one_hot`` and
the hidden layers' back-propagation as for any other network.
"""

from __future__ import annotations

import numpy as np

from nnplayground.core.article_names import family, weight_names
from nnplayground.core.network import ForwardPass, Gradients, Network
from nnplayground.core.phase_parts import (
    SOFTMAX_COST_EQUATIONS,
    SOFTMAX_GRADIENT_EQUATION,
    activation_text,
    bias_gradient_parts,
    bias_suffix,
    bias_term,
    cost_equations,
    cost_terms,
    derivative_text,
    softmax_cost_terms,
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
    if network.softmax_output:
        return softmax_phases(network, forward, gradients, y, trainer, after)
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


def softmax_layer_names(sizes: list[int]) -> list[str]:
    """Each layer's suffix: ``o`` (output), ``h`` (the article's one hidden layer), else ``1, 2, …``."""
    hidden = len(sizes) - 2
    if family(sizes) == "one hidden layer":
        return ["h", "o"]
    return [str(n) for n in range(1, hidden + 1)] + ["o"]


def softmax_phases(
    network: Network,
    forward: ForwardPass,
    gradients: Gradients,
    y: np.ndarray,
    trainer: Trainer,
    after: Network,
) -> list[Phase]:
    """A softmax network's walk-through; every value is ``Network.forward``/``backward``'s own array."""
    sizes = network.layer_sizes
    suffixes, weights = softmax_layer_names(sizes), weight_names(sizes)
    layers = len(network.weights)
    output = layers - 1
    phases = []
    for layer in range(layers):
        n, W = suffixes[layer], weights[layer]
        below = "X" if layer == 0 else f"a{suffixes[layer - 1]}"
        is_output = layer == output
        meaning = "each point's K class probabilities (every row sums to 1)" if is_output else "activations"
        phases.append(
            Phase(
                "Feed-forward: output layer (softmax)" if is_output else f"Feed-forward: layer {n}",
                "Output" if is_output else f"Layer {n}",
                "forward",
                (
                    f"z{n} = {below} · {W}{bias_suffix(network, layer, f'b{n}')}",
                    f"a{n} = {value_text(activation_text(network, layer), f'z{n}')}",
                ),
                (
                    Term(W, network.weights[layer], f"weights into layer {n}", False),
                    *bias_term(network, layer, f"b{n}", f"biases of layer {n}, added to every point's z{n}"),
                    Term(f"z{n}", forward.pre_activations[layer], "weighted sums", True),
                    Term(f"a{n}", forward.activations[layer], meaning, True),
                ),
                layer,
            )
        )
    phases.append(
        Phase("Cost", "Cost", "cost", SOFTMAX_COST_EQUATIONS, softmax_cost_terms(network, forward, y), output)
    )
    for layer in reversed(range(layers)):
        n, W = suffixes[layer], weights[layer]
        below = "X" if layer == 0 else f"a{suffixes[layer - 1]}"
        terms: list[Term] = []
        if layer == output:
            equations = [SOFTMAX_GRADIENT_EQUATION]
        else:
            equations = [
                f"da{n}_dz{n} = {derivative_text(activation_text(network, layer), f'z{n}')}",
                f"dcost_dz{n} = dcost_da{n} × da{n}_dz{n}",
            ]
            terms += [
                Term(
                    f"dcost_da{n}", gradients.dcost_da[layer], "error arriving at the layer's outputs", True
                ),
                Term(f"da{n}_dz{n}", gradients.da_dz[layer], "slope of the activation", True),
            ]
        equations.append(f"dcost_{W} = {below}ᵀ · dcost_dz{n}")
        bias_equations, bias_gradient = bias_gradient_parts(
            network, gradients, layer, f"b{n}", f"dcost_dz{n}"
        )
        equations += bias_equations
        if layer > 0:
            equations.append(f"dcost_da{suffixes[layer - 1]} = dcost_dz{n} · {W}ᵀ")
        terms += [
            Term(f"dcost_dz{n}", gradients.dcost_dz[layer], "error signal at the layer", True),
            Term(f"dcost_{W}", gradients.weights[layer], f"gradient for {W}", False),
            *bias_gradient,
        ]
        phases.append(
            Phase(
                "Back-propagation: output layer" if layer == output else f"Back-propagation: layer {n}",
                "Output" if layer == output else f"Layer {n}",
                "backward",
                tuple(equations),
                tuple(terms),
                layer,
            )
        )
    phases.append(update_phase(network, trainer, after, [f"dcost_{W}" for W in weights]))
    return phases
