"""How the article names a network's parts: which walk-through it gets, its matrices, its w-numbers.

``family`` is the one definition of which of the article's walk-throughs a
network gets — the step-through's phases, the window's names, equations and
diagram all read it — so a 2-8-1 network or one with an x1² input is walked
through and labelled as the article's Part 2 network, not half as one and
half as a generic stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

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
    w(inputs·j + i + 1) and the output weights follow (w9…w12 for its 2-4-1), output node by
    output node when a softmax has K of them. Wider hidden layers and more inputs continue the
    same count; deeper networks are not numbered.
    """
    kind = family(sizes)
    if kind == "layered":
        return None
    if kind == "perceptron":
        return sizes[0] * column + row + 1
    if layer == 0:
        return sizes[0] * column + row + 1
    return sizes[0] * sizes[1] + sizes[1] * column + row + 1


def weight_range(sizes: Sequence[int], layer: int) -> str:
    first = weight_number(sizes, layer, 0, 0)
    last = weight_number(sizes, layer, sizes[layer] - 1, sizes[layer + 1] - 1)
    return f"w{first}, w{last}" if last == first + 1 else f"w{first}…w{last}"
