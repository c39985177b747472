"""What the window asks of a training thread, as typed values instead of strings.

Every command is a frozen dataclass sent through the thread's one port
(``send``) and carried out between chunks. A misspelt command is then an
error where it is written, not a string that fails only when a person
happens to press the key, and a worker refuses (``TypeError``) a command it
does not know as soon as it is sent. Values are checked when a command is
made, so a bad one fails in the caller's thread, not in the worker's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from nnplayground.core.config import ExperimentConfig

# ----- playing: both workers ---------------------------------------------------


@dataclass(frozen=True)
class Play:
    """Train on until paused."""


@dataclass(frozen=True)
class Pause:
    """Stop after the current chunk."""


@dataclass(frozen=True)
class Toggle:
    """Play if paused, pause if playing: decided in the worker, so rapid presses never race."""


@dataclass(frozen=True)
class Step:
    """Train exactly ``epochs`` more epochs at full speed, then pause (stops a running play)."""

    epochs: int

    def __post_init__(self) -> None:
        if self.epochs < 1:
            raise ValueError("a step is at least 1 epoch")


@dataclass(frozen=True)
class Reset:
    """Back to epoch 0, re-drawn from the configuration's seeds; pauses."""


@dataclass(frozen=True)
class SetSpeedLimit:
    """Cap playing speed (``None`` = as fast as possible); steps always run at full speed."""

    epochs_per_second: float | None

    def __post_init__(self) -> None:
        if self.epochs_per_second is not None and self.epochs_per_second <= 0:
            raise ValueError("a speed limit must be a positive number of epochs per second")


@dataclass(frozen=True)
class Quit:
    """End the worker's loop after the current chunk; sent by ``stop`` only."""


# ----- the main window's run -----------------------------------------------------


@dataclass(frozen=True)
class Reconfigure:
    """New settings; hyper-parameters carry the run on, structure starts a new one (``restart``: always)."""

    config: ExperimentConfig
    restart: bool = False


@dataclass(frozen=True)
class LoadPreset:
    """A fresh run of ``config`` on the data it generates; drawn or imported points are put aside."""

    config: ExperimentConfig


@dataclass(frozen=True)
class UseGeneratedData:
    """Leave imported or drawn points for the ones the settings generate; a new run, paused."""


@dataclass(frozen=True)
class RestoreSetAsideData:
    """Bring back the points last put aside, as a new run."""


@dataclass(frozen=True)
class AddPoint:
    """A training point drawn on the plot; the run goes on from its weights."""

    x1: float
    x2: float
    label: float


@dataclass(frozen=True)
class RemovePoint:
    """Remove the point nearest ``(x1, x2)``, unless its class cannot spare it."""

    x1: float
    x2: float


@dataclass(frozen=True)
class ImportData:
    """Read a CSV in the worker, off the GUI thread; a new run on it, or the data unchanged."""

    path: str


@dataclass(frozen=True)
class SaveSession:
    path: str


@dataclass(frozen=True)
class OpenSession:
    """Replace the run with a saved one, only if the whole file checks out."""

    path: str


@dataclass(frozen=True)
class SetWeight:
    """A weight typed on the diagram; refused in words if the engine will not take it."""

    layer: int
    row: int
    column: int
    value: float


@dataclass(frozen=True)
class SetBias:
    layer: int
    index: int
    value: float


@dataclass(frozen=True)
class CheckGradients:
    """Compare backprop with finite differences on the current weights."""


# ----- the step-through -------------------------------------------------------------


@dataclass(frozen=True)
class EnterStepper:
    """Pause and open the step-through on the current epoch's first phase."""


@dataclass(frozen=True)
class LeaveStepper:
    """Close the step-through; training resumes if it was playing when the step-through opened."""


@dataclass(frozen=True)
class ToggleStepper:
    """Open the step-through if closed, close it if open: decided in the worker, like ``Toggle``."""


@dataclass(frozen=True)
class NextPhase:
    """One phase on; past the update phase the epoch is committed (exactly one epoch trained)."""


@dataclass(frozen=True)
class PreviousPhase:
    """One phase back; before the first phase, back to the exact state one epoch earlier."""


@dataclass(frozen=True)
class GoToPhase:
    phase: int


# ----- compare mode -------------------------------------------------------------------


@dataclass(frozen=True)
class SetConfigs:
    """Start both sides of compare mode afresh on new configurations."""

    left: ExperimentConfig
    right: ExperimentConfig


RunCommand = Play | Pause | Toggle | Step | Reset | SetSpeedLimit
StepperCommand = EnterStepper | LeaveStepper | ToggleStepper | NextPhase | PreviousPhase | GoToPhase
TrainingCommand = (
    RunCommand
    | Reconfigure
    | LoadPreset
    | UseGeneratedData
    | RestoreSetAsideData
    | AddPoint
    | RemovePoint
    | ImportData
    | SaveSession
    | OpenSession
    | SetWeight
    | SetBias
    | CheckGradients
    | StepperCommand
)
CompareCommand = RunCommand | SetConfigs
Command = TrainingCommand | SetConfigs | Quit

TRAINING_COMMANDS: tuple[type, ...] = get_args(TrainingCommand)
COMPARE_COMMANDS: tuple[type, ...] = get_args(CompareCommand)
COMMAND_TYPES: tuple[type, ...] = get_args(Command)
