"""The real entry point in a separate process: closing mid-training must exit 0, with no Qt warnings.

A ``QThread`` destroyed while running aborts the process, and pytest's own
process would hide that, hence a subprocess running ``nnplayground.app.main``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.core.session import load_session, save_session
from nnplayground.core.trainer import Trainer

# The offscreen platform warns about this once per window; it is not ours to fix.
KNOWN_PLATFORM_NOISE = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",  # a handed-over session raises the window
)

CLOSE_WHILE_TRAINING = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from nnplayground import app

    qt_app = QApplication(sys.argv[:1])

    def window():
        return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")

    def start():
        window().menus.play_action.trigger()
        QTimer.singleShot(700, report_and_close)

    def discard_unsaved_work():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            print(f"asked: {box.text()}", flush=True)
            box.button(QMessageBox.StandardButton.Discard).click()
        else:
            QTimer.singleShot(50, discard_unsaved_work)

    def report_and_close():
        frame = window().training.worker.latest()
        print(f"state={frame.state.value} epoch={frame.snapshot.epoch}", flush=True)
        QTimer.singleShot(50, discard_unsaved_work)
        if sys.argv[1] == "quit-action":
            window().menus.quit_action.trigger()
        else:
            window().close()

    QTimer.singleShot(300, start)
    sys.exit(app.main([]))
    """
)


# Answers the "Save this session?" prompt of a closing window with the button named in ANSWER;
# indented like the scripts it is pasted into, which are dedented whole.
ANSWER_PROMPT = """
    def answer_prompt():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            print(f"asked: {box.text()}", flush=True)
            box.button(getattr(QMessageBox.StandardButton, ANSWER)).click()
        else:
            QTimer.singleShot(50, answer_prompt)
"""

CLOSE_WHILE_SAVING = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from nnplayground import app
    from nnplayground.core import session
    from nnplayground.live.commands import Step

    target, how, ANSWER = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    EPOCHS = 3_000
    real_write = session.write_atomically

    def slow_write(path, data):
        print("save started", flush=True)
        time.sleep(1.5)  # a slow disk: the window is told to close while this save is under way
        real_write(path, data)
        print(f"save finished: {len(data)} bytes", flush=True)

    session.write_atomically = slow_write
    qt_app = QApplication(sys.argv[:1])

    def window():
        return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")

    def start():
        window().training.send(Step(EPOCHS))
        QTimer.singleShot(50, save_when_trained)

    def save_when_trained():
        worker = window().training.worker
        if worker.latest().snapshot.epoch < EPOCHS or worker.is_training():
            QTimer.singleShot(50, save_when_trained)
            return
        window().files.path = target
        window().files.save()
        QTimer.singleShot(400, close)

    def close():
        QTimer.singleShot(50, answer_prompt)
        if how == "ctrl-c":
            os.kill(os.getpid(), signal.SIGINT)
        else:
            window().close()
    """
    + ANSWER_PROMPT
    + """
    QTimer.singleShot(300, start)
    sys.exit(app.main([]))
    """
)

CLOSE_DURING_STEP_THROUGH = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from nnplayground import app

    ANSWER = "Discard"
    qt_app = QApplication(sys.argv[:1])

    def window():
        return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")

    def start():
        window().menus.play_action.trigger()
        QTimer.singleShot(300, enter)

    def enter():
        window().menus.stepper_action.trigger()
        QTimer.singleShot(50, walk)

    def walk():
        frame = window().training.worker.latest()
        if frame.stepper is None:
            QTimer.singleShot(50, walk)
            return
        for _ in range(7):
            window().menus.next_phase_action.trigger()
        QTimer.singleShot(200, close)

    def close():
        frame = window().training.worker.latest()
        print(f"step-through open={frame.stepper is not None} phase={frame.stepper.phase}", flush=True)
        QTimer.singleShot(50, answer_prompt)
        window().close()
    """
    + ANSWER_PROMPT
    + """
    QTimer.singleShot(300, start)
    sys.exit(app.main([]))
    """
)

