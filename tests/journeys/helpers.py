"""What the journeys touch, the way a person touches it: menus, the wheel, keys, the screen's size.

Each helper reaches the window through what is on screen — the menu bar's menus (opened, as a
person opens them, so menus filled on ``aboutToShow`` have their entries), the widget under the
pointer, the keyboard focus — never through the functions behind them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QFontMetricsF, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QMenu, QWidget

from nnplayground.live.frames import RunState

TIMEOUT_MS = 20_000
WHEEL_NOTCH = 120


def plain(text: str) -> str:
    """A menu text as a person reads it: without the ``&`` that marks the mnemonic."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


# ----- menus -------------------------------------------------------------------------


def _open(qtbot, menu: QMenu) -> None:
    """Open ``menu`` on screen, as a click on its title does (``aboutToShow`` fills some menus)."""
    menu.popup(QPoint(0, 0))
    qtbot.waitUntil(menu.isVisible, timeout=TIMEOUT_MS)


def menu_actions(qtbot, window) -> dict[str, QAction]:
    """Every action reachable from the menu bar, by its path: ``"File > Export > Loss curve…"``."""
    found: dict[str, QAction] = {}

    def walk(menu: QMenu, path: tuple[str, ...]) -> None:
        _open(qtbot, menu)
        entries = [action for action in menu.actions() if not action.isSeparator()]
        menu.hide()
        for action in entries:
            name = (*path, plain(action.text()))
            if action.menu() is not None:
                walk(action.menu(), name)
            else:
                found[" > ".join(name)] = action

    for top in window.menuBar().actions():
        if top.menu() is not None and top.isVisible():
            walk(top.menu(), (plain(top.text()),))
    return found


def menu_action(qtbot, window, path: str) -> QAction:
    """The action at ``path`` in the menu bar (fails, naming what is there, when there is none)."""
    actions = menu_actions(qtbot, window)
    assert path in actions, f"no menu entry {path!r}; the menus have {sorted(actions)}"
    return actions[path]


def choose(qtbot, window, path: str) -> None:
    """Choose a menu entry, as a click on it does; a disabled entry cannot be chosen."""
    action = menu_action(qtbot, window, path)
    assert action.isEnabled(), f"{path} is disabled"
    action.trigger()


# ----- the run, as the window shows it ---------------------------------------------------


def frame(window):
    return window.training.worker.latest()


def wait_drawn(qtbot, window) -> None:
    """Until the window has drawn the worker's newest frame (what a person sees is up to date)."""
    qtbot.waitUntil(lambda: window._shown_serial == frame(window).serial, timeout=TIMEOUT_MS)


def wait_idle(qtbot, window, epoch: int | None = None) -> None:
    def idle() -> None:
        current = frame(window)
        assert current.state not in (RunState.RUNNING, RunState.STEPPING)
        if epoch is not None:
            assert current.snapshot.epoch == epoch

    qtbot.waitUntil(idle, timeout=TIMEOUT_MS)
    wait_drawn(qtbot, window)


