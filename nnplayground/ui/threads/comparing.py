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
from nnplayground.live.commands import (
    COMPARE_COMMANDS,
    Command,
    Pause,
    Play,
    Reset,
    SetConfigs,
    SetSpeedLimit,
    Step,
    Toggle,
)
from nnplayground.live.frames import ComparePair, RunState
from nnplayground.ui.threads.chunked_worker import ChunkedWorker, WorkerThread, unknown
from nnplayground.ui.threads.gui_turns import GuiTurns


class CompareWorker(ChunkedWorker[ComparePair]):
    """Owns a ``Lockstep``: a chunk trains both sides; a frame is the pair of their snapshots."""

    COMMANDS = COMPARE_COMMANDS

    def __init__(
        self, left: ExperimentConfig, right: ExperimentConfig, turns: GuiTurns | None = None
    ) -> None:
        super().__init__(turns)
        self._lockstep = Lockstep(left, right)
        self._snapshots: tuple[Snapshot, Snapshot] | None = None
        self._snapshots_version = -1
        self._publish()

    # ----- the loop (worker thread) ----------------------------------------------

    def _train(self, epochs: int) -> int:
        """Both sides with every test figure: ``Lockstep.train`` takes no ``test_metrics`` to pass on."""
        return self._lockstep.train(epochs)

    def _diverged(self) -> bool:
        return bool(self._lockstep.diverged_sides())

    def _apply(self, command: Command) -> None:
        match command:
            case Play() | Step() if self._refuse_if_diverged():
                return
            case Toggle() if not self._running and self._refuse_if_diverged():
                return
            case Reset():
                self._stop()
                self._lockstep.reset()
            case SetConfigs(left, right):
                self._set_configs(left, right)
            case Play() | Pause() | Toggle() | Step() | SetSpeedLimit():
                self._apply_playing(command)
            case _:
                unknown(command)

    def _set_configs(self, left: ExperimentConfig, right: ExperimentConfig) -> None:
        try:
            lockstep = Lockstep(left, right)
        except ConfigError as error:
            self.refused.emit(f"Those two configurations cannot be compared: {error}")
            return
        self._stop()
        self._lockstep = lockstep

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
        super().__init__(lambda: CompareWorker(left, right), "compareThread")