UNCAUGHT_EXCEPTION = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from nnplayground import app
    from nnplayground.live.commands import Pause, Play

    qt_app = QApplication(sys.argv[:1])

    def window():
        return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")

    def boom():
        raise ValueError("injected into a slot")

    def start():
        QTimer.singleShot(0, boom)
        QTimer.singleShot(0, boom)
        QTimer.singleShot(300, look)

    def look():
        dialogs = [w for w in QApplication.topLevelWidgets() if w.objectName() == "crashDialog"]
        shown = [d for d in dialogs if d.isVisible()]
        print(f"dialogs={len(dialogs)} shown={len(shown)}", flush=True)
        print(f"text={shown[0].text()}", flush=True)
        print(f"details={shown[0].detailedText().splitlines()[0]}", flush=True)
        window().training.send(Play())
        frames = window().frames_shown
        QTimer.singleShot(500, lambda: finish(frames))

    def finish(frames):
        print(f"frames after the error={window().frames_shown - frames}", flush=True)
        window().training.send(Pause())
        window().files.confirm_discard = False
        QTimer.singleShot(100, window().close)

    QTimer.singleShot(300, start)
    sys.exit(app.main([]))
    """
)


def _run(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def _unexpected_stderr(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and line.strip() not in KNOWN_PLATFORM_NOISE]


@pytest.mark.parametrize("how", ["close-window", "quit-action"])
def test_closing_the_window_while_training_exits_cleanly(how: str):
    result = _run(CLOSE_WHILE_TRAINING, how)
    assert result.returncode == 0, result.stderr
    assert "state=running" in result.stdout
    assert "asked: The current run has not been saved." in result.stdout, (
        "unsaved work is never dropped silently"
    )
    epoch = int(result.stdout.split("epoch=")[1].split()[0])
    assert epoch > 0
    assert "QThread" not in result.stderr
    assert "Destroyed" not in result.stderr
    assert not _unexpected_stderr(result.stderr), result.stderr


def _clean_exit(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr
    assert "QThread" not in result.stderr
    assert "Destroyed" not in result.stderr
    assert not _unexpected_stderr(result.stderr), result.stderr


@pytest.mark.parametrize("how", ["close-window", "ctrl-c"])
def test_closing_while_a_save_is_under_way_finishes_the_file_and_exits_cleanly(tmp_path: Path, how: str):
    target = tmp_path / "run.nnpg"
    old = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    old.train(10)
    save_session(target, old, custom_data=False)

    result = _run(
        CLOSE_WHILE_SAVING, str(target), how, "Discard", env={"NNPLAYGROUND_LOG_DIR": str(tmp_path)}
    )

    _clean_exit(result)
    assert "asked:" not in result.stdout, "the save under way holds all the work: nothing to ask"
    assert result.stdout.count("save finished") == 1, result.stdout
    trainer, _ = load_session(target)
    assert trainer.epoch == 3_000, "the file holds the run as it was when saved, complete"
    assert [p.name for p in tmp_path.iterdir()] == ["run.nnpg"], "no half-written temporary file is left"


def test_closing_during_the_step_through_exits_cleanly(tmp_path: Path):
    result = _run(CLOSE_DURING_STEP_THROUGH, env={"NNPLAYGROUND_LOG_DIR": str(tmp_path)})
    _clean_exit(result)
    assert "step-through open=True" in result.stdout
    assert "asked: The current run has not been saved." in result.stdout


def test_an_uncaught_exception_shows_one_dialog_is_logged_and_the_window_goes_on(tmp_path: Path):
    result = _run(UNCAUGHT_EXCEPTION, env={"NNPLAYGROUND_LOG_DIR": str(tmp_path)})

    assert result.returncode == 0, result.stderr
    assert "dialogs=1 shown=1" in result.stdout, "two errors, one dialog"
    assert "your work is still open" in result.stdout
    assert "details=ValueError: injected into a slot" in result.stdout
    frames = int(result.stdout.split("frames after the error=")[1].split()[0])
    assert frames > 0, "the window kept drawing after the error"
    log = (tmp_path / "crash.log").read_text(encoding="utf-8")
    assert log.count("ValueError: injected into a slot") == 2
    assert "in boom" in log


def test_smoke_test_option_saves_a_screenshot(tmp_path: Path):
    target = tmp_path / "window.png"
    result = _run(
        "import sys; from nnplayground import app; sys.exit(app.main(sys.argv[1:]))",
        "--smoke-test",
        str(target),
    )
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 10_000
    assert not _unexpected_stderr(result.stderr), result.stderr


# The first nnplayground: trains (so there is unsaved work), then starts a second launch with the
# session, as a file manager would on a double-click, and reports what happened in its window.
HAND_OFF = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QProcess, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from nnplayground import app

    target, second_launch = sys.argv[1], sys.argv[2:]
    qt_app = QApplication(sys.argv[:1])
    launch = QProcess(qt_app)

    def window():
        return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")

    def answer_prompts():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            print(f"asked: {box.text()}", flush=True)
            box.button(QMessageBox.StandardButton.Discard).click()
        QTimer.singleShot(50, answer_prompts)

    def start():
        window().menus.play_action.trigger()
        QTimer.singleShot(50, when_trained)

    def when_trained():
        if window().training.worker.latest().snapshot.epoch < 100:
            QTimer.singleShot(50, when_trained)
            return
        launch.finished.connect(second_finished)
        launch.start(second_launch[0], [*second_launch[1:], target])

    def second_finished(code, _status):
        said = bytes(launch.readAllStandardOutput().data()).decode().strip()
        print(f"second launch exited {code}: {said}", flush=True)
        QTimer.singleShot(50, when_opened)

    def when_opened():
        if "run.nnpg" not in window().windowTitle():
            QTimer.singleShot(50, when_opened)
            return
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow"]
        print(f"opened: {window().windowTitle()} windows={len(windows)}", flush=True)
        window().close()

    QTimer.singleShot(300, start)
    QTimer.singleShot(300, answer_prompts)
    sys.exit(app.main([]))
    """
)

