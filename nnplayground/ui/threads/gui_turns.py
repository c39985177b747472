"""The GUI thread and a training thread take turns with the interpreter lock instead of fighting for it.

Both threads share one interpreter lock, and NumPy releases it inside every
small ``np.dot`` of an epoch; a GUI thread that waits for it while the worker
drops and retakes it hundreds of thousands of times a second burns both
threads' time in hand-overs (measured: a GUI busy 30 % of the time cost
training 57 % of its speed). ``GuiTurns`` has them take turns instead: the
worker trains only while the GUI's event loop is idle, one time-sized chunk at
a time. ``FramePuller`` is the GUI's half: it pulls the newest frame on a
timer and says when the event loop is about to sleep.

Two training threads (the main window's and compare mode's) contend for the
same lock in the same way, so the turns are the GUI thread's, not a
thread's: every training thread takes its chunks through ``GUI_TURNS``, and
a chunk waits for the other threads' chunks as it waits for the GUI.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject, QTimer, SignalInstance, Slot

from nnplayground.ui.widgets import own_work

MAX_WAIT_FOR_GUI = 0.05
MAX_WAIT_FOR_WORKER = 0.01
# How long a chunk waits for the GUI to draw the frame published before it: a refresh tick and a redraw.
MAX_WAIT_FOR_FRAME = 0.1
# While drawing frames costs the GUI more than this share of its time, frames are pulled less often,
# but at least every MAX_PACED_MS.
FRAME_SHARE = 0.25
MAX_PACED_MS = 200


class GuiTurns:
    """Worker chunks and GUI work take turns instead of contending for the interpreter lock.

    The GUI thread calls ``gui_busy`` before it draws a frame and ``gui_idle``
    when its event loop is about to sleep again (the repaints done);
    ``gui_busy`` waits for the workers' current chunks (a few ms) to end, but
    never longer than ``MAX_WAIT_FOR_WORKER``, so a slow epoch (a huge data
    set) cannot freeze the window. A worker waits for an idle GUI, and for
    no other worker's chunk to be running, before each chunk, but never
    longer than ``MAX_WAIT_FOR_GUI``, so a GUI that is never idle slows
    training without stopping it, and commands such as quit are always seen.

    Between frames the GUI still needs the lock for every event it handles,
    and a worker running many small NumPy calls can starve it: each call
    releases and at once retakes the lock, which resets CPython's forced
    switch, so the GUI waited up to 1.7 s for a timer (the perceptron at full
    speed). After each chunk the worker yields the lock (``time.sleep(0)``)
    to a GUI thread waiting for it. It used to sleep 0.5 ms there, which
    cost a quarter of the article's throughput (39 800 against 29 800 epochs
    a second beside an idle event loop).

    A frame is not the only time the GUI paints: the diagram and the loss
    plot redraw on their own throttled timers, and hovering repaints too.
    ``gui_painting`` (Qt is about to paint a window) makes each paint a turn
    as well, without counting it as a frame. Before it, a diagram repaint
    beside the article's 3 ms chunks took 53–71 ms instead of 12, and the
    chunk 20× its length.
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._gui_busy = False
        self._drawing_frame = False
        self._frame_started = 0.0
        self._chunks = 0  # running now: more than one only when a wait ran out
        self._long_chunks = 0  # of those, chunks longer than the GUI waits for
        self._frames_drawn = 0
        self._pullers = 0  # windows pulling frames (``FramePuller``): none, and no one draws them

    def gui_busy(self) -> None:
        """A frame is about to be drawn: wait for the running chunks (briefly), keep new ones out."""
        with self._condition:
            if not self._drawing_frame:
                self._frame_started = time.perf_counter()
            self._gui_busy = self._drawing_frame = True
            self._condition.wait_for(lambda: not self._chunks, MAX_WAIT_FOR_WORKER)

    def gui_painting(self) -> None:
        """Qt is about to paint: wait for the running chunks unless one is long; no new one until idle."""
        with self._condition:
            self._gui_busy = True
            if not self._long_chunks:
                self._condition.wait_for(lambda: not self._chunks, MAX_WAIT_FOR_WORKER)

    def step_aside(self) -> None:
        """Called by a worker inside its chunk between two steps (mini-batches): while the GUI is busy,
        wait for it, up to ``MAX_WAIT_FOR_GUI``, as between chunks.

        One mini-batch epoch on 100 000 points is a single chunk of 3 125
        small updates, a third of a second that no paint could wait out; a
        GUI painting beside it fought the loop for the lock at every call
        (GUI timer gaps of 77–119 ms). The busy flag is read without the lock
        first: most steps find the GUI asleep and must cost next to nothing.
        """
        if not self._gui_busy:
            return
        with self._condition:
            # Out of the count while aside, so a frame's ``gui_busy`` does not wait for this chunk.
            self._chunks -= 1
            self._condition.notify_all()
            self._condition.wait_for(lambda: not self._gui_busy, MAX_WAIT_FOR_GUI)
            self._chunks += 1

    def gui_idle(self) -> None:
        with self._condition:
            if self._drawing_frame:
                self._frames_drawn += 1
            self._gui_busy = self._drawing_frame = False
            self._condition.notify_all()

    def pulling(self, started: bool) -> None:
        """A window starts or stops pulling frames; with none, no chunk waits for a frame to be drawn."""
        with self._condition:
            self._pullers += 1 if started else -1
            self._condition.notify_all()

    def frames_drawn(self) -> int:
        """How many times the GUI has drawn a frame (gone busy, then idle again) so far."""
        return self._frames_drawn

    def is_drawing_frame(self) -> bool:
        """True from a frame's ``gui_busy`` until the ``gui_idle`` after it."""
        return self._drawing_frame

    def frame_seconds(self) -> float:
        """How long the frame being drawn has taken so far (its wait for a chunk included)."""
        return time.perf_counter() - self._frame_started

    @contextmanager
    def worker_chunk(self, after_frame: int | None = None, *, long: bool = False) -> Iterator[None]:
        """One chunk's turn; with ``after_frame`` (a ``frames_drawn`` count) it also waits, up to
        ``MAX_WAIT_FOR_FRAME``, until the GUI has drawn a frame since then. A ``long`` chunk (one
        expected to outlast ``MAX_WAIT_FOR_WORKER``) is not waited for by ``gui_painting``.

        A chunk far longer than ``MAX_WAIT_FOR_WORKER`` (one epoch on 100 000 points) cannot be
        waited out by the GUI, so without that the GUI drew the frame just published while the next
        epoch ran beside it, and both slowed (measured: a 20 ms redraw took 75–200 ms, GUI timer
        gaps of 100–250 ms).
        """

        def turn() -> bool:
            drawn = after_frame is None or not self._pullers or self._frames_drawn > after_frame
            return drawn and not (self._gui_busy or self._chunks)

        with self._condition:
            self._condition.wait_for(turn, MAX_WAIT_FOR_GUI if after_frame is None else MAX_WAIT_FOR_FRAME)
            self._chunks += 1
            self._long_chunks += long
        try:
            yield
        finally:
            with self._condition:
                self._chunks -= 1
                self._long_chunks -= long
                self._condition.notify_all()
            time.sleep(0)  # a GUI thread waiting for the interpreter lock takes it now


