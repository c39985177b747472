"""What a training thread hands the GUI: frames, the run's state, compare mode's pairs.

They are plain frozen data, built on the training thread and read on the GUI
thread, so every panel can draw one without importing the thread that made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from nnplayground.core.network import Gradients
from nnplayground.core.trainer import Snapshot
from nnplayground.live.gradient_report import GradientReport
from nnplayground.live.stepper_session import StepperFrame


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
