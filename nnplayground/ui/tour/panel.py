"""What the tour shows of one chapter: its words, its one button, what to look for, and the way on.

A plain view: it draws a ``Chapter`` and the outcomes it is given, and turns
clicks and keys into signals. Only the chapter's words scroll: its number and
title stay at the top, and its button, what to look for and the way on stay
in view (what to look for scrolls on its own when there is no room for it),
so a learner never scrolls to find Next. Its keys work while the keyboard focus is in
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

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nnplayground.ui.tour.chapters import Chapter
from nnplayground.ui.tour.checks import FAILED, PASSED

KEY_NAMES = {"next": "Alt+→", "previous": "Alt+←", "close": "Esc"}
_COLOURS = {PASSED: "#006a2e", FAILED: "#a00018"}
# Lines of text a scrolling part keeps in view however short the tour is.
BODY_LINES = 3
RESULT_LINES = 2


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


class _Column(QWidget):
    """Labels one above the other, as tall as their lines at the width they are given: a wrapped
    label's own least height counts its lines at a narrow guess of a width, which made a scroll
    area scroll lines that fitted."""

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)


def _scrolling(name: str, labels: tuple[QLabel, ...], lines: int) -> QScrollArea:
    """``labels`` one above the other, scrolling up and down only, never shorter than ``lines``."""
    content = _Column()
    layout = QVBoxLayout(content)
    layout.setContentsMargins(0, 0, 0, 0)
    for label in labels:
        layout.addWidget(label)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setObjectName(name)
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setMinimumHeight(scroll.fontMetrics().lineSpacing() * lines)
    return scroll


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
        self._wide = False
        # Esc closes the tour, unless a step-through was opened after it: Esc leaves that first, as
        # it does anywhere in the window (a learner who opened it from here lost the tour instead).
        self.escape_closes = True
        self.counter = _label("tourCounter", wrap=False)
        self.counter.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
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

        self.body_scroll = _scrolling("tourBodyScroll", (self.source, self.body), BODY_LINES)
        self.results_scroll = _scrolling(
            "tourResultsScroll", (self.look_for, self.results, self.error), RESULT_LINES
        )
        self._heading = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._heading.addWidget(self.counter)
        self._heading.addWidget(self.title, 1)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(6, 6, 6, 6)
        self._grid.setVerticalSpacing(6)
        self._arrange()

        self.action_button.clicked.connect(self.action_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.previous_button.clicked.connect(self.previous_requested)
        self.at_start.toggled.connect(self.at_start_toggled)
        for keys, signal in (("Alt+Right", self.next_requested), ("Alt+Left", self.previous_requested)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(signal)

    def set_wide(self, wide: bool) -> None:
        """Below the plots (wide and short) the button and the way on sit in the title's row and
        what to look for beside the words; beside the plots (narrow and tall) all is one column."""
        if wide != self._wide:
            self._wide = wide
            self._arrange()

    def _arrange(self) -> None:
        grid = self._grid
        placed = (
            self.body_scroll,
            self.action_button,
            self.results_scroll,
            self.previous_button,
            self.next_button,
            self.at_start,
        )
        for widget in placed:
            grid.removeWidget(widget)
        grid.removeItem(self._heading)
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 0)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        if self._wide:
            self._heading.setDirection(QBoxLayout.Direction.LeftToRight)
            self._heading.setSpacing(12)
            grid.setHorizontalSpacing(6)
            grid.addLayout(self._heading, 0, 0)
            grid.addWidget(self.action_button, 0, 1)
            grid.addWidget(self.previous_button, 0, 2)
            grid.addWidget(self.next_button, 0, 3)
            grid.addWidget(self.body_scroll, 1, 0, 2, 1)
            grid.addWidget(self.results_scroll, 1, 1, 1, 3)
            grid.addWidget(self.at_start, 2, 1, 1, 3)
            grid.setColumnStretch(0, 2)
            grid.setColumnStretch(1, 1)
            grid.setRowStretch(1, 1)
        else:
            self._heading.setDirection(QBoxLayout.Direction.TopToBottom)
            self._heading.setSpacing(6)
            grid.setHorizontalSpacing(4)
            grid.addLayout(self._heading, 0, 0, 1, 3)
            grid.addWidget(self.body_scroll, 1, 0, 1, 3)
            grid.addWidget(self.action_button, 2, 0, 1, 3)
            grid.addWidget(self.results_scroll, 3, 0, 1, 3)
            grid.addWidget(self.previous_button, 4, 0)
            grid.addWidget(self.next_button, 4, 1)
            grid.addWidget(self.at_start, 5, 0, 1, 3)
            grid.setColumnStretch(2, 1)
            grid.setRowStretch(1, 3)
            grid.setRowStretch(3, 1)
        self._fit_results()

    def show_chapter(self, chapter: Chapter, number: int, of: int) -> None:
        """The chapter from the top of its words, wherever the last one was scrolled to."""
        self.counter.setText(f"Chapter {number} of {of}")
        self.title.setText(chapter.title)
        numbers = ", ".join(chapter.equations)
        equations = f" · equations {numbers}" if numbers else ""
        self.source.setText(f"In the article: {chapter.section}{equations}")
        self.body.setText(chapter.body)
        self.action_button.setText(chapter.action.label)
        self.previous_button.setEnabled(number > 1)
        self.next_button.setEnabled(number < of)
        self.body_scroll.verticalScrollBar().setValue(0)
        self.results_scroll.verticalScrollBar().setValue(0)

    def show_results(self, lines: list[str]) -> None:
        """Lines that start with ✓ or ✗ in their colour; the others (what to look for) plain."""
        self._lines = list(lines)
        html_lines = []
        for line in lines:
            colour = _COLOURS.get(line[:1])
            text = html.escape(line).replace("\u2009", "&nbsp;")  # 200 000 stays on one line
            html_lines.append(f'<span style="color: {colour}">{text}</span>' if colour else text)
        self.results.setText("<br>".join(html_lines))
        self._fit_results()

    def _fit_results(self) -> None:
        """What to look for takes only the height its lines need, so the words get the rest; with
        no room for all of it, it scrolls rather than pushing Next out of sight."""
        content = self.results_scroll.widget()
        width = self.results_scroll.viewport().width()
        needed = content.heightForWidth(width) if content.hasHeightForWidth() else -1
        if needed < 0:
            needed = content.sizeHint().height()
        self.results_scroll.setMaximumHeight(max(self.results_scroll.minimumHeight(), needed))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_results()

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
        self._fit_results()

    # ----- keys ------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Claim Esc from the window's shortcut while the focus is here, unless ``escape_closes`` is off."""
        if event.type() == QEvent.Type.ShortcutOverride and _is_escape(event) and self.escape_closes:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not (_is_escape(event) and self.escape_closes):
            super().keyPressEvent(event)
            return
        event.accept()
        self.close_requested.emit()


def _is_escape(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == Qt.Key.Key_Escape and modifiers == Qt.KeyboardModifier.NoModifier
