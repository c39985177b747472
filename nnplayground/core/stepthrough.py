"""One epoch of training, cut into the phases the article walks through, with every value.

``walk_through(trainer)`` computes the phases for the trainer's current
weights without touching the trainer: the feed-forward and back-propagation
terms come from ``Network.forward``/``backward`` on the full training set
(the same arithmetic the trainer uses, bit for bit), and the weights after the
update come from a clone of the trainer that runs the real epoch — so the
update phase shows exactly what an ordinary Step produces, optimiser, batches,
article quirks and all. The caller commits the epoch with ``trainer.train(1)``
when the learner moves past the update.

Names follow the article: its Part 2 names (``zh, ah, zo, ao, dcost_dao, …``)
for one hidden layer, its Part 1 names (``XW, z, error, dcost_dpred, dpred_dz,
z_delta``) for the perceptron, and ``z1, a1, …`` layer by layer for deeper nets.
``family`` says which a network gets; it is the one definition — the window's
names, equations and diagram read it too, so a 2-8-1 network or one with an x1²
input is walked through and labelled as the article's Part 2 network, not
half as one and half as a generic stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .losses import get_loss
from .network import ForwardPass, Gradients, Network
from .trainer import Trainer

Direction = Literal["forward", "cost", "backward", "update"]
Family = Literal["one hidden layer", "perceptron", "layered"]


def family(sizes: Sequence[int]) -> Family:
    """Which of the article's walk-throughs a network of layer ``sizes`` (inputs first) gets.

    The article's Part 2 explains *a* hidden layer, not only its 2-4-1 instance: any width of
    hidden layer and any input features read the same (``zh``, ``ah``, ``wh``, ``wo``…).
    """
    hidden = len(sizes) - 2
    if hidden == 1:
        return "one hidden layer"
    if hidden == 0:
        return "perceptron"
    return "layered"


def weight_names(sizes: Sequence[int]) -> tuple[str, ...]:
    """Each weight matrix's name in the code: ``wh, wo``, Part 1's ``weights``, or ``W1, W2, …``."""
    kind = family(sizes)
    if kind == "one hidden layer":
        return ("wh", "wo")
    if kind == "perceptron":
        return ("weights",)
    return tuple(f"W{n}" for n in range(1, len(sizes)))


def bias_names(sizes: Sequence[int]) -> tuple[str, ...]:
    """Each bias vector's name: ``bh, bo`` beside ``wh, wo``, Part 1's ``bias``, or ``b1, b2, …``."""
    kind = family(sizes)
    if kind == "one hidden layer":
        return ("bh", "bo")
    if kind == "perceptron":
        return ("bias",)
    return tuple(f"b{n}" for n in range(1, len(sizes)))


def weight_number(sizes: Sequence[int], layer: int, row: int, column: int) -> int | None:
    """The article's w-number (1-based) of weight ``[row, column]`` of weight layer ``layer``.

    The article numbers node by node: ``zh1 = x1·w1 + x2·w2``, so ``wh[i, j]`` is
    w(inputs·j + i + 1) and the output weights follow (w9…w12 for its 2-4-1). Wider hidden
    layers and more inputs continue the same count; deeper networks are not numbered.
    """
    kind = family(sizes)
    if kind == "perceptron":
        return row + 1
    if kind == "layered":
        return None
    if layer == 0:
        return sizes[0] * column + row + 1
    return sizes[0] * sizes[1] + row + 1


def _weight_range(sizes: Sequence[int], layer: int) -> str:
    first = weight_number(sizes, layer, 0, 0)
    last = weight_number(sizes, layer, sizes[layer] - 1, sizes[layer + 1] - 1)
    return f"w{first}, w{last}" if last == first + 1 else f"w{first}…w{last}"


@dataclass(frozen=True)
class Term:
    """A named value: ``per_sample`` terms have one row per training point."""

    name: str
    value: np.ndarray
    meaning: str
    per_sample: bool


@dataclass(frozen=True)
class Phase:
    title: str
    direction: Direction
    equations: tuple[str, ...]
    terms: tuple[Term, ...]
    layer: int | None


@dataclass(frozen=True)
class Walkthrough:
    epoch: int
    phases: tuple[Phase, ...]
    weights_after: tuple[np.ndarray, ...]
    biases_after: tuple[np.ndarray | None, ...]


def walk_through(trainer: Trainer) -> Walkthrough:
    network = trainer.state().network
    X, y = trainer.inputs, trainer.labels
    forward = network.forward(X)
    gradients = network.backward(forward, y, trainer.config.loss)
    clone = trainer.clone()
    clone.train(1)
    after = clone.network
    kind = family(network.layer_sizes)
    if kind == "one hidden layer":
        phases = _article_phases(network, forward, gradients, y, trainer, after)
    elif kind == "perceptron":
        phases = _perceptron_phases(network, forward, gradients, y, trainer, after)
    else:
        phases = _layered_phases(network, forward, gradients, y, trainer, after)
    return Walkthrough(trainer.epoch, tuple(phases), tuple(after.weights), tuple(after.biases))


def _cost_terms(forward: ForwardPass, y: np.ndarray, loss_name: str, output: str) -> tuple[Term, ...]:
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


def _cost_equations(loss_name: str, output: str) -> tuple[str, ...]:
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


def _bias_suffix(network: Network, layer: int, name: str) -> str:
    return f" + {name}" if network.biases[layer] is not None else ""


def _bias_term(network: Network, layer: int, name: str, meaning: str) -> tuple[Term, ...]:
    """The bias as the forward pass adds it, under the code's name; nothing for a network without."""
    bias = network.biases[layer]
    return () if bias is None else (Term(name, bias, meaning, False),)


