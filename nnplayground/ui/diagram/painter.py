"""The network drawn with QPainter: the widget that holds the picture, repaints it and answers the pointer.

Painting is cached in a pixmap and rebuilt only when the weights, the
highlight or the size changed — at most every ``MIN_REDRAW_MS``
(``PLAYING_REDRAW_MS`` while training plays), and rarer still when a repaint
is slow, so it never takes more than ``MAX_RENDER_SHARE`` of the GUI thread;
a slow one gets a paint pass of its own (``OWN_PASS_MS``). What is drawn lives beside it:
``edges`` (the weights as lines), ``nodes`` (circles or neuron heatmaps,
names, the followed sample's values), ``labels`` (weight labels, placed by
one plan) and ``captions`` (column titles and legend). Hover and click
reach every edge, drawn or not; hovering a heatmap node shows it enlarged.
Smaller than ``THUMBNAIL_MIN_RADIUS`` — a wide network in a small pane —
nodes stay plain circles, and nothing is computed for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from nnplayground.core.diagnostics import Diagnosis
from nnplayground.notation import network_names
from nnplayground.notation.diagram_layout import (
    DiagramLayout,
    compute_layout,
    nearest_edge,
    node_at,
    node_radius,
    side_margins,
)
from nnplayground.notation.diagram_state import DiagramState, edge_ref, edge_values
from nnplayground.notation.formatting import format_value
from nnplayground.notation.label_placement import LabelPlan
from nnplayground.notation.network_names import ParameterRef
from nnplayground.notation.phase_terms import DiagramHighlight
from nnplayground.ui.diagram import captions, edges, labels, marks, nodes
from nnplayground.ui.diagram.picture import DiagramFonts, Picture
from nnplayground.ui.diagram.popup import NeuronPopup
from nnplayground.ui.diagram.term_targets import TermTargets
from nnplayground.ui.diagram.weight_change import WeightChange
from nnplayground.ui.widgets.paint_pass import OWN_PASS_MS

if TYPE_CHECKING:
    from nnplayground.ui.diagram.thumbnails import NeuronThumbnails

MIN_REDRAW_MS = 100
# While training plays: the labels' numbers cannot be read at 10 a second anyway, and the diagram
# and the loss plot at 10 Hz took the article's network from 62 to 45 % of its headless speed
# (the training thread waits while the GUI draws; ``threads.gui_turns``).
PLAYING_REDRAW_MS = 200
# Repaints are spaced so they take at most this share of the GUI thread's time.
MAX_RENDER_SHARE = 0.1
HIT_TOLERANCE = 7.0
# Thumbnails smaller than this (half their side, in pixels) show no pattern: plain nodes instead.
THUMBNAIL_MIN_RADIUS = 6.0


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
        self.fonts = DiagramFonts(self.font())
        self.change: WeightChange | None = None
        self.diagnosis: Diagnosis | None = None
        self.playing = False
        self.term: TermTargets | None = None

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
        tab = QFontMetricsF(self.fonts.tab)
        widest = tuple(max(tab.horizontalAdvance(name) + 6 for name in names[layer]) for layer in (0, -1))
        biases = tuple(b is not None for b in state.biases)
        return side_margins(
            state.sizes, biases, self.width(), self.height(), thumbnails, self._name_band(), widest
        )

    def _name_band(self) -> float:
        return self.fonts.name_band()

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

    def set_change(self, change: WeightChange | None) -> None:
        """The last update's Δw on the edges (None: no update to show)."""
        if change is not self.change:
            self.change = change
            self._invalidate()

    def set_playing(self, playing: bool) -> None:
        """Training plays (labels keep room for any value) or not (each label at its own size)."""
        if playing != self.playing:
            self.playing = playing
            self._invalidate()

    def set_diagnosis(self, diagnosis: Diagnosis | None) -> None:
        """Saturated and dead neurons, marked on their nodes."""
        if diagnosis != self.diagnosis:
            self.diagnosis = diagnosis
            self._invalidate()

    def set_term(self, targets: TermTargets | None) -> None:
        """A hovered symbol's nodes and edges, drawn over the cached picture (None clears)."""
        targets = targets or None
        if targets != self.term:
            self.term = targets
            self.update()

    def set_highlight(self, highlight: DiagramHighlight | None) -> None:
        if highlight is not self.highlight:
            self.highlight = highlight
            self._invalidate()

    def _invalidate(self) -> None:
        if self._redraw_timer.isActive():
            return
        shortest = PLAYING_REDRAW_MS if self.playing else MIN_REDRAW_MS
        interval = max(shortest, round(self._render_ms / MAX_RENDER_SHARE))
        wait = interval - self._since_render.elapsed() if self._since_render.isValid() else 0
        if self._render_ms > OWN_PASS_MS:  # a slow repaint: after the frame's pass, not in it
            wait = max(wait, OWN_PASS_MS)
        if wait <= 0:
            self._invalidate_now()
        else:
            self._redraw_timer.start(wait)

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
        return edge_ref(self.current_layout(), index)

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
        return self.state.value(ref)

    def gradient(self, ref: ParameterRef) -> float | None:
        return self.state.gradient(ref)

    def true_gradient(self, ref: ParameterRef) -> float | None:
        """The cost's gradient where ``gradient`` is the article perceptron's update term, else None."""
        return self.state.true_gradient(ref)

    def describe(self, ref: ParameterRef) -> str:
        """The hover read-out (see ``DiagramState.describe``), with the last update's Δw when there is one."""
        text = self.state.describe(ref)
        change = self.change
        if change is not None:
            delta = change.at(ref.layer, ref.row, ref.column)
            if np.isfinite(delta):
                sign = "+" if delta > 0 else ""
                name = network_names.short_name(self.state.sizes, ref)
                text += f"   last update: Δ{name} = {sign}{format_value(delta)}"
        return text

    def describe_node(self, layer: int, unit: int) -> str:
        """A marked neuron's one-line reason (``core.diagnostics``), or "" for a healthy one.

        A softmax output unit always says which class's probability it is: K nodes look alike.
        """
        sizes = self.state.sizes
        reason = marks.describe_issue(self.diagnosis, layer, unit)
        if layer == len(sizes) - 1 and network_names.softmax_output(sizes):
            words = network_names.class_words(unit)
            reason = f"{words}, the softmax's probability of class {unit}" + (f"; {reason}" if reason else "")
        if not reason:
            return ""
        return f"{network_names.node_names(sizes, self.state.features)[layer][unit]}: {reason}"

    # ----- mouse ------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        layout = self.current_layout()
        index = None
        if layout is not None:
            x, y = event.position().x(), event.position().y()
            if self._hover_thumbnail(layout, x, y):
                super().mouseMoveEvent(event)
                return
            node = node_at(layout, x, y)
            reason = "" if node is None or node[1] < 0 else self.describe_node(*node)
            if reason:
                self._hover_reason(reason)
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

    def _hover_reason(self, reason: str) -> None:
        """Over a marked plain node: why it is marked, in the read-out and the tooltip."""
        if self._hover is not None:
            self._hover = None
            self.update()
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.setToolTip(reason)
        self.hovered.emit(reason)

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
        # A marked neuron's reason is not in the map: the read-out says it, once.
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.setToolTip("")
        self.hovered.emit(self.describe_node(*node))
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

    def picture(self) -> Picture:
        """What a paint reads now: one snapshot of the state, phase, layout and node images."""
        images = self.thumbnails.images if self._thumbnails_drawn() else None
        return Picture(
            self.state,
            self.highlight,
            self.current_layout(),
            self.fonts,
            self.thumbnails_fit(),
            images,
            self.change,
            self.diagnosis,
            self.playing,
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.state is None:
            painter.end()
            return
        if self._cache is None or self._cache.size() != self.size() * self.devicePixelRatioF():
            self._cache = self._render()
        painter.drawPixmap(0, 0, self._cache)
        if self._hover is not None:
            edges.paint_hovered_edge(painter, self.current_layout(), self._hover)
            labels.paint_hovered_label(painter, self.picture(), self.label_plan(), self._hover)
        if self.term is not None:
            marks.paint_term(painter, self.current_layout(), self.term)
        painter.end()

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
        picture = self.picture()
        edges.paint_bands(painter, picture)
        self.hidden_edges = edges.paint_edges(painter, picture, edge_values(picture.state, picture.layout))
        edges.paint_arrows(painter, picture)
        plan = self.label_plan()
        nodes.paint_nodes(painter, picture, plan)
        marks.paint_neuron_marks(painter, picture, plan)
        marks.paint_changes(painter, picture, plan)
        labels.paint_edge_labels(painter, picture, plan)
        nodes.paint_notes(painter, picture)
        captions.paint_titles(painter, picture)
        captions.paint_legend(painter, picture, self.hidden_edges)
        painter.end()
        self._since_render.restart()
        self._render_ms = clock.elapsed()
        self.renders += 1
        return pixmap

    def label_plan(self) -> LabelPlan:
        """Where every node, name, value box, badge and weight label is drawn, computed once per picture."""
        layout = self.current_layout()
        key = (layout, self.state, self.highlight, self._thumbnails_drawn(), self.diagnosis, self.playing)
        cached = self._plan_key
        if self._plan is None or cached is None or any(a is not b for a, b in zip(key, cached)):
            self._plan, self._plan_key = labels.make_plan(self.picture()), key
        return self._plan
