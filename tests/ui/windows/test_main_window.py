"""The main window as a person uses it: buttons, settings, presets, shortcuts, divergence."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import Pause, Play
from nnplayground.live.frames import RunState
from nnplayground.ui.windows.actions import shortcuts_text
from tests.ui.helpers import SETTLE_TIMEOUT_MS, fail_next_chunk, wait_for_config, wait_until_idle

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

REQUIRED_NAMES = (
    "hiddenLayerToggle",
    "hiddenUnitsSpin",
    "learningRateSpin",
    "epochsPerStepSpin",
    "stepButton",
    "playButton",
    "resetButton",
    "boundaryView",
    "lossView",
    "statusEpochLabel",
    "statusLossLabel",
)


def find(window, name: str, kind: type = QWidget):
    widget = window.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name!r}"
    return widget


def step(qtbot, window, epochs: int):
    find(window, "epochsPerStepSpin", QSpinBox).setValue(epochs)
    start = window.training.worker.latest().snapshot.epoch
    qtbot.mouseClick(find(window, "stepButton", QPushButton), Qt.MouseButton.LeftButton)
    return wait_until_idle(qtbot, window.training.worker, epoch=start + epochs)


def wait_drawn(qtbot, window) -> None:
    """Wait until the window has drawn the worker's newest frame."""
    qtbot.waitUntil(lambda: window._shown_serial == window.training.worker.latest().serial)


def test_it_opens_on_the_article_network_ready_to_train(main_window):
    frame = main_window.training.worker.latest()
    assert frame.snapshot.config == ARTICLE_ONE_HIDDEN_LAYER
    assert frame.snapshot.epoch == 0
    assert frame.state == RunState.PAUSED
    assert find(main_window, "hiddenLayerToggle", QCheckBox).isChecked()


def test_main_controls_have_object_and_accessible_names(main_window):
    for name in REQUIRED_NAMES:
        widget = find(main_window, name)
        assert widget.accessibleName(), f"{name} has no accessible name"


def test_every_control_has_a_tooltip(main_window):
    kinds = (QAbstractButton, QComboBox, QAbstractSpinBox, QSlider)
    controls = [w for kind in kinds for w in main_window.controls.findChildren(kind)]
    assert len(controls) >= 18
    missing = [w.objectName() or type(w).__name__ for w in controls if not w.toolTip()]
    assert not missing


@pytest.mark.parametrize("epochs", [1, 10, 1_234])
def test_step_advances_exactly_n_epochs_and_matches_the_headless_engine(qtbot, main_window, epochs):
    frame = step(qtbot, main_window, epochs)
    headless = Trainer(ExperimentConfig())
    headless.train(epochs)
    assert frame.snapshot.epoch == epochs
    assert frame.snapshot.last_loss == headless.last_loss
    assert frame.snapshot.metrics.train_loss == headless.metrics().train_loss
    wait_drawn(qtbot, main_window)
    assert find(main_window, "statusEpochLabel", QLabel).text() == f"Epoch {epochs:,}".replace(",", "\u2009")
    loss_label = find(main_window, "statusLossLabel", QLabel)
    assert loss_label.text() == f"Loss {headless.last_loss:.4f}"
    assert loss_label.toolTip().startswith(repr(headless.last_loss)), "every digit, as the CLI prints it"


def test_play_then_pause_stops_within_200_ms(qtbot, main_window):
    worker = main_window.training.worker
    play = find(main_window, "playButton", QPushButton)
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: worker.latest().state == RunState.RUNNING and worker.latest().snapshot.epoch > 1_000
    )
    qtbot.waitUntil(lambda: play.text() == "Pause")
    asked = time.perf_counter()
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: worker.latest().state == RunState.PAUSED, timeout=2_000)
    assert time.perf_counter() - asked < 0.2
    stopped_at = worker.latest().snapshot.epoch
    qtbot.waitUntil(lambda: play.text() == "Play")
    assert worker.latest().snapshot.epoch == stopped_at


def test_hidden_toggle_switches_between_the_article_networks_and_keeps_a_ghost(qtbot, main_window):
    worker = main_window.training.worker
    step(qtbot, main_window, 2_000)
    wait_drawn(qtbot, main_window)

    find(main_window, "hiddenLayerToggle", QCheckBox).click()
    wait_for_config(qtbot, worker, hidden_layers=())
    assert worker.latest().snapshot.config == ARTICLE_PERCEPTRON
    assert worker.latest().snapshot.network.layer_sizes == [2, 1]
    wait_drawn(qtbot, main_window)
    assert main_window.loss_view.ghost_labels == ["2-4-1 network, sigmoid"]

    step(qtbot, main_window, 2_000)
    find(main_window, "hiddenLayerToggle", QCheckBox).click()
    wait_for_config(qtbot, worker, hidden_layers=(4,))
    assert worker.latest().snapshot.config == ARTICLE_ONE_HIDDEN_LAYER
    wait_drawn(qtbot, main_window)
    assert main_window.loss_view.ghost_labels == ["perceptron, article's σ′"]


