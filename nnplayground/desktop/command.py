"""``nnplayground desktop install|uninstall``: what the person is told, and the exit status."""

from __future__ import annotations

import sys

from nnplayground.desktop.entries import exec_line
from nnplayground.desktop.identity import APP_ID
from nnplayground.desktop.install import data_home, install, launcher, uninstall


def run(action: str) -> int:
    """0 when done, 1 when a file could not be written or removed, 2 off the XDG desktops."""
    if sys.platform in ("win32", "darwin"):
        print(
            "nnplayground desktop: menu entries and file types are installed this way on Linux and other "
            "XDG desktops only",
            file=sys.stderr,
        )
        return 2
    home = data_home()
    try:
        if action == "install":
            written = install(home)
            print(f"Installed {APP_ID} into {home}: the menu entry, {len(written) - 3} icons,")
            print("the .nnpg file type and the AppStream metainfo.")
            print(f"The menu entry runs: {exec_line(launcher())}")
        else:
            removed = uninstall(home)
            print(
                f"Removed {len(removed)} files of {APP_ID} from {home}." if removed else "Nothing to remove."
            )
    except OSError as error:
        print(f"nnplayground desktop {action}: {error}", file=sys.stderr)
        return 1
    return 0
