"""A weight typed on the diagram changes the cost the status bar shows at once, not after the next epoch."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import Step
from nnplayground.notation import formatting
from nnplayground.notation.network_names import ParameterRef
from tests.ui.diagram.test_network_view import click_edge
from tests.ui.helpers import wait_until_idle


def test_the_status_bar_shows_the_cost_of_the_typed_weight(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(Step(3))
    wait_until_idle(qtbot, worker, epoch=3)
    view = main_window.network_view
    qtbot.waitUntil(lambda: view.diagram.state is not None)
    click_edge(qtbot, view.diagram, ParameterRef(1, 0, 0))
    view.editor.field.clear()
    qtbot.keyClicks(view.editor.field, "500")
    qtbot.keyClick(view.editor.field, Qt.Key.Key_Return)
    expected = Trainer(ExperimentConfig())
    expected.train(3)
    expected.set_weight(1, 0, 0, 500.0)
    cost = f"Loss {formatting.loss(expected.metrics().train_loss)}"
    loss_label = main_window.statusBar().findChild(QLabel, "statusLossLabel")
    qtbot.waitUntil(lambda: cost in loss_label.text())
