"""Sessions and exports from the window: saved exactly, reopened exactly, never lost."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.session import load_session, save_session
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import Step
from tests.ui.helpers import menu_action, save_and_wait, wait_until_idle


@pytest.fixture
def answers(monkeypatch):
    """Records the dialogs the window shows and answers them without a person."""
    shown: dict[str, list] = {"warnings": [], "questions": []}

    def warning(parent, title, text, *args, **kwargs):
        shown["warnings"].append(text)
        return QMessageBox.StandardButton.Ok

    def question(parent, title, text, buttons=QMessageBox.StandardButton.NoButton, *args, **kwargs):
        shown["questions"].append(text)
        shown.setdefault("buttons", []).append(buttons)
        if buttons & QMessageBox.StandardButton.Discard:
            return QMessageBox.StandardButton.Discard
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "question", question)
    return shown


def _train(qtbot, window, epochs: int) -> None:
    worker = window.training.worker
    start = worker.latest().snapshot.epoch
    worker.send(Step(epochs))
    wait_until_idle(qtbot, worker, epoch=start + epochs)


def test_save_then_open_continues_exactly_where_it_stopped(qtbot, main_window, tmp_path, answers):
    path = tmp_path / "run.nnpg"
    _train(qtbot, main_window, 700)
    save_and_wait(qtbot, main_window, path)
    assert "•" not in main_window.files.window_title() and "run.nnpg" in main_window.files.window_title()
    _train(qtbot, main_window, 300)
    assert main_window.files.is_modified()

    main_window.files.confirm_discard = True
    main_window.open_path(str(path))
    qtbot.waitUntil(lambda: main_window.training.worker.latest().snapshot.epoch == 700, timeout=20_000)
    assert answers["questions"], "opening over unsaved work asks first"
    _train(qtbot, main_window, 300)
    headless = Trainer(ExperimentConfig())
    headless.train(1_000)
    assert main_window.training.worker.latest().snapshot.last_loss == headless.last_loss


def test_opening_restores_the_controls_to_the_saved_settings(qtbot, main_window, tmp_path, answers):
    config = ExperimentConfig(hidden_layers=(7,), learning_rate=0.3)
    trainer = Trainer(config)
    trainer.train(50)
    save_session(tmp_path / "seven.nnpg", trainer, custom_data=False)
    main_window.open_path(str(tmp_path / "seven.nnpg"))
    qtbot.waitUntil(lambda: main_window.controls.config == config, timeout=20_000)
    assert main_window.controls.network.units_spin.value() == 7
    assert main_window.training.worker.latest().snapshot.epoch == 50


def test_a_corrupt_file_is_refused_and_the_session_is_untouched(qtbot, main_window, tmp_path, answers):
    _train(qtbot, main_window, 200)
    before = main_window.training.worker.latest().snapshot
    garbage = tmp_path / "broken.nnpg"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    main_window.open_path(str(garbage))
    qtbot.waitUntil(lambda: bool(answers["warnings"]), timeout=20_000)
    assert "Could not open broken.nnpg" in answers["warnings"][0]
    assert "unchanged" in answers["warnings"][0]
    after = main_window.training.worker.latest().snapshot
    assert after.epoch == before.epoch and after.run_id == before.run_id


def test_saving_to_an_unwritable_place_says_so(qtbot, main_window, tmp_path, answers):
    _train(qtbot, main_window, 10)
    main_window.files.path = tmp_path / "no-such-folder" / "run.nnpg"
    main_window.files.save()
    qtbot.waitUntil(lambda: bool(answers["warnings"]), timeout=20_000)
    assert "Could not save" in answers["warnings"][0]
    assert main_window.files.is_modified()


def test_exported_script_prints_the_cost_the_window_shows(qtbot, main_window, tmp_path, monkeypatch):
    _train(qtbot, main_window, 400)
    target = tmp_path / "run.py"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    main_window.files.export_script()
    result = subprocess.run([sys.executable, str(target)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout.split()[-1]) == main_window.training.worker.latest().snapshot.last_loss


def test_views_history_and_data_export_to_valid_files(qtbot, main_window, tmp_path, monkeypatch):
    _train(qtbot, main_window, 100)
    targets = iter(
        [tmp_path / "boundary.png", tmp_path / "loss.svg", tmp_path / "history.csv", tmp_path / "data.csv"]
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(next(targets)), ""))
    main_window.files.export_view("boundary")
    main_window.files.export_view("loss")
    main_window.files.export_history()
    main_window.files.export_data()
    assert not QImage(str(tmp_path / "boundary.png")).isNull()
    assert "<svg" in (tmp_path / "loss.svg").read_text()
    assert (tmp_path / "history.csv").read_text().startswith("epoch,train_loss")
    assert len((tmp_path / "data.csv").read_text().splitlines()) == 101


def test_saved_session_loads_headless_with_the_same_epoch(qtbot, main_window, tmp_path, answers):
    _train(qtbot, main_window, 123)
    save_and_wait(qtbot, main_window, tmp_path / "headless.nnpg")
    trainer, custom = load_session(tmp_path / "headless.nnpg")
    assert trainer.epoch == 123 and not custom


def test_an_opened_session_names_its_own_curve_and_keeps_the_old_one_as_a_ghost(
    qtbot, main_window, tmp_path, answers
):
    """The loss legend must say which network the curve is, even when the file's run has this run's number."""
    perceptron = Trainer(ExperimentConfig(hidden_layers=()))
    perceptron.train(40)
    assert perceptron.run_id == main_window.training.worker.latest().snapshot.run_id
    save_session(tmp_path / "perceptron.nnpg", perceptron, custom_data=False)
    _train(qtbot, main_window, 30)
    main_window.refresh()  # the window draws the 30 epochs before the file replaces them
    main_window.loss_view.flush()

    main_window.open_path(str(tmp_path / "perceptron.nnpg"))
    qtbot.waitUntil(lambda: main_window.training.worker.latest().snapshot.epoch == 40, timeout=20_000)
    main_window.loss_view.flush()
    qtbot.waitUntil(
        lambda: main_window.loss_view.legend_texts[0].startswith("train loss — perceptron"), timeout=20_000
    )
    assert main_window.loss_view.ghost_labels == ["2-4-1 network, sigmoid"]


def test_work_stays_unsaved_through_h_until_it_is_saved(qtbot, main_window, tmp_path, answers):
    """H starts a new run at epoch 0, but the trained network it replaced was work: closing still asks."""
    _train(qtbot, main_window, 30)
    main_window.refresh()
    assert main_window.files.is_modified()
    main_window.menus.hidden_action.trigger()
    worker = main_window.training.worker
    qtbot.waitUntil(lambda: worker.latest().snapshot.config.hidden_layers == (), timeout=20_000)
    main_window.refresh()
    assert "•" in main_window.windowTitle(), "the title still says there is unsaved work"
    main_window.files.confirm_discard = True
    assert not main_window.files.keep_or_discard() or answers["questions"], "closing asks first"
    main_window.files.confirm_discard = False

    save_and_wait(qtbot, main_window, tmp_path / "after-h.nnpg")
    assert not main_window.files.is_modified()


def test_opening_the_file_the_work_would_be_saved_to_never_overwrites_it(
    qtbot, main_window, tmp_path, answers, monkeypatch
):
    """Saving first would write the changed run over the very session asked for: only Open or Cancel."""
    path = tmp_path / "blobs.nnpg"
    _train(qtbot, main_window, 200)
    save_and_wait(qtbot, main_window, path)
    saved = path.read_bytes()
    _train(qtbot, main_window, 100)
    main_window.files.confirm_discard = True
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    menu_action(main_window, "File", "Open session…").trigger()
    qtbot.waitUntil(lambda: main_window.training.worker.latest().snapshot.epoch == 200, timeout=20_000)
    buttons = answers["buttons"][-1]
    assert not buttons & QMessageBox.StandardButton.Save, "Save would overwrite the file being opened"
    assert "blobs.nnpg" in answers["questions"][-1]
    assert path.read_bytes() == saved
