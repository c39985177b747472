"""Where the network draws its line: the data, its output over the plane, and the 0.5 contour.

The heatmap is evaluated over whatever part of the plane is visible, so it
fills the view at any window shape, zoom or pan. The grid is coarse (120
points across) and float32 (``core.plane``), and the image is drawn
smoothed, which costs less than a finer grid and looks better. The grid is
only recomputed when the network or the visible range changed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtWidgets import QGraphicsItem, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from nnplayground.core.datasets import Dataset
from nnplayground.core.features import DEFAULT_FEATURES
from nnplayground.core.network import Network
from nnplayground.core.plane import cell_centres, framed, grid_shape, output_grid, padded_bounds
from nnplayground.core.trainer import Snapshot
from nnplayground.live.frames import RunState
from nnplayground.notation import boundary_words, colours, config_words, formatting
from nnplayground.notation.contour import iso_segments, polylines
from nnplayground.notation.drawn_points import MAX_DRAWN_POINTS, drawn_subset
from nnplayground.notation.formatting import scale_end
from nnplayground.notation.value_scale import CLASS_SCALE, ValueScale
from nnplayground.ui.boundary import before_line
from nnplayground.ui.boundary.before_line import BeforeLine
from nnplayground.ui.boundary.class_image import ClassImageItem
from nnplayground.ui.boundary.class_plane import (
    ClassPlane,
    class_boundaries,
    class_colours,
    class_plane,
    class_tooltip,
)
from nnplayground.ui.boundary.contour_trail import TRAIL_LENGTH, ContourTrail
from nnplayground.ui.boundary.drawing import HINT, PointDrawingTools
from nnplayground.ui.boundary.point_styles import (
    POINT_SIZE,
    TEST_POINT_SIZE,
    TEST_SYMBOL,
    TRAIN_SYMBOL,
    PointStyles,
)
from nnplayground.ui.boundary.sample_shading import SampleShading, Shading
from nnplayground.ui.boundary.update_trace import UpdateTrace
from nnplayground.ui.widgets import plot_style
from nnplayground.ui.widgets.heatmap import HeatmapItem
from nnplayground.ui.widgets.own_work import OwnWorkTimer

SELECTED_SIZE = 26
# How near (in screen pixels) a click must land to a training point to select it.
CLICK_REACH = 12.0


class BoundaryView(QWidget):
    """Read-only: it draws snapshots and never touches the trainer.

    Clicking a training point (a filled dot) emits ``sample_clicked`` with its
    row in the training matrix, which the step-through and the diagram follow;
    ``mark_sample`` rings the selected one. In drawing mode clicks edit the
    data instead: ``point_added(x1, x2, label)`` on a left click,
    ``point_removed(x1, x2)`` on a right click (whoever owns the data removes
    the point nearest to it); the view itself changes nothing, the next
    snapshot shows the edit.

    What one update does: shown frames with their run state
    (``show_snapshot(snapshot, state)``), a Step of one epoch or the
    step-through's update leaves the boundary before it as a dashed line
    (``update_trace``, ``before_line``) and emits ``update_traced(before,
    after)`` (both None once it is gone), which the loss curve marks; with
    ``set_trail`` on, a playing run leaves its last boundaries as a fading
    trail. ``shade_samples`` haloes the training points by one value each.

    The title is a ``QLabel`` above the plot rather than the plot's own title,
    which re-lays out the whole plot whenever it changes; and it carries no
    epoch count (the status bar does), so it only changes with the network.
    """

    sample_clicked = Signal(int)
    point_added = Signal(float, float, float)
    point_removed = Signal(float, float)
    update_traced = Signal(object, object)

    def __init__(self, *, drawing_tools: bool = True) -> None:
        super().__init__()
        self.setObjectName("boundaryView")
        self.setAccessibleName("Decision boundary")
        self.setAccessibleDescription(
            "Training points coloured by class, the network's output as a heatmap and its 0.5 contour"
        )
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("boundaryPlot")
        self.title = QLabel("")
        self.title.setObjectName("boundaryTitleLabel")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tools = PointDrawingTools()
        self.tools.setVisible(drawing_tools)
        self.tools.toggled.connect(self._drawing_toggled)
        # Wrapped onto a second line when narrow, never cut: centred text wider than its place lost
        # both ends, "Decision" under the class box.
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        header = QHBoxLayout()
        header.addWidget(self.tools)
        header.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.plot, 1)

        plot = self.plot.getPlotItem()
        plot.setAspectLocked(True)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot_style.style_axes(plot, bottom="x₁", left="x₂")

        self._image = HeatmapItem(colours.output_lut())
        self._image.setZValue(-10)
        plot.addItem(self._image)
        # A softmax network's plane: each cell in its most likely class's hue (``class_plane``).
        self._class_image = ClassImageItem()
        self._class_image.setZValue(-10)
        self._class_image.hide()
        plot.addItem(self._class_image)
        self._plane: ClassPlane | None = None
        self._contour = pg.PlotCurveItem(pen=pg.mkPen(colours.BOUNDARY_LINE, width=2.5), connect="pairs")
        self._contour.setZValue(5)
        plot.addItem(self._contour)
        self._reference_line = pg.PlotCurveItem(
            pen=pg.mkPen(colours.REFERENCE, width=3, style=Qt.PenStyle.DashLine), connect="finite"
        )
        self._reference_line.setZValue(6)
        self._reference_line.hide()
        plot.addItem(self._reference_line)

        self._before = BeforeLine(plot)
        self._trail = ContourTrail(plot)
        self._trail_on = False
        self._trace = UpdateTrace()
        self._segments = np.empty((0, 2))

        self._legend = plot_style.add_legend(plot, offset=(10, 10))
        self._styles = PointStyles()
        self._shading = SampleShading(plot)
        self._train = pg.ScatterPlotItem(size=POINT_SIZE, symbol=TRAIN_SYMBOL)
        self._test = pg.ScatterPlotItem(size=TEST_POINT_SIZE, symbol=TEST_SYMBOL)
        for item in (self._train, self._test):
            item.setZValue(10)
            # The points change with the data, not with the network: kept as a pixmap, the frames of a
            # training run repaint thousands of symbols as one image (measured: ~40 % of a paint).
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
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

        self._data: Dataset | None = None
        self._regression = False
        self._classes = 2
        self._softmax = False
        self._scale = CLASS_SCALE
        self._network: Network | None = None
        self._features: tuple[str, ...] = DEFAULT_FEATURES
        self._network_key: tuple | None = None
        self._drawn_key: tuple | None = None
        self._discretize = False
        self._show_test = True
        self._reference: Callable[[np.ndarray], np.ndarray] | None = None
        self._reference_label = ""
        self._reference_classes = False
        self._reference_key: tuple | None = None
        self._menu_before_drawing = plot.menuEnabled()
        self._title_text = ""
        self.frames_drawn = 0
        self._describe()
        # Resizing or zooming fires many range changes; redraw once they settle.
        self._range_timer = OwnWorkTimer(self, 30)
        self._range_timer.timeout.connect(self._redraw)
        plot.getViewBox().sigRangeChanged.connect(self._range_changed)
        self.plot.scene().sigMouseClicked.connect(self._clicked)

    # ----- what is shown --------------------------------------------------------

    def show_snapshot(self, snapshot: Snapshot, state: RunState | None = None) -> None:
        """Draw ``snapshot``; with the run's ``state`` (the main window's frames) an update is traced."""
        regression = snapshot.config.is_regression
        classes = 0 if regression else snapshot.config.classes
        softmax = snapshot.config.output_activation == "softmax"
        if (
            snapshot.data is not self._data
            or regression != self._regression
            or (classes, softmax) != (self._classes, self._softmax)
        ):
            self._classes, self._softmax = classes, softmax
            self.tools.set_classes(max(2, classes))
            new_run = self._network_key is None or snapshot.run_id != self._network_key[0]
            self._show_data(snapshot.data, regression, refit=new_run)
        # The worker hands over a new snapshot only when the trainer may have changed (a step, a typed
        # weight…), so the network object itself tells whether the picture is out of date.
        key = (snapshot.run_id, snapshot.epoch, snapshot.network)
        self._keep_trail(snapshot, key, state)
        self._network = snapshot.network
        self._features = snapshot.config.input_features
        self._network_key = key
        if state is not None and self._trace.see(snapshot, state):
            self._update_traced()
        name = "Network output" if regression else "Decision boundary"
        config = snapshot.config
        shape = config_words.shape(
            config.hidden_layers, len(config.input_features), config_words.outputs(config)
        )
        self._title_text = f"{name} · {shape}"
        self._show_title()
        self._redraw()

    def _keep_trail(self, snapshot: Snapshot, key: tuple, state: RunState | None) -> None:
        """While playing, the boundary a new frame replaces joins the trail; a new run starts it afresh."""
        old = self._network_key
        if old is not None and (snapshot.run_id != old[0] or snapshot.epoch < old[1]):
            self._trail.clear()
        elif self._trail_on and state is RunState.RUNNING and key != old and len(self._segments):
            self._trail.push(self._segments)

    @property
    def before_update(self) -> Snapshot | None:
        """The snapshot whose boundary is drawn dashed as "before the update", if one is."""
        update = self._trace.update
        return None if update is None else update.before

    @property
    def trail(self) -> ContourTrail:
        return self._trail

    @Slot(bool)
    def set_trail(self, on: bool) -> None:
        """Keep the last ``TRAIL_LENGTH`` boundaries of a playing run as a fading trail (off: none)."""
        self._trail_on = bool(on)
        if not on:
            self._trail.clear()
        self._fill_legend()
        self._describe()

    def shade_samples(self, values: np.ndarray | None) -> None:
        """Halo each training point by its value (one per training row: a sample's signed share of a
        gradient, say); None gives the plain points back. The shading lasts until the data changes."""
        data = self._data
        if values is not None:
            values = np.asarray(values, dtype=np.float64).ravel()
            if data is None or len(values) != data.n_train:
                have = "no data yet" if data is None else f"{data.n_train} training points"
                raise ValueError(f"one value per training point is needed: got {len(values)} for {have}")
            self._shading.show(framed(data.X_train), self._shown_train, values)
        else:
            self._shading.show(np.empty((0, 2)), self._shown_train, None)
        self._fill_legend()

    @property
    def sample_shading(self) -> Shading | None:
        """What the haloes show (rows, values, diameters), or None while the points are plain."""
        return self._shading.shading

    def _update_traced(self) -> None:
        update = self._trace.update
        self._fill_legend()
        self._describe()
        self._redraw()
        self.update_traced.emit(
            None if update is None else update.before, None if update is None else update.after
        )

    def _show_title(self) -> None:
        """While drawing, the title's place says how to draw: the mode is then the plot's subject."""
        text = HINT if self.is_drawing() else self._title_text
        if self.title.text() != text:
            self.title.setText(text)

    @Slot(bool)
    def set_discretize(self, on: bool) -> None:
        """Two colours only (output above or below 0.5, or the middle of a regression's range), as
        TensorFlow Playground's "Discretize output" does: shows the decision itself, not its confidence."""
        self._discretize = bool(on)
        self._redraw()

    @Slot(bool)
    def set_show_test(self, on: bool) -> None:
        """Show or hide the test points (hollow diamonds) and their legend entries."""
        self._show_test = bool(on)
        self._test.setVisible(self._show_test)
        self._fill_legend()

    def show_reference(
        self, values: Callable[[np.ndarray], np.ndarray] | None, label: str = "scikit-learn"
    ) -> None:
        """Overlay another model's 0.5 line, dashed: ``values`` maps plane points (n×2) to outputs.

        ``values`` giving one probability per class for each point (a
        ``predict_proba`` of the data's K classes) draws its class boundaries instead, where its most
        likely class changes. It stays through new snapshots until called
        with None; it is traced over the visible grid, and again whenever the
        view is panned or zoomed. A function that gives neither is refused
        here, not on some later redraw.
        """
        classes = False
        if values is not None:
            probe = np.asarray(values(np.zeros((3, 2))))
            classes = probe.ndim == 2 and probe.shape == (3, max(2, self._classes))
            if probe.size != 3 and not classes:
                raise ValueError(
                    f"the reference must give one output per point (3 points gave shape {probe.shape}), "
                    "or one probability per class; for a scikit-learn classifier pass model.predict_proba"
                )
        self._reference_classes = classes
        self._reference = values
        self._reference_label = label
        self._reference_key = None
        self._reference_line.setVisible(values is not None)
        if values is None:
            self._reference_line.setData([], [])
        self._fill_legend()
        self._redraw()

    @Slot(bool)
    def set_drawing(self, on: bool) -> None:
        """Switch drawing mode on or off, as the "Draw points" button (D) does."""
        self.tools.button.setChecked(on)

    def is_drawing(self) -> bool:
        return self.tools.is_drawing()

    def _show_data(self, data: Dataset, regression: bool, *, refit: bool = True) -> None:
        self._data = data
        self._segments = np.empty((0, 2))
        if self._shading.shading is not None:
            self._shading.show(np.empty((0, 2)), self._shown_train, None)
        self._regression = regression
        self._scale = ValueScale.of_targets(data.all_points()[1]) if regression else CLASS_SCALE
        self.tools.set_problem(regression=regression, scale=self._scale)
        point_scale = self._scale if regression else None
        for item, X, y, test in (
            (self._train, data.X_train, data.y_train, False),
            (self._test, data.X_test, data.y_test, True),
        ):
            shown = drawn_subset(len(X))
            if item is self._train:
                self._shown_train = shown
            X, y = framed(X[shown]), y[shown]
            brushes, pens = self._styles.brushes_and_pens(y, test=test, scale=point_scale)
            item.setData(X[:, 0], X[:, 1], brush=brushes, pen=pens)
        self._contour.setVisible(not regression)
        self._fill_legend()
        self._describe()
        self.mark_sample(self._marked)
        # A drawn point is new data too, but the view must not jump (or unzoom) under the pen; other
        # points (an import, a preset: a new run) are framed even while drawing.
        if refit or not self.is_drawing():
            self._fit_data()

    def _fill_legend(self) -> None:
        self._legend.clear()
        data = self._data
        if data is not None:
            thinned = data.n_train > MAX_DRAWN_POINTS or data.n_test > MAX_DRAWN_POINTS
            note = f" ({formatting.count(MAX_DRAWN_POINTS)} drawn per set)" if thinned else ""
            with_test = data.n_test > 0 and self._show_test
            if self._regression:
                self._legend.addItem(
                    self._legend_sample(False, 0), f"target {scale_end(self._scale.low)}{note}"
                )
                self._legend.addItem(self._legend_sample(False, 1), f"target {scale_end(self._scale.high)}")
                if with_test:
                    self._legend.addItem(self._legend_sample(True, 1), "test points (diamonds)")
            elif self._classes > 2:
                for k in range(self._classes):
                    self._legend.addItem(
                        self._legend_sample(False, k), f"class {k}" + (note if k == 0 else "")
                    )
                if with_test:
                    self._legend.addItem(self._legend_sample(True, 0), "test points (diamonds)")
            else:
                self._legend.addItem(self._legend_sample(False, 0), "class 0" + note)
                self._legend.addItem(self._legend_sample(False, 1), "class 1")
                if with_test:
                    self._legend.addItem(self._legend_sample(True, 0), "class 0, test")
                    self._legend.addItem(self._legend_sample(True, 1), "class 1, test")
        if self._reference is not None:
            line = "class boundaries" if self._reference_classes else "0.5 line"
            self._legend.addItem(self._reference_line, f"{self._reference_label} {line}")
        if self._trace.update is not None and not self._regression:
            view_box = self.plot.getPlotItem().getViewBox()
            (x0, x1), _ = view_box.viewRange()
            pixels = view_box.width() / (x1 - x0) if x1 > x0 else 0.0
            self._legend.addItem(self._before.item, before_line.legend_label(self._before.moved, pixels))
        if self._trail_on and not self._regression:
            self._legend.addItem(self._trail.items[0], f"last {TRAIL_LENGTH} boundaries")
        if self._shading.shading is not None:
            samples = self._shading.legend_samples
            self._legend.addItem(samples[True], "positive share")
            self._legend.addItem(samples[False], "negative share")

    def _legend_sample(self, test: bool, end: int) -> pg.ScatterPlotItem:
        return self._styles.legend_sample(test=test, regression=self._regression, end=end)

    def _describe(self) -> None:
        """The tooltip says what the colours mean, and how to draw while drawing is on."""
        if self._softmax and not self.is_drawing():
            tip = class_tooltip(self._classes)
        else:
            tip = boundary_words.tooltip(self.is_drawing(), self._regression, self._scale)
        if self._trace.update is not None and not self._regression:
            tip += before_line.TIP
        if self._trail_on and not self._regression:
            tip += (
                f"\nFaint lines: the last {TRAIL_LENGTH} boundaries of a playing run (slow it down to watch)."
            )
        self.setToolTip(tip)

    # ----- selection and drawing ------------------------------------------------

    def mark_sample(self, index: int | None) -> None:
        """Ring training point ``index`` (None, or a row the data does not have, removes the ring)."""
        self._marked = index
        data = self._data
        if data is None or index is None or not 0 <= index < data.n_train:
            for item in self._selected:
                item.setData([], [])
            return
        x, y = framed(data.X_train[index])
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

    @Slot(bool)
    def _drawing_toggled(self, on: bool) -> None:
        """Drawing owns both buttons: the right click must remove a point, never open pyqtgraph's menu."""
        plot = self.plot.getPlotItem()
        if on:
            self._menu_before_drawing = plot.menuEnabled()
            plot.setMenuEnabled(False)
            self.plot.viewport().setCursor(Qt.CursorShape.CrossCursor)
        else:
            plot.setMenuEnabled(self._menu_before_drawing)
            self.plot.viewport().unsetCursor()
        self._show_title()
        self._describe()

    @Slot(object)
    def _clicked(self, event: MouseClickEvent) -> None:
        position = event.scenePos()
        if self.is_drawing():
            self._draw_at(event.button(), position)
            return
        if event.double():
            self._fit_data()
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        index = self.sample_at(position.x(), position.y())
        if index is not None:
            self.sample_clicked.emit(index)

    def _draw_at(self, button: Qt.MouseButton, position: QPointF) -> None:
        """Every click is a point (a quick second click too, which Qt reports as a double click)."""
        view_box = self.plot.getPlotItem().getViewBox()
        if not view_box.sceneBoundingRect().contains(position):
            return
        point = view_box.mapSceneToView(position)
        if button == Qt.MouseButton.LeftButton:
            self.point_added.emit(point.x(), point.y(), self.tools.label())
        elif button == Qt.MouseButton.RightButton:
            self.point_removed.emit(point.x(), point.y())

    # ----- drawing the plane ----------------------------------------------------

    @Slot()
    def _range_changed(self) -> None:
        self._range_timer.start()

    @Slot()
    def _redraw(self) -> None:
        """Recompute the heatmap, contour and reference line if what they show changed since last time."""
        (x0, x1), (y0, y1) = self.plot.getPlotItem().getViewBox().viewRange()
        nx, ny = grid_shape(x1 - x0, y1 - y0)
        xs, ys = cell_centres(x0, x1, nx), cell_centres(y0, y1, ny)
        looks = (self._network_key, self._discretize, self._scale, self._regression)
        key = (looks, x0, x1, y0, y1)
        if self._network is not None and key != self._drawn_key:
            rect = QRectF(x0, y0, x1 - x0, y1 - y0)
            softmax = self._network.softmax_output
            if softmax:
                self._draw_classes(xs, ys, rect)
            else:
                self._plane = None
                output, z, z_level = output_grid(self._network, self._features, xs, ys)
                position = self._scale.position(output)
                if self._discretize:
                    position = (position > 0.5).astype(np.float32)
                self._image.set_values(position, rect)
                if not self._regression:
                    self._segments = iso_segments(z, xs, ys, z_level)
            if not self._regression:
                self._contour.setData(self._segments[:, 0], self._segments[:, 1], connect="pairs")
            self._image.setVisible(not softmax)
            self._class_image.setVisible(softmax)
            self._drawn_key = key
            self.frames_drawn += 1
        if self._before.draw(None if self._regression else self.before_update, xs, ys, self._segments):
            self._fill_legend()
        reference_key = (self._reference, x0, x1, y0, y1)
        if self._reference is not None and reference_key != self._reference_key:
            self._draw_reference(xs, ys)
            self._reference_key = reference_key

    def _draw_classes(self, xs: np.ndarray, ys: np.ndarray, rect: QRectF) -> None:
        """A softmax network's plane: the most likely class's hue, as strong as it is likely, and the
        lines where the most likely class changes."""
        self._plane = class_plane(self._network, self._features, xs, ys)
        self._class_image.set_colours(
            class_colours(self._plane.probabilities, discretize=self._discretize), rect
        )
        self._segments = class_boundaries(self._plane.zo, xs, ys)

    @property
    def class_picture(self) -> tuple[np.ndarray, QRectF] | None:
        """A softmax network's plane as drawn: its cells' RGB colours and the plane rectangle they fill."""
        if self._plane is None or not self._class_image.isVisible():
            return None
        return self._class_image.pixels, self._class_image.rect

    def _draw_reference(self, xs: np.ndarray, ys: np.ndarray) -> None:
        gx, gy = np.meshgrid(xs, ys)
        values = np.asarray(self._reference(np.column_stack([gx.ravel(), gy.ravel()])), dtype=np.float64)
        if self._reference_classes:
            margins = np.log(np.clip(np.nan_to_num(values, nan=0.0), np.finfo(float).tiny, None))
            lines = polylines(class_boundaries(margins.reshape(len(ys), len(xs), -1), xs, ys))
        else:
            lines = polylines(iso_segments(values.reshape(len(ys), len(xs)), xs, ys, 0.5))
        self._reference_line.setData(lines[:, 0], lines[:, 1], connect="finite")
