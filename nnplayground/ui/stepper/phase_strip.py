"""The step-through's row of phase buttons: one per phase, the current one lit, a click goes there.

The strip wraps onto a second line rather than widening the window or hiding
phases behind a scroll bar (six phases at 1024×700, sixteen for a deep net).
Each button carries the core's short label for its phase (``Phase 2``,
``Layer 3``) and the arrow of the way its values flow.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QToolButton, QWidget

from nnplayground.core.phases import Walkthrough
from nnplayground.ui.widgets.flow_layout import FlowLayout

_ARROWS = {"forward": "→", "backward": "←", "cost": "", "update": ""}


class PhaseStrip(QWidget):
    phase_clicked = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("stepperStrip")
        self._flow = FlowLayout(self)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.idClicked.connect(self.phase_clicked)

    def buttons(self) -> list[QAbstractButton]:
        return self._group.buttons()

    def button(self, phase: int) -> QAbstractButton | None:
        return self._group.button(phase)

    def show_phase(self, walk: Walkthrough, phase: int, new_walk: bool) -> None:
        """Light ``phase``'s button; for a new walk, first rebuild the buttons if its phases differ."""
        if new_walk:
            self._build(walk)
        self._group.button(phase).setChecked(True)

    def _build(self, walk: Walkthrough) -> None:
        texts = [f"{k + 1} {p.label} {_ARROWS[p.direction]}".strip() for k, p in enumerate(walk.phases)]
        existing = self._group.buttons()
        if [b.text() for b in existing] == texts:
            return
        for button in existing:
            self._group.removeButton(button)
            self._flow.removeWidget(button)
            button.deleteLater()
        for k, (text, phase) in enumerate(zip(texts, walk.phases)):
            button = QToolButton()
            button.setText(text)
            button.setObjectName(f"stepperPhase{k + 1}")
            button.setCheckable(True)
            button.setToolTip(f"Go to phase {k + 1}: {phase.title}")
            button.setAccessibleName(f"Phase {k + 1}: {phase.title}")
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            # The same size checked or not (no bold, one border width), so a click never re-wraps the strip.
            button.setStyleSheet(
                "QToolButton { padding: 3px 5px; border: 2px solid #b4b4b4; border-radius: 4px; }"
                "QToolButton:checked { background: #ffe58a; border-color: #202020; }"
            )
            self._group.addButton(button, k)
            self._flow.addWidget(button)
