"""Every menu entry, chosen from the menu bar as a person chooses it, does what it says.

``CHECKS`` maps each entry's path to a check of its effect — a file written and readable for
saves and exports, a mode entered and left, the run's state for play, step and reset. The menu
bar is walked afresh (menus opened, so entries filled on opening are there too): an entry with
no check fails ``test_every_menu_entry_has_a_check``, so a new one cannot go untested.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from nnplayground import __version__
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import PRESETS
from nnplayground.core.session import save_session
from nnplayground.core.trainer import Trainer
from nnplayground.live.frames import RunState
from nnplayground.ui.windows.actions import key_names

from .helpers import (
    TIMEOUT_MS,
    choose,
    draw_point,
    frame,
    menu_action,
    menu_actions,
    step_with_keys,
    wait_drawn,
    wait_idle,
)

RECENT = "File > Open Recent > "


def _written(path) -> None:
    assert path.exists(), f"nothing was written to {path.name}"
    assert path.stat().st_size > 0, f"{path.name} is empty"


def _export_picture(name: str, suffix: str) -> Callable:
    def check(qtbot, window, dialogs, tmp_path) -> None:
        step_with_keys(qtbot, window, 10)
        target = tmp_path / f"picture{suffix}"
        dialogs.save.append(str(target))
        choose(qtbot, window, f"File > Export > {name}…")
        assert dialogs.offered, "no save dialog was shown"
        offered = dialogs.offered[-1]
        assert offered.endswith(".png") and "False" not in offered, f"the dialog offered {offered!r}"
        _written(target)
        if suffix == ".png":
            assert not QImage(str(target)).isNull(), "the PNG does not open as a picture"
        else:
            assert "<svg" in target.read_text()
        assert not dialogs.messages, f"the export said: {dialogs.messages}"

    return check


def _saves(path: str) -> Callable:
    def check(qtbot, window, dialogs, tmp_path) -> None:
        step_with_keys(qtbot, window, 10)
        target = tmp_path / "run.nnpg"
        dialogs.save.append(str(target))
        choose(qtbot, window, path)
        qtbot.waitUntil(lambda: target.exists() and not window.files.is_modified(), timeout=TIMEOUT_MS)
        _written(target)
        assert "run.nnpg" in window.windowTitle() and "•" not in window.windowTitle()
        qtbot.waitUntil(lambda: "Saved run.nnpg" in window.statusBar().currentMessage(), timeout=TIMEOUT_MS)

    return check


def _open_session(qtbot, window, dialogs, tmp_path) -> None:
    config = ExperimentConfig(hidden_layers=(7,), learning_rate=0.3)
    trainer = Trainer(config)
    trainer.train(50)
    save_session(tmp_path / "seven.nnpg", trainer, custom_data=False)
    dialogs.open.append(str(tmp_path / "seven.nnpg"))
    choose(qtbot, window, "File > Open session…")
    qtbot.waitUntil(lambda: window.controls.config == config, timeout=TIMEOUT_MS)
    assert frame(window).snapshot.epoch == 50
    assert window.controls.network.units_spin.value() == 7
    assert "seven.nnpg" in window.windowTitle()


def _open_recent(qtbot, window, dialogs, tmp_path) -> None:
    step_with_keys(qtbot, window, 10)
    target = tmp_path / "recent.nnpg"
    dialogs.save.append(str(target))
    choose(qtbot, window, "File > Save session as…")
    qtbot.waitUntil(lambda: not window.files.is_modified(), timeout=TIMEOUT_MS)
    step_with_keys(qtbot, window, 10)
    choose(qtbot, window, RECENT + "recent.nnpg")
    qtbot.waitUntil(lambda: frame(window).snapshot.epoch == 10, timeout=TIMEOUT_MS)


def _import_data(qtbot, window, dialogs, tmp_path) -> None:
    points = tmp_path / "points.csv"
    points.write_text("x1,x2,label\n0.5,0.25,0\n-1,2,1\n3.5,-0.75,0\n2,2,1\n0,1,1\n")
    dialogs.open.append(str(points))
    choose(qtbot, window, "File > Import data (CSV)…")
    qtbot.waitUntil(lambda: frame(window).snapshot.imported_data, timeout=TIMEOUT_MS)
    assert frame(window).snapshot.data.n_train == 5


def _export_table(name: str, file_name: str, first_line: str) -> Callable:
    def check(qtbot, window, dialogs, tmp_path) -> None:
        step_with_keys(qtbot, window, 10)
        target = tmp_path / file_name
        dialogs.save.append(str(target))
        choose(qtbot, window, f"File > Export > {name}")
        _written(target)
        assert target.read_text().startswith(first_line)

    return check


def _run_script(path) -> float:
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"the exported script failed:\n{result.stderr[-2000:]}"
    return float(result.stdout.split()[-1])


def _export_script(qtbot, window, dialogs, tmp_path) -> None:
    at_start = tmp_path / "epoch0.py"
    dialogs.save.append(str(at_start))
    choose(qtbot, window, "File > Export > Run as Python script…")
    _written(at_start)
    _run_script(at_start)
    step_with_keys(qtbot, window, 10)
    trained = tmp_path / "epoch10.py"
    dialogs.save.append(str(trained))
    choose(qtbot, window, "File > Export > Run as Python script…")
    assert _run_script(trained) == frame(window).snapshot.last_loss


def _quit(qtbot, window, dialogs, tmp_path) -> None:
    choose(qtbot, window, "File > Quit")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT_MS)
    assert not window.training.is_running(), "quitting left the training thread running"


def _play_pause(qtbot, window, dialogs, tmp_path) -> None:
    choose(qtbot, window, "Training > Play / Pause")
    qtbot.waitUntil(lambda: frame(window).state == RunState.RUNNING, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: frame(window).snapshot.epoch > 0, timeout=TIMEOUT_MS)
    choose(qtbot, window, "Training > Play / Pause")
    wait_idle(qtbot, window)
    assert frame(window).state == RunState.PAUSED


def _step(qtbot, window, dialogs, tmp_path) -> None:
    choose(qtbot, window, "Training > Step")
    wait_idle(qtbot, window, window.controls.epochs_per_step())


def _reset(qtbot, window, dialogs, tmp_path) -> None:
    initial = frame(window).snapshot.network.weights[0].copy()
    step_with_keys(qtbot, window, 10)
    choose(qtbot, window, "Training > Reset")
    wait_idle(qtbot, window, 0)
    assert (frame(window).snapshot.network.weights[0] == initial).all(), "reset changed the seeded weights"


def _enter_stepper(qtbot, window) -> None:
    choose(qtbot, window, "Training > Step through backprop")
    qtbot.waitUntil(lambda: window.stepper_panel.isVisible(), timeout=TIMEOUT_MS)
    assert frame(window).stepper is not None


def _stepper(qtbot, window, dialogs, tmp_path) -> None:
    _enter_stepper(qtbot, window)
    assert menu_action(qtbot, window, "Training > Next phase").isEnabled()
    choose(qtbot, window, "Training > Step through backprop")
    qtbot.waitUntil(lambda: not window.stepper_panel.isVisible(), timeout=TIMEOUT_MS)
    assert window.loss_view.isVisible() and window.control_scroll.isVisible()
    assert not menu_action(qtbot, window, "Training > Next phase").isEnabled()


def _phase(qtbot, window) -> int:
    return frame(window).stepper.phase


def _next_phase(qtbot, window, dialogs, tmp_path) -> None:
    assert not menu_action(qtbot, window, "Training > Next phase").isEnabled(), "enabled outside the walk"
    _enter_stepper(qtbot, window)
    start = _phase(qtbot, window)
    choose(qtbot, window, "Training > Next phase")
    qtbot.waitUntil(lambda: _phase(qtbot, window) == start + 1, timeout=TIMEOUT_MS)


def _previous_phase(qtbot, window, dialogs, tmp_path) -> None:
    _enter_stepper(qtbot, window)
    start = _phase(qtbot, window)
    choose(qtbot, window, "Training > Next phase")
    qtbot.waitUntil(lambda: _phase(qtbot, window) == start + 1, timeout=TIMEOUT_MS)
    choose(qtbot, window, "Training > Previous phase")
    qtbot.waitUntil(lambda: _phase(qtbot, window) == start, timeout=TIMEOUT_MS)


def _leave_stepper(qtbot, window, dialogs, tmp_path) -> None:
    _enter_stepper(qtbot, window)
    choose(qtbot, window, "Training > Leave step-through")
    qtbot.waitUntil(lambda: not window.stepper_panel.isVisible(), timeout=TIMEOUT_MS)
    assert frame(window).stepper is None and window.control_scroll.isVisible()


def _gradient_check(qtbot, window, dialogs, tmp_path) -> None:
    _enter_stepper(qtbot, window)
    choose(qtbot, window, "Training > Gradient check")
    qtbot.waitUntil(lambda: frame(window).gradient_report is not None, timeout=TIMEOUT_MS)
    wait_drawn(qtbot, window)


def _cross_check(qtbot, window, dialogs, tmp_path) -> None:
    step_with_keys(qtbot, window, 10)
    choose(qtbot, window, "Training > Cross-check with scikit-learn")
    qtbot.waitUntil(
        lambda: window.cross_check.dialog is not None and window.cross_check.dialog.isVisible(),
        timeout=60_000,
    )
    assert "scikit-learn" in window.cross_check.dialog.text()
    window.cross_check.dialog.close()


def _toggle_hidden(qtbot, window, dialogs, tmp_path) -> None:
    assert window.controls.config.hidden_layers == (4,)
    choose(qtbot, window, "Network > Toggle hidden layer")
    qtbot.waitUntil(lambda: frame(window).snapshot.config.hidden_layers == (), timeout=TIMEOUT_MS)
    choose(qtbot, window, "Network > Toggle hidden layer")
    qtbot.waitUntil(lambda: frame(window).snapshot.config.hidden_layers == (4,), timeout=TIMEOUT_MS)


def _preset(name: str) -> Callable:
    def check(qtbot, window, dialogs, tmp_path) -> None:
        draw_point(qtbot, window)
        step_with_keys(qtbot, window, 10)
        run = frame(window).snapshot.run_id
        choose(qtbot, window, f"Network > Preset: {name}")
        qtbot.waitUntil(lambda: frame(window).snapshot.run_id != run, timeout=TIMEOUT_MS)
        wait_idle(qtbot, window, 0)
        snapshot = frame(window).snapshot
        assert snapshot.config == PRESETS[name]
        assert not snapshot.imported_data, "the preset's own data, not the drawn points"
        assert snapshot.data.n_train == PRESETS[name].n_samples

    return check


def _bring_back_points(qtbot, window, dialogs, tmp_path) -> None:
    assert not menu_action(qtbot, window, "Network > Bring back my points").isEnabled(), "nothing set aside"
    draw_point(qtbot, window)
    choose(qtbot, window, "Network > Preset: article: perceptron")
    qtbot.waitUntil(lambda: not frame(window).snapshot.imported_data, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: "Bring back my points" in window.statusBar().currentMessage(), timeout=TIMEOUT_MS)
    choose(qtbot, window, "Network > Bring back my points")
    qtbot.waitUntil(lambda: frame(window).snapshot.imported_data, timeout=TIMEOUT_MS)
    assert frame(window).snapshot.data.n_train == 101


def _log_scale(qtbot, window, dialogs, tmp_path) -> None:
    axis = window.loss_view.findChild(pg.PlotWidget).getPlotItem().getAxis("left")
    choose(qtbot, window, "View > Log-scale loss")
    assert window.loss_view.log_scale.isChecked() and axis.logMode
    choose(qtbot, window, "View > Log-scale loss")
    assert not window.loss_view.log_scale.isChecked() and not axis.logMode


def _log_epochs(qtbot, window, dialogs, tmp_path) -> None:
    axis = window.loss_view.findChild(pg.PlotWidget).getPlotItem().getAxis("bottom")
    choose(qtbot, window, "View > Log-scale epochs")
    assert window.loss_view.log_epochs.isChecked() and axis.logMode
    choose(qtbot, window, "View > Log-scale epochs")
    assert not window.loss_view.log_epochs.isChecked() and not axis.logMode


def _trail(qtbot, window, dialogs, tmp_path) -> None:
    box = window.controls.view.trail
    choose(qtbot, window, "View > Boundary trail")
    assert box.isChecked()
    choose(qtbot, window, "View > Boundary trail")
    assert not box.isChecked()


def _learn_the_article(qtbot, window, dialogs, tmp_path) -> None:
    choose(qtbot, window, "Help > Learn the article")
    qtbot.waitUntil(window.tour.isVisible, timeout=TIMEOUT_MS)
    assert window.tour.panel.title.text() == window.tour.chapter.title
    assert QApplication.activeModalWidget() is None, "the tour must not be a modal dialog"


def _compare(qtbot, window, dialogs, tmp_path) -> None:
    choose(qtbot, window, "View > Compare two networks…")
    qtbot.waitUntil(lambda: window.compare_window is not None and window.compare_window.isVisible())
    compare = window.compare_window
    qtbot.waitExposed(compare)
    compare.close()
    qtbot.waitUntil(lambda: not compare.is_open(), timeout=TIMEOUT_MS)


def _draw_points(qtbot, window, dialogs, tmp_path) -> None:
    choose(qtbot, window, "View > Draw points")
    assert window.boundary_view.is_drawing()
    choose(qtbot, window, "View > Draw points")
    assert not window.boundary_view.is_drawing()


def _shortcuts_help(qtbot, window, dialogs, tmp_path) -> None:
    choose(qtbot, window, "Help > Keyboard shortcuts")
    assert dialogs.messages, "no help was shown"
    shown = dialogs.messages[-1]
    missing = []
    for path, action in menu_actions(qtbot, window).items():
        keys = key_names(action, " or ")
        if keys and f"{keys} — " not in shown:
            missing.append(f"{path} ({keys})")
        if keys:
            assert action.toolTip().endswith(f"({key_names(action)})"), (
                f"{path}'s tooltip does not name its keys"
            )
    assert not missing, f"the shortcuts help does not mention: {missing}"


def _about(qtbot, window, dialogs, tmp_path) -> None:
    choose(qtbot, window, "Help > About nnplayground")
    assert dialogs.messages, "no About was shown"
    about = dialogs.messages[-1]
    assert "Adding Hidden Layers" in about and "4.17" in about and "1.50" in about
    assert f"nnplayground {__version__}" in about and "MIT licence" in about


CHECKS: dict[str, Callable] = {
    "File > Open session…": _open_session,
    RECENT + "*": _open_recent,
    "File > Save session": _saves("File > Save session"),
    "File > Save session as…": _saves("File > Save session as…"),
    "File > Import data (CSV)…": _import_data,
    "File > Export > Decision boundary…": _export_picture("Decision boundary", ".png"),
    "File > Export > Loss curve…": _export_picture("Loss curve", ".svg"),
    "File > Export > Network diagram…": _export_picture("Network diagram", ".png"),
    "File > Export > Loss history as CSV…": _export_table("Loss history as CSV…", "history.csv", "epoch,"),
    "File > Export > Data as CSV…": _export_table("Data as CSV…", "points.csv", "x1,x2,label"),
    "File > Export > Run as Python script…": _export_script,
    "File > Quit": _quit,
    "Training > Play / Pause": _play_pause,
    "Training > Step": _step,
    "Training > Reset": _reset,
    "Training > Step through backprop": _stepper,
    "Training > Next phase": _next_phase,
    "Training > Previous phase": _previous_phase,
    "Training > Leave step-through": _leave_stepper,
    "Training > Gradient check": _gradient_check,
    "Training > Cross-check with scikit-learn": _cross_check,
    "Network > Toggle hidden layer": _toggle_hidden,
    **{f"Network > Preset: {name}": _preset(name) for name in PRESETS},
    "Network > Bring back my points": _bring_back_points,
    "View > Log-scale loss": _log_scale,
    "View > Log-scale epochs": _log_epochs,
    "View > Boundary trail": _trail,
    "View > Compare two networks…": _compare,
    "View > Draw points": _draw_points,
    "Help > Learn the article": _learn_the_article,
    "Help > Keyboard shortcuts": _shortcuts_help,
    "Help > About nnplayground": _about,
}


def _entry(path: str) -> str:
    """Recent files are whatever was saved last: they share one check."""
    return RECENT + "*" if path.startswith(RECENT) else path


def test_every_menu_entry_has_a_check(qtbot, window):
    entries = {_entry(path) for path in menu_actions(qtbot, window)}
    entries.add(RECENT + "*")  # empty on a first start ("no recent sessions"); checked after a save
    unchecked = sorted(entries - set(CHECKS) - {RECENT + "(no recent sessions)"})
    gone = sorted(set(CHECKS) - entries)
    assert not unchecked, f"menu entries with no check in CHECKS (add one): {unchecked}"
    assert not gone, f"CHECKS names entries the menus no longer have: {gone}"


@pytest.mark.parametrize("path", list(CHECKS))
def test_the_menu_entry_does_what_it_says(qtbot, window, dialogs, tmp_path, path):
    window.files.confirm_discard = False
    CHECKS[path](qtbot, window, dialogs, tmp_path)
    assert QApplication.activeModalWidget() is None, "a modal dialog was left open"


def test_exporting_the_history_of_a_run_that_has_not_trained_says_why_there_is_none(
    qtbot, window, dialogs, tmp_path
):
    """After a Reset the history is empty: a file with only a header, and no word, looked like a bug."""
    step_with_keys(qtbot, window, 10)
    choose(qtbot, window, "Training > Reset")
    wait_idle(qtbot, window, 0)
    dialogs.save.append(str(tmp_path / "history.csv"))
    choose(qtbot, window, "File > Export > Loss history as CSV…")
    assert not dialogs.offered, "no file is asked for when there is nothing to write"
    assert dialogs.messages and "not trained an epoch yet" in dialogs.messages[-1]
    assert not (tmp_path / "history.csv").exists()
