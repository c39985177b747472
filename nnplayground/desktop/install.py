"""``nnplayground desktop install`` / ``uninstall``: the menu entry, icons, file type and metainfo.

User-level and root-free, in the XDG data folder (``$XDG_DATA_HOME``, else
``~/.local/share``), where desktops, file managers and software centres look.
The menu entry launches the program that ran the install, whichever it is: the
PyInstaller bundle, the ``nnplayground-gui`` script of a pip install, or
``python -m nnplayground``. Uninstall removes exactly the files install wrote
(the same list, computed the same way), then refreshes the desktop's caches.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from importlib.resources import files
from pathlib import Path

from nnplayground.desktop.entries import desktop_entry, metainfo, mime_info
from nnplayground.desktop.identity import APP_ID, ICON_SIZES

log = logging.getLogger(__name__)

GUI_SCRIPT = "nnplayground-gui"
RESOURCES = "nnplayground.resources"
# The desktop's caches of menu entries and MIME types; each is refreshed when present.
CACHE_UPDATERS = (("update-desktop-database", "applications"), ("update-mime-database", "mime"))

Runner = Callable[[Sequence[str]], object]


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME`` if absolute (the spec ignores a relative one), else ~/.local/share."""
    environ = os.environ if environ is None else environ
    configured = environ.get("XDG_DATA_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path(environ.get("HOME") or Path.home()) / ".local" / "share"


def launcher() -> list[str]:
    """The command line that starts the window as the running program was started."""
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: its own executable
        return [str(Path(sys.executable).absolute())]
    script = Path(sys.argv[0]).absolute() if sys.argv and sys.argv[0] else None
    if script and script.is_file() and script.name.startswith("nnplayground"):
        for folder in (script.parent, script.resolve().parent):
            if (folder / GUI_SCRIPT).is_file():
                return [str(folder / GUI_SCRIPT)]
        return [str(script)]
    return [str(Path(sys.executable).absolute()), "-m", "nnplayground"]


def planned_files(home: Path, command: Sequence[str]) -> dict[Path, bytes]:
    """Every file install writes, with its content: the one list uninstall removes."""
    icons = files(RESOURCES)
    hicolor = home / "icons" / "hicolor"
    planned = {
        home / "applications" / f"{APP_ID}.desktop": desktop_entry(command).encode(),
        home / "mime" / "packages" / f"{APP_ID}.xml": mime_info().encode(),
        home / "metainfo" / f"{APP_ID}.metainfo.xml": metainfo().encode(),
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg": (icons / "icon.svg").read_bytes(),
    }
    for size in ICON_SIZES:
        planned[hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = (
            icons / f"icon-{size}.png"
        ).read_bytes()
    return planned


def install(
    home: Path | None = None, command: Sequence[str] | None = None, run: Runner | None = None
) -> list[Path]:
    """Write the files (replacing an older install's) and refresh the caches; returns the files."""
    home = home or data_home()
    planned = planned_files(home, command or launcher())
    for path, content in planned.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        log.debug("wrote %s", path)
    refresh_caches(home, run)
    return list(planned)


def uninstall(home: Path | None = None, run: Runner | None = None) -> list[Path]:
    """Remove what install wrote (icons of any size included), then refresh the caches; returns them."""
    home = home or data_home()
    ours = set(planned_files(home, launcher())) | set((home / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.*"))
    removed = sorted(path for path in ours if path.is_file())
    for path in removed:
        path.unlink()
        log.debug("removed %s", path)
        _prune_empty_folders(path.parent, home / "icons" / "hicolor")
    refresh_caches(home, run)
    return removed


def _prune_empty_folders(folder: Path, top: Path) -> None:
    """Empty icon folders (hicolor/16x16/apps, …) go; the rest stay (update-mime-database needs packages/)."""
    while folder.is_relative_to(top) and folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def refresh_caches(home: Path, run: Runner | None = None) -> None:
    """Run the cache updaters the system has; without them the desktop finds the files on its next scan."""
    run = run or _run_quietly
    for program, folder in CACHE_UPDATERS:
        found = shutil.which(program)
        if found and (home / folder).is_dir():
            run([found, str(home / folder)])
        elif not found:
            log.debug("%s not found; the desktop reads %s on its next scan", program, home / folder)


def _run_quietly(command: Sequence[str]) -> object:
    log.debug("running %s", " ".join(command))
    done = subprocess.run(list(command), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        log.warning("%s failed (%d): %s", command[0], done.returncode, done.stderr.strip())
    return done
