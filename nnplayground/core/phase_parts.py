"""The pieces every walk-through shares: the cost, the biases, the activations' formulas, the update."""

from __future__ import annotations

import numpy as np

from nnplayground.core.article_names import bias_names, weight_names
from nnplayground.core.losses import get_loss, log_softmax
from nnplayground.core.network import ForwardPass, Gradients, Network
from nnplayground.core.phases import Phase, Term
from nnplayground.core.trainer import Trainer


def cost_terms(forward: ForwardPass, y: np.ndarray, loss_name: str, output: str) -> tuple[Term, ...]:
    loss = get_loss(loss_name)
    ao = forward.output
    per_sample = (1 / 2) * np.power(ao - y, 2) if loss_name == "half_sse" else None
    terms = [Term("labels", y, "the true class of each point (0 or 1)", True)]
    if per_sample is not None:
        terms.append(Term("error_out", per_sample, "½·(prediction − label)² for each point", True))
    terms.append(Term("cost", np.array([[loss.value(ao, y)]]), f"the cost: {loss.label}", False))
    terms.append(
        Term(f"dcost_d{output}", loss.gradient(ao, y), "how the cost changes with each prediction", True)
    )
    return tuple(terms)


def softmax_cost_terms(network: Network, forward: ForwardPass, y: np.ndarray) -> tuple[Term, ...]:
    """The labels, their one-hot rows, each point's ``−log ao[label]`` and the cost, as the engine has them.

    The cost is ``Network.cost`` (from ``zo``, as the trainer reports it) and
    each point's share is the same log-softmax, so the shares add up to it.
    """
    targets = network.targets(y)
    per_sample = -np.sum(targets * log_softmax(forward.pre_activations[-1]), axis=1, keepdims=True)
    return (
        Term("labels", y, "the true class of each point (0 to K − 1)", True),
        Term("labels_one_hot", targets, "a 1 in each point's class column, built once per run", True),
        Term("error_out", per_sample, "−log ao[label] for each point", True),
        Term(
            "cost",
            np.array([[network.cost(forward, targets, "cross_entropy")]]),
            "the cost: −Σ log ao[label]",
            False,
        ),
    )


SOFTMAX_COST_EQUATIONS = (
    "labels_one_hot = one_hot(labels)     (a 1 in each point's class column)",
    "error_out = −log ao[label]     (computed as log-softmax of zo: finite for any zo)",
    "cost = Σ error_out     (summed over the samples)",
)

# Why the output's error signal is so simple: shown with the equation.
SOFTMAX_GRADIENT_EQUATION = (
    "dcost_dzo = ao − labels_one_hot     (softmax's K×K Jacobian folded into the cross-entropy)"
)


def cost_equations(loss_name: str, output: str) -> tuple[str, ...]:
    if loss_name == "half_sse":
        return (
            f"error_out = ½ · ({output} − labels)²",
            "cost = Σ error_out",
            f"dcost_d{output} = {output} − labels",
        )
    if loss_name == "mse":
        return (f"cost = 1/n · Σ ({output} − labels)²", f"dcost_d{output} = 2/n · ({output} − labels)")
    return (
        f"cost = −1/n · Σ [labels · ln {output} + (1 − labels) · ln(1 − {output})]",
        f"dcost_d{output} = ({output} − labels) / ({output} · (1 − {output})) / n",
    )


def bias_suffix(network: Network, layer: int, name: str) -> str:
    return f" + {name}" if network.biases[layer] is not None else ""


def bias_term(network: Network, layer: int, name: str, meaning: str) -> tuple[Term, ...]:
    """The bias as the forward pass adds it, under the code's name; nothing for a network without."""
    bias = network.biases[layer]
    return () if bias is None else (Term(name, bias, meaning, False),)


def bias_gradient_parts(
    network: Network, gradients: Gradients, layer: int, name: str, summed: str
) -> tuple[tuple[str, ...], tuple[Term, ...]]:
    """``dcost_bh = Σ …`` and its value, where the network has that bias and gradient descent moves it."""
    bias = gradients.biases[layer]
    if network.biases[layer] is None or bias is None or quirky_bias(network):
        return (), ()
    equation = f"dcost_{name} = Σ {summed}     (summed over the samples)"
    return (equation,), (Term(f"dcost_{name}", bias, f"gradient of the cost for {name}", False),)


def quirky_bias(network: Network) -> bool:
    """The article's perceptron moves its bias sample by sample, with no gradient of its own."""
    return network.uses_perceptron_quirks and network.biases[0] is not None


def activation_text(network: Network, layer: int) -> str:
    last = layer == len(network.weights) - 1
    return network.output_activation if last else network.hidden_activation


def derivative_text(activation: str, z: str) -> str:
    return {
        "sigmoid": f"σ({z}) · (1 − σ({z}))",
        "tanh": f"1 − tanh²({z})",
        "relu": f"1 if {z} > 0 else 0",
        "linear": "1",
        "softmax": f"diag(softmax({z})) − softmax({z}) · softmax({z})ᵀ",
    }[activation]


def value_text(activation: str, z: str) -> str:
    return {
        "sigmoid": f"σ({z}) = 1 / (1 + e^(−{z}))",
        "tanh": f"tanh({z})",
        "relu": f"max(0, {z})",
        "linear": z,
        "softmax": f"softmax({z}) = e^({z} − max {z}) / Σ e^({z} − max {z})",
    }[activation]


def update_phase(network: Network, trainer: Trainer, after: Network, grads: list[str]) -> Phase:
    """The weights and biases after the epoch, each under its own name with the rule that moved it."""
    lr = trainer.config.learning_rate
    config = trainer.config
    sizes = network.layer_sizes
    names, biases = weight_names(sizes), bias_names(sizes)
    equations: tuple[str, ...]
    if config.optimiser == "gd" and config.full_batch:
        equations = tuple(f"{w} ← {w} − lr · {g}     (lr = {lr:g})" for w, g in zip(names, grads))
        equations += tuple(
            f"{b} ← {b} − lr · dcost_{b}     (lr = {lr:g})"
            for b, bias in zip(biases, network.biases)
            if bias is not None and not quirky_bias(network)
        )
    else:
        equations = (f"{config.optimiser} update with lr = {lr:g}, batch size {config.batch_size or 'full'}",)
    if quirky_bias(network):
        equations += (
            "for num in z_delta: bias −= lr · num     (the article updates the bias once per sample)",
        )
    terms = [
        Term(f"{name} (new)", weights, "after the update", False)
        for name, weights in zip(names, after.weights)
    ]
    terms += [
        Term(f"{name} (new)", bias, "after the update", False)
        for name, bias in zip(biases, after.biases)
        if bias is not None
    ]
    count = sum(b.size for b in network.biases if b is not None)
    title = "Update the weights" + (" and the bias" if count == 1 else " and biases" if count else "")
    return Phase(title, "Update", "update", equations, tuple(terms), None)


def inputs_meaning(trainer: Trainer) -> str:
    return f"the input features {', '.join(trainer.config.input_features)} of each point"


def named(terms: dict[str, np.ndarray]):
    def term(name: str, meaning: str, per_sample: bool) -> Term:
        return Term(name, terms[name], meaning, per_sample)

    return term
