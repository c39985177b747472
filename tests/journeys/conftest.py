"""The journeys' window: the real main window, shown on the X server, active and focused.

A person's key presses reach the window only once the window manager has made it the
active window; without that, ``activateWindow`` does nothing and shortcuts never fire.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from .helpers import TIMEOUT_MS, wait_drawn


@dataclass
class DialogAnswers:
    save: list[str] = field(default_factory=list)
    open: list[str] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


@pytest.fixture
def window(qtbot, main_window):
    """``main_window`` as a person first sees it: exposed, active, drawn, nothing focused in the panel."""
    assert QApplication.platformName() == "xcb", "journeys run on a real X server (see tests/conftest.py)"
    qtbot.waitExposed(main_window)
    main_window.activateWindow()
    main_window.raise_()
    qtbot.waitUntil(main_window.isActiveWindow, timeout=TIMEOUT_MS)
    wait_drawn(qtbot, main_window)
    return main_window


@pytest.fixture
def dialogs(monkeypatch):
    """Answers the static dialogs a person would answer, and records what they were asked.

    Only the dialog call itself is patched. ``save`` and ``open`` are the file names the next
    save and open dialogs answer with; ``offered`` records the names the save dialogs proposed.
    """

    answers = DialogAnswers()

    def save_file(parent, caption="", directory="", file_filter="", *args, **kwargs):
        answers.offered.append(directory)
        return (answers.save.pop(0) if answers.save else "", "")

    def open_file(parent, caption="", directory="", file_filter="", *args, **kwargs):
        return (answers.open.pop(0) if answers.open else "", "")

    def message(parent, title, text, *args, **kwargs):
        answers.messages.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_file)
    for name in ("information", "warning", "critical", "about"):
        monkeypatch.setattr(QMessageBox, name, message)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    return answers
