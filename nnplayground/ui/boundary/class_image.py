"""The K-class plane as an image: RGB cells drawn smoothed, as the two-class heatmap is.

The two-class heatmap (``widgets.heatmap``) maps one value through a lookup
table; K classes need a colour per cell (hue from the class, strength from
its probability), so this item takes the cells' colours themselves. It keeps
them (``pixels``) so what is drawn can be read back.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter


class ClassImageItem(pg.GraphicsObject):
    """``rgb[j, i]`` (uint8) goes to column ``i`` from the left, row ``j`` from ``rect``'s low-y edge."""

    def __init__(self) -> None:
        super().__init__()
        self.pixels = np.zeros((0, 0, 3), dtype=np.ubyte)
        self._words = np.zeros((1, 1), dtype=np.uint32)
        self._image: QImage | None = None
        self._rect = QRectF()

    def set_colours(self, rgb: np.ndarray, rect: QRectF) -> None:
        self.pixels = rgb
        channels = rgb.astype(np.uint32)
        self._words = np.ascontiguousarray(
            (0xFF << 24) | (channels[:, :, 0] << 16) | (channels[:, :, 1] << 8) | channels[:, :, 2]
        )
        rows, columns = self._words.shape
        self._image = QImage(
            self._words.data, columns, rows, columns * 4, QImage.Format.Format_ARGB32_Premultiplied
        )
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)
        self.update()

    @property
    def rect(self) -> QRectF:
        return QRectF(self._rect)

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def paint(self, painter: QPainter, *args: object) -> None:
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(self._rect, self._image)
