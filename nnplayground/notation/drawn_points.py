"""Which points the boundary view draws: all of a small set, a steady few thousand of a huge one."""

from __future__ import annotations

import numpy as np

MAX_DRAWN_POINTS = 4_000
# Drawn points are appended to the training set: the newest this many are always shown.
RECENT_POINTS = 50
GOLDEN_RATIO_FRACTION = (5**0.5 - 1) / 2


def drawn_subset(count: int) -> np.ndarray:
    """Which points to draw: all of them, or about ``MAX_DRAWN_POINTS`` of a huge set plus the newest.

    Drawing 100 000 symbols takes QPainter ~100 ms a frame; a few thousand
    show the shape of the data just as well. Each index has a fixed place in
    a low-discrepancy sequence and is drawn when that place is below the
    share to draw, so a point added to a huge set changes almost nothing on
    screen (a fresh random sample each time reshuffled every point), and the
    last ``RECENT_POINTS`` — where drawn points are appended — always show.
    """
    if count <= MAX_DRAWN_POINTS:
        return np.arange(count)
    places = (np.arange(count) * GOLDEN_RATIO_FRACTION) % 1.0
    sampled = np.flatnonzero(places < MAX_DRAWN_POINTS / count)
    return np.union1d(sampled, np.arange(count - RECENT_POINTS, count))
