"""The step-through's list of terms: for each, the article's fraction, the code's line, shape and value.

One entry per term of a phase. The article's equation (``dcost/dah = dcost/dzo ×
dzo/dah (3)``) heads the code's line that computes it (``dcost_dah =
dcost_dzo · dzo_dahᵀ``, names verbatim), then the term's shape, what it means
and its value: the selected sample's row for per-sample terms, the whole
matrix for small weight-shaped ones (cells named w1… where the article
numbers them). The article's line stands above the code's rather than beside
it: side by side the two needed more than the panel's width at 1280×800 and
the code's column was cut; stacked, the widest thing is one equation.

In a back-propagation phase, the terms that are products (``dcost_wo``,
``dcost_dah``…) end with the chain rule as arithmetic for the followed
sample (``arithmetic_view``); hovering one of its symbols marks the same
name in every equation and code line here, and the same weight's cell.
Hovering a name of a code line, or a fraction of an equation, marks that
name alike: in every equation and code line and on the arithmetic's chips.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.phases import Phase, Term
from nnplayground.notation import colours, network_names
from nnplayground.notation.arithmetic import HOVER, Factor, TermArithmetic
from nnplayground.notation.article_equations import article_equation
from nnplayground.notation.formatting import format_value
from nnplayground.notation.network_names import softmax_output
from nnplayground.notation.phase_terms import bias_layer, matrix_layer, shape_text
from nnplayground.ui.stepper.arithmetic_view import ArithmeticLine
from nnplayground.ui.stepper.softmax_lines import JACOBIAN_NOTE, softmax_note
from nnplayground.ui.widgets.equation_view import CodeLine, MathLine, code_span, equation_lhs

INLINE_MATRIX_CELLS = 12
INLINE_ROW_VALUES = 6
# A small matrix is written out in the list when it has at most this many columns (wh of a 2-4-1:
# 2 × 4); a vector (wo, a bias) is written this many values to a line. Wider ones get a tab of their own.
INLINE_COLUMNS = 4


def shown_inline(term: Term) -> bool:
    """A weight-shaped term small enough to write out in the list, rather than in a tab below."""
    value = term.value
    vector = value.ndim == 1 or 1 in value.shape
    return value.size <= INLINE_MATRIX_CELLS and (vector or value.shape[1] <= INLINE_COLUMNS)


def matched_equations(phase: Phase) -> tuple[dict[str, str], list[str]]:
    """Each term's defining equation (by its left-hand side), and the equations defining no term."""
    names = {term.name.removesuffix(" (new)") for term in phase.terms}
    matched: dict[str, str] = {}
    rest = []
    for equation in phase.equations:
        lhs = equation_lhs(equation)
        if lhs in names and lhs not in matched:
            matched[lhs] = equation
        else:
            rest.append(equation)
    return matched, rest


def sample_text(term: Term, sample: int | None) -> str:
    """A per-sample term's row for one sample, as shown in the panel's value column."""
    if sample is None or sample >= len(term.value):
        return ""
    row = np.atleast_1d(term.value[sample])
    values = [format_value(float(v)) for v in row[:INLINE_ROW_VALUES]]
    if len(row) == 1:
        return values[0]
    more = f", … ({len(row)} values: see the table)" if len(row) > INLINE_ROW_VALUES else ""
    return "[" + ", ".join(values) + more + "]"


def _cell_ref(term: Term, sizes: tuple[int, ...], r: int, c: int) -> network_names.ParameterRef | None:
    """The weight (or bias) a cell of a weight-shaped term is, where the term is shaped like one."""
    bias = bias_layer(term.name, sizes)
    if bias is not None and term.value.ndim == 1:
        return network_names.ParameterRef(bias, -1, c)
    layer = matrix_layer(term.name, sizes)
    if layer is not None and term.value.shape == (sizes[layer], sizes[layer + 1]):
        return network_names.ParameterRef(layer, r, c)
    return None


