"""A training thread's loop: time-sized chunks, commands between them, frames published for the GUI.

The worker's ``run`` loop never returns to its thread's event loop while a
session lasts, so queued Qt calls would never reach it: commands arrive
through a ``queue.SimpleQueue`` drained between chunks instead, which is also
what guarantees the network is never read half-updated. Results leave the
same way in reverse: the newest frame sits in a lock-protected slot that the
GUI's timer pulls at its own pace, so however fast training runs, the GUI
sees at most one update per tick and is never flooded with signals. Each
chunk waits its turn with the GUI and the other training threads
(``gui_turns.GUI_TURNS``).

``ChunkedWorker`` is that loop; a subclass says what a chunk trains, which
commands it knows and what a frame holds.
"""

from __future__ import annotations

import queue
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from typing import Generic, NoReturn, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from nnplayground.crash_log import log_quietly
from nnplayground.live.commands import Command, Pause, Play, Quit, RunCommand, SetSpeedLimit, Step, Toggle
from nnplayground.live.frames import RunState
from nnplayground.ui.threads.blas_cap import one_blas_thread
from nnplayground.ui.threads.collector import freeze_survivors
from nnplayground.ui.threads.gui_turns import GUI_TURNS, GuiTurns

CHUNK_SECONDS = 0.004
PUBLISH_SECONDS = 0.02
MAX_CHUNK_EPOCHS = 1_000_000
MAX_PACING_WAIT = 0.05
MAX_PUBLISH_SHARE = 0.2
# Work a paused frame left for later waits this long for a Play or Reset that would make it moot.
IDLE_WORK_DELAY = 0.3
# Longer than the GUI waits for a chunk (``gui_turns.MAX_WAIT_FOR_WORKER``): see ``GuiTurns.worker_chunk``.
LONG_CHUNK_SECONDS = 0.01


class _Published(Protocol):
    @property
    def state(self) -> RunState: ...


FrameT = TypeVar("FrameT", bound=_Published)


class _RateMeter:
    """Epochs per second over the last second of chunks; zero once training stops."""

    WINDOW = 1.0

    def __init__(self) -> None:
        self._chunks: deque[tuple[float, float, int]] = deque()

    def add(self, start: float, end: float, epochs: int) -> None:
        self._chunks.append((start, end, epochs))
        while self._chunks and end - self._chunks[0][1] > self.WINDOW:
            self._chunks.popleft()

    def clear(self) -> None:
        self._chunks.clear()

    def rate(self, now: float) -> float:
        if not self._chunks or now - self._chunks[-1][1] > 0.5:
            return 0.0
        span = self._chunks[-1][1] - self._chunks[0][0]
        return sum(epochs for _, _, epochs in self._chunks) / span if span > 0 else 0.0


