"""One bar per training sample: its share of the picked weight's batch gradient.

The article's ``dcost_wo = dzo_dwo.T · dcost_dzo`` adds up one product per
sample; this strip draws those products (``live.sample_shares``) in data
order or sorted, says what they add up to beside the gradient the diagram
and step-through show, rings the followed sample's bar, and follows the
sample whose bar is clicked. Bars go up for a positive share and down for a
negative one, so the sign does not rest on colour alone.

With more samples than the strip has room for (``MIN_BAR_PX`` pixels each),
neighbouring samples share a bar: the bar is their shares' sum (so the bars
still add up to the gradient), its tooltip says which samples it holds, and
a click follows the one among them with the largest share. Binning is one
``np.add.reduceat``, so a million samples stay responsive.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from nnplayground.live.sample_shares import SampleShares
from nnplayground.notation import colours
from nnplayground.notation.formatting import format_value
from nnplayground.ui.widgets.choice_label import ChoiceLabel

MIN_BAR_PX = 3
BARS_HEIGHT = 38


def bins(count: int, room: int) -> np.ndarray:
    """Where each bar's run of samples starts: one bar per sample, or runs of neighbours when crowded."""
    bars = max(1, min(count, room))
    return np.unique(np.linspace(0, count, bars, endpoint=False).astype(int))


