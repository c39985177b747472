"""``nnplayground desktop install`` as a person runs it, checked by the desktop's own validators.

Each test installs into a temporary ``XDG_DATA_HOME`` through the real command
in a subprocess (no window, no Qt), then asks what a desktop would ask:
``desktop-file-validate`` for the menu entry, ``appstreamcli`` for the
software-centre metainfo, ``xdg-mime`` (and ``gio``) for the type of a saved
session. ``make test`` installs the Debian packages that provide them.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nnplayground import __version__
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.core.session import save_session
from nnplayground.core.trainer import Trainer
from nnplayground.desktop.entries import exec_line
from nnplayground.desktop.identity import APP_ID, ICON_SIZES, MIME_TYPE, RELEASE_DATES, SCREENSHOTS

REPO = Path(__file__).resolve().parents[2]


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: `make test` installs it (packaging/system-deps.sh)"
    return found


def _desktop(home: Path, action: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nnplayground", "desktop", action],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "XDG_DATA_HOME": str(home)},
        check=False,
    )


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    home = tmp_path / "share"
    result = _desktop(home, "install")
    assert result.returncode == 0, result.stderr
    assert f"Installed {APP_ID} into {home}" in result.stdout
    return home


def _entry(home: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(home / "applications" / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_menu_entry_passes_desktop_file_validate_and_opens_sessions(installed: Path):
    path = installed / "applications" / f"{APP_ID}.desktop"
    result = subprocess.run([_tool("desktop-file-validate"), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout, result.stdout

    entry = _entry(installed)
    assert entry["Icon"] == APP_ID
    assert entry["MimeType"] == f"{MIME_TYPE};"
    assert entry["Categories"] == "Education;Science;"
    assert entry["Exec"] == f"{sys.executable} -m nnplayground %f", (
        "it launches the program that installed it"
    )


def test_the_metainfo_passes_appstreamcli_and_carries_the_package_version(installed: Path):
    path = installed / "metainfo" / f"{APP_ID}.metainfo.xml"
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = path.read_text(encoding="utf-8")
    assert f'<release version="{__version__}" date="{RELEASE_DATES[__version__]}"/>' in text
    assert f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' in text
    for shot in SCREENSHOTS:
        assert (REPO / "docs" / shot.file).is_file(), f"the metainfo shows docs/{shot.file}, which is gone"
        assert shot.url in text


def test_the_icons_are_installed_in_every_size_under_the_app_id(installed: Path):
    hicolor = installed / "icons" / "hicolor"
    for size in ICON_SIZES:
        icon = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert icon.read_bytes() == (REPO / "resources" / f"icon-{size}.png").read_bytes()
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes().startswith(b"<")


def _saved(folder: Path, name: str) -> Path:
    target = folder / name
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(5)
    save_session(target, trainer, custom_data=False)
    return target


def test_xdg_mime_names_our_type_for_a_saved_session(installed: Path, tmp_path: Path):
    session = _saved(tmp_path, "run.nnpg")
    env = {**os.environ, "XDG_DATA_HOME": str(installed)}
    result = subprocess.run(
        [_tool("xdg-mime"), "query", "filetype", str(session)], capture_output=True, text=True, env=env
    )
    assert result.stdout.strip() == MIME_TYPE, result.stdout + result.stderr


def test_a_session_renamed_without_its_suffix_is_still_a_session_but_other_zips_are_not(
    installed: Path, tmp_path: Path
):
    renamed = _saved(tmp_path, "run-without-suffix")
    other_zip = tmp_path / "other"
    shutil.make_archive(str(other_zip), "zip", root_dir=REPO / "docs", base_dir="screenshots.py")
    env = {**os.environ, "XDG_DATA_HOME": str(installed)}

    def content_type(path: Path) -> str:
        done = subprocess.run(
            [_tool("gio"), "info", "-a", "standard::content-type", str(path)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return done.stdout.split("standard::content-type:")[1].strip()

    assert content_type(renamed) == MIME_TYPE
    assert content_type(other_zip.with_suffix(".zip")) == "application/zip"


def test_uninstall_removes_every_file_install_wrote(tmp_path: Path):
    home = tmp_path / "share"
    (home / "applications").mkdir(parents=True)
    (home / "applications" / "someone-else.desktop").write_text("[Desktop Entry]\n")
    before = {p for p in home.rglob("*") if p.is_file()}
    assert _desktop(home, "install").returncode == 0
    written = {p for p in home.rglob("*") if p.is_file()} - before

    result = _desktop(home, "uninstall")

    assert result.returncode == 0, result.stderr
    left = {p for p in home.rglob("*") if p.is_file()}
    ours = [p for p in left if APP_ID in p.name or "nnplayground" in p.name]
    assert ours == [], ours
    assert (home / "applications" / "someone-else.desktop") in left, "other applications' files stay"
    mentions = [p for p in left if MIME_TYPE.encode() in p.read_bytes() or APP_ID.encode() in p.read_bytes()]
    assert mentions == [], f"the desktop's caches still name us: {mentions}"
    assert f"Removed {len([p for p in written if APP_ID in p.name])} files" in result.stdout
    assert _desktop(home, "uninstall").stdout.strip() == "Nothing to remove."


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["/opt/nnplayground/nnplayground"], "/opt/nnplayground/nnplayground %f"),
        (["/home/ada/My Apps/nnplayground-gui"], '"/home/ada/My Apps/nnplayground-gui" %f'),
        (["/usr/bin/python3", "-m", "nnplayground"], "/usr/bin/python3 -m nnplayground %f"),
        (["/home/ada/100%/$HOME/nnplayground"], '"/home/ada/100%%/\\\\$HOME/nnplayground" %f'),
    ],
)
def test_exec_quotes_the_program_as_the_desktop_entry_spec_asks(command: list[str], expected: str):
    assert exec_line(command) == expected
