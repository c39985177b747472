"""Earlier architectures' loss curves, kept dimmed under their own run's name for comparison.

The article's lesson is a comparison — the perceptron stalls near 4.17, the
hidden layer falls to 1.50 — so the curve of a run on another architecture
stays for a few runs, each older one fainter. A ghost of the architecture
now running would only shadow the live curve, so it goes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg

from nnplayground.core.history import HistoryArrays
from nnplayground.notation import colours
from nnplayground.ui.loss.axes import envelope_indices

MAX_GHOSTS = 3


@dataclass
class _Ghost:
    label: str
    item: pg.PlotDataItem
    epochs: np.ndarray
    losses: np.ndarray


class GhostCurves:
    """The ghosts on one plot, oldest first."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self._plot = plot
        self._ghosts: list[_Ghost] = []

    @property
    def labels(self) -> list[str]:
        return [ghost.label for ghost in self._ghosts]

    @property
    def curves(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each ghost's full (epochs, losses), not the thinned drawing: what the axes must fit."""
        return [(ghost.epochs, ghost.losses) for ghost in self._ghosts]

    def legend_entries(self) -> list[tuple[pg.PlotDataItem, str]]:
        """Newest first, each saying how old it is."""
        return [
            (ghost.item, f"{ghost.label} ({'previous run' if age == 0 else 'earlier run'})")
            for age, ghost in enumerate(reversed(self._ghosts))
        ]

    def drop(self, label: str) -> None:
        for ghost in [g for g in self._ghosts if g.label == label]:
            self._plot.removeItem(ghost.item)
            self._ghosts.remove(ghost)

    def add(self, label: str, history: HistoryArrays) -> None:
        self.drop(label)
        keep = envelope_indices(history.train_loss)
        epochs = history.counted
        item = self._plot.plot(
            epochs[keep],
            history.train_loss[keep],
            pen=pg.mkPen(*colours.GHOST_LOSS, 170, width=2),
            antialias=True,
        )
        item.setClipToView(True)
        self._ghosts.append(_Ghost(label, item, epochs, history.train_loss))
        while len(self._ghosts) > MAX_GHOSTS:
            self._plot.removeItem(self._ghosts.pop(0).item)
        for age, ghost in enumerate(reversed(self._ghosts)):
            ghost.item.setOpacity(1.0 - 0.25 * age)