def matrix_html(term: Term, sizes: tuple[int, ...], marked: network_names.ParameterRef | None = None) -> str:
    """A small weight-shaped array as a rich-text table, cells named w1… where the article numbers them.

    A vector (n × 1 like ``wo``, or a bias) is laid across rows of ``INLINE_COLUMNS`` to save height
    without widening the panel; its shape is printed beside it. The ``marked`` weight's cell gets
    the hover colour.
    """
    value = term.value if term.value.ndim == 2 else term.value.reshape(1, -1)
    cells = []
    for r in range(value.shape[0]):
        row = []
        for c in range(value.shape[1]):
            ref = _cell_ref(term, sizes, r, c)
            short = network_names.short_name(sizes, ref) if ref is not None else "["
            name = f"<span style='color:#5a5a5a'>{short}</span>&nbsp;" if "[" not in short else ""
            mark = f" bgcolor='{HOVER}'" if marked is not None and ref == marked else ""
            row.append(f"<td align='right'{mark}>{name}{html.escape(format_value(float(value[r, c])))}</td>")
        cells.append(row)
    if 1 in value.shape:
        flat = [cell for row in cells for cell in row]
        cells = [flat[k : k + INLINE_COLUMNS] for k in range(0, len(flat), INLINE_COLUMNS)]
    rows = "".join("<tr>" + "".join(row) + "</tr>" for row in cells)
    return f"<table cellspacing='0' cellpadding='3'>{rows}</table>"


