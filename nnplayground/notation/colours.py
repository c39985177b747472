"""One palette for every view, chosen to survive colour blindness and projectors.

Blue against orange (Okabe & Ito's pair) stays distinct for all three common
kinds of colour blindness and in greyscale, which the article's ``winter``
map (blue against green) does not. The heatmap uses pale versions of the same
two hues so the saturated points stay readable on top of it.

More than two classes take the rest of Okabe & Ito's palette
(``CLASS_PALETTE``, its first two the pair above); a softmax unit's map runs
from near-white (probability 0) to its class's pale hue (1), ``class_lut``.
"""

from __future__ import annotations

import numpy as np

CLASS_COLOURS = ("#0072B2", "#E69F00")
# Classes 0…5: blue, orange, bluish green, reddish purple, vermilion, sky blue (Okabe & Ito).
CLASS_PALETTE = (*CLASS_COLOURS, "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
CLASS_NAMES = ("blue", "orange", "green", "pink", "vermilion", "sky blue")
CLASS_OUTLINE = "#1a1a1a"
BOUNDARY_LINE = "#202020"

TRAIN_LOSS = "#0072B2"
TEST_LOSS = "#D55E00"
GHOST_LOSS = (110, 110, 110)
# A third model (the scikit-learn cross-check): Okabe & Ito's reddish purple, unlike any class or curve.
REFERENCE = "#B4387F"

# The network diagram: sign by hue *and* line style (solid positive, dashed negative).
POSITIVE_WEIGHT = "#0072B2"
NEGATIVE_WEIGHT = "#D55E00"
HIGHLIGHT_BAND = "#fff1c2"
FLOW_ARROW = "#3a3a3a"
NOTE_FILL = "#fffdf2"
NOTE_BORDER = "#8a6d00"
SELECTED_SAMPLE = "#000000"
SELECTED_ROW = "#ffe58a"
HOVER_EDGE = "#ffe14d"

_PALE_CLASS_0 = (150, 196, 232)
_PALE_MIDDLE = (247, 247, 247)
_PALE_CLASS_1 = (250, 205, 130)
_TARGET_MIDDLE = (236, 236, 236)
CLASS_LUT_STRENGTH = 2 / 3


def output_lut(size: int = 256) -> np.ndarray:
    """A ``size``×3 lookup table from class 0 (pale blue) through near-white to class 1 (pale orange)."""
    return _diverging(size, _PALE_CLASS_0, _PALE_MIDDLE, _PALE_CLASS_1)


def class_lut(index: int, size: int = 256) -> np.ndarray:
    """A ``size``×3 table from near-white (0) to class ``index``'s hue (1): one softmax unit's probability.

    Stronger than the two-class heatmap's pale hues (two thirds of the way to the full colour), as
    a single unit's map has no second hue to tell it apart.
    """
    full = np.array(_rgb(CLASS_PALETTE[index]), dtype=float)
    middle = np.array(_PALE_MIDDLE, dtype=float)
    t = np.linspace(0.0, 1.0, size)[:, None]
    return np.round(middle + (full - middle) * t * CLASS_LUT_STRENGTH).astype(np.ubyte)


def target_lut(size: int = 256) -> np.ndarray:
    """The heatmap's scale at full strength, for regression points drawn on top of it."""
    low, high = (_rgb(colour) for colour in CLASS_COLOURS)
    return _diverging(size, low, _TARGET_MIDDLE, high)


def _diverging(size: int, *stops: tuple[int, int, int]) -> np.ndarray:
    t = np.linspace(0.0, 1.0, size)[:, None]
    low, middle, high = (np.array(c, dtype=float) for c in stops)
    lower = middle + (low - middle) * np.clip(1 - 2 * t, 0, 1)
    upper = middle + (high - middle) * np.clip(2 * t - 1, 0, 1)
    table = np.where(t < 0.5, lower, upper)
    return np.round(table).astype(np.ubyte)


def _rgb(colour: str) -> tuple[int, int, int]:
    """``"#0072B2"`` → ``(0, 114, 178)``."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


# The boundary view's plane for K classes: each class's pale hue, the two-class map's own for
# classes 0 and 1 (so a 2-class softmax looks as the sigmoid does), the others a little over half
# way from white to their full colour, as pale as the dots on top of them allow.
PLANE_MIDDLE = _PALE_MIDDLE
PALE_CLASS_STRENGTH = 0.55


def _toward_white(colour: str, strength: float) -> tuple[int, int, int]:
    return tuple(round(255 + (c - 255) * strength) for c in _rgb(colour))


PALE_CLASS_PALETTE = (
    _PALE_CLASS_0,
    _PALE_CLASS_1,
    *(_toward_white(colour, PALE_CLASS_STRENGTH) for colour in CLASS_PALETTE[2:]),
)
