"""Where the diagram puts each node and edge, and which edge or node lies under the pointer.

Pure NumPy (no Qt), so it can be tested on its own and so hit-testing stays
fast for the largest networks (6 layers of 64 units is ~20 000 edges): the
edge under the pointer is one vectorised distance computation, not a loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TITLE_BAND = 48.0
BOTTOM_MARGIN = 18.0
SIDE_MARGIN = 64.0
MIN_SIDE_MARGIN = 30.0
MAX_SIDE_MARGIN = 96.0
MAX_SPACING = 110.0
MAX_RADIUS = 23.0
MIN_RADIUS = 2.5
# Heatmap thumbnails are squares of side 2·radius: larger than plain circles, but clear of their
# neighbours and of the weight lines between columns.
THUMBNAIL_SHARE = 0.45
THUMBNAIL_COLUMN_SHARE = 0.22
MAX_THUMBNAIL_RADIUS = 30.0


@dataclass(frozen=True)
class DiagramLayout:
    """Node centres per layer (inputs first), bias-node centres per weight layer, and every edge.

    ``edges`` holds ``x0, y0, x1, y1`` per edge and ``refs`` its ``layer, row,
    column`` (``row`` = -1 for an edge from a bias node); weight edges come
    layer by layer in row-major order, then that layer's bias edges.
    """

    width: float
    height: float
    columns: np.ndarray
    nodes: tuple[np.ndarray, ...]
    bias_nodes: tuple[np.ndarray | None, ...]
    radius: float
    spacing: float
    edges: np.ndarray
    refs: np.ndarray

    def edges_of(self, layer: int) -> np.ndarray:
        """Indices of weight layer ``layer``'s edges (bias edges included)."""
        return np.flatnonzero(self.refs[:, 0] == layer)


def compute_layout(
    sizes: tuple[int, ...],
    biases: tuple[bool, ...],
    width: float,
    height: float,
    thumbnails: bool = False,
    name_band: float = 0.0,
    margins: tuple[float, float] = (SIDE_MARGIN, SIDE_MARGIN),
) -> DiagramLayout:
    """Lay ``sizes`` (inputs first) out in columns; a bias feeding layer l sits under column l.

    With ``thumbnails`` the nodes are sized for heatmaps rather than names;
    ``name_band`` is the room kept between two nodes of a column for the
    name hanging under the upper one.
    """
    width, height = max(width, 120.0), max(height, 120.0)
    count = len(sizes)
    columns = np.linspace(margins[0], width - margins[1], count)
    spacings = _spacings(sizes, biases, height, name_band)
    spacing = min(spacings)
    radius = node_radius(sizes, biases, width, height, thumbnails, name_band, margins)
    slots = _slots(sizes, biases)
    available = _available(height, name_band)
    centre = TITLE_BAND + available / 2
    nodes, bias_nodes = [], []
    for layer, size in enumerate(sizes):
        offsets = (np.arange(slots[layer]) - (slots[layer] - 1) / 2) * spacings[layer]
        ys = centre + offsets
        nodes.append(np.column_stack([np.full(size, columns[layer]), ys[:size]]))
        if layer < len(biases):
            bias_nodes.append(np.array([columns[layer], ys[size]]) if biases[layer] else None)
    segments, refs = [], []
    for layer in range(count - 1):
        source, target = nodes[layer], nodes[layer + 1]
        rows, cols = np.meshgrid(np.arange(len(source)), np.arange(len(target)), indexing="ij")
        rows, cols = rows.ravel(), cols.ravel()
        segments.append(np.column_stack([source[rows], target[cols]]))
        refs.append(np.column_stack([np.full(len(rows), layer), rows, cols]))
        if bias_nodes[layer] is not None:
            targets = np.arange(len(target))
            start = np.broadcast_to(bias_nodes[layer], (len(target), 2))
            segments.append(np.column_stack([start, target]))
            refs.append(np.column_stack([np.full(len(target), layer), np.full(len(target), -1), targets]))
    return DiagramLayout(
        width,
        height,
        columns,
        tuple(nodes),
        tuple(bias_nodes),
        radius,
        float(spacing),
        np.concatenate(segments).astype(float),
        np.concatenate(refs).astype(int),
    )


