"""The style sheet and icon, found wherever the project was installed from.

They live in the repository's top-level ``resources/`` folder. A missing file
costs looks, not function: the window still opens without them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

_CANDIDATES = (
    Path(__file__).resolve().parents[1] / "resources",
    Path(__file__).resolve().parents[2] / "resources",
)


def resource(name: str) -> Path | None:
    for folder in _CANDIDATES:
        path = folder / name
        if path.is_file():
            return path
    return None


def style_sheet() -> str:
    path = resource("style.qss")
    return path.read_text(encoding="utf-8") if path else ""


def app_icon() -> QIcon:
    path = resource("icon.svg")
    return QIcon(str(path)) if path else QIcon()
