"""Loss per epoch, with the previous architectures' runs kept as dimmed "ghost" curves.

The article's lesson is a comparison — the perceptron stalls near 4.17, the
hidden layer falls to 1.50 — so when a new run starts on a different
architecture the old curve stays, greyed and under its own run's name, for a
few runs. A run that never trained leaves no ghost, and a new run on the same
architecture (Reset, new data) replaces the curve without one, to keep the
plot uncluttered. The axes follow the current run: it is the one being
watched, so its first single steps are visible however long the ghost ran,
and a ghost that blew up to 1e299 cannot flatten it; ghosts set the axes only
while the new run has no epoch yet. The history the engine keeps is bounded
(a few thousand points), but stroking thousands of short segments with a wide
pen costs QPainter tens of milliseconds, which the GUI thread cannot spare
while training runs: the curve is thinned to a min/max envelope of at most
``MAX_DRAWN_POINTS`` (nothing visible is lost at that density) and redrawn at
most every ``REDRAW_INTERVAL_MS``. The axes move in 1-2-5 steps rather than
following every point: re-ticking them is the costliest part of a redraw, and
a plot that does not rescale every frame is easier to read.

Epochs are counted as the status bar counts them: the cost printed during the
n-th epoch is plotted, and read out, at epoch n.

Accuracy shares the plot on its own fixed 0–100 % axis at the right, in
colours of its own, so the two can be read against each other at the same
epoch — a loss still falling while accuracy stands still is a lesson of its
own. It is hidden for regression, where there are no classes to be right about.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPointF, Qt, QTimer, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from nnplayground.core.history import HistoryArrays
from nnplayground.core.losses import get_loss
from nnplayground.core.trainer import Snapshot
from nnplayground.notation import colours, formatting
from nnplayground.ui.widgets import plot_style
from nnplayground.ui.widgets.fitted_label import HeaderLabel

MAX_GHOSTS = 3
MAX_DRAWN_POINTS = 400
REDRAW_INTERVAL_MS = 100
FEW_POINTS = 30  # up to this many, each point gets a dot: one step's point is otherwise invisible
EMPTY_EPOCHS = 10.0  # the x-range with nothing to show
GHOST_REACH = 2.0  # a ghost widens the loss axis by at most this factor beyond the current run
# Okabe & Ito's bluish green and orange: apart from the losses' blue and vermilion and from the ghosts' grey.
TRAIN_ACCURACY = "#009E73"
TEST_ACCURACY = "#E69F00"
READOUT_TIP = (
    "The current run at the epoch under the pointer: the loss, then the accuracy, of the train points "
    "(and of the test points). "
    "Epochs count as the status bar does: epoch n is the cost printed during the n-th epoch, before its "
    "update — after 3 epochs the status bar says “Epoch 3” beside the same loss (the article's "
    "loop variable is then 2)."
)


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


class LossAxis(pg.AxisItem):
    """On a log axis, only 1, 2 and 5 × 10ᵏ are labelled: nine labels a decade overprint each other."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if not self.logMode:
            return super().tickStrings(values, scale, spacing)
        labels = []
        for value in values:
            number = 10 ** (value * scale)
            mantissa = round(number / 10 ** math.floor(math.log10(number) + 1e-9), 6)
            labels.append(f"{number:g}" if mantissa in (1, 2, 5) else "")
        return labels


def run_label(snapshot: Snapshot) -> str:
    """What distinguishes one run's curve from another's in the legend: shape, activations, bias and
    the article's σ′ quirk (its perceptron and the corrected one are the comparison, not one run)."""
    config = snapshot.config
    label = formatting.architecture(config.hidden_layers, len(config.input_features))
    if config.hidden_layers:
        label += f", {config.hidden_activation}"
    if config.output_activation != "sigmoid":
        label += f" → {config.output_activation}"
    if bool(config.hidden_layers) == config.bias:
        label += ", bias" if config.bias else ", no bias"
    if config.article_quirks:
        label += ", article's σ′"
    return label


