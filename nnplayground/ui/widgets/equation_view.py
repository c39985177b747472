"""Equations drawn legibly: the article's fractions (dcost/dao) and its code's lines, names verbatim.

The article writes its chain rule as fractions, ``\\frac{dcost}{dwo} =
\\frac{dcost}{dao} * \\frac{dao}{dzo} * \\frac{dzo}{dwo}``, and its code as
``dcost_wo = np.dot(dzo_dwo.T, dcost_dao * dao_dzo)``. Qt's rich text has no
inline fraction, so ``MathLine`` lays out a tiny markup itself —
``{num|den}`` for a fraction, ``^{…}`` for a superscript — with QPainter;
``code_html`` turns the engine's code-form equations into rich text with
every name in a code font, exactly as the article spells it.

Both can mark names (``marked``): hovering a factor of the step-through's
arithmetic marks the same symbol in every equation and code line, in the
colour the diagram gives a hovered edge. A fraction ``{dao|dzo}`` goes by the
code's name ``dao_dzo``, and a gradient ``{dcost|dwo}`` by ``dcost_wo``.
Both are hover targets too (``hovered``): a name of a ``CodeLine``, a
fraction or a name of a ``MathLine`` says which names it goes by, so the
step-through marks them everywhere as it does a factor of the arithmetic.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from nnplayground.notation.colours import HOVER_EDGE

CODE_COLOUR = "#0b3d91"
MARK_COLOUR = HOVER_EDGE
COMMENT_COLOUR = "#5a5a5a"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NOT_NAMES = {"e", "if", "else", "max", "tanh", "ln", "for", "in"}
_COMMENT = re.compile(r"\s{3,}(\(.*\))\s*$")
_POWER = re.compile(r"e\^\(([^)]*)\)")
_LOOP = re.compile(r"for [^:]+: ([A-Za-z_][A-Za-z0-9_]*) [−-]= ")


LINK_SCHEME = "at:"


def code_font_family() -> str:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()


def code_span(name: str, *, bold: bool = False, marked: bool = False) -> str:
    weight = "font-weight:600;" if bold else ""
    mark = f"background-color:{MARK_COLOUR};" if marked else ""
    return (
        f"<span style=\"font-family:'{code_font_family()}'; color:{CODE_COLOUR}; {weight}{mark}\">"
        f"{html.escape(name)}</span>"
    )


def equation_lhs(equation: str) -> str | None:
    """The name an equation defines (``dcost_wh`` in ``dcost_wh = …``), if it defines one.

    The article's own loop ``for num in z_delta: bias −= lr · num`` defines ``bias``.
    """
    loop = _LOOP.match(equation)
    if loop:
        return loop.group(1)
    for separator in (" ← ", " = "):
        if separator in equation:
            head = equation.split(separator, 1)[0].strip()
            return head if _IDENTIFIER.fullmatch(head) else None
    return None


def code_html(equation: str, marked: Collection[str] = (), links: bool = False) -> str:
    """Rich text for one engine equation: names in the code font, ``e^(…)`` raised, comments in grey.

    Names in ``marked`` get the hover colour behind them; with ``links`` each name is an anchor,
    not underlined, to where it starts in ``equation`` (``at:12``: the text holds each name once,
    as it reads) so a ``CodeLine`` learns which name the mouse is on.
    """
    comment = ""
    match = _COMMENT.search(equation)
    if match:
        comment = match.group(1)
        equation = equation[: match.start()]
    if equation_lhs(equation) is None:
        body = html.escape(equation)
    else:
        lhs = equation_lhs(equation)
        pieces, position = [], 0
        for found in _IDENTIFIER.finditer(equation):
            pieces.append(html.escape(equation[position : found.start()]))
            name = found.group(0)
            if name in _NOT_NAMES:
                pieces.append(html.escape(name))
            else:
                span = code_span(name, bold=found.start() == 0 and name == lhs, marked=name in marked)
                if links:
                    span = f"<a href='{LINK_SCHEME}{found.start()}' style='text-decoration:none'>{span}</a>"
                pieces.append(span)
            position = found.end()
        pieces.append(html.escape(equation[position:]))
        body = "".join(pieces)
    body = _POWER.sub(lambda m: f"e<sup>{m.group(1)}</sup>", body)
    if comment:
        body += f"&nbsp;&nbsp;<span style='color:{COMMENT_COLOUR}'><i>{html.escape(comment)}</i></span>"
    return body


class CodeLine(QLabel):
    """One code line whose names are hover targets: ``hovered`` carries the name under the mouse
    (a one-name frozenset, as ``MathLine`` says it) or None when it leaves every name."""

    hovered = Signal(object)

    def __init__(self, equation: str) -> None:
        super().__init__()
        self.equation = equation
        self._marked: frozenset[str] = frozenset()
        self._under: str | None = None
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setText(code_html(equation, links=True))
        self.linkHovered.connect(self._link_hovered)

    def set_marked(self, names: Collection[str]) -> None:
        marked = frozenset(names)
        if marked != self._marked:
            self._marked = marked
            self.setText(code_html(self.equation, marked, links=True))

    def marked_names(self) -> list[str]:
        """The names marked in this line, in order: for tests and screen readers."""
        return [
            found.group(0)
            for found in _IDENTIFIER.finditer(self.equation)
            if found.group(0) in self._marked and found.group(0) not in _NOT_NAMES
        ]

    def _link_hovered(self, link: str) -> None:
        position = link.removeprefix(LINK_SCHEME)
        found = _IDENTIFIER.match(self.equation, int(position)) if position.isdigit() else None
        name = found.group(0) if found else None
        if name != self._under:
            self._under = name
            self.hovered.emit(None if name is None else frozenset({name}))

    def leaveEvent(self, event: QEvent) -> None:
        self._link_hovered("")
        super().leaveEvent(event)


@dataclass(frozen=True)
class _Text:
    text: str
    raised: bool = False


@dataclass(frozen=True)
class _Fraction:
    numerator: tuple[_Text, ...]
    denominator: tuple[_Text, ...]

    def names(self) -> set[str]:
        """The code's names for this fraction: ``dao_dzo`` for dao/dzo, ``dcost_wo`` (and ``dcost_dwo``)."""
        top, bottom = _plain(self.numerator), _plain(self.denominator)
        names = {f"{top}_{bottom}"}
        if bottom.startswith("d"):
            names.add(f"{top}_{bottom[1:]}")
        return names


