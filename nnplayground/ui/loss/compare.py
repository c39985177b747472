"""Both sides' loss curves on one plot: the article's argument is the gap between them.

The drawing habits are the main loss view's (``loss_view``): each curve is
thinned to a min/max envelope before it is stroked, epochs count as the
status bar does, the legend sits above the curves, the title is shortened
rather than widening the window, and the axes move in 1-2-5 steps instead of
following every point — and fit the pair shown now, never the comparison
before it. The axis starts logarithmic:
on a linear one the first epochs' drop dwarfs the gap that matters, 4.17
against 1.50. The epochs may be logarithmic too (``log_epochs``), as on the
main loss plot.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from nnplayground.core.losses import get_loss
from nnplayground.core.trainer import Snapshot
from nnplayground.ui.loss.axes import (
    EMPTY_EPOCHS,
    envelope_indices,
    epoch_range,
    loss_ceiling,
    loss_plot,
    nice_ceiling,
)
from nnplayground.ui.widgets.fitted_label import HeaderLabel

# Okabe & Ito's bluish green and reddish purple: apart from each other and from the class colours.
SIDE_COLOURS = ("#009E73", "#CC79A7")
SIDE_NAMES = ("left", "right")


class CompareLossPlot(QWidget):
    """Read-only: draws the loss history of a pair of snapshots, one curve per side."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("compareLossView")
        self.setAccessibleName("Loss curves of both sides")
        self.setAccessibleDescription("Training loss per epoch of the left and right networks, overlaid")
        self.plot, self._legend = loss_plot(
            "compareLossPlot",
            "Training loss per epoch of both networks, on the same points and the same axes",
        )
        item = self.plot.getPlotItem()
        self.curves = [item.plot(pen=pg.mkPen(colour, width=3), antialias=True) for colour in SIDE_COLOURS]
        for curve in self.curves:
            curve.setClipToView(True)
        self._labels = ["", ""]

        self.log_scale = QCheckBox("Log scale")
        self.log_scale.setObjectName("compareLogScaleCheck")
        self.log_scale.setAccessibleName("Log scale")
        self.log_scale.setToolTip(
            "Plot both losses on a logarithmic axis (shows the late, slow progress) (L)"
        )
        self.log_scale.toggled.connect(self._set_log_scale)
        self.log_epochs = QCheckBox("Log epochs")
        self.log_epochs.setObjectName("compareLogEpochsCheck")
        self.log_epochs.setAccessibleName("Log epoch axis")
        self.log_epochs.setToolTip(
            "Plot the epochs on a logarithmic axis: the first epochs and the long tail"
        )
        self.log_epochs.toggled.connect(self._set_log_scale)
        self.title = HeaderLabel("Loss", minimum_chars=4, preferred_chars=None)
        self.title.setObjectName("compareLossTitleLabel")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.log_scale)
        header.addWidget(self.log_epochs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.plot, 1)

        self._histories: list[tuple[np.ndarray, np.ndarray]] = []
        self._range: tuple[float, float, float] | None = None
        self.log_scale.setChecked(True)

    @property
    def legend_labels(self) -> list[str]:
        return self._legend.texts

    def show_pair(self, left: Snapshot, right: Snapshot, labels: tuple[str, str]) -> None:
        """Draw both histories; ``labels`` name the sides in the legend."""
        losses = {left.config.loss, right.config.loss}
        if len(losses) == 1:
            self.title.setText(f"Loss · {get_loss(left.config.loss).label}")
        else:
            self.title.setText("Loss · different cost functions: compare the shapes, not the heights")
        self._histories = []
        for side, (curve, snapshot, label) in enumerate(zip(self.curves, (left, right), labels)):
            history = snapshot.history
            keep = envelope_indices(history.train_loss)
            curve.setData(history.counted[keep], history.train_loss[keep])
            self._histories.append((history.counted, history.train_loss))
            self._labels[side] = f"{SIDE_NAMES[side]}: {label}"
        self._legend.set_entries([(curve, name) for curve, name in zip(self.curves, self._labels) if name])
        self._update_range()

    def _update_range(self) -> None:
        """Fit both curves, moving the axes only when a 1-2-5 boundary is crossed.

        With nothing trained yet the axes go back to a default, not the previous pair's.
        """
        last_epoch = max((float(epochs[-1]) for epochs, _ in self._histories if len(epochs)), default=0.0)
        values = np.concatenate([losses for _, losses in self._histories] or [np.empty(0)])
        values = values[np.isfinite(values) & (values > 0)]
        if not len(values):
            y_range = (0.0, 1.0)
            last_epoch = EMPTY_EPOCHS
        elif self.log_scale.isChecked():
            low, high = math.floor(math.log10(values.min())), math.ceil(math.log10(values.max()))
            y_range = (float(low), float(max(high, low + 1)))
        else:
            y_range = (0.0, loss_ceiling(min(float(values.max()), self._blow_up_cap()) * 1.05))
        wanted = (nice_ceiling(max(last_epoch, 1.0)), *y_range)
        if wanted != self._range:
            self._range = wanted
            self.plot.getPlotItem().getViewBox().setRange(
                xRange=epoch_range(wanted[0], self.log_epochs.isChecked()), yRange=wanted[1:], padding=0.02
            )

    def _blow_up_cap(self) -> float:
        """A linear axis stops at 10× the highest starting loss: a side heading for divergence
        climbs off the top instead of flattening the other side's curve to a line at zero."""
        starts = [float(losses[0]) for _, losses in self._histories if len(losses) and np.isfinite(losses[0])]
        return 10 * max(starts) if starts and max(starts) > 0 else math.inf

    @Slot()
    def _set_log_scale(self) -> None:
        self.plot.getPlotItem().setLogMode(x=self.log_epochs.isChecked(), y=self.log_scale.isChecked())
        self._range = None
        self._update_range()
