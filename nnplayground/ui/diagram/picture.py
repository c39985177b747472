"""What one paint of the network diagram reads: its fonts, layout, weights, phase and node images.

The painting modules (``edges``, ``nodes``, ``labels``) are functions of a
``Picture``, so each draws from the same snapshot of the widget's state and
none of them reaches back into the widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage

from nnplayground.notation.diagram_layout import DiagramLayout
from nnplayground.notation.diagram_state import DiagramState
from nnplayground.notation.label_placement import TAB_OVERLAP
from nnplayground.notation.phase_terms import DiagramHighlight

if TYPE_CHECKING:
    from nnplayground.core.diagnostics import Diagnosis
    from nnplayground.ui.diagram.weight_change import WeightChange

TEXT = QColor("#202020")
# Names inside nodes shrink to fit down to this size and no further (then they go outside).
MIN_NAME_POINTS = 8.0


class DiagramFonts:
    """The diagram's fonts, all sized from the widget's own: values, names, titles, tabs, legend."""

    def __init__(self, base: QFont) -> None:
        self.font = QFont(base)
        self.font.setPointSizeF(10.5)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.title = QFont(self.font)
        self.title.setPointSizeF(11.5)
        self.tab = QFont(self.bold)
        self.tab.setPointSizeF(8.5)
        self.legend = QFont(self.font)
        self.legend.setPointSizeF(9.0)
        # Weight names where even the bold names do not fit: smaller, still readable (as the legend).
        self.compact = QFont(self.bold)
        self.compact.setPointSizeF(9.0)

    def name_band(self) -> float:
        """The room a name hanging under its node needs below it, before the next node."""
        return QFontMetricsF(self.tab).height() * (1 - TAB_OVERLAP) + 2

    def node_font(self, names: list[list[str]], radius: float) -> QFont:
        """The bold node font, shrunk (not below ``MIN_NAME_POINTS``) until the widest name fits."""
        font = QFont(self.bold)
        widest = max((name for layer in names for name in layer), key=len)
        while (
            font.pointSizeF() > MIN_NAME_POINTS
            and QFontMetricsF(font).horizontalAdvance(widest) > 2 * radius - 4
        ):
            font.setPointSizeF(font.pointSizeF() - 0.5)
        return font


@dataclass(frozen=True)
class Picture:
    """One paint's inputs: ``squares`` when nodes are drawn as thumbnails, ``images`` once they exist.

    ``change`` is the last update's Δw (drawn on the edges), ``diagnosis`` the stuck neurons (marked).
    ``playing``: training plays, and the weight labels keep room for any value (``labels.label_room``).
    """

    state: DiagramState
    highlight: DiagramHighlight | None
    layout: DiagramLayout
    fonts: DiagramFonts
    squares: bool
    images: tuple[tuple[QImage, ...], ...] | None
    change: WeightChange | None = None
    diagnosis: Diagnosis | None = None
    playing: bool = False
