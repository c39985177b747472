"""Where the network draws its line: the data, its output over the plane, and the 0.5 contour.

The heatmap is evaluated over whatever part of the plane is visible, so it
fills the view at any window shape, zoom or pan. The grid is coarse (120
points across) and float32 — the display needs no more, and it is ~4×
faster than float64 — and the image is drawn smoothed, which costs less
than a finer grid and looks better; training itself stays in the configured
dtype. The grid is only recomputed when the network or the visible range
changed.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from nnplayground.core.datasets import Dataset
from nnplayground.core.features import DEFAULT_FEATURES, transform
from nnplayground.core.network import Network
from nnplayground.core.trainer import Snapshot

from . import colours, formatting, plot_style
from .contour import iso_segments
from .heatmap import HeatmapItem

GRID_POINTS = 120
PADDING = 0.12
FLOAT32_SAFE = 1e30
MAX_DRAWN_POINTS = 4_000
POINT_SIZE = 11
TEST_POINT_SIZE = 12
SELECTED_SIZE = 26
# How near (in screen pixels) a click must land to a training point to select it.
CLICK_REACH = 12.0


# Where each output activation reads 0.5, so the 0.5 contour can be traced on the
# output neuron's input ``z`` instead: ``z`` varies smoothly where a saturated
# sigmoid is almost a step, and a step interpolates into a staircase.
_HALF_WAY_INPUT = {"sigmoid": 0.0, "tanh": float(np.arctanh(0.5)), "relu": 0.5, "linear": 0.5}


def output_grid(
    network: Network, features: tuple[str, ...], xs: np.ndarray, ys: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    """The network, fed the input ``features``, over the grid ``(xs[i], ys[j])`` as ``(output, z, z_level)``.

    ``output`` (clipped to 0..1; non-finite values read as 0.5, "undecided",
    rather than poisoning the image) colours the heatmap; the 0.5 contour
    of the output is the ``z_level`` contour of ``z``, the output neuron's input.
    Computed in float32 unless the weights have grown beyond what float32
    holds, as they do on the way to divergence.
    """
    largest = max(
        float(np.max(np.abs(w), initial=0.0)) for w in (*network.weights, *network.biases) if w is not None
    )
    dtype = np.float32 if largest < FLOAT32_SAFE else np.float64
    gx, gy = np.meshgrid(xs.astype(dtype), ys.astype(dtype))
    points = np.column_stack([gx.ravel(), gy.ravel()])
    with np.errstate(all="ignore"):
        display = Network(
            [w.astype(dtype) for w in network.weights],
            [None if b is None else b.astype(dtype) for b in network.biases],
            network.hidden_activation,
            network.output_activation,
        )
        forward = display.forward(transform(points, features))
        output = forward.output.reshape(len(ys), len(xs))
        z = np.nan_to_num(forward.pre_activations[-1].reshape(len(ys), len(xs)), nan=0.0)
    output = np.clip(np.nan_to_num(output, nan=0.5), 0.0, 1.0)
    return output, z, _HALF_WAY_INPUT[network.output_activation]


def padded_bounds(data: Dataset) -> tuple[float, float, float, float]:
    X, _ = data.all_points()
    low, high = X.min(axis=0), X.max(axis=0)
    pad = (high - low) * PADDING + 0.1
    return low[0] - pad[0], high[0] + pad[0], low[1] - pad[1], high[1] + pad[1]


class BoundaryView(QWidget):
    sample_clicked = Signal(int)

    """Read-only: it draws snapshots and never touches the trainer.

    Clicking a training point (a filled dot) emits ``sample_clicked`` with its
    row in the training matrix, which the step-through and the diagram follow;
    ``mark_sample`` rings the selected one.

    The title is a ``QLabel`` above the plot rather than the plot's own title,
    which re-lays out the whole plot whenever it changes; and it carries no
    epoch count (the status bar does), so it only changes with the network.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("boundaryView")
        self.setAccessibleName("Decision boundary")
        self.setAccessibleDescription(
            "Training points coloured by class, the network's output as a heatmap and its 0.5 contour"
        )
        self.setToolTip(
            "The network's output over the plane: blue means class 0, orange class 1, the black line is "
            "where it is exactly 0.5.\nFilled dots are training points, hollow diamonds test points. "
            "Click a filled dot to follow it through the network.\n"
            "Drag to pan, scroll to zoom, double-click to fit the data again."
        )
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("boundaryPlot")
        self.title = QLabel("")
        self.title.setObjectName("boundaryTitleLabel")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)

        plot = self.plot.getPlotItem()
        plot.setAspectLocked(True)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot_style.style_axes(plot, bottom="x₁", left="x₂")

        self._image = HeatmapItem(colours.output_lut())
        self._image.setZValue(-10)
        plot.addItem(self._image)
        self._contour = pg.PlotCurveItem(pen=pg.mkPen(colours.BOUNDARY_LINE, width=2.5), connect="pairs")
        self._contour.setZValue(5)
        plot.addItem(self._contour)

        self._legend = plot_style.add_legend(plot, offset=(10, 10))
        # Brushes and pens are built once: one per class, shared by every point of that class.
        self._train_style = [_train_style(colour) for colour in colours.CLASS_COLOURS]
        self._test_style = [_test_style(colour) for colour in colours.CLASS_COLOURS]
        self._train = pg.ScatterPlotItem(size=POINT_SIZE, symbol="o")
        self._test = pg.ScatterPlotItem(size=TEST_POINT_SIZE, symbol="d")
        for item in (self._train, self._test):
            item.setZValue(10)
            plot.addItem(item)
        # The selected point: a black ring inside a white one, visible on both classes and on any heatmap.
        self._selected = [
            pg.ScatterPlotItem(size=size, symbol="o", brush=None, pen=pg.mkPen(colour, width=width))
            for size, colour, width in (
                (SELECTED_SIZE + 5, "w", 3),
                (SELECTED_SIZE, colours.SELECTED_SAMPLE, 3),
            )
        ]
        for item in self._selected:
            item.setZValue(12)
            plot.addItem(item)
        self._shown_train = np.arange(0)
        self._marked: int | None = None
        # Legend samples only: two scatter items (train, test) draw all the points.
        self._legend_samples = [
            pg.ScatterPlotItem(size=POINT_SIZE, symbol="o", **style) for style in self._train_style
        ] + [pg.ScatterPlotItem(size=TEST_POINT_SIZE, symbol="d", **style) for style in self._test_style]

        self._data: Dataset | None = None
        self._network: Network | None = None
        self._features: tuple[str, ...] = DEFAULT_FEATURES
        self._network_key: tuple | None = None
        self._drawn_key: tuple | None = None
        self.frames_drawn = 0
        # Resizing or zooming fires many range changes; redraw once they settle.
        self._range_timer = QTimer(self)
        self._range_timer.setSingleShot(True)
        self._range_timer.setInterval(30)
        self._range_timer.timeout.connect(self._redraw)
        plot.getViewBox().sigRangeChanged.connect(self._range_changed)
        self.plot.scene().sigMouseClicked.connect(self._clicked)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        if snapshot.data is not self._data:
            self._show_data(snapshot.data)
        self._network = snapshot.network
        self._features = snapshot.config.input_features
        # The worker hands over a new snapshot only when the trainer may have changed (a step, a typed
        # weight…), so the network object itself tells whether the picture is out of date.
        self._network_key = (snapshot.run_id, snapshot.epoch, snapshot.network)
        title = f"Decision boundary · {formatting.architecture(snapshot.config.hidden_layers)}"
        if self.title.text() != title:
            self.title.setText(title)
        self._redraw()

    def _show_data(self, data: Dataset) -> None:
        self._data = data
        for item, X, y, styles in (
            (self._train, data.X_train, data.y_train, self._train_style),
            (self._test, data.X_test, data.y_test, self._test_style),
        ):
            shown = drawn_subset(len(X))
            if item is self._train:
                self._shown_train = shown
            X, y = X[shown], y[shown]
            classes = (y[:, 0] > 0.5).astype(int)
            item.setData(
                X[:, 0],
                X[:, 1],
                brush=[styles[c]["brush"] for c in classes],
                pen=[styles[c]["pen"] for c in classes],
            )
        self._legend.clear()
        samples = self._legend_samples
        thinned = data.n_train > MAX_DRAWN_POINTS or data.n_test > MAX_DRAWN_POINTS
        note = f" ({formatting.count(MAX_DRAWN_POINTS)} drawn per set)" if thinned else ""
        self._legend.addItem(samples[0], "class 0" + note)
        self._legend.addItem(samples[1], "class 1")
        if data.n_test:
            self._legend.addItem(samples[2], "class 0, test")
            self._legend.addItem(samples[3], "class 1, test")
        self.mark_sample(self._marked)
        self._fit_data()

    def mark_sample(self, index: int | None) -> None:
        """Ring training point ``index`` (None, or a row the data does not have, removes the ring)."""
        self._marked = index
        data = self._data
        if data is None or index is None or not 0 <= index < data.n_train:
            for item in self._selected:
                item.setData([], [])
            return
        x, y = data.X_train[index]
        for item in self._selected:
            item.setData([x], [y])

    def sample_at(self, scene_x: float, scene_y: float) -> int | None:
        """The training point drawn nearest to a scene position, if within ``CLICK_REACH`` pixels."""
        if self._data is None or not len(self._shown_train):
            return None
        view_box = self.plot.getPlotItem().getViewBox()
        points = self._data.X_train[self._shown_train]
        (x0, x1), (y0, y1) = view_box.viewRange()
        rect = view_box.sceneBoundingRect()
        if rect.width() <= 0 or rect.height() <= 0 or x1 == x0 or y1 == y0:
            return None
        px = rect.left() + (points[:, 0] - x0) / (x1 - x0) * rect.width()
        py = rect.top() + (y1 - points[:, 1]) / (y1 - y0) * rect.height()
        distance = np.hypot(px - scene_x, py - scene_y)
        nearest = int(np.argmin(distance))
        return int(self._shown_train[nearest]) if distance[nearest] <= CLICK_REACH else None

    def _fit_data(self) -> None:
        if self._data is not None:
            x0, x1, y0, y1 = padded_bounds(self._data)
            self.plot.getPlotItem().getViewBox().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    @Slot(object)
    def _clicked(self, event: MouseClickEvent) -> None:
        if event.double():
            self._fit_data()
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        position = event.scenePos()
        index = self.sample_at(position.x(), position.y())
        if index is not None:
            self.sample_clicked.emit(index)

    @Slot()
    def _range_changed(self) -> None:
        self._range_timer.start()

    @Slot()
    def _redraw(self) -> None:
        """Recompute the heatmap and contour if the network or the visible range changed since last time."""
        (x0, x1), (y0, y1) = self.plot.getPlotItem().getViewBox().viewRange()
        key = (self._network_key, x0, x1, y0, y1)
        if self._network is None or key == self._drawn_key:
            return
        nx, ny = _grid_shape(x1 - x0, y1 - y0)
        xs, ys = _cell_centres(x0, x1, nx), _cell_centres(y0, y1, ny)
        output, z, z_level = output_grid(self._network, self._features, xs, ys)
        self._image.set_values(output, QRectF(x0, y0, x1 - x0, y1 - y0))
        segments = iso_segments(z, xs, ys, z_level)
        self._contour.setData(segments[:, 0], segments[:, 1], connect="pairs")
        self._drawn_key = key
        self.frames_drawn += 1


