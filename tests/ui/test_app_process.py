"""The real entry point in a separate process: closing mid-training must exit 0, with no Qt warnings.

A ``QThread`` destroyed while running aborts the process, and pytest's own
process would hide that, hence a subprocess running ``nnplayground.app.main``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# The offscreen platform warns about this once per window; it is not ours to fix.
KNOWN_PLATFORM_NOISE = ("This plugin does not support propagateSizeHints()",)

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
        window().play_action.trigger()
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
            window().quit_action.trigger()
        else:
            window().close()

    QTimer.singleShot(300, start)
    sys.exit(app.main([]))
    """
)


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
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
