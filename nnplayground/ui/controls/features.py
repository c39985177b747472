"""The Input features group: which functions of (x1, x2) the network sees.

TensorFlow Playground's seven features, one checkbox each. The network needs
at least one input, so unchecking the last is refused with a message and the
box is put back, as any other refused change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.features import FEATURES
from nnplayground.ui.widgets.factories import Blocked, name

COLUMNS = 4
LAST_FEATURE_MESSAGE = "the network needs at least one input feature; tick another one before unticking this"
_OBJECT_NAMES = {
    "x1": "featureX1Check",
    "x2": "featureX2Check",
    "x1^2": "featureX1SquaredCheck",
    "x2^2": "featureX2SquaredCheck",
    "x1*x2": "featureX1TimesX2Check",
    "sin(x1)": "featureSinX1Check",
    "sin(x2)": "featureSinX2Check",
}


class FeatureGroup(QGroupBox):
    """Asks for changes through ``apply(input_features=…)``; refusals through ``refuse(text)``."""

    FIELDS = ("input_features",)

    def __init__(self, apply: Callable[..., None], refuse: Callable[[str], None]) -> None:
        super().__init__("Input features")
        self._apply = apply
        self._refuse = refuse
        self.checks: dict[str, QCheckBox] = {}
        layout = QGridLayout(self)
        layout.setHorizontalSpacing(6)
        for index, feature in enumerate(FEATURES.values()):
            check = QCheckBox(feature.label)
            name(
                check,
                _OBJECT_NAMES[feature.name],
                f"Input feature {feature.label}",
                f"Feed {feature.label} (computed as {feature.source}) into the network. "
                "At least one feature stays on (article: x₁ and x₂ only)",
            )
            check.toggled.connect(self._toggled)
            self.checks[feature.name] = check
            layout.addWidget(check, index // COLUMNS, index % COLUMNS)

    def show_config(self, config: ExperimentConfig) -> None:
        with Blocked(*self.checks.values()):
            for feature, check in self.checks.items():
                check.setChecked(feature in config.input_features)

    def _toggled(self, _on: bool) -> None:
        chosen = tuple(feature for feature, check in self.checks.items() if check.isChecked())
        if not chosen:
            self._refuse(LAST_FEATURE_MESSAGE)
            return
        self._apply(input_features=chosen)