def parse_markup(markup: str) -> list[_Text | _Fraction]:
    """``{a|b}`` → fraction, ``^{x}`` → raised text; everything else is plain text."""
    parts: list[_Text | _Fraction] = []
    plain_start, position = 0, 0
    while position < len(markup):
        if markup[position] == "{" and (position == 0 or markup[position - 1] != "^"):
            end, depth = position, 0
            for end in range(position, len(markup)):
                depth += {"{": 1, "}": -1}.get(markup[end], 0)
                if depth == 0:
                    break
            inner = markup[position + 1 : end]
            numerator, _, denominator = inner.partition("|")
            parts.extend(_texts(markup[plain_start:position]))
            parts.append(_Fraction(tuple(_texts(numerator)), tuple(_texts(denominator))))
            position = plain_start = end + 1
        else:
            position += 1
    parts.extend(_texts(markup[plain_start:]))
    return parts


def _texts(text: str) -> list[_Text]:
    pieces, position = [], 0
    for found in re.finditer(r"\^\{([^{}]*)\}", text):
        if found.start() > position:
            pieces.append(_Text(text[position : found.start()]))
        pieces.append(_Text(found.group(1), raised=True))
        position = found.end()
    if position < len(text):
        pieces.append(_Text(text[position:]))
    return pieces


