"""The chain rule as arithmetic: each product of a back-propagation phase, with the followed sample's numbers.

Qt-free. The article writes ``dcost/dwo = dcost/dao × dao/dzo × dzo/dwo``;
the step-through shows the matrices that compute it. What a learner checks
with a pencil is one entry for one point:

    dcost_dw9 = dcost_dao × dao_dzo × dzo_dwo1 = 0.1321 × 0.1146 × 0.6374 = 0.009649

Every factor is the engine's own term for that sample (read from the walk's
phases, never recomputed), named as the step-through's table heads its
column, and tagged with the colour role of what it belongs to in the diagram:
a node's value (drawn in the diagram's note boxes), a weight (its edge's
colour, by sign) or a weight's gradient (the edge the phase works on).

A weight's gradient is a sum over the samples (``dcost_wo = dzo_dwoᵀ ·
dcost_dzo``), so its line is the followed sample's *share*; a per-sample term
(``dcost_dzo``, ``dcost_dah1``) is that sample's own value. Where the engine
does not multiply the factors the article names — cross-entropy with a
sigmoid or softmax output folds ``dcost_dao × dao_dzo`` into ``dcost_dzo`` —
the lines start from the engine's ``dcost_dzo`` instead, so the product
shown is always the one computed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnplayground.core.phases import Phase, Term, Walkthrough
from nnplayground.notation import colours, network_names
from nnplayground.notation.formatting import MINUS, format_value
from nnplayground.notation.network_names import ParameterRef
from nnplayground.notation.phase_terms import column_names

NODE, POSITIVE_WEIGHT, NEGATIVE_WEIGHT, GRADIENT = "node", "positive_weight", "negative_weight", "gradient"
# A term's many lines (a 2-64-1's 128 hidden weights) are cut here; the tables hold every value.
MAX_LINES = 8
# An error passed down from more units than this is a sum too long to read: its line is left out.
MAX_PRODUCTS = 8
# Hovering a symbol marks it alike everywhere: the diagram's colour for a hovered edge.
HOVER = colours.HOVER_EDGE


@dataclass(frozen=True)
class RoleColours:
    """How a factor of one role is drawn: text, fill and border, and a dashed underline for negative."""

    text: str
    fill: str | None
    border: str | None
    dashed: bool = False


ROLE_COLOURS = {
    NODE: RoleColours("#202020", colours.NOTE_FILL, colours.NOTE_BORDER),
    POSITIVE_WEIGHT: RoleColours(colours.POSITIVE_WEIGHT, None, colours.POSITIVE_WEIGHT),
    NEGATIVE_WEIGHT: RoleColours(colours.NEGATIVE_WEIGHT, None, colours.NEGATIVE_WEIGHT, dashed=True),
    GRADIENT: RoleColours("#202020", colours.HIGHLIGHT_BAND, colours.FLOW_ARROW),
}


@dataclass(frozen=True)
class Factor:
    """One symbol of a line and its value: ``dao_dzo`` = 0.1146, the engine's ``dao_dzo[17, 0]``.

    ``term`` and ``column`` say where the value sits in the step-through's
    terms (``column`` None for a weight, whose place is ``ref``); ``names``
    is every name the equations give it (``dzo_dah`` is ``wo``'s too).
    """

    symbol: str
    value: float
    role: str
    term: str
    column: int | None = None
    ref: ParameterRef | None = None
    names: tuple[str, ...] = ()
    meaning: str = ""

    @property
    def text(self) -> str:
        return format_value(self.value)


def diagram_name(factor: Factor, sizes: tuple[int, ...]) -> str:
    """What a hovered factor lights in the diagram: the weight itself for a weight or a share of its
    gradient (``w9`` for ``dcost_dw9``, ``W2[0,1]``, ``bh1``), else its symbol (``dcost_dah1``, ``x1``)."""
    if factor.ref is not None:
        return network_names.short_name(sizes, factor.ref)
    return factor.symbol


@dataclass(frozen=True)
class Line:
    """``result = Σ Π factors = Σ Π values = value``: one entry of a term for the followed sample.

    ``total`` is the whole batch's value of a gradient entry (the sum of
    every sample's share) and None for a per-sample result.
    """

    result: Factor
    products: tuple[tuple[Factor, ...], ...]
    total: float | None = None

    @property
    def is_share(self) -> bool:
        return self.total is not None

    def factors(self) -> tuple[Factor, ...]:
        return tuple(factor for product in self.products for factor in product)

    def pieces(self) -> list[tuple[str, Factor | None]]:
        """The line as drawn, piece by piece: each symbol or value with its factor, operators with None.

        A negative value after an operator is bracketed (``0.002467 × (−10.33)``); a result that is
        a single factor (a bias's share, ``dcost_dbo = dcost_dzo``) skips the repeated value.
        """
        out: list[tuple[str, Factor | None]] = [(self.result.symbol, self.result), (" = ", None)]
        single = len(self.products) == 1 and len(self.products[0]) == 1
        for side in ("symbol",) if single else ("symbol", "text"):
            for p, product in enumerate(self.products):
                if p:
                    out.append((" + ", None))
                for f, factor in enumerate(product):
                    if f:
                        out.append((" × ", None))
                    text = getattr(factor, side)
                    if side == "text" and (p or f) and text.startswith(MINUS):
                        out += [("(", None), (text, factor), (")", None)]
                    else:
                        out.append((text, factor))
            out.append((" = ", None))
        out.append((self.result.text, self.result))
        return out

    def text(self) -> str:
        return "".join(text for text, _ in self.pieces())


@dataclass(frozen=True)
class TermArithmetic:
    """A term's lines, the caption saying whose numbers they are, and how many were left out."""

    term: str
    caption: str
    lines: tuple[Line, ...]
    hidden: int = 0


class _Terms:
    """Every term of the walk by name, the followed sample's entries, and the network's names."""

    def __init__(
        self,
        walk: Walkthrough,
        phase: Phase,
        sizes: tuple[int, ...],
        features: tuple[str, ...],
        inputs: np.ndarray | None,
        sample: int,
    ) -> None:
        self.sizes, self.features, self.sample = sizes, features, sample
        self.kind = network_names.kind(sizes)
        self.terms: dict[str, Term] = {}
        for earlier in walk.phases:
            for term in earlier.terms:
                self.terms.setdefault(term.name, term)
        # The phase's own terms first: the output's error is both the cost's and the layer's.
        self.terms.update({term.name: term for term in phase.terms})
        if "X" not in self.terms and inputs is not None:
            self.terms["X"] = Term("X", inputs, "the input features of each point", True)

    def rows(self) -> int:
        """How many samples the walk has a row for."""
        return max((len(term.value) for term in self.terms.values() if term.per_sample), default=0)

    def has(self, *names: str) -> bool:
        return all(name in self.terms for name in names)

    def node(self, name: str, column: int, *names: str) -> Factor:
        """The followed sample's entry ``column`` of per-sample term ``name``, named as its table column."""
        term = self.terms[name]
        value = term.value if term.value.ndim == 2 else term.value.reshape(-1, 1)
        symbol = column_names(term, self.sizes, self.features)[column]
        meaning = f"{term.meaning} (sample {self.sample})"
        return Factor(
            symbol, float(value[self.sample, column]), NODE, name, column, None, (name, *names), meaning
        )

    def weight(self, name: str, layer: int, row: int, column: int, *names: str) -> Factor:
        """Weight ``[row, column]`` of weight layer ``layer``, as the weight-shaped term ``name`` holds it."""
        value = float(self.terms[name].value[row, column])
        ref = ParameterRef(layer, row, column)
        role = NEGATIVE_WEIGHT if math.copysign(1.0, value) < 0 else POSITIVE_WEIGHT
        meaning = network_names.describe(self.sizes, ref, self.features)
        symbol = network_names.short_name(self.sizes, ref)
        return Factor(symbol, value, role, name, None, ref, (name, *names), meaning)

    def share(self, gradient: str, ref: ParameterRef, products: tuple[tuple[Factor, ...], ...]) -> Line:
        """The followed sample's share of a gradient entry: the product of its factors, beside the batch's."""
        total_array = self.terms[gradient].value
        total = float(total_array[ref.column] if ref.is_bias else total_array[ref.row, ref.column])
        value = sum(math.prod(f.value for f in product) for product in products)
        where = network_names.short_name(self.sizes, ref)
        meaning = (
            f"sample {self.sample}'s share of {where}'s gradient; "
            f"the shares of all samples add up to {format_value(total)}"
        )
        result = Factor(f"dcost_d{where}", value, GRADIENT, gradient, None, ref, (gradient,), meaning)
        return Line(result, products, total)

    def own(self, name: str, column: int, products: tuple[tuple[Factor, ...], ...], *names: str) -> Line:
        """A per-sample term's entry for the followed sample, as the engine holds it, and its factors."""
        return Line(self.node(name, column, *names), products)


def phase_arithmetic(
    walk: Walkthrough,
    phase_index: int,
    sizes: tuple[int, ...],
    features: tuple[str, ...],
    sample: int | None,
    inputs: np.ndarray | None = None,
) -> dict[str, TermArithmetic]:
    """The arithmetic of phase ``phase_index`` for sample ``sample``, by the name of the term it computes.

    Empty outside the back-propagation phases, and for a sample the walk has no row for.
    """
    phase = walk.phases[phase_index]
    if phase.direction != "backward" or sample is None or sample < 0:
        return {}
    terms = _Terms(walk, phase, sizes, features, inputs, sample)
    if sample >= terms.rows():
        return {}
    builders = {"article": _article, "perceptron": _perceptron, "layered": _layered}
    names = {term.name for term in phase.terms}
    softmax = terms.has("labels_one_hot")
    found = _layered(terms, phase, softmax=True) if softmax else builders[terms.kind](terms, phase)
    return {name: arithmetic for name, arithmetic in found.items() if name in names and arithmetic.lines}


def _folded(terms: _Terms, dcost_da: str, da_dz: str, dcost_dz: str) -> bool:
    """True where the engine's output error is not the product of the two slopes (cross-entropy folds it)."""
    t = terms.terms
    return not np.array_equal(t[dcost_dz].value, t[dcost_da].value * t[da_dz].value)


def _caption(terms: _Terms, shares: bool, gradient: str = "") -> str:
    count = len(terms.terms["X"].value) if "X" in terms.terms else None
    if not shares:
        return f"Sample {terms.sample}'s own values, each the product of its factors:"
    samples = f"all {count} samples'" if count else "every sample's"
    return (
        f"Sample {terms.sample}'s share of each gradient: {gradient} adds up {samples} shares "
        "(hover a line for the batch's total)"
    )


def _group(term: str, caption: str, lines: list[Line]) -> TermArithmetic:
    return TermArithmetic(term, caption, tuple(lines[:MAX_LINES]), max(0, len(lines) - MAX_LINES))


def _article(terms: _Terms, phase: Phase) -> dict[str, TermArithmetic]:
    sizes = terms.sizes
    hidden, outputs = sizes[1], sizes[2]
    out: dict[str, TermArithmetic] = {}
    if not terms.has("dcost_dao", "dao_dzo", "dcost_dzo"):
        return out
    folded = _folded(terms, "dcost_dao", "dao_dzo", "dcost_dzo")

    def error(k: int) -> tuple[Factor, ...]:
        if folded:
            return (terms.node("dcost_dzo", k),)
        return terms.node("dcost_dao", k), terms.node("dao_dzo", k)

    if terms.has("dcost_wo", "dzo_dwo"):
        lines = [
            terms.share(
                "dcost_wo", ParameterRef(1, j, k), ((*error(k), terms.node("dzo_dwo", j, "dzo_dwo")),)
            )
            for k in range(outputs)
            for j in range(hidden)
        ]
        out["dcost_wo"] = _group("dcost_wo", _caption(terms, True, "dcost_wo"), lines)
    if terms.has("dcost_bo"):
        lines = [terms.share("dcost_bo", ParameterRef(1, -1, k), (error(k),)) for k in range(outputs)]
        out["dcost_bo"] = _group("dcost_bo", _caption(terms, True, "dcost_bo"), lines)
    if not folded:
        lines = [terms.own("dcost_dzo", k, (error(k),)) for k in range(outputs)]
        out["dcost_dzo"] = _group("dcost_dzo", _caption(terms, False), lines)
    if not terms.has("dcost_dah", "dzo_dah", "dah_dzh", "dzh_dwh"):
        return out
    if outputs <= MAX_PRODUCTS:
        lines = [
            terms.own(
                "dcost_dah",
                j,
                tuple(
                    (terms.node("dcost_dzo", k), terms.weight("dzo_dah", 1, j, k, "wo"))
                    for k in range(outputs)
                ),
            )
            for j in range(hidden)
        ]
        out["dcost_dah"] = _group("dcost_dah", _caption(terms, False), lines)

    def hidden_error(j: int) -> tuple[Factor, ...]:
        return terms.node("dcost_dah", j), terms.node("dah_dzh", j)

    if terms.has("dcost_wh"):
        lines = [
            terms.share("dcost_wh", ParameterRef(0, i, j), ((*hidden_error(j), terms.node("dzh_dwh", i)),))
            for j in range(hidden)
            for i in range(sizes[0])
        ]
        out["dcost_wh"] = _group("dcost_wh", _caption(terms, True, "dcost_wh"), lines)
    if terms.has("dcost_bh"):
        lines = [terms.share("dcost_bh", ParameterRef(0, -1, j), (hidden_error(j),)) for j in range(hidden)]
        out["dcost_bh"] = _group("dcost_bh", _caption(terms, True, "dcost_bh"), lines)
    return out


def _perceptron(terms: _Terms, phase: Phase) -> dict[str, TermArithmetic]:
    out: dict[str, TermArithmetic] = {}
    if not terms.has("dcost_dpred", "dpred_dz", "z_delta", "X"):
        return out
    outputs = terms.sizes[1]
    folded = _folded(terms, "dcost_dpred", "dpred_dz", "z_delta")

    def error(k: int) -> tuple[Factor, ...]:
        if folded:
            return (terms.node("z_delta", k),)
        return terms.node("dcost_dpred", k), terms.node("dpred_dz", k)

    if not folded:
        lines = [terms.own("z_delta", k, (error(k),)) for k in range(outputs)]
        out["z_delta"] = _group("z_delta", _caption(terms, False), lines)
    if terms.has("dcost_w"):
        lines = [
            terms.share("dcost_w", ParameterRef(0, i, k), ((*error(k), terms.node("X", i, "dz_dw")),))
            for k in range(outputs)
            for i in range(terms.sizes[0])
        ]
        out["dcost_w"] = _group("dcost_w", _caption(terms, True, "dcost_w"), lines)
    if terms.has("dcost_bias"):
        lines = [terms.share("dcost_bias", ParameterRef(0, -1, k), (error(k),)) for k in range(outputs)]
        out["dcost_bias"] = _group("dcost_bias", _caption(terms, True, "dcost_bias"), lines)
    return out


def _layer_names(sizes: tuple[int, ...], layer: int, softmax: bool) -> dict[str, str]:
    """Weight layer ``layer``'s names, as ``core.layered_phases`` gives them.

    Deeper networks number theirs (``dcost_dz2``, ``W2``). A softmax output's error is
    ``dcost_dzo`` (its Jacobian folded into the cross-entropy, so no ``da_dz`` to multiply), and a
    softmax network of one hidden layer keeps the article's ``h``/``o`` names.
    """
    weight_layers, n = len(sizes) - 1, layer + 1
    below = "X" if layer == 0 else ("ah" if softmax and weight_layers == 2 else f"a{layer}")
    if softmax and layer == weight_layers - 1:
        weights = {1: "weights", 2: "wo"}.get(weight_layers, f"W{n}")
        return {
            "dz": "dcost_dzo",
            "gradient": f"dcost_{weights}",
            "bias": "dcost_bo",
            "weights": weights,
            "below": below,
        }
    if softmax and weight_layers == 2:
        return {
            "da": "dcost_dah",
            "slope": "dah_dzh",
            "dz": "dcost_dzh",
            "gradient": "dcost_wh",
            "bias": "dcost_bh",
            "weights": "wh",
            "below": below,
        }
    return {
        "dz_dw": f"dz{n}_dW{n}",
        "dz_da": f"dz{n}_da{layer}",
        "da": f"dcost_da{n}",
        "slope": f"da{n}_dz{n}",
        "dz": f"dcost_dz{n}",
        "gradient": f"dcost_W{n}",
        "bias": f"dcost_b{n}",
        "weights": f"W{n}",
        "below": below,
    }


def _layered(terms: _Terms, phase: Phase, *, softmax: bool = False) -> dict[str, TermArithmetic]:
    """Layer n's phase: the error it is passed, its own error, its weights' and biases' shares."""
    out: dict[str, TermArithmetic] = {}
    layer = phase.layer
    if layer is None:
        return out
    sizes = terms.sizes
    names = _layer_names(sizes, layer, softmax)
    dz, units, below = names["dz"], sizes[layer + 1], names["below"]
    if "da" in names and terms.has(names["da"], names["slope"], dz):
        if layer + 1 < len(sizes) - 1:
            above = _layer_names(sizes, layer + 1, softmax)
            if terms.has(above["dz"], above["weights"]) and sizes[layer + 2] <= MAX_PRODUCTS:
                lines = [
                    terms.own(
                        names["da"],
                        i,
                        tuple(
                            (
                                terms.node(above["dz"], j),
                                terms.weight(above["weights"], layer + 1, i, j, *_also(above, "dz_da")),
                            )
                            for j in range(sizes[layer + 2])
                        ),
                    )
                    for i in range(units)
                ]
                out[names["da"]] = _group(names["da"], _caption(terms, False), lines)
        if not _folded(terms, names["da"], names["slope"], dz):
            lines = [
                terms.own(dz, j, ((terms.node(names["da"], j), terms.node(names["slope"], j)),))
                for j in range(units)
            ]
            out[dz] = _group(dz, _caption(terms, False), lines)
    if not terms.has(dz):
        return out
    if terms.has(names["gradient"], below):
        lines = [
            terms.share(
                names["gradient"],
                ParameterRef(layer, i, j),
                ((terms.node(dz, j), terms.node(below, i, *_also(names, "dz_dw"))),),
            )
            for j in range(units)
            for i in range(sizes[layer])
        ]
        out[names["gradient"]] = _group(names["gradient"], _caption(terms, True, names["gradient"]), lines)
    if terms.has(names["bias"]):
        lines = [
            terms.share(names["bias"], ParameterRef(layer, -1, j), ((terms.node(dz, j),),))
            for j in range(units)
        ]
        out[names["bias"]] = _group(names["bias"], _caption(terms, True, names["bias"]), lines)
    return out


def _also(names: dict[str, str], key: str) -> tuple[str, ...]:
    """The equation's name for a factor, marked with it on hover, where the equations name one."""
    return (names[key],) if key in names else ()
