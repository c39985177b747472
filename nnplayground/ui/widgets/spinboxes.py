"""Number boxes that never change a typed value silently, and a rate box that steps 1-2-5.

A plain ``QSpinBox`` judges every keystroke and drops the ones that do not
fit without a word, so typed text turns into a different number: "1,5"
becomes 15, "1e7" 17, "1e-400" 14, and "nan" or "abc" quietly leave the old
value. Here any text may be typed; on Enter or on leaving the box it is read
whole and strictly — digits, optionally grouped in threes as the box shows
them, a decimal point, an exponent — and becomes the value only if it is
that value exactly (no rounding to the shown decimals, no clipping to the
range). Otherwise ``refused`` says what is allowed, what was typed and what
was kept, and the box shows the kept value.

A plain ``QDoubleSpinBox`` also shows fixed decimals ("0.500000") and steps
linearly, useless for a rate spanning twelve orders of magnitude; people
crank the rate to see divergence. ``LogSpinBox`` shows "0.5", steps 1-2-5,
and may offer 0 ("off") one step below its smallest positive value.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QWidget

from nnplayground.notation.formatting import count
from nnplayground.ui.widgets.focus_first import FocusFirst

_MANTISSAS = (1.0, 2.0, 5.0)
# Digits are matched as ASCII: Python's \d and Decimal() also take "٣" and "½"-like digits.
_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Besides the locale's own, the separators people type between thousands (the tooltips use a thin space).
_GROUP_SEPARATORS = (" ", "\u00a0", "\u2009", "\u202f")


def nice_step(value: float, up: bool) -> float:
    """The next number of the 1-2-5 series above (or below) ``value``: 0.5 → 1 → 2 → 5 → 10."""
    exponent = math.floor(math.log10(value))
    candidates = [m * 10.0**e for e in range(exponent - 1, exponent + 2) for m in _MANTISSAS]
    if up:
        return min(c for c in candidates if c > value * (1 + 1e-9))
    return max(c for c in candidates if c < value * (1 - 1e-9))


def ungrouped(text: str, separators: tuple[str, ...]) -> str:
    """``"12 345"`` → ``"12345"`` when one separator splits the digits in threes; else ``text`` as it is.

    "1,5" stays "1,5" (and is refused): a separator is only read as one where it groups thousands.
    """
    for separator in separators:
        pattern = rf"[+-]?[0-9]{{1,3}}(?:{re.escape(separator)}[0-9]{{3}})+"
        if separator and re.fullmatch(pattern, text):
            return text.replace(separator, "")
    return text


def exact(text: str) -> Decimal | None:
    """The number ``text`` writes, exactly; None for one whose exponent is beyond any use (1e99999999999)."""
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


class _StrictTyping:
    """What the whole-number, decimal and rate boxes share: read typed text whole, or refuse it.

    Mixed in before the Qt class, so its ``validate``, ``valueFromText`` and
    ``fixup`` are the ones Qt calls. ``validate`` never answers Invalid, so
    no keystroke is dropped; Qt calls ``fixup`` when editing ends on text that
    is not Acceptable (on Enter the line edit asks first, so the same refusal
    may be said twice), then puts the previous value back — ``fixup`` is where
    the refusal is said.
    """

    refused: Signal
    _what: str

    def allowed(self) -> str:
        raise NotImplementedError

    def _number(self, bare: str) -> Decimal | None:
        """The number ``bare`` stands for exactly, or None when it is not written as one."""
        raise NotImplementedError

    def _allows(self, number: Decimal) -> bool:
        raise NotImplementedError

    def validate(self, text: str, position: int) -> tuple[QValidator.State, str, int]:
        state = QValidator.State.Acceptable if self._read(text) is not None else QValidator.State.Intermediate
        return state, text, position

    def valueFromText(self, text: str) -> float:
        value = self._read(text)
        return self.value() if value is None else value

    def fixup(self, text: str) -> str:
        got = self._bare(text) or "nothing"
        self.refused.emit(f"{self.allowed()} (got {got}); kept {self._shown(self.value())}")
        return text

    def _bare(self, text: str) -> str:
        """The typed text without the box's prefix ("target ") and suffix (" %"), typed or not."""
        text = text.strip()
        prefix, suffix = self.prefix().strip(), self.suffix().strip()
        while prefix and text.startswith(prefix):
            text = text[len(prefix) :].strip()
        while suffix and text.endswith(suffix):
            text = text[: -len(suffix)].strip()
        return text

    def _read(self, text: str) -> float | None:
        bare = self._bare(text)
        special = self.specialValueText().strip()
        if special and bare == special:
            return self.minimum()
        number = self._number(bare)
        if number is None or not number.is_finite() or not self._allows(number):
            return None
        return int(number) if isinstance(self, QSpinBox) else float(number) + 0.0  # -0 shows as 0

    def _shown(self, value: float) -> str:
        if self.specialValueText() and value == self.minimum():
            return self.specialValueText()
        return f"{self.textFromValue(value)}{self.suffix()}"

    def _as_shown(self, bare: str, read: tuple[float, bool]) -> Decimal | None:
        """A number written as the box itself writes it in its locale (other digits, separators)."""
        value, ok = read
        return Decimal(str(value)) if ok and self.textFromValue(value) == bare else None


