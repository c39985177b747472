"""One side of compare mode: its configuration chooser, a title with its loss, and its boundary view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.trainer import Snapshot
from nnplayground.notation import formatting
from nnplayground.notation.config_words import describe
from nnplayground.ui.boundary.view import BoundaryView
from nnplayground.ui.loss.compare import SIDE_COLOURS, SIDE_NAMES
from nnplayground.ui.widgets.factories import name
from nnplayground.ui.widgets.focus_first import FocusFirstComboBox

DIVERGED_COLOUR = "#b00020"
CHOOSER_CHARS = 16
SIDE_MINIMUM_WIDTH = 280


class CompareSide(QWidget):
    """One side: its configuration chooser, a title with the current loss, and its boundary view.

    Both sides must get the same width whatever they say, or the pictures
    compare badly: the title wraps, the chooser's width does not follow its
    items, and the side's own width hint is ignored, so the row shares its
    room by the equal stretch alone.
    """

    def __init__(self, side: int) -> None:
        super().__init__()
        which = SIDE_NAMES[side]
        self.side = side
        name(
            self,
            f"{which}CompareSide",
            f"{which.capitalize()} network",
            f"The {which} network of the pair",
        )
        self.chooser = FocusFirstComboBox()
        name(
            self.chooser,
            f"{which}ConfigCombo",
            f"{which.capitalize()} configuration",
            f"Which network trains on the {which}: a preset, or the main window's settings as they are "
            "when you choose them. Choosing restarts both sides, so they stay in lockstep.",
        )
        self.chooser.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(CHOOSER_CHARS)
        self.title = QLabel("")
        name(
            self.title,
            f"{which}CompareTitleLabel",
            f"{which.capitalize()} network and loss",
            f"The {which} network in words, and its loss at the last epoch (the figure the article prints)",
        )
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.view = BoundaryView(drawing_tools=False)
        self.view.setObjectName(f"{which}BoundaryView")
        self.view.setAccessibleName(f"{which.capitalize()} decision boundary")
        self.view.title.hide()
        self.choices: list[ExperimentConfig | None] = []
        header = QHBoxLayout()
        header.addWidget(QLabel(f"{which.capitalize()}:"))
        header.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addLayout(header)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(SIDE_MINIMUM_WIDTH)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.view.show_snapshot(snapshot)
        loss = snapshot.last_loss if snapshot.epoch else snapshot.metrics.train_loss
        text = (
            f'<span style="color:{SIDE_COLOURS[self.side]}">■</span> '
            f"<b>{describe(snapshot.config)}</b> · loss {formatting.loss(loss)}"
        )
        if snapshot.divergence is not None:
            text += f' · <span style="color:{DIVERGED_COLOUR}"><b>diverged</b></span>'
        if self.title.text() != text:
            self.title.setText(text)
