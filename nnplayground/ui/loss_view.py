"""Loss per epoch, with the previous architectures' runs kept as dimmed "ghost" curves.

The article's lesson is a comparison — the perceptron stalls near 4.17, the
hidden layer falls to 1.50 — so when a new run starts on a different
architecture the old curve stays, greyed and labelled, for a few runs.
A new run on the same architecture (Reset, new data) replaces the curve
without a ghost, to keep the plot uncluttered. The history the engine keeps
is bounded (a few thousand points), but stroking thousands of short segments
with a wide pen costs QPainter tens of milliseconds, which the GUI thread
cannot spare while training runs: the curve is thinned to a min/max envelope
of at most ``MAX_DRAWN_POINTS`` (nothing visible is lost at that density) and
redrawn at most every ``REDRAW_INTERVAL_MS``. The axes move in 1-2-5 steps
rather than following every point: re-ticking them is the costliest part
of a redraw, and a plot that does not rescale every frame is easier to read.

Accuracy shares the plot on its own fixed 0–100 % axis at the right, so the
two can be read against each other at the same epoch — a loss still falling
while accuracy stands still is a lesson of its own. It is hidden for
regression, where there are no classes to be right about.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QElapsedTimer, QPointF, Qt, QTimer, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nnplayground.core.history import HistoryArrays
from nnplayground.core.losses import get_loss
from nnplayground.core.trainer import Snapshot

from . import colours, formatting, plot_style

MAX_GHOSTS = 3
MAX_DRAWN_POINTS = 400
REDRAW_INTERVAL_MS = 100


def envelope_indices(values: np.ndarray, max_points: int = MAX_DRAWN_POINTS) -> np.ndarray:
    """Indices keeping each bucket's minimum and maximum, in order: spikes survive the thinning."""
    n = len(values)
    if n <= max_points:
        return np.arange(n)
    buckets = max_points // 2
    edges = np.linspace(0, n, buckets + 1).astype(int)
    starts, size = edges[:-1], int(np.max(np.diff(edges)))
    window = np.minimum(starts[:, None] + np.arange(size), edges[1:, None] - 1)
    finite = np.where(np.isfinite(values), values, np.nan)[window]
    filled_low = np.where(np.isnan(finite), np.inf, finite)
    filled_high = np.where(np.isnan(finite), -np.inf, finite)
    low = window[np.arange(buckets), np.argmin(filled_low, axis=1)]
    high = window[np.arange(buckets), np.argmax(filled_high, axis=1)]
    keep = np.unique(np.concatenate([low, high, [0, n - 1]]))
    return keep


@dataclass
class _Ghost:
    label: str
    item: pg.PlotDataItem
    epochs: np.ndarray
    losses: np.ndarray


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ᵏ at or above ``value`` (> 0)."""
    exponent = math.floor(math.log10(value))
    for mantissa in (1, 2, 5, 10):
        candidate = mantissa * 10.0**exponent
        if candidate >= value * (1 - 1e-12):
            return candidate
    return 10.0 ** (exponent + 1)


class EpochAxis(pg.AxisItem):
    """Epoch ticks with grouped digits: "150 000" reads at a glance, "150000" does not."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if spacing < 1:
            return super().tickStrings(values, scale, spacing)
        return [formatting.count(round(value * scale)) for value in values]


def run_label(snapshot: Snapshot) -> str:
    """What distinguishes one run's curve from another's in the legend: shape, activations and bias."""
    config = snapshot.config
    label = formatting.architecture(config.hidden_layers, len(config.input_features))
    if config.hidden_layers:
        label += f", {config.hidden_activation}"
    if config.output_activation != "sigmoid":
        label += f" → {config.output_activation}"
    if bool(config.hidden_layers) == config.bias:
        label += ", bias" if config.bias else ", no bias"
    return label


