"""The K-class plane as an image: RGB cells drawn smoothed, as the two-class heatmap is.

The two-class heatmap (``widgets.heatmap``) maps one value through a lookup
table; K classes need a colour per cell (hue from the class, strength from
its probability), so this item takes the cells' colours themselves. It keeps
them (``pixels``) so what is drawn can be read back.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF

from nnplayground.ui.widgets.heatmap import ArgbImageItem, argb32_table


class ClassImageItem(ArgbImageItem):
    """``rgb[j, i]`` (uint8) goes to column ``i`` from the left, row ``j`` from ``rect``'s low-y edge."""

    def __init__(self) -> None:
        super().__init__()
        self.pixels = np.zeros((0, 0, 3), dtype=np.ubyte)

    def set_colours(self, rgb: np.ndarray, rect: QRectF) -> None:
        self.pixels = rgb
        self.show_words(argb32_table(rgb), rect)
