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
        with np.errstate(all="ignore"):  # huge finite outputs overflow the difference: t is then NaN
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


def polylines(segments: np.ndarray) -> np.ndarray:
    """``iso_segments``' pairs joined into continuous lines, NaN rows between lines.

    A dashed pen restarts its pattern with every separate segment, and the
    segments are shorter than a dash, so a dashed contour drawn as pairs
    looks solid. Neighbouring cells compute their shared crossing point from
    the same two corners in the same order, so joined ends match exactly.
    """
    ends = segments.reshape(-1, 2, 2)
    touching: dict[tuple[float, float], list[int]] = {}
    for index, (start, end) in enumerate(ends):
        touching.setdefault((start[0], start[1]), []).append(index)
        touching.setdefault((end[0], end[1]), []).append(index)
    used = np.zeros(len(ends), dtype=bool)
    lines: list[np.ndarray] = []
    for first in range(len(ends)):
        if used[first]:
            continue
        used[first] = True
        forward = _follow(ends, touching, used, ends[first, 1])
        backward = _follow(ends, touching, used, ends[first, 0])
        points = [*reversed(backward), ends[first, 0], ends[first, 1], *forward]
        lines.extend([np.array(points), np.full((1, 2), np.nan)])
    return np.concatenate(lines) if lines else np.empty((0, 2))


def _follow(
    ends: np.ndarray, touching: dict[tuple[float, float], list[int]], used: np.ndarray, point: np.ndarray
) -> list[np.ndarray]:
    """The points reached by walking unused segments from ``point`` on, marking them used."""
    path: list[np.ndarray] = []
    while True:
        key = (point[0], point[1])
        following = next((i for i in touching[key] if not used[i]), None)
        if following is None:
            return path
        used[following] = True
        start, end = ends[following]
        point = end if (start[0], start[1]) == key else start
        path.append(point)


def farthest_from(points: np.ndarray, segments: np.ndarray) -> float:
    """How far the point of ``points`` (n×2, NaN rows ignored) farthest from the line ``segments``
    (``iso_segments``' pairs) lies from it: how much one boundary moved against another.

    Distances are to the segments themselves, not their end points, which lie a grid cell apart —
    far more than one update usually moves the line. NaN when either line is empty.
    """
    points = points[~np.isnan(points).any(axis=1)]
    if not len(points) or not len(segments):
        return float("nan")
    start, end = segments[0::2], segments[1::2]
    along = end - start
    length2 = np.maximum(np.einsum("ij,ij->i", along, along), np.finfo(float).tiny)
    farthest = 0.0
    for chunk in np.array_split(points, max(1, len(points) * len(start) // 2_000_000 + 1)):
        offset = chunk[:, None, :] - start[None, :, :]
        t = np.clip(np.einsum("pij,ij->pi", offset, along) / length2, 0.0, 1.0)
        nearest = start[None, :, :] + t[:, :, None] * along[None, :, :]
        distance = np.hypot(*(chunk[:, None, :] - nearest).transpose(2, 0, 1)).min(axis=1)
        farthest = max(farthest, float(distance.max()))
    return farthest