class TermGrid(QWidget):
    """The entries of one phase, rebuilt when the phase changes; ``show_sample`` only updates values.

    ``hovered`` carries the arithmetic's factor under the mouse (None when it leaves);
    ``name_hovered`` the name of a code line or equation under it (``dcost_wo`` for dcost/dwo).
    """

    hovered = Signal(object)
    name_hovered = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("stepperTerms")
        self._list = QVBoxLayout(self)
        self._list.setSpacing(8)
        self.value_labels: dict[str, QLabel] = {}
        self.arithmetic_lines: list[ArithmeticLine] = []
        self._arithmetic: QFrame | None = None
        self._matched: dict[str, str] = {}
        self._config: ExperimentConfig | None = None
        self._code_lines: list[CodeLine] = []
        self._arithmetic_code: list[CodeLine] = []
        self._info_lines: list[tuple[QLabel, Term]] = []
        self._matrices: list[tuple[QLabel, Term]] = []
        self._sizes: tuple[int, ...] = ()
        self._walk_terms: dict[str, Term] = {}
        self._sample: int | None = None
        self._marked: Factor | None = None
        self._marked_names: frozenset[str] = frozenset()

    def show_phase(
        self,
        phase: Phase,
        sizes: tuple[int, ...],
        config: ExperimentConfig,
        sample: int | None,
        arithmetic: dict[str, TermArithmetic] | None = None,
        walk_terms: dict[str, Term] | None = None,
    ) -> None:
        """One entry per term: the article's fraction over the code's line, its shape and meaning,
        and its value for the selected sample (or the whole matrix, when small); above them the
        phase's products as arithmetic (``arithmetic``, by the term they compute). ``walk_terms``
        (every phase's terms by name) lets a softmax's ``dcost_dzo`` be written as ``ao − labels_one_hot``."""
        self._sizes, self._sample = sizes, sample
        self._walk_terms = walk_terms or {}
        self._marked = None
        self._code_lines, self._arithmetic_code, self._info_lines, self._matrices = [], [], [], []
        self._config = config
        self.arithmetic_lines = []
        entries = self._list
        while entries.count():
            item = entries.takeAt(0)
            widget = item.widget()
            if widget is not None:
                # Out of the panel at once: no layout or paint while it waits to be deleted.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.value_labels = {}
        matched, rest = matched_equations(phase)
        self._matched = matched
        self._arithmetic = QFrame()
        self._arithmetic.setObjectName("stepperArithmetic")
        self._arithmetic.setStyleSheet(".QFrame { border-bottom: 2px solid #dcdcdc; }")
        QVBoxLayout(self._arithmetic).setContentsMargins(0, 4, 0, 2)
        entries.addWidget(self._arithmetic)
        legend = QLabel(
            "<b>Each term:</b> the article's equation (numbered as there), then the code's line "
            "with the article's names · shape · meaning · value"
        )
        legend.setObjectName("stepperTermsLegend")
        legend.setStyleSheet("color: #404040;")
        legend.setWordWrap(True)
        entries.addWidget(legend)
        for term in phase.terms:
            base = term.name.removesuffix(" (new)")
            entries.addWidget(self._term_entry(term, matched.get(base), config))
        for equation in rest:
            label = self._code_line(equation)
            entries.addWidget(label)
            self._code_lines.append(label)
        entries.addStretch(1)
        self.show_arithmetic(arithmetic or {})

    def _term_entry(self, term: Term, equation: str | None, config: ExperimentConfig) -> QWidget:
        cell = QFrame()
        cell.setObjectName(f"term_{term.name}")
        cell.setToolTip(f"{term.name}: {term.meaning}")
        cell.setFrameShape(QFrame.Shape.NoFrame)
        # ".QFrame": the entry itself, not the labels in it (a QLabel is a QFrame too).
        cell.setStyleSheet(".QFrame { border-top: 1px solid #dcdcdc; }")
        lines = QVBoxLayout(cell)
        lines.setContentsMargins(0, 4, 0, 2)
        lines.setSpacing(1)
        article = article_equation(term.name, self._sizes, config)
        if article is not None:
            lines.addWidget(self._math_line(article.markup, article.number), 0, Qt.AlignmentFlag.AlignLeft)
        code = self._code_line(equation or "")
        code.setObjectName(f"termCode_{term.name}")
        info = QLabel(self._info_html(term))
        info.setObjectName(f"termShape_{term.name}")
        info.setTextFormat(Qt.TextFormat.RichText)
        info.setWordWrap(True)
        value = QLabel("")
        value.setObjectName(f"termValue_{term.name}")
        value.setTextFormat(Qt.TextFormat.RichText)
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if term.per_sample:
            value.setToolTip(f"{term.name}'s row for the selected sample (every row: the table below)")
            value.setStyleSheet(f"background: {colours.SELECTED_ROW}; padding: 1px 4px;")
        elif shown_inline(term):
            value.setText(matrix_html(term, self._sizes))
            value.setToolTip(f"{term.name}: the same for every sample")
        else:
            value.setText(f"see the “{term.name}” tab below")
            value.setToolTip(f"{term.name} is {shape_text(term.value)}: shown in full in its own tab")
        for label in (code, info, value):
            lines.addWidget(label)
        # Only once it has a parent: showing a parentless widget would open it as a window of its own.
        code.setHidden(equation is None)
        self.value_labels[term.name] = value
        if equation is not None:
            self._code_lines.append(code)
        self._info_lines.append((info, term))
        if shown_inline(term) and not term.per_sample:
            self._matrices.append((value, term))
        self._show_sample_value(term)
        return cell

    # ----- the arithmetic and the marks ------------------------------------------------

    def show_arithmetic(self, arithmetic: dict[str, TermArithmetic]) -> None:
        """The chain rule with the followed sample's numbers, above the terms: for each product term,
        the article's equation and the code's line that compute it, then its lines (none: hidden)."""
        self.arithmetic_lines = []
        self.mark(None)
        frame = self._arithmetic
        if frame is None:
            return
        box = frame.layout()
        while box.count():
            widget = box.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self._arithmetic_code = []
        if arithmetic:
            heading = QLabel(
                f"<b>The chain rule with sample {self._sample}'s numbers</b> "
                "<span style='color:#4a4a4a'>(hover a symbol: it is marked in the equations, the code, "
                "the table and the diagram)</span>"
            )
            heading.setObjectName("arithmeticHeading")
            heading.setWordWrap(True)
            box.addWidget(heading)
        for name, found in arithmetic.items():
            self._add_arithmetic(box, name, found)
        frame.setVisible(bool(arithmetic))

    def _add_arithmetic(self, box: QVBoxLayout, name: str, found: TermArithmetic) -> None:
        article = article_equation(name, self._sizes, self._config) if self._config is not None else None
        if article is not None:
            box.addWidget(self._math_line(article.markup, article.number), 0, Qt.AlignmentFlag.AlignLeft)
        equation = self._matched.get(name)
        if equation is not None:
            code = self._code_line(equation)
            code.setObjectName(f"arithmeticCode_{name}")
            box.addWidget(code)
            self._arithmetic_code.append(code)
        caption = QLabel(found.caption)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        caption.setObjectName(f"arithmeticCaption_{name}")
        caption.setWordWrap(True)
        caption.setStyleSheet("color: #4a4a4a; font-style: italic;")
        box.addWidget(caption)
        for line in found.lines:
            widget = ArithmeticLine(line)
            widget.hovered.connect(self._hovered)
            box.addWidget(widget)
            self.arithmetic_lines.append(widget)
        if found.hidden:
            more = QLabel(f"… and {found.hidden} more like these: every value is in the tables")
            more.setObjectName(f"arithmeticMore_{name}")
            more.setStyleSheet("color: #4a4a4a;")
            more.setWordWrap(True)
            box.addWidget(more)

    def _code_line(self, equation: str) -> CodeLine:
        line = CodeLine(equation)
        line.hovered.connect(self._names_hovered)
        return line

    def _math_line(self, markup: str, number: str | None) -> MathLine:
        line = MathLine(markup, number)
        line.hovered.connect(self._names_hovered)
        return line

    def _hovered(self, factor: Factor | None) -> None:
        self.mark(factor)
        self.hovered.emit(factor)

    def _names_hovered(self, names: frozenset[str] | None) -> None:
        """A code line's name or an equation's fraction: marked as a factor is, and said by its term's
        name where it has one (``dcost_wo`` for dcost/dwo), else by the code's (``dao_dzo``)."""
        if names is None:
            self.mark(None)
            self.name_hovered.emit(None)
            return
        self._mark(names, None, None, None)
        known = sorted(name for name in names if name in self._walk_terms)
        self.name_hovered.emit(known[0] if known else min(names, key=lambda name: (len(name), name)))

    def mark(self, factor: Factor | None) -> None:
        """Mark ``factor``'s symbol in the arithmetic, its names in every equation and code line, its cell."""
        self._marked = factor
        if factor is None:
            self._mark(frozenset(), None, None, None)
        else:
            self._mark(frozenset({factor.term, *factor.names}), factor.symbol, factor.term, factor.ref)

    def _mark(
        self,
        names: frozenset[str],
        symbol: str | None,
        term_name: str | None,
        ref: network_names.ParameterRef | None,
    ) -> None:
        """``symbol`` (a factor's) or else every factor going by one of ``names`` in the arithmetic;
        ``names`` in every equation and code line; ``ref``'s cell of term ``term_name``'s matrix."""
        if symbol is None:
            self._marked = None
        self._marked_names = names
        for line in self.arithmetic_lines:
            line.set_marked(symbol, () if symbol is not None else names)
        for math in self.findChildren(MathLine):
            math.set_marked(names)
        for code in (*self._code_lines, *self._arithmetic_code):
            code.set_marked(names)
        for label, term in self._info_lines:
            label.setText(self._info_html(term, term.name in names))
        for label, term in self._matrices:
            label.setText(matrix_html(term, self._sizes, ref if term_name == term.name else None))

    def marked(self) -> Factor | None:
        return self._marked

    def marked_names(self) -> frozenset[str]:
        """Every name marked now: a factor's (its term's and its equations') or a hovered code name's."""
        return self._marked_names

    @staticmethod
    def _info_html(term: Term, marked: bool = False) -> str:
        return (
            f"{code_span(term.name, marked=marked)}&nbsp;&nbsp;<b>{shape_text(term.value)}</b>"
            f"&nbsp;&nbsp;<span style='color:#4a4a4a'>{html.escape(term.meaning)}</span>"
        )

    def show_sample(self, phase: Phase, sample: int | None) -> None:
        """Show ``sample``'s row beside every per-sample term of ``phase`` (already on show)."""
        self._sample = sample
        for term in phase.terms:
            self._show_sample_value(term)

    def _show_sample_value(self, term: Term) -> None:
        label = self.value_labels.get(term.name)
        if label is not None and term.per_sample:
            text = sample_text(term, self._sample)
            shown = f"sample {self._sample}: <b>{html.escape(text)}</b>" if text else ""
            note = softmax_note(term, self._sample, self._walk_terms) if softmax_output(self._sizes) else ""
            if shown and note:
                shown += f"<br><span style='color:#4a4a4a'>{html.escape(note)}</span>"
            if shown and softmax_output(self._sizes) and term.name == "dcost_dzo":
                shown += f"<br><span style='color:#4a4a4a'><i>{html.escape(JACOBIAN_NOTE)}</i></span>"
            label.setText(shown)
