"""Compare mode's training thread: two trainers in lockstep, driven as the main worker drives one.

The loop is ``chunked_worker.ChunkedWorker``'s, as for the main window's
worker (read its docstring); what differs is what a chunk trains: the left
side, then the right side, by the same number of epochs (``Lockstep``), so a
published pair is always at one epoch.
"""

from __future__ import annotations

from nnplayground.core.config import ConfigError, ExperimentConfig
from nnplayground.core.lockstep import Lockstep
from nnplayground.core.trainer import Snapshot
from nnplayground.live.frames import ComparePair, RunState
from nnplayground.ui.threads.chunked_worker import ChunkedWorker, WorkerThread
from nnplayground.ui.threads.gui_turns import GuiTurns


class CompareWorker(ChunkedWorker[ComparePair]):
    """Owns a ``Lockstep``: a chunk trains both sides; a frame is the pair of their snapshots."""

    def __init__(
        self, left: ExperimentConfig, right: ExperimentConfig, turns: GuiTurns | None = None
    ) -> None:
        super().__init__(turns)
        self._lockstep = Lockstep(left, right)
        self._snapshots: tuple[Snapshot, Snapshot] | None = None
        self._snapshots_version = -1
        self._publish()

    # ----- commands (any thread) -----------------------------------------------

    def set_configs(self, left: ExperimentConfig, right: ExperimentConfig) -> None:
        """Start both sides afresh on new configurations (a refusal comes back through ``refused``)."""
        self._commands.put(("configs", left, right))

    # ----- the loop (worker thread) ----------------------------------------------

    def _train(self, epochs: int) -> int:
        return self._lockstep.train(epochs)

    def _diverged(self) -> bool:
        return bool(self._lockstep.diverged_sides())

    def _apply(self, command: tuple) -> None:
        name = command[0]
        starts = name == "play" or (name == "toggle" and not self._running)
        if (starts or name == "step") and self._refuse_if_diverged():
            return
        if starts:
            self._start_playing()
        elif name in ("pause", "toggle"):
            self._running = False
        elif name == "step":
            self._add_steps(command[1])
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
        self._halt()
        self._new_run()
        self._version += 1

    def _make_frame(self, state: RunState, epochs_per_second: float, serial: int) -> ComparePair:
        """Snapshot both sides only if they may have changed."""
        if self._snapshots is None or self._snapshots_version != self._version:
            self._snapshots = self._lockstep.snapshots()
            self._snapshots_version = self._version
        left, right = self._snapshots
        return ComparePair(
            left=left,
            right=right,
            state=state,
            epochs_per_second=epochs_per_second,
            serial=serial,
            note=self._lockstep.note,
            message=self._lockstep.divergence_message(),
        )


class CompareThread(WorkerThread[CompareWorker]):
    """The compare worker and its ``QThread``; see ``WorkerThread``."""

    def __init__(self, left: ExperimentConfig, right: ExperimentConfig) -> None:
        super().__init__(lambda turns: CompareWorker(left, right, turns), "compareThread")