def _slots(sizes: tuple[int, ...], biases: tuple[bool, ...]) -> list[int]:
    return [size + (1 if layer < len(biases) and biases[layer] else 0) for layer, size in enumerate(sizes)]


def _available(height: float, name_band: float) -> float:
    """The column height nodes spread over: below the titles, above the legend and the lowest name."""
    return max(height, 120.0) - TITLE_BAND - BOTTOM_MARGIN - name_band / 2


def _spacings(
    sizes: tuple[int, ...], biases: tuple[bool, ...], height: float, name_band: float = 0.0
) -> list[float]:
    """Each column spreads over the height on its own, so the edges leaving two inputs (and their labels)
    sit far apart; the node size follows the most crowded column."""
    available = _available(height, name_band)
    return [min(MAX_SPACING, available / count) for count in _slots(sizes, biases)]


def node_radius(
    sizes: tuple[int, ...],
    biases: tuple[bool, ...],
    width: float,
    height: float,
    thumbnails: bool,
    name_band: float = 0.0,
    margins: tuple[float, float] = (SIDE_MARGIN, SIDE_MARGIN),
) -> float:
    """Half a node's size: without building the layout, so "do thumbnails fit?" costs nothing."""
    spacing = min(_spacings(sizes, biases, height, name_band))
    room = (spacing - name_band) / 2
    if not thumbnails:
        return float(np.clip(min(spacing * 0.3, room), MIN_RADIUS, MAX_RADIUS))
    gap = (max(width, 120.0) - sum(margins)) / max(len(sizes) - 1, 1)
    share = min(spacing * THUMBNAIL_SHARE, gap * THUMBNAIL_COLUMN_SHARE, room)
    return float(np.clip(share, MIN_RADIUS, MAX_THUMBNAIL_RADIUS))


def side_margins(
    sizes: tuple[int, ...],
    biases: tuple[bool, ...],
    width: float,
    height: float,
    thumbnails: bool,
    name_band: float,
    names: tuple[float, float],
) -> tuple[float, float]:
    """Left and right margins just wide enough for the inputs' names left of them and the output's right.

    A fixed margin either wastes a narrow pane's width (the weight labels
    between the columns need it more) or is too narrow for ``sin x₁`` beside
    a large node. The node size depends on the margins and the margins on
    it, so this settles it in two rounds.
    """
    margins = (SIDE_MARGIN, SIDE_MARGIN)
    for _ in range(2):
        radius = node_radius(sizes, biases, width, height, thumbnails, name_band, margins)
        margins = tuple(float(np.clip(radius + name + 8, MIN_SIDE_MARGIN, MAX_SIDE_MARGIN)) for name in names)
    return margins


def nearest_edge(layout: DiagramLayout, x: float, y: float, tolerance: float) -> int | None:
    """The edge closest to ``(x, y)`` if within ``tolerance`` pixels and not inside a node; else None."""
    if node_at(layout, x, y) is not None:
        return None
    a, b = layout.edges[:, :2], layout.edges[:, 2:]
    ab = b - a
    length2 = np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-12)
    t = np.clip(np.einsum("ij,ij->i", np.array([x, y]) - a, ab) / length2, 0.0, 1.0)
    distance = np.hypot(*(a + t[:, None] * ab - np.array([x, y])).T)
    index = int(np.argmin(distance))
    return index if distance[index] <= tolerance else None


def node_at(layout: DiagramLayout, x: float, y: float) -> tuple[int, int] | None:
    """``(layer, unit)`` of the node under ``(x, y)``, or None (bias nodes count as unit -1)."""
    reach = max(layout.radius, 6.0)
    for layer, centres in enumerate(layout.nodes):
        if abs(centres[0, 0] - x) > reach:
            continue
        distance = np.hypot(centres[:, 0] - x, centres[:, 1] - y)
        unit = int(np.argmin(distance))
        if distance[unit] <= reach:
            return layer, unit
        bias = layout.bias_nodes[layer] if layer < len(layout.bias_nodes) else None
        if bias is not None and np.hypot(*(bias - (x, y))) <= reach:
            return layer, -1
    return None
