"""What the tour shows of one chapter: its words, its one button, what to look for, and the way on.

A plain view: it draws a ``Chapter`` and the outcomes it is given, and turns
clicks and keys into signals. Its keys work while the keyboard focus is in
the tour — Alt+→ and Alt+← (shortcuts of the panel: the window's own → and
Page Down step the run and the step-through; a push button would take a
bare arrow key to move the focus), Esc to close. Esc belongs to the
step-through window-wide too; the panel claims it (``ShortcutOverride``)
only while the focus is inside the tour, so a person in the tour closes the
tour and leaves the step-through as it is. The dock's title bar has the
close button.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nnplayground.ui.tour.chapters import Chapter
from nnplayground.ui.tour.checks import FAILED, PASSED

KEY_NAMES = {"next": "Alt+→", "previous": "Alt+←", "close": "Esc"}
_COLOURS = {PASSED: "#006a2e", FAILED: "#a00018"}


def _label(name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel("")
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
    return label


def _button(name: str, text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button


class TourPanel(QWidget):
    """One chapter on screen; the buttons and the tour's keys become the ``*_requested`` signals."""

    action_requested = Signal()
    next_requested = Signal()
    previous_requested = Signal()
    close_requested = Signal()
    at_start_toggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("tourPanel")
        self._lines: list[str] = []
        self.counter = _label("tourCounter")
        self.title = _label("tourTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.source = _label("tourSource")
        self.source.setStyleSheet("color: #505050;")
        self.body = _label("tourBody")
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = _button("tourActionButton", "", "Put the window into this chapter's state")
        self.action_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.look_for = _label("tourLookFor")
        self.look_for.setText("What you should now see:")
        self.results = _label("tourResults")
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.previous_button = _button(
            "tourPrevious", "◀ Previous", f"Previous chapter ({KEY_NAMES['previous']})"
        )
        self.next_button = _button("tourNext", "Next ▶", f"Next chapter ({KEY_NAMES['next']})")
        self.at_start = QCheckBox("Open the tour at start")
        self.at_start.setObjectName("tourAtStart")
        self.at_start.setToolTip(
            "Untick to stop the tour opening by itself; Help ▸ Learn the article opens it"
        )
        self.error = _label("tourError")
        self.error.setStyleSheet("color: #a00018;")
        self.error.hide()

        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.next_button)
        navigation.addStretch(1)
        navigation.setSpacing(4)
        words = QVBoxLayout()
        for widget in (self.counter, self.title, self.source, self.body):
            words.addWidget(widget)
        words.addStretch(1)
        doing = QVBoxLayout()
        doing.addWidget(self.action_button)
        doing.addSpacing(6)
        for widget in (self.look_for, self.results, self.error):
            doing.addWidget(widget)
        doing.addStretch(1)
        doing.addLayout(navigation)
        doing.addWidget(self.at_start)
        self._layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self._layout.addLayout(words, 3)
        self._layout.addLayout(doing, 2)

        self.action_button.clicked.connect(self.action_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.previous_button.clicked.connect(self.previous_requested)
        self.at_start.toggled.connect(self.at_start_toggled)
        for keys, signal in (("Alt+Right", self.next_requested), ("Alt+Left", self.previous_requested)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(signal)

    def set_wide(self, wide: bool) -> None:
        """Below the plots the chapter's words and its button sit side by side; beside them, one
        above the other."""
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        self._layout.setDirection(direction)
        self._layout.setSpacing(16 if wide else 6)

    def show_chapter(self, chapter: Chapter, number: int, of: int) -> None:
        self.counter.setText(f"Chapter {number} of {of}")
        self.title.setText(chapter.title)
        numbers = ", ".join(chapter.equations)
        equations = f" · equations {numbers}" if numbers else ""
        self.source.setText(f"In the article: {chapter.section}{equations}")
        self.body.setText(chapter.body)
        self.action_button.setText(chapter.action.label)
        self.previous_button.setEnabled(number > 1)
        self.next_button.setEnabled(number < of)

    def show_results(self, lines: list[str]) -> None:
        """Lines that start with ✓ or ✗ in their colour; the others (what to look for) plain."""
        self._lines = list(lines)
        html_lines = []
        for line in lines:
            colour = _COLOURS.get(line[:1])
            text = html.escape(line).replace("\u2009", "&nbsp;")  # 200 000 stays on one line
            html_lines.append(f'<span style="color: {colour}">{text}</span>' if colour else text)
        self.results.setText("<br>".join(html_lines))

    def result_lines(self) -> list[str]:
        """The outcome lines as a person reads them (for the tests and screen readers alike)."""
        return list(self._lines)

    def show_error(self, message: str) -> None:
        """The tour file could not be used: say so in place of the chapters."""
        for widget in (self.action_button, self.look_for, self.previous_button, self.next_button):
            widget.setEnabled(False)
        self.title.setText("The tour could not be loaded")
        self.error.setText(message)
        self.error.show()

    # ----- keys ------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Claim Esc before the window's shortcut (leave the step-through) does, while the focus is here."""
        if event.type() == QEvent.Type.ShortcutOverride and _is_escape(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not _is_escape(event):
            super().keyPressEvent(event)
            return
        event.accept()
        self.close_requested.emit()


def _is_escape(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == Qt.Key.Key_Escape and modifiers == Qt.KeyboardModifier.NoModifier
