"""After a long chunk's frame, the next chunk waits for the GUI to draw it, so the two never overlap.

A single epoch on 100 000 points lasts longer than the GUI ever waits for a
chunk; without this turn the GUI redrew beside the next epoch and both slowed.
"""

from __future__ import annotations

import gc
import threading
import time

import pytest
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from nnplayground.ui.threads.gui_turns import (
    MAX_PACED_MS,
    MAX_WAIT_FOR_FRAME,
    MAX_WAIT_FOR_GUI,
    MAX_WAIT_FOR_WORKER,
    FramePuller,
    GuiTurns,
)
from nnplayground.ui.widgets.own_work import OwnWorkTimer


def _chunk_in_thread(turns: GuiTurns, after_frame: int | None) -> tuple[threading.Thread, threading.Event]:
    entered = threading.Event()

    def chunk() -> None:
        with turns.worker_chunk(after_frame):
            entered.set()

    thread = threading.Thread(target=chunk)
    thread.start()
    return thread, entered


def test_the_next_chunk_starts_once_the_gui_has_drawn_the_frame():
    turns = GuiTurns()
    turns.pulling(True)
    thread, entered = _chunk_in_thread(turns, turns.frames_drawn())
    assert not entered.wait(MAX_WAIT_FOR_FRAME / 3), "the frame is not drawn yet"
    turns.gui_busy()
    turns.gui_idle()
    assert entered.wait(MAX_WAIT_FOR_FRAME / 3), "drawn: the chunk goes ahead at once"
    thread.join()


def test_with_no_window_pulling_frames_no_chunk_waits_for_one():
    turns = GuiTurns()
    thread, entered = _chunk_in_thread(turns, turns.frames_drawn())
    assert entered.wait(MAX_WAIT_FOR_FRAME / 3)
    thread.join()


def test_a_started_training_thread_keeps_the_window_out_of_full_collections(training):
    """Full collections hold the interpreter lock while they walk every object (65 ms measured)."""
    assert gc.get_freeze_count() > 1_000


def test_while_qt_paints_no_chunk_starts_and_a_paint_is_not_a_frame():
    """A throttled redraw (the diagram, the loss plot) painted beside the article's chunks took 5×
    its time; and a paint must not release a long chunk that waits for the frame itself."""
    turns = GuiTurns()
    turns.pulling(True)
    turns.gui_painting()
    thread, entered = _chunk_in_thread(turns, None)
    assert not entered.wait(MAX_WAIT_FOR_GUI / 3), "Qt is painting: the chunk waits"
    turns.gui_idle()
    assert entered.wait(MAX_WAIT_FOR_GUI / 3), "the loop sleeps: the chunk goes ahead"
    thread.join()
    drawn = turns.frames_drawn()
    turns.gui_painting()
    turns.gui_idle()
    assert turns.frames_drawn() == drawn, "a paint is not a drawn frame"


def test_a_paint_does_not_wait_out_a_long_chunk():
    """One epoch on 100 000 points outlasts any wait: the GUI paints beside it at once."""
    turns = GuiTurns()
    started, release = threading.Event(), threading.Event()

    def chunk() -> None:
        with turns.worker_chunk(long=True):
            started.set()
            release.wait()

    thread = threading.Thread(target=chunk)
    thread.start()
    assert started.wait(1)
    begin = time.perf_counter()
    turns.gui_painting()
    waited = time.perf_counter() - begin
    release.set()
    thread.join()
    assert waited < MAX_WAIT_FOR_WORKER / 2


