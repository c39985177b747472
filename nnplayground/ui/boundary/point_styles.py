"""How the boundary view draws data points: by class (Okabe & Ito's six hues), or by target value.

Brushes and pens are built once — per class, or per step of the target
colour scale — and shared by every point that needs them: building a QBrush
per point per data change is what makes a scatter plot of thousands of
points slow. ``VALUE_STEPS`` steps are finer than the eye tells apart on a
dot.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from nnplayground.core.classes import label_indices
from nnplayground.notation import colours
from nnplayground.notation.value_scale import ValueScale

VALUE_STEPS = 33
POINT_SIZE = 11
TEST_POINT_SIZE = 12
TRAIN_SYMBOL = "o"
TEST_SYMBOL = "d"


def _train_style(colour: QColor | str) -> dict[str, object]:
    return {"brush": pg.mkBrush(colour), "pen": pg.mkPen(colours.CLASS_OUTLINE, width=1)}


def _test_style(colour: QColor | str) -> dict[str, object]:
    """Hollow (a faint white fill) with a thick class-coloured outline: unmistakable beside filled dots."""
    return {"brush": pg.mkBrush(255, 255, 255, 150), "pen": pg.mkPen(colour, width=2.5)}


def _test_value_style(colour: QColor) -> dict[str, object]:
    """Filled, like a training point: a hollow outline in a middle value's near-white would vanish."""
    return {"brush": pg.mkBrush(colour), "pen": pg.mkPen(colours.CLASS_OUTLINE, width=1.5)}


class PointStyles:
    def __init__(self) -> None:
        self._by_class = {
            False: [_train_style(colour) for colour in colours.CLASS_PALETTE],
            True: [_test_style(colour) for colour in colours.CLASS_PALETTE],
        }
        steps = [QColor(*(int(c) for c in rgb)) for rgb in colours.target_lut(VALUE_STEPS)]
        self._by_value = {
            False: [_train_style(colour) for colour in steps],
            True: [_test_value_style(colour) for colour in steps],
        }

    def brushes_and_pens(
        self, targets: np.ndarray, *, test: bool, scale: ValueScale | None
    ) -> tuple[list[object], list[object]]:
        """One brush and pen per point: by class (``scale`` None) or by the target's place on ``scale``."""
        if scale is None:
            styles = self._by_class[test]
            index = np.clip(label_indices(targets), 0, len(styles) - 1)
        else:
            styles = self._by_value[test]
            index = np.rint(scale.position(targets[:, 0]) * (VALUE_STEPS - 1)).astype(int)
        return [styles[i]["brush"] for i in index], [styles[i]["pen"] for i in index]

    def legend_sample(self, *, test: bool, regression: bool, end: int) -> pg.ScatterPlotItem:
        """A one-symbol legend item: class ``end`` (0…5), or the scale's low (0) or high (1) end."""
        style = (self._by_value[test][-1 if end else 0]) if regression else self._by_class[test][end]
        size, symbol = (TEST_POINT_SIZE, TEST_SYMBOL) if test else (POINT_SIZE, TRAIN_SYMBOL)
        return pg.ScatterPlotItem(size=size, symbol=symbol, **style)
