"""The built bundle, run as a user would: without Python, offscreen, from another folder.

Skipped when there is no bundle (a clean clone: ``make test`` does not build
one) or when it is older than the sources (its figures would differ for a
reason that is not a bug); ``make bundle-test`` (and so CI) builds it first
and runs these with ``NNPLAYGROUND_BUNDLE`` set, which turns both skips off.
``NNPLAYGROUND_BUNDLE`` points them at another build (``make bundle-test
ONEFILE=1`` sets it to the one-file program).

Figures must be *identical* to the source tree's, not close: the bundle
carries the same NumPy/OpenBLAS and scikit-learn, and the article's RNG path
(``np.random.seed(0)``, ``make_moons``, then the weights from the same stream)
must survive freezing bit for bit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import bundle_filters
import pytest
import smoke_test

from nnplayground import __version__
from nnplayground.core.config import DATASETS
from nnplayground.desktop.identity import APP_ID

REPO = Path(__file__).resolve().parents[2]
# Set by `make bundle-test` right after building: then a missing bundle fails instead of skipping.
REQUIRED = "NNPLAYGROUND_BUNDLE" in os.environ
BUNDLE = Path(os.environ.get("NNPLAYGROUND_BUNDLE", smoke_test.DEFAULT_BUNDLE)).resolve()
try:
    PROGRAM = smoke_test.executable(BUNDLE)
except FileNotFoundError:
    PROGRAM = None
IS_ONEDIR = BUNDLE.is_dir()
INTERNAL = BUNDLE / "_internal"


def _newest_source() -> tuple[float, Path]:
    """What a bundle is built from; a bundle older than any of it no longer matches the tree."""
    sources = [*(REPO / "nnplayground").rglob("*.py"), *(REPO / "resources").iterdir()]
    sources += [REPO / "packaging" / "nnplayground.spec", REPO / "packaging" / "bundle_filters.py"]
    return max((path.stat().st_mtime, path) for path in sources if path.is_file())


def _skip_reason() -> str | None:
    if REQUIRED:
        return None
    if PROGRAM is None:
        return f"no bundle at {BUNDLE}: `make bundle` builds one, `make bundle-test` builds and tests it"
    newest, path = _newest_source()
    if PROGRAM.stat().st_mtime < newest:
        return (
            f"the bundle at {BUNDLE} is older than {path.relative_to(REPO)}: rebuild it (`make bundle-test`)"
        )
    return None


SKIP_REASON = _skip_reason()
pytestmark = pytest.mark.skipif(SKIP_REASON is not None, reason=SKIP_REASON or "")


@pytest.fixture(autouse=True)
def _bundle_exists():
    assert PROGRAM is not None, f"no bundle at {BUNDLE} (NNPLAYGROUND_BUNDLE is set, so one is required)"


onedir_only = pytest.mark.skipif(not IS_ONEDIR, reason="inspects the files of a one-folder bundle")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="checks ELF libraries with ldd")


def _source_tree(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nnplayground", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=smoke_test.offscreen_env() | {"PYTHONPATH": str(REPO)},
        check=False,
    )


def _same_output(*args: str) -> str:
    frozen = smoke_test.run_command(PROGRAM, *args)
    source = _source_tree(*args)
    assert frozen.returncode == 0, frozen.stderr
    assert source.returncode == 0, source.stderr
    assert frozen.stdout == source.stdout
    return frozen.stdout


def test_smoke_test_passes_offscreen(tmp_path: Path):
    screenshot = tmp_path / "bundle.png"
    run = smoke_test.run_smoke_test(PROGRAM, screenshot)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.first_frame_s is not None
    assert smoke_test.PASSED_LINE in run.stdout
    assert smoke_test.is_png(screenshot)
    assert screenshot.stat().st_size > 10_000


def test_reproduce_prints_the_same_figures_as_the_source_tree():
    output = _same_output("reproduce", "--epochs", "3000", "--skip-article-code", "--quiet")
    assert re.search(r"one hidden layer of 4 \(2-4-1\)\s+1\.50\s+—\s+\d\.\d+", output)


@pytest.mark.parametrize("dataset", DATASETS)
def test_every_dataset_trains_to_the_same_figures_as_the_source_tree(dataset: str):
    _same_output("train", "--dataset", dataset, "--epochs", "300", "--test-fraction", "0.2", "--quiet")


def test_cross_check_with_mlpclassifier_runs_frozen():
    output = _same_output(
        "train", "--preset", "article-hidden", "--epochs", "300", "--cross-check", "--quiet"
    )
    assert "scikit-learn MLPClassifier" in output


def test_size_is_within_budget():
    size = smoke_test.folder_size(BUNDLE)
    budget = smoke_test.SIZE_BUDGET_MB if IS_ONEDIR else smoke_test.ONEFILE_SIZE_BUDGET_MB
    assert size <= budget * 1e6, (
        f"{size / 1e6:.0f} MB; budget {budget} MB: {smoke_test.size_breakdown(BUNDLE) if IS_ONEDIR else ''}"
    )


def test_no_development_tools_inside():
    archive_readers = pytest.importorskip(
        "PyInstaller.archive.readers", reason="needs PyInstaller to read it"
    )
    program = archive_readers.CArchiveReader(str(PROGRAM))
    modules = set(program.open_embedded_archive("PYZ.pyz").toc)
    top_level = {name.split(".")[0] for name in modules}
    unwanted = {"pytest", "_pytest", "pip", "setuptools", "pkg_resources", "rich", "pygments", "tkinter"}
    unwanted |= {"importlinter", "PyInstaller", "ssl"}
    assert not top_level & unwanted
    assert "nnplayground.app" in modules
    assert "sklearn.datasets" in modules


def test_the_frozen_program_reports_the_package_version():
    result = smoke_test.run_command(PROGRAM, "--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"nnplayground {__version__}"), result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG desktops only")
def test_desktop_install_from_the_bundle_launches_the_bundle(tmp_path: Path):
    result = smoke_test.run_command(PROGRAM, "desktop", "install", env={"XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    entry = (tmp_path / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Exec={PROGRAM} %f" in entry.splitlines()
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


@onedir_only
def test_icon_and_style_are_shipped_where_the_window_looks():
    resources = INTERNAL / "nnplayground" / "resources"
    assert (resources / "icon.svg").is_file()
    assert (resources / "style.qss").is_file()


@onedir_only
def test_only_the_chosen_qt_plugins_and_no_translations():
    qt = INTERNAL / "PySide6" / "Qt"
    assert not (qt / "translations").exists()
    plugins = [
        path.relative_to(qt / "plugins").as_posix() for path in (qt / "plugins").rglob("*") if path.is_file()
    ]
    assert all(bundle_filters.keep_qt_plugin(f"{bundle_filters.QT_PLUGIN_DIR}{name}") for name in plugins)
    if sys.platform.startswith("linux"):
        for needed in ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "iconengines/libqsvgicon.so"):
            assert needed in plugins


@onedir_only
@linux_only
def test_every_bundled_library_finds_its_dependencies():
    """A library missing from the build machine is missing from the bundle too; ldd says which.

    Left to the target system on purpose, as PyInstaller does: the graphics
    driver stack (libGL/libEGL), libxcb itself and the Wayland client
    libraries, which must match the running display server.
    """
    if not shutil.which("ldd"):
        pytest.skip("ldd not available")
    system_provided = re.compile(r"^(libE?GLX?|libGLdispatch|libOpenGL|libxcb|libwayland-[a-z]+|libdrm)\.so")
    env = {**os.environ, "LD_LIBRARY_PATH": str(INTERNAL)}
    problems = []
    for path in sorted(INTERNAL.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env, check=False)
        for line in result.stdout.splitlines():
            name = line.strip().split(" ")[0]
            if "not found" in line and not system_provided.match(name):
                problems.append(f"{path.relative_to(INTERNAL)} needs {name}")
    assert not problems, "\n".join(problems)
