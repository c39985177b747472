"""The diagram's weight labels and node names: measured in the diagram's fonts, placed by one plan, drawn.

Every name and label is a rectangle placed by ``label_placement`` clear of
the nodes, the value boxes and each other — a layer's weight labels
shortened to their names (``w5``) where values do not fit, and node names
moved outside their nodes where they do not fit inside, clear of the stuck
neurons' badges (``marks``). This module measures
the text for that plan and draws the labels where it says. After an update
a label ends in ▲ or ▼, the sign of its weight's change (``marks``).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from nnplayground.notation import network_names
from nnplayground.notation.diagram_state import active_edges, edge_values, label_text
from nnplayground.notation.label_placement import (
    LabelPlan,
    Rect,
    node_rects,
    place_badges,
    place_edge_labels,
    place_names,
)
from nnplayground.ui.diagram import marks
from nnplayground.ui.diagram.nodes import bias_side, note_boxes
from nnplayground.ui.diagram.picture import TEXT, DiagramFonts, Picture

MAX_LABELLED_EDGES = 40
# While training plays, the room a weight label keeps for its value, whatever its digits: as wide
# as ``format_value`` writes any |w| from 0.01 up ("−0.01234"). Placements are remembered by size
# (``label_placement``), and the values change sign and magnitude every frame: at their own widths
# the article's labels were placed anew in 30 of 35 repaints (7–10 ms each), and moved about as they
# did. Paused, each label takes its own size: more of them fit in full.
VALUE_ROOM = "−0.00000"
_NUMBER = re.compile(r"−?\d[\d.]*")


def make_plan(picture: Picture) -> LabelPlan:
    """Where every node, name, value box and weight label goes in ``picture``."""
    state, layout, fonts = picture.state, picture.layout, picture.fonts
    nodes = node_rects(layout, bias_side(layout))
    notes = tuple(_rect(box) for box, _ in note_boxes(picture))
    names = network_names.node_names(state.sizes, state.features)
    tab = QFontMetricsF(fonts.tab)
    inner = QFontMetricsF(fonts.node_font(names, layout.radius))
    outside = [[(tab.horizontalAdvance(name) + 6, tab.height()) for name in layer] for layer in names]
    inside = [
        [
            (inner.horizontalAdvance(name), inner.height())
            if not picture.squares
            and layout.radius >= 8
            and inner.horizontalAdvance(name) <= 2 * layout.radius - 3
            else None
            for name in layer
        ]
        for layer in names
    ]
    named = place_names(layout, outside, inside, nodes, notes)
    badges = place_badges(
        layout, marks.stuck_units(picture), 2 * marks.badge_radius(layout), nodes, [*notes, *named.values()]
    )
    edges = {}
    if len(layout.refs) <= MAX_LABELLED_EDGES:
        values = edge_values(state, layout)
        forms: list[dict[int, tuple[float, float]]] = [{}, {}, {}, {}]
        measure = label_room if picture.playing else label_size
        for index in range(len(layout.refs)):
            name, text = shown_text(picture, index, float(values[index]))
            for form, sizes in enumerate(forms):
                sizes[index] = measure(fonts, name, text, form)
        active = active_edges(picture.highlight, layout)
        layers = sorted(
            {int(layer) for layer in layout.refs[:, 0]},
            key=lambda layer: (not active[layout.edges_of(layer)].any(), layer),
        )
        obstacles = [*nodes.values(), *notes, *named.values(), *badges.values()]
        edges = place_edge_labels(layout, layers, forms, obstacles)
    return LabelPlan(nodes, named, notes, edges, badges)


def paint_edge_labels(painter: QPainter, picture: Picture, plan: LabelPlan) -> None:
    layout = picture.layout
    values = edge_values(picture.state, layout)
    active = active_edges(picture.highlight, layout)
    for index, label in plan.edges.items():
        name, text = shown_text(picture, index, float(values[index]))
        draw_label(painter, picture.fonts, QRectF(*label.rect), name, text, bool(active[index]), label.form)


def paint_hovered_label(painter: QPainter, picture: Picture, plan: LabelPlan, index: int) -> None:
    """The hovered edge's label kept readable on top, in full, centred where the short one sits."""
    label = plan.edges.get(index)
    if label is None:
        return
    values = edge_values(picture.state, picture.layout)
    name, text = shown_text(picture, index, float(values[index]))
    draw_label(
        painter, picture.fonts, _centred(label.rect, label_size(picture.fonts, name, text)), name, text, True
    )