class ShareBars(QWidget):
    """The bars themselves: painted, hovered and clicked."""

    sample_clicked = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("shareBars")
        self.setAccessibleName("Each sample's share of the gradient")
        self.setMouseTracking(True)
        self.setFixedHeight(BARS_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.shares: np.ndarray | None = None
        self.sorted = False
        self.followed: int | None = None
        self._order = np.empty(0, dtype=int)
        self._starts = np.empty(0, dtype=int)
        self._heights = np.empty(0)

    def set_shares(self, shares: np.ndarray | None) -> None:
        self.shares = shares
        self._arrange()

    def set_sorted(self, on: bool) -> None:
        self.sorted = on
        self._arrange()

    def set_followed(self, index: int | None) -> None:
        self.followed = index
        self.update()

    def resizeEvent(self, event) -> None:
        self._arrange()
        super().resizeEvent(event)

    def _arrange(self) -> None:
        shares = self.shares
        if shares is None or not len(shares):
            self._order, self._starts, self._heights = np.empty(0, int), np.empty(0, int), np.empty(0)
        else:
            self._order = np.argsort(shares, kind="stable") if self.sorted else np.arange(len(shares))
            self._starts = bins(len(shares), max(1, self.width() // MIN_BAR_PX))
            self._heights = np.add.reduceat(shares[self._order], self._starts)
        self.update()

    @property
    def bar_count(self) -> int:
        return len(self._starts)

    def samples_of(self, bar: int) -> np.ndarray:
        """The samples bar ``bar`` adds up, in data order."""
        end = self._starts[bar + 1] if bar + 1 < len(self._starts) else len(self._order)
        return np.sort(self._order[self._starts[bar] : end])

    def bar_of(self, sample: int) -> int | None:
        if not len(self._starts) or not 0 <= sample < len(self._order):
            return None
        position = int(np.flatnonzero(self._order == sample)[0])
        return int(np.searchsorted(self._starts, position, side="right") - 1)

    def bar_rect(self, bar: int) -> QRectF:
        """The bar's slot (full height): where a click selects it."""
        width = self.width() / max(1, len(self._starts))
        return QRectF(bar * width, 0, width, self.height())

    def bar_at(self, x: float) -> int | None:
        if not len(self._starts) or not 0 <= x < self.width():
            return None
        return min(int(x / (self.width() / len(self._starts))), len(self._starts) - 1)

    def sample_for(self, bar: int) -> int:
        """The sample a click on ``bar`` follows: its own, or the largest share among a crowded bar's."""
        samples = self.samples_of(bar)
        return int(samples[np.argmax(np.abs(self.shares[samples]))])

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        middle = self.height() / 2
        painter.setPen(QPen(QColor("#888888"), 1))
        painter.drawLine(QPointF(0, middle), QPointF(self.width(), middle))
        heights = self._heights
        if len(heights):
            finite = np.where(np.isfinite(heights), heights, 0.0)
            scale = (middle - 3) / max(float(np.max(np.abs(finite))), 1e-300)
            followed = None if self.followed is None else self.bar_of(self.followed)
            if followed is not None:
                painter.fillRect(self.bar_rect(followed), QColor(colours.SELECTED_ROW))
            painter.setPen(Qt.PenStyle.NoPen)
            for bar, height in enumerate(finite.tolist()):
                slot = self.bar_rect(bar)
                gap = 1.0 if slot.width() >= 3 else 0.0
                size = max(abs(height) * scale, 1.0 if height else 0.0)
                top = middle - size if height > 0 else middle
                colour = colours.POSITIVE_WEIGHT if height >= 0 else colours.NEGATIVE_WEIGHT
                painter.setBrush(QColor(colour))
                painter.drawRect(QRectF(slot.left() + gap / 2, top, slot.width() - gap, size))
            if followed is not None:
                painter.setPen(QPen(QColor(colours.SELECTED_SAMPLE), 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(self.bar_rect(followed).adjusted(0.75, 0.75, -0.75, -0.75))
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        bar = self.bar_at(event.position().x())
        self.setToolTip("" if bar is None else self.describe(bar))
        super().mouseMoveEvent(event)

    def describe(self, bar: int) -> str:
        samples = self.samples_of(bar)
        total = float(self._heights[bar])
        if len(samples) == 1:
            return f"sample {samples[0]}: share {format_value(total)} (click to follow it)"
        return (
            f"{len(samples)} samples ({samples[0]}…{samples[-1]}): their shares add up to "
            f"{format_value(total)} (click to follow the largest)"
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        bar = self.bar_at(event.position().x())
        if bar is not None and event.button() == Qt.MouseButton.LeftButton:
            self.sample_clicked.emit(self.sample_for(bar))
            event.accept()
            return
        super().mousePressEvent(event)


class ShareStrip(QWidget):
    """The picked weight's shares, what they add up to, a "sorted" box and a close button."""

    sample_clicked = Signal(int)
    closed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("shareStrip")
        self.setAccessibleName("Samples' shares of the picked weight's gradient")
        self.title = ChoiceLabel()
        self.title.setObjectName("shareStripTitle")
        self.title.setToolTip(
            "The batch gradient is a sum over the training samples: one bar per sample (up: positive "
            "share, down: negative), the followed sample's bar framed; click a bar to follow its sample"
        )
        self.sorted_check = QCheckBox("Sort")
        self.sorted_check.setObjectName("shareStripSorted")
        self.sorted_check.setToolTip(
            "Bars from the most negative share to the most positive, not in data order"
        )
        self.close_button = QToolButton()
        self.close_button.setObjectName("shareStripClose")
        self.close_button.setText("×")
        self.close_button.setAccessibleName("Close the share strip")
        self.close_button.setToolTip("Hide the samples' shares")
        self.bars = ShareBars()
        self.shares: SampleShares | None = None
        self._words = ("", "", "")

        header = QHBoxLayout()
        header.setContentsMargins(6, 0, 4, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.sorted_check)
        header.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(1)
        layout.addLayout(header)
        layout.addWidget(self.bars)

        self.sorted_check.toggled.connect(self.bars.set_sorted)
        self.bars.sample_clicked.connect(self.sample_clicked)
        self.close_button.clicked.connect(self._close)
        self.hide()

    def show_shares(self, shares: SampleShares | None, name: str, what: str, message: str = "") -> None:
        """``name``'s shares of ``what`` (``∂cost/∂w9``), or ``message`` saying why there are none now."""
        self.shares = shares
        self._words = (name, what, message)
        self.bars.set_shares(None if shares is None else shares.shares)
        self._retitle()
        self.show()

    @Slot(object)
    def set_followed(self, index: int | None) -> None:
        self.bars.set_followed(index)
        self._retitle()

    def _retitle(self) -> None:
        name, what, message = self._words
        shares = self.shares
        if shares is None:
            self.title.setText(f"{name}: {message}")
            return
        count = len(shares.shares)
        crowded = "" if self.bars.bar_count == count else f" (in {self.bars.bar_count} bars)"
        followed = self.bars.followed
        mine = (
            format_value(float(shares.shares[followed]))
            if followed is not None and 0 <= followed < count
            else None
        )
        total = format_value(shares.total)
        # The gradient is what the learner clicked for: each briefer wording drops words, never it.
        choices = [
            f"{what} = {total} = Σ {count} shares{crowded}"
            + (f" · sample {followed}: {mine}" if mine else ""),
            f"{what} = {total} = Σ {count}" + (f" · #{followed}: {mine}" if mine else ""),
            f"{what} = {total}" + (f" · #{followed}: {mine}" if mine else ""),
            f"{what} = {total}",
            f"∇{name} = {total}",
            total,
        ]
        self.title.set_choices(choices)
        self.title.setToolTip(
            f"The {count} training samples' shares of {what} add up to {format_value(shares.total)}; "
            f"the batch gradient is {format_value(shares.gradient)} (the ∇ on the edge). One bar per "
            "sample (up: positive share, down: negative), the followed sample's framed; click a bar to "
            "follow its sample"
        )

    @Slot()
    def _close(self) -> None:
        self.hide()
        self.closed.emit()

    def sizeHint(self) -> QSize:
        return QSize(200, BARS_HEIGHT + self.title.sizeHint().height() + 6)
