"""Accuracy on the loss plot: its own fixed 0–100 % axis at the right, in colours of its own.

The two share the epochs so they can be read against each other at the same
epoch — a loss still falling while accuracy stands still is a lesson of its
own. A second view box (not a second plot) keeps one x axis and one legend.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from nnplayground.ui.widgets import plot_style

# Okabe & Ito's bluish green and orange: apart from the losses' blue and vermilion and from the ghosts' grey.
TRAIN_ACCURACY = "#009E73"
TEST_ACCURACY = "#E69F00"


class AccuracyCurves:
    """The train and test accuracy curves in a view box behind the loss curves, hidden until shown."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self._plot = plot
        box = pg.ViewBox(enableMenu=False)
        box.setMouseEnabled(x=False, y=False)
        box.setZValue(-1)
        box.hide()  # until a classification run's history arrives
        plot.scene().addItem(box)
        box.setXLink(plot.getViewBox())
        box.setYRange(0, 100, padding=0.02)
        box.disableAutoRange()
        plot.getAxis("right").linkToView(box)
        plot_style.style_axis(plot, "right", "accuracy %")
        plot.getAxis("right").setGrid(False)
        plot.getViewBox().sigResized.connect(self._align)
        self.box = box
        self.train = pg.PlotDataItem(
            pen=pg.mkPen(TRAIN_ACCURACY, width=2, style=Qt.PenStyle.DotLine), antialias=True
        )
        self.test = pg.PlotDataItem(
            pen=pg.mkPen(TEST_ACCURACY, width=2, style=Qt.PenStyle.DotLine), antialias=True
        )
        for item in (self.train, self.test):
            item.setClipToView(True)
            box.addItem(item)

    def _align(self) -> None:
        self.box.setGeometry(self._plot.getViewBox().sceneBoundingRect())
        self.box.linkedViewChanged(self._plot.getViewBox(), self.box.XAxis)

    def set_data(self, epochs: np.ndarray, train: np.ndarray, test: np.ndarray) -> None:
        """Shares (0–1) per epoch; NaN where a run has no test points."""
        self.train.setData(epochs, train * 100, connect="finite")
        self.test.setData(epochs, test * 100, connect="finite")

    def set_shown(self, shown: bool) -> None:
        if shown != self.box.isVisible():
            self.box.setVisible(shown)
            self._plot.showAxis("right", shown)
