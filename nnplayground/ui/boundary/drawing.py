"""The boundary view's tool row for drawing your own points, ConvNetJS-style.

Only the choice lives here (draw or not, which of the K classes — each
shown in its points' colour — or target value); the
view turns clicks into ``point_added``/``point_removed`` and the worker
changes the data, so the next snapshot is the only thing that ever shows a
drawn point — the picture cannot drift from what is trained.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QToolButton,
    QWidget,
)

from nnplayground.notation import colours
from nnplayground.notation.formatting import scale_end
from nnplayground.notation.value_scale import CLASS_SCALE, ValueScale
from nnplayground.ui.widgets.factories import name
from nnplayground.ui.widgets.focus_first import FocusFirstComboBox
from nnplayground.ui.widgets.spinboxes import DecimalSpinBox

SHORTCUT = "D"
HINT = "Left click adds · right click removes nearest"


def class_choices(classes: int) -> tuple[tuple[str, float], ...]:
    """The picker's entries for ``classes`` classes: "class 2 (green)", in the points' own colours."""
    return tuple((f"class {k} ({colours.CLASS_NAMES[k]})", float(k)) for k in range(classes))


CLASS_CHOICES = class_choices(2)
SWATCH_SIZE = 10


def _swatch(colour: str) -> QIcon:
    """A small square of the class's colour: the picker reads like the legend's dots."""
    pixmap = QPixmap(SWATCH_SIZE, SWATCH_SIZE)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class PointDrawingTools(QWidget):
    """A "Draw points" toggle (D) and the class (or, for regression, target value) to draw."""

    toggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        name(self, "pointDrawingTools", "Point drawing tools", "Draw your own training points")
        self.button = QToolButton()
        self.button.setText("Draw points")
        self.button.setCheckable(True)
        self.button.setStyleSheet(f"QToolButton:checked {{ background: {colours.SELECTED_ROW}; }}")
        name(
            self.button,
            "drawPointsButton",
            "Draw points",
            f"Draw your own points ({SHORTCUT}): left click adds a training point, right click removes "
            "the nearest one. The plot keeps its zoom while you draw.",
        )
        self.button.toggled.connect(self._toggled)

        self.class_choice = FocusFirstComboBox()
        self.set_classes(2)
        self.class_choice.setCurrentIndex(1)
        name(self.class_choice, "drawClassCombo", "Class to draw", "The class a left click adds")

        self.value_choice = DecimalSpinBox("Target value to draw", 2)
        self.value_choice.setPrefix("target ")
        self.value_choice.setSingleStep(0.1)
        name(
            self.value_choice,
            "drawValueSpin",
            "Target value to draw",
            "The target value a left click adds (within the data's target range)",
        )
        self.value_choice.hide()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.class_choice)
        layout.addWidget(self.value_choice)
        self._regression: bool | None = None
        self.set_problem(regression=False, scale=CLASS_SCALE)

    def is_drawing(self) -> bool:
        return self.button.isChecked()

    def set_classes(self, classes: int) -> None:
        """Offer classes 0…``classes`` − 1, keeping the chosen class while it is still one of them."""
        if self.class_choice.count() == classes:
            return
        chosen = max(0, self.class_choice.currentIndex())
        self.class_choice.clear()
        for k, (text, label) in enumerate(class_choices(classes)):
            self.class_choice.addItem(_swatch(colours.CLASS_PALETTE[k]), text, label)
        self.class_choice.setCurrentIndex(min(chosen, classes - 1))

    def label(self) -> float:
        """The class (0…K − 1) or target value a left click adds."""
        if self._regression:
            return self.value_choice.value()
        return float(self.class_choice.currentData())

    def set_problem(self, *, regression: bool, scale: ValueScale) -> None:
        """Offer classes for classification, a target value within the data's range for regression."""
        if regression:
            self.value_choice.setRange(scale.low, scale.high)
            self.value_choice.setToolTip(
                f"The target value a left click adds: {scale_end(scale.low)} (blue) to "
                f"{scale_end(scale.high)} (orange), the data's target range"
            )
            if regression != self._regression:
                self.value_choice.setValue(scale.high)
        self._regression = regression
        self.class_choice.setVisible(not regression)
        self.value_choice.setVisible(regression)

    @Slot(bool)
    def _toggled(self, on: bool) -> None:
        self.toggled.emit(on)