def test_the_h_key_and_the_menu_action_toggle_the_hidden_layer(qtbot, main_window):
    assert main_window.menus.hidden_action.shortcut() == QKeySequence("H")
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    qtbot.keyClick(main_window, Qt.Key.Key_H)
    wait_for_config(qtbot, main_window.training.worker, hidden_layers=())


def test_keyboard_shortcuts(main_window):
    shortcuts = {
        main_window.menus.play_action: "Space",
        main_window.menus.step_action: "Right",
        main_window.menus.reset_action: "R",
        main_window.menus.hidden_action: "H",
        main_window.menus.quit_action: "Ctrl+Q",
    }
    for action, keys in shortcuts.items():
        assert action.shortcut() == QKeySequence(keys), action.text()


def test_space_plays_and_pauses_even_when_the_play_button_has_focus(qtbot, main_window):
    worker = main_window.training.worker
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    find(main_window, "playButton", QPushButton).setFocus()
    qtbot.keyClick(main_window.focusWidget() or main_window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: worker.latest().state == RunState.RUNNING)
    qtbot.keyClick(main_window.focusWidget() or main_window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: worker.latest().state == RunState.PAUSED)


@pytest.mark.parametrize(
    ("button", "expected"),
    [("presetPerceptronButton", ARTICLE_PERCEPTRON), ("presetHiddenButton", ARTICLE_ONE_HIDDEN_LAYER)],
)
def test_presets_load_the_article_configurations_from_epoch_zero(qtbot, main_window, button, expected):
    find(main_window, "learningRateSpin", QAbstractSpinBox).setValue(2.0)
    step(qtbot, main_window, 100)
    qtbot.mouseClick(find(main_window, button, QPushButton), Qt.MouseButton.LeftButton)
    wait_for_config(qtbot, main_window.training.worker, learning_rate=0.5)
    frame = wait_until_idle(qtbot, main_window.training.worker, epoch=0)
    assert frame.snapshot.config == expected
    assert main_window.controls.config == expected


def test_reset_returns_to_epoch_zero_with_the_seeded_weights(qtbot, main_window):
    worker = main_window.training.worker
    initial = worker.latest().snapshot.network.weights[0].copy()
    step(qtbot, main_window, 500)
    qtbot.mouseClick(find(main_window, "resetButton", QPushButton), Qt.MouseButton.LeftButton)
    frame = wait_until_idle(qtbot, worker, epoch=0)
    assert (frame.snapshot.network.weights[0] == initial).all()


def _set_combo(window, name: str, value: str) -> None:
    combo = find(window, name, QComboBox)
    index = combo.findData(value)
    assert index >= 0, f"{name} has no {value!r}"
    combo.setCurrentIndex(index)


CONTROL_CHANGES = [
    (lambda w: find(w, "hiddenUnitsSpin", QSpinBox).setValue(9), {"hidden_layers": (9,)}),
    (lambda w: find(w, "learningRateSpin", QAbstractSpinBox).setValue(3.0), {"learning_rate": 3.0}),
    (lambda w: _set_combo(w, "hiddenActivationCombo", "tanh"), {"hidden_activation": "tanh"}),
    (lambda w: _set_combo(w, "outputActivationCombo", "linear"), {"output_activation": "linear"}),
    (lambda w: _set_combo(w, "lossCombo", "log_loss"), {"loss": "log_loss"}),
    (lambda w: find(w, "biasCheck", QCheckBox).setChecked(True), {"bias": True}),
    (lambda w: _set_combo(w, "datasetCombo", "circles"), {"dataset": "circles"}),
    (lambda w: find(w, "samplesSpin", QSpinBox).setValue(250), {"n_samples": 250}),
    (lambda w: find(w, "noiseSpin", QAbstractSpinBox).setValue(0.25), {"noise": 0.25}),
    (lambda w: find(w, "testFractionSpin", QSpinBox).setValue(30), {"test_fraction": 0.3}),
    (lambda w: find(w, "regenerateButton", QPushButton).click(), {"data_seed": 1}),
    (lambda w: find(w, "hiddenLayerToggle", QCheckBox).setChecked(False), {"hidden_layers": ()}),
]


