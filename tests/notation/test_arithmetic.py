"""The chain rule as arithmetic: every number written is the engine's, and the products add up.

Each line's text is parsed back as a reader would read it. Its symbols are
looked up here, independently of the module, in the network's own forward
and backward passes (``dao_dzo`` is ``Gradients.da_dz[1]``, ``w9`` is
``wo[0, 0]``…); each value written must be that number at the four figures
shown, and the product of the written factors must give the written result
to within what the rounding of those factors allows.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from nnplayground.core import classes
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_PERCEPTRON, THREE_ARM_SPIRAL
from nnplayground.core.stepthrough import walk_through
from nnplayground.core.trainer import Trainer
from nnplayground.notation import arithmetic, network_names
from nnplayground.notation.arithmetic import Line, phase_arithmetic
from nnplayground.notation.formatting import MINUS, format_value

NETWORKS = {
    "article 2-4-1": ExperimentConfig(),
    "perceptron": ARTICLE_PERCEPTRON,
    "2-4-3-1": ExperimentConfig(hidden_layers=(4, 3), bias=True),
    "2-4-1 with biases, cross-entropy": ExperimentConfig(bias=True, loss="log_loss"),
}
SAMPLE = 17
EPOCHS = 300


def number(text: str) -> float:
    return float(text.strip("()").replace(MINUS, "-"))


def resolution(text: str) -> float:
    """Half a unit of the last figure written: ``0.04839`` → 5e-6, ``1.25e−06`` → 5e-9."""
    mantissa, _, exponent = text.strip("()").replace(MINUS, "-").partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (-decimals) * 10.0 ** (int(exponent) if exponent else 0)


def parse(line: Line) -> tuple[str, list[list[str]], list[list[str]], str]:
    """``r = a × b + c × d = 1 × 2 + 3 × 4 = 14`` → result symbol, symbol products, value products, result."""
    sides = line.text().split(" = ")
    if len(sides) == 3:  # a single factor: ``dcost_dbo = dcost_dzo = 0.01``
        result, symbols, value = sides
        return result, [[symbols]], [[value]], value
    result, symbols, values, value = sides
    split = [[factor for factor in product.split(" × ")] for product in symbols.split(" + ")]
    numbers = [[factor for factor in product.split(" × ")] for product in values.split(" + ")]
    return result, split, numbers, value


class Engine:
    """The network's own passes for a trainer, and what each written symbol means in them."""

    def __init__(self, trainer: Trainer) -> None:
        network = trainer.network
        self.network, self.sizes = network, tuple(network.layer_sizes)
        self.X = trainer.inputs
        self.forward = network.forward(self.X)
        self.gradients = network.backward(self.forward, trainer.labels, trainer.config.loss)
        self.kind = network_names.kind(self.sizes)
        self.inputs = network_names.node_names(self.sizes, trainer.config.input_features)[0]

    def weight_ref(self, name: str) -> network_names.ParameterRef:
        for layer in range(len(self.network.weights)):
            rows, columns = self.network.weights[layer].shape
            for row in range(rows):
                for column in range(columns):
                    ref = network_names.ParameterRef(layer, row, column)
                    if network_names.short_name(self.sizes, ref) == name:
                        return ref
            for column in range(columns):
                ref = network_names.ParameterRef(layer, -1, column)
                if network_names.short_name(self.sizes, ref) == name:
                    return ref
        raise KeyError(name)

    def value(self, symbol: str, s: int) -> float:
        """What the symbol is for sample ``s``, from the forward and backward passes themselves."""
        f, g = self.forward, self.gradients
        if symbol in self.inputs:
            return float(self.X[s, self.inputs.index(symbol)])
        if re.fullmatch(r"w\d+|W\d+\[\d+,\d+\]", symbol):
            ref = self.weight_ref(symbol)
            return float(self.network.weights[ref.layer][ref.row, ref.column])
        if self.kind == "article":
            unit = re.fullmatch(r"([a-z_]+?)(\d*)", symbol)
            base, j = unit.group(1), int(unit.group(2) or 1) - 1
            table = {
                "dcost_dao": g.dcost_da[1],
                "dao_dzo": g.da_dz[1],
                "dcost_dzo": g.dcost_dz[1],
                "dzo_dwo": f.activations[0],
                "dcost_dah": g.dcost_da[0],
                "dah_dzh": g.da_dz[0],
            }
            return float(table[base][s, j])
        if self.kind == "perceptron":
            table = {"dcost_dpred": g.dcost_da[0], "dpred_dz": g.da_dz[0], "z_delta": g.dcost_dz[0]}
            return float(table[symbol][s, 0])
        found = re.fullmatch(r"(dcost_da|da|dcost_dz|a)(\d+)(?:_dz\d+)?(?:\[(\d+)\])?", symbol)
        kind, n, j = found.group(1), int(found.group(2)), int(found.group(3) or 0)
        table = {"dcost_da": g.dcost_da, "da": g.da_dz, "dcost_dz": g.dcost_dz, "a": f.activations}
        return float(table[kind][n - 1][s, j])

    def share(self, result: str, s: int) -> tuple[float, float]:
        """Sample ``s``'s share of a gradient entry ``dcost_dw9`` (…), and the batch's gradient of it."""
        ref = self.weight_ref(result.removeprefix("dcost_d"))
        g = self.gradients
        below = self.X if ref.layer == 0 else self.forward.activations[ref.layer - 1]
        error = g.dcost_dz[ref.layer][s, ref.column]
        if ref.is_bias:
            return float(error), float(g.biases[ref.layer][ref.column])
        return float(below[s, ref.row] * error), float(g.weights[ref.layer][ref.row, ref.column])


