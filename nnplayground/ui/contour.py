"""The 0.5 contour of a gridded function, as line segments, in vectorised NumPy.

pyqtgraph's ``IsocurveItem`` walks the grid in Python (≈ 17 ms at 200×200,
measured), too slow to redraw with every frame. This marching-squares pass
finds the crossed cells with one comparison over the grid and interpolates
only those, well under a millisecond, so the line can follow the heatmap
frame for frame.
"""

from __future__ import annotations

import numpy as np

# Cell corners in the order bottom-left, bottom-right, top-left, top-right;
# the edges join them: bottom (0→1), right (1→3), top (2→3), left (0→2).
_EDGES = ((0, 1), (1, 3), (2, 3), (0, 2))


def iso_segments(values: np.ndarray, xs: np.ndarray, ys: np.ndarray, level: float = 0.5) -> np.ndarray:
    """End points of the contour segments, shaped (2k, 2): rows 2i and 2i+1 form one segment.

    ``values[j, i]`` is the function at ``(xs[i], ys[j])``. Saddle cells are
    resolved by the cell's mean, so the line never crosses itself.
    """
    if values.shape != (len(ys), len(xs)) or min(values.shape) < 2:
        raise ValueError("values must be a (len(ys), len(xs)) grid of at least 2×2")
    high = values >= level
    corners_high = (high[:-1, :-1], high[:-1, 1:], high[1:, :-1], high[1:, 1:])
    mixed = ~(np.logical_and.reduce(corners_high) | ~np.logical_or.reduce(corners_high))
    rows, cols = np.nonzero(mixed)
    if rows.size == 0:
        return np.empty((0, 2))

    corner_rows = np.stack([rows, rows, rows + 1, rows + 1], axis=1)
    corner_cols = np.stack([cols, cols + 1, cols, cols + 1], axis=1)
    value = values[corner_rows, corner_cols].astype(np.float64)
    cx, cy = xs[corner_cols], ys[corner_rows]

    crossed = np.empty((rows.size, 4), dtype=bool)
    point = np.empty((rows.size, 4, 2))
    for edge, (a, b) in enumerate(_EDGES):
        crossed[:, edge] = (value[:, a] >= level) != (value[:, b] >= level)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.clip((level - value[:, a]) / (value[:, b] - value[:, a]), 0.0, 1.0)
        t = np.nan_to_num(t, nan=0.5)
        point[:, edge, 0] = cx[:, a] + t * (cx[:, b] - cx[:, a])
        point[:, edge, 1] = cy[:, a] + t * (cy[:, b] - cy[:, a])

    count = crossed.sum(axis=1)
    simple = count == 2
    segments = [point[simple][crossed[simple]]]
    saddle = count == 4
    if np.any(saddle):
        corners = point[saddle]
        centre_high = value[saddle].mean(axis=1) >= level
        # With the centre on the bottom-left corner's side, that corner joins the
        # top-right one and the other two corners are cut off, and vice versa.
        joins = (centre_high == (value[saddle, 0] >= level))[:, None, None]
        segments.append(np.where(joins, corners[:, [0, 1]], corners[:, [0, 3]]).reshape(-1, 2))
        segments.append(np.where(joins, corners[:, [2, 3]], corners[:, [1, 2]]).reshape(-1, 2))
    return np.concatenate(segments)
