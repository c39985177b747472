"""The loss plot: the current run's train and test loss per epoch, its accuracy, and earlier runs' ghosts.

The axes follow the current run: it is the one being watched, so its first
single steps are visible however long a ghost ran (``ghosts``), and ghosts
set the axes only while the new run has no epoch yet (``axes.fitted_range``).
The history the engine keeps is bounded (a few thousand points), but stroking
thousands of short segments with a wide pen costs QPainter tens of
milliseconds, which the GUI thread cannot spare while training runs: the
curve is thinned to a min/max envelope (``axes.envelope_indices``; nothing
visible is lost at that density) and redrawn at most every
``REDRAW_INTERVAL_MS``.

Epochs are counted as the status bar counts them: the cost printed during the
n-th epoch is plotted, and read out, at epoch n. Accuracy (``accuracy``) is
hidden for regression, where there are no classes to be right about.

Either axis may be logarithmic: the loss (``log_scale``), and the epochs
(``log_epochs``), on which the article's early spike near epoch 1 200 and
its 200 000-epoch tail both get room, the first epochs at full detail
(``fine_start``). One update — a Step of one epoch, the
step-through's update — is marked at its epoch (``mark_update``,
``step_mark``).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPointF, Qt, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from nnplayground.core.history import HistoryArrays
from nnplayground.core.losses import get_loss
from nnplayground.core.trainer import Snapshot
from nnplayground.notation import colours, formatting
from nnplayground.notation.config_words import run_label
from nnplayground.ui.loss.accuracy import AccuracyCurves
from nnplayground.ui.loss.axes import envelope_indices, epoch_range, fitted_range, loss_plot, thinned
from nnplayground.ui.loss.fine_start import FineStart
from nnplayground.ui.loss.ghosts import GhostCurves
from nnplayground.ui.loss.step_mark import Step, StepMark, step_of
from nnplayground.ui.widgets import plot_style
from nnplayground.ui.widgets.factories import check_box, name
from nnplayground.ui.widgets.fitted_label import HeaderLabel
from nnplayground.ui.widgets.own_work import OwnWorkTimer
from nnplayground.ui.widgets.paint_pass import OWN_PASS_MS

# Only training's frames wait for it: a paused frame is drawn at once (``flush``). At 100 ms this plot
# and the diagram (``diagram.painter.PLAYING_REDRAW_MS``) kept the article's network at 45 % of its
# headless speed, 62 % at 200.
REDRAW_INTERVAL_MS = 200
FEW_POINTS = 30  # up to this many, each point gets a dot: one step's point is otherwise invisible
READOUT_TIP = (
    "The current run at the epoch under the pointer: the loss, then the accuracy, of the train points "
    "(and of the test points). "
    "Epochs count as the status bar does: epoch n is the cost printed during the n-th epoch, before its "
    "update — after 3 epochs the status bar says “Epoch 3” beside the same loss (the article's "
    "loop variable is then 2)."
)


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

        self._plot, self._legend = loss_plot(
            "lossPlot",
            "Loss per epoch (left axis) and accuracy (dotted, right axis). Hover to read the values; "
            "earlier architectures stay as grey curves.",
        )
        plot = self._plot.getPlotItem()

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
        self._accuracy = AccuracyCurves(plot)
        self._step = StepMark(plot)

        self.log_scale = check_box(
            "Log scale",
            "logScaleCheck",
            "Log scale",
            "Plot the loss on a logarithmic axis (shows slow late progress and blow-ups)",
            self._set_log_scale,
        )
        self.log_epochs = check_box(
            "Log epochs",
            "logEpochsCheck",
            "Log epoch axis",
            "Plot the epochs on a logarithmic axis (1, 10, 100, 1k…): the first epochs and a long run's "
            "tail get room side by side — the article's spike near epoch 1 200 and its 200 000th epoch",
            self._set_log_scale,
        )
        self.show_accuracy = QCheckBox("Accuracy")
        name(
            self.show_accuracy,
            "accuracyCheck",
            "Show accuracy",
            "Show the share of points classified correctly (dotted: train green, test orange) on a "
            "0–100 % axis at the right",
        )
        self.show_accuracy.setChecked(True)  # before its slot is connected: the view is not built yet
        self.show_accuracy.toggled.connect(self._show_accuracy_axis)
        # On the plot, along the top of its data area, not in the header: the header's three boxes
        # left it a few characters at 1280 and 1024 px ("…"), while the plot has room for the figures.
        self.readout = HeaderLabel(" ", minimum_chars=4, preferred_chars=44)
        self.readout.setParent(self._plot)
        self.readout.setObjectName("lossReadoutLabel")
        self.readout.setAccessibleName("Loss read-out")
        self.readout.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.readout.setToolTip(READOUT_TIP)
        self.readout.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.readout.setStyleSheet("background: rgba(255, 255, 255, 225); padding: 0 4px;")
        self.readout.hide()
        self._title = HeaderLabel("Loss", minimum_chars=0, preferred_chars=None)
        self._title.setObjectName("lossTitleLabel")
        self._axis_label = "loss"

        header = QHBoxLayout()
        header.addWidget(self._title, 1)
        header.addSpacing(8)
        header.addWidget(self.show_accuracy)
        header.addWidget(self.log_scale)
        header.addWidget(self.log_epochs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self._plot, 1)

        self._history: HistoryArrays | None = None
        self._regression = False
        self._run_id: int | None = None
        self._run_label = ""
        self._drawn: tuple[int, int, float] | None = None
        self._ghosts = GhostCurves(plot)
        self._fine_start = FineStart()
        self._range: tuple[float, float, float] | None = None
        self._hover_x: float | None = None
        self._pending: Snapshot | None = None
        self._since_draw = QElapsedTimer()
        self._redraw_timer = OwnWorkTimer(self)
        self._redraw_timer.timeout.connect(self._draw_pending)
        self._plot.scene().sigMouseMoved.connect(self._hover)
        self._plot.viewport().installEventFilter(self)
        self._update_range()

    @property
    def accuracy_shown(self) -> bool:
        """Accuracy is on the plot: asked for, and the run is a classification."""
        return self.show_accuracy.isChecked() and not self._regression

    @property
    def ghost_labels(self) -> list[str]:
        """The earlier runs' names, oldest first."""
        return self._ghosts.labels

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

    @property
    def marked_step(self) -> Step | None:
        """The update marked on the curve (its epoch, the loss before and after it), or None."""
        return self._step.step

    @Slot(object, object)
    def mark_update(self, before: Snapshot | None, after: Snapshot | None) -> None:
        """Mark one update's epoch on the curve, with the train loss before → after it; None, None unmarks."""
        if before is None or after is None or after.run_id != self._run_id:
            self._step.show(None)
        else:
            self._step.show(step_of(before, after))
        self._refresh_readout()

    def show_snapshot(self, snapshot: Snapshot, *, own_pass: bool = False) -> None:
        """Draw ``snapshot``'s history, at most every ``REDRAW_INTERVAL_MS``; with ``own_pass`` (training
        runs) never at once, so the plot paints apart from the rest of the frame (``flush`` draws now)."""
        if snapshot.config.is_regression != self._regression:
            self._regression = snapshot.config.is_regression
            self.show_accuracy.setVisible(not self._regression)
        # A session opened from a file may bring a run numbered as this one was: its network tells it apart.
        if snapshot.run_id != self._run_id or run_label(snapshot.config) != self._run_label:
            self._start_run(snapshot)
            self._draw(snapshot)
            return
        self._fine_start.see(snapshot.history)
        self._pending = snapshot
        wait = REDRAW_INTERVAL_MS - self._since_draw.elapsed() if self._since_draw.isValid() else 0
        if own_pass:
            wait = max(wait, OWN_PASS_MS)
        if wait <= 0:
            self._draw_pending()
        elif not self._redraw_timer.isActive():
            self._redraw_timer.start(wait)

    def _start_run(self, snapshot: Snapshot) -> None:
        """The previous run, if it trained, becomes a ghost under its own name; the new one starts empty."""
        label = run_label(snapshot.config)
        previous = self._pending.history if self._pending is not None else self._history
        if previous is not None and len(previous) > 1 and label != self._run_label:
            self._ghosts.add(self._run_label, previous)
        self._ghosts.drop(label)
        self._run_id, self._run_label = snapshot.run_id, label
        self._history, self._drawn, self._pending = None, None, None
        self._range = None
        self._step.show(None)
        self._fine_start.forget()

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
        loss = snapshot.config.loss
        # The softmax's cost by its short name: its label's −Σ log ao[label] left no room at 1024 px.
        title = "Cross-entropy" if loss == "cross_entropy" else f"Loss · {get_loss(loss).label}"
        if title != self._title.text():
            self._title.setText(title)
        axis_label = "cross-entropy" if loss == "cross_entropy" else "loss"
        if axis_label != self._axis_label:  # only on a change: a new label re-lays out the plot
            self._axis_label = axis_label
            self.plot.getPlotItem().setLabel(
                "left", axis_label, color=plot_style.TEXT, **{"font-size": plot_style.LABEL_SIZE}
            )
        history = snapshot.history
        drawn = (snapshot.run_id, len(history), float(history.epoch[-1]) if len(history) else -1.0)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        self._history = self._fine_start.merged(history)
        self._draw_history()

    def _draw_history(self) -> None:
        """The curves of ``_history``, thinned for the epoch axis they are drawn on."""
        history = self._history
        if history is None:
            return
        log = self.log_epochs.isChecked()
        keep = thinned(history.counted, history.train_loss, log)
        epochs = history.counted[keep]
        self._train.setData(epochs, history.train_loss[keep])
        symbol = "o" if len(history) <= FEW_POINTS else None
        if symbol != self._train.opts["symbol"]:
            self._train.setSymbol(symbol)
            for sample, _ in self._legend.item.items:
                sample.update()
        # The window evaluates the test set only on epochs a frame showed, so its column is NaN
        # between them: the test curves join the rows that have it rather than break at every gap.
        tested = np.flatnonzero(np.isfinite(history.test_loss))
        tested = tested[thinned(history.counted[tested], history.test_loss[tested], log)]
        self._test.setData(history.counted[tested], history.test_loss[tested])
        self._accuracy.set_data(epochs, history.train_accuracy[keep], history.test_accuracy[keep])
        self._accuracy.test.setData(
            history.counted[tested], history.test_accuracy[tested] * 100, connect="finite"
        )
        self._show_accuracy_axis()
        self._update_range()
        self._refresh_readout()

    @Slot()
    def _show_accuracy_axis(self) -> None:
        """Show (or hide) the accuracy curves and their axis, and the legend entries there are curves for."""
        shown = self.accuracy_shown
        self._accuracy.set_shown(shown)
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
                    (self._accuracy.train, "train accuracy", "train_accuracy"),
                    (self._accuracy.test, "test accuracy", "test_accuracy"),
                )
                if self._has(column)
            ]
        if self._reference is not None:
            entries.append((self._reference, self._reference_label))
        entries += self._ghosts.legend_entries()
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
        wanted = fitted_range(own_epochs, own_losses, self._ghosts.curves, self.log_scale.isChecked())
        if wanted != self._range:
            self._range = wanted
            self._plot.getPlotItem().getViewBox().setRange(
                xRange=epoch_range(wanted[0], self.log_epochs.isChecked()), yRange=wanted[1:], padding=0.02
            )

    @Slot()
    def _set_log_scale(self) -> None:
        """Either box switches its axis; the accuracy box's curves are not the plot's, so they are told."""
        plot = self._plot.getPlotItem()
        log_x = self.log_epochs.isChecked()
        plot.setLogMode(x=log_x, y=self.log_scale.isChecked())
        plot.getAxis("right").setLogMode(False, False)  # pyqtgraph logs every axis; accuracy stays linear
        for curve in (self._accuracy.train, self._accuracy.test):
            curve.setLogMode(log_x, False)
        self._step.set_log_x(log_x)
        self._draw_history()
        self._range = None
        self._update_range()
        self._refresh_readout()

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
        x = box.mapSceneToView(position).x()
        self._hover_x = 10.0 ** min(x, 300.0) if self.log_epochs.isChecked() else x
        self._refresh_readout()

    def _place_readout(self) -> None:
        """Along the top of the data area, inside it: the figures are read where the pointer is."""
        area = self._plot.mapFromScene(
            self._plot.getPlotItem().getViewBox().sceneBoundingRect()
        ).boundingRect()
        height = self.readout.sizeHint().height()
        self.readout.setGeometry(area.left() + 1, area.top() + 1, max(area.width() - 2, 1), height)

    def _figures(self, index: int, loss: str, accuracy: str) -> str:
        """One point's loss, and its accuracy when shown: "4.1793, 88 %"."""
        history = self._history
        text = formatting.loss(float(getattr(history, loss)[index]))
        share = float(getattr(history, accuracy)[index])
        if self.accuracy_shown and not math.isnan(share):
            text += f", {formatting.percent(share)}"
        return text

    def _clear_readout(self) -> None:
        self._hover_x = None
        self._refresh_readout()

    def _refresh_readout(self) -> None:
        """The current run's figures at the epoch nearest the pointer; nothing when there are none."""
        history = self._history
        if self._hover_x is None or history is None or not len(history):
            self.readout.setText(" ")
            self.readout.hide()
            self._cursor.hide()
            self._marker.setData([], [])
            return
        epochs = history.counted
        index = int(np.clip(np.searchsorted(epochs, self._hover_x), 0, len(history) - 1))
        if index > 0 and abs(epochs[index - 1] - self._hover_x) < abs(epochs[index] - self._hover_x):
            index -= 1
        at = int(epochs[index])
        epoch, tested = formatting.count(at), not math.isnan(float(history.test_loss[index]))
        text = f"epoch {epoch}: train {self._figures(index, 'train_loss', 'train_accuracy')}"
        costs = f"epoch {epoch}: train {formatting.loss(float(history.train_loss[index]))}"
        briefly = f"{epoch}: {formatting.loss(float(history.train_loss[index]))}"
        if tested:
            text += f"; test {self._figures(index, 'test_loss', 'test_accuracy')}"
            costs += f"; test {formatting.loss(float(history.test_loss[index]))}"
        step = self._step.step
        stepped = f" · {step.text}" if step is not None and step.epoch == at else ""
        # Where the header is narrow (1024 px, the tour open) the details go before the figures are cut.
        self._place_readout()
        self.readout.set_texts([text + stepped, text, costs, briefly])
        self.readout.show()
        self.readout.raise_()
        self._cursor.setValue(math.log10(max(at, 1)) if self.log_epochs.isChecked() else at)
        self._cursor.show()
        self._marker.setData([at], [history.train_loss[index]])
