"""Compare mode's training thread: two trainers in lockstep, driven as the main worker drives one.

The same discipline as ``worker.TrainingWorker`` (read its docstring): the
loop never returns to its thread's event loop, so commands arrive through a
queue drained between time-sized chunks; the newest pair of snapshots sits
in a lock-protected slot that the compare window's timer pulls; and the GUI
and the worker take turns through a ``GuiTurns``. Each chunk trains the left
side, then the right side, by the same number of epochs (``Lockstep``), so a
published pair is always at one epoch.
"""

from __future__ import annotations

import queue
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from nnplayground.core.config import ConfigError, ExperimentConfig
from nnplayground.core.lockstep import Lockstep
from nnplayground.core.trainer import Snapshot

from .worker import GuiTurns, RunState

CHUNK_SECONDS = 0.004
PUBLISH_SECONDS = 0.02
MAX_CHUNK_EPOCHS = 1_000_000
RATE_WINDOW_SECONDS = 1.0


@dataclass(frozen=True)
class ComparePair:
    """What the compare window draws: both sides at one epoch, and what to tell the user.

    ``note`` says when the right side was given the left side's data;
    ``message`` names the side that diverged. ``serial`` grows with every
    publication, so the window skips pairs it has drawn.
    """

    left: Snapshot
    right: Snapshot
    state: RunState
    epochs_per_second: float
    serial: int
    note: str = ""
    message: str = ""

    @property
    def epoch(self) -> int:
        return self.left.epoch