class ChunkedWorker(QObject, Generic[FrameT]):
    """Plays, steps and paces training in chunks; lives in a ``QThread``; talks through a queue and a slot.

    ``send`` (the one way commands come in) only enqueues, so any thread may call it.
    ``failed`` carries the text of an unexpected exception: the worker reports
    it, pauses and keeps serving commands rather than taking the app down.
    A subclass trains (``_train``), knows divergence (``_diverged``), names
    its ``COMMANDS`` and carries them out (``_apply``), builds frames (``_make_frame``) and ends its
    ``__init__`` with ``_publish()``, so ``latest`` always has a frame.
    """

    failed = Signal(str)
    refused = Signal(str)
    finished = Signal()
    # A frame published before a long chunk, which waits for it to be drawn (``GuiTurns.worker_chunk``).
    frame_ready = Signal()
    # The command types ``send`` accepts (``live.commands``).
    COMMANDS: tuple[type, ...] = ()

    def __init__(self, turns: GuiTurns | None) -> None:
        """``turns``: the GUI thread's (``GUI_TURNS``) unless a test brings its own."""
        super().__init__()
        self.turns = GUI_TURNS if turns is None else turns
        self._commands: queue.SimpleQueue[Command] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._frame: FrameT | None = None
        self._serial = 0
        self._running = False
        self._steps_left = 0
        self._speed_limit: float | None = None
        self._pace_origin = (0.0, 0)
        self._chunk_epochs = 1
        self._chunk_seconds = 0.0
        self._frame_follows = True
        self._draw_before_next: int | None = None
        self._rate = _RateMeter()
        self._next_publish = 0.0
        self._version = 0

    # ----- what a subclass says ----------------------------------------------------

    def _train(self, epochs: int) -> int:
        """Train ``epochs`` epochs; the number actually trained (fewer once training diverges).

        ``_frame_follows`` says whether a frame will be published right after this chunk, so what
        only a frame shows (the test set's figures) is worth computing at its end; on other chunks it
        would be thrown away.
        """
        raise NotImplementedError

    def _diverged(self) -> bool:
        raise NotImplementedError

    def _apply(self, command: Command) -> None:
        """Carry out one of ``COMMANDS``; any other is a programming error (``unknown``)."""
        raise NotImplementedError

    def _make_frame(self, state: RunState, epochs_per_second: float, serial: int) -> FrameT:
        raise NotImplementedError

    def _idle_work_due(self) -> bool:
        """Whether a paused frame left work for later (the main window's costly gradients:
        ``TrainingRun``), done once no command came for ``IDLE_WORK_DELAY`` and then shown."""
        return False

    def _do_idle_work(self) -> None:
        """That work (see ``_idle_work_due``)."""

    def _training_stopped(self) -> None:
        """A play or a step has just ended (finished, paused or diverged) after a chunk."""

    def _apply_playing(self, command: RunCommand) -> None:
        """The commands every worker carries out alike: pause, step and the speed limit."""
        match command:
            case Play():
                self._start_playing()
            case Pause():
                self._running = False
            case Toggle():
                if self._running:
                    self._running = False
                else:
                    self._start_playing()
            case Step(epochs):
                self._add_steps(epochs)
            case SetSpeedLimit(limit):
                self._limit_speed(limit)
            case _:
                unknown(command)

    # ----- the command port (any thread) ------------------------------------------

    def send(self, command: Command) -> None:
        """Queue ``command`` for between chunks; ``TypeError`` at once if this worker does not know it."""
        if not isinstance(command, self.COMMANDS):
            raise TypeError(f"{type(self).__name__} does not take {type(command).__name__} commands")
        self._commands.put(command)

    def stop(self) -> None:
        """Ask ``run`` to return after the current chunk; the owner then quits and joins the thread.

        Also sets ``_stopping``, which long work between chunks (a CSV being
        read) watches, so closing the window never waits for it.
        """
        self._stopping.set()
        self._commands.put(Quit())

    def latest(self) -> FrameT:
        with self._lock:
            assert self._frame is not None
            return self._frame

    def is_training(self) -> bool:
        return self.latest().state in (RunState.RUNNING, RunState.STEPPING)

    # ----- the loop (worker thread) ----------------------------------------------

    @Slot()
    def run(self) -> None:
        with one_blas_thread():
            self._loop()
        self._publish_safely()
        self.moveToThread(QCoreApplication.instance().thread())
        self.finished.emit()

    def _loop(self) -> None:
        while True:
            try:
                if not self._handle_commands():
                    break
                if self._running or self._steps_left:
                    self._train_chunk()
            except Exception as error:  # reported and survived: a failed chunk must not end the app
                self._halt()
                self._version += 1
                traceback.print_exc()
                logged = log_quietly("training thread", traceback.format_exc())
                where = f"\n\nThe details are logged in {logged}." if logged else ""
                self.failed.emit(f"{type(error).__name__}: {error}{where}")
                self._publish_safely()

    def _handle_commands(self) -> bool:
        """Apply every queued command; block while idle. Returns False on quit."""
        timeout = self._wait_time()
        later = timeout is None and self._idle_work_due()
        try:
            if later:
                command = self._commands.get(timeout=IDLE_WORK_DELAY)
            else:
                command = self._commands.get(timeout=timeout) if timeout != 0 else self._commands.get_nowait()
        except queue.Empty:
            if later:
                self._do_idle_work()
                # A command sent meanwhile (a setting changed in the panel) goes first: a frame of the
                # settings before it would set the panel back for a moment.
                if self._commands.empty():
                    self._publish()
            return True
        while True:
            match command:
                case Quit():
                    return False
                case _:
                    self._apply(command)
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                break
        self._publish()
        return True

    def _wait_time(self) -> float | None:
        """How long the queue may block: forever when idle, until the next paced epoch when playing slowly."""
        if self._steps_left:
            return 0
        if not self._running:
            return None
        if self._speed_limit is None:
            return 0
        due = self._paced_epochs_due()
        if due > 0:
            return 0
        origin_time, origin_epochs = self._pace_origin
        next_time = origin_time + (origin_epochs + 1) / self._speed_limit
        return min(MAX_PACING_WAIT, max(0.0, next_time - time.perf_counter()))

    def _start_playing(self) -> None:
        self._running = True
        self._steps_left = 0
        self._pace_origin = (time.perf_counter(), 0)

    def _halt(self) -> None:
        """Stop playing and forget the steps still to train."""
        self._running = False
        self._steps_left = 0

    def _add_steps(self, epochs: int) -> None:
        self._running = False
        self._steps_left += epochs

    def _limit_speed(self, epochs_per_second: float | None) -> None:
        self._speed_limit = epochs_per_second
        self._pace_origin = (time.perf_counter(), 0)

    def _new_run(self) -> None:
        """A new run starts from epoch 0 (or from other data): chunk size and rate are learnt afresh."""
        self._chunk_epochs = 1
        self._rate.clear()

    def _paced_epochs_due(self) -> int:
        origin_time, origin_epochs = self._pace_origin
        assert self._speed_limit is not None
        return int((time.perf_counter() - origin_time) * self._speed_limit) - origin_epochs

    def _train_chunk(self) -> None:
        epochs = self._chunk_epochs
        if self._steps_left:
            epochs = min(epochs, self._steps_left)
        elif self._speed_limit is not None:
            epochs = min(epochs, max(self._paced_epochs_due(), 0))
            if epochs == 0:
                return
        self._frame_follows = self._chunk_shown(epochs)
        after_frame, self._draw_before_next = self._draw_before_next, None
        with self.turns.worker_chunk(after_frame, long=self._chunks_are_long()):
            start = time.perf_counter()
            done = self._train(epochs)
            end = time.perf_counter()
        self._chunk_seconds = end - start
        self._version += 1
        if self._steps_left:
            self._steps_left -= epochs
        elif self._speed_limit is not None:
            origin_time, origin_epochs = self._pace_origin
            self._pace_origin = (origin_time, origin_epochs + epochs)
        self._rate.add(start, end, max(done, 0))
        if self._diverged():
            self._halt()
        elif done == epochs:
            self._adapt_chunk(epochs, end - start)
        if not (self._running or self._steps_left):
            self._training_stopped()
            self._publish()
        elif self._frame_follows:
            self._publish()

    def _chunks_are_long(self) -> bool:
        """The last chunk outlasted what the GUI waits for (one epoch on 100 000 points): the next one
        will too, so the GUI paints beside it and the worker waits for the frame before it instead."""
        return self._chunk_seconds > LONG_CHUNK_SECONDS

    def _chunk_shown(self, epochs: int) -> bool:
        """Whether a frame follows the chunk about to train: its last, a long one (an epoch on 100 000
        points: each is shown, and a Pause shows within one), or one ending past the publish time.

        Decided before the chunk (from the last chunk's length), and then kept to, so every frame
        published while training ends on an epoch whose test figures were computed. A frame's cost
        on large data is mostly the forward pass over the training points, which the next epoch
        starts from (``Trainer.metrics``), so a long chunk's frame is not held to the publish share.
        """
        if self._steps_left and epochs >= self._steps_left:
            return True
        if self._chunks_are_long():
            return True
        return time.perf_counter() + self._chunk_seconds >= self._next_publish

    def _adapt_chunk(self, epochs: int, seconds: float) -> None:
        """Aim chunks at ``CHUNK_SECONDS``, growing at most 4× a chunk: a slow epoch cannot stall commands."""
        target = epochs * 4 if seconds <= 0 else int(epochs * CHUNK_SECONDS / seconds)
        self._chunk_epochs = max(1, min(target, epochs * 4, MAX_CHUNK_EPOCHS))

    def _state(self) -> RunState:
        if self._diverged():
            return RunState.DIVERGED
        if self._running:
            return RunState.RUNNING
        if self._steps_left:
            return RunState.STEPPING
        return RunState.PAUSED

    def _publish(self) -> None:
        """Hand the GUI a new frame; kept to a share of the time, as its cost grows with the data."""
        now = time.perf_counter()
        self._serial += 1
        rate = self._rate.rate(now) if self._running or self._steps_left else 0.0
        frame = self._make_frame(self._state(), rate, self._serial)
        with self._lock:
            self._frame = frame
        if self._chunks_are_long():
            # The GUI cannot wait such a chunk out: the next one waits for it to draw this frame.
            self._draw_before_next = self.turns.frames_drawn()
            if not self._stopping.is_set():  # a closing window draws no more frames
                self.frame_ready.emit()
        cost = time.perf_counter() - now
        self._next_publish = now + max(PUBLISH_SECONDS, cost / MAX_PUBLISH_SHARE)

    def _publish_safely(self) -> None:
        try:
            self._publish()
        except Exception:  # the previous frame stays up; the failure has already been reported
            traceback.print_exc()


