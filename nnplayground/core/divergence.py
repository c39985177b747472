"""A run whose cost stopped being finite: which state to go back to, and how far to replay."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .training_state import Divergence, TrainingState


@dataclass(frozen=True)
class RollBack:
    """Restore ``checkpoint``, train ``replay`` epochs, and the run is where it last had a finite cost."""

    divergence: Divergence
    checkpoint: TrainingState
    replay: int
    last_loss: float


def plan_roll_back(
    start: TrainingState,
    previous: TrainingState | None,
    losses: np.ndarray,
    learning_rate: float,
) -> RollBack:
    """Where to go back to after a chunk from ``start`` ran into a non-finite cost.

    ``losses`` holds the chunk's cost per epoch plus one slot past the end
    (NaN when the chunk's final weights are not finite). Training is
    deterministic (shuffles come from a checkpointed RNG), so replaying
    ``k`` epochs from a checkpoint lands on exactly the state the run had;
    no per-epoch copy of the weights is needed. The cost of epoch ``e`` is
    that of the weights *before* its update, so the weights to keep are
    those one epoch before the first non-finite cost, which may lie in the
    previous chunk (``previous`` is that chunk's start).
    """
    offset = int(np.flatnonzero(~np.isfinite(losses))[0])
    divergence = Divergence(start.epoch + offset, float(losses[offset]), learning_rate)
    if offset > 0:
        return RollBack(divergence, start, offset - 1, float(losses[offset - 1]))
    if previous is not None:
        return RollBack(divergence, previous, start.epoch - 1 - previous.epoch, start.last_loss)
    return RollBack(divergence, start, 0, float(losses[0]))