def lines_of(config: ExperimentConfig, sample: int = SAMPLE):
    trainer = Trainer(config)
    trainer.train(EPOCHS)
    walk = walk_through(trainer)
    engine = Engine(trainer)
    found = []
    for index, phase in enumerate(walk.phases):
        for term in phase_arithmetic(
            walk, index, engine.sizes, config.input_features, sample, trainer.inputs
        ).values():
            found += [(phase, line) for line in term.lines]
    return engine, walk, found


@pytest.mark.parametrize("network", NETWORKS)
def test_every_number_written_is_the_engines_and_the_products_give_the_result(network):
    engine, _, lines = lines_of(NETWORKS[network])
    assert lines, "the back-propagation phases write their products out"
    for phase, line in lines:
        result, symbols, values, written = parse(line)
        where = f"{phase.title}: {line.text()}"
        for product_symbols, product_values in zip(symbols, values, strict=True):
            for symbol, value in zip(product_symbols, product_values, strict=True):
                exact = engine.value(symbol, SAMPLE)
                assert value.strip("()") == format_value(exact), f"{symbol} in {where}"
                assert abs(number(value) - exact) <= resolution(value), where
        if line.is_share:
            share, total = engine.share(result, SAMPLE)
            assert line.total == total, where
        else:
            share = engine.value(result, SAMPLE)
        assert written == format_value(share), f"the result of {where}"
        assert_multiplies_out(values, written, where)


def assert_multiplies_out(values: list[list[str]], written: str, where: str) -> None:
    """The written factors, multiplied out, give the written result to within their rounding."""
    product = sum(math.prod(number(v) for v in p) for p in values)
    bound = resolution(written) + sum(
        sum(resolution(v) * math.prod(abs(number(o)) + resolution(o) for o in p if o is not v) for v in p)
        for p in values
    )
    assert abs(product - number(written)) <= bound, where


@pytest.mark.parametrize("hidden_layers", [(), (5,), (5, 4)], ids=["perceptron", "one hidden", "two hidden"])
def test_a_softmax_networks_arithmetic_starts_from_ao_minus_one_hot(hidden_layers):
    """Three classes: every share is the sample's ``dcost_dzo × input`` as the engine's passes give it."""
    config = THREE_ARM_SPIRAL.replace(hidden_layers=hidden_layers, n_samples=60)
    trainer = Trainer(config)
    trainer.train(EPOCHS)
    walk = walk_through(trainer)
    network = trainer.network
    forward = network.forward(trainer.inputs)
    gradients = network.backward(forward, trainer.labels, "cross_entropy")
    one_hot = classes.one_hot(trainer.labels, 3)
    sizes = tuple(network.layer_sizes)
    lines = [
        line
        for index in range(len(walk.phases))
        for term in phase_arithmetic(
            walk, index, sizes, config.input_features, SAMPLE, trainer.inputs
        ).values()
        for line in term.lines
    ]
    assert {line.result.ref.layer for line in lines if line.is_share} == set(range(len(sizes) - 1))
    for line in lines:
        _, _, values, written = parse(line)
        assert_multiplies_out(values, written, line.text())
        for factor in line.factors():
            if factor.term == "dcost_dzo":
                assert factor.value == (forward.output - one_hot)[SAMPLE, factor.column], line.text()
        if line.is_share:
            ref = line.result.ref
            error = gradients.dcost_dz[ref.layer][SAMPLE, ref.column]
            below = forward.layer_input(ref.layer)[SAMPLE, ref.row] if not ref.is_bias else 1.0
            assert line.result.value == pytest.approx(below * error, rel=1e-12), line.text()
            gradient = gradients.biases[ref.layer] if ref.is_bias else gradients.weights[ref.layer]
            entry = gradient[ref.column] if ref.is_bias else gradient[ref.row, ref.column]
            assert line.total == entry, line.text()