class MathLine(QWidget):
    """One equation in the article's notation, fractions stacked, an equation number on the right.

    ``hovered`` carries the names of the fraction or name under the mouse (``{"dao_dzo"}`` for
    dao/dzo), None when it leaves them.
    """

    GAP = 3.0
    hovered = Signal(object)

    def __init__(self, markup: str, number: str | None = None, point_size: float = 12.0) -> None:
        super().__init__()
        self.markup = markup
        self.number = number
        self._parts = parse_markup(markup)
        self._marked: frozenset[str] = frozenset()
        self._font = QFont("DejaVu Serif")
        self._font.setPointSizeF(point_size)
        self._small = QFont(self._font)
        self._small.setPointSizeF(point_size * 0.72)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._under: frozenset[str] | None = None
        self.setMouseTracking(True)
        self.setAccessibleName(self.plain_text())
        self.setToolTip("The article's equation" + (f" ({number})" if number else ""))

    def plain_text(self) -> str:
        """The equation as a line of text (fractions as a/b): for screen readers and tests."""
        out = []
        for part in self._parts:
            if isinstance(part, _Fraction):
                out.append(f"{_plain(part.numerator)}/{_plain(part.denominator)}")
            else:
                out.append(_plain((part,)))
        text = "".join(out)
        return f"{text}   ({self.number})" if self.number else text

    def set_marked(self, names: Collection[str]) -> None:
        """Mark every fraction or name of the equation that goes by one of ``names``; none for empty."""
        marked = frozenset(names)
        if marked != self._marked:
            self._marked = marked
            self.update()

    def marked_parts(self) -> list[str]:
        """What is marked now, as plain text (``dao/dzo``, ``z_delta``): for tests and screen readers."""
        out = []
        for part in self._parts:
            if isinstance(part, _Fraction):
                if part.names() & self._marked:
                    out.append(f"{_plain(part.numerator)}/{_plain(part.denominator)}")
            else:
                out += [
                    found.group(0)
                    for found in _IDENTIFIER.finditer(part.text)
                    if found.group(0) in self._marked
                ]
        return out

    def _width(self, texts: tuple[_Text, ...] | list[_Text]) -> float:
        normal, small = QFontMetricsF(self._font), QFontMetricsF(self._small)
        return sum((small if t.raised else normal).horizontalAdvance(t.text) for t in texts)

    def _has_fraction(self) -> bool:
        return any(isinstance(part, _Fraction) for part in self._parts)

    def sizeHint(self) -> QSize:
        metrics = QFontMetricsF(self._font)
        width = 8.0
        for part in self._parts:
            if isinstance(part, _Fraction):
                # As painted: the bar overhangs its text by 2 on each side, then 8 of space.
                width += max(self._width(part.numerator), self._width(part.denominator)) + 4 + 8
            else:
                width += self._width((part,))
        if self.number:
            width += metrics.horizontalAdvance(f"   ({self.number})")
        lines = 2.3 if self._has_fraction() else 1.3
        return QSize(int(width) + 4, int(metrics.height() * lines) + 4)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def regions(self) -> list[tuple[QRectF, frozenset[str]]]:
        """Where each fraction and each name is drawn, with the names it goes by: the hover targets."""
        metrics = QFontMetricsF(self._font)
        axis = self.height() / 2
        baseline = axis + metrics.ascent() / 2 - metrics.descent() / 2
        x, out = 4.0, []
        for part in self._parts:
            if isinstance(part, _Fraction):
                width = max(self._width(part.numerator), self._width(part.denominator)) + 4
                height = metrics.height() * 2 + 2 * self.GAP
                out.append((QRectF(x, axis - height / 2, width + 4, height), frozenset(part.names())))
                x += width + 8
                continue
            font = self._small if part.raised else self._font
            part_metrics = QFontMetricsF(font)
            if not part.raised:
                for found in _IDENTIFIER.finditer(part.text):
                    if found.group(0) not in _NOT_NAMES:
                        left = x + part_metrics.horizontalAdvance(part.text[: found.start()])
                        width = part_metrics.horizontalAdvance(found.group(0))
                        rect = QRectF(left, baseline - metrics.ascent(), width, metrics.height())
                        out.append((rect, frozenset({found.group(0)})))
            x += part_metrics.horizontalAdvance(part.text)
        return out

    def names_at(self, point: QPointF) -> frozenset[str] | None:
        return next((names for rect, names in self.regions() if rect.contains(point)), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._hover(self.names_at(event.position()))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover(None)
        super().leaveEvent(event)

    def _hover(self, names: frozenset[str] | None) -> None:
        if names != self._under:
            self._under = names
            self.hovered.emit(names)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        metrics = QFontMetricsF(self._font)
        axis = self.height() / 2
        baseline = axis + metrics.ascent() / 2 - metrics.descent() / 2
        x = 4.0
        painter.setPen(self.palette().text().color())
        for part in self._parts:
            if isinstance(part, _Fraction):
                width = max(self._width(part.numerator), self._width(part.denominator)) + 4
                if part.names() & self._marked:
                    height = metrics.height() * 2 + 2 * self.GAP
                    painter.fillRect(QRectF(x, axis - height / 2, width + 4, height), QColor(MARK_COLOUR))
                top_left = x + 2 + (width - self._width(part.numerator)) / 2
                bottom_left = x + 2 + (width - self._width(part.denominator)) / 2
                self._draw(painter, part.numerator, top_left, axis - self.GAP - metrics.descent())
                self._draw(painter, part.denominator, bottom_left, axis + self.GAP + metrics.ascent())
                painter.setPen(QPen(self.palette().text().color(), 1.3))
                painter.drawLine(QPointF(x + 2, axis), QPointF(x + 2 + width, axis))
                x += width + 8
            else:
                x = self._draw(painter, (part,), x, baseline)
        if self.number:
            painter.setFont(self._font)
            painter.drawText(QPointF(x, baseline), f"   ({self.number})")
        painter.end()

    def _draw(self, painter: QPainter, texts: tuple[_Text, ...], x: float, baseline: float) -> float:
        normal = QFontMetricsF(self._font)
        for piece in texts:
            font = self._small if piece.raised else self._font
            painter.setFont(font)
            y = baseline - normal.ascent() * 0.45 if piece.raised else baseline
            self._mark_names(painter, piece.text, QFontMetricsF(font), x, y)
            painter.drawText(QPointF(x, y), piece.text)
            x += QFontMetricsF(font).horizontalAdvance(piece.text)
        return x

    def _mark_names(self, painter: QPainter, text: str, metrics: QFontMetricsF, x: float, y: float) -> None:
        """The hover colour behind each marked name of a run of text, before the text is drawn over it."""
        if not self._marked:
            return
        for found in _IDENTIFIER.finditer(text):
            if found.group(0) in self._marked:
                left = x + metrics.horizontalAdvance(text[: found.start()])
                width = metrics.horizontalAdvance(found.group(0))
                rect = QRectF(left, y - metrics.ascent(), width, metrics.height())
                painter.fillRect(rect, QColor(MARK_COLOUR))


def _plain(texts: tuple[_Text, ...]) -> str:
    return "".join(f"^{t.text}" if t.raised else t.text for t in texts)
