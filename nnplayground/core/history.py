"""Loss and accuracy history with bounded memory, however long the run.

Every ``stride``-th epoch is kept. When the buffer fills up, every other kept
point is dropped and the stride doubles, so a million epochs cost the same
few kilobytes as four thousand and the curve stays evenly sampled end to end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

COLUMNS = ("epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy")


@dataclass
class HistoryArrays:
    """A copy of the kept points, one array per column."""

    epoch: np.ndarray
    train_loss: np.ndarray
    train_accuracy: np.ndarray
    test_loss: np.ndarray
    test_accuracy: np.ndarray

    def __len__(self) -> int:
        return len(self.epoch)

    def to_csv(self) -> str:
        """One row per kept epoch; empty cells where there was no test set (spreadsheets read blanks)."""
        lines = [",".join(COLUMNS)]
        for row in zip(self.epoch, self.train_loss, self.train_accuracy, self.test_loss, self.test_accuracy):
            cells = [str(int(row[0]))] + [
                "" if math.isnan(value) else repr(float(value)) for value in row[1:]
            ]
            lines.append(",".join(cells))
        return "\n".join(lines) + "\n"


class History:
    def __init__(self, capacity: int = 4096) -> None:
        if capacity < 2 or capacity % 2:
            raise ValueError("capacity must be an even number of at least 2")
        self.capacity = capacity
        self.stride = 1
        self._rows = np.full((capacity, len(COLUMNS)), np.nan)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def next_wanted(self, epoch: int) -> int:
        """The first epoch at or after ``epoch`` that will be kept."""
        return -(-epoch // self.stride) * self.stride

    def extend(self, rows: np.ndarray) -> None:
        """Append rows of ``COLUMNS`` in epoch order, keeping only the epochs the stride wants."""
        rows = rows[rows[:, 0] % self.stride == 0]
        while len(rows):
            if self._count == self.capacity:
                self._decimate()
                rows = rows[rows[:, 0] % self.stride == 0]
                continue
            taken = rows[: self.capacity - self._count]
            self._rows[self._count : self._count + len(taken)] = taken
            self._count += len(taken)
            rows = rows[len(taken) :]

    def _decimate(self) -> None:
        self.stride *= 2
        kept = self._rows[: self._count]
        kept = kept[kept[:, 0] % self.stride == 0]
        self._count = len(kept)
        self._rows[: self._count] = kept
        self._rows[self._count :] = np.nan

    def forget_from(self, epoch: int) -> None:
        """Drop the points at ``epoch`` and later (a run rewound to an earlier state)."""
        self._count = int(np.count_nonzero(self._rows[: self._count, 0] < epoch))
        self._rows[self._count :] = np.nan

    def arrays(self) -> HistoryArrays:
        rows = self._rows[: self._count].copy()
        return HistoryArrays(*(rows[:, i] for i in range(len(COLUMNS))))

    def last(self) -> dict[str, float] | None:
        if not self._count:
            return None
        return dict(zip(COLUMNS, map(float, self._rows[self._count - 1])))

    def state(self) -> tuple[int, int, np.ndarray]:
        return self.stride, self._count, self._rows.copy()

    def restore(self, state: tuple[int, int, np.ndarray]) -> None:
        self.stride, self._count, rows = state
        self._rows = rows.copy()
