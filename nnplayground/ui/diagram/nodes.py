"""The diagram's nodes: circles or neuron heatmaps, their names, and the followed sample's values beside them.

Where they are large enough to read, nodes are drawn as heatmaps of their
neuron's output over the plane (TensorFlow Playground's per-neuron view,
see ``thumbnails``); smaller, they stay plain circles. A name goes inside
its node where it fits, else on a tab where the label plan put it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from nnplayground.notation import colours, network_names
from nnplayground.notation.diagram_layout import DiagramLayout
from nnplayground.notation.formatting import format_value
from nnplayground.notation.label_placement import LabelPlan
from nnplayground.ui.diagram.picture import TEXT, Picture

# Below this node size the sample's values would cover the weight labels; the tables still show them.
NOTE_MIN_RADIUS = 11.0
# Bias nodes hold a constant 1, not a map: they stay small beside large thumbnails.
MAX_BIAS_RADIUS = 16.0


def bias_side(layout: DiagramLayout) -> float:
    return max(min(layout.radius, MAX_BIAS_RADIUS) * 1.5, 8.0)


def paint_nodes(painter: QPainter, picture: Picture, plan: LabelPlan) -> None:
    state, highlight, layout = picture.state, picture.highlight, picture.layout
    names = network_names.node_names(state.sizes, state.features)
    lit = highlight.active_nodes if highlight is not None and highlight.direction != "idle" else frozenset()
    radius = layout.radius
    name_font = picture.fonts.node_font(names, radius)
    metrics = QFontMetricsF(name_font)
    images = picture.images
    for layer, centres in enumerate(layout.nodes):
        outline = QPen(QColor("#111111"), 3.2 if layer in lit else 1.6)
        for unit, (x, y) in enumerate(centres):
            if picture.squares:
                image = None if images is None else images[layer][unit]
                _paint_thumbnail(
                    painter, QRectF(x - radius, y - radius, 2 * radius, 2 * radius), image, outline
                )
            else:
                painter.setPen(outline)
                painter.setBrush(QColor("white"))
                painter.drawEllipse(QPointF(x, y), radius, radius)
        bias = layout.bias_nodes[layer] if layer < len(layout.bias_nodes) else None
        if bias is not None:
            painter.setFont(name_font)
            side = bias_side(layout)
            painter.setPen(QPen(QColor("#111111"), 1.6))
            painter.setBrush(QColor("#eeeeee"))
            painter.drawRect(QRectF(bias[0] - side / 2, bias[1] - side / 2, side, side))
            if radius >= 8:
                painter.setPen(TEXT)
                painter.drawText(QPointF(bias[0] - metrics.horizontalAdvance("1") / 2, bias[1] + 5), "1")
    _paint_names(painter, picture, plan, names, name_font)


def _paint_names(
    painter: QPainter, picture: Picture, plan: LabelPlan, names: list[list[str]], inner: QFont
) -> None:
    """Inside its node where it fits; else on a tab beside or under it, where the plan put it."""
    tab_font = picture.fonts.tab
    tab = QFontMetricsF(tab_font)
    for (layer, unit), rect in plan.names.items():
        name, box = names[layer][unit], QRectF(*rect)
        if QRectF(*plan.nodes[(layer, unit)]).contains(box):
            painter.setFont(inner)
            painter.setPen(TEXT)
            painter.drawText(QPointF(box.left(), box.top() + QFontMetricsF(inner).ascent()), name)
            continue
        painter.setPen(QPen(QColor(90, 90, 90), 1))
        painter.setBrush(QColor(255, 255, 255, 235))
        painter.drawRoundedRect(box, 3, 3)
        painter.setFont(tab_font)
        painter.setPen(TEXT)
        painter.drawText(QPointF(box.left() + 3, box.top() + tab.ascent()), name)


def _paint_thumbnail(painter: QPainter, rect: QRectF, image: QImage | None, outline: QPen) -> None:
    """The neuron's map in a rounded square (white until the first maps arrive)."""
    corner = rect.width() * 0.1
    path = QPainterPath()
    path.addRoundedRect(rect, corner, corner)
    painter.save()
    painter.setClipPath(path)
    if image is None:
        painter.fillRect(rect, QColor("white"))
    else:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(rect, image)
    painter.restore()
    painter.setPen(outline)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect, corner, corner)


def note_boxes(picture: Picture) -> list[tuple[QRectF, list[str]]]:
    """Where each node's box of sample values goes, and its lines (none when nodes are too small)."""
    highlight, layout = picture.highlight, picture.layout
    if highlight is None or not highlight.notes or layout.radius < NOTE_MIN_RADIUS:
        return []
    metrics = QFontMetricsF(picture.fonts.font)
    boxes = []
    for layer, pairs in highlight.notes.items():
        last = layer == len(layout.nodes) - 1
        for unit, (x, y) in enumerate(layout.nodes[layer]):
            lines = [format_value(float(row[unit])) for _, row in pairs if unit < len(row)]
            if not lines:
                continue
            width = max(metrics.horizontalAdvance(text) for text in lines) + 10
            height = metrics.height() * len(lines) + 4
            if layer == 0 or last:
                left, top = x - width / 2, y + layout.radius + 3
            elif layer in highlight.active_layers and layer - 1 not in highlight.active_layers:
                # The phase works on the weights right of this column: keep their labels' room.
                left, top = x - layout.radius - 4 - width, y - height / 2
            else:
                left, top = x + layout.radius + 4, y - height / 2
            left = min(max(left, 2.0), layout.width - width - 2)
            boxes.append((QRectF(left, top, width, height), lines))
    return boxes


def paint_notes(painter: QPainter, picture: Picture) -> None:
    """The selected sample's values beside each node: the path one point takes through the network."""
    boxes = note_boxes(picture)
    if not boxes:
        return
    layout, font = picture.layout, picture.fonts.font
    metrics = QFontMetricsF(font)
    header_font = QFont(font)
    header_font.setItalic(True)
    painter.setFont(header_font)
    painter.setPen(QColor(colours.NOTE_BORDER))
    for layer, pairs in picture.highlight.notes.items():
        header = " / ".join(name for name, _ in pairs)
        header_width = QFontMetricsF(header_font).horizontalAdvance(header)
        left = min(max(layout.columns[layer] - header_width / 2, 2.0), layout.width - header_width - 2)
        painter.drawText(QPointF(left, 30 + metrics.ascent()), header)
    painter.setFont(font)
    for box, lines in boxes:
        painter.setPen(QPen(QColor(colours.NOTE_BORDER), 1.4))
        painter.setBrush(QColor(colours.NOTE_FILL))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(TEXT)
        for row, text in enumerate(lines):
            painter.drawText(
                QPointF(box.left() + 5, box.top() + 2 + metrics.ascent() + row * metrics.height()), text
            )
