"""A row of widgets that wraps onto more lines instead of asking for more width (Qt's FlowLayout example).

The step-through's phase buttons need it: six of them fill one line of the panel at
1280×800, while at 1024×700 (or for a deep network's sixteen phases) a single row
would be cut off or hidden behind a scroll bar. Lines are balanced — six buttons
that need two lines go three and three, not five and one.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

# The narrowest line tried when balancing is found by steps of this many pixels.
BALANCE_STEP = 4


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """One line of everything: what the row would like."""
        visible = self._visible()
        margins = self.contentsMargins()
        width = sum(item.sizeHint().width() for item in visible) + self._gap * max(len(visible) - 1, 0)
        height = max((item.sizeHint().height() for item in visible), default=0)
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """The widest single item: anything wider wraps."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = []
        used = 0
        for item in self._visible():
            hint = item.sizeHint().width()
            if lines and used + self._gap + hint <= width:
                lines[-1].append(item)
                used += self._gap + hint
            else:
                lines.append([item])
                used = hint
        return lines

    def _balanced_lines(self, width: int) -> list[list[QLayoutItem]]:
        """The fewest lines that fit ``width``, each as short as that many lines allow."""
        lines = self._lines(width)
        if len(lines) < 2:
            return lines
        narrowest = max(item.sizeHint().width() for item in self._visible())
        for trial in range(narrowest, width, BALANCE_STEP):
            candidate = self._lines(trial)
            if len(candidate) == len(lines):
                return candidate
        return lines

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = area.y()
        lines = self._balanced_lines(area.width())
        for number, line in enumerate(lines):
            height = max(item.sizeHint().height() for item in line)
            x = area.x()
            for item in line:
                hint = item.sizeHint()
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), QSize(min(hint.width(), area.width()), height)))
                x += hint.width() + self._gap
            y += height + (self._gap if number < len(lines) - 1 else 0)
        return y - rect.y() + margins.bottom()
