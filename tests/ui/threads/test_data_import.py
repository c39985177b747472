"""Your own data through the worker: CSV import, drawn and removed points, back to generated data.

Every bad file must be refused with a message naming the problem (and the
line, where there is one) while the current data, epoch and run stay exactly
as they were.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import (
    AddPoint,
    EnterStepper,
    ImportData,
    NextPhase,
    Pause,
    Play,
    Reconfigure,
    RemovePoint,
    Step,
    UseGeneratedData,
)
from nnplayground.ui.threads.training import TrainingThread
from tests.ui.helpers import SETTLE_TIMEOUT_MS, SignalRelay, wait_until_idle

pytestmark = [pytest.mark.qt_log_level_fail("WARNING")]

GOOD = "x1,x2,label\n0.5,0.25,0\n-1,2,1\n3.5,-0.75,0\n2,2,1\n0,1,1\n"
REGRESSION = ExperimentConfig(problem="regression", dataset="plane", loss="mse", output_activation="linear")


def _relay(signal) -> SignalRelay:
    relay = SignalRelay()
    signal.connect(relay.receive)
    return relay


def _ten_million_rows(path) -> None:
    """Real rows, written a million at a time: 60 MB on disk, never all in memory."""
    chunk = b"0,0,0\n1,1,1\n" * 500_000
    with open(path, "wb") as stream:
        for _ in range(10):
            stream.write(chunk)


BAD_FILES = {
    "empty": ("", "the file holds no data rows"),
    "header only": ("x1,x2,label\n", "the file holds no data rows"),
    "one class only": ("0,0,1\n1,1,1\n2,2,1\n", "label 1 skips class 0"),
    "nan": (GOOD + "nan,1,0\n", "line 7: 'nan' is not a finite number"),
    "inf": (GOOD + "1,-inf,0\n", "line 7: '-inf' is not a finite number"),
    "text in a number": (GOOD + "1,one,0\n", "line 7: 'one' is not a number"),
    "two columns": (GOOD + "1,1\n", "line 7: expected 3 columns x1,x2,label, found 2"),
    "four columns": (GOOD + "1,1,0,9\n", "line 7: expected 3 columns x1,x2,label, found 4"),
    "one point of class 2": (GOOD + "1,1,2\n", "line 7: class 2 has fewer than 2 points"),
    "label 7": (GOOD + "1,1,7\n", "line 7: label '7' would make more than 6 classes"),
    "ten million rows": (
        _ten_million_rows,
        r"the file is 60,000,000 bytes \(60.0 MB\); the limit is .*\(50 MB\)",
    ),
    "binary garbage": (bytes(range(256)) * 64, "line 1: this is not a text file"),
    "non-UTF-8": ("0,0,0\n1,1,1\n0,1,0\n2,2,1 \u00e9t\u00e9\n".encode("cp1252"), "line 4: not UTF-8 text"),
    "missing": (None, "cannot read .*points.csv: it does not exist"),
    "a folder": ("folder", "it is a folder, not a file"),
}


def _write(tmp_path, content):
    path = tmp_path / "points.csv"
    if content is None:
        return path
    if content == "folder":
        path.mkdir()
    elif callable(content):
        content(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(("content", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_in_words_and_changes_nothing(qtbot, training, tmp_path, content, message):
    worker = training.worker
    worker.send(Step(40))
    before = wait_until_idle(qtbot, worker, epoch=40).snapshot
    relay = _relay(worker.data_failed)
    path = _write(tmp_path, content)

    worker.send(ImportData(str(path)))
    qtbot.waitUntil(lambda: bool(relay.messages), timeout=SETTLE_TIMEOUT_MS)
    (text,) = relay.messages
    assert text.startswith("Could not import points.csv: ")
    assert text.endswith("The current data is unchanged.")
    assert re.search(message, text), text

    after = wait_until_idle(qtbot, worker).snapshot
    assert (after.epoch, after.run_id, after.imported_data) == (40, before.run_id, False)
    assert after.data is before.data, "the very same points"
    worker.send(Step(10))
    assert wait_until_idle(qtbot, worker, epoch=50).snapshot.run_id == before.run_id


def test_a_good_file_starts_a_new_run_on_its_points(qtbot, training, tmp_path):
    worker = training.worker
    worker.send(Step(25))
    first = wait_until_idle(qtbot, worker, epoch=25).snapshot
    imported = _relay(worker.data_imported)
    path = _write(tmp_path, GOOD)

    worker.send(ImportData(str(path)))
    qtbot.waitUntil(lambda: imported.messages == [str(path)], timeout=SETTLE_TIMEOUT_MS)
    snapshot = worker.latest().snapshot
    assert snapshot.imported_data and snapshot.epoch == 0 and snapshot.run_id > first.run_id
    assert snapshot.data.X_train.tolist() == [[0.5, 0.25], [-1, 2], [3.5, -0.75], [2, 2], [0, 1]]
    assert snapshot.data.y_train.ravel().tolist() == [0, 1, 0, 1, 1]
    worker.send(Step(30))
    assert wait_until_idle(qtbot, worker, epoch=30).snapshot.imported_data


def test_a_regression_run_imports_continuous_targets_a_classifier_refuses_them(qtbot, tmp_path):
    path = _write(tmp_path, "x1,x2,y\n0,0,0.25\n1,0,-0.5\n0,1,1.75\n1,1,-2\n")
    classifier = TrainingThread(ExperimentConfig())
    classifier.start()
    refusals = _relay(classifier.worker.data_failed)
    classifier.worker.send(ImportData(str(path)))
    qtbot.waitUntil(lambda: bool(refusals.messages), timeout=SETTLE_TIMEOUT_MS)
    assert (
        "line 2: label '0.25' must be a class number, a whole number from 0 to 5 "
        "(for continuous targets choose the regression problem)" in (refusals.messages[0])
    )
    assert classifier.shutdown()

    regression = TrainingThread(REGRESSION)
    regression.start()
    regression.worker.send(ImportData(str(path)))
    qtbot.waitUntil(lambda: regression.worker.latest().snapshot.imported_data, timeout=SETTLE_TIMEOUT_MS)
    assert regression.worker.latest().snapshot.data.y_train.ravel().tolist() == [0.25, -0.5, 1.75, -2]
    assert regression.shutdown()


def test_a_drawn_point_joins_the_running_run_without_restarting_it(qtbot, training):
    worker = training.worker
    worker.send(Step(100))
    before = wait_until_idle(qtbot, worker, epoch=100).snapshot
    worker.send(Play())
    qtbot.waitUntil(lambda: worker.latest().snapshot.epoch > 150, timeout=SETTLE_TIMEOUT_MS)

    worker.send(AddPoint(0.0, 1.5, 1.0))
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == 101, timeout=SETTLE_TIMEOUT_MS)
    drawn = worker.latest().snapshot
    assert drawn.run_id == before.run_id and drawn.epoch > 150 and drawn.imported_data
    assert drawn.data.X_train[-1].tolist() == [0.0, 1.5] and drawn.data.y_train[-1, 0] == 1.0
    assert worker.is_training(), "drawing does not pause a playing run"
    qtbot.waitUntil(lambda: worker.latest().snapshot.epoch > drawn.epoch, timeout=SETTLE_TIMEOUT_MS)
    worker.send(Pause())
    wait_until_idle(qtbot, worker)


def test_a_drawn_point_keeps_the_epoch_while_paused(qtbot, training):
    worker = training.worker
    worker.send(Step(60))
    before = wait_until_idle(qtbot, worker, epoch=60).snapshot
    worker.send(AddPoint(-0.5, -0.5, 0.0))
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == 101, timeout=SETTLE_TIMEOUT_MS)
    after = worker.latest().snapshot
    assert (after.epoch, after.run_id) == (60, before.run_id)
    assert after.data.y_train[-1, 0] == 0.0
    assert all(np.array_equal(a, b) for a, b in zip(after.network.weights, before.network.weights))


def test_a_right_click_removes_the_nearest_point_or_says_why_not(qtbot, training, tmp_path):
    worker = training.worker
    refusals = _relay(worker.point_refused)
    worker.send(ImportData(str(_write(tmp_path, GOOD))))
    qtbot.waitUntil(lambda: worker.latest().snapshot.imported_data, timeout=SETTLE_TIMEOUT_MS)

    worker.send(RemovePoint(0.1, 1.1))
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == 4, timeout=SETTLE_TIMEOUT_MS)
    assert [0.0, 1.0] not in worker.latest().snapshot.data.X_train.tolist()

    worker.send(RemovePoint(2.1, 2.1))  # class 1 would keep only (-1, 2)
    qtbot.waitUntil(lambda: bool(refusals.messages), timeout=SETTLE_TIMEOUT_MS)
    assert "cannot remove that point" in refusals.messages[0] and "class 1" in refusals.messages[0]
    assert worker.latest().snapshot.data.n_train == 4

    worker.send(AddPoint(9.0, 9.0, 7.0))
    qtbot.waitUntil(lambda: len(refusals.messages) == 2, timeout=SETTLE_TIMEOUT_MS)
    assert refusals.messages[1] == "a class label must be 0 or 1, not 7"


def test_use_generated_data_returns_to_the_seed_points(qtbot, training, tmp_path):
    worker = training.worker
    worker.send(AddPoint(0.0, 0.0, 1.0))
    worker.send(Step(20))
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == 101, timeout=SETTLE_TIMEOUT_MS)
    wait_until_idle(qtbot, worker, epoch=20)

    worker.send(UseGeneratedData())
    qtbot.waitUntil(lambda: not worker.latest().snapshot.imported_data, timeout=SETTLE_TIMEOUT_MS)
    snapshot = worker.latest().snapshot
    fresh = Trainer(ExperimentConfig())
    assert snapshot.epoch == 0
    assert np.array_equal(snapshot.data.X_train, fresh.data.X_train)
    assert np.array_equal(snapshot.data.y_train, fresh.data.y_train)
    assert all(np.array_equal(a, b) for a, b in zip(snapshot.network.weights, fresh.network.weights))


def test_changing_a_data_setting_leaves_imported_points(qtbot, training, tmp_path):
    worker = training.worker
    worker.send(ImportData(str(_write(tmp_path, GOOD))))
    qtbot.waitUntil(lambda: worker.latest().snapshot.imported_data, timeout=SETTLE_TIMEOUT_MS)
    worker.send(Reconfigure(ExperimentConfig(learning_rate=0.2)))
    qtbot.waitUntil(lambda: worker.latest().snapshot.config.learning_rate == 0.2, timeout=SETTLE_TIMEOUT_MS)
    assert worker.latest().snapshot.imported_data, "a learning rate keeps your points"
    worker.send(Reconfigure(ExperimentConfig(learning_rate=0.2, dataset="circles")))
    qtbot.waitUntil(lambda: not worker.latest().snapshot.imported_data, timeout=SETTLE_TIMEOUT_MS)
    assert worker.latest().snapshot.data.n_train == 100


def test_drawing_during_the_step_through_restarts_its_walk_on_the_new_points(qtbot, training):
    worker = training.worker
    worker.send(EnterStepper())
    qtbot.waitUntil(lambda: worker.latest().stepper is not None, timeout=SETTLE_TIMEOUT_MS)
    worker.send(NextPhase())
    worker.send(AddPoint(0.0, 2.0, 1.0))
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == 101, timeout=SETTLE_TIMEOUT_MS)
    stepper = worker.latest().stepper
    per_sample = [term for term in stepper.current.terms if term.per_sample]
    assert per_sample and all(term.value.shape[0] == 101 for term in per_sample)
    assert stepper.phase == 1, "the learner stays on the phase they were reading"


def test_closing_during_a_big_import_stops_without_a_warning(qtbot, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("0,0,0\n1,1,1\n" * 400_000)
    thread = TrainingThread(ExperimentConfig())
    thread.start()
    refusals = _relay(thread.worker.data_failed)
    thread.worker.send(ImportData(str(path)))
    assert thread.shutdown()
    QCoreApplication.processEvents()  # delivers anything the worker emitted before it ended
    assert not refusals.messages, "a cancelled import is not reported as a bad file"
