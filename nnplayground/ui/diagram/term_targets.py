"""Which nodes and edges of the diagram a chain-rule symbol belongs to (no Qt).

The step-through names its terms as the article does — ``zh, ah, dcost_dao,
dzo_dwo, dcost_wo, w9`` for one hidden layer, ``XW, z, z_delta, weights``
for the perceptron, ``z2, a2, dcost_dz2, W2`` layer by layer deeper — and a
hovered symbol lights what it is about: a per-node term (``ah``, or one
entry of it, ``ah3``, ``dcost_dah1``) its nodes; a weight term (``wo``,
``dcost_wo``, ``dzo_dah``) that layer's edges; ``w9``, ``wh[0, 2]`` or
``W2[3,1]`` one edge; a bias name its bias edges. A derivative *by* a weight
(``dzo_dwo``, ``dzh_dwh``) is the layer input the weights multiply, so it
lights those nodes. Unknown names light nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nnplayground.core import article_names

Edge = tuple[int, int, int]


@dataclass(frozen=True)
class TermTargets:
    """Nodes as (column, unit), edges as (weight layer, row or -1 for a bias, column)."""

    nodes: frozenset[tuple[int, int]] = frozenset()
    edges: frozenset[Edge] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.nodes or self.edges)


# Per family: name → ("nodes", column) | ("weights", layer) | ("bias", layer).
_ARTICLE = {
    "X": ("nodes", 0),
    "dzh_dwh": ("nodes", 0),
    "zh": ("nodes", 1),
    "ah": ("nodes", 1),
    "dah_dzh": ("nodes", 1),
    "dcost_dah": ("nodes", 1),
    "dcost_dzh": ("nodes", 1),
    "dzo_dwo": ("nodes", 1),
    "zo": ("nodes", 2),
    "ao": ("nodes", 2),
    "dcost_dao": ("nodes", 2),
    "dao_dzo": ("nodes", 2),
    "dcost_dzo": ("nodes", 2),
    "cost": ("nodes", 2),
    "error": ("nodes", 2),
    "wh": ("weights", 0),
    "dcost_wh": ("weights", 0),
    "dcost_dwh": ("weights", 0),
    "wo": ("weights", 1),
    "dcost_wo": ("weights", 1),
    "dcost_dwo": ("weights", 1),
    "dzo_dah": ("weights", 1),
    "bh": ("bias", 0),
    "dcost_bh": ("bias", 0),
    "dcost_dbh": ("bias", 0),
    "bo": ("bias", 1),
    "dcost_bo": ("bias", 1),
    "dcost_dbo": ("bias", 1),
}
_PERCEPTRON = {
    "X": ("nodes", 0),
    "inputs": ("nodes", 0),
    "XW": ("nodes", 1),
    "z": ("nodes", 1),
    "error": ("nodes", 1),
    "cost": ("nodes", 1),
    "dcost_dpred": ("nodes", 1),
    "dpred_dz": ("nodes", 1),
    "z_delta": ("nodes", 1),
    "weights": ("weights", 0),
    "dcost_w": ("weights", 0),
    "bias": ("bias", 0),
    "dcost_bias": ("bias", 0),
}
_INDEXED = re.compile(r"^(?P<base>[A-Za-z_]+?)(?P<unit>\d+)$")
_ENTRY = re.compile(r"^(?P<base>[A-Za-z_][A-Za-z_0-9]*)\[(?P<a>\d+)(?:,\s*(?P<b>\d+))?\]$")
_LAYERED = re.compile(r"^(?P<base>z|a|dcost_da|dcost_dz|dcost_w|dcost_b|W|b)(?P<n>\d+)$")
_LAYERED_SLOPE = re.compile(r"^da(?P<n>\d+)_dz(?P=n)$")
_WEIGHT_NUMBER = re.compile(r"^(?:dcost_d?)?w(?P<number>\d+)$")


def term_targets(name: str, sizes: tuple[int, ...], biases: tuple[bool, ...]) -> TermTargets:
    """What ``name`` belongs to in a network of layer ``sizes`` with ``biases`` per weight layer."""
    name = name.strip()
    family = article_names.family(sizes)
    if family == "layered":
        return _layered(name, sizes, biases)
    table = _ARTICLE if family == "one hidden layer" else _PERCEPTRON
    if name in table:
        return _whole(table[name], sizes, biases)
    number = _WEIGHT_NUMBER.match(name)
    if number:
        return _numbered(int(number["number"]), sizes)
    if name in ("x1", "x2") or re.fullmatch(r"x\d+", name):
        unit = int(name[1:]) - 1
        return TermTargets(nodes=frozenset({(0, unit)})) if unit < sizes[0] else TermTargets()
    entry = _ENTRY.match(name)
    if entry and entry["base"] in table:
        return _entry(table[entry["base"]], entry, sizes, biases)
    indexed = _INDEXED.match(name)
    if indexed and indexed["base"] in table:
        kind, layer = table[indexed["base"]]
        unit = int(indexed["unit"]) - 1
        if kind == "nodes" and 0 <= unit < sizes[layer]:
            return TermTargets(nodes=frozenset({(layer, unit)}))
        if kind == "bias" and biases[layer] and 0 <= unit < sizes[layer + 1]:
            return TermTargets(edges=frozenset({(layer, -1, unit)}))
    return TermTargets()


def _whole(target: tuple[str, int], sizes: tuple[int, ...], biases: tuple[bool, ...]) -> TermTargets:
    kind, layer = target
    if kind == "nodes":
        return TermTargets(nodes=frozenset((layer, unit) for unit in range(sizes[layer])))
    if kind == "weights":
        return TermTargets(
            edges=frozenset(
                (layer, row, column) for row in range(sizes[layer]) for column in range(sizes[layer + 1])
            )
        )
    if not biases[layer]:
        return TermTargets()
    return TermTargets(edges=frozenset((layer, -1, column) for column in range(sizes[layer + 1])))


def _entry(
    target: tuple[str, int], entry: re.Match, sizes: tuple[int, ...], biases: tuple[bool, ...]
) -> TermTargets:
    """``wh[0, 2]`` (one weight), ``bias[0]`` (one bias), ``ah[3]`` (one node, 0-based as in the code)."""
    kind, layer = target
    first, second = int(entry["a"]), entry["b"]
    if kind == "weights" and second is not None:
        row, column = first, int(second)
        if row < sizes[layer] and column < sizes[layer + 1]:
            return TermTargets(edges=frozenset({(layer, row, column)}))
    elif kind == "bias" and second is None and biases[layer] and first < sizes[layer + 1]:
        return TermTargets(edges=frozenset({(layer, -1, first)}))
    elif kind == "nodes" and second is None and first < sizes[layer]:
        return TermTargets(nodes=frozenset({(layer, first)}))
    return TermTargets()


def _numbered(number: int, sizes: tuple[int, ...]) -> TermTargets:
    """The article's w-number back to its matrix entry (``article_names.weight_number`` inverted)."""
    for layer in range(len(sizes) - 1):
        for row in range(sizes[layer]):
            for column in range(sizes[layer + 1]):
                if article_names.weight_number(sizes, layer, row, column) == number:
                    return TermTargets(edges=frozenset({(layer, row, column)}))
    return TermTargets()


