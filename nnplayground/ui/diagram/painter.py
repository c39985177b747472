"""The network drawn with QPainter: nodes in columns, weights as lines coloured by sign, sized by size.

Colour is never the only cue, for colour-blind viewers and washed-out
projectors: positive weights are solid blue lines, negative ones dashed
vermillion (Okabe & Ito's pair), and the width grows with |w|. Painting is
cached in a pixmap and rebuilt only when the weights, the highlight or the
size changed — at most every ``MIN_REDRAW_MS``, and rarer still when a
repaint is slow, so it never takes more than ``MAX_RENDER_SHARE`` of the GUI
thread. A network with thousands of edges (6 layers of 64 units is ~20 000)
is drawn as each layer's strongest ``MAX_DRAWN_EDGES`` one-pixel lines, |w|
shown by how dark they are: wide, dashed or blended strokes by the thousand
cost a fraction of a second and show nothing more at that density. Hover
and click still reach every edge. Every name and label is a rectangle
placed by ``network_layout`` clear of the nodes, the value boxes and each
other — a layer's weight labels shortened to their names (``w5``) where
values do not fit, and node names moved outside their nodes where they do
not fit inside — and the legend is one line in the diagram's bottom band,
shortened to the width, so nothing here changes the pane's size.

Where they are large enough to read, nodes are drawn as heatmaps of their
neuron's output over the plane (TensorFlow Playground's per-neuron view,
see ``neuron_thumbnails``); hovering one shows it enlarged. Smaller than
``THUMBNAIL_MIN_RADIUS`` — a wide network in a small pane — they stay plain
circles, and nothing is computed for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QElapsedTimer, QLineF, QPointF, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from nnplayground.notation import colours, formatting, network_names
from nnplayground.notation.diagram_layout import (
    BOTTOM_MARGIN,
    TAB_OVERLAP,
    DiagramLayout,
    LabelPlan,
    Rect,
    compute_layout,
    nearest_edge,
    node_at,
    node_radius,
    node_rects,
    place_edge_labels,
    place_names,
    side_margins,
)
from nnplayground.notation.network_names import ParameterRef
from nnplayground.notation.phase_terms import DiagramHighlight
from nnplayground.ui.diagram.popup import NeuronPopup

if TYPE_CHECKING:
    from nnplayground.ui.diagram.thumbnails import NeuronThumbnails

MIN_REDRAW_MS = 100
WIDTH_LEVELS = np.linspace(1.0, 8.0, 8)
MAX_LABELLED_EDGES = 40
# Width of the line (or square) drawn before each legend entry.
LEGEND_SAMPLE = 24.0
MAX_ARROWS = 64
# Beyond this many edges only each layer's strongest are drawn (painting 20 000 lines takes ~0.4 s).
MAX_DRAWN_EDGES = 2_500
DENSE_EDGES = 400
# Repaints are spaced so they take at most this share of the GUI thread's time.
MAX_RENDER_SHARE = 0.1
HIT_TOLERANCE = 7.0
FADED_ALPHA = 45
# Below this node size the sample's values would cover the weight labels; the tables still show them.
NOTE_MIN_RADIUS = 11.0
# Thumbnails smaller than this (half their side, in pixels) show no pattern: plain nodes instead.
THUMBNAIL_MIN_RADIUS = 6.0
# Names inside nodes shrink to fit down to this size and no further (then they go outside).
MIN_NAME_POINTS = 8.0
# Bias nodes hold a constant 1, not a map: they stay small beside large thumbnails.
MAX_BIAS_RADIUS = 16.0
TEXT = QColor("#202020")


@dataclass
class DiagramState:
    """Everything the picture depends on; the widget repaints when it changes."""

    sizes: tuple[int, ...]
    features: tuple[str, ...]
    weights: list[np.ndarray]
    biases: list[np.ndarray | None]
    weight_gradients: list[np.ndarray] | None
    bias_gradients: list[np.ndarray | None] | None
    # Where ``weight_gradients`` is the article perceptron's update term, not the cost's gradient: the
    # true gradient, shown beside it.
    true_weight_gradients: list[np.ndarray] | None = None
    true_bias_gradients: list[np.ndarray | None] | None = None


def format_value(value: float) -> str:
    """Four significant figures and a true minus sign: readable from the back of a room."""
    if not np.isfinite(value):
        return "nan" if np.isnan(value) else ("∞" if value > 0 else "−∞")
    text = f"{value:.4g}" if value == 0 or 1e-3 <= abs(value) < 1e4 else f"{value:.2e}"
    return text.replace("-", "−")


class NetworkDiagram(QWidget):
    """Draws a ``DiagramState``; reports the parameter under the pointer and clicks on edges."""

    hovered = Signal(str)
    edge_clicked = Signal(object)
    thumbnails_wanted = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("networkDiagram")
        self.setAccessibleName("Network diagram")
        self.setMouseTracking(True)
        self.setMinimumSize(260, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.state: DiagramState | None = None
        self.highlight: DiagramHighlight | None = None
        self.layout_: DiagramLayout | None = None
        self._cache: QPixmap | None = None
        self._hover: int | None = None
        self._plan: LabelPlan | None = None
        self._plan_key: tuple | None = None
        self.hidden_edges = 0
        self._render_ms = 0
        self._since_render = QElapsedTimer()
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.timeout.connect(self._invalidate_now)
        self.renders = 0
        self.thumbnails_enabled = True
        self.thumbnails: NeuronThumbnails | None = None
        self._wants_thumbnails = False
        self._hover_node: tuple[int, int] | None = None
        self.popup: NeuronPopup | None = None
        self._font = QFont(self.font())
        self._font.setPointSizeF(10.5)
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._title_font = QFont(self._font)
        self._title_font.setPointSizeF(11.5)
        self._tab_font = QFont(self._bold)
        self._tab_font.setPointSizeF(8.5)
        self._legend_font = QFont(self._font)
        self._legend_font.setPointSizeF(9.0)
        # Weight names where even the bold names do not fit: smaller, still readable (as the legend).
        self._compact_font = QFont(self._bold)
        self._compact_font.setPointSizeF(9.0)

    def sizeHint(self) -> QSize:
        return QSize(560, 380)

    # ----- inputs -----------------------------------------------------------------

    def set_state(self, state: DiagramState) -> None:
        """New weights (or a new network): repaint, at most every ``MIN_REDRAW_MS``."""
        structure_changed = self.state is None or (
            self.state.sizes,
            [b is not None for b in self.state.biases],
            self.state.features,
        ) != (state.sizes, [b is not None for b in state.biases], state.features)
        self.state = state
        if structure_changed:
            self.layout_ = None
            self._hover = None
            self._dismiss_popup()
            self._check_thumbnails_fit()
            self._invalidate_now()
        else:
            self._invalidate()

    @Slot(bool)
    def set_thumbnails_enabled(self, enabled: bool) -> None:
        """Heatmap nodes on, or the plain diagram (the article's figure) with nothing computed for it."""
        if enabled != self.thumbnails_enabled:
            self.thumbnails_enabled = enabled
            self.layout_ = None
            self._dismiss_popup()
            self._check_thumbnails_fit()
            self._invalidate_now()

    @Slot(object)
    def set_thumbnails(self, thumbnails: NeuronThumbnails) -> None:
        """New maps (new weights): repainted with the next allowed redraw; an open popup follows them."""
        self.thumbnails = thumbnails
        if self.popup is not None and self.popup.shown_node is not None:
            if self._thumbnails_drawn() and self._hover_node is not None:
                self._show_popup(*self._hover_node)
            else:
                self._dismiss_popup()
        self._invalidate()

    def thumbnails_fit(self) -> bool:
        """True when thumbnails are on and the nodes are large enough to show them."""
        state = self.state
        if state is None or not self.thumbnails_enabled:
            return False
        biases = tuple(b is not None for b in state.biases)
        margins = self._margins(True)
        radius = node_radius(
            state.sizes, biases, self.width(), self.height(), True, self._name_band(), margins
        )
        return radius >= THUMBNAIL_MIN_RADIUS

    def _margins(self, thumbnails: bool) -> tuple[float, float]:
        """Room left of the inputs and right of the output for their names (see ``side_margins``)."""
        state = self.state
        names = network_names.node_names(state.sizes, state.features)
        tab = QFontMetricsF(self._tab_font)
        widest = tuple(max(tab.horizontalAdvance(name) + 6 for name in names[layer]) for layer in (0, -1))
        biases = tuple(b is not None for b in state.biases)
        return side_margins(
            state.sizes, biases, self.width(), self.height(), thumbnails, self._name_band(), widest
        )

    def _name_band(self) -> float:
        """The room a name hanging under its node needs below it, before the next node."""
        return QFontMetricsF(self._tab_font).height() * (1 - TAB_OVERLAP) + 2

    def _thumbnails_drawn(self) -> bool:
        thumbnails = self.thumbnails
        return (
            thumbnails is not None
            and self.state is not None
            and thumbnails.sizes == self.state.sizes
            and self.thumbnails_fit()
        )

    def _check_thumbnails_fit(self) -> None:
        wanted = self.thumbnails_fit()
        if wanted != self._wants_thumbnails:
            self._wants_thumbnails = wanted
            self.thumbnails_wanted.emit(wanted)

    def set_highlight(self, highlight: DiagramHighlight | None) -> None:
        if highlight is not self.highlight:
            self.highlight = highlight
            self._invalidate()

    def _invalidate(self) -> None:
        if self._redraw_timer.isActive():
            return
        interval = max(MIN_REDRAW_MS, round(self._render_ms / MAX_RENDER_SHARE))
        if not self._since_render.isValid() or self._since_render.elapsed() >= interval:
            self._invalidate_now()
        else:
            self._redraw_timer.start(interval - self._since_render.elapsed())

    @Slot()
    def _invalidate_now(self) -> None:
        self._redraw_timer.stop()
        self._cache = None
        self.update()

    # ----- geometry and hit-testing --------------------------------------------------

    def current_layout(self) -> DiagramLayout | None:
        if self.state is None:
            return None
        if self.layout_ is None or (self.layout_.width, self.layout_.height) != (self.width(), self.height()):
            biases = tuple(b is not None for b in self.state.biases)
            self.layout_ = compute_layout(
                self.state.sizes,
                biases,
                self.width(),
                self.height(),
                self.thumbnails_fit(),
                self._name_band(),
                self._margins(self.thumbnails_fit()),
            )
        return self.layout_

    def edge_ref(self, index: int) -> ParameterRef:
        layer, row, column = self.current_layout().refs[index]
        return ParameterRef(int(layer), int(row), int(column))

    def edge_index(self, ref: ParameterRef) -> int:
        refs = self.current_layout().refs
        return int(np.flatnonzero((refs == (ref.layer, ref.row, ref.column)).all(axis=1))[0])

    def edge_midpoint(self, ref: ParameterRef) -> QPointF:
        """Where a click lands on ``ref``'s edge (tests and keyboard users aim here).

        The middle, unless another edge crosses there (in the 2-4-1, x1→ah3 and x2→ah1 cross exactly
        at their middles): then the spot nearest it that hits only this edge.
        """
        layout = self.current_layout()
        index = self.edge_index(ref)
        x0, y0, x1, y1 = layout.edges[index]
        for t in (0.5, *(0.5 + sign * step * 0.03 for step in range(1, 10) for sign in (-1, 1))):
            x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            if nearest_edge(layout, round(x), round(y), HIT_TOLERANCE) == index:
                return QPointF(round(x), round(y))
        return QPointF((x0 + x1) / 2, (y0 + y1) / 2)

    def value(self, ref: ParameterRef) -> float:
        state = self.state
        if ref.is_bias:
            return float(state.biases[ref.layer][ref.column])
        return float(state.weights[ref.layer][ref.row, ref.column])

    def gradient(self, ref: ParameterRef) -> float | None:
        state = self.state
        if state.weight_gradients is None:
            return None
        if ref.is_bias:
            bias = state.bias_gradients[ref.layer] if state.bias_gradients else None
            return None if bias is None else float(bias[ref.column])
        return float(state.weight_gradients[ref.layer][ref.row, ref.column])

    def true_gradient(self, ref: ParameterRef) -> float | None:
        """The cost's gradient where ``gradient`` is the article perceptron's update term, else None."""
        state = self.state
        if state.true_weight_gradients is None:
            return None
        if ref.is_bias:
            bias = state.true_bias_gradients[ref.layer] if state.true_bias_gradients else None
            return None if bias is None else float(bias[ref.column])
        return float(state.true_weight_gradients[ref.layer][ref.row, ref.column])

    def describe(self, ref: ParameterRef) -> str:
        """The hover read-out: name, the code's entry, value and gradient.

        For the article's perceptron the number it subtracts is not the
        cost's gradient (it takes σ′ of z, not of XW), so that is named as
        what it is, the article's update term, with the true gradient beside.
        """
        state = self.state
        head = network_names.describe(state.sizes, ref, state.features)
        gradient, exact = self.gradient(ref), self.true_gradient(ref)
        wrt = f"∂cost/∂{network_names.short_name(state.sizes, ref)}"
        if gradient is None:
            slope = "gradient: shown while paused"
        elif exact is not None:
            term = "Σ z_delta" if ref.is_bias else "inputs·z_delta"
            slope = (
                f"article's update term {term} = {format_value(gradient)} (σ′ taken of z, not XW)   "
                f"true {wrt} = {format_value(exact)}"
            )
        else:
            slope = f"{wrt} = {format_value(gradient)}"
        return f"{head}   value {format_value(self.value(ref))}   {slope}   (click to type a new value)"

    # ----- mouse ------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        layout = self.current_layout()
        index = None
        if layout is not None:
            x, y = event.position().x(), event.position().y()
            if self._hover_thumbnail(layout, x, y):
                super().mouseMoveEvent(event)
                return
            index = nearest_edge(layout, x, y, HIT_TOLERANCE)
        if index != self._hover:
            self._hover = index
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if index is not None else Qt.CursorShape.ArrowCursor
            )
            self.update()
        text = "" if index is None else self.describe(self.edge_ref(index))
        self.setToolTip(text.replace("   ", "\n"))
        self.hovered.emit(text)
        super().mouseMoveEvent(event)

    def _hover_thumbnail(self, layout: DiagramLayout, x: float, y: float) -> bool:
        """Over a heatmap node: enlarge it and read it out. False when the pointer is elsewhere."""
        node = node_at(layout, x, y) if self._thumbnails_drawn() else None
        if node is None or node[1] < 0:
            self._dismiss_popup()
            return False
        if self._hover is not None:
            self._hover = None
            self.update()
        if node != self._hover_node or self.popup is None or self.popup.shown_node != node:
            self._show_popup(*node)
        # The enlarged map says it all; the same words in a tooltip and the read-out would say it thrice.
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.setToolTip("")
        self.hovered.emit("")
        return True

    def _show_popup(self, layer: int, unit: int) -> None:
        if self.popup is None:
            self.popup = NeuronPopup(self)
        self._hover_node = (layer, unit)
        x, y = self.current_layout().nodes[layer][unit]
        reach = round(self.current_layout().radius)
        anchor = QRectF(x - reach, y - reach, 2 * reach, 2 * reach).toRect()
        thumbnails = self.thumbnails
        self.popup.show_node(
            (layer, unit),
            thumbnails.title(layer, unit),
            thumbnails.images[layer][unit],
            thumbnails.lines(layer, unit),
            anchor,
        )

    def _dismiss_popup(self) -> None:
        self._hover_node = None
        if self.popup is not None and self.popup.shown_node is not None:
            self.popup.dismiss()

    def hideEvent(self, event) -> None:
        self._dismiss_popup()
        super().hideEvent(event)

    def leaveEvent(self, event) -> None:
        self._dismiss_popup()
        if self._hover is not None:
            self._hover = None
            self.update()
        self.hovered.emit("")
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        layout = self.current_layout()
        if layout is not None and event.button() == Qt.MouseButton.LeftButton:
            index = nearest_edge(layout, event.position().x(), event.position().y(), HIT_TOLERANCE)
            if index is not None:
                self.edge_clicked.emit(self.edge_ref(index))
                event.accept()
                return
        super().mousePressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.layout_ = None
        self._cache = None
        self._check_thumbnails_fit()
        # A resize (the window's, a splitter's) moves the node under an open popup: follow it.
        if self._hover_node is not None and self._thumbnails_drawn():
            self._show_popup(*self._hover_node)
        else:
            self._dismiss_popup()
        super().resizeEvent(event)

    # ----- painting ---------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.state is None:
            painter.end()
            return
        if self._cache is None or self._cache.size() != self.size() * self.devicePixelRatioF():
            self._cache = self._render()
        painter.drawPixmap(0, 0, self._cache)
        if self._hover is not None:
            self._paint_hover(painter, self.current_layout(), self._hover)
        painter.end()

    def _paint_hover(self, painter: QPainter, layout: DiagramLayout, index: int) -> None:
        """The edge under the pointer outlined between its nodes, its label kept readable on top."""
        x0, y0, x1, y1 = layout.edges[index]
        length = max(float(np.hypot(x1 - x0, y1 - y0)), 1e-9)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        gap = layout.radius + 2
        start, end = QPointF(x0 + ux * gap, y0 + uy * gap), QPointF(x1 - ux * gap, y1 - uy * gap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(0, 0, 0, 170), 10, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(start, end)
        painter.setPen(QPen(QColor(colours.HOVER_EDGE), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(start, end)
        label = self.label_plan().edges.get(index)
        if label is not None:
            # Shortened labels read in full while hovered, centred where the short one sits.
            values = self._edge_values(layout)
            name, text = self._label_text(index, float(values[index]))
            x, y, w, h = label.rect
            width, height = self._label_size(name, text)
            box = QRectF(x + w / 2 - width / 2, y + h / 2 - height / 2, width, height)
            self._draw_label(painter, box, name, text, True)

    def _render(self) -> QPixmap:
        clock = QElapsedTimer()
        clock.start()
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor("white"))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        layout = self.current_layout()
        self._paint_bands(painter, layout)
        values = self._edge_values(layout)
        self._paint_edges(painter, layout, values)
        self._paint_arrows(painter, layout)
        plan = self.label_plan()
        self._paint_nodes(painter, layout, plan)
        self._paint_edge_labels(painter, plan, values)
        self._paint_notes(painter, layout)
        self._paint_titles(painter, layout)
        self._paint_legend(painter, layout)
        painter.end()
        self._since_render.restart()
        self._render_ms = clock.elapsed()
        self.renders += 1
        return pixmap

    def _edge_values(self, layout: DiagramLayout) -> np.ndarray:
        state = self.state
        values = np.empty(len(layout.refs))
        for layer, weights in enumerate(state.weights):
            index = layout.edges_of(layer)
            refs = layout.refs[index]
            weight_edges = refs[:, 1] >= 0
            values[index[weight_edges]] = weights[refs[weight_edges, 1], refs[weight_edges, 2]]
            if state.biases[layer] is not None:
                values[index[~weight_edges]] = state.biases[layer][refs[~weight_edges, 2]]
        return values

    def _active_edges(self, layout: DiagramLayout) -> np.ndarray:
        highlight = self.highlight
        if highlight is None or highlight.direction == "idle":
            return np.ones(len(layout.refs), dtype=bool)
        return np.isin(layout.refs[:, 0], list(highlight.active_layers))

    def _paint_bands(self, painter: QPainter, layout: DiagramLayout) -> None:
        """A pale band behind the node columns the phase works on (the caption says which)."""
        highlight = self.highlight
        if highlight is None or highlight.direction == "idle":
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colours.HIGHLIGHT_BAND))
        half = max(layout.radius + 14, 30)
        for layer in highlight.active_nodes:
            x = layout.columns[layer]
            painter.drawRoundedRect(QRectF(x - half, 30, 2 * half, layout.height - 36), 10, 10)

    def _paint_edges(self, painter: QPainter, layout: DiagramLayout, values: np.ndarray) -> None:
        """One path per (sign, width, lit) pen; a dense network gets fainter hairlines, not a blob."""
        finite = np.where(np.isfinite(values), values, 0.0)
        scale = max(float(np.max(np.abs(finite), initial=0.0)), 1e-12)
        levels = np.clip(np.round(np.abs(finite) / scale * (len(WIDTH_LEVELS) - 1)), 0, len(WIDTH_LEVELS) - 1)
        levels = levels.astype(int)
        widths = WIDTH_LEVELS * min(1.0, max(layout.spacing * 0.3, 1.0) / WIDTH_LEVELS[-1])
        drawn = self._strongest(layout, np.abs(finite))
        density = min(1.0, DENSE_EDGES / int(drawn.sum()))
        active = self._active_edges(layout)
        negative = finite < 0
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, density == 1)
        for is_active in (False, True):
            for level in np.unique(levels):
                for is_negative in (False, True):
                    chosen = drawn & (active == is_active) & (negative == is_negative) & (levels == level)
                    if not chosen.any():
                        continue
                    pen = self._edge_pen(is_negative, widths[level], is_active)
                    if density < 1:
                        # Thousands of edges: one-pixel solid hairlines, |w| shown by opacity instead of
                        # width. Wide, dashed or antialiased strokes cost far more and show nothing more.
                        strength = 0.25 + 0.75 * level / (len(WIDTH_LEVELS) - 1)
                        pen = QPen(_on_white(pen.color(), strength), 1)
                        pen.setCosmetic(True)
                    painter.setPen(pen)
                    segments = layout.edges[chosen]
                    if density < 1:
                        painter.drawLines([QLineF(*segment) for segment in segments.tolist()])
                    else:
                        xs, ys = segments[:, [0, 2]].ravel(), segments[:, [1, 3]].ravel()
                        painter.drawPath(pg.arrayToQPath(xs, ys, connect="pairs"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.hidden_edges = len(layout.refs) - int(drawn.sum())

    @staticmethod
    def _strongest(layout: DiagramLayout, magnitude: np.ndarray) -> np.ndarray:
        """Which edges to draw: all, or each layer's strongest share of ``MAX_DRAWN_EDGES``."""
        total = len(layout.refs)
        if total <= MAX_DRAWN_EDGES:
            return np.ones(total, dtype=bool)
        drawn = np.zeros(total, dtype=bool)
        for layer in np.unique(layout.refs[:, 0]):
            index = layout.edges_of(int(layer))
            keep = max(1, MAX_DRAWN_EDGES * len(index) // total)
            drawn[index[np.argpartition(-magnitude[index], keep - 1)[:keep]]] = True
        return drawn

    @staticmethod
    def _edge_pen(negative: bool, width: float, active: bool) -> QPen:
        colour = QColor(colours.NEGATIVE_WEIGHT if negative else colours.POSITIVE_WEIGHT)
        if not active:
            colour.setAlpha(FADED_ALPHA)
        pen = QPen(colour, width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        if negative:
            pen.setDashPattern([4.0, 2.0] if width < 3 else [2.5, 1.2])
        return pen

    def _paint_arrows(self, painter: QPainter, layout: DiagramLayout) -> None:
        """Arrowheads on the active edges, pointing the way the phase's values flow."""
        highlight = self.highlight
        if highlight is None or highlight.direction not in ("forward", "backward"):
            return
        active = np.flatnonzero(self._active_edges(layout))
        if not 0 < len(active) <= MAX_ARROWS:
            return
        colour = QColor(colours.FLOW_ARROW)
        painter.setPen(QPen(QColor("white"), 1.2))
        painter.setBrush(colour)
        size = 9.0
        backward = highlight.direction == "backward"
        for index in active:
            x0, y0, x1, y1 = layout.edges[index]
            if backward:
                x0, y0, x1, y1 = x1, y1, x0, y0
            angle = np.arctan2(y1 - y0, x1 - x0)
            ux, uy = np.cos(angle), np.sin(angle)
            # Just short of the node the value flows into, as an arrow arriving there.
            reach = layout.radius + size + 3
            cx, cy = x1 - ux * reach, y1 - uy * reach
            tip = QPointF(cx + ux * size, cy + uy * size)
            left = QPointF(cx - ux * size * 0.6 - uy * size * 0.7, cy - uy * size * 0.6 + ux * size * 0.7)
            right = QPointF(cx - ux * size * 0.6 + uy * size * 0.7, cy - uy * size * 0.6 - ux * size * 0.7)
            painter.drawPolygon(QPolygonF([tip, left, right]))

    # ----- labels --------------------------------------------------------------------

    def label_plan(self) -> LabelPlan:
        """Where every node, name, value box and weight label is drawn, computed once per picture."""
        layout = self.current_layout()
        key = (layout, self.state, self.highlight, self._thumbnails_drawn())
        cached = self._plan_key
        if self._plan is None or cached is None or any(a is not b for a, b in zip(key, cached)):
            self._plan, self._plan_key = self._make_plan(layout), key
        return self._plan

    def _make_plan(self, layout: DiagramLayout) -> LabelPlan:
        state = self.state
        nodes = node_rects(layout, self._bias_side(layout))
        notes = tuple(_rect(box) for box, _ in self._note_boxes(layout))
        names = network_names.node_names(state.sizes, state.features)
        tab = QFontMetricsF(self._tab_font)
        inner = QFontMetricsF(self._node_font(names, layout.radius))
        squares = self.thumbnails_fit()
        outside = [[(tab.horizontalAdvance(name) + 6, tab.height()) for name in layer] for layer in names]
        inside = [
            [
                (inner.horizontalAdvance(name), inner.height())
                if not squares
                and layout.radius >= 8
                and inner.horizontalAdvance(name) <= 2 * layout.radius - 3
                else None
                for name in layer
            ]
            for layer in names
        ]
        named = place_names(layout, outside, inside, nodes, notes)
        edges = {}
        if len(layout.refs) <= MAX_LABELLED_EDGES:
            values = self._edge_values(layout)
            forms: list[dict[int, tuple[float, float]]] = [{}, {}, {}, {}]
            for index in range(len(layout.refs)):
                name, text = self._label_text(index, float(values[index]))
                for form, sizes in enumerate(forms):
                    sizes[index] = self._label_size(name, text, form)
            active = self._active_edges(layout)
            layers = sorted(
                {int(layer) for layer in layout.refs[:, 0]},
                key=lambda layer: (not active[layout.edges_of(layer)].any(), layer),
            )
            obstacles = list(nodes.values()) + list(notes) + list(named.values())
            edges = place_edge_labels(layout, layers, forms, obstacles)
        return LabelPlan(nodes, named, notes, edges)

    def _paint_edge_labels(self, painter: QPainter, plan: LabelPlan, values: np.ndarray) -> None:
        active = self._active_edges(self.current_layout())
        for index, label in plan.edges.items():
            name, text = self._label_text(index, float(values[index]))
            self._draw_label(painter, QRectF(*label.rect), name, text, bool(active[index]), label.form)

    def _label_text(self, index: int, value: float) -> tuple[str, str]:
        """``("w5", "−5.973")``, or in a backward phase ``("w5", "∇ −0.1238")``, in the update ``"→ …"``."""
        ref = self.edge_ref(index)
        name = network_names.short_name(self.state.sizes, ref)
        text = format_value(value)
        extra = self.highlight.edge_values if self.highlight is not None else {}
        if ref.layer in extra:
            symbol, matrix, bias = extra[ref.layer]
            source = bias if ref.is_bias else matrix
            if source is not None:
                shown = source[ref.column] if ref.is_bias else source[ref.row, ref.column]
                text = f"{symbol} {format_value(float(shown))}"
        return name, text

    def _label_size(self, name: str, text: str, form: int = 0) -> tuple[float, float]:
        """``w5 −5.973`` in a box (form 0), the same smaller (1); just ``w5`` (2), smaller (3).

        The value goes last: in the step-through it is the number the learner came for."""
        if form in (1, 3):
            compact = QFontMetricsF(self._compact_font)
            value = 4 + compact.horizontalAdvance(text) if form == 1 else 0.0
            return compact.horizontalAdvance(name) + value + 6, compact.height() + 2
        bold, plain = QFontMetricsF(self._bold), QFontMetricsF(self._font)
        value = 5 + plain.horizontalAdvance(text) if form == 0 else 0.0
        return bold.horizontalAdvance(name) + value + 10, plain.height() + 4

    def _draw_label(
        self, painter: QPainter, box: QRectF, name: str, text: str, active: bool, form: int = 0
    ) -> None:
        corner = 3 if form in (1, 3) else 4
        painter.setPen(QPen(QColor(120, 120, 120, 200 if active else 70), 1))
        painter.setBrush(QColor(255, 255, 255, 235 if active else 150))
        painter.drawRoundedRect(box, corner, corner)
        text_colour = QColor(TEXT)
        if not active:
            text_colour.setAlpha(110)
        painter.setPen(text_colour)
        if form in (1, 3):
            painter.setFont(self._compact_font)
            compact = QFontMetricsF(self._compact_font)
            baseline = box.top() + 1 + compact.ascent()
            painter.drawText(QPointF(box.left() + 3, baseline), name)
            if form == 1:
                painter.drawText(
                    QPointF(box.left() + 3 + compact.horizontalAdvance(name) + 4, baseline), text
                )
            return
        bold, plain = QFontMetricsF(self._bold), QFontMetricsF(self._font)
        painter.setFont(self._bold)
        baseline = box.top() + 2 + plain.ascent()
        painter.drawText(QPointF(box.left() + 5, baseline), name)
        if form == 0:
            painter.setFont(self._font)
            painter.drawText(QPointF(box.left() + 5 + bold.horizontalAdvance(name) + 5, baseline), text)

    @staticmethod
    def _bias_side(layout: DiagramLayout) -> float:
        return max(min(layout.radius, MAX_BIAS_RADIUS) * 1.5, 8.0)

    def _paint_nodes(self, painter: QPainter, layout: DiagramLayout, plan: LabelPlan) -> None:
        state, highlight = self.state, self.highlight
        names = network_names.node_names(state.sizes, state.features)
        lit = (
            highlight.active_nodes if highlight is not None and highlight.direction != "idle" else frozenset()
        )
        radius = layout.radius
        name_font = self._node_font(names, radius)
        metrics = QFontMetricsF(name_font)
        squares = self.thumbnails_fit()
        images = self.thumbnails.images if self._thumbnails_drawn() else None
        for layer, centres in enumerate(layout.nodes):
            outline = QPen(QColor("#111111"), 3.2 if layer in lit else 1.6)
            for unit, (x, y) in enumerate(centres):
                if squares:
                    image = None if images is None else images[layer][unit]
                    self._paint_thumbnail(
                        painter, QRectF(x - radius, y - radius, 2 * radius, 2 * radius), image, outline
                    )
                else:
                    painter.setPen(outline)
                    painter.setBrush(QColor("white"))
                    painter.drawEllipse(QPointF(x, y), radius, radius)
            bias = layout.bias_nodes[layer] if layer < len(layout.bias_nodes) else None
            if bias is not None:
                painter.setFont(name_font)
                side = self._bias_side(layout)
                painter.setPen(QPen(QColor("#111111"), 1.6))
                painter.setBrush(QColor("#eeeeee"))
                painter.drawRect(QRectF(bias[0] - side / 2, bias[1] - side / 2, side, side))
                if radius >= 8:
                    painter.setPen(TEXT)
                    painter.drawText(QPointF(bias[0] - metrics.horizontalAdvance("1") / 2, bias[1] + 5), "1")
        self._paint_names(painter, plan, names, name_font)

    def _paint_names(self, painter: QPainter, plan: LabelPlan, names: list[list[str]], inner: QFont) -> None:
        """Inside its node where it fits; else on a tab beside or under it, where the plan put it."""
        tab = QFontMetricsF(self._tab_font)
        for (layer, unit), rect in plan.names.items():
            name, box = names[layer][unit], QRectF(*rect)
            if QRectF(*plan.nodes[(layer, unit)]).contains(box):
                painter.setFont(inner)
                painter.setPen(TEXT)
                painter.drawText(QPointF(box.left(), box.top() + QFontMetricsF(inner).ascent()), name)
                continue
            painter.setPen(QPen(QColor(90, 90, 90), 1))
            painter.setBrush(QColor(255, 255, 255, 235))
            painter.drawRoundedRect(box, 3, 3)
            painter.setFont(self._tab_font)
            painter.setPen(TEXT)
            painter.drawText(QPointF(box.left() + 3, box.top() + tab.ascent()), name)

    @staticmethod
    def _paint_thumbnail(painter: QPainter, rect: QRectF, image: QImage | None, outline: QPen) -> None:
        """The neuron's map in a rounded square (white until the first maps arrive)."""
        corner = rect.width() * 0.1
        path = QPainterPath()
        path.addRoundedRect(rect, corner, corner)
        painter.save()
        painter.setClipPath(path)
        if image is None:
            painter.fillRect(rect, QColor("white"))
        else:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(rect, image)
        painter.restore()
        painter.setPen(outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, corner, corner)

    def _node_font(self, names: list[list[str]], radius: float) -> QFont:
        """The bold node font, shrunk (not below ``MIN_NAME_POINTS``) until the widest name fits."""
        font = QFont(self._bold)
        widest = max((name for layer in names for name in layer), key=len)
        while (
            font.pointSizeF() > MIN_NAME_POINTS
            and QFontMetricsF(font).horizontalAdvance(widest) > 2 * radius - 4
        ):
            font.setPointSizeF(font.pointSizeF() - 0.5)
        return font

    def _note_boxes(self, layout: DiagramLayout) -> list[tuple[QRectF, list[str]]]:
        """Where each node's box of sample values goes, and its lines (none when nodes are too small)."""
        highlight = self.highlight
        if highlight is None or not highlight.notes or layout.radius < NOTE_MIN_RADIUS:
            return []
        metrics = QFontMetricsF(self._font)
        boxes = []
        for layer, pairs in highlight.notes.items():
            last = layer == len(layout.nodes) - 1
            for unit, (x, y) in enumerate(layout.nodes[layer]):
                lines = [format_value(float(row[unit])) for _, row in pairs if unit < len(row)]
                if not lines:
                    continue
                width = max(metrics.horizontalAdvance(text) for text in lines) + 10
                height = metrics.height() * len(lines) + 4
                if layer == 0 or last:
                    left, top = x - width / 2, y + layout.radius + 3
                elif layer in highlight.active_layers and layer - 1 not in highlight.active_layers:
                    # The phase works on the weights right of this column: keep their labels' room.
                    left, top = x - layout.radius - 4 - width, y - height / 2
                else:
                    left, top = x + layout.radius + 4, y - height / 2
                left = min(max(left, 2.0), layout.width - width - 2)
                boxes.append((QRectF(left, top, width, height), lines))
        return boxes

    def _paint_notes(self, painter: QPainter, layout: DiagramLayout) -> None:
        """The selected sample's values beside each node: the path one point takes through the network."""
        boxes = self._note_boxes(layout)
        if not boxes:
            return
        metrics = QFontMetricsF(self._font)
        header_font = QFont(self._font)
        header_font.setItalic(True)
        painter.setFont(header_font)
        painter.setPen(QColor(colours.NOTE_BORDER))
        for layer, pairs in self.highlight.notes.items():
            header = " / ".join(name for name, _ in pairs)
            header_width = QFontMetricsF(header_font).horizontalAdvance(header)
            left = min(max(layout.columns[layer] - header_width / 2, 2.0), layout.width - header_width - 2)
            painter.drawText(QPointF(left, 30 + metrics.ascent()), header)
        painter.setFont(self._font)
        for box, lines in boxes:
            painter.setPen(QPen(QColor(colours.NOTE_BORDER), 1.4))
            painter.setBrush(QColor(colours.NOTE_FILL))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(TEXT)
            for row, text in enumerate(lines):
                painter.drawText(
                    QPointF(box.left() + 5, box.top() + 2 + metrics.ascent() + row * metrics.height()), text
                )

    def _paint_titles(self, painter: QPainter, layout: DiagramLayout) -> None:
        painter.setFont(self._title_font)
        painter.setPen(TEXT)
        metrics = QFontMetricsF(self._title_font)
        titles = network_names.layer_titles(self.state.sizes)
        gap = float(np.min(np.diff(layout.columns))) if len(layout.columns) > 1 else layout.width
        for x, title in zip(layout.columns, titles):
            if metrics.horizontalAdvance(title) > gap - 8:
                title = title.split(":")[0].replace(" (output)", "")
            width = metrics.horizontalAdvance(title)
            if width > gap - 4:
                continue
            left = min(max(x - width / 2, 4), layout.width - width - 4)
            painter.drawText(QPointF(left, 4 + metrics.ascent()), title)

    def legend_items(self, layout: DiagramLayout) -> list[tuple[str, str]]:
        """The legend's line, shortened until it fits the width: ``(sample, words)`` pairs.

        One line in the bottom band, never wrapped: a legend that wraps takes
        the nodes' room (at 1280×800 that hid every name and label).
        """
        state = self.state
        bias = [("bias", "bias (1)")] if any(b is not None for b in state.biases) else []
        drawn, total = len(layout.refs) - self.hidden_edges, len(layout.refs)
        note = (
            [("", f"the {formatting.count(drawn)} strongest of {formatting.count(total)} weights drawn")]
            if self.hidden_edges
            else []
        )
        short_note = [("", f"{formatting.count(drawn)} of {formatting.count(total)} drawn")] if note else []
        variants = [
            [("positive", "positive"), ("negative", "negative"), ("", "thicker = larger |w|"), *bias, *note],
            [("positive", "positive"), ("negative", "negative"), *bias, *note],
            [("positive", "+"), ("negative", "−"), ("", "width ∝ |w|"), *bias, *short_note],
            [("positive", "+"), ("negative", "−"), *short_note],
            [("positive", "+"), ("negative", "−")],
        ]
        room = layout.width - 12
        return next((items for items in variants if self._legend_width(items) <= room), variants[-1])

    def _legend_width(self, items: list[tuple[str, str]]) -> float:
        metrics = QFontMetricsF(self._legend_font)
        return sum(
            LEGEND_SAMPLE * bool(kind) + metrics.horizontalAdvance(words) + 12 for kind, words in items
        )

    def _paint_legend(self, painter: QPainter, layout: DiagramLayout) -> None:
        metrics = QFontMetricsF(self._legend_font)
        painter.setFont(self._legend_font)
        baseline = layout.height - (BOTTOM_MARGIN - metrics.ascent()) / 2 - 1
        middle = baseline - metrics.ascent() / 2 + 1
        x = 6.0
        for kind, words in self.legend_items(layout):
            if kind in ("positive", "negative"):
                painter.setPen(self._edge_pen(kind == "negative", 2.5, True))
                painter.drawLine(QPointF(x, middle), QPointF(x + LEGEND_SAMPLE - 4, middle))
            elif kind == "bias":
                painter.setPen(QPen(QColor("#111111"), 1.2))
                painter.setBrush(QColor("#eeeeee"))
                painter.drawRect(QRectF(x + 5, middle - 5, 10, 10))
            x += LEGEND_SAMPLE * bool(kind)
            painter.setPen(TEXT)
            painter.drawText(QPointF(x, baseline), words)
            x += metrics.horizontalAdvance(words) + 12


def _rect(box: QRectF) -> Rect:
    return (box.left(), box.top(), box.width(), box.height())


def _on_white(colour: QColor, opacity: float) -> QColor:
    """``colour`` at ``opacity`` over white, as an opaque colour (blending thousands of lines is slow)."""
    opacity *= colour.alphaF()
    mix = [
        round(255 + (channel - 255) * opacity) for channel in (colour.red(), colour.green(), colour.blue())
    ]
    return QColor(*mix)
