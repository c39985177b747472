"""The scikit-learn cross-check as the main window shows it: overlays that last as long as their run.

``threads.cross_check.CrossCheckRunner`` trains scikit-learn off the GUI
thread; this module puts its result on the views — a reference boundary, a
reference loss curve, a dialog in words — and takes the overlays down once
the window shows another run (``forget_other_runs``), since they would then
compare two different things.

For more than two classes scikit-learn's boundary is its argmax regions'
edges: it is handed to the boundary view as (n, K) probabilities, which that
view draws if it can; where it can draw only a two-class 0.5 line, the
dialog says the boundary is not drawn (its figures, and where both pick the
same class, still are).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QMainWindow, QMessageBox

from nnplayground.core.sklearn_crosscheck import CrossCheck
from nnplayground.core.trainer import Snapshot
from nnplayground.ui.boundary.view import BoundaryView
from nnplayground.ui.loss.view import LossView
from nnplayground.ui.threads.cross_check import CrossCheckRunner, describe, loss_name
from nnplayground.ui.windows.message_boxes import message_box


class CrossCheckOverlay(QObject):
    """Starts a cross-check of the snapshot drawn now and overlays its result while that run lasts.

    ``tell`` puts a passing message in the status bar (a timeout of 0 keeps it up).
    """

    def __init__(
        self,
        window: QMainWindow,
        views: tuple[BoundaryView, LossView],
        current: Callable[[], Snapshot],
        tell: Callable[[str, int], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._boundary_view, self._loss_view = views
        self._current = current
        self._tell = tell
        self.runner = CrossCheckRunner(self)
        self.dialog: QMessageBox | None = None
        self._run: int | None = None
        self.runner.started.connect(self._started)
        self.runner.failed.connect(lambda message: tell(message, 8000))
        self.runner.finished.connect(self._finished)

    @Slot()
    def start(self) -> None:
        """Cross-check the run as drawn now."""
        self.runner.start(self._current())

    def forget_other_runs(self, run_id: int) -> None:
        """Called every frame: the overlays go once the window shows another run than the checked one."""
        if self._run is not None and self._run != run_id:
            self._boundary_view.show_reference(None)
            self._loss_view.show_reference_curve(None, None, "")
            self._run = None

    @Slot(str)
    def _started(self, message: str) -> None:
        self._tell(message, 0)  # until the result replaces it

    @Slot(object, object)
    def _finished(self, snapshot: Snapshot, result: CrossCheck) -> None:
        status = self._window.statusBar()
        status.clearMessage()
        if snapshot.run_id != self._current().run_id:
            status.showMessage("The run was reset meanwhile; the cross-check was discarded", 8000)
            return
        features = snapshot.config.input_features
        self._boundary_view.show_reference(lambda points: result.predict(points, features), "scikit-learn")
        epochs = np.arange(1, len(result.loss_curve) + 1)
        self._loss_view.show_reference_curve(epochs, result.loss_curve, f"scikit-learn ({loss_name(result)})")
        self._run = snapshot.run_id
        self.dialog = message_box(
            self._window,
            self.dialog,
            "crossCheckDialog",
            "Cross-check with scikit-learn",
            QMessageBox.Icon.Information,
        )
        self.dialog.setText(describe(snapshot, result))
        self.dialog.show()