def _layered(name: str, sizes: tuple[int, ...], biases: tuple[bool, ...]) -> TermTargets:
    """``z2``/``a2``/``dcost_dz2``/``da2_dz2`` → column 2's nodes; ``W2``/``dcost_w2`` → weight layer 1."""
    if name == "X":
        return _whole(("nodes", 0), sizes, biases)
    if re.fullmatch(r"x\d+", name):
        unit = int(name[1:]) - 1
        return TermTargets(nodes=frozenset({(0, unit)})) if 0 <= unit < sizes[0] else TermTargets()
    entry = _ENTRY.match(name)
    base, index = (entry["base"], entry) if entry else (name, None)
    slope = _LAYERED_SLOPE.match(base)
    layered = _LAYERED.match(base)
    if slope:
        target = ("nodes", int(slope["n"]))
    elif layered:
        n, kind = int(layered["n"]), layered["base"]
        if kind in ("W", "dcost_w"):
            target = ("weights", n - 1)
        elif kind in ("b", "dcost_b"):
            target = ("bias", n - 1)
        else:
            target = ("nodes", n)
    else:
        return TermTargets()
    layer = target[1]
    if not 0 <= layer < len(sizes) or (target[0] != "nodes" and layer >= len(sizes) - 1):
        return TermTargets()
    if index is not None:
        return _entry(target, index, sizes, biases)
    return _whole(target, sizes, biases)