class WholeSpinBox(FocusFirst, _StrictTyping, QSpinBox):
    """A whole-number box; emits ``refused`` with what is allowed when typed text is not one in range."""

    refused = Signal(str)

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._what = what
        self.setKeyboardTracking(False)

    def textFromValue(self, value: int) -> str:
        """Grouped as the rest of the window writes counts (a thin space: 100 000), not the locale's way."""
        return count(value) if self.isGroupSeparatorShown() else super().textFromValue(value)

    def allowed(self) -> str:
        low, high = self.minimum(), self.maximum()
        special = self.specialValueText()
        if special:
            first = f"{self.textFromValue(low)} (“{special}”) or "
            low += 1
        else:
            first = ""
        return (
            f"{self._what} must be {first}a whole number "
            f"from {self.textFromValue(low)} to {self.textFromValue(high)}"
        )

    def _number(self, bare: str) -> Decimal | None:
        digits = ungrouped(bare, (self.locale().groupSeparator(), *_GROUP_SEPARATORS))
        if _WHOLE.fullmatch(digits):
            return exact(digits)
        return self._as_shown(bare, self.locale().toInt(bare))

    def _allows(self, number: Decimal) -> bool:
        return self.minimum() <= number <= self.maximum()


class DecimalSpinBox(FocusFirst, _StrictTyping, QDoubleSpinBox):
    """A box for a number with at most ``decimals`` decimals; refuses more rather than rounding."""

    refused = Signal(str)

    def __init__(self, what: str, decimals: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._what = what
        self.setDecimals(decimals)
        self.setKeyboardTracking(False)

    def allowed(self) -> str:
        return f"{self._what} must be {self._span()} with at most {self.decimals()} decimals"

    def _span(self) -> str:
        return f"a number from {self.textFromValue(self.minimum())} to {self.textFromValue(self.maximum())}"

    def _number(self, bare: str) -> Decimal | None:
        written = bare.replace(self.locale().decimalPoint(), ".")
        if _DECIMAL.fullmatch(written):
            return exact(written)
        return self._as_shown(bare, self.locale().toDouble(bare))

    def _allows(self, number: Decimal) -> bool:
        if not self._in_range(number):
            return False
        return number == number.quantize(Decimal(1).scaleb(-self.decimals()))

    def _in_range(self, number: Decimal) -> bool:
        return Decimal(str(self.minimum())) <= number <= Decimal(str(self.maximum()))


class LogSpinBox(DecimalSpinBox):
    """A rate box: shows "0.5" rather than "0.500000", and its arrows step 1-2-5."""

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
        self._floor = minimum  # set first: setting the decimals already asks ``validate``
        self._zero_allowed = zero_allowed
        super().__init__(what, max(0, -math.floor(math.log10(minimum))), parent)
        self.setRange(0.0 if zero_allowed else minimum, maximum)

    def _span(self) -> str:
        zero = "0 or " if self._zero_allowed else ""
        return f"{zero}a number from {self._floor:g} to {self.maximum():g}"

    def textFromValue(self, value: float) -> str:
        return f"{value:g}"

    def _in_range(self, number: Decimal) -> bool:
        if number == 0:
            return self._zero_allowed
        return Decimal(str(self._floor)) <= number <= Decimal(str(self.maximum()))

    def stepBy(self, steps: int) -> None:
        if self.lineEdit().isModified():
            self.interpretText()  # a value typed just before the arrow is taken (or refused) first
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