class LossView(QWidget):
    """Read-only: draws the loss and accuracy history of the snapshots it is shown.

    ``show_reference_curve`` adds another model's loss curve (dashed), which
    stays until it is called with None.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("lossView")
        self.setAccessibleName("Loss curve")
        self.setAccessibleDescription(
            "Training and test loss per epoch, with earlier runs dimmed, and accuracy on a second axis"
        )

        self._plot = pg.PlotWidget(background="w", axisItems={"bottom": EpochAxis(orientation="bottom")})
        self._plot.setObjectName("lossPlot")
        self._plot.setToolTip(
            "Loss per epoch (left axis) and accuracy (dotted, right axis). Hover to read the values; "
            "earlier architectures stay as grey curves."
        )
        plot = self._plot.getPlotItem()
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.getViewBox().disableAutoRange()
        plot.showGrid(x=True, y=True, alpha=0.25)
        plot_style.style_axes(plot, bottom="epoch", left="loss")
        self._legend = plot_style.add_legend(plot, offset=(-10, 10))

        self._train = plot.plot(
            pen=pg.mkPen(colours.TRAIN_LOSS, width=2.5), name="train loss", antialias=True
        )
        self._test = plot.plot(
            pen=pg.mkPen(colours.TEST_LOSS, width=2, style=Qt.PenStyle.DashLine), antialias=True
        )
        self._marker = plot.plot(
            symbol="o", symbolSize=9, symbolBrush=colours.TRAIN_LOSS, symbolPen="w", pen=None
        )
        self._cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#808080", width=1, style=Qt.PenStyle.DotLine))
        self._cursor.hide()
        plot.addItem(self._cursor, ignoreBounds=True)
        for item in (self._train, self._test, self._marker):
            item.setClipToView(True)
        self._train.setZValue(10)
        self._test.setZValue(9)
        self._marker.setZValue(11)
        self._reference: pg.PlotDataItem | None = None
        self._reference_data: tuple[np.ndarray, np.ndarray] | None = None
        self._build_accuracy_axis(plot)

        self.log_scale = QCheckBox("Log scale")
        self.log_scale.setObjectName("logScaleCheck")
        self.log_scale.setAccessibleName("Log scale")
        self.log_scale.setToolTip(
            "Plot the loss on a logarithmic axis (shows slow late progress and blow-ups)"
        )
        self.log_scale.toggled.connect(self._set_log_scale)
        self.show_accuracy = QCheckBox("Accuracy")
        self.show_accuracy.setObjectName("accuracyCheck")
        self.show_accuracy.setAccessibleName("Show accuracy")
        self.show_accuracy.setToolTip(
            "Show the share of points classified correctly (dotted: train blue, test red) on a "
            "0–100 % axis at the right"
        )
        self.show_accuracy.setChecked(True)
        self.show_accuracy.toggled.connect(self._show_accuracy_axis)
        self.readout = QLabel(" ")
        self.readout.setObjectName("lossReadoutLabel")
        self.readout.setAccessibleName("Loss read-out")
        self.readout.setToolTip("Epoch and loss under the mouse pointer")
        self._title = QLabel("Loss")
        self._title.setObjectName("lossTitleLabel")

        header = QHBoxLayout()
        header.addWidget(self._title)
        header.addStretch(1)
        header.addWidget(self.readout)
        header.addSpacing(16)
        header.addWidget(self.show_accuracy)
        header.addWidget(self.log_scale)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self._plot, 1)

        self._history: HistoryArrays | None = None
        self._regression = False
        self._run_id: int | None = None
        self._run_label = ""
        self._history_epoch = -1
        self._ghosts: list[_Ghost] = []
        self._range: tuple[float, float, float] | None = None
        self._pending: Snapshot | None = None
        self._since_draw = QElapsedTimer()
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.timeout.connect(self._draw_pending)
        self._plot.scene().sigMouseMoved.connect(self._hover)

    def _build_accuracy_axis(self, plot: pg.PlotItem) -> None:
        """A second view box for the accuracy, sharing the epochs, behind the loss plot's legend."""
        box = pg.ViewBox(enableMenu=False)
        box.setMouseEnabled(x=False, y=False)
        box.setZValue(-1)
        box.hide()  # until a classification run's history arrives
        plot.scene().addItem(box)
        box.setXLink(plot.getViewBox())
        box.setYRange(0, 100, padding=0.02)
        box.disableAutoRange()
        plot.getAxis("right").linkToView(box)
        plot_style.style_axis(plot, "right", "accuracy %")
        plot.getAxis("right").setGrid(False)
        plot.getViewBox().sigResized.connect(self._align_accuracy_box)
        self._accuracy_box = box
        self._train_accuracy = pg.PlotDataItem(
            pen=pg.mkPen(colours.TRAIN_LOSS, width=2, style=Qt.PenStyle.DotLine), antialias=True
        )
        self._test_accuracy = pg.PlotDataItem(
            pen=pg.mkPen(colours.TEST_LOSS, width=2, style=Qt.PenStyle.DotLine), antialias=True
        )
        for item in (self._train_accuracy, self._test_accuracy):
            item.setClipToView(True)
            box.addItem(item)

    @Slot()
    def _align_accuracy_box(self) -> None:
        plot = self._plot.getPlotItem()
        self._accuracy_box.setGeometry(plot.getViewBox().sceneBoundingRect())
        self._accuracy_box.linkedViewChanged(plot.getViewBox(), self._accuracy_box.XAxis)

    @property
    def accuracy_shown(self) -> bool:
        """Accuracy is on the plot: asked for, and the run is a classification."""
        return self.show_accuracy.isChecked() and not self._regression

    def show_reference_curve(
        self, epochs: np.ndarray | None, losses: np.ndarray | None, label: str = "scikit-learn"
    ) -> None:
        """Overlay another model's loss per epoch, dashed, until called with None."""
        plot = self._plot.getPlotItem()
        if epochs is None or losses is None:
            if self._reference is not None:
                self._legend.removeItem(self._reference)
                plot.removeItem(self._reference)
            self._reference, self._reference_data = None, None
        else:
            epochs, losses = np.asarray(epochs, dtype=float).ravel(), np.asarray(losses, dtype=float).ravel()
            if len(epochs) != len(losses):
                raise ValueError(f"{len(epochs)} epochs but {len(losses)} losses: they must pair up")
            if self._reference is None:
                self._reference = plot.plot(
                    pen=pg.mkPen(colours.REFERENCE, width=2.5, style=Qt.PenStyle.DashLine), antialias=True
                )
                self._reference.setClipToView(True)
                self._reference.setZValue(8)
            keep = envelope_indices(losses)
            self._reference.setData(epochs[keep], losses[keep], connect="finite")
            self._reference_data = (epochs, losses)
            self._legend.removeItem(self._reference)
            self._legend.addItem(self._reference, label)
        self._range = None
        self._update_range()

    @property
    def ghost_labels(self) -> list[str]:
        return [ghost.label for ghost in self._ghosts]

    def show_snapshot(self, snapshot: Snapshot) -> None:
        if snapshot.config.is_regression != self._regression:
            self._regression = snapshot.config.is_regression
            self.show_accuracy.setVisible(not self._regression)
            self._show_accuracy_axis()
        label = run_label(snapshot)
        if snapshot.run_id != self._run_id:
            previous = self._pending.history if self._pending is not None else self._history
            if previous is not None and len(previous) > 1 and label != self._run_label:
                self._add_ghost(self._run_label, previous)
            self._drop_ghosts(label)
            self._run_id = snapshot.run_id
            self._run_label = label
            self._history_epoch = -1
            self._set_train_name(label)
            self._draw(snapshot)
            return
        self._pending = snapshot
        wait = REDRAW_INTERVAL_MS - self._since_draw.elapsed() if self._since_draw.isValid() else 0
        if wait <= 0:
            self._draw_pending()
        elif not self._redraw_timer.isActive():
            self._redraw_timer.start(wait)

    @Slot()
    def _draw_pending(self) -> None:
        if self._pending is not None:
            self._draw(self._pending)

    def flush(self) -> None:
        """Draw a snapshot held back by the redraw throttle now (used once training stops)."""
        self._draw_pending()

    def _draw(self, snapshot: Snapshot) -> None:
        self._pending = None
        self._redraw_timer.stop()
        self._since_draw.start()
        title = f"Loss · {get_loss(snapshot.config.loss).label}"
        if self._title.text() != title:
            self._title.setText(title)
        history = snapshot.history
        last_epoch = int(history.epoch[-1]) if len(history) else -1
        if last_epoch == self._history_epoch and self._history is not None:
            return
        self._history = history
        self._history_epoch = last_epoch
        keep = envelope_indices(history.train_loss)
        epochs = history.epoch[keep]
        self._train.setData(epochs, history.train_loss[keep])
        if len(history) and np.isfinite(history.test_loss).any():
            self._test.setData(epochs, history.test_loss[keep], connect="finite")
            self._ensure_in_legend(self._test, "test loss")
        else:
            self._test.setData([], [])
            self._legend.removeItem(self._test)
        self._train_accuracy.setData(epochs, history.train_accuracy[keep] * 100, connect="finite")
        self._test_accuracy.setData(epochs, history.test_accuracy[keep] * 100, connect="finite")
        self._show_accuracy_axis()
        self._update_range()

    @Slot()
    def _show_accuracy_axis(self) -> None:
        """Show (or hide) the accuracy curves, their axis and legend entries, with the curves there are."""
        shown = self.accuracy_shown
        if shown != self._accuracy_box.isVisible():
            self._accuracy_box.setVisible(shown)
            self._plot.getPlotItem().showAxis("right", shown)
            # Loss falls to the bottom and accuracy climbs to the top: beside them, the legend hides neither.
            if shown:
                self._legend.anchor(itemPos=(1, 0.5), parentPos=(1, 0.5), offset=(-10, 0))
            else:
                self._legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-10, 10))
        history = self._history
        for item, name, column in (
            (self._train_accuracy, "train accuracy", "train_accuracy"),
            (self._test_accuracy, "test accuracy", "test_accuracy"),
        ):
            has_values = history is not None and bool(np.isfinite(getattr(history, column)).any())
            if shown and has_values:
                self._ensure_in_legend(item, name)
            else:
                self._legend.removeItem(item)

    def _update_range(self) -> None:
        """Fit every curve, ghosts included, moving the axes only when a 1-2-5 boundary is crossed."""
        epochs = [ghost.epochs for ghost in self._ghosts]
        losses = [ghost.losses for ghost in self._ghosts]
        if self._history is not None:
            epochs.append(self._history.epoch)
            losses += [self._history.train_loss, self._history.test_loss]
        if self._reference_data is not None:
            epochs.append(self._reference_data[0])
            losses.append(self._reference_data[1])
        last_epoch = max((float(e[-1]) for e in epochs if len(e)), default=1.0)
        values = np.concatenate([np.asarray(v, dtype=float).ravel() for v in losses] or [np.empty(0)])
        values = values[np.isfinite(values) & (values > 0)]
        if not len(values):
            return
        log = self.log_scale.isChecked()
        if log:
            low, high = math.floor(math.log10(values.min())), math.ceil(math.log10(values.max()))
            y_range = (low, max(high, low + 1))
        else:
            y_range = (0.0, nice_ceiling(float(values.max()) * 1.05))
        wanted = (nice_ceiling(max(last_epoch, 1.0)), *y_range)
        if wanted != self._range:
            self._range = wanted
            self._plot.getPlotItem().getViewBox().setRange(
                xRange=(0, wanted[0]), yRange=wanted[1:], padding=0.02
            )

    def _set_train_name(self, label: str) -> None:
        self._legend.removeItem(self._train)
        self._legend.addItem(self._train, f"train loss — {label}")

    def _ensure_in_legend(self, item: pg.PlotDataItem, name: str) -> None:
        if all(sample.item is not item for sample, _ in self._legend.items):
            self._legend.addItem(item, name)

    def _drop_ghosts(self, label: str) -> None:
        """A ghost of the architecture now running would only shadow the live curve."""
        for ghost in [g for g in self._ghosts if g.label == label]:
            self._plot.getPlotItem().removeItem(ghost.item)
            self._ghosts.remove(ghost)

    def _add_ghost(self, label: str, history: HistoryArrays) -> None:
        plot = self._plot.getPlotItem()
        self._drop_ghosts(label)
        keep = envelope_indices(history.train_loss)
        item = plot.plot(
            history.epoch[keep],
            history.train_loss[keep],
            pen=pg.mkPen(*colours.GHOST_LOSS, 170, width=2),
            antialias=True,
        )
        item.setClipToView(True)
        self._legend.addItem(item, f"{label} (previous run)")
        self._ghosts.append(_Ghost(label, item, history.epoch, history.train_loss))
        while len(self._ghosts) > MAX_GHOSTS:
            plot.removeItem(self._ghosts.pop(0).item)
        for age, ghost in enumerate(reversed(self._ghosts)):
            ghost.item.setOpacity(1.0 - 0.25 * age)

    @Slot(bool)
    def _set_log_scale(self, on: bool) -> None:
        plot = self._plot.getPlotItem()
        plot.setLogMode(x=False, y=on)
        plot.getAxis("right").setLogMode(False, False)  # pyqtgraph logs every axis; accuracy stays linear
        self._range = None
        self._update_range()

    @Slot(object)
    def _hover(self, position: QPointF) -> None:
        history = self._history
        plot = self._plot.getPlotItem()
        if history is None or not len(history) or not plot.sceneBoundingRect().contains(position):
            return
        epoch = plot.getViewBox().mapSceneToView(position).x()
        index = int(np.clip(np.searchsorted(history.epoch, epoch), 0, len(history) - 1))
        if index > 0 and abs(history.epoch[index - 1] - epoch) < abs(history.epoch[index] - epoch):
            index -= 1
        at = int(history.epoch[index])
        text = f"epoch {formatting.count(at)}: train {formatting.loss(float(history.train_loss[index]))}"
        test = float(history.test_loss[index])
        if not math.isnan(test):
            text += f", test {formatting.loss(test)}"
        if self.accuracy_shown:
            text += f" · accuracy {formatting.percent(float(history.train_accuracy[index]))}"
            test_accuracy = float(history.test_accuracy[index])
            if not math.isnan(test_accuracy):
                text += f", test {formatting.percent(test_accuracy)}"
        self.readout.setText(text)
        self._cursor.setValue(at)
        self._cursor.show()
        self._marker.setData([at], [history.train_loss[index]])
