"""Axis, legend and header styling shared by the plots: dark text, projector-sized fonts.

Two habits keep a plot from disturbing the window around it. Its legend sits
in a band above the plot area (``OutsideLegend``), so it never hides a
curve however many entries it has. Its header texts are ``ElidedLabel``s,
whose size hints do not depend on their text: a long title or hover
read-out is shortened with "…" instead of widening the panel and the window.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QGraphicsItem, QLabel, QSizePolicy, QWidget

TEXT = "#202020"
AXIS_LINE = "#606060"
TICK_POINT_SIZE = 11
LABEL_SIZE = "12pt"
LEGEND_SIZE = "11pt"
OUTSIDE_LEGEND_SIZE = "10pt"
LEGEND_SPACING = 6
LEGEND_ENTRY_EXTRA = 44  # pyqtgraph's ItemSample (20 px) and the gaps around an entry
LEGEND_SAMPLE_HEIGHT = 20


def style_axes(plot: pg.PlotItem, bottom: str, left: str) -> None:
    """Axes are cached as pixmaps: they touch the plot area, so Qt repaints them with every plot
    update, and replaying their text costs more than the heatmap itself (measured)."""
    style_axis(plot, "bottom", bottom)
    style_axis(plot, "left", left)


def style_axis(plot: pg.PlotItem, name: str, text: str) -> None:
    font = QFont()
    font.setPointSize(TICK_POINT_SIZE)
    axis = plot.getAxis(name)
    axis.setTextPen(TEXT)
    axis.setPen(AXIS_LINE)
    axis.setStyle(tickFont=font)
    axis.enableAutoSIPrefix(False)
    axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    plot.setLabel(name, text, color=TEXT, **{"font-size": LABEL_SIZE})


def add_legend(plot: pg.PlotItem, offset: tuple[int, int]) -> pg.LegendItem:
    """A legend floating over the plot area, for plots with a free corner (the decision boundary's)."""
    return plot.addLegend(
        offset=offset,
        labelTextSize=LEGEND_SIZE,
        labelTextColor=TEXT,
        brush=(255, 255, 255, 215),
        pen=(190, 190, 190),
    )


class OutsideLegend:
    """A legend in a band above the plot area, in the order it is given, in as many columns as fit.

    The band is the plot's (otherwise empty) title row, made as tall as the
    legend, so the view box below shrinks instead of being covered.
    """

    def __init__(self, plot: pg.PlotItem) -> None:
        self._plot = plot
        self.item = pg.LegendItem(
            labelTextSize=OUTSIDE_LEGEND_SIZE,
            labelTextColor=TEXT,
            brush=None,
            pen=None,
            horSpacing=LEGEND_SPACING,
        )
        self.item.setParentItem(plot)
        self.item.anchor(itemPos=(0.5, 0), parentPos=(0.5, 0), offset=(0, 2))
        self._entries: list[tuple[pg.PlotDataItem, str]] = []
        plot.getViewBox().sigResized.connect(self.fit)

    @property
    def texts(self) -> list[str]:
        return [label.text for _, label in self.item.items]

    def set_entries(self, entries: Sequence[tuple[pg.PlotDataItem, str]]) -> None:
        """Show exactly ``entries`` (curve, name), first to last; nothing changes if they already are."""
        entries = list(entries)
        if [(id(item), name) for item, name in entries] == [(id(i), n) for i, n in self._entries]:
            return
        self._entries = entries
        self.item.clear()
        for item, name in entries:
            self.item.addItem(item, name)
            label = self.item.items[-1][1]
            label.setMaximumWidth(label.minimumWidth())  # else the legend's grid stretches it, and itself
        self.fit()

    def fit(self) -> None:
        """Pick the column count whose rows fit the plot's width; give the band the legend's height."""
        labels = [label for _, label in self.item.items]
        widths = [LEGEND_ENTRY_EXTRA + label.minimumWidth() for label in labels]
        room = max(self._plot.geometry().width() - 16, 1.0)
        columns = max(1, len(widths))
        while columns > 1 and _grid_width(widths, columns) > room:
            columns -= 1
        if columns != self.item.columnCount:
            self.item.setColumnCount(columns)
        self.item.updateSize()
        rows = math.ceil(len(labels) / columns) if labels else 0
        row_height = max([LEGEND_SAMPLE_HEIGHT] + [label.minimumHeight() for label in labels])
        self._plot.layout.setRowFixedHeight(0, max(self.item.height(), rows * row_height) + 4 if rows else 0)


def _grid_width(widths: list[float], columns: int) -> float:
    """The width of ``widths`` laid out row by row in ``columns`` aligned columns."""
    return sum(max(widths[column::columns]) for column in range(columns))


class ElidedLabel(QLabel):
    """One line of text, shortened with "…" to the width the layout gives it.

    Its minimum size is a fixed number of average characters, whatever the
    text says, so no text can widen the window. Its preferred width is fixed
    too (a read-out that changes with every mouse move then never moves the
    layout), or with ``preferred_chars=None`` the whole text's (a title, which
    changes rarely and should show whole where there is room). When the text
    is cut, the tooltip carries all of it.
    """

    def __init__(
        self,
        text: str = "",
        *,
        minimum_chars: int = 6,
        preferred_chars: int | None = 30,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._full = text
        self._tip = ""
        self._minimum_chars, self._preferred_chars = minimum_chars, preferred_chars
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        if text != self._full:
            self._full = text
            self._elide()
            if self._preferred_chars is None:
                self.updateGeometry()

    def set_tip(self, tip: str) -> None:
        """The tooltip to show (after the whole text, when the text is cut)."""
        self._tip = tip
        self._elide()

    def _hint(self, chars: int) -> QSize:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        return QSize(
            metrics.averageCharWidth() * chars + margins.left() + margins.right(),
            metrics.height() + margins.top() + margins.bottom(),
        )

    def minimumSizeHint(self) -> QSize:
        return self._hint(self._minimum_chars)

    def sizeHint(self) -> QSize:
        if self._preferred_chars is not None:
            return self._hint(self._preferred_chars)
        margins = self.contentsMargins()
        whole = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right() + 2
        return QSize(max(whole, self.minimumSizeHint().width()), self.minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )
        if shown != self.text():
            self.setText(shown)
        tip = (
            self._tip
            if shown == self._full
            else "\n\n".join(part for part in (self._full, self._tip) if part)
        )
        if tip != self.toolTip():
            self.setToolTip(tip)
