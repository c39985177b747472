"""Numbers as people read them on a projected screen: grouped digits, few decimals, a dash for "none"."""

from __future__ import annotations

import math

NONE = "—"


def count(value: int) -> str:
    """``20000`` → ``"20 000"``: a thin-space thousands separator reads at a distance and in any locale."""
    return f"{value:,}".replace(",", "\u2009")


def loss(value: float) -> str:
    if not math.isfinite(value):
        return NONE if math.isnan(value) else "∞"
    if value != 0 and not 1e-3 <= abs(value) < 1e5:
        return f"{value:.3e}"
    return f"{value:.4f}"


def percent(fraction: float) -> str:
    return NONE if not math.isfinite(fraction) else f"{fraction * 100:.0f} %"


def rate(epochs_per_second: float) -> str:
    if not math.isfinite(epochs_per_second) or epochs_per_second <= 0:
        return "0 epochs/s"
    return f"{count(round(epochs_per_second))} epochs/s"


def architecture(hidden_layers: tuple[int, ...], inputs: int) -> str:
    """``(4,)`` → ``"2-4-1 network"``; ``()`` → ``"perceptron"``, the article's two names."""
    if not hidden_layers:
        return "perceptron"
    return "-".join(str(size) for size in (inputs, *hidden_layers, 1)) + " network"
