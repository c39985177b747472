"""The loss curve's mark of one update: a line at its epoch, a dot on the curve, before → after in words.

Set from the boundary view's trace of the update (the window wires them),
so the loss curve marks exactly the step whose old boundary is drawn
dashed. The figures are the train loss of the weights before the update and
after it (each snapshot's own metrics), the two numbers a learner compares
to see that one step of gradient descent went downhill — or, with too
large a rate, did not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt

from nnplayground.core.trainer import Snapshot
from nnplayground.notation import formatting

# Okabe & Ito's reddish purple, and the same hue dark enough for small text.
STEP_COLOUR = "#CC79A7"
LABEL_COLOUR = "#7a2e5c"


@dataclass(frozen=True)
class Step:
    epoch: int
    before: float
    after: float

    @property
    def text(self) -> str:
        change = self.after - self.before
        trend = "down" if change < 0 else "up" if change > 0 else "unchanged"
        return (
            f"one update at epoch {formatting.count(self.epoch)}: train loss "
            f"{formatting.loss(self.before)} → {formatting.loss(self.after)} ({trend})"
        )


def step_of(before: Snapshot, after: Snapshot) -> Step:
    return Step(after.epoch, before.metrics.train_loss, after.metrics.train_loss)


class StepMark:
    """The line and the dot on one plot; hidden while no update is marked."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.line = pg.InfiniteLine(
            angle=90, pen=pg.mkPen(STEP_COLOUR, width=1.5, style=Qt.PenStyle.DashLine)
        )
        # The figures beside the line, left of it (the room a falling curve leaves), on a white ground.
        self.label = pg.InfLineLabel(
            self.line,
            position=0.55,
            anchors=[(1, 0.5), (1, 0.5)],
            color=LABEL_COLOUR,
            fill=(255, 255, 255, 220),
        )
        self.line.hide()
        plot.addItem(self.line, ignoreBounds=True)
        self.dot = plot.plot(symbol="o", symbolSize=11, symbolBrush=STEP_COLOUR, symbolPen="w", pen=None)
        self.dot.setZValue(12)
        self.step: Step | None = None
        self._log_x = False

    def show(self, step: Step | None) -> None:
        self.step = step
        if step is None:
            self.line.hide()
            self.dot.setData([], [])
            return
        self.line.setToolTip(step.text[:1].upper() + step.text[1:])
        self.label.format = f"{formatting.loss(step.before)} → {formatting.loss(step.after)}"
        self.line.show()
        self._place()
        self.label.valueChanged()  # a label skips its text while its line is hidden
        if math.isfinite(step.before):
            self.dot.setData([step.epoch], [step.before])

    def set_log_x(self, on: bool) -> None:
        """An infinite line is not a curve: pyqtgraph does not move it onto a log axis, so this does."""
        self._log_x = on
        if self.step is not None:
            self._place()

    def _place(self) -> None:
        assert self.step is not None
        epoch = self.step.epoch
        self.line.setValue(math.log10(max(epoch, 1)) if self._log_x else epoch)
