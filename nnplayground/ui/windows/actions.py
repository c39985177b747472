"""Window actions: one place that gives every menu entry and shortcut its tooltip and status tip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def window_action(
    window: QWidget,
    text: str,
    shortcut: str | QKeySequence.StandardKey | None,
    slot: Callable[[], object],
    tip: str,
) -> QAction:
    """An action of ``window`` whose shortcut works wherever focus is in it, menu open or not.

    ``slot`` is called with no arguments: ``triggered`` carries a ``checked`` flag, which a slot
    with a default argument (``lambda name=…: …``) would otherwise receive in its place — that is
    how File ▸ Export once asked to save ``False.png``.
    """
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action
