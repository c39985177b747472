"""One line of the chain rule as arithmetic, drawn piece by piece so each symbol can be hovered.

``dcost_dw9 = dcost_dao × dao_dzo × dzo_dwo1 = 0.1321 × 0.1146 × 0.6374 = 0.009649``:
each symbol and its value in the colours of what it belongs to in the
diagram (a node's note box, a weight's edge colour with a dashed underline
when negative, the highlight band of a gradient's edge). The line wraps
between pieces, never inside one, so it fits the panel at any width; a
rich-text label would wrap as well but cannot say which symbol is under the
mouse, and hovering a symbol marks it in every other view.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from nnplayground.notation.arithmetic import HOVER, ROLE_COLOURS, Factor, Line
from nnplayground.notation.formatting import format_value
from nnplayground.ui.widgets.equation_view import code_font_family

# Room inside a piece's box, and the indent of a wrapped line's continuation.
PAD = 2.0
INDENT = 28.0


def _decimals(value: float) -> str:
    """The exact float, for the tooltip: nothing shown rounded is rounded away for good."""
    return repr(value)


class ArithmeticLine(QWidget):
    """``result = factors = values = value`` for one entry; ``hovered`` says which factor the mouse is on."""

    hovered = Signal(object)

    def __init__(self, line: Line) -> None:
        super().__init__()
        self.setObjectName(f"arithmetic_{line.result.symbol}")
        self._font = QFont(code_font_family())
        self._font.setPointSizeF(10.5)
        self._line = line
        self._marked: str | None = None
        self._marked_names: frozenset[str] = frozenset()
        self._under: Factor | None = None
        self._layout_width = -1
        self._rects: list[tuple[QRectF, str, Factor | None]] = []
        self.setMouseTracking(True)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(line.text())
        self.setAccessibleDescription(_tooltip(line.result))

    # ----- what it shows ------------------------------------------------------------

    @property
    def line(self) -> Line:
        return self._line

    def plain_text(self) -> str:
        return self._line.text()

    def set_marked(self, symbol: str | None, names: Collection[str] = ()) -> None:
        """Mark every piece of ``symbol`` (its name and its value), and of every factor going by one
        of ``names`` (a code line's ``dzo_dwo`` marks dzo_dwo1…dzo_dwo4); neither marks nothing."""
        marked = frozenset(names)
        if symbol != self._marked or marked != self._marked_names:
            self._marked, self._marked_names = symbol, marked
            self.update()

    def _is_marked(self, factor: Factor) -> bool:
        if factor.symbol == self._marked:
            return True
        return bool(self._marked_names) and bool({factor.term, *factor.names} & self._marked_names)

    def marked_pieces(self) -> list[str]:
        return [
            text for _, text, factor in self._pieces_at(self.width()) if factor and self._is_marked(factor)
        ]

    def symbol_rect(self, symbol: str) -> QRect | None:
        """Where ``symbol``'s name is drawn (the first piece with it), for a pointer to hover it."""
        for rect, text, factor in self._pieces_at(self.width()):
            if factor is not None and factor.symbol == symbol and text == symbol:
                return rect.toAlignedRect()
        return None

    # ----- layout ----------------------------------------------------------------------

    def _widths(self) -> list[tuple[str, Factor | None, float]]:
        metrics = QFontMetricsF(self._font)
        return [
            (text, factor, metrics.horizontalAdvance(text) + (2 * PAD if factor else 0))
            for text, factor in self._line.pieces()
        ]

    def _chunks(self) -> list[list[tuple[str, Factor | None, float]]]:
        """Pieces kept together: an operator stays with the piece after it, so a line never starts with ×."""
        chunks: list[list[tuple[str, Factor | None, float]]] = []
        for piece in self._widths():
            if piece[1] is None or not chunks or chunks[-1][-1][1] is not None:
                chunks.append([piece])
            else:
                chunks[-1].append(piece)
        return chunks

    def _pieces_at(self, width: int) -> list[tuple[QRectF, str, Factor | None]]:
        if width == self._layout_width and self._rects:
            return self._rects
        height = QFontMetricsF(self._font).height() + 2 * PAD
        x, y, rects = 0.0, 1.0, []
        for chunk in self._chunks():
            size = sum(w for _, _, w in chunk)
            if x > INDENT and x + size > width - 2:
                x, y = INDENT, y + height + 2
            for text, factor, w in chunk:
                rects.append((QRectF(x, y, w, height), text, factor))
                x += w
        self._layout_width, self._rects = width, rects
        return rects

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rects = self._pieces_at(width)
        return int(max(rect.bottom() for rect, _, _ in rects)) + 3

    def sizeHint(self) -> QSize:
        width = int(sum(w for _, _, w in self._widths())) + 4
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        widest = max(sum(w for _, _, w in chunk) for chunk in self._chunks())
        width = int(widest + INDENT) + 4
        return QSize(width, self.heightForWidth(width))

    # ----- painting ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._font)
        metrics = QFontMetricsF(self._font)
        bold = QFont(self._font)
        bold.setBold(True)
        for rect, text, factor in self._pieces_at(self.width()):
            baseline = rect.top() + PAD + metrics.ascent()
            if factor is None:
                painter.setPen(QColor("#202020"))
                painter.drawText(QPointF(rect.left(), baseline), text)
                continue
            style = ROLE_COLOURS[factor.role]
            box = rect.adjusted(0.5, 0.5, -0.5, -0.5)
            fill = HOVER if self._is_marked(factor) else style.fill
            if fill is not None:
                painter.setPen(QPen(QColor(style.border or fill), 1.0))
                painter.setBrush(QColor(fill))
                painter.drawRoundedRect(box, 3, 3)
            painter.setFont(bold if factor is self._line.result else self._font)
            painter.setPen(QColor(style.text))
            painter.drawText(QPointF(rect.left() + PAD, baseline), text)
            painter.setFont(self._font)
            if style.fill is None:
                pen = QPen(QColor(style.border or style.text), 1.4)
                if style.dashed:
                    pen.setDashPattern([3.0, 2.0])
                painter.setPen(pen)
                underline = baseline + 2.5
                painter.drawLine(
                    QPointF(rect.left() + PAD, underline), QPointF(rect.right() - PAD, underline)
                )
        painter.end()

    # ----- hovering ----------------------------------------------------------------------

    def factor_at(self, point: QPointF) -> Factor | None:
        for rect, _, factor in self._pieces_at(self.width()):
            if factor is not None and rect.contains(point):
                return factor
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._hover(self.factor_at(event.position()))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover(None)
        super().leaveEvent(event)

    def _hover(self, factor: Factor | None) -> None:
        if factor is not self._under:
            self._under = factor
            self.hovered.emit(factor)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            factor = self.factor_at(QPointF(event.pos()))
            if factor is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), _tooltip(factor), self)
            return True
        return super().event(event)


def _tooltip(factor: Factor) -> str:
    where = f"{factor.term}[…, {factor.column}]" if factor.column is not None else factor.term
    lines = [f"{factor.symbol} = {format_value(factor.value)}   (exactly {_decimals(factor.value)})"]
    if factor.meaning:
        lines.append(factor.meaning)
    lines.append(f"in the step-through's {where}")
    return "\n".join(lines)