def drawn_subset(count: int) -> np.ndarray:
    """Which points to draw: all of them, or a fixed random ``MAX_DRAWN_POINTS`` of a huge set.

    Drawing 100 000 symbols takes QPainter ~100 ms a frame; a few thousand
    show the shape of the data just as well, and the same ones every frame.
    """
    if count <= MAX_DRAWN_POINTS:
        return np.arange(count)
    return np.sort(np.random.default_rng(0).choice(count, MAX_DRAWN_POINTS, replace=False))


def _train_style(colour: str) -> dict[str, object]:
    return {"brush": pg.mkBrush(colour), "pen": pg.mkPen(colours.CLASS_OUTLINE, width=1)}


def _test_style(colour: str) -> dict[str, object]:
    """Hollow (a faint white fill) with a thick class-coloured outline: unmistakable beside filled dots."""
    return {"brush": pg.mkBrush(255, 255, 255, 150), "pen": pg.mkPen(colour, width=2.5)}


def _cell_centres(low: float, high: float, cells: int) -> np.ndarray:
    """Sample at the centres of the image's pixels, so the smoothed heatmap and the contour agree."""
    return low + (np.arange(cells) + 0.5) * ((high - low) / cells)


def _grid_shape(width: float, height: float) -> tuple[int, int]:
    """``GRID_POINTS`` along the longer side, proportionally fewer along the other."""
    if width <= 0 or height <= 0:
        return GRID_POINTS, GRID_POINTS
    if width >= height:
        return GRID_POINTS, max(2, round(GRID_POINTS * height / width))
    return max(2, round(GRID_POINTS * width / height)), GRID_POINTS
