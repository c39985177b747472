"""``--version`` and ``-v`` as typed in a terminal: one version everywhere, and logs on request."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from nnplayground import __version__
from nnplayground.desktop.identity import APP_ID


def _nnplayground(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nnplayground", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        check=False,
    )


def test_version_is_the_package_version_and_the_installed_metadata_agrees():
    result = _nnplayground("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"nnplayground {__version__}"), result.stderr
    assert metadata.version("nnplayground") == __version__, "reinstall: the installed metadata is stale"


def test_verbose_logs_each_step_of_a_command_to_stderr_and_quiet_is_the_default(tmp_path: Path):
    quiet = _nnplayground("desktop", "install", XDG_DATA_HOME=str(tmp_path / "a"))
    verbose = _nnplayground("-v", "desktop", "install", XDG_DATA_HOME=str(tmp_path / "b"))

    assert quiet.returncode == verbose.returncode == 0, quiet.stderr + verbose.stderr
    assert quiet.stderr == ""
    assert (
        f"nnplayground.desktop.install DEBUG: wrote {tmp_path / 'b' / 'applications' / APP_ID}.desktop"
        in (verbose.stderr)
    )
    assert "running " in verbose.stderr and "update-mime-database" in verbose.stderr
