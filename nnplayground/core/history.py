"""Loss and accuracy history with bounded memory, however long the run.

The run's epochs are grouped in blocks of ``stride`` epochs (a power of two,
doubling as the run grows, so there are never more than ``capacity // 2 - 1``
blocks), and each block keeps two rows: the ones with its lowest and highest
train loss. Decimating by keeping every other point would hide the article
network's period-2 oscillation (its cost flips between two values every epoch
from about epoch 1 230 to 15 300: DESIGN.md's landmines), so the history keeps
each block's envelope instead, and min/max of min/max is min/max, so merging
two blocks when the stride doubles loses nothing that either showed.

The trainer computes a cost only where the history will read it (the tuned
loop saves two NumPy calls per epoch that way): ``SamplePlan`` names those
epochs. Up to ``capacity - 2`` epochs that is every epoch; past that, the
first two epochs of each block — consecutive, so one on each branch of a
period-2 oscillation — and the last epoch of every chunk, because the latest
epoch is always kept: the curve ends where the status bar's epoch counter is.

Epochs here are the article's loop variable: row ``e`` holds the cost the
article prints in ``for epoch in range(...)`` at ``epoch == e``, that of the
weights after ``e`` updates. People count the cost printed during the n-th
epoch as epoch n (the status bar shows "Epoch n" beside it), so what is
shown and exported adds one: ``HistoryArrays.counted``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

COLUMNS = ("epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy")


@dataclass
class HistoryArrays:
    """A copy of the kept points, one array per column.

    ``block`` is 1 when every epoch up to the latest is kept, else the number
    of epochs each pair of kept rows (a block's lowest and highest train loss) stands for.
    """

    epoch: np.ndarray
    train_loss: np.ndarray
    train_accuracy: np.ndarray
    test_loss: np.ndarray
    test_accuracy: np.ndarray
    block: int = 1

    def __len__(self) -> int:
        return len(self.epoch)

    @property
    def counted(self) -> np.ndarray:
        """The epochs as the status bar counts them: the cost printed during the n-th epoch is at n."""
        return self.epoch + 1

    @property
    def decimated(self) -> bool:
        return self.block > 1

    def to_csv(self) -> str:
        """One row per kept epoch; empty cells where there was no test set (spreadsheets read blanks).

        ``epoch`` counts as the status bar does (the first epoch's cost is at 1).
        A decimated history says so on a first ``#`` line (pandas: ``comment="#"``),
        so nobody mistakes the kept rows for every epoch.
        """
        lines = []
        if self.decimated:
            lines.append(
                f"# decimated: {len(self)} of {int(self.counted[-1])} epochs kept; each block of "
                f"{self.block} epochs keeps its lowest and highest train loss, and the latest epoch is kept"
            )
        lines.append(",".join(COLUMNS))
        for row in zip(
            self.counted, self.train_loss, self.train_accuracy, self.test_loss, self.test_accuracy
        ):
            cells = [str(int(row[0]))] + [
                "" if math.isnan(value) else repr(float(value)) for value in row[1:]
            ]
            lines.append(",".join(cells))
        return "\n".join(lines) + "\n"


def block_width(epoch: int, blocks: int) -> int:
    """The stride that fits epochs 0…``epoch`` into ``blocks`` blocks: a power of two, at least 2."""
    return max(2, 1 << (epoch // blocks).bit_length())


def _block_widths(epochs: np.ndarray, blocks: int) -> np.ndarray:
    """``block_width`` of each epoch (``frexp``'s exponent is ``int.bit_length``, exactly, below 2⁵³)."""
    exponents = np.frexp(np.floor_divide(epochs, blocks))[1]
    return np.maximum(2, np.ldexp(1.0, exponents))


def _envelope(rows: np.ndarray, stride: int) -> np.ndarray:
    """The rows with each block's lowest and highest train loss, in epoch order.

    A stable sort by (block, loss) puts each block's lowest first and highest
    last, the earliest of equal losses first and the latest last, so the
    result does not depend on how the rows were merged before.
    """
    if len(rows) <= 1:
        return rows
    blocks = np.floor_divide(rows[:, 0], stride)
    order = np.lexsort((rows[:, 1], blocks))
    sorted_blocks = blocks[order]
    starts = np.flatnonzero(np.concatenate(([True], sorted_blocks[1:] != sorted_blocks[:-1])))
    ends = np.concatenate((starts[1:], [len(order)])) - 1
    return rows[np.unique(np.concatenate((order[starts], order[ends])))]


class SamplePlan:
    """The epoch offsets of one chunk at which the trainer records a history point.

    ``first`` is the first offset to sample (``count`` or more: none), and
    ``after(offset)`` the next; the chunk's last epoch is always among them.
    """

    def __init__(self, history: History, first_epoch: int, count: int) -> None:
        self._blocks = history.blocks
        self._first = first_epoch
        self._last = count - 1
        self.first = self._next(first_epoch)

    def after(self, offset: int) -> int:
        return self._next(self._first + offset + 1)

    def _next(self, epoch: int) -> int:
        """The offset of the first admitted epoch at or after ``epoch``, or of the chunk's last."""
        last_epoch = self._first + self._last
        if epoch > last_epoch:
            return epoch - self._first
        while epoch < last_epoch:
            width = block_width(epoch, self._blocks)
            into = epoch % width
            if into < 2:
                break
            epoch += width - into
        return min(epoch, last_epoch) - self._first


class History:
    def __init__(self, capacity: int = 4096) -> None:
        if capacity < 4 or capacity % 2:
            raise ValueError("capacity must be an even number of at least 4")
        self.capacity = capacity
        self.blocks = capacity // 2 - 1  # two rows a block, and one slot for the latest epoch
        self.stride = 2
        self._rows = np.full((capacity, len(COLUMNS)), np.nan)
        self._count = 0
        self._latest: np.ndarray | None = None

    def __len__(self) -> int:
        return self._count + int(self._latest_is_extra())

    def sample_plan(self, first_epoch: int, count: int) -> SamplePlan:
        """Where a chunk of ``count`` epochs from ``first_epoch`` should record points."""
        return SamplePlan(self, first_epoch, count)

    def admits(self, epochs: np.ndarray) -> np.ndarray:
        """Which epochs join a block's envelope (the others can only be the latest epoch)."""
        return np.remainder(epochs, _block_widths(epochs, self.blocks)) < 2

    def extend(self, rows: np.ndarray) -> None:
        """Append rows of ``COLUMNS`` in epoch order: admitted ones join a block, the last is the latest."""
        if self._latest is not None:
            rows = rows[rows[:, 0] > self._latest[0]]
        if not len(rows):
            return
        self._latest = rows[-1].copy()
        stride = max(self.stride, block_width(int(rows[-1, 0]), self.blocks))
        admitted = rows[self.admits(rows[:, 0])]
        kept = self._rows[: self._count]
        if stride != self.stride or not self._count:
            start = 0
        else:
            start = int(np.searchsorted(kept[:, 0], kept[-1, 0] // stride * stride))
        self.stride = stride
        self._store(start, _envelope(np.concatenate((kept[start:], admitted)), stride))

    def _store(self, start: int, rows: np.ndarray) -> None:
        self._count = start + len(rows)
        self._rows[start : self._count] = rows
        self._rows[self._count :] = np.nan

    def _latest_is_extra(self) -> bool:
        """The latest epoch is not among the kept rows (not admitted, or not its block's low or high)."""
        return self._latest is not None and (
            not self._count or self._latest[0] > self._rows[self._count - 1, 0]
        )

    def forget_from(self, epoch: int) -> None:
        """Drop the points at ``epoch`` and later (a run rewound to an earlier state)."""
        rows = self.arrays_rows()
        self._restore_rows(rows[rows[:, 0] < epoch])

    def arrays_rows(self) -> np.ndarray:
        """The kept rows and the latest epoch, in epoch order (a copy)."""
        rows = self._rows[: self._count]
        if self._latest_is_extra():
            rows = np.concatenate((rows, self._latest[None, :]))
        return rows.copy()

    def arrays(self) -> HistoryArrays:
        rows = self.arrays_rows()
        every_epoch = not len(rows) or len(rows) == int(rows[-1, 0]) + 1
        return HistoryArrays(
            *(rows[:, i] for i in range(len(COLUMNS))), block=1 if every_epoch else self.stride
        )

    def last(self) -> dict[str, float] | None:
        if self._latest is None:
            return None
        return dict(zip(COLUMNS, map(float, self._latest)))

    def state(self) -> tuple[int, int, np.ndarray]:
        """(stride, row count, rows): the kept rows with the latest epoch last, padded to ``capacity``."""
        rows = self.arrays_rows()
        full = np.full((self.capacity, len(COLUMNS)), np.nan)
        full[: len(rows)] = rows
        return self.stride, len(rows), full

    def restore(self, state: tuple[int, int, np.ndarray]) -> None:
        """Load a ``state()``, or one saved before the envelope (one row per stride): both load alike."""
        stride, count, rows = state
        self.stride = max(2, int(stride))
        self._restore_rows(np.asarray(rows, dtype=np.float64)[:count])

    def _restore_rows(self, rows: np.ndarray) -> None:
        """Take ``rows`` (in epoch order) as the whole history: blocks re-made, the last row the latest."""
        self._latest = None
        self._store(0, np.empty((0, len(COLUMNS))))
        if not len(rows):
            return
        self._latest = rows[-1].copy()
        self.stride = max(self.stride, block_width(int(rows[-1, 0]), self.blocks))
        admitted = rows[:-1] if not self.admits(rows[-1:, 0])[0] else rows
        self._store(0, _envelope(admitted, self.stride))
