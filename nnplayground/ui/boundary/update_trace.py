"""What one update did, read from the frames the window shows: the weights just before and just after.

The article's update is ``w -= lr · dcost_dw``; its effect on the plane is
the boundary moving a little. The window never asks the worker for "the
previous weights" — every frame already carries immutable weights, so the
last frame shown paused is kept, and when the next paused frame is the same
run exactly one epoch on (a Step of 1 epoch, or the step-through moving past
its update phase), the two are the update's before and after. A step of
many epochs, a rewind, a typed weight, a new setting or a new run is not one
update, and playing on is not a pause: each forgets the pair.

A step's first frame (``STEPPING``, published before it trains) still holds
the weights before it, so a Step pressed while playing is traced too when
the window drew that frame; frames in the middle of a step are not a pause.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnplayground.core.trainer import Snapshot
from nnplayground.live.frames import RunState

SETTLED = (RunState.PAUSED, RunState.DIVERGED)


@dataclass(frozen=True)
class OneUpdate:
    before: Snapshot
    after: Snapshot

    @property
    def epoch(self) -> int:
        """The epoch the update belongs to, as the status bar counts it (after it, ``after.epoch``)."""
        return self.after.epoch


class UpdateTrace:
    """Watches the frames shown and says whether the picture is the result of one update."""

    def __init__(self) -> None:
        self.update: OneUpdate | None = None
        self._settled: Snapshot | None = None
        self._state: RunState | None = None

    def see(self, snapshot: Snapshot, state: RunState) -> bool:
        """Take the frame now shown; True when ``update`` changed."""
        old = self.update
        if old is not None and (snapshot is not old.after or state not in SETTLED):
            self.update = None
        settled = self._settled
        if state in SETTLED:
            if (
                settled is not None
                and snapshot is not settled
                and snapshot.run_id == settled.run_id
                and snapshot.epoch == settled.epoch + 1
            ):
                self.update = OneUpdate(settled, snapshot)
            self._settled = snapshot
        elif state is RunState.STEPPING:
            if self._state is not RunState.STEPPING:
                self._settled = snapshot
        else:
            self._settled = None
        self._state = state
        return self.update is not old

    def forget(self) -> bool:
        """Drop the pair and the kept frame (new data, say); True when a pair was shown."""
        had = self.update is not None
        self.update, self._settled, self._state = None, None, None
        return had