# The GUI thread's turns (a process has one GUI thread), shared by every training thread.
GUI_TURNS = GuiTurns()


class FramePuller(QObject):
    """A window's side of the turns: ``refresh`` on a timer, ``gui_painting`` when Qt paints the window,
    ``gui_idle`` when the event loop goes to sleep.

    The window's ``refresh`` calls ``turns.gui_busy`` itself, and only when
    there is a new frame to draw. The event loop's first sleep after that
    comes *before* the repaints (measured: the plot's paint event followed
    the idle signal by ~1 ms, and contended with the worker), so a zero-time
    timer wakes it once more and only the sleep after that round — repaints
    done — lets the worker train again. With the perceptron playing that cut
    the GUI's longest waits from ~135 ms to ~90 ms. ``stop`` undoes both (safe to call twice), so a closed
    window neither pulls frames nor hears about an event loop it no longer uses.
    ``refresh`` is not kept: a reference to its window would make the two a
    cycle, which the garbage collector may then break in the worker thread,
    deleting the window there.

    Frames are paced to their cost: while a frame (its refresh and repaints)
    takes more than ``FRAME_SHARE`` of the time between pulls, the next pull
    waits longer. The worker trains only while the GUI is idle, so without it
    the article's network trained at 38–39 % of its headless speed beside 22
    frames a second (50 % with it, at 15); the interface itself (status,
    hover, controls) repaints whenever it changes regardless. A frame before
    a long chunk is not left to the timer: the worker waits for it to be
    drawn, so ``frame_ready`` has it drawn at once (on 100 000 points in
    mini-batches the wait ran out and the frame was drawn beside the next
    epoch, 100–130 ms).
    """

    def __init__(
        self,
        parent: QObject,
        turns: GuiTurns,
        refresh: Callable[[], None],
        interval_ms: int,
        frame_ready: SignalInstance,
    ) -> None:
        """``frame_ready``: the worker's signal that a frame waits to be drawn before a long chunk."""
        super().__init__(parent)
        self._turns = turns
        self._interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(refresh)
        frame_ready.connect(refresh)
        # Wakes the event loop once more after a frame, so its repaints happen before the GUI is idle.
        self._paint_round = QTimer(self)
        self._paint_round.setSingleShot(True)
        self._paint_round.setInterval(0)
        self._waiting_for_paint = False
        self._dispatcher: QAbstractEventDispatcher | None = QAbstractEventDispatcher.instance()
        self._dispatcher.aboutToBlock.connect(self._gui_about_to_sleep)
        # Qt paints a window's widgets on one UpdateRequest to the window.
        parent.installEventFilter(self)
        # A view's work on its own timer (the loss plot's history, thumbnails) is a turn too.
        own_work.listen(turns.gui_painting)

    def start(self) -> None:
        if not self._timer.isActive():
            self._turns.pulling(True)
        self._timer.start()

    def is_active(self) -> bool:
        """True from ``start`` until ``stop``."""
        return self._timer.isActive()

    def stop(self) -> None:
        if self._timer.isActive():
            self._turns.pulling(False)
        self._timer.stop()
        if self._dispatcher is not None:
            self._dispatcher.aboutToBlock.disconnect(self._gui_about_to_sleep)
            window = self.parent()  # asked of Qt: a reference kept here would be the cycle above
            if window is not None:
                window.removeEventFilter(self)
            self._dispatcher = None
            own_work.stop_listening(self._turns.gui_painting)
            self._turns.gui_idle()  # no one is left to say the loop sleeps: do not keep chunks out

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:
            self._turns.gui_painting()
        return False

    def interval_ms(self) -> int:
        """How often frames are pulled now: the window's interval, or longer while frames cost more."""
        return self._timer.interval()

    @Slot()
    def _gui_about_to_sleep(self) -> None:
        if self._turns.is_drawing_frame() and not self._waiting_for_paint:
            self._waiting_for_paint = True
            self._paint_round.start()
            return
        if self._waiting_for_paint:
            self._pace(self._turns.frame_seconds())
        self._waiting_for_paint = False
        self._turns.gui_idle()

    def _pace(self, frame_seconds: float) -> None:
        interval = min(MAX_PACED_MS, max(self._interval_ms, round(frame_seconds / FRAME_SHARE * 1000)))
        if interval != self._timer.interval():
            self._timer.setInterval(interval)