def key(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press ``key`` where the keyboard focus is, as a person's key press lands."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def step_with_keys(qtbot, window, epochs: int) -> None:
    """Train ``epochs`` epochs with → (the Step shortcut), at the epochs per step the panel shows."""
    start = frame(window).snapshot.epoch
    per_step = window.controls.epochs_per_step()
    assert epochs % per_step == 0, f"{epochs} is not a whole number of steps of {per_step}"
    for _ in range(epochs // per_step):
        before = frame(window).snapshot.epoch
        key(qtbot, Qt.Key.Key_Right)
        wait_idle(qtbot, window, before + per_step)
    assert frame(window).snapshot.epoch == start + epochs


def _panel_control(window, name: str) -> QWidget:
    control = window.controls.findChild(QWidget, name)
    assert control is not None, f"the panel has no control named {name!r}"
    return control


def show_control(qtbot, window, name: str) -> None:
    """Make the control appear as a person would: choose "custom…", or type 2 hidden layers."""
    if name == "epochsPerStepSpin":
        combo = _panel_control(window, "epochsPerStepCombo")
        combo.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(combo, Qt.Key.Key_End)
    elif name == "hiddenUnitsSpin2":
        count = _panel_control(window, "hiddenLayerCountSpin")
        qtbot.mouseClick(count.lineEdit(), Qt.MouseButton.LeftButton)
        count.lineEdit().selectAll()
        qtbot.keyClicks(count.lineEdit(), "2")
        qtbot.keyClick(count.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _panel_control(window, name).isVisible(), timeout=TIMEOUT_MS)
    wait_configured(qtbot, window)


def wait_configured(qtbot, window) -> None:
    """Until the trainer runs what the panel shows and the window has drawn it.

    The panel sends a change to the training thread, which takes it up when it next looks:
    on a loaded machine the newest frame can still be of the settings before it.
    """
    qtbot.waitUntil(lambda: frame(window).snapshot.config == window.controls.config, timeout=TIMEOUT_MS)
    wait_drawn(qtbot, window)


def draw_point(qtbot, window) -> None:
    """Draw one training point with the mouse: D, a click on the plot, D again."""
    points = frame(window).snapshot.data.n_train
    view = window.boundary_view
    key(qtbot, Qt.Key.Key_D)
    qtbot.waitUntil(view.is_drawing, timeout=TIMEOUT_MS)
    plot = view.findChild(pg.PlotWidget)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.viewport().rect().center())
    qtbot.waitUntil(lambda: frame(window).snapshot.data.n_train == points + 1, timeout=TIMEOUT_MS)
    key(qtbot, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: not view.is_drawing(), timeout=TIMEOUT_MS)
    wait_drawn(qtbot, window)


# ----- the mouse wheel -------------------------------------------------------------------


def wheel(widget: QWidget, notches: int = -1, at: QPoint | None = None) -> QWidget:
    """Turn the wheel ``notches`` (negative: towards the person, scrolling down) over ``widget``.

    The event goes to the widget under the pointer (a spin box's line edit, say) and, while it
    is ignored, on to each parent — as Qt carries a real wheel event. Qt does not carry a
    synthetic one past the first widget, so this does. Returns the widget that took it.
    """
    local = at if at is not None else widget.rect().center()
    global_position = QPointF(widget.mapToGlobal(local))
    target = QApplication.widgetAt(global_position.toPoint()) or widget
    while target is not None:
        event = QWheelEvent(
            target.mapFromGlobal(global_position),
            global_position,
            QPoint(),
            QPoint(0, notches * WHEEL_NOTCH),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        event.ignore()
        QApplication.sendEvent(target, event)
        if event.isAccepted() or target.isWindow():
            return target
        target = target.parentWidget()
    return widget


# ----- screen sizes and geometry ---------------------------------------------------------


def set_size(qtbot, window, width: int, height: int) -> None:
    """The window at ``width`` × ``height``, as a person sizes it on a screen of that size."""
    smallest = window.minimumSizeHint()
    assert smallest.width() <= width and smallest.height() <= height, (
        f"the window cannot be made {width}×{height}: its minimum is {smallest.width()}×{smallest.height()}"
    )
    window.showNormal()
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.size() == QSize(width, height), timeout=TIMEOUT_MS)
    QApplication.processEvents()


def in_window(widget: QWidget, window: QWidget) -> QRect:
    """``widget``'s rectangle in ``window``'s coordinates."""
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of ``widget`` a person can see: clipped by every parent up to the window."""
    rect = in_window(widget, window)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(in_window(parent, window))
        parent = parent.parentWidget()
    return rect


# ----- what a widget paints --------------------------------------------------------------


@dataclass(frozen=True)
class PaintedText:
    text: str
    rect: QRectF


@contextmanager
def recording_texts() -> Iterator[list[PaintedText]]:
    """Every ``QPainter.drawText`` made from Python meanwhile, with where the text landed."""
    texts: list[PaintedText] = []
    original = QPainter.drawText

    def record(painter: QPainter, *args) -> None:
        original(painter, *args)
        text = next((arg for arg in args if isinstance(arg, str)), None)
        if not text:
            return
        metrics = QFontMetricsF(painter.font())
        if isinstance(args[0], QRectF | QRect):
            rect = QRectF(args[0])
        else:
            point = args[0] if isinstance(args[0], QPointF | QPoint) else QPointF(args[0], args[1])
            rect = metrics.boundingRect(text).translated(QPointF(point))
        texts.append(PaintedText(text, painter.worldTransform().mapRect(rect)))

    QPainter.drawText = record
    try:
        yield texts
    finally:
        QPainter.drawText = original


def painted_texts(widget: QWidget) -> list[PaintedText]:
    """The texts ``widget`` paints when drawn afresh at its size (a resize drops any cached picture)."""
    QApplication.sendEvent(widget, QResizeEvent(widget.size(), widget.size()))
    with recording_texts() as texts:
        widget.grab()
    return texts


def overlapping(texts: list[PaintedText], slack: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of painted texts whose boxes overlap by more than ``slack`` pixels each way."""
    pairs = []
    for i, first in enumerate(texts):
        for second in texts[i + 1 :]:
            common = first.rect.intersected(second.rect)
            if common.width() > slack and common.height() > slack:
                pairs.append((first.text, second.text))
    return pairs


def type_into(qtbot, window, box: QAbstractSpinBox, text: str) -> None:
    """Click into a panel number box, select what it holds (Ctrl+A) and type ``text``, as a person does."""
    window.control_scroll.ensureWidgetVisible(box)
    edit = box.lineEdit()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=edit.rect().center())
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (box, edit), timeout=TIMEOUT_MS)
    key(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(QApplication.focusWidget(), text)
