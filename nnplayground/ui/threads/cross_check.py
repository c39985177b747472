"""Run the scikit-learn cross-check off the GUI thread and hand its result back to the window.

``MLPClassifier.fit`` takes seconds and cannot be interrupted, so it runs on
a daemon Python thread rather than a QThread: a QThread still running when
the window closes would abort the process, a daemon thread just ends with
it. The GUI polls for the result with a timer (no signal crosses threads),
and a result is delivered only for the run it was started on — a run reset
meanwhile makes it meaningless.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from nnplayground.core.sklearn_crosscheck import CrossCheck, boundary_agreement, cross_check, plane_points
from nnplayground.core.trainer import Snapshot

POLL_MS = 100


class CrossCheckRunner(QObject):
    """One cross-check at a time; ``finished(snapshot, result)`` or ``failed(message)`` in the GUI thread."""

    started = Signal(str)
    finished = Signal(object, object)  # (Snapshot it was run on, CrossCheck)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._outcome: CrossCheck | Exception | None = None
        self._snapshot: Snapshot | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def is_running(self) -> bool:
        return self._snapshot is not None

    def start(self, snapshot: Snapshot) -> bool:
        """Cross-check ``snapshot``'s run; False (with ``failed``) when it cannot be, or one is running."""
        if self.is_running():
            self.failed.emit("a scikit-learn cross-check is already running; its result will appear soon")
            return False
        if snapshot.config.is_regression:
            self.failed.emit("the scikit-learn cross-check compares classifiers; this run is a regression")
            return False
        if snapshot.epoch < 1:
            self.failed.emit("train at least one epoch first: scikit-learn trains as many epochs as this run")
            return False
        self._snapshot = snapshot
        self._outcome = None
        thread = threading.Thread(
            target=self._run, args=(snapshot,), name="nnplayground-cross-check", daemon=True
        )
        thread.start()
        self._timer.start()
        self.started.emit(f"training scikit-learn's MLPClassifier for {snapshot.epoch:,} epochs…")
        return True

    def _run(self, snapshot: Snapshot) -> None:
        try:
            outcome: CrossCheck | Exception = cross_check(snapshot.config, snapshot.data, snapshot.epoch)
        except Exception as error:  # reported in the GUI, whatever scikit-learn raised
            outcome = error
        with self._lock:
            self._outcome = outcome

    @Slot()
    def _poll(self) -> None:
        with self._lock:
            outcome = self._outcome
        if outcome is None:
            return
        self._timer.stop()
        snapshot, self._snapshot = self._snapshot, None
        if isinstance(outcome, Exception):
            self.failed.emit(f"the scikit-learn cross-check failed: {outcome}")
        else:
            self.finished.emit(snapshot, outcome)


def loss_name(result: CrossCheck) -> str:
    """What scikit-learn's loss curve is: log-loss for two classes, the mean cross-entropy for more."""
    return "log-loss" if len(result.model.classes_) == 2 else "cross-entropy (mean over the points)"


def describe(snapshot: Snapshot, result: CrossCheck) -> str:
    """The cross-check's figures beside ours, then every way the two runs differ, as plain text.

    Accuracy is over the training points; where on the plane both pick the same class (the argmax
    of their probabilities, ``boundary_agreement``) compares the regions they draw.
    """
    epochs = len(result.loss_curve)
    ours = snapshot.metrics
    classes = len(result.model.classes_)
    agreement = boundary_agreement(result, snapshot.network, snapshot.config, plane_points(snapshot.data))
    lines = [
        f"scikit-learn's MLPClassifier, {epochs:,} epochs on the same {snapshot.data.n_train:,} points"
        f" ({classes} classes):",
        f"  its {loss_name(result)} {result.loss_curve[-1]:.4g}, "
        f"training accuracy {result.train_accuracy:.0%}"
        f" (this network: {ours.train_accuracy:.0%} after {snapshot.epoch:,} epochs)",
    ]
    if snapshot.data.n_test:
        lines.append(f"  test accuracy {result.test_accuracy:.0%} (this network: {ours.test_accuracy:.0%})")
    lines.append(f"  both pick the same class on {agreement:.0%} of the plane shown")
    lines.append("What differs:")
    lines.extend(f"  • {difference}" for difference in result.differences)
    return "\n".join(lines)