def _bias_gradient(
    network: Network, gradients: Gradients, layer: int, name: str, summed: str
) -> tuple[tuple[str, ...], tuple[Term, ...]]:
    """``dcost_bh = Σ …`` and its value, where the network has that bias and gradient descent moves it."""
    bias = gradients.biases[layer]
    if network.biases[layer] is None or bias is None or _quirky_bias(network):
        return (), ()
    equation = f"dcost_{name} = Σ {summed}     (summed over the samples)"
    return (equation,), (Term(f"dcost_{name}", bias, f"gradient of the cost for {name}", False),)


def _quirky_bias(network: Network) -> bool:
    """The article's perceptron moves its bias sample by sample, with no gradient of its own."""
    return network.uses_perceptron_quirks and network.biases[0] is not None


def _activation_text(network: Network, layer: int) -> str:
    last = layer == len(network.weights) - 1
    return network.output_activation if last else network.hidden_activation


def _derivative_text(activation: str, z: str) -> str:
    return {
        "sigmoid": f"σ({z}) · (1 − σ({z}))",
        "tanh": f"1 − tanh²({z})",
        "relu": f"1 if {z} > 0 else 0",
        "linear": "1",
    }[activation]


def _value_text(activation: str, z: str) -> str:
    return {
        "sigmoid": f"σ({z}) = 1 / (1 + e^(−{z}))",
        "tanh": f"tanh({z})",
        "relu": f"max(0, {z})",
        "linear": z,
    }[activation]


def _update_phase(network: Network, trainer: Trainer, after: Network, grads: list[str]) -> Phase:
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
            if bias is not None and not _quirky_bias(network)
        )
    else:
        equations = (f"{config.optimiser} update with lr = {lr:g}, batch size {config.batch_size or 'full'}",)
    if _quirky_bias(network):
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
    return Phase(title, "update", equations, tuple(terms), None)


