"""The first epochs of a long run at full detail, put back under its decimated history.

The engine keeps a bounded history: past a few thousand epochs each block
of epochs keeps only its lowest and highest cost (``core.history``). On a
linear epoch axis a block is under a pixel wide and nothing is lost; on a
log axis the first thousand epochs take half the plot, and a block of 128
epochs drew the article's first 1 000 epochs as one straight stroke. Every
run passes through its undecimated start, and the loss view is shown those
histories frame by frame, so the longest one it saw is kept and its rows
stand in for the coarse ones they cover.

Only rows of the same run are merged: the coarse history's rows among those
epochs must be the kept ones' own figures, else (a session opened under the
same run number, say) the kept start is dropped.
"""

from __future__ import annotations

import numpy as np

from nnplayground.core.history import COLUMNS, HistoryArrays


class FineStart:
    def __init__(self) -> None:
        self._fine: HistoryArrays | None = None

    def forget(self) -> None:
        """A new run: its start is yet to come."""
        self._fine = None

    def see(self, history: HistoryArrays) -> None:
        """Keep ``history`` if it is the run's start at full detail (every frame shown, drawn or not)."""
        if not history.decimated:
            self._fine = history

    def merged(self, history: HistoryArrays) -> HistoryArrays:
        """``history``, with the kept undecimated start in place of its coarse first blocks."""
        self.see(history)
        if not history.decimated:
            return history
        fine = self._fine
        if fine is None or not len(fine):
            return history
        early = history.epoch <= fine.epoch[-1]
        rows = np.searchsorted(fine.epoch, history.epoch[early])
        if np.any(rows >= len(fine)) or not (
            np.array_equal(fine.epoch[rows], history.epoch[early])
            and np.array_equal(fine.train_loss[rows], history.train_loss[early], equal_nan=True)
        ):
            self._fine = None
            return history
        late = ~early
        columns = {
            name: np.concatenate([getattr(fine, name), getattr(history, name)[late]]) for name in COLUMNS
        }
        return HistoryArrays(**columns, block=history.block)
