"""The View and Compare groups: how the plots draw, and the two side-by-side tools.

Neither changes the configuration: view options only change what is drawn,
and the tools open their own runs, so both groups only emit requests.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QVBoxLayout

from nnplayground.ui.widgets.factories import Blocked, button, check_box


class ViewGroup(QGroupBox):
    show_test_toggled = Signal(bool)
    discretize_toggled = Signal(bool)
    trail_toggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__("View")
        self.show_test = check_box(
            "Show test data",
            "showTestDataCheck",
            "Show test data",
            "Draw the held-out test points (hollow diamonds) on the boundary view (on by default)",
            self.show_test_toggled.emit,
        )
        self.show_test.setChecked(True)
        self.discretize = check_box(
            "Discretize output",
            "discretizeOutputCheck",
            "Discretize output",
            "Colour the boundary view by the predicted class only (output above or below ½) instead "
            "of the output's shade (off by default)",
            self.discretize_toggled.emit,
        )
        self.trail = check_box(
            "Boundary trail",
            "boundaryTrailCheck",
            "Boundary trail",
            "Keep the last 8 decision boundaries of a playing run as fading lines, to watch the line "
            "travel — best with a speed limit (off by default)",
            self.trail_toggled.emit,
        )
        layout = QGridLayout(self)
        layout.addWidget(self.show_test, 0, 0)
        layout.addWidget(self.discretize, 0, 1)
        layout.addWidget(self.trail, 1, 0)
        layout.setColumnStretch(2, 1)

    def set_view_options(self, show_test: bool, discretize: bool, trail: bool | None = None) -> None:
        with Blocked(self.show_test, self.discretize, self.trail):
            self.show_test.setChecked(show_test)
            self.discretize.setChecked(discretize)
            if trail is not None:
                self.trail.setChecked(trail)


class CompareGroup(QGroupBox):
    cross_check_requested = Signal()
    compare_requested = Signal()

    def __init__(self) -> None:
        super().__init__("Compare")
        self.compare_button = button(
            "Compare two networks…",
            "compareButton",
            "Compare two networks",
            "Run two networks side by side on the same data and seed, in lockstep — by default the "
            "article's perceptron beside its hidden-layer network, with both loss curves overlaid",
            self.compare_requested.emit,
        )
        self.cross_check_button = button(
            "Cross-check with scikit-learn",
            "crossCheckButton",
            "Cross-check with scikit-learn",
            "Train scikit-learn's MLPClassifier with the closest settings (same data, layers, batch "
            "size, learning rate, L2) and overlay its loss curve and decision boundary",
            self.cross_check_requested.emit,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.compare_button)
        layout.addWidget(self.cross_check_button)
