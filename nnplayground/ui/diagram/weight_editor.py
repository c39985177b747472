"""Typing a new value for one weight or bias, as TensorFlow Playground lets you click a weight to edit it.

The text is checked here first, so a typo is answered in words beside the
field ("'abc' is not a number") and never reaches the trainer; the trainer
checks again when the value arrives, and its refusal is shown the same way.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
)

from nnplayground.notation.formatting import MINUS
from nnplayground.notation.network_names import ParameterRef

MAX_ABS_VALUE = 1e6


def exact_text(value: float) -> str:
    """The shortest text that reads back as exactly ``value``, with a true minus sign.

    The editor starts from the weight as it is: Apply without typing must
    leave it unchanged, so the four figures the labels show are not enough.
    """
    return repr(float(value)).replace("-", MINUS)


def parse_weight(text: str) -> float:
    """The number in ``text`` (true minus signs and decimal commas accepted), or ValueError saying why."""
    cleaned = text.strip().replace("−", "-").replace("\u2009", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned and cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    if not cleaned:
        raise ValueError("type a number, for example 0.5 or -1.2")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a number") from None
    if not math.isfinite(value):
        raise ValueError("a weight must be a finite number")
    if abs(value) > MAX_ABS_VALUE:
        raise ValueError("keep weights between −1 000 000 and 1 000 000")
    return value


class WeightEditor(QFrame):
    """A one-line editor shown under the diagram while a weight is being typed."""

    submitted = Signal(object, float)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("weightEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.target: ParameterRef | None = None
        # Just the weight's name ("w9 ="), never cut: the edge it is and its value now are in the tooltip,
        # so the prompt stays short enough for a 1024-pixel window without widening the pane.
        self.prompt = QLabel("")
        self.prompt.setObjectName("weightEditorPrompt")
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.field = QLineEdit()
        self.field.setObjectName("weightEditorField")
        self.field.setAccessibleName("New weight value")
        self.field.setToolTip("Type a finite number and press Enter; Esc cancels")
        self.field.setMinimumWidth(70)
        self.field.returnPressed.connect(self.apply)
        self.field.installEventFilter(self)
        self.apply_button = QPushButton("Apply")
        self.apply_button.setObjectName("weightEditorApply")
        self.apply_button.setToolTip("Set the weight to this value; training carries on from it (Enter)")
        self.apply_button.clicked.connect(self.apply)
        # "×" as on the share strip: a word here would take the room the value's digits need at 1024.
        self.cancel_button = QToolButton()
        self.cancel_button.setText("×")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.setObjectName("weightEditorCancel")
        self.cancel_button.setToolTip("Keep the weight as it is (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        self.message = QLabel("")
        self.message.setObjectName("weightEditorMessage")
        self.message.setAccessibleName("Weight editor message")
        self.message.setToolTip("Why the typed value was refused")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00018;")

        # One row: the editor takes as little of the diagram's height as it can, and none of its width.
        row = QHBoxLayout()
        row.addWidget(self.prompt)
        row.addWidget(self.field, 1)
        row.addWidget(self.apply_button)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.message.hide()
        self.hide()

    def open_for(self, target: ParameterRef, name: str, description: str, value: float) -> None:
        """Edit ``name`` (``w9``), whose whole ``description`` goes in the tooltips."""
        self.target = target
        self.prompt.setText(f"{name} =")
        self.prompt.setToolTip(f"Set {description}")
        self.field.setToolTip(f"Set {description}: type a finite number and press Enter; Esc cancels")
        text = exact_text(value)
        self.field.setText(text)
        self._say("")
        self.show()
        self.field.setFocus()
        # All selected (typing replaces it), the cursor at the start: the leading digits are what shows.
        self.field.setSelection(len(text), -len(text))

    def follow(self, value: float) -> None:
        """The weight moved on (training plays on with the editor open): an untouched field shows the
        new value, so Enter never writes back one the network has left behind; typed text stays."""
        if self.target is None or self.isHidden() or self.field.isModified():
            return
        text = exact_text(value)
        if text != self.field.text():
            self.field.setText(text)
            self.field.setSelection(len(text), -len(text))

    def show_refusal(self, message: str) -> None:
        """The trainer refused a value (the network changed meanwhile, say): say so, keep the field open."""
        self.show()
        self._say(message)

    @Slot()
    def apply(self) -> None:
        if self.target is None:
            return
        try:
            value = parse_weight(self.field.text())
        except ValueError as error:
            self._say(str(error))
            self.field.setFocus()
            return
        self._say("")
        self.hide()
        self.submitted.emit(self.target, value)

    @Slot()
    def cancel(self) -> None:
        self.target = None
        self._say("")
        self.hide()

    def _say(self, message: str) -> None:
        """The refusal under the field, taking a line only while there is one."""
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the field cancels the edit instead of reaching the window's Esc (leave step-through).

        Space is never typed: a weight has no spaces, and a learner who pressed it (to pause, as
        everywhere else in the window) had the whole selected value replaced by one. It stays the
        window's Play / Pause.
        """
        if watched is not self.field or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if event.key() == Qt.Key.Key_Escape:
            if event.type() == QEvent.Type.KeyPress:
                self.cancel()
            event.accept()
            return True
        if event.key() == Qt.Key.Key_Space and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            if event.type() == QEvent.Type.ShortcutOverride:
                event.ignore()  # not claimed by the field: the window's shortcut takes it
            return True
        return super().eventFilter(watched, event)
