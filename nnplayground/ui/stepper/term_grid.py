"""The step-through's list of terms: for each, the article's fraction, the code's line, shape and value.

One entry per term of a phase. The article's equation (``dcost/dah = dcost/dzo ×
dzo/dah (3)``) heads the code's line that computes it (``dcost_dah =
dcost_dzo · dzo_dahᵀ``, names verbatim), then the term's shape, what it means
and its value: the selected sample's row for per-sample terms, the whole
matrix for small weight-shaped ones (cells named w1… where the article
numbers them). The article's line stands above the code's rather than beside
it: side by side the two needed more than the panel's width at 1280×800 and
the code's column was cut; stacked, the widest thing is one equation.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.phases import Phase, Term
from nnplayground.notation import colours, network_names
from nnplayground.notation.article_equations import article_equation
from nnplayground.notation.formatting import format_value
from nnplayground.notation.phase_terms import bias_layer, matrix_layer, shape_text
from nnplayground.ui.widgets.equation_view import MathLine, code_html, code_span, equation_lhs

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


def matrix_html(term: Term, sizes: tuple[int, ...]) -> str:
    """A small weight-shaped array as a rich-text table, cells named w1… where the article numbers them.

    A vector (n × 1 like ``wo``, or a bias) is laid across rows of ``INLINE_COLUMNS`` to save height
    without widening the panel; its shape is printed beside it.
    """
    value = term.value if term.value.ndim == 2 else term.value.reshape(1, -1)
    cells = []
    for r in range(value.shape[0]):
        row = []
        for c in range(value.shape[1]):
            ref = _cell_ref(term, sizes, r, c)
            short = network_names.short_name(sizes, ref) if ref is not None else "["
            name = f"<span style='color:#5a5a5a'>{short}</span>&nbsp;" if "[" not in short else ""
            row.append(f"<td align='right'>{name}{html.escape(format_value(float(value[r, c])))}</td>")
        cells.append(row)
    if 1 in value.shape:
        flat = [cell for row in cells for cell in row]
        cells = [flat[k : k + INLINE_COLUMNS] for k in range(0, len(flat), INLINE_COLUMNS)]
    rows = "".join("<tr>" + "".join(row) + "</tr>" for row in cells)
    return f"<table cellspacing='0' cellpadding='3'>{rows}</table>"


class TermGrid(QWidget):
    """The entries of one phase, rebuilt when the phase changes; ``show_sample`` only updates values."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("stepperTerms")
        self._list = QVBoxLayout(self)
        self._list.setSpacing(8)
        self.value_labels: dict[str, QLabel] = {}
        self._sizes: tuple[int, ...] = ()
        self._sample: int | None = None

    def show_phase(
        self, phase: Phase, sizes: tuple[int, ...], config: ExperimentConfig, sample: int | None
    ) -> None:
        """One entry per term: the article's fraction over the code's line, its shape and meaning,
        and its value for the selected sample (or the whole matrix, when small)."""
        self._sizes, self._sample = sizes, sample
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
        legend = QLabel(
            "<b>Each term:</b> the article's equation (numbered as there), then the code's line "
            "with the article's names · shape · meaning · value"
        )
        legend.setObjectName("stepperTermsLegend")
        legend.setStyleSheet("color: #404040;")
        legend.setWordWrap(True)
        entries.addWidget(legend)
        matched, rest = matched_equations(phase)
        for term in phase.terms:
            base = term.name.removesuffix(" (new)")
            entries.addWidget(self._term_entry(term, matched.get(base), config))
        for equation in rest:
            label = QLabel(code_html(equation))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            entries.addWidget(label)
        entries.addStretch(1)

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
            lines.addWidget(MathLine(article.markup, article.number), 0, Qt.AlignmentFlag.AlignLeft)
        code = QLabel(code_html(equation) if equation else "")
        code.setObjectName(f"termCode_{term.name}")
        code.setTextFormat(Qt.TextFormat.RichText)
        code.setWordWrap(True)
        info = QLabel(
            f"{code_span(term.name)}&nbsp;&nbsp;<b>{shape_text(term.value)}</b>"
            f"&nbsp;&nbsp;<span style='color:#4a4a4a'>{html.escape(term.meaning)}</span>"
        )
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
        self._show_sample_value(term)
        return cell

    def show_sample(self, phase: Phase, sample: int | None) -> None:
        """Show ``sample``'s row beside every per-sample term of ``phase`` (already on show)."""
        self._sample = sample
        for term in phase.terms:
            self._show_sample_value(term)

    def _show_sample_value(self, term: Term) -> None:
        label = self.value_labels.get(term.name)
        if label is not None and term.per_sample:
            text = sample_text(term, self._sample)
            label.setText(f"sample {self._sample}: <b>{html.escape(text)}</b>" if text else "")
