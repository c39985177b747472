"""Your own data from the window: File ▸ Import, drag-and-drop, clicks on the plot, saved sessions."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from nnplayground.live.commands import (
    AddPoint,
    EnterStepper,
    LeaveStepper,
    RemovePoint,
    Step,
    UseGeneratedData,
)
from tests.ui.helpers import SETTLE_TIMEOUT_MS, save_and_wait, wait_until_idle

GOOD = "x1,x2,label\n0.5,0.25,0\n-1,2,1\n3.5,-0.75,0\n2,2,1\n0,1,1\n"


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []

    def warning(parent, title, text, *args, **kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


def _mime(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def _drag_and_drop(window, mime: QMimeData) -> bool:
    """What Qt delivers when a file is dragged over the window and let go; True if the window took it."""
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        window.rect().center(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    enter.ignore()
    window.dragEnterEvent(enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        QPointF(window.rect().center()),
        actions,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    return drop.isAccepted()


def _imported(window) -> bool:
    return window.training.worker.latest().snapshot.imported_data


def test_a_csv_dropped_on_the_window_is_imported(qtbot, main_window, tmp_path, warnings):
    path = tmp_path / "My Points.CSV"
    path.write_text(GOOD)
    assert _drag_and_drop(main_window, _mime(path))
    qtbot.waitUntil(lambda: _imported(main_window), timeout=SETTLE_TIMEOUT_MS)
    data = main_window.training.worker.latest().snapshot.data
    assert data.n_train == 5 and data.y_train.ravel().tolist() == [0, 1, 0, 1, 1]
    assert not warnings


def test_other_dropped_files_are_not_taken(qtbot, main_window, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(GOOD)
    assert not _drag_and_drop(main_window, _mime(path))
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/points.csv")])
    assert not _drag_and_drop(main_window, mime), "only local files"


def test_a_bad_dropped_file_warns_with_the_line_and_leaves_the_run_alone(
    qtbot, main_window, tmp_path, warnings
):
    worker = main_window.training.worker
    worker.send(Step(30))
    before = wait_until_idle(qtbot, worker, epoch=30).snapshot
    path = tmp_path / "bad.csv"
    path.write_text(GOOD + "1,2,x\n")
    assert _drag_and_drop(main_window, _mime(path))
    qtbot.waitUntil(lambda: bool(warnings), timeout=SETTLE_TIMEOUT_MS)
    assert warnings == [
        "Could not import bad.csv: line 7: 'x' is not a number.\nThe current data is unchanged."
    ]
    after = worker.latest().snapshot
    assert (after.epoch, after.run_id, after.data) == (30, before.run_id, before.data)


def test_file_menu_imports_with_ctrl_i_after_asking_about_unsaved_work(
    qtbot, main_window, tmp_path, monkeypatch
):
    path = tmp_path / "points.csv"
    path.write_text(GOOD)
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), "CSV"))
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Discard,
    )
    worker = main_window.training.worker
    worker.send(Step(10))
    wait_until_idle(qtbot, worker, epoch=10)
    main_window.files.confirm_discard = True

    action = main_window.findChild(QAction, "importDataAction")
    assert action.shortcut().toString() == "Ctrl+I" and action.toolTip()
    action.trigger()
    qtbot.waitUntil(lambda: _imported(main_window), timeout=SETTLE_TIMEOUT_MS)
    assert asked, "importing over unsaved work asks first, as opening a session does"
    snapshot = worker.latest().snapshot
    assert snapshot.epoch == 0 and snapshot.data.n_train == 5
    main_window.files.confirm_discard = False


def test_cancelling_the_question_imports_nothing(qtbot, main_window, tmp_path, monkeypatch):
    path = tmp_path / "points.csv"
    path.write_text(GOOD)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    worker = main_window.training.worker
    worker.send(Step(10))
    wait_until_idle(qtbot, worker, epoch=10)
    main_window.files.confirm_discard = True
    main_window.files.import_path(path)
    main_window.files.confirm_discard = False
    worker.send(Step(5))
    frame = wait_until_idle(qtbot, worker, epoch=15)
    assert not frame.snapshot.imported_data


def test_clicks_on_the_plot_add_and_remove_points_and_refusals_show_in_the_status_bar(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(Step(20))
    wait_until_idle(qtbot, worker, epoch=20)
    view = main_window.boundary_view
    view.point_added.emit(0.25, 1.75, 1.0)
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == 101, timeout=SETTLE_TIMEOUT_MS)
    assert worker.latest().snapshot.epoch == 20
    view.point_removed.emit(0.25, 1.75)
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == 100, timeout=SETTLE_TIMEOUT_MS)
    assert [0.25, 1.75] not in worker.latest().snapshot.data.X_train.tolist()

    view.point_added.emit(0.0, 0.0, 3.0)
    qtbot.waitUntil(lambda: bool(main_window.statusBar().currentMessage()), timeout=SETTLE_TIMEOUT_MS)
    assert main_window.statusBar().currentMessage() == "A class label must be 0 or 1, not 3"


def test_a_session_with_drawn_points_reopens_with_exactly_those_points(qtbot, main_window, tmp_path):
    worker = main_window.training.worker
    worker.send(Step(30))
    worker.send(AddPoint(0.1234567890123, -0.987654321, 1.0))
    worker.send(AddPoint(-1.5, 0.75, 0.0))
    worker.send(RemovePoint(1.0, 0.0))
    worker.send(Step(20))
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == 101, timeout=SETTLE_TIMEOUT_MS)
    drawn = wait_until_idle(qtbot, worker, epoch=50).snapshot

    path = tmp_path / "drawn.nnpg"
    save_and_wait(qtbot, main_window, path)
    worker.send(UseGeneratedData())
    qtbot.waitUntil(lambda: not _imported(main_window), timeout=SETTLE_TIMEOUT_MS)

    main_window.open_path(str(path))
    qtbot.waitUntil(lambda: _imported(main_window), timeout=SETTLE_TIMEOUT_MS)
    reopened = worker.latest().snapshot
    assert reopened.epoch == 50
    for name in ("X_train", "y_train", "X_test", "y_test"):
        assert np.array_equal(getattr(reopened.data, name), getattr(drawn.data, name)), name


def test_drawn_points_count_as_unsaved_work_even_before_training(qtbot, main_window):
    worker = main_window.training.worker
    assert not main_window.files.is_modified()
    worker.send(AddPoint(0.0, 0.0, 1.0))
    qtbot.waitUntil(lambda: _imported(main_window), timeout=SETTLE_TIMEOUT_MS)
    assert worker.latest().snapshot.epoch == 0 and main_window.files.is_modified()


def test_removing_the_followed_point_leaves_every_view_working(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(AddPoint(2.5, 2.5, 1.0))
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == 101, timeout=SETTLE_TIMEOUT_MS)
    main_window.select_sample(100)
    worker.send(EnterStepper())
    qtbot.waitUntil(lambda: worker.latest().stepper is not None, timeout=SETTLE_TIMEOUT_MS)
    worker.send(RemovePoint(2.5, 2.5))
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == 100, timeout=SETTLE_TIMEOUT_MS)
    shown = worker.latest().serial
    qtbot.waitUntil(lambda: main_window._shown_serial >= shown, timeout=SETTLE_TIMEOUT_MS)
    worker.send(LeaveStepper())
    worker.send(Step(5))
    assert wait_until_idle(qtbot, worker, epoch=5).snapshot.data.n_train == 100