class CompareWorker(QObject):
    """Owns a ``Lockstep``; lives in a ``QThread``; its command methods only enqueue, from any thread."""

    refused = Signal(str)
    failed = Signal(str)
    finished = Signal()

    def __init__(
        self, left: ExperimentConfig, right: ExperimentConfig, turns: GuiTurns | None = None
    ) -> None:
        super().__init__()
        self._lockstep = Lockstep(left, right)
        self._turns = turns or GuiTurns()
        self._commands: queue.SimpleQueue[tuple] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._pair: ComparePair | None = None
        self._serial = 0
        self._running = False
        self._steps_left = 0
        self._chunk_epochs = 1
        self._chunks: deque[tuple[float, int]] = deque()
        self._next_publish = 0.0
        self._version = 0
        self._snapshots: tuple[Snapshot, Snapshot] | None = None
        self._snapshots_version = -1
        self._publish()

    # ----- commands (any thread) -----------------------------------------------

    def play(self) -> None:
        self._commands.put(("play",))

    def pause(self) -> None:
        self._commands.put(("pause",))

    def toggle(self) -> None:
        """Play if paused, pause if running: decided in the worker, so rapid presses never race."""
        self._commands.put(("toggle",))

    def step(self, epochs: int) -> None:
        """Train both sides exactly ``epochs`` more epochs, then pause."""
        if epochs < 1:
            raise ValueError("a step is at least 1 epoch")
        self._commands.put(("step", int(epochs)))

    def reset(self) -> None:
        """Both sides back to epoch 0 with their seeds; pauses."""
        self._commands.put(("reset",))

    def set_configs(self, left: ExperimentConfig, right: ExperimentConfig) -> None:
        """Start both sides afresh on new configurations (a refusal comes back through ``refused``)."""
        self._commands.put(("configs", left, right))

    def stop(self) -> None:
        self._commands.put(("quit",))

    def latest(self) -> ComparePair:
        with self._lock:
            assert self._pair is not None
            return self._pair

    def is_training(self) -> bool:
        return self.latest().state in (RunState.RUNNING, RunState.STEPPING)

    # ----- the loop (worker thread) ----------------------------------------------

    @Slot()
    def run(self) -> None:
        while True:
            try:
                if not self._handle_commands():
                    break
                if self._running or self._steps_left:
                    self._train_chunk()
            except Exception as error:  # reported and survived: a failed chunk must not end the app
                self._running = False
                self._steps_left = 0
                self._version += 1
                traceback.print_exc()
                self.failed.emit(f"{type(error).__name__}: {error}")
                self._publish()
        self.moveToThread(QCoreApplication.instance().thread())
        self.finished.emit()

    def _handle_commands(self) -> bool:
        """Apply every queued command; block while idle. Returns False on quit."""
        busy = self._running or self._steps_left
        try:
            command = self._commands.get_nowait() if busy else self._commands.get()
        except queue.Empty:
            return True
        while True:
            if command[0] == "quit":
                return False
            self._apply(command)
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                break
        self._publish()
        return True

    def _apply(self, command: tuple) -> None:
        name = command[0]
        starts = name == "play" or (name == "toggle" and not self._running)
        if (starts or name == "step") and self._refuse_if_diverged():
            return
        if starts:
            self._running, self._steps_left = True, 0
        elif name in ("pause", "toggle"):
            self._running = False
        elif name == "step":
            self._running = False
            self._steps_left += command[1]
        elif name == "reset":
            self._stop()
            self._lockstep.reset()
        elif name == "configs":
            try:
                lockstep = Lockstep(command[1], command[2])
            except ConfigError as error:
                self.refused.emit(f"Those two configurations cannot be compared: {error}")
                return
            self._stop()
            self._lockstep = lockstep
        else:
            raise ValueError(f"unknown compare command {name!r}")

    def _refuse_if_diverged(self) -> bool:
        sides = self._lockstep.diverged_sides()
        if not sides:
            return False
        which = "both sides" if len(sides) == 2 else f"the {sides[0]} side"
        self.refused.emit(
            f"Cannot train on: {which} diverged. Press Reset (R), or choose another configuration "
            "(a lower learning rate)."
        )
        return True

    def _stop(self) -> None:
        """Pause and forget the pace: a new run follows."""
        self._running = False
        self._steps_left = 0
        self._chunk_epochs = 1
        self._chunks.clear()
        self._version += 1

    def _train_chunk(self) -> None:
        epochs = self._chunk_epochs
        if self._steps_left:
            epochs = min(epochs, self._steps_left)
        with self._turns.worker_chunk():
            start = time.perf_counter()
            done = self._lockstep.train(epochs)
            end = time.perf_counter()
        self._version += 1
        if self._steps_left:
            self._steps_left -= epochs
        self._chunks.append((end, max(done, 0)))
        while self._chunks and end - self._chunks[0][0] > RATE_WINDOW_SECONDS:
            self._chunks.popleft()
        if self._lockstep.diverged_sides():
            self._running = False
            self._steps_left = 0
        elif done == epochs:
            target = epochs * 4 if end <= start else int(epochs * CHUNK_SECONDS / (end - start))
            self._chunk_epochs = max(1, min(target, epochs * 4, MAX_CHUNK_EPOCHS))
        if not (self._running or self._steps_left) or end >= self._next_publish:
            self._publish()

    def _state(self) -> RunState:
        if self._lockstep.diverged_sides():
            return RunState.DIVERGED
        if self._running:
            return RunState.RUNNING
        if self._steps_left:
            return RunState.STEPPING
        return RunState.PAUSED

    def _rate(self, now: float) -> float:
        if not (self._running or self._steps_left) or len(self._chunks) < 2:
            return 0.0
        span = now - self._chunks[0][0]
        return sum(epochs for _, epochs in list(self._chunks)[1:]) / span if span > 0 else 0.0

    def _publish(self) -> None:
        """Snapshot both sides (only if they may have changed) for the GUI's next tick."""
        now = time.perf_counter()
        if self._snapshots is None or self._snapshots_version != self._version:
            self._snapshots = self._lockstep.snapshots()
            self._snapshots_version = self._version
        self._serial += 1
        left, right = self._snapshots
        pair = ComparePair(
            left=left,
            right=right,
            state=self._state(),
            epochs_per_second=self._rate(now),
            serial=self._serial,
            note=self._lockstep.note,
            message=self._lockstep.divergence_message(),
        )
        with self._lock:
            self._pair = pair
        self._next_publish = now + PUBLISH_SECONDS


class CompareThread:
    """The compare worker and its ``QThread``: the one place that starts and joins them."""

    def __init__(self, left: ExperimentConfig, right: ExperimentConfig) -> None:
        self.turns = GuiTurns()
        self.thread = QThread()
        self.thread.setObjectName("compareThread")
        self.worker = CompareWorker(left, right, self.turns)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self.thread.quit)

    def start(self) -> None:
        self.thread.start()

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