def shown_text(picture: Picture, index: int, value: float) -> tuple[str, str]:
    """The label's name and text, with ▲ or ▼ after it when the last update raised or lowered the weight."""
    name, text = label_text(picture.state, picture.highlight, picture.layout, index, value)
    return name, text + marks.change_glyph(picture, index)


def label_size(fonts: DiagramFonts, name: str, text: str, form: int = 0) -> tuple[float, float]:
    """``w5 −5.973`` in a box (form 0), the same smaller (1); just ``w5`` (2), smaller (3).

    The value goes last: in the step-through it is the number the learner came for."""
    if form in (1, 3):
        compact = QFontMetricsF(fonts.compact)
        value = 4 + compact.horizontalAdvance(text) if form == 1 else 0.0
        return compact.horizontalAdvance(name) + value + 6, compact.height() + 2
    bold, plain = QFontMetricsF(fonts.bold), QFontMetricsF(fonts.font)
    value = 5 + plain.horizontalAdvance(text) if form == 0 else 0.0
    return bold.horizontalAdvance(name) + value + 10, plain.height() + 4


def label_room(fonts: DiagramFonts, name: str, text: str, form: int) -> tuple[float, float]:
    """The box a label is placed and drawn in: its own size, or wider where its value is narrower
    than ``VALUE_ROOM`` (a box that keeps its size as the digits change reads calmer too)."""
    width, height = label_size(fonts, name, text, form)
    if form in (0, 1):
        roomy_width, _ = label_size(fonts, name, _NUMBER.sub(VALUE_ROOM, text, count=1), form)
        width = max(width, roomy_width)
    return width, height


def _centred(rect: Rect, size: tuple[float, float]) -> QRectF:
    x, y, w, h = rect
    width, height = size
    return QRectF(x + w / 2 - width / 2, y + h / 2 - height / 2, width, height)


def draw_label(
    painter: QPainter, fonts: DiagramFonts, box: QRectF, name: str, text: str, active: bool, form: int = 0
) -> None:
    corner = 3 if form in (1, 3) else 4
    painter.setPen(QPen(QColor(120, 120, 120, 200 if active else 70), 1))
    painter.setBrush(QColor(255, 255, 255, 235 if active else 150))
    painter.drawRoundedRect(box, corner, corner)
    text_colour = QColor(TEXT)
    if not active:
        text_colour.setAlpha(110)
    painter.setPen(text_colour)
    if form in (1, 3):
        painter.setFont(fonts.compact)
        compact = QFontMetricsF(fonts.compact)
        baseline = box.top() + 1 + compact.ascent()
        painter.drawText(QPointF(box.left() + 3, baseline), name)
        if form == 1:
            painter.drawText(QPointF(box.left() + 3 + compact.horizontalAdvance(name) + 4, baseline), text)
        return
    bold, plain = QFontMetricsF(fonts.bold), QFontMetricsF(fonts.font)
    painter.setFont(fonts.bold)
    baseline = box.top() + 2 + plain.ascent()
    painter.drawText(QPointF(box.left() + 5, baseline), name)
    if form == 0:
        painter.setFont(fonts.font)
        painter.drawText(QPointF(box.left() + 5 + bold.horizontalAdvance(name) + 5, baseline), text)


def _rect(box: QRectF) -> Rect:
    return (box.left(), box.top(), box.width(), box.height())
