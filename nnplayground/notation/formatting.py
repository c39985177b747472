"""Every number the window writes, in one place: grouped digits, few decimals, true minus signs.

The step-through shows some 26 000 values that its tests hold against the
article's own loop, the diagram and the thumbnails show the same values
beside it, and the status bar and legends show counts and losses: one
module keeps them spelt alike. Where two formatters differ, they differ on
purpose, and their docstrings say why.
"""

from __future__ import annotations

import math

NONE = "—"
MINUS = "\u2212"


def count(value: int) -> str:
    """``20000`` → ``"20 000"``: a thin-space thousands separator reads at a distance and in any locale."""
    return f"{value:,}".replace(",", "\u2009")


def loss(value: float) -> str:
    """Four decimals, the status bar's and the loss read-out's: losses are compared digit by digit."""
    if not math.isfinite(value):
        return NONE if math.isnan(value) else "∞"
    if value != 0 and not 1e-3 <= abs(value) < 1e5:
        return f"{value:.3e}"
    return f"{value:.4f}"


def percent(fraction: float) -> str:
    """Whole percents, except that "100 %" and "0 %" mean all and none: 399 of 400 is "99.8 %"."""
    if not math.isfinite(fraction):
        return NONE
    share = fraction * 100
    if round(share) == 100 and fraction < 1:
        return f"{min(share, 99.9):.1f} %"
    if round(share) == 0 and fraction > 0:
        return f"{max(share, 0.1):.1f} %"
    return f"{share:.0f} %"


def rate(epochs_per_second: float) -> str:
    if not math.isfinite(epochs_per_second) or epochs_per_second <= 0:
        return "0 epochs/s"
    return f"{count(round(epochs_per_second))} epochs/s"


def format_value(value: float) -> str:
    """Four significant figures and a true minus sign: readable from the back of a room.

    The step-through, the diagram's labels and its hover read-out: a weight,
    a gradient or a term, written as the engine holds it (``−0`` included,
    since ``−0.0`` is what the article's arithmetic gives there).
    """
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else ("∞" if value > 0 else "−∞")
    text = f"{value:.4g}" if value == 0 or 1e-3 <= abs(value) < 1e4 else f"{value:.2e}"
    return text.replace("-", MINUS)


def plane_value(value: float) -> str:
    """``format_value`` with ``−0`` written ``0``: a neuron map's range and colour scale.

    These are minima, maxima and midpoints taken over a plane in float32, so
    ``−0.0`` there is an accident of the arithmetic, and "white −0" reads as
    a bug; the step-through keeps ``−0`` because there it is the engine's value.
    """
    return format_value(float(value) + 0.0)


def scale_end(value: float) -> str:
    """Three significant digits and a true minus sign: ``-1.0`` → ``"−1"``; a colour scale's ends.

    Shorter than ``format_value`` (a regression target range in a legend,
    a tooltip or a colour box beside the class chooser), where a fourth digit
    says nothing a colour can show.
    """
    return f"{value:.3g}".replace("-", MINUS)
