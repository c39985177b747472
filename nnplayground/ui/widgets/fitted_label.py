"""A label that never widens or heightens its window: its text is cut to fit, the whole of it in the tooltip.

A plain ``QLabel`` asks its layout for the width of its text (or, word
wrapped, for as many lines as the text needs), so a long read-out, title or
prompt grows the panel — and with it the window's minimum size — or pushes
the widgets under it around as the text changes. This one has a fixed
number of lines and no width of its own; what does not fit ends in "…",
and ``text()`` still returns the whole text. ``HeaderLabel`` is the one-line
kind a plot's header uses: it asks for room for its text, or for a fixed
number of characters, but can shrink to a few.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

ELLIPSIS = "…"


class FittedLabel(QLabel):
    def __init__(self, text: str = "", lines: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines
        self._full = ""
        self._shorter: tuple[str, ...] = ()
        self._tip = ""
        self.setWordWrap(lines > 1)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full, self._shorter = text, ()
        self._fit()

    def set_texts(self, texts: list[str]) -> None:
        """``texts[0]``, or where it does not fit the first of the shorter ones after it that does
        (a read-out dropping its details before its figures are cut); the last is cut if need be."""
        self.setText(texts[0])
        self._shorter = tuple(texts[1:])
        self._fit()

    def text(self) -> str:
        """The whole text, however much of it is shown."""
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def setToolTip(self, tip: str) -> None:
        """What the label is; while its text is cut, the whole text is shown above it."""
        self._tip = tip
        self._fit()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        height = self._lines * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom() + 2
        return QSize(margins.left() + margins.right() + 20, height)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def heightForWidth(self, width: int) -> int:
        return self.sizeHint().height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        """A style sheet or font arriving after the text changes what fits, and the line height."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
            self._fit()

    def _fit(self) -> None:
        shown = self._shortened(self._full)
        for shorter in self._shorter if shown != self._full else ():
            shown = self._shortened(shorter)
            if shown == shorter:
                break
        if shown != super().text():
            super().setText(shown)
        tip = (
            self._tip
            if shown == self._full
            else (f"{self._full}\n\n{self._tip}" if self._tip else self._full)
        )
        if tip != super().toolTip():
            super().setToolTip(tip)

    def _fits(self, text: str, width: int) -> bool:
        metrics = self.fontMetrics()
        if self._lines == 1:
            return metrics.horizontalAdvance(text) <= width
        box = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return box.width() <= width and box.height() <= self._lines * metrics.lineSpacing()

    def _shortened(self, text: str) -> str:
        """The longest start of ``text`` (cut at a space where it can be) that fits, ending in "…"."""
        # QLabel lays wrapped text out a little narrower than the font metrics say (its indent, its text
        # document): keep a character's slack, or the last line would spill out of the label.
        width = self.contentsRect().width() - self.fontMetrics().averageCharWidth() - 2
        if width <= 0 or self._fits(text, width):
            return text
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if self._fits(text[:middle].rstrip() + ELLIPSIS, width):
                low = middle
            else:
                high = middle - 1
        head = text[:low]
        space = head.rfind(" ")
        if space > low * 0.7:
            head = head[:space]
        return head.rstrip() + ELLIPSIS


class HeaderLabel(FittedLabel):
    """One line that asks for ``preferred_chars`` characters (None: its whole text) and shrinks to
    ``minimum_chars``: a title shows whole where there is room, a read-out that changes with every
    mouse move asks for a fixed width and so never moves the layout."""

    def __init__(self, text: str = "", *, minimum_chars: int = 6, preferred_chars: int | None = 30) -> None:
        self._minimum_chars, self._preferred_chars = minimum_chars, preferred_chars
        super().__init__(text)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:
        super().setText(text)
        if self._preferred_chars is None:
            self.updateGeometry()

    def _characters(self, count: int) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().averageCharWidth() * count + margins.left() + margins.right()
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return self._characters(self._minimum_chars)

    def sizeHint(self) -> QSize:
        if self._preferred_chars is not None:
            return self._characters(self._preferred_chars)
        margins = self.contentsMargins()
        slack = self.fontMetrics().averageCharWidth() + 4  # what ``_shortened`` keeps free
        whole = self.fontMetrics().horizontalAdvance(self.text()) + margins.left() + margins.right() + slack
        return QSize(max(whole, self.minimumSizeHint().width()), self.minimumSizeHint().height())
