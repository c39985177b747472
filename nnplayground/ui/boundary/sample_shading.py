"""Training points shaded by one value each — a sample's signed share of a gradient.

The share is drawn as a halo behind each point, not as the point's own
colour, so the class (the dot's fill) stays as readable as without shading.
The halo's area grows with the share's size (its diameter with the square
root, so twice the share looks twice as big), and its sign is told twice
over, for colour-blind eyes and greyscale prints: a filled bluish-green disc
for a positive share, a thick reddish-purple ring for a negative one
(Okabe & Ito's pair, apart from the classes' blue and orange).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg

from nnplayground.ui.boundary.point_styles import POINT_SIZE

POSITIVE_SHARE = "#009E73"
NEGATIVE_SHARE = "#CC79A7"
# The halo of the largest share, across; a share of zero draws none.
LARGEST_HALO = 30.0
SMALLEST_HALO = POINT_SIZE + 5.0


@dataclass(frozen=True)
class Shading:
    """What is drawn: the shaded rows of the training matrix, their values and halo diameters."""

    rows: np.ndarray
    values: np.ndarray
    sizes: np.ndarray


def halo_sizes(values: np.ndarray) -> np.ndarray:
    """Diameters in pixels: none for a zero share, else growing with the root of its part of the largest."""
    magnitude = np.abs(np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0))
    largest = float(magnitude.max(initial=0.0))
    if largest == 0.0:
        return np.zeros(len(values))
    relative = np.sqrt(magnitude / largest)
    return np.where(magnitude > 0, SMALLEST_HALO + (LARGEST_HALO - SMALLEST_HALO) * relative, 0.0)


class SampleShading:
    """The halo item on one plot and the shading it shows (None while the points are plain)."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.item = pg.ScatterPlotItem(symbol="o", pxMode=True)
        self.item.setZValue(9)  # behind the points (10), over the heatmap and the lines
        plot.addItem(self.item)
        self._styles = {
            True: (pg.mkBrush(POSITIVE_SHARE + "b0"), pg.mkPen(POSITIVE_SHARE, width=1)),
            False: (pg.mkBrush(255, 255, 255, 0), pg.mkPen(NEGATIVE_SHARE, width=3.5)),
        }
        self.legend_samples = {
            sign: pg.ScatterPlotItem(size=14, symbol="o", brush=brush, pen=pen)
            for sign, (brush, pen) in self._styles.items()
        }
        self.shading: Shading | None = None

    def show(self, points: np.ndarray, rows: np.ndarray, values: np.ndarray | None) -> None:
        """Halo training points ``points[rows]`` by ``values[rows]``; None clears every halo."""
        if values is None:
            self.shading = None
            self.item.setData([], [])
            return
        shown = values[rows]
        sizes = halo_sizes(shown)
        visible = sizes > 0
        positive = shown[visible] > 0
        brushes = [self._styles[bool(sign)][0] for sign in positive]
        pens = [self._styles[bool(sign)][1] for sign in positive]
        xy = points[rows][visible]
        self.item.setData(xy[:, 0], xy[:, 1], size=sizes[visible], brush=brushes, pen=pens)
        self.shading = Shading(rows, shown, sizes)
