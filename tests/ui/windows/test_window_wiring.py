"""The control panel's new buttons reach what they name: cross-check, compare, view options, data."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QCheckBox, QFileDialog

from nnplayground.live.commands import Reset, Step
from tests.ui.helpers import SETTLE_TIMEOUT_MS, wait_until_idle


def test_cross_check_overlays_sklearns_boundary_and_curve_until_the_run_is_reset(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(Step(300))
    wait_until_idle(qtbot, worker, epoch=300)
    main_window.refresh()
    main_window.controls.compare.cross_check_button.click()
    qtbot.waitUntil(lambda: main_window.cross_check.dialog is not None, timeout=60_000)
    dialog_text = main_window.cross_check.dialog.text()
    assert "300 epochs on the same 100 points" in dialog_text
    assert "always adds biases" in dialog_text
    line = main_window.boundary_view._reference_line
    assert line.isVisible() and np.isfinite(line.getData()[0]).sum() > 10
    curve = main_window.loss_view._reference
    assert curve is not None and len(curve.getData()[0]) == 300

    worker.send(Reset())
    qtbot.waitUntil(lambda: main_window.loss_view._reference is None, timeout=SETTLE_TIMEOUT_MS)
    assert not line.isVisible(), "a new run's boundary is not what scikit-learn was compared with"


def test_cross_check_before_training_says_why_in_the_status_bar(qtbot, main_window):
    main_window.menus.cross_check_action.trigger()
    assert "at least one epoch" in main_window.statusBar().currentMessage()
    assert main_window.cross_check.dialog is None


def test_view_options_reach_the_boundary_view(qtbot, main_window):
    panel, view = main_window.controls, main_window.boundary_view
    discretize = panel.findChild(QCheckBox, "discretizeOutputCheck")
    show_test = panel.findChild(QCheckBox, "showTestDataCheck")
    assert not view._discretize and view._show_test
    discretize.click()
    show_test.click()
    assert view._discretize
    assert not view._show_test and not view._test.isVisible()


def test_compare_button_opens_compare_mode_once(qtbot, main_window):
    main_window.controls.compare.compare_button.click()
    window = main_window.compare_window
    assert window is not None and window.isVisible()
    main_window.controls.compare.compare_button.click()
    assert main_window.compare_window is window


def test_import_button_opens_the_import_dialog_and_imports(qtbot, main_window, tmp_path, monkeypatch):
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,label\n0,0,0\n1,0,0\n0,1,1\n1,1,1\n0.5,0.5,1\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), "CSV (*.csv)"))
    main_window.controls.data.import_button.click()
    worker = main_window.training.worker
    qtbot.waitUntil(lambda: worker.latest().snapshot.imported_data, timeout=SETTLE_TIMEOUT_MS)
    main_window.refresh()
    generated = main_window.controls.data.generated_button
    assert generated.isVisible()
    generated.click()
    qtbot.waitUntil(lambda: not worker.latest().snapshot.imported_data, timeout=SETTLE_TIMEOUT_MS)
    main_window.refresh()
    assert worker.latest().snapshot.data.n_train == 100
    assert not generated.isVisible()
