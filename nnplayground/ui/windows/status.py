"""The status bar's read-outs: epoch, loss, accuracy, speed and run state, each its own label.

Separate labels (not one string) so screen readers and tests can address
each figure by name. Each has a fixed size: the figures then do not jump
about as digits change, and Qt skips re-laying out the window for a
fixed-size label's new text — which it would otherwise do with every frame.
The loss and accuracy labels widen only when there are test figures to show;
the state says only the state (a divergence's epoch and cause are in the
banner above the plot), so the bar fits a 1024-pixel window.

What the figures alone cannot say — that the article's summed cost on many
points takes steps too big for the learning rate (``core.advice``) — goes to
the advice banner the window shows above the plot, where the learner looks,
and into the loss label's tooltip.

When most hidden neurons are saturated or dead (``core.diagnostics``, worked
out by the network view), the bar's left side says so and what to try, in
the longest of a few ever briefer sentences that fits (``bar_sentences``:
the diagnosis and the first fix are the last to go), the whole advice in its
tooltip; a passing message covers it for its few seconds, then it is back.
"""

from __future__ import annotations

import math
import re

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QStatusBar

from nnplayground.core.advice import held_out_cost_note, summed_cost_advice
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.losses import get_loss
from nnplayground.live.divergence_words import divergence_text
from nnplayground.live.frames import Frame, RunState
from nnplayground.notation import formatting
from nnplayground.ui.widgets.choice_label import ChoiceLabel

_STATE_TEXT = {
    RunState.PAUSED: "paused",
    RunState.RUNNING: "running",
    RunState.STEPPING: "stepping",
    RunState.DIVERGED: "diverged",
}


# Text each read-out must have room for, without and with test figures (the epoch count widens its
# label past seven digits: ``_fit_epoch``).
_WIDEST = {
    "statusEpochLabel": ("Epoch 8\u2009888\u2009888",) * 2,
    "statusLossLabel": ("Loss 8.888e+888", "Loss 8.888e+888 · test 8.888e+888"),
    "statusAccuracyLabel": ("Accuracy 99.8 %", "Accuracy 99.8 % · test 99.8 %"),
    "statusSpeedLabel": ("888\u2009888 epochs/s",) * 2,
    "statusStateLabel": ("diverged",) * 2,
}


def bar_sentences(advice: str) -> list[str]:
    """The advice for the bar, from the whole of it to the diagnosis and the first fix alone.

    ``core.diagnostics.advice`` reads "4 of 4 hidden neurons saturated — try
    a lower learning rate, a mean-based loss (MSE or log-loss) or another
    initialiser, then Reset: why": the bar drops the why, the asides in
    brackets, then the later fixes, down to "4/4 saturated: try a lower
    learning rate", which a 1024-pixel window has room for.
    """
    what, dash, rest = advice.partition(" — ")
    fixes = re.sub(r" \([^)]*\)", "", rest.split(", then ")[0])
    if not dash or not fixes.startswith("try "):
        return [advice]
    tried = re.split(r", | or ", fixes[len("try ") :])
    plain = re.sub(r" \([^)]*\)", "", what)
    sentences = [advice, f"{what} — {fixes}"]
    sentences += [f"{what} — try {' or '.join(tried[:count])}" for count in range(len(tried) - 1, 0, -1)]
    counted = re.sub(r"^(\d+) of (\d+) hidden ", r"\1/\2 ", plain)
    sentences.append(f"{counted} — try {tried[0]}")
    sentences.append(f"{counted.replace(' neurons ', ' ', 1)}: try {tried[0]}")
    return list(dict.fromkeys(sentences))


def _loss_words(config: ExperimentConfig) -> str:
    """Which cost the figure is: the article's ½·Σ(ao−y)², cross-entropy for a softmax output, …"""
    loss = get_loss(config.loss)
    if config.loss == "cross_entropy":
        return (
            f"Loss: {loss.label}, summed over the training points "
            "(ao[label]: the probability given to each point's own class)"
        )
    return f"Loss: {loss.label}"


def _accuracy_words(config: ExperimentConfig) -> str:
    if config.classes > 2 or config.output_activation == "softmax":
        return f"Share of points whose most likely class (of {config.classes}) is their own"
    return "Share of points on the right side of the 0.5 line"


