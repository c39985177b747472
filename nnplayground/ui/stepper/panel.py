"""The step-through panel: one epoch of the real trainer, phase by phase, with the article's names.

Each phase shows what it computes three ways a reader with the article open
will recognise: the article's fraction (``dcost/dwh = … (2)``), the code's
line with its names verbatim (``dcost_wh = dzh_dwhᵀ · (dah_dzh × dcost_dah)``)
and the numbers — each term's shape, the selected sample's row, and the
whole batch in a table with that sample's row highlighted. In the
back-propagation phases each product is also written out as arithmetic with
the followed sample's numbers (``dcost_dw9 = dcost_dao × dao_dzo × dzo_dwo1 =
0.1321 × 0.1146 × 0.6374 = 0.009649``); hovering a symbol marks it in the
equations, the code lines and the table, and ``term_hovered`` tells the
diagram.

Short (a 1024×700 window with the tour docked below) it degrades without
overlap: the buttons and the phase strip stay put, the text and the
arithmetic above the table scroll, the table keeps its tab and a row, and
below their least the whole body scrolls. Clicking a row (or its number)
follows that sample without moving the table under the mouse.

The panel draws ``Frame.stepper`` and sends requests; the worker owns the
cursor (which phase, which epoch, the way back), so rapid key presses are
applied in order and the numbers shown are always those of the trainer.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nnplayground.core.phases import Phase, Term, Walkthrough
from nnplayground.live import gradient_report
from nnplayground.live.divergence_words import divergence_text
from nnplayground.live.frames import Frame, RunState
from nnplayground.live.stepper_session import StepperFrame
from nnplayground.notation import formatting
from nnplayground.notation.arithmetic import Factor, TermArithmetic, diagram_name, phase_arithmetic
from nnplayground.notation.formatting import format_value
from nnplayground.notation.phase_terms import matrix_layer, shape_text
from nnplayground.ui.stepper.phase_strip import PhaseStrip
from nnplayground.ui.stepper.term_grid import TermGrid, shown_inline
from nnplayground.ui.stepper.term_models import BatchModel, MatrixModel, fit_columns, table_view

QUIRK_NOTE = (
    "<br><i>The article's perceptron takes <code>sigmoid_der</code> of z = σ(XW) instead of XW, so its "
    "backprop is not the slope of the cost — the check shows it. The corrected perceptron preset agrees.</i>"
)
_DIRECTION_WORDS = {
    "forward": "→ feed-forward, left to right",
    "backward": "← back-propagation, right to left",
    "cost": "the cost of the predictions",
    "update": "gradient descent: every weight moves against its gradient",
}


# The least the text above the table keeps (a few lines of it, the rest scrolls).
TERMS_LEAST_HEIGHT = 72


def _least_table_height(view: QTableView) -> int:
    """The table's heading, one row and its scroll bar: the followed sample stays in sight."""
    frame = 2 * view.frameWidth()
    bar = view.horizontalScrollBar().sizeHint().height()
    header = max(view.horizontalHeader().sizeHint().height(), view.horizontalHeader().height())
    return header + view.verticalHeader().defaultSectionSize() + bar + frame + 2


