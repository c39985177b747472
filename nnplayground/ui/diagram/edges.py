"""The diagram's weights as lines: coloured by sign, sized by size, the phase's lit and arrowed.

Colour is never the only cue, for colour-blind viewers and washed-out
projectors: positive weights are solid blue lines, negative ones dashed
vermillion (Okabe & Ito's pair), and the width grows with |w|. A network
with thousands of edges (6 layers of 64 units is ~20 000) is drawn as each
layer's strongest ``MAX_DRAWN_EDGES`` one-pixel lines, |w| shown by how dark
they are: wide, dashed or blended strokes by the thousand cost a fraction of
a second and show nothing more at that density.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from nnplayground.notation import colours
from nnplayground.notation.diagram_layout import DiagramLayout
from nnplayground.notation.diagram_state import active_edges
from nnplayground.ui.diagram.picture import Picture

WIDTH_LEVELS = np.linspace(1.0, 8.0, 8)
MAX_ARROWS = 64
# Beyond this many edges only each layer's strongest are drawn (painting 20 000 lines takes ~0.4 s).
MAX_DRAWN_EDGES = 2_500
DENSE_EDGES = 400
FADED_ALPHA = 45


def paint_bands(painter: QPainter, picture: Picture) -> None:
    """A pale band behind the node columns the phase works on (the caption says which)."""
    highlight, layout = picture.highlight, picture.layout
    if highlight is None or highlight.direction == "idle":
        return
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colours.HIGHLIGHT_BAND))
    half = max(layout.radius + 14, 30)
    for layer in highlight.active_nodes:
        x = layout.columns[layer]
        painter.drawRoundedRect(QRectF(x - half, 30, 2 * half, layout.height - 36), 10, 10)


def paint_edges(painter: QPainter, picture: Picture, values: np.ndarray) -> int:
    """One path per (sign, width, lit) pen; a dense network gets fainter hairlines, not a blob.

    Returns how many edges were left undrawn (the legend says so)."""
    layout = picture.layout
    finite = np.where(np.isfinite(values), values, 0.0)
    scale = max(float(np.max(np.abs(finite), initial=0.0)), 1e-12)
    levels = np.clip(np.round(np.abs(finite) / scale * (len(WIDTH_LEVELS) - 1)), 0, len(WIDTH_LEVELS) - 1)
    levels = levels.astype(int)
    widths = WIDTH_LEVELS * min(1.0, max(layout.spacing * 0.3, 1.0) / WIDTH_LEVELS[-1])
    drawn = strongest(layout, np.abs(finite))
    density = min(1.0, DENSE_EDGES / int(drawn.sum()))
    active = active_edges(picture.highlight, layout)
    negative = finite < 0
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, density == 1)
    for is_active in (False, True):
        for level in np.unique(levels):
            for is_negative in (False, True):
                chosen = drawn & (active == is_active) & (negative == is_negative) & (levels == level)
                if not chosen.any():
                    continue
                pen = edge_pen(is_negative, widths[level], is_active)
                if density < 1:
                    # Thousands of edges: one-pixel solid hairlines, |w| shown by opacity instead of
                    # width. Wide, dashed or antialiased strokes cost far more and show nothing more.
                    strength = 0.25 + 0.75 * level / (len(WIDTH_LEVELS) - 1)
                    pen = QPen(_on_white(pen.color(), strength), 1)
                    pen.setCosmetic(True)
                painter.setPen(pen)
                segments = layout.edges[chosen]
                if density < 1:
                    painter.drawLines([QLineF(*segment) for segment in segments.tolist()])
                else:
                    xs, ys = segments[:, [0, 2]].ravel(), segments[:, [1, 3]].ravel()
                    painter.drawPath(pg.arrayToQPath(xs, ys, connect="pairs"))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return len(layout.refs) - int(drawn.sum())


def strongest(layout: DiagramLayout, magnitude: np.ndarray) -> np.ndarray:
    """Which edges to draw: all, or each layer's strongest share of ``MAX_DRAWN_EDGES``."""
    total = len(layout.refs)
    if total <= MAX_DRAWN_EDGES:
        return np.ones(total, dtype=bool)
    drawn = np.zeros(total, dtype=bool)
    for layer in np.unique(layout.refs[:, 0]):
        index = layout.edges_of(int(layer))
        keep = max(1, MAX_DRAWN_EDGES * len(index) // total)
        drawn[index[np.argpartition(-magnitude[index], keep - 1)[:keep]]] = True
    return drawn


def edge_pen(negative: bool, width: float, active: bool) -> QPen:
    """Solid blue or dashed vermillion, faded where the phase does not work on it (the legend's too)."""
    colour = QColor(colours.NEGATIVE_WEIGHT if negative else colours.POSITIVE_WEIGHT)
    if not active:
        colour.setAlpha(FADED_ALPHA)
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    if negative:
        pen.setDashPattern([4.0, 2.0] if width < 3 else [2.5, 1.2])
    return pen


def paint_arrows(painter: QPainter, picture: Picture) -> None:
    """Arrowheads on the active edges, pointing the way the phase's values flow."""
    highlight, layout = picture.highlight, picture.layout
    if highlight is None or highlight.direction not in ("forward", "backward"):
        return
    active = np.flatnonzero(active_edges(highlight, layout))
    if not 0 < len(active) <= MAX_ARROWS:
        return
    colour = QColor(colours.FLOW_ARROW)
    painter.setPen(QPen(QColor("white"), 1.2))
    painter.setBrush(colour)
    size = 9.0
    backward = highlight.direction == "backward"
    for index in active:
        x0, y0, x1, y1 = layout.edges[index]
        if backward:
            x0, y0, x1, y1 = x1, y1, x0, y0
        angle = np.arctan2(y1 - y0, x1 - x0)
        ux, uy = np.cos(angle), np.sin(angle)
        # Just short of the node the value flows into, as an arrow arriving there.
        reach = layout.radius + size + 3
        cx, cy = x1 - ux * reach, y1 - uy * reach
        tip = QPointF(cx + ux * size, cy + uy * size)
        left = QPointF(cx - ux * size * 0.6 - uy * size * 0.7, cy - uy * size * 0.6 + ux * size * 0.7)
        right = QPointF(cx - ux * size * 0.6 + uy * size * 0.7, cy - uy * size * 0.6 - ux * size * 0.7)
        painter.drawPolygon(QPolygonF([tip, left, right]))


def paint_hovered_edge(painter: QPainter, layout: DiagramLayout, index: int) -> None:
    """The edge under the pointer outlined between its nodes."""
    x0, y0, x1, y1 = layout.edges[index]
    length = max(float(np.hypot(x1 - x0, y1 - y0)), 1e-9)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    gap = layout.radius + 2
    start, end = QPointF(x0 + ux * gap, y0 + uy * gap), QPointF(x1 - ux * gap, y1 - uy * gap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(0, 0, 0, 170), 10, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(start, end)
    painter.setPen(QPen(QColor(colours.HOVER_EDGE), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(start, end)


def _on_white(colour: QColor, opacity: float) -> QColor:
    """``colour`` at ``opacity`` over white, as an opaque colour (blending thousands of lines is slow)."""
    opacity *= colour.alphaF()
    mix = [
        round(255 + (channel - 255) * opacity) for channel in (colour.red(), colour.green(), colour.blue())
    ]
    return QColor(*mix)