def test_inside_a_long_mini_batch_epoch_the_worker_steps_aside_while_the_gui_draws():
    """One mini-batch epoch on 100 000 points is one chunk of 3 125 updates: the GUI does not wait it
    out, and no update runs beside the frame (each fought the GUI for the interpreter lock)."""
    turns = GuiTurns()
    steps, stop = [0], threading.Event()

    def epoch() -> None:
        with turns.worker_chunk(long=True):
            while not stop.is_set():
                steps[0] += 1
                turns.step_aside()

    thread = threading.Thread(target=epoch)
    thread.start()
    deadline = time.perf_counter() + 1
    while steps[0] < 100 and time.perf_counter() < deadline:
        time.sleep(0)
    begin = time.perf_counter()
    turns.gui_busy()
    waited = time.perf_counter() - begin
    during = steps[0]
    time.sleep(MAX_WAIT_FOR_GUI / 5)  # the frame's own work
    steps_beside_the_frame = steps[0] - during
    turns.gui_idle()
    deadline = time.perf_counter() + 1
    while steps[0] <= during + 1 and time.perf_counter() < deadline:
        time.sleep(0)
    stop.set()
    thread.join()
    assert waited < MAX_WAIT_FOR_WORKER / 2, "the frame did not wait for the epoch to end"
    assert steps_beside_the_frame <= 1, "at most the update under way when the frame began"
    assert steps[0] > during + 1, "the epoch goes on once the GUI is idle"


class _Window(QWidget):
    """A stand-in window whose frames take ``cost`` seconds of GUI work each."""

    ready = Signal()

    def __init__(self, turns: GuiTurns, cost: float) -> None:
        super().__init__()
        self.turns, self.cost, self.frames = turns, cost, 0
        self.puller = FramePuller(self, turns, self.refresh, 40, self.ready)

    def refresh(self) -> None:
        self.turns.gui_busy()
        busy_until = time.perf_counter() + self.cost
        while time.perf_counter() < busy_until:  # the frame's work, as a slow redraw would take
            pass
        self.frames += 1


@pytest.mark.parametrize(("cost", "interval"), [(0.002, 40), (0.02, 80), (0.08, MAX_PACED_MS)])
def test_frames_that_cost_more_are_pulled_less_often_but_at_least_five_times_a_second(qtbot, cost, interval):
    """A frame takes at most a quarter of the GUI's time: the worker trains only while the GUI is idle."""
    window = _Window(GuiTurns(), cost)
    qtbot.addWidget(window)
    window.puller.start()
    qtbot.waitUntil(lambda: window.frames >= 3, timeout=5000)
    assert interval <= window.puller.interval_ms() <= interval * 1.3
    window.puller.stop()


def test_a_frame_before_a_long_chunk_is_drawn_at_once_not_at_the_next_tick(qtbot):
    turns = GuiTurns()
    window = _Window(turns, 0.0)
    qtbot.addWidget(window)
    window.puller._timer.setInterval(60_000)  # the timer would not pull it for a minute
    window.puller.start()
    with qtbot.waitSignal(window.ready):
        window.ready.emit()
    qtbot.waitUntil(lambda: window.frames == 1, timeout=1000)
    window.puller.stop()


def test_a_views_work_on_its_own_timer_keeps_chunks_out_until_the_gui_is_idle(qtbot):
    """The loss plot drawn after a frame's paint pass took 4× its time beside the perceptron's chunks
    (11.7 against 2.9 ms) and made the window's longest waits: such work is a turn as a paint is."""
    turns = GuiTurns()
    window = _Window(turns, 0.0)
    qtbot.addWidget(window)
    window.puller.start()
    beside_the_work: list[bool] = []

    def work() -> None:
        thread, entered = _chunk_in_thread(turns, None)
        beside_the_work.append(entered.wait(MAX_WAIT_FOR_GUI / 3))
        thread.join()

    timer = OwnWorkTimer(window)
    timer.timeout.connect(work)
    timer.start()
    qtbot.waitUntil(lambda: len(beside_the_work) == 1, timeout=1000)
    window.puller.stop()
    assert beside_the_work == [False], "a chunk started while the view's own work ran"


def test_a_window_that_stopped_pulling_frames_keeps_no_chunk_out(qtbot):
    turns = GuiTurns()
    window = _Window(turns, 0.0)
    qtbot.addWidget(window)
    window.puller.start()
    window.puller.stop()
    timer = OwnWorkTimer(window)
    timer.start()
    qtbot.waitUntil(lambda: not timer.isActive(), timeout=1000)
    thread, entered = _chunk_in_thread(turns, None)
    assert entered.wait(MAX_WAIT_FOR_GUI / 3), "no one would ever say the GUI is idle again"
    thread.join()
