"""The boundary before the last update: a dashed line beside the new one, traced from the old weights.

It is traced anew from the previous snapshot's own network over the grid
the view shows now (so it follows a pan or a zoom), on the output neuron's
input as the current line is (``core.plane.output_grid``; a softmax
network's lines between classes on its ``zo``, ``class_plane``): where the two
lines part is exactly where one update moved the decision. It is drawn only
while a step has just been taken, which is while training is paused, so the
extra forward pass costs nothing a playing run would notice.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from nnplayground.core.plane import output_grid
from nnplayground.core.trainer import Snapshot
from nnplayground.notation import colours, formatting
from nnplayground.notation.contour import farthest_from, iso_segments, polylines
from nnplayground.ui.boundary.class_plane import class_boundaries, class_plane

LABEL = "before the update"
TIP = (
    "\nDashed grey line: the boundary (0.5 line, or lines between classes) before the update, traced "
    "from the previous weights; "
    "the solid line is after it."
)


def legend_label(moved: float, pixels: float) -> str:
    """The legend's name for the line, with how far it moved at most (``pixels`` per plane unit; the
    legend reads HTML, so no "<").

    One update usually moves the boundary by less than a pixel: a learner
    who sees one line where two were promised reads here why.
    """
    if math.isnan(moved):  # one of the lines is off the plot
        return LABEL
    if moved * pixels < 1:
        return f"{LABEL} · moved under 1 px"
    return f"{LABEL} · moved ≤ {formatting.plane_value(moved)}"


def before_contour(before: Snapshot, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The boundary of ``before``'s weights over the grid ``xs × ys``, as joined lines (NaN between):
    its 0.5 line, or a softmax network's lines between its classes."""
    if before.network.softmax_output:
        plane = class_plane(before.network, before.config.input_features, xs, ys)
        return polylines(class_boundaries(plane.zo, xs, ys))
    _, z, z_level = output_grid(before.network, before.config.input_features, xs, ys)
    return polylines(iso_segments(z, xs, ys, z_level))


class BeforeLine:
    """The dashed line item, and the (snapshot, grid) it was last traced for."""

    def __init__(self, plot: pg.PlotItem) -> None:
        pen = pg.mkPen(colours.BOUNDARY_LINE, width=2, style=Qt.PenStyle.DashLine)
        pen.setColor(pg.mkColor(colours.BOUNDARY_LINE).lighter(250))
        self.item = pg.PlotCurveItem(pen=pen, connect="finite")
        # Over the current boundary: where one update barely moved the line (most updates), its
        # dashes still show on the solid line instead of vanishing under it.
        self.item.setZValue(5.5)
        self.item.hide()
        plot.addItem(self.item)
        self._key: tuple | None = None
        self.moved = float("nan")

    def draw(self, before: Snapshot | None, xs: np.ndarray, ys: np.ndarray, current: np.ndarray) -> bool:
        """Trace ``before``'s boundary over this grid (unless already traced), or hide the line (None);
        ``current`` is the boundary now drawn (its segments), to measure how far the line moved.
        True when the line was traced anew."""
        if before is None:
            if self.item.isVisible():
                self.item.setData([], [])
                self.item.hide()
            self._key = None
            self.moved = float("nan")
            return False
        key = (before, id(current), xs[0], xs[-1], len(xs), ys[0], ys[-1], len(ys))
        traced = key != self._key
        if traced:
            lines = before_contour(before, xs, ys)
            self.item.setData(lines[:, 0], lines[:, 1], connect="finite")
            self.moved = farthest_from(lines, current)
            self._key = key
        self.item.show()
        return traced
