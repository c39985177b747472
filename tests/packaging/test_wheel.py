"""The wheel, installed on its own, is a working nnplayground: every module and resource is in it.

An editable install reads the source tree, so a subpackage or data file left
out of the wheel goes unnoticed until someone installs the wheel. This builds
it (offline: no build isolation, the dev group's setuptools), installs it with
``--no-deps`` into a fresh venv that borrows only the heavy dependencies
(PySide6, NumPy, scikit-learn, pyqtgraph) from the running environment, and
runs the installed commands from there, away from the source tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from nnplayground import __version__
from nnplayground.desktop.identity import APP_ID

REPO = Path(__file__).resolve().parents[2]
# What the build reads; copied so the build leaves no build/ or egg-info in the work tree.
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "nnplayground", "resources")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
    result = subprocess.run(
        [*pip_wheel, "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "deprecat" not in (result.stdout + result.stderr).lower(), "setuptools warns about the metadata"
    return next(out.glob("nnplayground-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding the wheel; the running environment's site-packages come after it on sys.path."""
    target = tmp_path_factory.mktemp("venv")
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True
        ).strip()
    )
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def _run(program: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=program.parent,  # not the work tree: nothing can be imported from the sources
        # Nor through PYTHONPATH, which would put the sources before the installed copy.
        env={
            **{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
            "QT_QPA_PLATFORM": "offscreen",
            **env,
        },
        check=False,
    )


def test_the_wheel_holds_every_subpackage_and_every_resource(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for init in (REPO / "nnplayground").rglob("__init__.py"):
        assert init.relative_to(REPO).as_posix() in names, f"{init.parent.name} is left out of the wheel"
    for resource in (REPO / "resources").iterdir():
        if resource.is_file():
            assert f"nnplayground/resources/{resource.name}" in names, f"{resource.name} is left out"
    metadata = zipfile.ZipFile(wheel).read(f"nnplayground-{__version__}.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata
    assert f"nnplayground-{__version__}.dist-info/licenses/LICENSE" in names, "the licence text ships with it"


def test_the_installed_wheel_passes_the_smoke_test_away_from_the_sources(installed: Path, tmp_path: Path):
    where = _run(installed / "bin" / "python", "-c", "import nnplayground; print(nnplayground.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(installed), "the test must run the installed copy"

    screenshot = tmp_path / "window.png"
    result = _run(installed / "bin" / "nnplayground", "--smoke-test", str(screenshot))

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"smoke test: passed; screenshot saved to {screenshot}" in result.stdout
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_installed_commands_report_the_package_version(installed: Path):
    for program in ("nnplayground", "nnplayground-gui"):
        result = _run(installed / "bin" / program, "--version")
        assert (result.returncode, result.stdout.strip()) == (0, f"nnplayground {__version__}"), result.stderr


def test_desktop_install_from_the_wheel_launches_its_gui_script(installed: Path, tmp_path: Path):
    result = _run(installed / "bin" / "nnplayground", "desktop", "install", XDG_DATA_HOME=str(tmp_path))
    assert result.returncode == 0, result.stderr
    entry = (tmp_path / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Exec={installed / 'bin' / 'nnplayground-gui'} %f" in entry.splitlines()
