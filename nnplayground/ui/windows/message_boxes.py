"""The main window's message boxes: one per purpose, reused, never modal."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def message_box(
    parent: QWidget, box: QMessageBox | None, name: str, title: str, icon: QMessageBox.Icon
) -> QMessageBox:
    """``box``, or a new one. Not modal: Ctrl+S must still reach the window, to save the work an
    error message is about."""
    if box is None:
        box = QMessageBox(parent)
        box.setObjectName(name)
        box.setWindowTitle(title)
        box.setIcon(icon)
        box.setWindowModality(Qt.WindowModality.NonModal)
    return box