def _article_phases(
    network: Network,
    forward: ForwardPass,
    gradients: Gradients,
    y: np.ndarray,
    trainer: Trainer,
    after: Network,
) -> list[Phase]:
    terms = network.chain_rule_terms(forward, gradients)
    hidden, output = network.hidden_activation, network.output_activation
    bh, bo = _bias_suffix(network, 0, "bh"), _bias_suffix(network, 1, "bo")
    term = _named(terms)
    sizes = network.layer_sizes
    hidden_weights, output_weights = _weight_range(sizes, 0), _weight_range(sizes, 1)
    bo_equations, bo_gradient = _bias_gradient(network, gradients, 1, "bo", "dcost_dao × dao_dzo")
    bh_equations, bh_gradient = _bias_gradient(network, gradients, 0, "bh", "dah_dzh × dcost_dah")
    return [
        Phase(
            "Feed-forward: hidden layer",
            "forward",
            (f"zh = X · wh{bh}", f"ah = {_value_text(hidden, 'zh')}"),
            (
                Term("X", forward.inputs, _inputs_meaning(trainer), True),
                Term("wh", network.weights[0], f"input → hidden weights {hidden_weights}", False),
                *_bias_term(network, 0, "bh", "hidden biases, added to every point's zh"),
                term("zh", "weighted sum arriving at each hidden node", True),
                term("ah", "hidden activations", True),
            ),
            0,
        ),
        Phase(
            "Feed-forward: output layer",
            "forward",
            (f"zo = ah · wo{bo}", f"ao = {_value_text(output, 'zo')}"),
            (
                Term("wo", network.weights[1], f"hidden → output weights {output_weights}", False),
                *_bias_term(network, 1, "bo", "output bias, added to every point's zo"),
                term("zo", "weighted sum arriving at the output", True),
                term("ao", "the network's prediction", True),
            ),
            1,
        ),
        Phase(
            "Cost",
            "cost",
            _cost_equations(trainer.config.loss, "ao"),
            _cost_terms(forward, y, trainer.config.loss, "ao"),
            1,
        ),
        Phase(
            "Back-propagation, phase 1: output weights",
            "backward",
            (
                f"dao_dzo = {_derivative_text(output, 'zo')}",
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
            "backward",
            (
                "dcost_dzo = dcost_dao × dao_dzo",
                "dzo_dah = wo",
                "dcost_dah = dcost_dzo · dzo_dahᵀ",
                f"dah_dzh = {_derivative_text(hidden, 'zh')}",
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
        _update_phase(network, trainer, after, ["dcost_wh", "dcost_wo"]),
    ]


def _inputs_meaning(trainer: Trainer) -> str:
    return f"the input features {', '.join(trainer.config.input_features)} of each point"


def _named(terms: dict[str, np.ndarray]):
    def term(name: str, meaning: str, per_sample: bool) -> Term:
        return Term(name, terms[name], meaning, per_sample)

    return term


def _perceptron_phases(
    network: Network,
    forward: ForwardPass,
    gradients: Gradients,
    y: np.ndarray,
    trainer: Trainer,
    after: Network,
) -> list[Phase]:
    terms = network.chain_rule_terms(forward, gradients)
    term = _named(terms)
    output = network.output_activation
    quirk = network.uses_perceptron_quirks
    sizes = network.layer_sizes
    bias_equations, bias_gradient = _bias_gradient(network, gradients, 0, "bias", "z_delta")
    derivative = (
        "dpred_dz = sigmoid_der(z) = σ(z) · (1 − σ(z))     (as the article writes it: σ′ of z = σ(XW))"
        if quirk
        else f"dpred_dz = {_derivative_text(output, 'XW')}"
    )
    return [
        Phase(
            "Feed-forward step 1",
            "forward",
            (f"XW = X · weights{_bias_suffix(network, 0, 'bias')}",),
            (
                Term("X", forward.inputs, _inputs_meaning(trainer), True),
                Term(
                    "weights", network.weights[0], f"input → output weights {_weight_range(sizes, 0)}", False
                ),
                *_bias_term(network, 0, "bias", "the bias, added to every point's XW"),
                term("XW", "weighted sum arriving at the output", True),
            ),
            0,
        ),
        Phase(
            "Feed-forward step 2",
            "forward",
            (f"z = {_value_text(output, 'XW')}",),
            (term("z", "prediction", True),),
            0,
        ),
        Phase(
            "Cost",
            "cost",
            (*_cost_equations(trainer.config.loss, "z")[:-1], "error = z − labels"),
            (
                *_cost_terms(forward, y, trainer.config.loss, "z")[:-1],
                term("error", "prediction − label", True),
            ),
            0,
        ),
        Phase(
            "Back-propagation step 1",
            "backward",
            ("dcost_dpred = error",),
            (term("dcost_dpred", "how the cost changes with each prediction", True),),
            0,
        ),
        Phase(
            "Back-propagation step 2",
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
        _update_phase(network, trainer, after, ["dcost_w"]),
    ]


def _layered_phases(
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
        activation = _activation_text(network, layer)
        phases.append(
            Phase(
                f"Feed-forward: layer {n}" + (" (output)" if n == last else ""),
                "forward",
                (
                    f"z{n} = {below} · W{n}{_bias_suffix(network, layer, f'b{n}')}",
                    f"a{n} = {_value_text(activation, f'z{n}')}",
                ),
                (
                    Term(f"W{n}", network.weights[layer], f"weights into layer {n}", False),
                    *_bias_term(network, layer, f"b{n}", f"biases of layer {n}, added to every point's z{n}"),
                    Term(f"z{n}", forward.pre_activations[layer], "weighted sums", True),
                    Term(f"a{n}", forward.activations[layer], "activations", True),
                ),
                layer,
            )
        )
    phases.append(
        Phase(
            "Cost",
            "cost",
            _cost_equations(trainer.config.loss, f"a{last}"),
            _cost_terms(forward, y, trainer.config.loss, f"a{last}"),
            layers - 1,
        )
    )
    for layer in reversed(range(layers)):
        n = layer + 1
        below = "X" if layer == 0 else f"a{layer}"
        activation = _activation_text(network, layer)
        equations = [
            f"da{n}_dz{n} = {_derivative_text(activation, f'z{n}')}",
            f"dcost_dz{n} = dcost_da{n} × da{n}_dz{n}",
            f"dcost_W{n} = {below}ᵀ · dcost_dz{n}",
        ]
        bias_equations, bias_gradient = _bias_gradient(network, gradients, layer, f"b{n}", f"dcost_dz{n}")
        equations += bias_equations
        if layer > 0:
            equations.append(f"dcost_da{layer} = dcost_dz{n} · W{n}ᵀ")
        phases.append(
            Phase(
                f"Back-propagation: layer {n}",
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
        _update_phase(
            network,
            trainer,
            after,
            [f"dcost_W{n + 1}" for n in range(layers)],
        )
    )
    return phases
