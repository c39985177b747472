"""The View and Compare groups: how the plots draw, and the two side-by-side tools.

Neither changes the configuration: view options only change what is drawn,
and the tools open their own runs, so both groups only emit requests.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from .controls_common import Blocked, name


class ViewGroup(QGroupBox):
    show_test_toggled = Signal(bool)
    discretize_toggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__("View")
        self.show_test = QCheckBox("Show test data")
        name(
            self.show_test,
            "showTestDataCheck",
            "Show test data",
            "Draw the held-out test points (hollow diamonds) on the boundary view (on by default)",
        )
        self.show_test.setChecked(True)
        self.show_test.toggled.connect(self.show_test_toggled)
        self.discretize = QCheckBox("Discretize output")
        name(
            self.discretize,
            "discretizeOutputCheck",
            "Discretize output",
            "Colour the boundary view by the predicted class only (output above or below ½) instead "
            "of the output's shade (off by default)",
        )
        self.discretize.toggled.connect(self.discretize_toggled)
        layout = QHBoxLayout(self)
        layout.addWidget(self.show_test)
        layout.addWidget(self.discretize)
        layout.addStretch(1)

    def set_view_options(self, show_test: bool, discretize: bool) -> None:
        with Blocked(self.show_test, self.discretize):
            self.show_test.setChecked(show_test)
            self.discretize.setChecked(discretize)


class CompareGroup(QGroupBox):
    cross_check_requested = Signal()
    compare_requested = Signal()

    def __init__(self) -> None:
        super().__init__("Compare")
        self.compare_button = QPushButton("Compare two networks…")
        name(
            self.compare_button,
            "compareButton",
            "Compare two networks",
            "Run two networks side by side on the same data and seed, in lockstep — by default the "
            "article's perceptron beside its hidden-layer network, with both loss curves overlaid",
        )
        self.compare_button.clicked.connect(self.compare_requested)
        self.cross_check_button = QPushButton("Cross-check with scikit-learn")
        name(
            self.cross_check_button,
            "crossCheckButton",
            "Cross-check with scikit-learn",
            "Train scikit-learn's MLPClassifier with the closest settings (same data, layers, batch "
            "size, learning rate, L2) and overlay its loss curve and decision boundary",
        )
        self.cross_check_button.clicked.connect(self.cross_check_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.compare_button)
        layout.addWidget(self.cross_check_button)
