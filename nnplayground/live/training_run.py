"""The main window's run without its thread: the trainer, the step-through, edits, files and frames.

``ui.threads.training.TrainingWorker`` decides *when* (between chunks, on its
thread) and reports back through Qt signals; this module decides *what*:
how an edit, a drawn point, an imported file or a session changes the run,
and what a ``Frame`` holds. Every change that can be refused returns the
reason in words (``None`` when done), so the worker only has to pass it on.
No Qt here, so all of it can be tested without a thread or an event loop.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.data_editing import add_point, from_points, remove_nearest
from nnplayground.core.datasets import Dataset, DatasetError, load_csv
from nnplayground.core.network import Gradients
from nnplayground.core.session import SessionError, load_session, save_session
from nnplayground.core.trainer import Snapshot, Trainer
from nnplayground.live.commands import AddPoint, RemovePoint, SetBias, SetWeight
from nnplayground.live.frames import Frame, RunState
from nnplayground.live.gradient_report import GradientReport, parameter_count, run_check
from nnplayground.live.stepper_session import StepperSession

# Hover read-outs show each weight's gradient when paused, unless one backward pass costs too much.
MAX_GRADIENT_WORK = 50_000_000
# Above this much work the paused frame goes out at once and its gradients follow in a second frame:
# on 100 000 points × 64 units the first backward pass took 0.6–1.3 s (fresh 50 MB arrays), and the
# window went on showing "running" for as long after Pause.
MAX_PROMPT_GRADIENT_WORK = 1_000_000


class TrainingRun:
    """One ``Trainer`` and what the window shows of it; used from one thread at a time.

    ``stepper`` is the open step-through (``None`` when closed). The
    person's own points (drawn or imported) are put aside when generated
    ones replace them, so that Ctrl+Z can bring them back.
    """

    def __init__(self, config: ExperimentConfig) -> None:
        self.trainer = Trainer(config)
        self.stepper: StepperSession | None = None
        self._set_aside: tuple[Dataset, str] | None = None
        self._gradient_report: GradientReport | None = None
        self._report_sizes: list[int] = []
        self._snapshot: Snapshot | None = None
        self._snapshot_version = -1
        self._gradients: Gradients | None = None
        self._gradients_version = -1
        self._gradients_due: int | None = None  # a version whose gradients the next frame still lacks

    # ----- the step-through ------------------------------------------------------

    def open_stepper(self, *, resume_playing: bool) -> None:
        self.stepper = StepperSession(self.trainer, resume_playing=resume_playing)

    def follow(self, *, restart_stepper: bool) -> None:
        """Weights or settings changed outside the step-through's own moves: its walk must follow."""
        if self.stepper is None:
            return
        if restart_stepper:
            self.open_stepper(resume_playing=self.stepper.resume_playing)
        else:
            self.stepper.restart(keep_phase=True)

    # ----- the person's points --------------------------------------------------------

    def own_points(self) -> tuple[Dataset, str] | None:
        """The drawn or imported points and their problem type, or ``None`` on generated data."""
        trainer = self.trainer
        return (trainer.data, trainer.config.problem) if trainer.has_imported_data else None

    def put_aside(self, own_points: tuple[Dataset, str] | None) -> int:
        """Keep ``own_points`` for Ctrl+Z if generated points replaced them; how many were put aside."""
        if own_points is None or self.trainer.has_imported_data:
            return 0
        return self.swap_aside(own_points)

    def swap_aside(self, own_points: tuple[Dataset, str] | None) -> int:
        """Keep the points brought back ones replaced (drawn since), for the next Ctrl+Z; how many."""
        if own_points is None:
            return 0
        self._set_aside = own_points
        data = own_points[0]
        return data.n_train + data.n_test

    def set_aside_points(self) -> Dataset | str:
        """The points put aside, taken back, or why they cannot come back."""
        if self._set_aside is None:
            return "no points were put aside"
        data, problem = self._set_aside
        if problem != self.trainer.config.problem:
            return f"the points put aside are for {problem}; switch the problem type back to bring them back"
        self._set_aside = None
        return data

    def edit_points(self, command: AddPoint | RemovePoint) -> str | None:
        """A point drawn or removed on the plot: the run goes on from its weights on the new points."""
        trainer = self.trainer
        regression = trainer.config.is_regression
        classes = trainer.config.classes
        try:
            match command:
                case AddPoint(x1, x2, label):
                    data = add_point(trainer.data, x1, x2, label, regression=regression, classes=classes)
                case RemovePoint(x1, x2):
                    data = remove_nearest(trainer.data, x1, x2, regression=regression, classes=classes)
        except DatasetError as error:
            return str(error)
        trainer.replace_data(data, keep_weights=True)
        return None

    def read_points(self, path: str, cancelled: Callable[[], bool]) -> Dataset:
        """A CSV read and split as the settings say; ``DatasetError`` if it will not do (nothing changes)."""
        config = self.trainer.config
        X, y = load_csv(path, regression=config.is_regression, cancelled=cancelled)
        return from_points(
            X, y, test_fraction=config.test_fraction, seed=config.data_seed, regression=config.is_regression
        )

    def load_preset(self, config: ExperimentConfig) -> None:
        """A preset is the article's experiment whole, its data included."""
        self.trainer.reconfigure(config)
        self.trainer.use_generated_data()

    # ----- typed weights -----------------------------------------------------------------

    def set_parameter(self, command: SetWeight | SetBias) -> str | None:
        """A weight or bias typed on the diagram, set; or why not, in words."""
        try:
            match command:
                case SetWeight(layer, row, column, value):
                    self.trainer.set_weight(layer, row, column, value)
                case SetBias(layer, index, value):
                    self.trainer.set_bias(layer, index, value)
        except ValueError as error:
            return str(error)
        except IndexError:
            return "that weight is not in the current network (it changed meanwhile); nothing was set"
        return None

    def check_gradients(self, version: int) -> None:
        """Backprop against finite differences on the current weights; shown until the weights change."""
        trainer = self.trainer
        network = trainer.state().network
        self._gradient_report = run_check(
            network, trainer.inputs, trainer.targets, trainer.config.loss, version
        )
        self._report_sizes = network.layer_sizes

    # ----- sessions ------------------------------------------------------------------------

    def save(self, path: str) -> str | None:
        try:
            save_session(path, self.trainer, custom_data=self.trainer.has_imported_data)
        except OSError as error:
            return f"Could not save {path}: {error.strerror or error}"
        return None

    def open(self, path: str) -> str | None:
        """The saved run in place of this one (the step-through closed), or why the file will not do."""
        try:
            trainer, _ = load_session(path)
        except SessionError as error:
            return f"Could not open {error}\nThe current session is unchanged."  # it starts with the name
        self.stepper = None
        self.trainer = trainer
        return None

    # ----- frames ---------------------------------------------------------------------------

    def frame(self, state: RunState, epochs_per_second: float, serial: int, version: int) -> Frame:
        """Snapshot the trainer only if it may have changed, so views can tell "same weights" by identity."""
        if self._snapshot is None or self._snapshot_version != version:
            self._snapshot = self.trainer.snapshot()
            self._snapshot_version = version
        return Frame(
            snapshot=self._snapshot,
            state=state,
            epochs_per_second=epochs_per_second,
            serial=serial,
            version=version,
            stepper=None if self.stepper is None else self.stepper.frame(),
            gradients=self._paused_gradients(state, version),
            gradient_report=self._current_report(),
        )

    def _current_report(self) -> GradientReport | None:
        """The last check while the network is the one checked (its weights may have moved since).

        Another architecture (H, a preset, an opened file) makes the report name layers it no
        longer has: a perceptron showed "✓ wh … ✓ wo" from the 2-4-1 checked before it.
        """
        report = self._gradient_report
        if report is not None and self._report_sizes != self.trainer.network.layer_sizes:
            self._gradient_report = report = None
        return report

    def _paused_gradients(self, state: RunState, version: int) -> Gradients | None:
        """The cost's gradient for the snapshot's weights, computed once per version while paused;
        a costly one is left for ``compute_due_gradients``, after this frame is out."""
        if state in (RunState.RUNNING, RunState.STEPPING):
            self._gradients_due = None
            return None
        if self._gradients_version != version:
            self._gradients, self._gradients_due = None, None
            work = len(self.trainer.inputs) * parameter_count(self._snapshot.network)
            if work <= MAX_PROMPT_GRADIENT_WORK:
                self._compute_gradients()
            elif work <= MAX_GRADIENT_WORK:
                self._gradients_due = version
            self._gradients_version = version
        return self._gradients

    def gradients_due(self) -> bool:
        """Whether the last paused frame went out without the gradients its weights have."""
        due = self._gradients_due
        return due is not None and due == self._gradients_version == self._snapshot_version

    def compute_due_gradients(self) -> None:
        """Those gradients, for the next frame to show."""
        if self.gradients_due():
            self._gradients_due = None
            self._compute_gradients()

    def _compute_gradients(self) -> None:
        trainer, network = self.trainer, self._snapshot.network
        with np.errstate(all="ignore"):
            forward = network.forward(trainer.inputs)
            self._gradients = network.backward(forward, trainer.targets, trainer.config.loss)
