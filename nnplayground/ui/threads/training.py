"""The main window's training thread: one ``TrainingRun``, driven in time-sized chunks, publishing frames.

How the loop runs, takes commands and hands frames over is
``chunked_worker.ChunkedWorker``'s (read its module docstring, and
``gui_turns`` on why the worker and the GUI take turns); what a command does
to the run, and what a ``Frame`` holds, is ``live.training_run``'s. This
module says when: which commands stop or restart playing, and which signal
tells the window how a command went.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal, SignalInstance

from nnplayground.core.config import ConfigError, ExperimentConfig
from nnplayground.core.datasets import Dataset, DatasetError, classes_in
from nnplayground.live.commands import (
    TRAINING_COMMANDS,
    AddPoint,
    CheckGradients,
    Command,
    EnterStepper,
    GoToPhase,
    ImportData,
    LeaveStepper,
    LoadPreset,
    NextPhase,
    OpenSession,
    Pause,
    Play,
    PreviousPhase,
    Reconfigure,
    RemovePoint,
    Reset,
    RestoreSetAsideData,
    SaveSession,
    SetBias,
    SetSpeedLimit,
    SetWeight,
    Step,
    StepperCommand,
    Toggle,
    ToggleStepper,
    UseGeneratedData,
)
from nnplayground.live.frames import Frame, RunState
from nnplayground.live.training_run import TrainingRun
from nnplayground.ui.threads.chunked_worker import ChunkedWorker, WorkerThread, unknown
from nnplayground.ui.threads.gui_turns import GuiTurns

# The commands after which the person's drawn or imported points may have given way to generated ones.
_MAY_DROP_OWN_POINTS = (Reconfigure, UseGeneratedData, LoadPreset)


class TrainingWorker(ChunkedWorker[Frame]):
    """Owns the run: a chunk is ``Trainer.train``; a frame is its snapshot plus the step-through.

    ``refused`` says why a typed weight or bias was not set; ``point_refused``
    why a point could not be added, removed or brought back. ``classes_imported``
    carries the configuration an imported file's number of classes set up (the
    panel shows it), emitted only when that number differs from the run's.
    """

    COMMANDS = TRAINING_COMMANDS
    session_saved = Signal(str)
    session_opened = Signal(str)
    session_failed = Signal(str)
    data_imported = Signal(str)
    data_failed = Signal(str)
    classes_imported = Signal(object)  # the ExperimentConfig the file's K classes set up
    point_refused = Signal(str)
    # How many of the person's own points were put aside for Ctrl+Z (0 once they are back).
    data_set_aside = Signal(int)

    def __init__(self, config: ExperimentConfig, turns: GuiTurns | None = None) -> None:
        super().__init__(turns)
        self._run = TrainingRun(config)
        self._publish()

    # ----- the loop (worker thread) ----------------------------------------------

    def _train(self, epochs: int) -> int:
        """The test set is evaluated only on a chunk a frame will show (its history rows are NaN between)."""
        return self._run.trainer.train(
            epochs,
            test_metrics="last" if self._frame_follows else "none",
            between_batches=self.turns.step_aside,
        )

    def _diverged(self) -> bool:
        return self._run.trainer.divergence is not None

    def _idle_work_due(self) -> bool:
        return self._run.gradients_due()

    def _do_idle_work(self) -> None:
        self._run.compute_due_gradients()

    def _training_stopped(self) -> None:
        """An open step-through moves on to the epoch the play or step stopped at."""
        if self._run.stepper is not None:
            self._run.stepper.restart(keep_phase=False)

    def _apply(self, command: Command) -> None:
        """Carry out one command; one that swaps the person's own points for generated ones (a
        preset, "Use generated data", a data setting such as Regenerate) puts them aside for Ctrl+Z."""
        own_points = self._run.own_points() if isinstance(command, _MAY_DROP_OWN_POINTS) else None
        self._carry_out(command)
        points = self._run.put_aside(own_points)
        if points:
            self.data_set_aside.emit(points)

    def _carry_out(self, command: Command) -> None:
        run = self._run
        match command:
            case Play() | Toggle() if run.stepper is not None:
                run.stepper = None
                self._start_playing()
            case Play() | Pause() | Toggle() | Step() | SetSpeedLimit():
                self._apply_playing(command)
            case Reset():
                self._start_new_run(run.trainer.reset)
            case Reconfigure(config, restart):
                self._reconfigure(config, restart)
            case SetWeight() | SetBias():
                self._report(self.refused, run.set_parameter(command))
            case AddPoint() | RemovePoint():
                self._report(self.point_refused, run.edit_points(command), new_data=True)
            case CheckGradients():
                run.check_gradients(self._version)
            case SaveSession(path):
                self._save_session(path)
            case OpenSession(path):
                self._open_session(path)
            case ImportData(path):
                self._import_data(path)
            case UseGeneratedData():
                if run.trainer.has_imported_data:
                    self._start_new_run(run.trainer.use_generated_data)
            case LoadPreset(config):
                self._start_new_run(lambda: run.load_preset(config))
            case RestoreSetAsideData():
                self._restore_set_aside_data()
            case (
                EnterStepper()
                | LeaveStepper()
                | ToggleStepper()
                | NextPhase()
                | PreviousPhase()
                | GoToPhase()
            ):
                self._apply_stepper(command)
            case _:
                unknown(command)

    def _apply_stepper(self, command: StepperCommand) -> None:
        stepper = self._run.stepper
        match command:
            case ToggleStepper():
                self._apply_stepper(EnterStepper() if stepper is None else LeaveStepper())
            case EnterStepper():
                if stepper is None:
                    self._run.open_stepper(resume_playing=self._running)
                    self._halt()
            case LeaveStepper():
                if stepper is not None:
                    self._run.stepper = None
                    if stepper.resume_playing:
                        self._start_playing()
            case _ if stepper is None or self._steps_left:
                return
            case NextPhase():
                if stepper.next():
                    self._version += 1
            case PreviousPhase():
                if stepper.previous():
                    self._version += 1
            case GoToPhase(phase):
                stepper.go_to(phase)
            case _:
                unknown(command)

    def _report(self, signal: SignalInstance, refusal: str | None, *, new_data: bool = False) -> None:
        """An edit either changed the run (the step-through follows it) or is refused in words.

        On ``new_data`` (a point drawn or removed) the chunk size is learnt afresh, as an epoch's
        cost follows the number of points."""
        if refusal is not None:
            signal.emit(refusal)
            return
        if new_data:
            self._chunk_epochs = 1
        self._trainer_changed(restart_stepper=False)

    def _reconfigure(self, config: ExperimentConfig, restart: bool) -> None:
        trainer = self._run.trainer
        run = trainer.run_id
        trainer.reconfigure(config)
        if restart and trainer.run_id == run:
            trainer.reset()
        if trainer.run_id != run:
            # Playing goes on into the new run: H while training is "the perceptron takes over".
            playing = self._running and self._run.stepper is None
            self._halt()
            self._new_run()
            if playing:
                self._start_playing()
        self._chunk_epochs = 1
        self._trainer_changed(restart_stepper=True)

    def _import_data(self, path: str) -> None:
        """Everything is read and checked before the trainer is touched, so a bad file changes nothing."""
        try:
            data = self._run.read_points(path, self._stopping.is_set)
        except DatasetError as error:
            if not self._stopping.is_set():
                self.data_failed.emit(
                    f"Could not import {Path(path).name}: {error}.\nThe current data is unchanged."
                )
            return
        trainer = self._run.trainer
        before = trainer.config
        try:
            config = config_for_file(before, data)
        except ConfigError as error:
            self.data_failed.emit(
                f"Could not import {Path(path).name}: {error}.\nThe current data is unchanged."
            )
            return

        def use_file() -> None:
            trainer.reconfigure(config)
            trainer.replace_data(data)

        self._start_new_run(use_file)
        self._publish()
        if config.classes != before.classes:
            self.classes_imported.emit(config)
        self.data_imported.emit(path)

    def _restore_set_aside_data(self) -> None:
        """The points put aside come back; points drawn since take their place aside, never lost."""
        own_points = self._run.own_points()
        data = self._run.set_aside_points()
        if isinstance(data, str):
            self.point_refused.emit(data)
            return
        self._start_new_run(lambda: self._run.trainer.replace_data(data))
        self.data_set_aside.emit(self._run.swap_aside(own_points))

    def _start_new_run(self, change: Callable[[], None]) -> None:
        self._halt()
        change()
        self._new_run()
        self._trainer_changed(restart_stepper=True)

    def _save_session(self, path: str) -> None:
        failure = self._run.save(path)
        if failure is None:
            self.session_saved.emit(path)
        else:
            self.session_failed.emit(failure)

    def _open_session(self, path: str) -> None:
        failure = self._run.open(path)
        if failure is not None:
            self.session_failed.emit(failure)
            return
        self._halt()
        self._new_run()
        self._trainer_changed(restart_stepper=True)
        self._publish()
        self.session_opened.emit(path)

    def _trainer_changed(self, *, restart_stepper: bool) -> None:
        self._version += 1
        self._run.follow(restart_stepper=restart_stepper)

    def _make_frame(self, state: RunState, epochs_per_second: float, serial: int) -> Frame:
        return self._run.frame(state, epochs_per_second, serial, self._version)


def config_for_file(config: ExperimentConfig, data: Dataset) -> ExperimentConfig:
    """The run set up for an imported file's classes: its labels 0…K−1 make K (``with_classes``).

    A two-class file into a two-class run changes nothing, as before there were more classes.
    """
    if config.is_regression:
        return config
    classes = classes_in(data.all_points()[1])
    return config if classes == config.classes else config.with_classes(classes)


class TrainingThread(WorkerThread[TrainingWorker]):
    """The main window's ``TrainingWorker`` and its ``QThread``; see ``WorkerThread``."""

    def __init__(self, config: ExperimentConfig) -> None:
        super().__init__(lambda: TrainingWorker(config), "trainingThread")
