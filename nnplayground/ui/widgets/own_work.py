"""A view's work on its own timer is a turn of the GUI's, as frames and paints are.

A training thread trains between the GUI's turns (``threads.gui_turns``), so
that the two threads do not fight for the interpreter lock at every small
NumPy call. Frames and paints were turns; the work views do later, on their
own timers (the loss plot drawing its history after a frame's paint pass,
neuron thumbnails, the stuck-neuron check, the boundary after a zoom), ran
beside the worker's chunks: measured beside the perceptron's, the loss plot's
draw took 11.7 ms (at worst 42) against 2.9 ms (at worst 4.1) in a turn, and
it made the window's longest waits. ``OwnWorkTimer`` says the work is
starting before its slots run; the GUI's turns listen (``listen``) while a
window pulls frames.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

_listeners: list[Callable[[], None]] = []


def listen(starting: Callable[[], None]) -> None:
    """Call ``starting`` before each view's own work, until ``stop_listening`` with the same callable."""
    _listeners.append(starting)


def stop_listening(starting: Callable[[], None]) -> None:
    _listeners.remove(starting)


class OwnWorkTimer(QTimer):
    """A single-shot timer whose slots run as a turn of the GUI's.

    Qt calls a signal's slots in the order they were connected, and this
    timer connects its own first: whatever the view connects runs after the
    training threads have been told.
    """

    def __init__(self, parent: QObject, interval_ms: int = 0) -> None:
        super().__init__(parent)
        self.setSingleShot(True)
        self.setInterval(interval_ms)
        self.timeout.connect(self._starting)

    @Slot()
    def _starting(self) -> None:
        for starting in list(_listeners):
            starting()
