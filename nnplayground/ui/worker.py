"""The training thread: one ``Trainer``, driven in time-sized chunks, publishing frames.

The worker's ``run`` loop never returns to its thread's event loop while a
session lasts, so queued Qt calls would never reach it: commands arrive
through a ``queue.SimpleQueue`` drained between chunks instead, which is also
what guarantees the network is never read half-updated. Results leave the
same way in reverse: the newest ``Frame`` sits in a lock-protected slot that
the GUI's timer pulls at its own pace, so however fast training runs, the GUI
sees at most one update per tick and is never flooded with signals.

The two threads share one interpreter lock, and NumPy releases it inside
every small ``np.dot`` of an epoch; a GUI thread that waits for it while the
worker drops and retakes it hundreds of thousands of times a second burns
both threads' time in hand-overs (measured: a GUI busy 30 % of the time cost
training 57 % of its speed). ``GuiTurns`` has them take turns instead: the
worker trains only while the GUI's event loop is idle, one time-sized chunk
at a time.
"""

from __future__ import annotations

import queue
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.data_editing import add_point, from_points, remove_nearest
from nnplayground.core.datasets import DatasetError, load_csv
from nnplayground.core.network import Gradients
from nnplayground.core.session import SessionError, load_session, save_session
from nnplayground.core.trainer import Snapshot, Trainer
from nnplayground.crash_log import log_quietly

from .gradient_report import GradientReport, parameter_count, run_check
from .stepper_session import StepperFrame, StepperSession

CHUNK_SECONDS = 0.004
PUBLISH_SECONDS = 0.02
MAX_CHUNK_EPOCHS = 1_000_000
MAX_PACING_WAIT = 0.05
MAX_WAIT_FOR_GUI = 0.05
MAX_WAIT_FOR_WORKER = 0.01
# After each chunk the worker sleeps this long, so a GUI thread waiting for the interpreter lock
# is sure to get it (see GuiTurns).
GIL_WINDOW = 0.0005
MAX_PUBLISH_SHARE = 0.2
# Hover read-outs show each weight's gradient when paused, unless one backward pass costs too much.
MAX_GRADIENT_WORK = 50_000_000


class RunState(StrEnum):
    PAUSED = "paused"
    RUNNING = "running"
    STEPPING = "stepping"
    DIVERGED = "diverged"


@dataclass(frozen=True)
class Frame:
    """What the GUI draws: a snapshot plus the worker's own view of the run.

    ``serial`` grows with every publication so the GUI can skip frames it has
    already drawn; ``version`` grows whenever the trainer may have changed,
    and the snapshot object is reused while it does not, so views can tell
    "same weights" by identity. ``gradients`` (the full-batch cost gradient
    of the snapshot's weights) is there while training is paused;
    ``stepper`` while the step-through is open; ``gradient_report`` once a
    check has run (stale when its version is not the frame's).
    """

    snapshot: Snapshot
    state: RunState
    epochs_per_second: float
    serial: int
    version: int = 0
    stepper: StepperFrame | None = None
    gradients: Gradients | None = None
    gradient_report: GradientReport | None = None


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


