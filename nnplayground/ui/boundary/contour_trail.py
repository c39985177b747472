"""The last few boundaries as a fading trail, while a run plays slowly: how the line travels.

Each entry is a contour the view already traced for a frame it drew, kept
when the next frame replaced it, so the trail costs no forward pass of its
own — only ``TRAIL_LENGTH`` thin lines to stroke. The newest is the
darkest; each older one is fainter, and the oldest drops off.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import pyqtgraph as pg

from nnplayground.notation import colours

TRAIL_LENGTH = 8
NEWEST_OPACITY = 0.55
OLDEST_OPACITY = 0.1


class ContourTrail:
    """``TRAIL_LENGTH`` line items on one plot, newest first, and the contours they show."""

    def __init__(self, plot: pg.PlotItem, length: int = TRAIL_LENGTH) -> None:
        self._kept: deque[np.ndarray] = deque(maxlen=length)
        self.items = [
            pg.PlotCurveItem(pen=pg.mkPen(colours.BOUNDARY_LINE, width=1.5), connect="pairs")
            for _ in range(length)
        ]
        for age, item in enumerate(self.items):
            item.setZValue(4)  # under the current boundary (5)
            item.setOpacity(NEWEST_OPACITY + (OLDEST_OPACITY - NEWEST_OPACITY) * age / max(length - 1, 1))
            item.hide()
            plot.addItem(item)

    @property
    def contours(self) -> list[np.ndarray]:
        """The kept contours' segment end points (as ``iso_segments`` gives them), newest first."""
        return list(self._kept)

    def __len__(self) -> int:
        return len(self._kept)

    def push(self, segments: np.ndarray) -> None:
        """Keep a boundary the view has just replaced; the oldest beyond the trail's length drops off."""
        self._kept.appendleft(segments)
        self._draw()

    def clear(self) -> None:
        if self._kept:
            self._kept.clear()
            self._draw()

    def _draw(self) -> None:
        for index, item in enumerate(self.items):
            if index < len(self._kept):
                segments = self._kept[index]
                item.setData(segments[:, 0], segments[:, 1], connect="pairs")
                item.show()
            elif item.isVisible():
                item.setData([], [])
                item.hide()