class _LeastSplitter(QSplitter):
    """Asks for its least height and takes what is left: in a scroll area sized by height-for-width
    (the word-wrapped labels), asking for more would make the body scroll while it still fits."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())


class StepperPanel(QWidget):
    next_requested = Signal()
    previous_requested = Signal()
    phase_requested = Signal(int)
    leave_requested = Signal()
    gradient_check_requested = Signal()
    sample_selected = Signal(int)
    # What the arithmetic's hovered symbol is about, for the diagram to light (``"w9"`` for w9 or for
    # dcost_dw9, ``"dcost_dah1"``, ``"x1"``: ``arithmetic.diagram_name``), or None when none is.
    term_hovered = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("stepperPanel")
        self.setAccessibleName("Step-through backprop")
        self.setStyleSheet("QWidget#stepperPanel { font-size: 12pt; }")
        self._frame: Frame | None = None
        self._walk: Walkthrough | None = None
        self._phase = -1
        self._sample: int | None = 0
        self._sizes: tuple[int, ...] = ()
        self._features: tuple[str, ...] = ()
        self._inputs = None
        self._hovered: str | None = None
        self._report_shown: object = None
        self._report_stale = False
        self._clicked_row: int | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        buttons = self._build_buttons()
        outer.addWidget(self.title)
        outer.addLayout(buttons)
        self.strip = PhaseStrip()
        self.strip.phase_clicked.connect(self.phase_requested)
        outer.addWidget(self.strip)
        # Below its least height (the table's tab and a row, a few lines of text) the body scrolls
        # as a whole rather than letting the splitter paint its parts over each other.
        self.body_area = QScrollArea()
        self.body_area.setObjectName("stepperBodyArea")
        self.body_area.setWidgetResizable(True)
        self.body_area.setFrameShape(QFrame.Shape.NoFrame)
        self.body_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("stepperBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.body_area.setWidget(body)
        outer.addWidget(self.body_area, 1)
        self.heading = QLabel("")
        self.heading.setObjectName("stepperPhaseHeading")
        self.heading.setAccessibleName("Current phase")
        self.heading.setToolTip("The phase shown: what this part of one epoch computes")
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold; padding: 2px 0;")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.notice = QLabel("")
        self.notice.setObjectName("stepperNotice")
        self.notice.setAccessibleName("Step-through notice")
        self.notice.setToolTip("Why the step-through cannot go on right now")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #a00018; font-weight: bold;")
        self.notice.hide()
        layout.addWidget(self.notice)
        self.sample_line = QLabel("")
        self.sample_line.setObjectName("stepperSampleLabel")
        self.sample_line.setAccessibleName("Selected sample")
        self.sample_line.setToolTip(
            "Click a filled point in the plot, or a row of the table, to follow another"
        )
        self.sample_line.setWordWrap(True)
        layout.addWidget(self.sample_line)

        splitter = _LeastSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("stepperSplitter")
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.terms_area = QScrollArea()
        self.terms_area.setObjectName("stepperTermsArea")
        self.terms_area.setWidgetResizable(True)
        self.terms_area.setFrameShape(QFrame.Shape.NoFrame)
        self.terms = TermGrid()
        self.terms.hovered.connect(self._factor_hovered)
        self.terms.name_hovered.connect(self._name_hovered)
        self.terms_area.setWidget(self.terms)
        splitter.addWidget(self.terms_area)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("stepperTabs")
        # Room under the text: the style shifts unselected tabs down and cut the "_" off "dcost_wh".
        self.tabs.tabBar().setStyleSheet(
            "QTabBar::tab { padding: 3px 10px 6px 10px; border: 1px solid #b4b4b4; border-bottom: none;"
            " border-top-left-radius: 4px; border-top-right-radius: 4px; background: #e6e6e6;"
            " margin-right: 2px; }"
            "QTabBar::tab:selected { background: #ffffff; }"
        )
        # A deep network's update has six matrices: their tabs shorten ("W5 (new) (8…", the whole in
        # the tooltip) rather than hide behind scroll arrows.
        self.tabs.tabBar().setUsesScrollButtons(False)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        self.batch_model = BatchModel()
        self.batch_view = table_view(self.batch_model, "stepperBatchTable")
        self.batch_view.setToolTip(
            "Every training sample (row) and every per-sample term of this phase (columns); "
            "the selected sample is highlighted. Click a row to follow that sample."
        )
        self.batch_view.clicked.connect(self._row_clicked)
        self.batch_view.verticalHeader().sectionClicked.connect(self._follow_clicked_row)
        self.batch_view.setMinimumHeight(_least_table_height(self.batch_view))
        self.tabs.addTab(self.batch_view, "All samples")
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([560, 440])
        self.terms_area.setMinimumHeight(TERMS_LEAST_HEIGHT)
        layout.addWidget(splitter, 1)

        self.gradient_label = QLabel("")
        self.gradient_label.setObjectName("gradientCheckLabel")
        self.gradient_label.setAccessibleName("Gradient check result")
        self.gradient_label.setToolTip(
            "Largest relative error ‖backprop − finite differences‖ / (‖backprop‖ + ‖finite differences‖) "
            "per weight matrix; ✓ below 1e-6, ≈ below 1e-4 (rounding), ✗ above"
        )
        self.gradient_label.setWordWrap(True)
        layout.addWidget(self.gradient_label)

    # ----- building -------------------------------------------------------------

    def _build_buttons(self) -> QHBoxLayout:
        self.title = QLabel("Step-through")
        self.title.setObjectName("stepperTitle")
        self.title.setAccessibleName("Step-through epoch")
        self.title.setToolTip("The epoch being walked through; the update phase commits it")
        self.title.setStyleSheet("font-size: 13pt;")
        self.title.setWordWrap(True)
        self.previous_button = self._button(
            "◀ Previous",
            "stepperPreviousButton",
            "Previous phase (P or Page Up); before phase 1, back to the exact state one epoch earlier",
            self.previous_requested,
        )
        self.next_button = self._button(
            "Next ▶",
            "stepperNextButton",
            "Next phase (N or Page Down); after the update phase the epoch is committed, exactly as one Step",
            self.next_requested,
        )
        self.next_button.setStyleSheet("font-weight: bold;")
        self.check_button = self._button(
            "Gradient check",
            "gradientCheckButton",
            "Compare the backprop gradients with central finite differences on the current weights (G)",
            self.gradient_check_requested,
        )
        self.leave_button = self._button(
            "Leave",
            "stepperLeaveButton",
            "Leave the step-through (Esc); training continues from exactly this state",
            self.leave_requested,
        )
        row = QHBoxLayout()
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        row.addStretch(1)
        row.addWidget(self.check_button)
        row.addWidget(self.leave_button)
        return row

    def _button(self, text: str, name: str, tip: str, signal: Signal) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.strip("◀▶ "))
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(signal.emit)
        return button

    # ----- frames ---------------------------------------------------------------

    def show_frame(self, frame: Frame) -> None:
        """Draw the step-through part of ``frame``; cheap when nothing it shows changed."""
        self._frame = frame
        stepper = frame.stepper
        if stepper is None:
            return
        snapshot = frame.snapshot
        self._sizes = tuple(snapshot.network.layer_sizes)
        self._features = snapshot.config.input_features
        self._inputs = stepper.inputs
        busy = frame.state in (RunState.RUNNING, RunState.STEPPING)
        self.next_button.setEnabled(not busy)
        self.previous_button.setEnabled(not busy and stepper.can_go_back)
        self.check_button.setEnabled(not busy)
        self._show_notice(frame, stepper)
        if stepper.walk is not self._walk or stepper.phase != self._phase:
            self._show_phase(stepper, snapshot.config)
        self._show_report(frame)

    def _show_notice(self, frame: Frame, stepper: StepperFrame) -> None:
        text = ""
        if frame.state == RunState.STEPPING:
            text = "Training the epochs of one Step… the walk resumes at the epoch reached."
        elif frame.state == RunState.DIVERGED and frame.snapshot.divergence is not None:
            text = f"Training stopped: {divergence_text(frame.snapshot)}."
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _show_phase(self, stepper: StepperFrame, config) -> None:
        walk, phase = stepper.walk, stepper.current
        new_walk = walk is not self._walk
        self._walk, self._phase = walk, stepper.phase
        count = len(walk.phases)
        epoch, following = formatting.count(walk.epoch), formatting.count(walk.epoch + 1)
        self.title.setText(
            f"Step-through · epoch {epoch} → {following} · phase {stepper.phase + 1} of {count}"
        )
        self.strip.show_phase(walk, stepper.phase, new_walk)
        arrow = _DIRECTION_WORDS[phase.direction]
        self.heading.setText(
            f"{stepper.phase + 1}. {phase.title}   "
            f"<span style='font-weight:normal; font-size:12pt'>({arrow})</span>"
        )
        earliest = stepper.earliest_epoch
        self.previous_button.setToolTip(
            "Previous phase (P or Page Up); before phase 1, back to the exact state one epoch earlier"
            + (f" (as far back as epoch {earliest})" if earliest < walk.epoch else "")
        )
        walk_terms: dict[str, Term] = {}
        for each in walk.phases:
            for term in each.terms:
                walk_terms.setdefault(term.name, term)
        self.terms.show_phase(phase, self._sizes, config, self._sample, self._arithmetic(), walk_terms)
        self._factor_hovered(None)
        per_sample = [term for term in phase.terms if term.per_sample]
        self.batch_model.set_terms(per_sample, self._sizes, self._features)
        self.batch_model.set_selected(self._sample)
        fit_columns(self.batch_view)
        self.batch_view.setMinimumHeight(_least_table_height(self.batch_view))
        self._fill_matrix_tabs(phase)
        self.tabs.setVisible(bool(per_sample) or self.tabs.count() > 1)
        self.tabs.setTabVisible(0, bool(per_sample))
        self._scroll_to_sample()
        self._show_sample_line()

    # ----- the terms grid ---------------------------------------------------------

    def _fill_matrix_tabs(self, phase: Phase) -> None:
        while self.tabs.count() > 1:
            widget = self.tabs.widget(1)
            self.tabs.removeTab(1)
            widget.deleteLater()
        for term in phase.terms:
            if term.per_sample or shown_inline(term):
                continue
            model = MatrixModel(term, self._sizes, self._features, matrix_layer(term.name, self._sizes))
            view = table_view(model, f"stepperMatrix_{term.name}")
            view.setToolTip(f"{term.name} {shape_text(term.value)}: {term.meaning}")
            fit_columns(view)
            model.setParent(view)
            index = self.tabs.addTab(view, f"{term.name} {shape_text(term.value)}")
            self.tabs.setTabToolTip(index, f"{term.name} {shape_text(term.value)}: {term.meaning}")

    # ----- the selected sample -------------------------------------------------------

    @Slot(int)
    def select_sample(self, index: int) -> None:
        """Follow sample ``index``: highlight its row, show its values beside each term; the row
        clicked to follow it stays where it is, under the mouse, for the next click."""
        clicked, self._clicked_row = self._clicked_row == index, None
        self._sample = index
        self.batch_model.set_selected(index)
        if self._walk is not None and 0 <= self._phase < len(self._walk.phases):
            self.terms.show_sample(self._walk.phases[self._phase], index)
            self._factor_hovered(None)
            self.terms.show_arithmetic(self._arithmetic())
        self._scroll_to_sample(centre=not clicked)
        self._show_sample_line()

    def selected_sample(self) -> int | None:
        return self._sample

    # ----- the arithmetic ----------------------------------------------------------------

    def _arithmetic(self) -> dict[str, TermArithmetic]:
        if self._walk is None or not 0 <= self._phase < len(self._walk.phases):
            return {}
        return phase_arithmetic(
            self._walk, self._phase, self._sizes, self._features, self._sample, self._inputs
        )

    @Slot(object)
    def _factor_hovered(self, factor: Factor | None) -> None:
        """Mark the hovered factor's column in the table (scrolled into view) and tell the diagram."""
        column = self.batch_model.set_marked(
            None if factor is None else factor.term, None if factor is None else factor.column
        )
        if column is not None and self._sample is not None and self._sample < self.batch_model.rowCount():
            self.batch_view.scrollTo(self.batch_model.index(self._sample, column))
        self._tell_diagram(None if factor is None else diagram_name(factor, self._sizes))

    @Slot(object)
    def _name_hovered(self, name: str | None) -> None:
        """A code line's name or an equation's fraction: its columns marked, the diagram told."""
        column = self.batch_model.set_marked_terms(frozenset() if name is None else self.terms.marked_names())
        if column is not None and self._sample is not None and self._sample < self.batch_model.rowCount():
            self.batch_view.scrollTo(self.batch_model.index(self._sample, column))
        self._tell_diagram(name)

    def _tell_diagram(self, symbol: str | None) -> None:
        if symbol != self._hovered:
            self._hovered = symbol
            self.term_hovered.emit(symbol)

    def _scroll_to_sample(self, centre: bool = True) -> None:
        if self._sample is None or self._sample >= self.batch_model.rowCount():
            return
        index = self.batch_model.index(self._sample, 0)
        self.batch_view.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        if centre:
            self.batch_view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _show_sample_line(self) -> None:
        frame = self._frame
        if frame is None or self._sample is None:
            self.sample_line.setText("")
            return
        data = frame.snapshot.data
        if self._sample >= data.n_train:
            self.sample_line.setText("")
            return
        x1, x2 = data.X_train[self._sample]
        label = int(data.y_train[self._sample, 0] > 0.5)
        self.sample_line.setText(
            f"Following sample <b>{self._sample}</b> of {data.n_train}: x1 = {format_value(float(x1))}, "
            f"x2 = {format_value(float(x2))}, label {label} <span style='color:#4a4a4a'>(click a point "
            "or a row for another)</span>"
        )

    @Slot(object)
    def _row_clicked(self, index) -> None:
        if index.isValid():
            self._follow_clicked_row(index.row())

    @Slot(int)
    def _follow_clicked_row(self, row: int) -> None:
        self._clicked_row = row
        self.sample_selected.emit(row)

    # ----- gradient check ---------------------------------------------------------------

    def _show_report(self, frame: Frame) -> None:
        report = frame.gradient_report
        if report is self._report_shown and report is not None:
            stale = report.version != frame.version
            if stale == self._report_stale:
                return
        self._report_shown = report
        if report is None:
            self.gradient_label.setText("")
            return
        self._report_stale = report.version != frame.version
        lines = gradient_report.summary_lines(report, self._sizes)
        if report.refused:
            self.gradient_label.setText(f"<b>Gradient check:</b> {html.escape(lines[0])}")
            return
        points = (
            f"all {report.total_points} points"
            if report.points == report.total_points
            else f"the first {report.points} of {report.total_points} points"
        )
        stale = " <i>(for earlier weights: check again)</i>" if self._report_stale else ""
        quirk = QUIRK_NOTE if frame.snapshot.network.uses_perceptron_quirks else ""
        self.gradient_label.setText(
            "<b>Gradient check</b> — largest relative error per layer, backprop vs central differences "
            f"(ε = 10⁻⁶, {points}): "
            + " &nbsp; ".join(html.escape(line).replace(" ", "&nbsp;") for line in lines)
            + stale
            + quirk
        )
