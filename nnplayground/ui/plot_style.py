"""Axis and legend styling shared by the plots: dark text, projector-sized fonts."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsItem

TEXT = "#202020"
AXIS_LINE = "#606060"
TICK_POINT_SIZE = 11
LABEL_SIZE = "12pt"
LEGEND_SIZE = "11pt"


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
    return plot.addLegend(
        offset=offset,
        labelTextSize=LEGEND_SIZE,
        labelTextColor=TEXT,
        brush=(255, 255, 255, 215),
        pen=(190, 190, 190),
    )
