"""Controls that change only when a person means them to: the wheel needs focus, Enter gives the keys back.

A plain spin box, combo box or slider takes the mouse wheel whenever the
pointer is over it. In a panel that has to be scrolled, scrolling then turns
whatever control passes under the pointer: ten notches moved the learning
rate from 0.5 to 0.0005 mid-run, one notch over Activation restarted the run.
Here the wheel turns a control only once it has the keyboard focus (a click
or Tab), and otherwise scrolls the panel it sits in.

A focused number box also keeps the window's one-key shortcuts (Space, →,
R, H …) for itself: Space would type a space. So Enter, once it has applied
(or refused) the typed value, hands the keyboard back to the window, and Esc
puts the shown value back and leaves the box.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QSlider, QWidget

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def scroll_instead(control: QWidget, event: QWheelEvent) -> None:
    """Send ``event`` to the scroll area ``control`` sits in, as if the pointer were over its background.

    Sent explicitly rather than left to Qt's propagation, which carries on
    only a real (spontaneous) wheel event: a synthetic one would stop here.
    """
    event.accept()
    area = control.parentWidget()
    while area is not None and not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    if area is None:
        return
    viewport = area.viewport()
    position = control.mapTo(viewport, event.position().toPoint())
    forwarded = QWheelEvent(
        position,
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
    )
    QApplication.sendEvent(viewport, forwarded)


class FocusFirst:
    """Mixed in before a Qt control class: the wheel needs focus; Esc (and, in a box, Enter) leaves.

    The focus policy drops Qt's "wheel focus": turning the wheel over a
    control must not be what gives it the focus.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        # The window's focus widget, active or not: a window in the background keeps its focus.
        if self.window().focusWidget() is self:
            super().wheelEvent(event)
        else:
            scroll_instead(self, event)

    def event(self, event: QEvent) -> bool:
        # Esc in a focused control belongs to it (to leave it), not to a window shortcut such as
        # "Leave step-through".
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._put_back_shown_value()
            self.clearFocus()
            return
        super().keyPressEvent(event)
        if event.key() in _ENTER and isinstance(self, QAbstractSpinBox):
            self.clearFocus()

    def _put_back_shown_value(self) -> None:
        """Forget half-typed text: the box shows its value again, as it was before typing."""
        if isinstance(self, QAbstractSpinBox):
            edit = self.lineEdit()
            if edit.isModified():
                value = self.value()
                special = self.specialValueText()
                shown = special if special and value == self.minimum() else self.textFromValue(value)
                edit.setText(f"{self.prefix()}{shown}{self.suffix()}")
                edit.setModified(False)


class FocusFirstComboBox(FocusFirst, QComboBox):
    """A combo box that the wheel turns only once it has the focus."""


class FocusFirstSlider(FocusFirst, QSlider):
    """A slider that the wheel moves only once it has the focus."""