class StatusReadout:
    def __init__(self, bar: QStatusBar, advice_banner: QLabel) -> None:
        self.advice = advice_banner
        self._advice_for: tuple | None = None
        self._advice: str | None = None
        self.epoch = self._label(bar, "statusEpochLabel", "Epoch", "Epochs trained in this run")
        self.loss = self._label(
            bar,
            "statusLossLabel",
            "Loss",
            "Loss of the current weights on the training points (and on the test points, if any)",
        )
        self.accuracy = self._label(
            bar, "statusAccuracyLabel", "Accuracy", "Share of points on the right side of the 0.5 line"
        )
        self.speed = self._label(bar, "statusSpeedLabel", "Speed", "Training speed over the last second")
        self.state = self._label(bar, "statusStateLabel", "State", "Running, stepping, paused or diverged")
        self.diagnosis = ChoiceLabel()
        self.diagnosis.setObjectName("statusDiagnosisLabel")
        self.diagnosis.setAccessibleName("Stuck neurons")
        self.diagnosis.setStyleSheet("color: #a04000;")
        self.diagnosis.hide()
        bar.addWidget(self.diagnosis, 1)
        self._with_test: bool | None = None
        self._fit(with_test=False)

    @staticmethod
    def _label(bar: QStatusBar, name: str, accessible: str, tooltip: str) -> QLabel:
        label = QLabel("")
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setToolTip(tooltip)
        bar.addPermanentWidget(label)
        return label

    def _fit(self, *, with_test: bool) -> None:
        if with_test == self._with_test:
            return
        self._with_test = with_test
        for label in (self.epoch, self.loss, self.accuracy, self.speed, self.state):
            label.ensurePolished()
            metrics = label.fontMetrics()
            if label is self.state:  # "running" and "diverged" are shown in bold
                bold = QFont(label.font())
                bold.setBold(True)
                metrics = QFontMetrics(bold)
            margins = label.contentsMargins()
            label.setFixedSize(
                metrics.horizontalAdvance(_WIDEST[label.objectName()][with_test])
                + margins.left()
                + margins.right()
                + 2,
                metrics.height() + margins.top() + margins.bottom() + 4,
            )

    def _fit_epoch(self) -> None:
        """Room for eight digits and more once a run gets there: a seven-digit label only just fits
        "Epoch 8 888 888", and the room it takes at 1024 px is the diagnosis's."""
        label = self.epoch
        metrics = label.fontMetrics()
        needed = metrics.horizontalAdvance(label.text()) + 2 + metrics.averageCharWidth()
        if needed > label.contentsRect().width():
            margins = label.contentsMargins()
            label.setFixedWidth(needed + margins.left() + margins.right() + 2)

    def show_frame(self, frame: Frame) -> None:
        snapshot = frame.snapshot
        metrics = snapshot.metrics
        self._fit(with_test=snapshot.data.n_test > 0)
        self.epoch.setText(f"Epoch {formatting.count(snapshot.epoch)}")
        self._fit_epoch()
        printed = snapshot.last_loss if math.isfinite(snapshot.last_loss) else metrics.train_loss
        loss = f"Loss {formatting.loss(printed)}"
        self._show_advice(snapshot.config, snapshot.data.n_train)
        explanations = [
            f"{printed!r}: the cost of the last epoch before its update, the figure the article prints "
            "(and `nnplayground train` reports)"
            if math.isfinite(snapshot.last_loss)
            else f"{printed!r}: the cost of the current weights on the points as they are now "
            "(no epoch trained on them yet)",
            _loss_words(snapshot.config),
            held_out_cost_note(
                snapshot.config.loss,
                snapshot.data.n_train,
                snapshot.data.n_test,
                metrics.train_loss,
                metrics.test_loss,
            ),
            self._advice,
        ]
        self.loss.setToolTip("\n\n".join(text for text in explanations if text))
        accuracy = f"Accuracy {formatting.percent(metrics.train_accuracy)}"
        if snapshot.data.n_test:
            loss += f" · test {formatting.loss(metrics.test_loss)}"
            accuracy += f" · test {formatting.percent(metrics.test_accuracy)}"
        self.loss.setText(loss)
        self.accuracy.setText(accuracy)
        self.accuracy.setToolTip(_accuracy_words(snapshot.config))
        # A regression has targets, not classes: there is no "right side of 0.5" to count.
        self.accuracy.setVisible(not snapshot.config.is_regression)
        self.speed.setText(formatting.rate(frame.epochs_per_second))
        divergence = snapshot.divergence
        if frame.state == RunState.DIVERGED and divergence is not None:
            self.state.setText(_STATE_TEXT[frame.state])
            self.state.setToolTip(divergence_text(snapshot))
        else:
            self.state.setText(_STATE_TEXT[frame.state])
            self.state.setToolTip("Running, stepping, paused or diverged")
        if self.state.property("state") != frame.state.value:
            self.state.setProperty("state", frame.state.value)
            self.state.style().unpolish(self.state)
            self.state.style().polish(self.state)

    def show_diagnosis(self, text: str) -> None:
        """Most of the network is stuck: say so and what to try ("" hides it)."""
        sentences = bar_sentences(text) if text else [""]
        # The sign goes last of all: the label's colour still marks it a warning.
        choices = [f"⚠ {sentence}" for sentence in sentences] + sentences[-1:] if text else sentences
        self.diagnosis.set_choices(choices)
        self.diagnosis.setToolTip(
            "Neurons marked on the diagram: ! saturated (σ′ < 0.01 on more than 90 % of the points), "
            "0 dead (ReLU zero on every point)"
        )
        self.diagnosis.setVisible(bool(text))

    def _show_advice(self, config: ExperimentConfig, n_train: int) -> None:
        """Worked out again only when the settings or the number of points change, not every frame."""
        if self._advice_for == (config, n_train):
            return
        self._advice_for = (config, n_train)
        self._advice = summed_cost_advice(config, n_train)
        self.advice.setText("" if self._advice is None else f"⚠ {self._advice}")
        self.advice.setVisible(self._advice is not None)
