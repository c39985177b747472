"""What the diagram draws on top of the weights: each edge's last change, stuck neurons, a hovered term.

* Δw: after an update, a labelled edge's label ends in ▲ (the weight grew)
  or ▼ (it shrank); an edge whose label shows no value (or that has no
  label: too many to label) gets the
  triangle drawn on the line, sized by the change against the largest in
  its layer, at a spot clear of the nodes and labels. Shape, not only
  colour, carries the sign; the value is in the edge's hover text.
* Stuck neurons (``core.diagnostics``): a small badge on the node's corner,
  "!" saturated, "0" dead; hovering the node says why in one line.
* A chain-rule symbol hovered in the step-through (``term_targets``): its
  nodes ringed and its edges traced in the hover colour, drawn over the
  cached picture so hovering repaints nothing else.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygonF

from nnplayground.core.diagnostics import Diagnosis
from nnplayground.notation import colours
from nnplayground.notation.diagram_layout import DiagramLayout
from nnplayground.notation.label_placement import LabelPlan, Rect
from nnplayground.ui.diagram.picture import Picture
from nnplayground.ui.diagram.term_targets import TermTargets
from nnplayground.ui.diagram.weight_change import WeightChange

GREW = "#009E73"
SHRANK = "#CC79A7"
SATURATED = "#D55E00"
DEAD = "#555555"
# Where along an edge (0 = source, 1 = target) its Δw triangle may sit, best first: the first spot clear of
# every node, name, value box and weight label is taken (else the first, under the label).
DELTA_SPOTS = (0.74, 0.8, 0.68, 0.86, 0.62, 0.56, 0.5, 0.44, 0.38, 0.32, 0.26)
MAX_DELTA_MARKS = 200


def edge_changes(change: WeightChange, layout: DiagramLayout) -> np.ndarray:
    """Each edge's Δ, in the layout's edge order."""
    refs = layout.refs
    return np.array([change.at(int(layer), int(row), int(column)) for layer, row, column in refs])


def paint_changes(painter: QPainter, picture: Picture, plan: LabelPlan) -> None:
    """A triangle per changed edge, sized against the largest change in its own layer.

    Per layer, because the output weights of the article's network move ten
    times as far as the hidden ones in an epoch: one scale for all would
    leave the hidden layer's changes as dots.
    """
    change, layout = picture.change, picture.layout
    if change is None:
        return
    deltas = edge_changes(change, layout)
    finite = np.where(np.isfinite(deltas), deltas, 0.0)
    shown = np.flatnonzero(finite)
    if len(shown) > MAX_DELTA_MARKS:
        shown = shown[np.argsort(-np.abs(finite[shown]))[:MAX_DELTA_MARKS]]
    largest = np.zeros(len(finite))
    for layer in np.unique(layout.refs[:, 0]):
        index = layout.edges_of(int(layer))
        largest[index] = np.max(np.abs(finite[index]))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    top = max(4.5, min(8.0, layout.spacing * 0.2))
    obstacles = [
        *plan.nodes.values(),
        *plan.names.values(),
        *plan.notes,
        *(label.rect for label in plan.edges.values()),
    ]
    for index in shown.tolist():
        label = plan.edges.get(index)
        if label is not None and label.form in (0, 1):
            continue
        delta = finite[index]
        size = 3.0 + (top - 3.0) * abs(delta) / largest[index]
        x, y = _free_spot(layout.edges[index], size, obstacles)
        grew = delta > 0
        tip = -size if grew else size
        triangle = QPolygonF(
            [QPointF(x, y + tip), QPointF(x - size, y - tip * 0.8), QPointF(x + size, y - tip * 0.8)]
        )
        painter.setPen(QPen(QColor("#222222"), 0.8))
        painter.setBrush(QColor(GREW if grew else SHRANK))
        painter.drawPolygon(triangle)


def change_glyph(picture: Picture, index: int) -> str:
    """ " ▲" or " ▼" after edge ``index``'s label when the last update moved it, else ""."""
    change = picture.change
    if change is None:
        return ""
    layer, row, column = (int(v) for v in picture.layout.refs[index])
    delta = change.at(layer, row, column)
    if not np.isfinite(delta) or delta == 0:
        return ""
    return " ▲" if delta > 0 else " ▼"


def _free_spot(edge: np.ndarray, size: float, obstacles: list[Rect]) -> tuple[float, float]:
    x0, y0, x1, y1 = edge
    spots = [(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t) for t in DELTA_SPOTS]
    for x, y in spots:
        if not any(_overlaps((x - size, y - size, 2 * size, 2 * size), rect) for rect in obstacles):
            return x, y
    return spots[0]


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def paint_neuron_marks(painter: QPainter, picture: Picture) -> None:
    diagnosis, layout = picture.diagnosis, picture.layout
    if diagnosis is None or not diagnosis.issues:
        return
    radius = max(5.0, min(8.0, layout.radius * 0.45))
    font = QFont(picture.fonts.bold)
    font.setPointSizeF(max(6.5, radius * 1.05))
    painter.setFont(font)
    for issue in diagnosis.issues:
        if issue.layer >= len(layout.nodes) or issue.unit >= len(layout.nodes[issue.layer]):
            continue
        x, y = layout.nodes[issue.layer][issue.unit]
        centre = QPointF(x + layout.radius * 0.8, y - layout.radius * 0.8)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(QColor(SATURATED if issue.kind == "saturated" else DEAD))
        painter.drawEllipse(centre, radius, radius)
        painter.setPen(QColor("white"))
        box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "!" if issue.kind == "saturated" else "0")


def paint_term(painter: QPainter, layout: DiagramLayout, targets: TermTargets) -> None:
    """The hovered symbol's nodes ringed and edges traced, over everything else."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    refs = [tuple(int(v) for v in ref) for ref in layout.refs]
    for edge in targets.edges:
        if edge not in refs:
            continue
        x0, y0, x1, y1 = layout.edges[refs.index(edge)]
        length = max(float(np.hypot(x1 - x0, y1 - y0)), 1e-9)
        gap = min(layout.radius + 2, length / 3)
        ux, uy = (x1 - x0) / length * gap, (y1 - y0) / length * gap
        start, end = QPointF(x0 + ux, y0 + uy), QPointF(x1 - ux, y1 - uy)
        for colour, width in ((QColor(0, 0, 0, 150), 7.0), (QColor(colours.HOVER_EDGE), 4.0)):
            painter.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(start, end)
    reach = layout.radius + 4
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for layer, unit in targets.nodes:
        if layer >= len(layout.nodes) or unit >= len(layout.nodes[layer]):
            continue
        x, y = layout.nodes[layer][unit]
        for colour, width in ((QColor(0, 0, 0, 150), 6.0), (QColor(colours.HOVER_EDGE), 3.5)):
            painter.setPen(QPen(colour, width))
            painter.drawEllipse(QPointF(x, y), reach, reach)


def describe_issue(diagnosis: Diagnosis | None, layer: int, unit: int) -> str:
    issue = None if diagnosis is None else diagnosis.issue(layer, unit)
    return "" if issue is None else issue.reason
