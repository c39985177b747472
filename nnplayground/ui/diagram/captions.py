"""The diagram's column titles and its one-line legend, each shortened to the room it has.

Neither ever wraps: a legend that wraps takes the nodes' room (at 1280×800
that hid every name and label), so both drop words until they fit and
nothing here changes the pane's size; and no two titles overlap, each kept
to its own column's share of the width.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from nnplayground.notation import formatting, network_names
from nnplayground.notation.diagram_layout import BOTTOM_MARGIN
from nnplayground.ui.diagram.edges import edge_pen
from nnplayground.ui.diagram.picture import TEXT, DiagramFonts, Picture

ELLIPSIS = "…"
# Width of the line (or square) drawn before each legend entry.
LEGEND_SAMPLE = 24.0


def title_rects(picture: Picture) -> list[tuple[str, QRectF]]:
    """Each column's title and where it goes: inside its column's own slot, so no two ever overlap.

    A column's slot reaches halfway to its neighbours (to the pane's edge for
    the first and last); a title centres on its column, moved inward as far
    as the slot allows, and where it is too wide it drops its formula
    (``hidden: zh → ah`` → ``hidden``), then is cut to "…", then left out.
    """
    layout = picture.layout
    metrics = QFontMetricsF(picture.fonts.title)
    columns = [float(x) for x in layout.columns]
    edges = [4.0, *((a + b) / 2 for a, b in pairwise(columns)), layout.width - 4]
    placed = []
    for index, (x, title) in enumerate(zip(columns, network_names.layer_titles(picture.state.sizes))):
        left_end, right_end = edges[index] + 2, edges[index + 1] - 2
        room = right_end - left_end
        short = title.split(":")[0].replace(" (output)", "")
        text = next(
            (words for words in (title, short) if metrics.horizontalAdvance(words) <= room),
            metrics.elidedText(short, Qt.TextElideMode.ElideRight, room),
        )
        if text in ("", ELLIPSIS) or metrics.horizontalAdvance(text) > room:
            continue
        width = metrics.horizontalAdvance(text)
        left = min(max(x - width / 2, left_end), right_end - width)
        placed.append((text, QRectF(left, 4, width, metrics.height())))
    return placed


def paint_titles(painter: QPainter, picture: Picture) -> None:
    painter.setFont(picture.fonts.title)
    painter.setPen(TEXT)
    ascent = QFontMetricsF(picture.fonts.title).ascent()
    for text, rect in title_rects(picture):
        painter.drawText(QPointF(rect.left(), rect.top() + ascent), text)


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
