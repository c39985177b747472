"""Small pieces every control group uses: naming, silent updates, and the controls themselves.

Every control gets an object name (tests and the fuzz find it by that), an
accessible name (screen readers) and a tooltip saying what it does, what it
allows and what the article uses; ``name`` makes that one call, and the
factories below make each kind of control with it, so a group's code is the
list of its controls rather than their set-up. Number boxes are the strict
ones of ``spinboxes``: a typed value is taken exactly or refused in words
(through ``refuse``, named by the box's accessible name), never silently
changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QPushButton, QWidget

from nnplayground.ui.widgets.focus_first import FocusFirstComboBox
from nnplayground.ui.widgets.spinboxes import DecimalSpinBox, LogSpinBox, WholeSpinBox

_Box = TypeVar("_Box", WholeSpinBox, DecimalSpinBox, LogSpinBox)

MIN_COMBO_CHARACTERS = 8


def name(widget: QWidget, object_name: str, accessible: str, tooltip: str) -> None:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    widget.setToolTip(tooltip)


def button(
    text: str,
    object_name: str,
    accessible: str,
    tooltip: str,
    clicked: Callable[[], None],
    *,
    icon: QIcon | None = None,
    tab_focus_only: bool = False,
) -> QPushButton:
    """A push button that calls ``clicked`` (with no argument: not Qt's ``checked`` flag).

    ``tab_focus_only``: a click leaves the keyboard focus where it was, so the
    window's one-key shortcuts (Space, →, R) go on working after pressing Play.
    """
    widget = QPushButton(text)
    name(widget, object_name, accessible, tooltip)
    if icon is not None:
        widget.setIcon(icon)
    if tab_focus_only:
        widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    widget.clicked.connect(lambda: clicked())
    return widget


def check_box(
    text: str, object_name: str, accessible: str, tooltip: str, toggled: Callable[[bool], None]
) -> QCheckBox:
    widget = QCheckBox(text)
    name(widget, object_name, accessible, tooltip)
    widget.toggled.connect(toggled)
    return widget


def whole_box(
    object_name: str,
    accessible: str,
    tooltip: str,
    low: int,
    high: int,
    changed: Callable[[int], None],
    refuse: Callable[[str], None],
    *,
    step: int = 1,
    grouped: bool = False,
) -> WholeSpinBox:
    """A whole-number box; ``grouped`` boxes span orders of magnitude: 1,000,000, arrows step by a tenth."""
    spin = WholeSpinBox(accessible)
    spin.setRange(low, high)
    spin.setSingleStep(step)
    if grouped:
        spin.setGroupSeparatorShown(True)
        spin.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
    return _wired(spin, object_name, accessible, tooltip, changed, refuse)


def decimal_box(
    object_name: str,
    accessible: str,
    tooltip: str,
    high: float,
    decimals: int,
    step: float,
    changed: Callable[[float], None],
    refuse: Callable[[str], None],
) -> DecimalSpinBox:
    """A box for a number from 0 to ``high``; ``changed`` gets it rounded to the decimals shown."""
    spin = DecimalSpinBox(accessible, decimals)
    spin.setRange(0.0, high)
    spin.setSingleStep(step)
    return _wired(
        spin, object_name, accessible, tooltip, lambda value: changed(round(value, decimals)), refuse
    )


def rate_box(
    object_name: str,
    accessible: str,
    tooltip: str,
    what: str,
    low: float,
    high: float,
    changed: Callable[[float], None],
    refuse: Callable[[str], None],
    *,
    zero_allowed: bool = False,
) -> LogSpinBox:
    """A rate box (1-2-5 steps); ``what`` names it in refusals, ``zero_allowed`` offers 0 below ``low``."""
    spin = LogSpinBox(low, high, what, zero_allowed=zero_allowed)
    return _wired(spin, object_name, accessible, tooltip, changed, refuse)


def _wired(
    spin: _Box,
    object_name: str,
    accessible: str,
    tooltip: str,
    changed: Callable[[Any], None],
    refuse: Callable[[str], None],
) -> _Box:
    """Connected last, once the box is set up: setting its range must not count as a change."""
    name(spin, object_name, accessible, tooltip)
    spin.valueChanged.connect(changed)
    spin.refused.connect(refuse)
    return spin


class Blocked:
    """Block several widgets' signals for the length of a ``with`` block."""

    def __init__(self, *widgets: QWidget) -> None:
        self._widgets = widgets
        self._blockers: list[QSignalBlocker] = []

    def __enter__(self) -> None:
        self._blockers = [QSignalBlocker(widget) for widget in self._widgets]

    def __exit__(self, *exc: object) -> None:
        for blocker in self._blockers:
            blocker.unblock()
        self._blockers = []


def select(combo: QComboBox, value: object) -> None:
    combo.setCurrentIndex(combo.findData(value))


def choice_combo(
    object_name: str,
    accessible: str,
    tooltip: str,
    items: Iterable[tuple[str, object]],
    chosen: Callable[[object], None],
) -> QComboBox:
    """A combo box of (text, value) items that reports the chosen value.

    Its width hint ignores its longest item (the popup still shows it whole):
    the panel is narrow, and the form stretches the box to the room there is.
    """
    combo = FocusFirstComboBox()
    name(combo, object_name, accessible, tooltip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(MIN_COMBO_CHARACTERS)
    for text, value in items:
        combo.addItem(text, value)
    combo.currentIndexChanged.connect(lambda _index: chosen(combo.currentData()))
    return combo


def fill_combo(combo: QComboBox, items: Iterable[tuple[str, object]]) -> None:
    """Replace a combo's items (callers block its signals); does nothing when they are the same."""
    items = list(items)
    if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == items:
        return
    combo.clear()
    for text, value in items:
        combo.addItem(text, value)