class GuiTurns:
    """Worker chunks and GUI work take turns instead of contending for the interpreter lock.

    The GUI thread calls ``gui_busy`` before it draws a frame and ``gui_idle``
    when its event loop is about to sleep again (the repaints done);
    ``gui_busy`` waits for the worker's current chunk (a few ms) to end, but
    never longer than ``MAX_WAIT_FOR_WORKER``, so a slow epoch (a huge data
    set) cannot freeze the window. The worker waits for an idle GUI before
    each chunk, but never longer than ``MAX_WAIT_FOR_GUI``, so a GUI that is
    never idle slows training without stopping it, and commands such as quit
    are always seen.

    Between frames the GUI still needs the lock for every event it handles,
    and a worker running many small NumPy calls can starve it: each call
    releases and at once retakes the lock, which resets CPython's forced
    switch, so the GUI waited up to 1.7 s for a timer (the perceptron at full
    speed). Sleeping ``GIL_WINDOW`` after each chunk hands the lock over for
    sure: answers within ~50 ms at a cost of ~0.5 ms per 4 ms chunk.
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._gui_busy = False
        self._in_chunk = False

    def gui_busy(self) -> None:
        with self._condition:
            self._gui_busy = True
            self._condition.wait_for(lambda: not self._in_chunk, MAX_WAIT_FOR_WORKER)

    def gui_idle(self) -> None:
        with self._condition:
            self._gui_busy = False
            self._condition.notify_all()

    @contextmanager
    def worker_chunk(self) -> Iterator[None]:
        with self._condition:
            self._condition.wait_for(lambda: not self._gui_busy, MAX_WAIT_FOR_GUI)
            self._in_chunk = True
        try:
            yield
        finally:
            with self._condition:
                self._in_chunk = False
                self._condition.notify_all()
            time.sleep(GIL_WINDOW)


class TrainingWorker(QObject):
    """Owns the trainer; lives in a ``QThread``; talks to the GUI through a queue and a slot.

    The public command methods only enqueue, so any thread may call them.
    ``failed`` carries the text of an unexpected exception: the worker reports
    it, pauses and keeps serving commands rather than taking the app down.
    """

    failed = Signal(str)
    refused = Signal(str)
    finished = Signal()
    session_saved = Signal(str)
    session_opened = Signal(str)
    session_failed = Signal(str)
    data_imported = Signal(str)
    data_failed = Signal(str)
    point_refused = Signal(str)

    def __init__(self, config: ExperimentConfig, turns: GuiTurns | None = None) -> None:
        super().__init__()
        self._trainer = Trainer(config)
        self._turns = turns or GuiTurns()
        self._commands: queue.SimpleQueue[tuple] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._frame: Frame | None = None
        self._serial = 0
        self._running = False
        self._steps_left = 0
        self._speed_limit: float | None = None
        self._pace_origin = (0.0, 0)
        self._chunk_epochs = 1
        self._rate = _RateMeter()
        self._next_publish = 0.0
        self._version = 0
        self._snapshot: Snapshot | None = None
        self._snapshot_version = -1
        self._gradients: Gradients | None = None
        self._gradients_version = -1
        self._stepper: StepperSession | None = None
        self._gradient_report: GradientReport | None = None
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
        """Train exactly ``epochs`` more epochs at full speed, then pause (stops a running play)."""
        if epochs < 1:
            raise ValueError("a step is at least 1 epoch")
        self._commands.put(("step", int(epochs)))

    def reset(self) -> None:
        """Re-draw the data and weights from the configuration's seeds; pauses."""
        self._commands.put(("reset",))

    def reconfigure(self, config: ExperimentConfig, *, restart: bool = False) -> None:
        """Apply new settings between chunks; ``restart`` forces a fresh run even for hyper-parameters."""
        self._commands.put(("reconfigure", config, restart))

    def set_speed_limit(self, epochs_per_second: float | None) -> None:
        """Cap playing speed (``None`` = as fast as possible); steps always run at full speed."""
        if epochs_per_second is not None and epochs_per_second <= 0:
            raise ValueError("a speed limit must be a positive number of epochs per second")
        self._commands.put(("speed", epochs_per_second))

    def stop(self) -> None:
        """Ask ``run`` to return after the current chunk; the owner then quits and joins the thread.

        Also cuts short a CSV being read, so closing the window never waits for a big import.
        """
        self._stopping.set()
        self._commands.put(("quit",))

    def save_session(self, path: str) -> None:
        """Write the session between chunks; ``session_saved`` or ``session_failed`` reports back."""
        self._commands.put(("save_session", path))

    def open_session(self, path: str) -> None:
        """Replace the run with a saved one, only if the whole file checks out (``session_failed`` if not)."""
        self._commands.put(("open_session", path))

    def add_point(self, x1: float, x2: float, label: float) -> None:
        """Add a training point; the run goes on from its weights (``point_refused`` says why not)."""
        self._commands.put(("add_point", float(x1), float(x2), float(label)))

    def remove_point(self, x1: float, x2: float) -> None:
        """Remove the point nearest ``(x1, x2)``; refused (``point_refused``) if its class cannot spare it."""
        self._commands.put(("remove_point", float(x1), float(x2)))

    def import_data(self, path: str) -> None:
        """Read a CSV here, off the GUI thread; a new run on it (``data_imported``) or ``data_failed``."""
        self._commands.put(("import_data", str(path)))

    def use_generated_data(self) -> None:
        """Leave imported or drawn points for the ones the settings generate; a new run, paused."""
        self._commands.put(("use_generated_data",))

    def enter_stepper(self) -> None:
        """Pause and open the step-through on the current epoch's first phase."""
        self._commands.put(("enter_stepper",))

    def leave_stepper(self) -> None:
        """Close the step-through; training resumes if it was playing when the step-through opened."""
        self._commands.put(("leave_stepper",))

    def next_phase(self) -> None:
        """One phase on; past the update phase the epoch is committed (exactly ``train(1)``)."""
        self._commands.put(("next_phase",))

    def previous_phase(self) -> None:
        """One phase back; before the first phase, back to the exact state one epoch earlier."""
        self._commands.put(("previous_phase",))

    def go_to_phase(self, phase: int) -> None:
        """Jump to a phase of the epoch being shown."""
        self._commands.put(("go_to_phase", int(phase)))

    def set_weight(self, layer: int, row: int, column: int, value: float) -> None:
        """Overwrite one weight between chunks; a refusal comes back through ``refused``."""
        self._commands.put(("set_weight", layer, row, column, float(value)))

    def set_bias(self, layer: int, index: int, value: float) -> None:
        """Overwrite one bias between chunks; a refusal comes back through ``refused``."""
        self._commands.put(("set_bias", layer, index, float(value)))

    def check_gradients(self) -> None:
        """Compare backprop with finite differences on the current weights; see ``Frame.gradient_report``."""
        self._commands.put(("check_gradients",))

    def latest(self) -> Frame:
        with self._lock:
            assert self._frame is not None
            return self._frame

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
                logged = log_quietly("training thread", traceback.format_exc())
                where = f"\n\nThe details are logged in {logged}." if logged else ""
                self.failed.emit(f"{type(error).__name__}: {error}{where}")
                self._publish_safely()
        self._publish_safely()
        self.moveToThread(QCoreApplication.instance().thread())
        self.finished.emit()

    def _handle_commands(self) -> bool:
        """Apply every queued command; block while idle. Returns False on quit."""
        timeout = self._wait_time()
        try:
            command = self._commands.get(timeout=timeout) if timeout != 0 else self._commands.get_nowait()
        except queue.Empty:
            return True
        changed = False
        while True:
            if command[0] == "quit":
                return False
            self._apply(command)
            changed = True
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                break
        if changed:
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

    def _apply(self, command: tuple) -> None:
        name = command[0]
        trainer = self._trainer
        if name in ("play", "toggle") and self._stepper is not None:
            self._stepper = None
            self._start_playing()
        elif name == "play":
            self._start_playing()
        elif name == "pause":
            self._running = False
        elif name == "toggle":
            if self._running:
                self._running = False
            else:
                self._start_playing()
        elif name == "step":
            self._running = False
            self._steps_left += command[1]
        elif name == "reset":
            self._running = False
            self._steps_left = 0
            trainer.reset()
            self._new_run()
            self._trainer_changed(restart_stepper=True)
        elif name == "reconfigure":
            _, config, restart = command
            run = trainer.run_id
            trainer.reconfigure(config)
            if restart and trainer.run_id == run:
                trainer.reset()
            if trainer.run_id != run:
                self._running = False
                self._steps_left = 0
                self._new_run()
            self._chunk_epochs = 1
            self._trainer_changed(restart_stepper=True)
        elif name == "speed":
            self._speed_limit = command[1]
            self._pace_origin = (time.perf_counter(), 0)
        elif name in ("set_weight", "set_bias"):
            self._edit(command)
        elif name == "check_gradients":
            self._check_gradients()
        elif name == "save_session":
            self._save_session(command[1])
        elif name == "open_session":
            self._open_session(command[1])
        elif name in ("add_point", "remove_point"):
            self._edit_points(command)
        elif name == "import_data":
            self._import_data(command[1])
        elif name == "use_generated_data":
            if trainer.has_imported_data:
                self._start_new_run(trainer.use_generated_data)
        else:
            self._apply_stepper(command)

    def _apply_stepper(self, command: tuple) -> None:
        name, stepper = command[0], self._stepper
        if name == "enter_stepper":
            if stepper is None:
                self._stepper = StepperSession(self._trainer, resume_playing=self._running)
                self._running = False
                self._steps_left = 0
        elif name == "leave_stepper":
            if stepper is not None:
                self._stepper = None
                if stepper.resume_playing:
                    self._start_playing()
        elif name not in ("next_phase", "previous_phase", "go_to_phase"):
            raise ValueError(f"unknown worker command {name!r}")
        elif stepper is None or self._steps_left:
            return
        elif name == "next_phase":
            if stepper.next():
                self._version += 1
        elif name == "previous_phase":
            if stepper.previous():
                self._version += 1
        else:
            stepper.go_to(command[1])

    def _edit(self, command: tuple) -> None:
        """A weight or bias typed on the diagram: applied here, between chunks, or refused in words."""
        try:
            if command[0] == "set_weight":
                self._trainer.set_weight(*command[1:])
            else:
                self._trainer.set_bias(*command[1:])
        except ValueError as error:
            self.refused.emit(str(error))
            return
        except IndexError:
            self.refused.emit(
                "that weight is not in the current network (it changed meanwhile); nothing was set"
            )
            return
        self._trainer_changed(restart_stepper=False)

    def _edit_points(self, command: tuple) -> None:
        """A point drawn or removed on the plot: the run goes on from its weights on the new points."""
        trainer = self._trainer
        regression = trainer.config.is_regression
        try:
            if command[0] == "add_point":
                data = add_point(trainer.data, *command[1:], regression=regression)
            else:
                data = remove_nearest(trainer.data, *command[1:], regression=regression)
        except DatasetError as error:
            self.point_refused.emit(str(error))
            return
        trainer.replace_data(data, keep_weights=True)
        self._chunk_epochs = 1
        self._trainer_changed(restart_stepper=False)

    def _import_data(self, path: str) -> None:
        """Everything is read and checked before the trainer is touched, so a bad file changes nothing."""
        config = self._trainer.config
        try:
            X, y = load_csv(path, regression=config.is_regression, cancelled=self._stopping.is_set)
            data = from_points(
                X,
                y,
                test_fraction=config.test_fraction,
                seed=config.data_seed,
                regression=config.is_regression,
            )
        except DatasetError as error:
            if self._stopping.is_set():
                return
            self.data_failed.emit(
                f"Could not import {Path(path).name}: {error}.\nThe current data is unchanged."
            )
            return
        self._start_new_run(lambda: self._trainer.replace_data(data))
        self._publish()
        self.data_imported.emit(path)

    def _start_new_run(self, change: Callable[[], None]) -> None:
        self._running = False
        self._steps_left = 0
        change()
        self._new_run()
        self._trainer_changed(restart_stepper=True)

    def _save_session(self, path: str) -> None:
        try:
            save_session(path, self._trainer, custom_data=self._trainer.has_imported_data)
        except OSError as error:
            self.session_failed.emit(f"Could not save {path}: {error.strerror or error}")
            return
        self.session_saved.emit(path)

    def _open_session(self, path: str) -> None:
        try:
            trainer, _ = load_session(path)
        except SessionError as error:
            self.session_failed.emit(
                f"Could not open {Path(path).name}: {error}\nThe current session is unchanged."
            )
            return
        self._running = False
        self._steps_left = 0
        self._stepper = None
        self._trainer = trainer
        self._new_run()
        self._trainer_changed(restart_stepper=True)
        self._publish()
        self.session_opened.emit(path)

    def _trainer_changed(self, *, restart_stepper: bool) -> None:
        """Weights or settings changed outside the step-through's own moves: its walk must follow."""
        self._version += 1
        if self._stepper is None:
            return
        if restart_stepper:
            self._stepper = StepperSession(self._trainer, resume_playing=self._stepper.resume_playing)
        else:
            self._stepper.restart(keep_phase=True)

    def _check_gradients(self) -> None:
        trainer = self._trainer
        network = trainer.state().network
        self._gradient_report = run_check(
            network, trainer.inputs, trainer.labels, trainer.config.loss, self._version
        )

    def _start_playing(self) -> None:
        self._running = True
        self._steps_left = 0
        self._pace_origin = (time.perf_counter(), 0)

    def _new_run(self) -> None:
        """A new run (the trainer's ``run_id`` moved on): views start a new curve, maybe keeping a ghost."""
        self._chunk_epochs = 1
        self._rate.clear()

    def _paced_epochs_due(self) -> int:
        origin_time, origin_epochs = self._pace_origin
        assert self._speed_limit is not None
        return int((time.perf_counter() - origin_time) * self._speed_limit) - origin_epochs

    def _train_chunk(self) -> None:
        trainer = self._trainer
        epochs = self._chunk_epochs
        if self._steps_left:
            epochs = min(epochs, self._steps_left)
        elif self._speed_limit is not None:
            epochs = min(epochs, max(self._paced_epochs_due(), 0))
            if epochs == 0:
                return
        with self._turns.worker_chunk():
            start = time.perf_counter()
            done = trainer.train(epochs)
            end = time.perf_counter()
        self._version += 1
        if self._steps_left:
            self._steps_left -= epochs
        elif self._speed_limit is not None:
            origin_time, origin_epochs = self._pace_origin
            self._pace_origin = (origin_time, origin_epochs + epochs)
        self._rate.add(start, end, max(done, 0))
        finished_step = False
        if trainer.divergence is not None:
            self._running = False
            self._steps_left = 0
            finished_step = True
        elif done == epochs:
            self._adapt_chunk(epochs, end - start)
        if self._steps_left == 0 and not self._running:
            finished_step = True
        if finished_step and self._stepper is not None:
            self._stepper.restart(keep_phase=False)
        if finished_step or end >= self._next_publish:
            self._publish()

    def _adapt_chunk(self, epochs: int, seconds: float) -> None:
        """Aim chunks at ``CHUNK_SECONDS``, growing at most 4× a chunk: a slow epoch cannot stall commands."""
        target = epochs * 4 if seconds <= 0 else int(epochs * CHUNK_SECONDS / seconds)
        self._chunk_epochs = max(1, min(target, epochs * 4, MAX_CHUNK_EPOCHS))

    def _state(self) -> RunState:
        if self._trainer.divergence is not None:
            return RunState.DIVERGED
        if self._running:
            return RunState.RUNNING
        if self._steps_left:
            return RunState.STEPPING
        return RunState.PAUSED

    def _publish(self) -> None:
        """Snapshot the trainer for the GUI; kept to a share of the time, as its cost grows with the data."""
        now = time.perf_counter()
        self._serial += 1
        if self._snapshot is None or self._snapshot_version != self._version:
            self._snapshot = self._trainer.snapshot()
            self._snapshot_version = self._version
        state = self._state()
        frame = Frame(
            snapshot=self._snapshot,
            state=state,
            epochs_per_second=self._rate.rate(now) if self._running or self._steps_left else 0.0,
            serial=self._serial,
            version=self._version,
            stepper=None if self._stepper is None else self._stepper.frame(),
            gradients=self._paused_gradients(state),
            gradient_report=self._gradient_report,
        )
        with self._lock:
            self._frame = frame
        cost = time.perf_counter() - now
        self._next_publish = now + max(PUBLISH_SECONDS, cost / MAX_PUBLISH_SHARE)

    def _paused_gradients(self, state: RunState) -> Gradients | None:
        """The cost's gradient for the snapshot's weights, computed once per version while paused."""
        if state in (RunState.RUNNING, RunState.STEPPING):
            return None
        if self._gradients_version != self._version:
            trainer, network = self._trainer, self._snapshot.network
            self._gradients = None
            if len(trainer.inputs) * parameter_count(network) <= MAX_GRADIENT_WORK:
                with np.errstate(all="ignore"):
                    forward = network.forward(trainer.inputs)
                    self._gradients = network.backward(forward, trainer.labels, trainer.config.loss)
            self._gradients_version = self._version
        return self._gradients

    def _publish_safely(self) -> None:
        try:
            self._publish()
        except Exception:  # the previous frame stays up; the failure has already been reported
            traceback.print_exc()


class TrainingThread:
    """The worker and its ``QThread``: the one place that starts and joins them.

    Not a ``QThread`` subclass: the worker object is moved to a plain
    ``QThread`` so its slots, signals and lifetime follow Qt's documented
    worker-object pattern.
    """

    def __init__(self, config: ExperimentConfig) -> None:
        self.turns = GuiTurns()
        self.thread = QThread()
        self.thread.setObjectName("trainingThread")
        self.worker = TrainingWorker(config, self.turns)
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
