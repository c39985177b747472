"""Guards the PySide6 pin: 6.12.0 on CPython 3.11 dies (``Fatal Python error: bool_dealloc``)
after a few hundred ``Signal.emit`` calls, same thread or across threads.

A crash kills the whole pytest process, so these tests fail loudly rather
than politely; either way the suite does not pass on a broken binding.
"""

from __future__ import annotations

import PySide6
import pytest
from PySide6.QtCore import QObject, QThread, Signal, Slot

EMITS = 20_000

pytestmark = [pytest.mark.qt_log_level_fail("WARNING")]


class Emitter(QObject):
    number = Signal(int)
    flag = Signal(bool)
    finished = Signal()

    @Slot()
    def run(self) -> None:
        for i in range(EMITS):
            self.number.emit(i)
            self.flag.emit(i % 2 == 0)
        self.finished.emit()


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.numbers = 0
        self.flags = 0
        self.last = -1

    @Slot(int)
    def on_number(self, value: int) -> None:
        self.numbers += 1
        self.last = value

    @Slot(bool)
    def on_flag(self, value: bool) -> None:
        self.flags += 1


def test_the_installed_pyside6_is_not_the_known_crashing_release():
    import sys

    if sys.version_info < (3, 12):
        assert not PySide6.__version__.startswith("6.12.0"), "PySide6 6.12.0 crashes on CPython 3.11"


def test_20000_signals_in_one_thread():
    emitter, receiver = Emitter(), Receiver()
    emitter.number.connect(receiver.on_number)
    emitter.flag.connect(receiver.on_flag)
    emitter.run()
    assert (receiver.numbers, receiver.flags, receiver.last) == (EMITS, EMITS, EMITS - 1)


def test_20000_signals_across_threads(qtbot):
    thread = QThread()
    emitter, receiver = Emitter(), Receiver()
    emitter.moveToThread(thread)
    emitter.number.connect(receiver.on_number)
    emitter.flag.connect(receiver.on_flag)
    thread.started.connect(emitter.run)
    emitter.finished.connect(thread.quit)
    thread.start()
    try:
        qtbot.waitUntil(lambda: receiver.numbers == EMITS and receiver.flags == EMITS, timeout=60_000)
    finally:
        thread.quit()
        assert thread.wait(10_000)
    assert receiver.last == EMITS - 1
