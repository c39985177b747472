"""Axis, legend and header styling shared by the plots: dark text, projector-sized fonts.

Two habits keep a plot from disturbing the window around it. Its legend sits
in a band above the plot area (``OutsideLegend``), so it never hides a
curve however many entries it has. Its header texts are ``HeaderLabel``s
(``fitted_label``), whose size hints do not depend on their text: a long title
or hover read-out is shortened with "…" instead of widening the window.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsItem

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

    @property
    def entries(self) -> list[tuple[pg.PlotDataItem, str]]:
        """The (curve, name) pairs shown, first to last."""
        return list(self._entries)

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
