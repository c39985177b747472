"""Tables of a phase's arrays: the whole batch side by side, and the weight-shaped matrices.

Models, not filled widgets: a table of 100 000 samples costs nothing until
rows are scrolled into view. Cells show four significant figures with a
true minus sign; the tooltip and ``Qt.UserRole`` carry the exact float, so
nothing shown is rounded away for good. The column of the arithmetic's
hovered factor is marked in the hover colour (``set_marked``), or every column
of a hovered code name (``set_marked_terms``).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from nnplayground.core.phases import Term
from nnplayground.notation import colours, network_names
from nnplayground.notation.arithmetic import HOVER
from nnplayground.notation.formatting import format_value
from nnplayground.notation.network_names import ParameterRef
from nnplayground.notation.phase_terms import column_names, shape_text
from nnplayground.ui.widgets.equation_view import code_font_family

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class BatchModel(QAbstractTableModel):
    """One row per training sample; the columns of every per-sample term of a phase, in order."""

    def __init__(self) -> None:
        super().__init__()
        self._columns: list[tuple[Term, int, str]] = []
        self._rows = 0
        self.selected: int | None = None
        self._marked: frozenset[int] = frozenset()
        self._bold = QFont()
        self._bold.setBold(True)
        self._highlight = QBrush(QColor(colours.SELECTED_ROW))
        self._mark = QBrush(QColor(HOVER))

    def set_terms(self, terms: list[Term], sizes: tuple[int, ...], features: tuple[str, ...]) -> None:
        self.beginResetModel()
        self._columns = []
        for term in terms:
            value = term.value if term.value.ndim == 2 else term.value.reshape(-1, 1)
            for column, name in enumerate(column_names(term, sizes, features)):
                self._columns.append((Term(term.name, value, term.meaning, True), column, name))
        self._rows = len(terms[0].value) if terms else 0
        self._marked = frozenset()
        self.endResetModel()

    @property
    def marked(self) -> int | None:
        """The first marked column, None when none is."""
        return min(self._marked, default=None)

    def set_marked(self, name: str | None, column: int | None) -> int | None:
        """Mark the table column of term ``name``'s entry ``column`` (None: unmark); returns its index."""
        found = {
            c for c, (term, index, _) in enumerate(self._columns) if term.name == name and index == column
        }
        return self._set_marked(frozenset(found))

    def set_marked_terms(self, names: frozenset[str]) -> int | None:
        """Mark every column of the terms called one of ``names``; returns the first."""
        return self._set_marked(
            frozenset(c for c, (term, _, _) in enumerate(self._columns) if term.name in names)
        )

    def _set_marked(self, found: frozenset[int]) -> int | None:
        previous, self._marked = self._marked, found
        for changed in previous ^ found:
            self.dataChanged.emit(self.index(0, changed), self.index(max(self._rows - 1, 0), changed))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, changed, changed)
        return self.marked

    def set_selected(self, row: int | None) -> None:
        previous, self.selected = self.selected, row
        for changed in {previous, row} - {None}:
            if changed < self._rows:
                self.dataChanged.emit(self.index(changed, 0), self.index(changed, self.columnCount() - 1))
                self.headerDataChanged.emit(Qt.Orientation.Vertical, changed, changed)

    def term_at(self, column: int) -> tuple[Term, int]:
        term, index, _ = self._columns[column]
        return term, index

    def first_column_of(self, name: str) -> int | None:
        return next((c for c, (term, _, _) in enumerate(self._columns) if term.name == name), None)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        term, column, _ = self._columns[index.column()]
        value = float(term.value[index.row(), column])
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(value)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{term.name}[{index.row()}, {column}] = {value!r}\n{term.meaning}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and index.column() in self._marked:
            return self._mark
        if index.row() == self.selected:
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._highlight
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if section >= len(self._columns):
                return None
            term, _, name = self._columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return name
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{term.name}  {shape_text(term.value)}: {term.meaning}"
            if section in self._marked:
                if role == Qt.ItemDataRole.BackgroundRole:
                    return self._mark
                if role == Qt.ItemDataRole.FontRole:
                    return self._bold
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"▶ {section}" if section == self.selected else str(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sample {section}: click to follow it through the network"
        if role == Qt.ItemDataRole.FontRole and section == self.selected:
            return self._bold
        return None


class MatrixModel(QAbstractTableModel):
    """A weight-shaped array (rows = a layer's inputs, columns = its units), cells named as in the article."""

    def __init__(
        self, term: Term, sizes: tuple[int, ...], features: tuple[str, ...], layer: int | None
    ) -> None:
        super().__init__()
        self.term = term
        self._value = term.value if term.value.ndim == 2 else term.value.reshape(1, -1)
        self._sizes = sizes
        self._features = features
        self._layer = layer
        self._names = network_names.node_names(sizes, features)
        self._cell_names: dict[tuple[int, int], str | None] = {}

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._value.shape[0]

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._value.shape[1]

    def cell_name(self, row: int, column: int) -> str | None:
        """``w5`` for the cell of ``wh`` (or ``dcost_wh``, or the new ``wh``) that is the article's w5."""
        if self._layer is None:
            return None
        key = (row, column)
        if key not in self._cell_names:
            self._cell_names[key] = network_names.short_name(
                self._sizes, ParameterRef(self._layer, row, column)
            )
        return self._cell_names[key]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = float(self._value[index.row(), index.column()])
        name = self.cell_name(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            text = format_value(value)
            return f"{name}: {text}" if name and "[" not in name else text
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"{self.term.name}[{index.row()}, {index.column()}]"
            return f"{where} = {value!r}" + (f"  (the article's {name})" if name else "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if self._layer is None:
            return str(section)
        names = self._names
        layer = self._layer + (1 if orientation == Qt.Orientation.Horizontal else 0)
        units = names[layer] if layer < len(names) else []
        return units[section] if section < len(units) else str(section)


def table_view(model: QAbstractTableModel, name: str) -> QTableView:
    """A read-only table in the code font, whole rows selected, the selected row in the highlight colour."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setDefaultSectionSize(104)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.verticalHeader().setMinimumWidth(view.fontMetrics().horizontalAdvance("▶ 100000") + 12)
    view.setStyleSheet(
        f"QTableView {{ selection-background-color: {colours.SELECTED_ROW}; selection-color: #000000; }}"
    )
    font = QFont(view.font())
    font.setFamily(code_font_family())
    view.setFont(font)
    return view


def fit_columns(view: QTableView) -> None:
    """Columns as wide as their heading or a typical value, measured once, not over every row.

    ``resizeColumnsToContents`` asks the model for every cell (measured: 20 s for a 64-unit
    network's phase); the values all have the same few-character form, so one sample width serves.
    """
    metrics = view.fontMetrics()
    header = view.horizontalHeader()
    header_metrics = header.fontMetrics()
    model = view.model()
    value_width = metrics.horizontalAdvance("w12: −0.0001234") + 16
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = max(header_metrics.horizontalAdvance(title) + 20, min(value_width, 140))
        view.setColumnWidth(column, width)
