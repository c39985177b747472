"""A 3-class file through File ▸ Import: the run takes K classes, the panel shows K, the bar counts over K."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from nnplayground.core.classes import label_indices, predicted_classes
from nnplayground.live.commands import Step
from nnplayground.notation import formatting
from tests.ui.helpers import SETTLE_TIMEOUT_MS, menu_action, wait_until_idle


def _three_class_csv(path) -> None:
    rng = np.random.RandomState(3)
    centres = np.array([[-1.0, 0.0], [1.0, 0.0], [0.0, 1.5]])
    rows = ["x1,x2,label"]
    for label, centre in enumerate(centres):
        for x1, x2 in centre + 0.3 * rng.randn(20, 2):
            rows.append(f"{x1:.4f},{x2:.4f},{label}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _import_through_the_menu(qtbot, window, monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), "CSV"))
    window.findChild(QAction, "importDataAction").trigger()
    qtbot.waitUntil(lambda: window.training.worker.latest().snapshot.imported_data, timeout=SETTLE_TIMEOUT_MS)


def test_a_three_class_file_sets_up_a_softmax_run_and_the_panel_shows_it(
    qtbot, main_window, tmp_path, monkeypatch
):
    path = tmp_path / "three.csv"
    _three_class_csv(path)
    _import_through_the_menu(qtbot, main_window, monkeypatch, path)
    config = main_window.training.worker.latest().snapshot.config
    assert (config.classes, config.output_activation, config.loss) == (3, "softmax", "cross_entropy")
    panel = main_window.controls
    qtbot.waitUntil(lambda: panel.data.classes_spin.value() == 3)
    assert panel.config == config, "the panel holds the run's configuration, so its next change keeps K"
    assert panel.network.output_activation.currentData() == "softmax"
    assert panel.message.text() == "3 classes in the file: a softmax output with the cross-entropy loss."
    assert len(main_window.training.worker.latest().snapshot.network.weights[-1][0]) == 3

    main_window.training.send(Step(150))
    frame = wait_until_idle(qtbot, main_window.training.worker, epoch=150)
    snapshot = frame.snapshot
    outputs = snapshot.network.predict(snapshot.data.X_train)
    expected = np.mean(predicted_classes(outputs) == label_indices(snapshot.data.y_train))
    qtbot.waitUntil(lambda: main_window._shown_serial == frame.serial)
    assert main_window.status.accuracy.text() == f"Accuracy {formatting.percent(expected)}"
    assert "most likely class (of 3)" in main_window.status.accuracy.toolTip()
    assert "Loss: cross-entropy" in main_window.status.loss.toolTip()
    diagram = main_window.network_view.diagram
    qtbot.waitUntil(lambda: diagram.state is not None and diagram.state.sizes[-1] == 3)


def test_a_two_class_file_imports_as_before(qtbot, main_window, tmp_path, monkeypatch):
    path = tmp_path / "two.csv"
    path.write_text("x1,x2,label\n0.5,0.25,0\n-1,2,1\n3.5,-0.75,0\n2,2,1\n0,1,1\n", encoding="utf-8")
    before = main_window.controls.config
    _import_through_the_menu(qtbot, main_window, monkeypatch, path)
    assert main_window.training.worker.latest().snapshot.config == before
    assert main_window.controls.config == before and not main_window.controls.message.isVisible()


def test_the_cross_check_of_a_three_class_run_reports_accuracy_and_agreement(qtbot, main_window):
    main_window.controls.load_preset("multi-class: 3 blobs")
    main_window.training.send(Step(200))
    wait_until_idle(qtbot, main_window.training.worker, epoch=200)
    qtbot.waitUntil(lambda: main_window.training.worker.latest().serial == main_window._shown_serial)
    menu_action(main_window, "Training", "Cross-check with scikit-learn").trigger()
    qtbot.waitUntil(
        lambda: main_window.cross_check.dialog is not None and main_window.cross_check.dialog.isVisible(),
        timeout=60_000,
    )
    text = main_window.cross_check.dialog.text()
    assert "(3 classes)" in text and "both pick the same class on" in text
    assert "training accuracy" in text and "this network:" in text
    line = main_window.boundary_view._reference_line
    qtbot.waitUntil(lambda: line.isVisible() and line.getData()[0] is not None and line.getData()[0].size > 0)
    legend = [label.text for _, label in main_window.boundary_view._legend.items]
    assert "scikit-learn class boundaries" in legend