def unknown(command: object) -> NoReturn:
    """The end of every ``match`` on commands: ``send`` lets through only known types, so this is a bug."""
    raise TypeError(f"no worker carries out {command!r}")


WorkerT = TypeVar("WorkerT", bound=ChunkedWorker)


class WorkerThread(Generic[WorkerT]):
    """A worker and its ``QThread``: the one place that starts and joins them.

    Not a ``QThread`` subclass: the worker object is moved to a plain
    ``QThread`` so its slots, signals and lifetime follow Qt's documented
    worker-object pattern. ``turns`` are the GUI thread's (``GUI_TURNS``),
    shared by every training thread and the windows that draw their frames.
    """

    def __init__(self, make_worker: Callable[[], WorkerT], name: str) -> None:
        self.thread = QThread()
        self.thread.setObjectName(name)
        self.worker = make_worker()
        self.turns = self.worker.turns
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self.thread.quit)

    def start(self) -> None:
        freeze_survivors()
        self.thread.start()

    def send(self, command: Command) -> None:
        """The thread's command port, for any thread: ``ChunkedWorker.send``."""
        self.worker.send(command)

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop the worker, quit the thread and wait for it; True once it has ended."""
        self.turns.gui_idle()
        if not self.thread.isRunning():
            return True
        self.worker.stop()
        self.thread.quit()
        return self.thread.wait(timeout_ms)
