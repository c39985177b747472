"""A one-line label that shows the longest of a few wordings that fits, so its figures are never cut.

``FittedLabel`` cuts the end of its text, which is where a read-out's
number usually is ("∂cost/∂w9 = 0.00…"). This one is handed the same
thing said ever more briefly — the words dropped first, the figures kept —
and shows the first wording that fits; only the briefest is ever cut.
``text()`` is the fullest wording, and the tooltip has it whenever a
shorter one is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from nnplayground.ui.widgets.fitted_label import FittedLabel


class ChoiceLabel(FittedLabel):
    def __init__(self, choices: Sequence[str] = ("",)) -> None:
        self._choices: tuple[str, ...] = ("",)
        super().__init__()
        self.set_choices(choices)

    def setText(self, text: str) -> None:
        self.set_choices((text,))

    def set_choices(self, choices: Sequence[str]) -> None:
        """The same message from the fullest wording to the briefest."""
        self._choices = tuple(choices) or ("",)
        super().setText(self._choices[0])

    def _shortened(self, text: str) -> str:
        choices = self._choices if text == self._choices[0] else (text,)
        # One line needs none of the slack ``FittedLabel`` keeps for wrapped text.
        width = self.contentsRect().width() - 2
        if width <= 0:
            return text
        fitting = next((choice for choice in choices if self._fits(choice, width)), None)
        return fitting if fitting is not None else super()._shortened(choices[-1])