# A session given on the command line with no nnplayground running: this process opens it.
OPEN_GIVEN_FILE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from nnplayground import app

    qt_app = QApplication(sys.argv[:1])

    def when_opened():
        window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")
        if "run.nnpg" not in window.windowTitle():
            QTimer.singleShot(50, when_opened)
            return
        epoch = window.training.worker.latest().snapshot.epoch
        print(f"opened: {window.windowTitle()} epoch={epoch}", flush=True)
        window.close()

    QTimer.singleShot(50, when_opened)
    sys.exit(app.main(sys.argv[1:]))
    """
)


def _saved_session(folder: Path) -> Path:
    target = folder / "run.nnpg"
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(25)
    save_session(target, trainer, custom_data=False)
    return target


@pytest.fixture
def own_instances(tmp_path: Path):
    """Each test's instances meet on their own socket, never a person's running nnplayground.

    A short folder of its own: a Unix socket's path must fit in 107 bytes, which
    pytest's temporary folders can exceed.
    """
    with tempfile.TemporaryDirectory(prefix="nnpg-") as runtime:
        yield {"XDG_RUNTIME_DIR": runtime, "NNPLAYGROUND_LOG_DIR": str(tmp_path / "logs")}


def _gui_command() -> list[str]:
    """``nnplayground-gui`` as installed beside this Python (``python -m nnplayground`` without it)."""
    script = Path(sys.executable).with_name("nnplayground-gui")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "nnplayground"]


def test_a_second_launch_with_a_session_hands_it_to_the_running_window_and_exits(
    tmp_path: Path, own_instances: dict[str, str]
):
    target = _saved_session(tmp_path)
    result = _run(HAND_OFF, str(target), *_gui_command(), env=own_instances)

    _clean_exit(result)
    assert f"second launch exited 0: nnplayground: {target} opens in the window already running" in (
        result.stdout
    ), result.stdout
    asked = result.stdout.index("asked: The current run has not been saved.")
    assert asked < result.stdout.index("opened: "), (
        "the unsaved run is asked about first, as File ▸ Open does"
    )
    assert "windows=1" in result.stdout, "no second window"


def test_a_session_given_to_the_first_launch_opens_in_its_window(
    tmp_path: Path, own_instances: dict[str, str]
):
    target = _saved_session(tmp_path)
    result = _run(OPEN_GIVEN_FILE, str(target), env=own_instances)

    _clean_exit(result)
    assert "opened: " in result.stdout and "run.nnpg" in result.stdout
    assert "epoch=25" in result.stdout, "the window shows the saved run, at its epoch"
