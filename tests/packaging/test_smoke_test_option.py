"""``nnplayground --smoke-test`` from the source tree: it passes, and it fails loudly when it should.

The bundle's smoke test is only worth something if a broken build makes it
fail with a message that says what broke; these run the option in a
subprocess (a QApplication per process) with one thing broken on purpose.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

RUN_APP = """
import sys
from nnplayground import app
{patch}
sys.exit(app.main(sys.argv[1:]))
"""


def _smoke_test(tmp_path: Path, patch: str = "") -> tuple[subprocess.CompletedProcess[str], Path]:
    screenshot = tmp_path / "window.png"
    result = subprocess.run(
        [sys.executable, "-c", RUN_APP.format(patch=patch), "--smoke-test", str(screenshot)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    return result, screenshot


def test_passes_and_reports_first_frame_training_and_screenshot(tmp_path: Path):
    result, screenshot = _smoke_test(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "smoke test: first frame painted"
    assert lines[1].startswith("smoke test: trained 2000 epochs in the worker thread, loss 13.9698 -> ")
    assert lines[2] == f"smoke test: passed; screenshot saved to {screenshot}"
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fails_when_the_loss_does_not_fall_enough(tmp_path: Path):
    result, screenshot = _smoke_test(tmp_path, "app.SMOKE_TEST_LOSS_RATIO = 0.01")
    assert result.returncode == 1
    assert "smoke test failed: the loss did not fall: 13.96" in result.stderr
    assert not screenshot.exists()


def test_fails_when_the_icon_and_style_are_missing(tmp_path: Path):
    result, _ = _smoke_test(
        tmp_path, "import nnplayground.ui.widgets.resources as r; r.PACKAGE = 'nnplayground.missing'"
    )
    assert result.returncode == 1
    assert "smoke test failed: the window icon does not render" in result.stderr
