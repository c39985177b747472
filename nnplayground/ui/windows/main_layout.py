"""The main window's panes: the control panel, the plots, the step-through, and the room they share.

``build_panes`` lays them out in splitters (the names are what the settings
remember sizes by); ``StepperRoom`` is how the step-through borrows room when
it opens — from the loss plot always, from the control panel too on a
window too narrow for all three — and gives it back exactly when it closes.

The decision boundary is what the learner watches, so it never gets less than
``MIN_BOUNDARY_HEIGHT``: on a short window (1024×700 with the tour below and a
banner above the plot) the loss curve and the diagram below it give way
instead, scrolling up and down rather than being squeezed out of shape.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget

from nnplayground.ui.boundary.view import BoundaryView

# Share of the space right of the controls that the step-through panel takes when it opens.
STEPPER_SHARE = 0.56
# Below this window width the step-through borrows the control panel's room (Esc brings it back).
ROOM_FOR_CONTROLS = 1600
# The boundary plot's least height: the moons and the boundary between them stay readable.
MIN_BOUNDARY_HEIGHT = 200


def build_panes(
    controls: QWidget,
    above_plot: tuple[QWidget, ...],
    plots: tuple[BoundaryView, QWidget, QWidget],
    stepper: QWidget,
) -> tuple[QScrollArea, QSplitter, QSplitter]:
    """The scrolling control panel, the plots' splitter and the main splitter that holds all three.

    ``above_plot`` are the banners over the boundary view; ``plots`` are the
    boundary view, the loss view and the network view, in that order.
    """
    scroll = QScrollArea()
    scroll.setObjectName("controlScroll")
    scroll.setWidget(controls)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    boundary_view, loss_view, network_view = plots
    top = _Stack()
    top_layout = QVBoxLayout(top)
    top_layout.setContentsMargins(0, 0, 0, 0)
    for banner in above_plot:
        top_layout.addWidget(banner)
    top_layout.addWidget(boundary_view, 1)
    boundary_view.plot.setMinimumHeight(MIN_BOUNDARY_HEIGHT)

    bottom = QSplitter(Qt.Orientation.Horizontal)
    bottom.setObjectName("bottomSplitter")
    bottom.addWidget(loss_view)
    bottom.addWidget(network_view)
    bottom.setStretchFactor(0, 1)
    bottom.setStretchFactor(1, 1)
    below = _UpAndDown()
    below.setObjectName("belowPlotScroll")
    below.setWidget(bottom)
    below.setWidgetResizable(True)
    below.setFrameShape(QFrame.Shape.NoFrame)
    below.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    plot_splitter = QSplitter(Qt.Orientation.Vertical)
    plot_splitter.setObjectName("plotSplitter")
    plot_splitter.addWidget(top)
    plot_splitter.addWidget(below)
    plot_splitter.setStretchFactor(0, 4)
    plot_splitter.setStretchFactor(1, 3)

    main = QSplitter(Qt.Orientation.Horizontal)
    main.setObjectName("mainSplitter")
    main.addWidget(scroll)
    main.addWidget(plot_splitter)
    main.addWidget(stepper)
    main.setStretchFactor(0, 0)
    main.setStretchFactor(1, 1)
    main.setStretchFactor(2, 1)
    main.setCollapsible(1, False)
    main.setCollapsible(2, False)
    return scroll, plot_splitter, main


class _Stack(QWidget):
    """A column whose least height counts its wrapped lines at its width: a splitter asks only for
    the minimum size, and a banner's four lines, counted as one, squeezed the boundary plot."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return hint
        return QSize(hint.width(), max(hint.height(), layout.minimumHeightForWidth(self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


class _UpAndDown(QScrollArea):
    """Scrolls its widget up and down only, as narrow as the widget can be.

    In a splitter it takes the height its widget needs from the pane above (a weight's editor
    opening in the diagram, a smaller window) as long as that pane keeps its own least height,
    and scrolls only for the rest: the plots below the boundary give way last, not first.
    """

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def sizeHint(self) -> QSize:
        """The widget's own: the splitter shares out the room as it did before the scrolling."""
        widget = self.widget()
        return super().sizeHint() if widget is None else widget.sizeHint()

    def minimumSizeHint(self) -> QSize:
        widget = self.widget()
        width = widget.minimumSizeHint().width() if widget is not None else 0
        return QSize(width + 2 * self.frameWidth(), super().minimumSizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._claim()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._claim()

    def _claim(self) -> None:
        splitter, widget = self.parentWidget(), self.widget()
        if not isinstance(splitter, QSplitter) or widget is None:
            return
        short = widget.minimumSizeHint().height() + 2 * self.frameWidth() - self.height()
        if short <= 0:
            return
        sizes = splitter.sizes()
        mine = splitter.indexOf(self)
        for index in range(splitter.count()):
            other = splitter.widget(index)
            if index == mine or other.isHidden():
                continue
            spare = sizes[index] - other.minimumSizeHint().height()
            given = max(0, min(short, spare))
            sizes[index] -= given
            sizes[mine] += given
            short -= given
        if sizes != splitter.sizes():
            splitter.setSizes(sizes)


def fit_panel_width(scroll: QScrollArea) -> int:
    """Make the control panel's pane as wide as its widest row, and return that width.

    Only once the panel sits in the styled window: before that its size hint
    misses the style sheet's fonts and padding, and the pane came out 30 px too
    narrow, cutting Bias, L2 and the Reset button off at the right.
    """
    controls = scroll.widget()
    scroll.window().ensurePolished()
    controls.ensurePolished()
    width = controls.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 8
    scroll.setMinimumWidth(width)
    return width


class StepperRoom:
    """Lends the step-through room when it opens and gives every pane its size back when it closes."""

    def __init__(
        self, main: QSplitter, plots: QSplitter, control_scroll: QWidget, loss_view: QWidget, stepper: QWidget
    ) -> None:
        self._main, self._plots = main, plots
        self._control_scroll, self._loss_view, self._stepper = control_scroll, loss_view, stepper
        self._main_sizes: list[int] | None = None
        self._plot_sizes: list[int] = []

    def lend(self, window_width: int) -> None:
        main, plots = self._main, self._plots
        self._main_sizes = main.sizes()
        controls, *rest = main.sizes()
        space = sum(rest)
        if window_width < ROOM_FOR_CONTROLS:
            self._control_scroll.hide()
            space, controls = space + controls, 0
        self._plot_sizes = plots.sizes()
        self._loss_view.hide()
        self._stepper.show()
        main.setSizes([controls, round(space * (1 - STEPPER_SHARE)), round(space * STEPPER_SHARE)])
        half = sum(plots.sizes()) // 2
        plots.setSizes([half, half])

    def give_back(self) -> None:
        """The panes as they were before the step-through borrowed their room."""
        self._stepper.hide()
        self._loss_view.show()
        self._control_scroll.show()
        if self._main_sizes is not None:
            self._main.setSizes(self._main_sizes)
            self._plots.setSizes(self._plot_sizes)

    def fit_control_panel(self) -> None:
        """A saved layout that hid the panel (saved by an older version with the step-through open)
        gets the panel's room back."""
        panel = self._control_scroll.minimumWidth()
        if self._main.sizes()[0] < panel:
            self._main.setSizes([panel, self._main.width() - panel, 0])