@pytest.mark.parametrize("network", ["article 2-4-1", "2-4-3-1"])
def test_every_samples_shares_add_up_to_the_batch_gradient_shown(network):
    """A share line is one sample's part of a sum: over all samples its results give the gradient."""
    config = NETWORKS[network]
    engine, walk, _ = lines_of(config)
    totals: dict[str, float] = {}
    sums: dict[str, float] = {}
    for sample in range(len(engine.X)):
        for index in range(len(walk.phases)):
            found = phase_arithmetic(walk, index, engine.sizes, config.input_features, sample, engine.X)
            for term in found.values():
                for line in term.lines:
                    if line.is_share:
                        sums[line.result.symbol] = sums.get(line.result.symbol, 0.0) + line.result.value
                        totals[line.result.symbol] = line.total
    assert sums
    for symbol, total in totals.items():
        assert sums[symbol] == pytest.approx(total, rel=1e-9, abs=1e-15), symbol


def test_the_lines_say_whose_numbers_they_are():
    _, walk, _ = lines_of(NETWORKS["article 2-4-1"])
    found = phase_arithmetic(walk, 3, (2, 4, 1), ("x1", "x2"), SAMPLE)
    assert found["dcost_wo"].caption.startswith(f"Sample {SAMPLE}'s share of each gradient")
    assert [line.result.symbol for line in found["dcost_wo"].lines] == [
        "dcost_dw9",
        "dcost_dw10",
        "dcost_dw11",
        "dcost_dw12",
    ]
    phase2 = phase_arithmetic(walk, 4, (2, 4, 1), ("x1", "x2"), SAMPLE)
    assert list(phase2) == ["dcost_dzo", "dcost_dah", "dcost_wh"]
    assert phase2["dcost_dah"].lines[0].text().startswith("dcost_dah1 = dcost_dzo × w9 = ")
    assert phase2["dcost_wh"].lines[0].text().startswith("dcost_dw1 = dcost_dah1 × dah_dzh1 × x1 = ")


def test_only_back_propagation_phases_and_known_samples_have_arithmetic():
    _, walk, _ = lines_of(NETWORKS["article 2-4-1"])
    assert phase_arithmetic(walk, 0, (2, 4, 1), ("x1", "x2"), SAMPLE) == {}
    assert phase_arithmetic(walk, 3, (2, 4, 1), ("x1", "x2"), None) == {}
    assert phase_arithmetic(walk, 3, (2, 4, 1), ("x1", "x2"), 100) == {}


def test_a_wide_layer_writes_a_few_lines_and_says_how_many_more():
    config = ExperimentConfig(hidden_layers=(16,))
    trainer = Trainer(config)
    walk = walk_through(trainer)
    found = phase_arithmetic(walk, 4, (2, 16, 1), config.input_features, 0)
    assert len(found["dcost_wh"].lines) == arithmetic.MAX_LINES
    assert found["dcost_wh"].hidden == 32 - arithmetic.MAX_LINES


def test_weights_are_coloured_as_their_edges_and_negative_ones_dashed():
    _, walk, _ = lines_of(NETWORKS["article 2-4-1"])
    lines = phase_arithmetic(walk, 4, (2, 4, 1), ("x1", "x2"), SAMPLE)["dcost_dah"].lines
    weights = [factor for line in lines for factor in line.factors() if factor.ref is not None]
    assert weights
    for weight in weights:
        role = arithmetic.NEGATIVE_WEIGHT if weight.value < 0 else arithmetic.POSITIVE_WEIGHT
        assert weight.role == role
    assert arithmetic.ROLE_COLOURS[arithmetic.NEGATIVE_WEIGHT].dashed
    assert not np.isnan([factor.value for line in lines for factor in line.factors()]).any()
