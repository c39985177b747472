"""The enlarged heatmap shown while the pointer rests on a node, with the neuron's name and range.

It is a child of the window, not a separate top-level popup, so it may
overhang the (often small) diagram pane without stealing focus or taking
part in window management, and it lets the mouse through so hovering the
node underneath keeps working. It paints itself: a fixed picture of known
size, placed before it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

POPUP_SIDE = 160
MARGIN = 8
GAP = 10
TEXT = QColor("#202020")


class NeuronPopup(QWidget):
    def __init__(self, diagram: QWidget) -> None:
        super().__init__(diagram.window())
        self._diagram = diagram
        self.setObjectName("neuronPopup")
        self.setAccessibleName("Enlarged neuron heatmap")
        self.setToolTip("This neuron's output over the plane, enlarged")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._title_font = QFont()
        self._font = QFont()
        self.shown_node: tuple[int, int] | None = None
        self.title = ""
        self.lines: list[str] = []
        self._image = QImage()
        self.hide()

    def show_node(
        self, node: tuple[int, int], title: str, image: QImage, lines: list[str], anchor: QRect
    ) -> None:
        """Show ``node``'s map beside ``anchor`` (the node's rectangle, in the diagram's coordinates)."""
        self.shown_node = node
        if self.parentWidget() is not self._diagram.window():
            self.setParent(self._diagram.window())
        self.title, self.lines, self._image = title, lines, image
        # Fonts from the polished widget: the painter resolves any unset attribute against it.
        self.ensurePolished()
        self._title_font = QFont(self.font())
        self._title_font.setBold(True)
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(self._font.pointSizeF() - 1, 7.0))
        self.setAccessibleDescription(f"{title}: " + "; ".join(lines))
        title_metrics, metrics = QFontMetricsF(self._title_font), QFontMetricsF(self._font)
        width = max(
            POPUP_SIDE, title_metrics.horizontalAdvance(title), *map(metrics.horizontalAdvance, lines)
        )
        height = title_metrics.height() + 4 + POPUP_SIDE + 4 + metrics.height() * len(lines)
        self.resize(round(width) + 2 * MARGIN, round(height) + 2 * MARGIN)
        self._place(anchor)
        self.update()
        self.show()
        self.raise_()

    def _place(self, anchor: QRect) -> None:
        """Right of the node if it fits in the window, else left; kept inside the window."""
        window = self.parentWidget()
        top_left = self._diagram.mapTo(window, anchor.topLeft())
        bottom_right = self._diagram.mapTo(window, anchor.bottomRight())
        width, height = self.width(), self.height()
        x = bottom_right.x() + GAP
        if x + width > window.width():
            x = top_left.x() - GAP - width
        y = (top_left.y() + bottom_right.y()) // 2 - height // 2
        x = max(0, min(x, window.width() - width))
        y = max(0, min(y, window.height() - height))
        self.move(QPoint(x, y))

    def dismiss(self) -> None:
        self.shown_node = None
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#555555"), 1))
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        title_metrics, metrics = QFontMetricsF(self._title_font), QFontMetricsF(self._font)
        painter.setPen(TEXT)
        painter.setFont(self._title_font)
        y = MARGIN + title_metrics.ascent()
        painter.drawText(QPointF(MARGIN, y), self.title)
        y = MARGIN + title_metrics.height() + 4
        image_rect = QRectF(MARGIN, y, POPUP_SIDE, POPUP_SIDE)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(image_rect, self._image)
        painter.setPen(QPen(QColor("#111111"), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(image_rect)
        painter.setPen(TEXT)
        painter.setFont(self._font)
        y = image_rect.bottom() + 4 + metrics.ascent()
        for line in self.lines:
            painter.drawText(QPointF(MARGIN, y), line)
            y += metrics.height()
        painter.end()
