"""A rate box that spans many orders of magnitude, steps 1-2-5 and says why it refused a value.

A plain ``QDoubleSpinBox`` shows fixed decimals ("0.500000") and steps
linearly, useless across twelve orders of magnitude; and it silently puts
back the previous value when given one out of range. People crank the rate
to see divergence, so a refusal must say what *is* allowed. Regularisation
rates also need 0 ("off"), one step below the smallest positive value.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QWidget

_MANTISSAS = (1.0, 2.0, 5.0)


def nice_step(value: float, up: bool) -> float:
    """The next number of the 1-2-5 series above (or below) ``value``: 0.5 → 1 → 2 → 5 → 10."""
    exponent = math.floor(math.log10(value))
    candidates = [m * 10.0**e for e in range(exponent - 1, exponent + 2) for m in _MANTISSAS]
    if up:
        return min(c for c in candidates if c > value * (1 + 1e-9))
    return max(c for c in candidates if c < value * (1 - 1e-9))


class LogSpinBox(QDoubleSpinBox):
    """Emits ``refused`` with the allowed range when a typed value cannot be accepted."""

    refused = Signal(str)

    def __init__(
        self,
        minimum: float,
        maximum: float,
        what: str,
        parent: QWidget | None = None,
        *,
        zero_allowed: bool = False,
    ) -> None:
        """``minimum`` is the smallest positive value; ``zero_allowed`` adds 0 below it."""
        super().__init__(parent)
        self._what = what
        self._floor = minimum
        self._zero_allowed = zero_allowed
        self.setDecimals(max(0, -math.floor(math.log10(minimum))))
        self.setRange(0.0 if zero_allowed else minimum, maximum)
        self.setKeyboardTracking(False)

    def allowed(self) -> str:
        zero = "0 or " if self._zero_allowed else ""
        return f"{self._what} must be {zero}a number from {self._floor:g} to {self.maximum():g}"

    def textFromValue(self, value: float) -> str:
        return f"{value:g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, position: int) -> tuple[QValidator.State, str, int]:
        stripped = text.strip()
        try:
            value = float(stripped)
        except ValueError:
            partial = stripped == "" or all(ch in "0123456789.eE+-" for ch in stripped)
            state = QValidator.State.Intermediate if partial else QValidator.State.Invalid
            return state, text, position
        if not math.isfinite(value):
            return QValidator.State.Invalid, text, position
        if (value == 0 and self._zero_allowed) or self._floor <= value <= self.maximum():
            return QValidator.State.Acceptable, text, position
        return QValidator.State.Intermediate, text, position

    def fixup(self, text: str) -> str:
        """Called by Qt when editing ends on a value it cannot accept; the old value is then kept."""
        self.refused.emit(f"{self.allowed()} (got {text.strip() or 'nothing'}); kept {self.value():g}")
        return text

    def stepBy(self, steps: int) -> None:
        value = self.value()
        for _ in range(abs(steps)):
            value = self._next(value, up=steps > 0)
        self.setValue(min(max(value, self.minimum()), self.maximum()))

    def _next(self, value: float, up: bool) -> float:
        if value < self._floor:
            return self._floor if up else 0.0
        following = nice_step(value, up)
        if not up and following < self._floor * (1 - 1e-9):
            return 0.0 if self._zero_allowed else self._floor
        return following
