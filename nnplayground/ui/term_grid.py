"""The step-through's table of terms: for each, the article's fraction, the code's line, shape and value.

One row per term of a phase. The article's equation (``dcost/dah = dcost/dzo ×
dzo/dah (3)``) sits beside the code's line that computes it (``dcost_dah =
dcost_dzo · dzo_dahᵀ``, names verbatim), then the term's shape, what it means
and its value: the selected sample's row for per-sample terms, the whole
matrix for small weight-shaped ones (cells named w1… where the article
numbers them).
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.stepthrough import Phase, Term

from . import colours, network_names
from .article_equations import article_equation
from .equation_view import MathLine, code_html, code_span, equation_lhs
from .network_diagram import format_value
from .phase_terms import matrix_layer, shape_text

INLINE_MATRIX_CELLS = 12
INLINE_ROW_VALUES = 6


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


def matrix_html(term: Term, sizes: tuple[int, ...]) -> str:
    """A small weight-shaped array as a rich-text table, cells named w1… where the article numbers them.

    A column (n × 1, like ``wo``) is laid across one row to save height; its shape is printed beside it.
    """
    value = term.value if term.value.ndim == 2 else term.value.reshape(1, -1)
    layer = matrix_layer(term.name, sizes)
    named = layer is not None and value.shape == (sizes[layer], sizes[layer + 1])
    cells = []
    for r in range(value.shape[0]):
        row = []
        for c in range(value.shape[1]):
            name = ""
            if named:
                short = network_names.short_name(sizes, network_names.ParameterRef(layer, r, c))
                name = f"<span style='color:#5a5a5a'>{short}</span>&nbsp;" if "[" not in short else ""
            row.append(f"<td align='right'>{name}{html.escape(format_value(float(value[r, c])))}</td>")
        cells.append(row)
    if value.shape[1] == 1 and value.shape[0] > 1:
        cells = [[cell for row in cells for cell in row]]
    rows = "".join("<tr>" + "".join(row) + "</tr>" for row in cells)
    return f"<table cellspacing='0' cellpadding='3'>{rows}</table>"


class TermGrid(QWidget):
    """The rows of one phase, rebuilt when the phase changes; ``show_sample`` only updates values."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("stepperTerms")
        self._grid = QGridLayout(self)
        self._grid.setHorizontalSpacing(14)
        self._grid.setVerticalSpacing(6)
        self.value_labels: dict[str, QLabel] = {}
        self._sizes: tuple[int, ...] = ()
        self._sample: int | None = None

    def show_phase(
        self, phase: Phase, sizes: tuple[int, ...], config: ExperimentConfig, sample: int | None
    ) -> None:
        """One row per term: the article's fraction beside the code's line, its shape and meaning,
        and its value for the selected sample (or the whole matrix, when small)."""
        self._sizes, self._sample = sizes, sample
        grid = self._grid
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                # Out of the panel at once: no layout or paint while it waits to be deleted.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.value_labels = {}
        for column, text in enumerate(("The article", "The code, the article's names · shape · value")):
            label = QLabel(f"<b>{text}</b>")
            label.setStyleSheet("color: #404040;")
            grid.addWidget(label, 0, column)
        matched, rest = matched_equations(phase)
        row = 1
        for term in phase.terms:
            base = term.name.removesuffix(" (new)")
            self._add_term_row(row, term, matched.get(base), config)
            row += 1
        for equation in rest:
            label = QLabel(code_html(equation))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            grid.addWidget(label, row, 1)
            row += 1
        grid.setRowStretch(row, 1)
        grid.setColumnStretch(1, 1)

    def _add_term_row(self, row: int, term: Term, equation: str | None, config: ExperimentConfig) -> None:
        grid = self._grid
        article = article_equation(term.name, self._sizes, config)
        if article is not None:
            grid.addWidget(MathLine(article.markup, article.number), row, 0, Qt.AlignmentFlag.AlignTop)
        cell = QWidget()
        cell.setObjectName(f"term_{term.name}")
        cell.setToolTip(f"{term.name}: {term.meaning}")
        lines = QVBoxLayout(cell)
        lines.setContentsMargins(0, 2, 0, 6)
        lines.setSpacing(1)
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
        elif term.value.size <= INLINE_MATRIX_CELLS:
            value.setText(matrix_html(term, self._sizes))
            value.setToolTip(f"{term.name}: the same for every sample")
        else:
            value.setText(f"see the “{term.name}” tab below")
            value.setToolTip(f"{term.name} is {shape_text(term.value)}: shown in full in its own tab")
        for label in (code, info, value):
            lines.addWidget(label)
        # Only once it has a parent: showing a parentless widget would open it as a window of its own.
        code.setHidden(equation is None)
        grid.addWidget(cell, row, 1)
        self.value_labels[term.name] = value
        self._show_sample_value(term)

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
