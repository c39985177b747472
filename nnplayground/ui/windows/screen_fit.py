"""Keep the window on the screen it is shown on: the default size and a remembered one both shrink to fit.

The default 1280×800 is wider than a 1024×768 screen, and a geometry saved on
a big monitor comes back on a laptop's; either would put the window's edges,
and the status bar with them, out of reach.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication, QMoveEvent
from PySide6.QtWidgets import QWidget


def fit_to_screen(window: QWidget) -> None:
    """Shrink ``window`` to its screen's free area (never below its minimum) and move it fully onto it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    # The title bar and borders, known only once a window manager framed the window.
    extra_width = frame.width() - window.width()
    extra_height = frame.height() - window.height()
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    width = max(minimum.width(), min(window.width(), available.width() - extra_width))
    height = max(minimum.height(), min(window.height(), available.height() - extra_height))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    window.move(_inside(QRect(frame.topLeft(), window.frameGeometry().size()), available))


def _inside(frame: QRect, available: QRect) -> QPoint:
    """Where ``frame``'s top-left corner goes so that as much of it as fits lies within ``available``."""
    x = min(max(frame.left(), available.left()), max(available.left(), available.right() + 1 - frame.width()))
    y = min(max(frame.top(), available.top()), max(available.top(), available.bottom() + 1 - frame.height()))
    return QPoint(x, y)


class FitsScreen:
    """A top-level window mixin: ``fit_screen`` fits it now and once more when the desktop frames it.

    The title bar's height is known only after the window manager framed the
    window, which happens after ``show``: fitted before, a 1024×700 window's
    bottom (the status bar, an axis label) ended up 25 px below the screen.
    """

    _fit_when_framed = False

    def fit_screen(self) -> None:
        fit_to_screen(self)
        self._fit_when_framed = True

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        if self._fit_when_framed and self.frameGeometry().size() != self.size():
            self._fit_when_framed = False
            fit_to_screen(self)
