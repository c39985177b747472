"""The Training group: optimiser, momentum, batch size, learning rate, L1/L2, the loss and the precision.

These are the knobs that carry on from the current weights when turned
mid-run (the trainer decides that); the group only turns a widget change
into the one config field it stands for.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel

from nnplayground.core.config import MAX_LEARNING_RATE, ConfigError, ExperimentConfig
from nnplayground.core.losses import LOSSES
from nnplayground.ui.widgets.factories import Blocked, choice_combo, decimal_box, rate_box, select, whole_box
from nnplayground.ui.widgets.spinboxes import LogSpinBox

MIN_LEARNING_RATE_UI = 1e-6
MIN_PENALTY_UI = 1e-5
MAX_PENALTY = 10.0
MAX_MOMENTUM = 0.999
FULL_BATCH_TEXT = "full batch (article)"
OPTIMISER_ITEMS = (
    ("gradient descent", "gd"),
    ("momentum", "momentum"),
    ("Adam", "adam"),
)
PRECISION_ITEMS = (
    ("float64 (article)", "float64"),
    ("float32 (faster)", "float32"),
)
PRECISION_TIP = (
    "The floating-point type the network trains in. float64 is the article's and gives its figures "
    "to the last digit.\nfloat32 is about twice as fast on large data, but not bit-identical: "
    "its costs differ in the later digits.\nChanging it starts a new run; sessions and exported "
    "scripts keep it."
)


def training_points(points: int, test_fraction: float) -> int:
    """How many points a batch can draw from: those not held out for testing."""
    return max(1, points - round(points * test_fraction))


class TrainingGroup(QGroupBox):
    """Asks for changes through ``apply(**fields)``; typed values out of range go to ``refuse``."""

    FIELDS = ("optimiser", "momentum", "batch_size", "learning_rate", "l1", "l2", "loss", "dtype")

    def __init__(self, apply: Callable[..., None], refuse: Callable[[str], None]) -> None:
        super().__init__("Training")
        self.optimiser = choice_combo(
            "optimiserCombo",
            "Optimiser",
            "How the gradient becomes a weight update (article: gradient descent, full batch).\n"
            "Momentum keeps a running velocity (rate below); Adam scales each weight's step itself.",
            OPTIMISER_ITEMS,
            lambda value: apply(optimiser=value),
        )
        self.momentum = decimal_box(
            "momentumSpin",
            "Momentum",
            f"Share of the last update kept in the next one, 0 to {MAX_MOMENTUM:g} "
            "(only for the momentum optimiser; the article uses none)",
            MAX_MOMENTUM,
            3,
            0.05,
            lambda value: apply(momentum=value),
            refuse,
        )
        # Its range follows the training points (``show_config``).
        self.batch = whole_box(
            "batchSizeSpin",
            "Batch size",
            "Points per weight update, 1 up to the number of training points, or "
            f"'{FULL_BATCH_TEXT}' (0): every point in one update, as the article does",
            0,
            0,
            lambda value: apply(batch_size=value),
            refuse,
            grouped=True,
        )
        self.batch.setSpecialValueText(FULL_BATCH_TEXT)

        self.learning_rate = rate_box(
            "learningRateSpin",
            "Learning rate",
            f"Step size of gradient descent (article: 0.5), "
            f"{MIN_LEARNING_RATE_UI:g} to {MAX_LEARNING_RATE:g}.\n"
            "Arrows step 1-2-5; changing it mid-run carries on from the current weights.",
            "learning rate",
            MIN_LEARNING_RATE_UI,
            MAX_LEARNING_RATE,
            lambda value: apply(learning_rate=value),
            refuse,
        )
        self.l1 = self._penalty("l1", "L1", "pulls weights to exactly 0 (sparse)", apply, refuse)
        self.l2 = self._penalty(
            "l2", "L2", "shrinks every weight in proportion (weight decay)", apply, refuse
        )
        self.loss_combo = choice_combo(
            "lossCombo",
            "Loss",
            "The cost being minimised; the article's is ½·Σ(ao−y)², whose figures are 4.17 and 1.50.\n"
            "Log-loss needs a sigmoid output and two classes; cross-entropy (−Σ log ao[label], summed "
            "over the points) goes with a softmax output, and a softmax output with it alone.\n"
            "Losses that do not fit the output are greyed; their tooltip says why.",
            [(loss.label, key) for key, loss in LOSSES.items()],
            lambda value: apply(loss=value),
        )
        self.precision = choice_combo(
            "precisionCombo", "Precision", PRECISION_TIP, PRECISION_ITEMS, lambda value: apply(dtype=value)
        )

        penalty_row = QHBoxLayout()
        penalty_row.addWidget(QLabel("L1"))
        penalty_row.addWidget(self.l1, 1)
        penalty_row.addWidget(QLabel("L2"))
        penalty_row.addWidget(self.l2, 1)
        form = QFormLayout(self)
        form.addRow("Optimiser", self.optimiser)
        form.addRow("Momentum", self.momentum)
        form.addRow("Batch size", self.batch)
        form.addRow("Learning rate", self.learning_rate)
        form.addRow("Penalty", penalty_row)
        form.addRow("Loss", self.loss_combo)
        form.addRow("Precision", self.precision)

    @staticmethod
    def _penalty(
        field: str, label: str, effect: str, apply: Callable[..., None], refuse: Callable[[str], None]
    ) -> LogSpinBox:
        return rate_box(
            f"{field}Spin",
            f"{label} regularisation rate",
            f"{label} penalty on the weights: {effect}. 0 (off, as the article) or "
            f"{MIN_PENALTY_UI:g} to {MAX_PENALTY:g}; arrows step 1-2-5",
            f"{label} rate",
            MIN_PENALTY_UI,
            MAX_PENALTY,
            lambda value: apply(**{field: value}),
            refuse,
            zero_allowed=True,
        )

    def show_config(self, config: ExperimentConfig, points: int) -> None:
        """Show ``config``; ``points`` (generated or imported) bounds the batch size box."""
        with Blocked(
            self.optimiser,
            self.momentum,
            self.batch,
            self.learning_rate,
            self.l1,
            self.l2,
            self.loss_combo,
            self.precision,
        ):
            select(self.optimiser, config.optimiser)
            self.momentum.setValue(config.momentum)
            self.momentum.setEnabled(config.optimiser == "momentum")
            # A session may hold a batch larger than today's data; show it rather than clip it.
            self.batch.setRange(0, max(training_points(points, config.test_fraction), config.batch_size))
            self.batch.setValue(config.batch_size)
            self.learning_rate.setValue(config.learning_rate)
            self.l1.setValue(config.l1)
            self.l2.setValue(config.l2)
            self._grey_losses(config)
            select(self.loss_combo, config.loss)
            select(self.precision, config.dtype)

    def _grey_losses(self, config: ExperimentConfig) -> None:
        """Losses this output cannot take stay listed, greyed, with the configuration's reason."""
        model = self.loss_combo.model()
        for row in range(self.loss_combo.count()):
            try:
                config.replace(loss=self.loss_combo.itemData(row))
                refusal = ""
            except ConfigError as error:
                refusal = str(error)
            model.item(row).setEnabled(not refusal)
            model.item(row).setToolTip(refusal)
