"""The diagram's column titles and its one-line legend, each shortened to the room it has.

Neither ever wraps: a legend that wraps takes the nodes' room (at 1280×800
that hid every name and label), so both drop words until they fit and
nothing here changes the pane's size.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from nnplayground.notation import formatting, network_names
from nnplayground.notation.diagram_layout import BOTTOM_MARGIN
from nnplayground.ui.diagram.edges import edge_pen
from nnplayground.ui.diagram.picture import TEXT, DiagramFonts, Picture

# Width of the line (or square) drawn before each legend entry.
LEGEND_SAMPLE = 24.0


def paint_titles(painter: QPainter, picture: Picture) -> None:
    layout, font = picture.layout, picture.fonts.title
    painter.setFont(font)
    painter.setPen(TEXT)
    metrics = QFontMetricsF(font)
    titles = network_names.layer_titles(picture.state.sizes)
    gap = float(np.min(np.diff(layout.columns))) if len(layout.columns) > 1 else layout.width
    for x, title in zip(layout.columns, titles):
        if metrics.horizontalAdvance(title) > gap - 8:
            title = title.split(":")[0].replace(" (output)", "")
        width = metrics.horizontalAdvance(title)
        if width > gap - 4:
            continue
        left = min(max(x - width / 2, 4), layout.width - width - 4)
        painter.drawText(QPointF(left, 4 + metrics.ascent()), title)


def legend_items(picture: Picture, hidden_edges: int) -> list[tuple[str, str]]:
    """The legend's line, shortened until it fits the width: ``(sample, words)`` pairs."""
    layout = picture.layout
    bias = [("bias", "bias (1)")] if any(b is not None for b in picture.state.biases) else []
    drawn, total = len(layout.refs) - hidden_edges, len(layout.refs)
    note = (
        [("", f"the {formatting.count(drawn)} strongest of {formatting.count(total)} weights drawn")]
        if hidden_edges
        else []
    )
    short_note = [("", f"{formatting.count(drawn)} of {formatting.count(total)} drawn")] if note else []
    change = [("", "▲▼ last update's Δw")] if picture.change is not None else []
    short_change = [("", "▲▼ Δw")] if change else []
    issues = picture.diagnosis.issues if picture.diagnosis is not None else ()
    stuck = [
        ("", words)
        for kind, words in (("saturated", "! saturated"), ("dead", "0 dead"))
        if any(issue.kind == kind for issue in issues)
    ]
    variants = [
        [
            ("positive", "positive"),
            ("negative", "negative"),
            ("", "thicker = larger |w|"),
            *bias,
            *change,
            *stuck,
            *note,
        ],
        [("positive", "positive"), ("negative", "negative"), *bias, *change, *stuck, *note],
        [
            ("positive", "+"),
            ("negative", "−"),
            ("", "width ∝ |w|"),
            *bias,
            *short_change,
            *stuck,
            *short_note,
        ],
        [("positive", "+"), ("negative", "−"), *short_change, *stuck, *short_note],
        [("positive", "+"), ("negative", "−"), *short_change, *stuck],
        [("positive", "+"), ("negative", "−")],
    ]
    room = layout.width - 12
    return next((items for items in variants if _legend_width(picture.fonts, items) <= room), variants[-1])


def _legend_width(fonts: DiagramFonts, items: list[tuple[str, str]]) -> float:
    metrics = QFontMetricsF(fonts.legend)
    return sum(LEGEND_SAMPLE * bool(kind) + metrics.horizontalAdvance(words) + 12 for kind, words in items)


def paint_legend(painter: QPainter, picture: Picture, hidden_edges: int) -> None:
    layout, font = picture.layout, picture.fonts.legend
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    baseline = layout.height - (BOTTOM_MARGIN - metrics.ascent()) / 2 - 1
    middle = baseline - metrics.ascent() / 2 + 1
    x = 6.0
    for kind, words in legend_items(picture, hidden_edges):
        if kind in ("positive", "negative"):
            painter.setPen(edge_pen(kind == "negative", 2.5, True))
            painter.drawLine(QPointF(x, middle), QPointF(x + LEGEND_SAMPLE - 4, middle))
        elif kind == "bias":
            painter.setPen(QPen(QColor("#111111"), 1.2))
            painter.setBrush(QColor("#eeeeee"))
            painter.drawRect(QRectF(x + 5, middle - 5, 10, 10))
        x += LEGEND_SAMPLE * bool(kind)
        painter.setPen(TEXT)
        painter.drawText(QPointF(x, baseline), words)
        x += metrics.horizontalAdvance(words) + 12