def _positive(values: list[np.ndarray]) -> np.ndarray:
    joined = np.concatenate([np.asarray(v, dtype=float).ravel() for v in values] or [np.empty(0)])
    return joined[np.isfinite(joined) & (joined > 0)]


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

        self._plot = pg.PlotWidget(
            background="w",
            axisItems={"bottom": EpochAxis(orientation="bottom"), "left": LossAxis(orientation="left")},
        )
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
        self._legend = plot_style.OutsideLegend(plot)

        self._train = plot.plot(
            pen=pg.mkPen(colours.TRAIN_LOSS, width=2.5),
            symbolSize=6,
            symbolBrush=colours.TRAIN_LOSS,
            symbolPen=None,
            antialias=True,
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
        self._reference_label = ""
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
            "Show the share of points classified correctly (dotted: train green, test orange) on a "
            "0–100 % axis at the right"
        )
        self.show_accuracy.setChecked(True)
        self.show_accuracy.toggled.connect(self._show_accuracy_axis)
        self.readout = HeaderLabel(" ", minimum_chars=4, preferred_chars=44)
        self.readout.setObjectName("lossReadoutLabel")
        self.readout.setAccessibleName("Loss read-out")
        self.readout.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.readout.setToolTip(READOUT_TIP)
        self._title = HeaderLabel("Loss", minimum_chars=0, preferred_chars=None)
        self._title.setObjectName("lossTitleLabel")
        self._title_text = "Loss"

        header = QHBoxLayout()
        header.addWidget(self._title)
        header.addWidget(self.readout, 1)
        header.addSpacing(8)
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
        self._drawn: tuple[int, int, float] | None = None
        self._ghosts: list[_Ghost] = []
        self._range: tuple[float, float, float] | None = None
        self._hover_x: float | None = None
        self._pending: Snapshot | None = None
        self._since_draw = QElapsedTimer()
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.timeout.connect(self._draw_pending)
        self._plot.scene().sigMouseMoved.connect(self._hover)
        self._plot.viewport().installEventFilter(self)
        self._update_range()

    def _build_accuracy_axis(self, plot: pg.PlotItem) -> None:
        """A second view box for the accuracy, sharing the epochs, behind the loss curves."""
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
            pen=pg.mkPen(TRAIN_ACCURACY, width=2, style=Qt.PenStyle.DotLine), antialias=True
        )
        self._test_accuracy = pg.PlotDataItem(
            pen=pg.mkPen(TEST_ACCURACY, width=2, style=Qt.PenStyle.DotLine), antialias=True
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

    @property
    def ghost_labels(self) -> list[str]:
        """The earlier runs' names, oldest first."""
        return [ghost.label for ghost in self._ghosts]

    @property
    def plot(self) -> pg.PlotWidget:
        """The plot alone, without the header's switches: what an exported picture shows."""
        return self._plot

    @property
    def legend_texts(self) -> list[str]:
        return self._legend.texts

    @property
    def legend_entries(self) -> list[tuple[pg.PlotDataItem, str]]:
        """Each curve in the legend with its name, first to last: which curve is whose run."""
        return self._legend.entries

    def show_reference_curve(
        self, epochs: np.ndarray | None, losses: np.ndarray | None, label: str = "scikit-learn"
    ) -> None:
        """Overlay another model's loss per epoch, dashed, until called with None."""
        plot = self._plot.getPlotItem()
        if epochs is None or losses is None:
            if self._reference is not None:
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
            self._reference_label = label
        self._update_legend()
        self._range = None
        self._update_range()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        if snapshot.config.is_regression != self._regression:
            self._regression = snapshot.config.is_regression
            self.show_accuracy.setVisible(not self._regression)
        if snapshot.run_id != self._run_id:
            self._start_run(snapshot)
            self._draw(snapshot)
            return
        self._pending = snapshot
        wait = REDRAW_INTERVAL_MS - self._since_draw.elapsed() if self._since_draw.isValid() else 0
        if wait <= 0:
            self._draw_pending()
        elif not self._redraw_timer.isActive():
            self._redraw_timer.start(wait)

    def _start_run(self, snapshot: Snapshot) -> None:
        """The previous run, if it trained, becomes a ghost under its own name; the new one starts empty."""
        label = run_label(snapshot)
        previous = self._pending.history if self._pending is not None else self._history
        if previous is not None and len(previous) > 1 and label != self._run_label:
            self._add_ghost(self._run_label, previous)
        self._drop_ghosts(label)
        self._run_id, self._run_label = snapshot.run_id, label
        self._history, self._drawn, self._pending = None, None, None
        self._range = None

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
        self._title_text = f"Loss · {get_loss(snapshot.config.loss).label}"
        if self._hover_x is None:
            self._show_title(self._title_text)
        history = snapshot.history
        drawn = (snapshot.run_id, len(history), float(history.epoch[-1]) if len(history) else -1.0)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        self._history = history
        keep = envelope_indices(history.train_loss)
        epochs = history.counted[keep]
        self._train.setData(epochs, history.train_loss[keep])
        symbol = "o" if len(history) <= FEW_POINTS else None
        if symbol != self._train.opts["symbol"]:
            self._train.setSymbol(symbol)
            for sample, _ in self._legend.item.items:
                sample.update()
        if len(history) and np.isfinite(history.test_loss).any():
            self._test.setData(epochs, history.test_loss[keep], connect="finite")
        else:
            self._test.setData([], [])
        self._train_accuracy.setData(epochs, history.train_accuracy[keep] * 100, connect="finite")
        self._test_accuracy.setData(epochs, history.test_accuracy[keep] * 100, connect="finite")
        self._show_accuracy_axis()
        self._update_range()
        self._refresh_readout()

    @Slot()
    def _show_accuracy_axis(self) -> None:
        """Show (or hide) the accuracy curves and their axis, and the legend entries there are curves for."""
        shown = self.accuracy_shown
        if shown != self._accuracy_box.isVisible():
            self._accuracy_box.setVisible(shown)
            self._plot.getPlotItem().showAxis("right", shown)
        self._update_legend()
        self._refresh_readout()

    def _has(self, column: str) -> bool:
        history = self._history
        return history is not None and bool(np.isfinite(getattr(history, column)).any())

    def _update_legend(self) -> None:
        """Train loss first, then what else the current run has, then the reference and the ghosts."""
        entries = [(self._train, f"train loss — {self._run_label}" if self._run_label else "train loss")]
        if self._has("test_loss"):
            entries.append((self._test, "test loss"))
        if self.accuracy_shown:
            entries += [
                (item, name)
                for item, name, column in (
                    (self._train_accuracy, "train accuracy", "train_accuracy"),
                    (self._test_accuracy, "test accuracy", "test_accuracy"),
                )
                if self._has(column)
            ]
        if self._reference is not None:
            entries.append((self._reference, self._reference_label))
        for age, ghost in enumerate(reversed(self._ghosts)):
            entries.append((ghost.item, f"{ghost.label} ({'previous run' if age == 0 else 'earlier run'})"))
        self._legend.set_entries(entries)

    def _update_range(self) -> None:
        """Fit the current run, moving the axes only when a 1-2-5 boundary is crossed.

        With no epoch of the current run to show yet, the ghosts are fitted
        instead, so the curve the new run is to be compared with stays in view.
        """
        own_epochs, own_losses = [], []
        history = self._history
        if history is not None and len(history):
            own_epochs.append(history.counted)
            own_losses += [history.train_loss, history.test_loss]
        if self._reference_data is not None:
            own_epochs.append(self._reference_data[0])
            own_losses.append(self._reference_data[1])
        own = _positive(own_losses)
        if len(own):
            last_epoch = max(float(e[-1]) for e in own_epochs if len(e))
            within = [g.losses[g.epochs <= nice_ceiling(max(last_epoch, 1.0))] for g in self._ghosts]
            ghosts = np.clip(_positive(within), own.min() / GHOST_REACH, own.max() * GHOST_REACH)
            values = np.concatenate([own, ghosts])
        else:
            last_epoch = max((float(g.epochs[-1]) for g in self._ghosts), default=EMPTY_EPOCHS)
            values = _positive([g.losses for g in self._ghosts])
        log = self.log_scale.isChecked()
        if not len(values):
            y_range = (0.0, 1.0)
        elif log:
            low, high = math.floor(math.log10(values.min())), math.ceil(math.log10(values.max()))
            y_range = (float(low), float(max(high, low + 1)))
        else:
            y_range = (0.0, nice_ceiling(float(values.max()) * 1.05))
        wanted = (nice_ceiling(max(last_epoch, 1.0)), *y_range)
        if wanted != self._range:
            self._range = wanted
            self._plot.getPlotItem().getViewBox().setRange(
                xRange=(0, wanted[0]), yRange=wanted[1:], padding=0.02
            )

    def _drop_ghosts(self, label: str) -> None:
        """A ghost of the architecture now running would only shadow the live curve."""
        for ghost in [g for g in self._ghosts if g.label == label]:
            self._plot.getPlotItem().removeItem(ghost.item)
            self._ghosts.remove(ghost)

    def _add_ghost(self, label: str, history: HistoryArrays) -> None:
        plot = self._plot.getPlotItem()
        self._drop_ghosts(label)
        keep = envelope_indices(history.train_loss)
        epochs = history.counted
        item = plot.plot(
            epochs[keep],
            history.train_loss[keep],
            pen=pg.mkPen(*colours.GHOST_LOSS, 170, width=2),
            antialias=True,
        )
        item.setClipToView(True)
        self._ghosts.append(_Ghost(label, item, epochs, history.train_loss))
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

    # ----- the read-out under the pointer ---------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self._clear_readout()
        return super().eventFilter(watched, event)

    @Slot(object)
    def _hover(self, position: QPointF) -> None:
        box = self._plot.getPlotItem().getViewBox()
        if not box.sceneBoundingRect().contains(position):
            self._clear_readout()
            return
        self._hover_x = box.mapSceneToView(position).x()
        self._refresh_readout()

    def _figures(self, index: int, loss: str, accuracy: str) -> str:
        """One point's loss, and its accuracy when shown: "4.1793, 88 %"."""
        history = self._history
        text = formatting.loss(float(getattr(history, loss)[index]))
        share = float(getattr(history, accuracy)[index])
        if self.accuracy_shown and not math.isnan(share):
            text += f", {formatting.percent(share)}"
        return text

    def _show_title(self, text: str) -> None:
        """Lay the header out at once, so the read-out is shortened to the room it now has, not the old."""
        if text != self._title.text():
            self._title.setText(text)
            self.layout().activate()

    def _clear_readout(self) -> None:
        self._hover_x = None
        self._refresh_readout()

    def _refresh_readout(self) -> None:
        """The current run's figures at the epoch nearest the pointer; nothing when there are none."""
        history = self._history
        if self._hover_x is None or history is None or not len(history):
            self._show_title(self._title_text)
            self.readout.setText(" ")
            self._cursor.hide()
            self._marker.setData([], [])
            return
        epochs = history.counted
        index = int(np.clip(np.searchsorted(epochs, self._hover_x), 0, len(history) - 1))
        if index > 0 and abs(epochs[index - 1] - self._hover_x) < abs(epochs[index] - self._hover_x):
            index -= 1
        at = int(epochs[index])
        text = f"epoch {formatting.count(at)}: train {self._figures(index, 'train_loss', 'train_accuracy')}"
        if not math.isnan(float(history.test_loss[index])):
            text += f"; test {self._figures(index, 'test_loss', 'test_accuracy')}"
        self._show_title("")  # the read-out takes the title's room while the pointer is on the plot
        self.readout.setText(text)
        self._cursor.setValue(at)
        self._cursor.show()
        self._marker.setData([at], [history.train_loss[index]])
