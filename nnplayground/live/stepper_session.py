"""The step-through's cursor over the real trainer: which epoch, which phase, and the way back.

Runs in the training thread (it holds the trainer) and knows no Qt. The
phases of the current epoch come from ``walk_through``, which leaves the
trainer alone; moving past the update phase commits that epoch with exactly
``trainer.train(1)``, after checkpointing ``trainer.state()``; going back
across an update rewinds to that checkpoint, so every value shown on the way
back is the one shown on the way forward, bit for bit. Anything else that
changes the trainer (a typed weight, a new learning rate, a jump of many
epochs) starts a new walk from the new state and forgets the way back, since
the earlier states no longer lead to the present one.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from nnplayground.core.stepthrough import Walkthrough, walk_through
from nnplayground.core.trainer import Trainer, TrainingState

# The way back is bounded by the floats it keeps, so a huge network cannot exhaust memory.
MAX_KEPT_FLOATS = 8_000_000
MAX_KEPT_STATES = 10_000


@dataclass(frozen=True)
class StepperFrame:
    """What the step-through panel draws: the current epoch's phases and where the learner is.

    ``walk`` is replaced (never mutated) when the epoch or the weights change,
    so views may compare it by identity.
    """

    walk: Walkthrough
    phase: int
    can_go_back: bool
    earliest_epoch: int
    # The training points as the walk's network saw them (its feature columns, its dtype): the
    # arithmetic's inputs where no phase lists ``X`` (a deeper network's).
    inputs: np.ndarray | None = None

    @property
    def current(self):
        return self.walk.phases[self.phase]

    @property
    def at_update(self) -> bool:
        return self.phase == len(self.walk.phases) - 1


class StepperSession:
    def __init__(self, trainer: Trainer, *, resume_playing: bool) -> None:
        self._trainer = trainer
        self.resume_playing = resume_playing
        parameters = sum(w.size for w in trainer.network.weights) + sum(
            b.size for b in trainer.network.biases if b is not None
        )
        self._back: deque[TrainingState] = deque(
            maxlen=max(1, min(MAX_KEPT_STATES, MAX_KEPT_FLOATS // parameters))
        )
        self._rewalk()
        self.phase = 0

    def _rewalk(self) -> None:
        """The trainer's next epoch, and the inputs it sees, as one: they are shown together."""
        self.walk = _walk(self._trainer)
        self.inputs = self._trainer.inputs

    def frame(self) -> StepperFrame:
        earliest = self._back[0].epoch if self._back else self.walk.epoch
        return StepperFrame(self.walk, self.phase, self.phase > 0 or bool(self._back), earliest, self.inputs)

    def next(self) -> bool:
        """One phase on; past the update, commit the epoch. True if the trainer changed."""
        if self.phase < len(self.walk.phases) - 1:
            self.phase += 1
            return False
        trainer = self._trainer
        checkpoint = trainer.state()
        if trainer.train(1) != 1:
            # Diverged: the trainer kept its last finite weights and says why (the window shows it).
            self.restart(keep_phase=True)
            return True
        self._back.append(checkpoint)
        self._rewalk()
        self.phase = 0
        return True

    def previous(self) -> bool:
        """One phase back; before phase 1, rewind to the epoch before. True if the trainer changed."""
        if self.phase > 0:
            self.phase -= 1
            return False
        if not self._back:
            return False
        self._trainer.rewind(self._back.pop())
        self._rewalk()
        self.phase = len(self.walk.phases) - 1
        return True

    def go_to(self, phase: int) -> None:
        """Jump to a phase of the current epoch (the phase strip's buttons); out-of-range is ignored."""
        if 0 <= phase < len(self.walk.phases):
            self.phase = phase

    def restart(self, *, keep_phase: bool) -> None:
        """The trainer changed under the walk: recompute it, forget the way back."""
        self._back.clear()
        self._rewalk()
        self.phase = min(self.phase, len(self.walk.phases) - 1) if keep_phase else 0


def _walk(trainer: Trainer) -> Walkthrough:
    """The phases of the trainer's next epoch; a diverging run's overflows are shown, not warned about."""
    with np.errstate(all="ignore"):
        return walk_through(trainer)
