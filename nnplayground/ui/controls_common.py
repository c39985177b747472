"""Small pieces every control group uses: naming, silent updates, combo boxes.

Every control gets an object name (tests and the fuzz find it by that), an
accessible name (screen readers) and a tooltip saying what it does, what it
allows and what the article uses; ``name`` makes that one call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QWidget

MIN_COMBO_CHARACTERS = 8


def name(widget: QWidget, object_name: str, accessible: str, tooltip: str) -> None:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    widget.setToolTip(tooltip)


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
    combo = QComboBox()
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