@pytest.mark.parametrize(("change", "expected"), CONTROL_CHANGES)
def test_every_setting_reaches_the_trainer(qtbot, main_window, change, expected):
    change(main_window)
    wait_for_config(qtbot, main_window.training.worker, **expected)
    assert main_window.training.worker.latest().snapshot.config == main_window.controls.config


def test_settings_changed_while_playing_apply_between_chunks(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(Play())
    qtbot.waitUntil(lambda: worker.latest().snapshot.epoch > 500)
    find(main_window, "learningRateSpin", QAbstractSpinBox).setValue(1.0)
    wait_for_config(qtbot, worker, learning_rate=1.0)
    assert worker.latest().state == RunState.RUNNING
    assert worker.latest().snapshot.epoch > 500


def test_the_speed_slider_reaches_the_worker(qtbot, main_window):
    slider = find(main_window, "speedSlider", QSlider)
    slider.setValue(0)
    assert find(main_window, "speedLabel", QLabel).text() == "slow motion: 1 epoch/s"
    worker = main_window.training.worker
    qtbot.waitUntil(lambda: worker._speed_limit == 1)
    slider.setValue(slider.maximum())
    qtbot.waitUntil(lambda: worker._speed_limit is None)


def test_custom_epochs_per_step_shows_the_spin_box(qtbot, main_window):
    combo = find(main_window, "epochsPerStepCombo", QComboBox)
    spin = find(main_window, "epochsPerStepSpin", QSpinBox)
    combo.setCurrentIndex(combo.findData(10_000))
    assert spin.value() == 10_000
    assert not spin.isVisible()
    spin.setValue(4_321)
    assert combo.currentData() is None
    assert spin.isVisible()


def test_the_custom_epochs_box_does_not_widen_the_panel(qtbot, main_window):
    combo = find(main_window, "epochsPerStepCombo", QComboBox)
    width = main_window.controls.minimumSizeHint().width()
    combo.setCurrentIndex(combo.findData(None))
    assert find(main_window, "epochsPerStepSpin", QSpinBox).isVisible()
    assert main_window.controls.minimumSizeHint().width() <= width


def test_an_invalid_learning_rate_is_refused_with_what_is_allowed(qtbot, main_window):
    spin = find(main_window, "learningRateSpin", QAbstractSpinBox)
    spin.lineEdit().setText("2e7")
    spin.interpretText()
    message = find(main_window, "controlMessageLabel", QLabel).text()
    assert "learning rate must be a number from 1e-06 to 1e+06" in message
    assert main_window.controls.config.learning_rate == 0.5


def test_an_invalid_combination_is_refused_with_the_engine_message(qtbot, main_window):
    _set_combo(main_window, "outputActivationCombo", "linear")
    wait_for_config(qtbot, main_window.training.worker, output_activation="linear")
    _set_combo(main_window, "lossCombo", "log_loss")
    assert "log-loss needs a sigmoid output" in find(main_window, "controlMessageLabel", QLabel).text()
    assert find(main_window, "lossCombo", QComboBox).currentData() == "half_sse"
    assert main_window.controls.config.loss == "half_sse"


def test_a_diverging_learning_rate_pauses_and_says_why(qtbot, main_window):
    worker = main_window.training.worker
    _set_combo(main_window, "outputActivationCombo", "linear")
    find(main_window, "learningRateSpin", QAbstractSpinBox).setValue(50.0)
    wait_for_config(qtbot, worker, output_activation="linear", learning_rate=50.0)
    qtbot.mouseClick(find(main_window, "playButton", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: worker.latest().state == RunState.DIVERGED, timeout=5_000)
    wait_drawn(qtbot, main_window)

    banner = find(main_window, "divergenceBanner", QLabel)
    assert banner.isVisible()
    assert "diverged at epoch" in banner.text()
    assert "lower the learning rate (now 50)" in banner.text()
    state = find(main_window, "statusStateLabel", QLabel)
    assert state.text() == "diverged" and state.toolTip().startswith("diverged at epoch ")
    assert find(main_window, "playButton", QPushButton).text() == "Play"

    find(main_window, "learningRateSpin", QAbstractSpinBox).setValue(0.01)
    wait_for_config(qtbot, worker, learning_rate=0.01)
    qtbot.waitUntil(lambda: not banner.isVisible())


def test_a_worker_exception_shows_a_dialog_and_training_can_go_on(qtbot, main_window, monkeypatch):
    worker = main_window.training.worker
    fail_next_chunk(monkeypatch, worker)
    qtbot.mouseClick(find(main_window, "stepButton", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main_window.error_dialog is not None and main_window.error_dialog.isVisible())
    assert "simulated failure" in main_window.error_dialog.informativeText()
    main_window.error_dialog.close()
    assert step(qtbot, main_window, 5).snapshot.epoch == 5


def test_the_views_draw_while_training(qtbot, main_window):
    drawn = main_window.boundary_view.frames_drawn
    main_window.training.worker.send(Play())
    qtbot.waitUntil(lambda: main_window.boundary_view.frames_drawn >= drawn + 5)
    main_window.training.worker.send(Pause())


def test_the_loss_view_reads_out_under_the_pointer(qtbot, main_window):
    step(qtbot, main_window, 1_000)
    wait_drawn(qtbot, main_window)
    view = main_window.loss_view
    plot = view._plot.getPlotItem()
    centre = plot.getViewBox().mapViewToScene(plot.getViewBox().viewRect().center())
    view._hover(centre)
    assert view.readout.text().startswith("epoch ")
    assert "train " in view.readout.text()


def test_log_scale_toggle(main_window):
    main_window.menus.log_action.trigger()
    assert main_window.loss_view.log_scale.isChecked()
    assert main_window.loss_view._plot.getPlotItem().ctrl.logYCheck.isChecked()


@pytest.mark.slow
def test_the_article_preset_reaches_the_article_figure_at_200000_epochs(qtbot, main_window):
    step(qtbot, main_window, 200_000)
    wait_drawn(qtbot, main_window)
    frame = main_window.training.worker.latest()
    assert f"{frame.snapshot.last_loss:.2f}" == "1.50"
    assert find(main_window, "statusLossLabel", QLabel).text().startswith("Loss 1.50")


def test_the_boundary_view_fits_the_data_and_refits_after_zooming(qtbot, main_window):
    view_box = main_window.boundary_view.plot.getPlotItem().getViewBox()
    fitted = view_box.viewRange()
    view_box.scaleBy((0.5, 0.5))
    assert view_box.viewRange() != fitted
    main_window.boundary_view._fit_data()
    assert [list(r) for r in view_box.viewRange()] == [list(r) for r in fitted]
    qtbot.waitUntil(lambda: main_window.boundary_view._drawn_key[1:] == tuple(v for r in fitted for v in r))


def test_a_dark_desktop_theme_still_gets_the_light_window_the_plots_are_drawn_for(qtbot):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication, QGroupBox

    from nnplayground.ui.windows.main_window import MainWindow

    app = QApplication.instance()
    dark = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        dark.setColor(role, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    app.setPalette(dark)
    window = MainWindow()
    window.files.confirm_discard = False
    qtbot.addWidget(window)
    try:
        group = window.controls.findChild(QGroupBox)
        background = group.palette().color(QPalette.ColorRole.Window)
        assert background.lightness() > 200, "the panel behind the dark group titles must be light"
        assert window.palette().color(QPalette.ColorRole.WindowText).lightness() < 100
    finally:
        assert window.shutdown()


def test_h_while_training_lets_the_perceptron_take_over_without_pausing(qtbot, main_window):
    worker = main_window.training.worker
    main_window.menus.play_action.trigger()
    qtbot.waitUntil(lambda: worker.latest().snapshot.epoch > 100, timeout=SETTLE_TIMEOUT_MS)
    main_window.menus.hidden_action.trigger()
    wait_for_config(qtbot, worker, hidden_layers=())
    run = worker.latest().snapshot.run_id
    qtbot.waitUntil(
        lambda: worker.latest().snapshot.run_id == run and worker.latest().snapshot.epoch > 100,
        timeout=SETTLE_TIMEOUT_MS,
    )
    assert worker.latest().state == RunState.RUNNING
    main_window.menus.play_action.trigger()
    qtbot.waitUntil(lambda: worker.latest().state == RunState.PAUSED, timeout=SETTLE_TIMEOUT_MS)


def test_tooltips_and_the_shortcuts_help_name_each_key_as_its_action_has_it(main_window):
    menus = main_window.menus
    assert menus.compare_action.toolTip().endswith("(Ctrl+K)")
    assert menus.next_phase_action.toolTip().endswith("(N, Page Down)")
    assert menus.step_action.toolTip().endswith("(→)")
    menus.compare_action.setShortcut(QKeySequence("Ctrl+J"))  # the help follows the action, not a table
    help_text = shortcuts_text(main_window.menuBar())
    assert "Ctrl+J — Compare two networks" in help_text
    assert "N or Page Down — Next phase" in help_text
    assert (
        f"{menus.quit_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)} — Quit" in help_text
    )
