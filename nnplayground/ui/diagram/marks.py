"""What the diagram draws on top of the weights: each edge's last change, stuck neurons, a hovered term.

* Δw: after an update, a labelled edge's label ends in ▲ (the weight grew)
  or ▼ (it shrank); an edge whose label shows no value (or that has no
  label: too many to label) gets the
  triangle drawn on the line, sized by the change against the largest in
  its layer, at a spot clear of the nodes, labels and badges (none where
  there is no such spot). Shape, not only colour, carries the sign; the
  value is in the edge's hover text.
* Stuck neurons (``core.diagnostics``): a small badge just outside the
  node's corner, "!" saturated, "0" dead, placed by the label plan so the
  weight labels keep clear of it; hovering the node says why in one line.
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
from nnplayground.notation.label_placement import LabelPlan, Rect, Taken
from nnplayground.ui.diagram.picture import Picture
from nnplayground.ui.diagram.term_targets import TermTargets
from nnplayground.ui.diagram.weight_change import WeightChange

GREW = "#009E73"
SHRANK = "#CC79A7"
SATURATED = "#D55E00"
DEAD = "#555555"
# Where along an edge (0 = source, 1 = target) its Δw triangle may sit, best first: near the target, where
# the edges of a fan have spread apart; the first spot clear of everything else drawn is taken.
DELTA_SPOTS = np.array(sorted(np.arange(0.2, 0.88, 0.03).tolist(), key=lambda t: abs(t - 0.74)))
# Only the largest changes get a triangle: beyond a few dozen a wide layer's marks are "a dense carpet"
# (a first-time user on 2-64-1, with 192 of them) and cost 20–30 ms of a repaint beside training.
MAX_DELTA_MARKS = 48


def edge_changes(change: WeightChange, layout: DiagramLayout) -> np.ndarray:
    """Each edge's Δ, in the layout's edge order."""
    refs = layout.refs
    return np.array([change.at(int(layer), int(row), int(column)) for layer, row, column in refs])


def change_marks(picture: Picture, plan: LabelPlan) -> list[tuple[Rect, bool]]:
    """Each drawn Δw triangle's square and whether its weight grew, sized against its layer's largest.

    Per layer, because the output weights of the article's network move ten
    times as far as the hidden ones in an epoch: one scale for all would
    leave the hidden layer's changes as dots. A triangle sits on its edge
    clear of every node, name, value box, weight label, badge and other
    triangle; where there is no such spot it is left out (the edge's hover
    still gives its Δw) rather than cover what the learner reads.
    """
    change, layout = picture.change, picture.layout
    if change is None:
        return []
    deltas = edge_changes(change, layout)
    finite = np.where(np.isfinite(deltas), deltas, 0.0)
    shown = np.flatnonzero(finite)
    # The largest changes first: they get the best spots, and are the ones kept when there are too many.
    shown = shown[np.argsort(-np.abs(finite[shown]), kind="stable")][:MAX_DELTA_MARKS]
    largest = np.zeros(len(finite))
    for layer in np.unique(layout.refs[:, 0]):
        index = layout.edges_of(int(layer))
        largest[index] = np.max(np.abs(finite[index]))
    top = max(4.5, min(8.0, layout.spacing * 0.2))
    taken = Taken(
        [
            *plan.nodes.values(),
            *plan.names.values(),
            *plan.notes,
            *(label.rect for label in plan.edges.values()),
            *plan.badges.values(),
        ],
        room=len(shown),
    )
    drawn: list[tuple[Rect, bool]] = []
    for index in shown.tolist():
        label = plan.edges.get(index)
        if label is not None and label.form in (0, 1):
            continue
        delta = finite[index]
        size = 3.0 + (top - 3.0) * abs(delta) / largest[index]
        spot = _free_spot(taken, layout.edges[index], size)
        if spot is not None:
            taken.add(spot)
            drawn.append((spot, bool(delta > 0)))
    return drawn


def paint_changes(painter: QPainter, picture: Picture, plan: LabelPlan) -> None:
    """A triangle per changed edge where ``change_marks`` found it room: ▲ grew, ▼ shrank."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for (left, top, side, _), grew in change_marks(picture, plan):
        size = side / 2
        x, y = left + size, top + size
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


def _free_spot(taken: Taken, edge: np.ndarray, size: float) -> Rect | None:
    """The first of ``DELTA_SPOTS`` along ``edge`` where a square of half-side ``size`` is clear."""
    x0, y0, x1, y1 = (float(v) for v in edge)
    side = 2 * size
    return taken.first_clear(
        x0 + (x1 - x0) * DELTA_SPOTS - size, y0 + (y1 - y0) * DELTA_SPOTS - size, side, side
    )


def badge_radius(layout: DiagramLayout) -> float:
    return max(5.0, min(8.0, layout.radius * 0.45))


def stuck_units(picture: Picture) -> list[tuple[int, int]]:
    """The diagnosed neurons that are drawn (a new network may have fewer than the last diagnosis)."""
    diagnosis, nodes = picture.diagnosis, picture.layout.nodes
    if diagnosis is None:
        return []
    return [
        (issue.layer, issue.unit)
        for issue in diagnosis.issues
        if issue.layer < len(nodes) and issue.unit < len(nodes[issue.layer])
    ]


def paint_neuron_marks(painter: QPainter, picture: Picture, plan: LabelPlan) -> None:
    """Each stuck neuron's badge where the plan put it, beside its node: "!" saturated, "0" dead."""
    diagnosis = picture.diagnosis
    if diagnosis is None or not plan.badges:
        return
    radius = badge_radius(picture.layout)
    font = QFont(picture.fonts.bold)
    font.setPointSizeF(max(6.5, radius * 1.05))
    painter.setFont(font)
    for (layer, unit), (left, top, side, _) in plan.badges.items():
        issue = diagnosis.issue(layer, unit)
        if issue is None:
            continue
        centre = QPointF(left + side / 2, top + side / 2)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(QColor(SATURATED if issue.kind == "saturated" else DEAD))
        painter.drawEllipse(centre, radius - 0.75, radius - 0.75)
        painter.setPen(QColor("white"))
        box = QRectF(left, top, side, side)
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
