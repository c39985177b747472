"""The main window's training thread: one ``Trainer``, driven in time-sized chunks, publishing frames.

How the loop runs, takes commands and hands frames over is
``chunked_worker.ChunkedWorker``'s (read its module docstring, and
``gui_turns`` on why the worker and the GUI take turns); this module says what
a chunk trains — the one ``Trainer`` — and what a ``Frame`` holds, and has the
commands only the main window sends: settings, edits, data, sessions and the
step-through.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import Signal

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.data_editing import add_point, from_points, remove_nearest
from nnplayground.core.datasets import Dataset, DatasetError, load_csv
from nnplayground.core.network import Gradients
from nnplayground.core.session import SessionError, load_session, save_session
from nnplayground.core.trainer import Snapshot, Trainer
from nnplayground.live.frames import Frame, RunState
from nnplayground.live.gradient_report import GradientReport, parameter_count, run_check
from nnplayground.live.stepper_session import StepperSession
from nnplayground.ui.threads.chunked_worker import CHUNK_SECONDS, ChunkedWorker, WorkerThread
from nnplayground.ui.threads.gui_turns import GIL_WINDOW, MAX_WAIT_FOR_GUI, GuiTurns

__all__ = [
    "CHUNK_SECONDS",
    "GIL_WINDOW",
    "MAX_WAIT_FOR_GUI",
    "GuiTurns",
    "TrainingThread",
    "TrainingWorker",
]

# Hover read-outs show each weight's gradient when paused, unless one backward pass costs too much.
MAX_GRADIENT_WORK = 50_000_000


# The commands after which the person's drawn or imported points may have given way to generated ones.
_MAY_DROP_OWN_POINTS = ("reconfigure", "use_generated_data", "load_preset")


class TrainingWorker(ChunkedWorker[Frame]):
    """Owns the trainer: a chunk is ``Trainer.train``; a frame is its snapshot plus the step-through.

    ``refused`` says why a typed weight or bias was not set.
    """

    session_saved = Signal(str)
    session_opened = Signal(str)
    session_failed = Signal(str)
    data_imported = Signal(str)
    data_failed = Signal(str)
    point_refused = Signal(str)
    # How many of the person's own points were put aside for Ctrl+Z (0 once they are back).
    data_set_aside = Signal(int)

    def __init__(self, config: ExperimentConfig, turns: GuiTurns | None = None) -> None:
        super().__init__(turns)
        self._trainer = Trainer(config)
        self._snapshot: Snapshot | None = None
        self._snapshot_version = -1
        self._gradients: Gradients | None = None
        self._gradients_version = -1
        self._stepper: StepperSession | None = None
        self._gradient_report: GradientReport | None = None
        self._set_aside: tuple[Dataset, str] | None = None
        self._publish()

    # ----- commands (any thread) -----------------------------------------------

    def reconfigure(self, config: ExperimentConfig, *, restart: bool = False) -> None:
        """Apply new settings between chunks; ``restart`` forces a fresh run even for hyper-parameters."""
        self._commands.put(("reconfigure", config, restart))

    def set_speed_limit(self, epochs_per_second: float | None) -> None:
        """Cap playing speed (``None`` = as fast as possible); steps always run at full speed."""
        if epochs_per_second is not None and epochs_per_second <= 0:
            raise ValueError("a speed limit must be a positive number of epochs per second")
        self._commands.put(("speed", epochs_per_second))

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

    def load_preset(self, config: ExperimentConfig) -> None:
        """A fresh run of ``config`` on the data it generates; drawn or imported points are put aside."""
        self._commands.put(("load_preset", config))

    def restore_set_aside_data(self) -> None:
        """Bring back the points last put aside, as a new run (``point_refused`` if it cannot)."""
        self._commands.put(("restore_set_aside_data",))

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

    # ----- the loop (worker thread) ----------------------------------------------

    def _train(self, epochs: int) -> int:
        return self._trainer.train(epochs)

    def _diverged(self) -> bool:
        return self._trainer.divergence is not None

    def _training_stopped(self) -> None:
        """An open step-through moves on to the epoch the play or step stopped at."""
        if self._stepper is not None:
            self._stepper.restart(keep_phase=False)

    def _apply(self, command: tuple) -> None:
        """Carry out one command; one that swaps the person's own points for generated ones (a
        preset, "Use generated data", a data setting such as Regenerate) puts them aside for Ctrl+Z."""
        own_points = self._own_points() if command[0] in _MAY_DROP_OWN_POINTS else None
        self._carry_out(command)
        if own_points is not None and not self._trainer.has_imported_data:
            self._set_aside = own_points
            data = own_points[0]
            self.data_set_aside.emit(data.n_train + data.n_test)

    def _own_points(self) -> tuple[Dataset, str] | None:
        trainer = self._trainer
        return (trainer.data, trainer.config.problem) if trainer.has_imported_data else None

    def _carry_out(self, command: tuple) -> None:
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
            self._add_steps(command[1])
        elif name == "reset":
            self._halt()
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
                # Playing goes on into the new run: H while training is "the perceptron takes over".
                playing = self._running and self._stepper is None
                self._halt()
                self._new_run()
                if playing:
                    self._start_playing()
            self._chunk_epochs = 1
            self._trainer_changed(restart_stepper=True)
        elif name == "speed":
            self._limit_speed(command[1])
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
        elif name == "load_preset":
            self._load_preset(command[1])
        elif name == "restore_set_aside_data":
            self._restore_set_aside_data()
        else:
            self._apply_stepper(command)

    def _apply_stepper(self, command: tuple) -> None:
        name, stepper = command[0], self._stepper
        if name == "enter_stepper":
            if stepper is None:
                self._stepper = StepperSession(self._trainer, resume_playing=self._running)
                self._halt()
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

    def _load_preset(self, config: ExperimentConfig) -> None:
        """A preset is the article's experiment whole, its data included."""
        trainer = self._trainer

        def fresh_run() -> None:
            trainer.reconfigure(config)
            trainer.use_generated_data()

        self._start_new_run(fresh_run)

    def _restore_set_aside_data(self) -> None:
        if self._set_aside is None:
            self.point_refused.emit("no points were put aside")
            return
        data, problem = self._set_aside
        if problem != self._trainer.config.problem:
            self.point_refused.emit(
                f"the points put aside are for {problem}; switch the problem type back to bring them back"
            )
            return
        self._set_aside = None
        self._start_new_run(lambda: self._trainer.replace_data(data))
        self.data_set_aside.emit(0)

    def _start_new_run(self, change: Callable[[], None]) -> None:
        self._halt()
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
        self._halt()
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

    def _make_frame(self, state: RunState, epochs_per_second: float, serial: int) -> Frame:
        """Snapshot the trainer only if it may have changed, so views can tell "same weights" by identity."""
        if self._snapshot is None or self._snapshot_version != self._version:
            self._snapshot = self._trainer.snapshot()
            self._snapshot_version = self._version
        return Frame(
            snapshot=self._snapshot,
            state=state,
            epochs_per_second=epochs_per_second,
            serial=serial,
            version=self._version,
            stepper=None if self._stepper is None else self._stepper.frame(),
            gradients=self._paused_gradients(state),
            gradient_report=self._gradient_report,
        )

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


class TrainingThread(WorkerThread[TrainingWorker]):
    """The main window's ``TrainingWorker`` and its ``QThread``; see ``WorkerThread``."""

    def __init__(self, config: ExperimentConfig) -> None:
        super().__init__(lambda turns: TrainingWorker(config, turns), "trainingThread")
