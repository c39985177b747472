"""The hostile corpus through the window: File ▸ Open and File ▸ Import, as a person would use them.

Each refused file must show the core reader's own plain sentence in the
warning and leave the open session exactly as it was: data, weights, epoch,
history, file path and title. Files that are valid but odd (points at
±1e300, CR-only line ends…) import and are drawn without a single Qt
warning (pytest fails on one) or exception.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.data_editing import from_points
from nnplayground.core.datasets import DatasetError, load_csv
from nnplayground.core.session import SessionError, load_session, save_session
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import Step
from tests.core.hostile.corpus import build_csv_cases, build_session_cases
from tests.ui.helpers import SETTLE_TIMEOUT_MS, menu_action, save_and_wait, wait_until_idle


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return build_session_cases(folder / "sessions"), build_csv_cases(folder / "csv")


@pytest.fixture
def person(monkeypatch):
    """Answers the open dialog with the next file and records every warning shown."""
    answered: dict[str, list] = {"files": [], "warnings": []}

    def open_file(*args, **kwargs):
        return (str(answered["files"].pop(0)), "")

    def warning(parent, title, text, *args, **kwargs):
        answered["warnings"].append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_file)
    monkeypatch.setattr(QMessageBox, "warning", warning)
    return answered


def _state(window) -> tuple:
    snapshot = window.training.worker.latest().snapshot
    return (
        snapshot.epoch,
        snapshot.run_id,
        snapshot.data.X_train.tobytes(),
        snapshot.data.y_train.tobytes(),
        tuple(w.tobytes() for w in snapshot.network.weights),
        len(snapshot.history),
        window.files.path,
        window.windowTitle(),
    )


def _refusal(reader, path) -> str | None:
    try:
        reader(path)
    except (SessionError, DatasetError) as error:
        return str(error)
    return None


def test_every_refused_session_shows_its_sentence_and_leaves_the_open_session_untouched(
    qtbot, main_window, tmp_path, corpus, person
):
    sessions, _ = corpus
    main_window.training.worker.send(Step(25))
    wait_until_idle(qtbot, main_window.training.worker, epoch=25)
    save_and_wait(qtbot, main_window, tmp_path / "mine.nnpg")
    before = _state(main_window)
    open_action = menu_action(main_window, "File", "Open session…")
    refused = [case for case in sessions if case.expect == "refuse"]
    assert len(refused) > 500, "the corpus is the one the core's tests use"

    for shown, case in enumerate(refused, 1):
        person["files"].append(case.path)
        open_action.trigger()
        qtbot.waitUntil(lambda n=shown: len(person["warnings"]) == n, timeout=SETTLE_TIMEOUT_MS)
        sentence = _refusal(load_session, case.path)
        assert sentence is not None, f"{case.name}: the core loads what the corpus says is refused"
        assert person["warnings"][-1] == f"Could not open {sentence}\nThe current session is unchanged.", (
            case.name
        )
        assert _state(main_window) == before, f"{case.name} changed the open session"


def test_hostile_csvs_are_refused_in_their_sentence_or_import_and_draw(qtbot, main_window, corpus, person):
    _, tables = corpus
    import_action = menu_action(main_window, "File", "Import data (CSV)…")
    shown = 0
    for case in tables:
        before = _state(main_window)
        person["files"].append(case.path)
        sentence = _refusal(load_csv, case.path)
        if case.expect == "refuse" or (case.expect == "either" and sentence is not None):
            assert sentence is not None, f"{case.name}: the core imports what the corpus says is refused"
            import_action.trigger()
            shown += 1
            qtbot.waitUntil(lambda n=shown: len(person["warnings"]) == n, timeout=SETTLE_TIMEOUT_MS)
            assert person["warnings"][-1] == (
                f"Could not import {case.path.name}: {sentence}.\nThe current data is unchanged."
            ), case.name
            assert _state(main_window) == before, f"{case.name} changed the open session"
        else:
            points, _ = load_csv(case.path)
            run = main_window.training.worker.latest().snapshot.run_id
            import_action.trigger()
            qtbot.waitUntil(lambda r=run: _imported_run(main_window, r), timeout=SETTLE_TIMEOUT_MS)
            data = main_window.training.worker.latest().snapshot.data
            assert data.n_train + data.n_test == len(points), case.name
            view = main_window.boundary_view
            qtbot.waitUntil(lambda d=data, v=view: v._data is d, timeout=SETTLE_TIMEOUT_MS)
            x_range, y_range = view.plot.getPlotItem().getViewBox().viewRange()
            assert np.isfinite([*x_range, *y_range]).all(), f"{case.name}: the plot cannot show its points"
            assert len(person["warnings"]) == shown, f"{case.name}: {person['warnings'][shown:]}"


def _imported_run(window, previous_run: int) -> bool:
    snapshot = window.training.worker.latest().snapshot
    return snapshot.imported_data and snapshot.run_id != previous_run


def test_a_session_with_points_at_the_ends_of_float64_opens_and_is_drawn(
    qtbot, main_window, tmp_path, person
):
    """Points at ±1e308 are finite and load; the plot must still find a range to show them in."""
    X = np.array([[-1e308, -1e308], [1e308, 1e308], [-1e308, 1e308], [1e308, -1e308]])
    y = np.array([[0.0], [0.0], [1.0], [1.0]])
    trainer = Trainer(ExperimentConfig(), from_points(X, y, test_fraction=0.0, seed=0))
    path = tmp_path / "huge.nnpg"
    save_session(path, trainer, custom_data=True)

    person["files"].append(path)
    menu_action(main_window, "File", "Open session…").trigger()
    qtbot.waitUntil(lambda: main_window.files.path == path, timeout=SETTLE_TIMEOUT_MS)
    view = main_window.boundary_view
    data = main_window.training.worker.latest().snapshot.data
    qtbot.waitUntil(lambda: view._data is data, timeout=SETTLE_TIMEOUT_MS)
    x_range, y_range = view.plot.getPlotItem().getViewBox().viewRange()
    assert np.isfinite([*x_range, *y_range]).all() and x_range[1] - x_range[0] >= 2e300, "framed at ±1e300"
    assert not person["warnings"]


def test_a_run_the_data_makes_diverge_names_the_data_not_the_learning_rate(
    qtbot, main_window, tmp_path, person
):
    """Points at 1e300 with x₁² among the inputs overflow at any rate: the banner says rescale them."""
    points = np.random.RandomState(2).normal(size=(40, 2)) * 1e300
    labels = (points[:, :1] > 0).astype(float)
    config = ExperimentConfig(input_features=("x1", "x2", "x1^2"))
    trainer = Trainer(config, from_points(points, labels, test_fraction=0.0, seed=0))
    path = tmp_path / "far.nnpg"
    save_session(path, trainer, custom_data=True)
    person["files"].append(path)
    menu_action(main_window, "File", "Open session…").trigger()
    qtbot.waitUntil(lambda: main_window.files.path == path, timeout=SETTLE_TIMEOUT_MS)

    menu_action(main_window, "Training", "Step").trigger()
    banner = main_window.divergence_banner
    qtbot.waitUntil(banner.isVisible, timeout=SETTLE_TIMEOUT_MS)
    assert "the input feature x₁² overflows" in banner.text() and "rescale" in banner.text()
    assert "lower the learning rate" not in banner.text()
