"""The style sheet, icon and colour scheme, found wherever the project was installed from.

They live in the repository's top-level ``resources/`` folder, installed as the
package ``nnplayground.resources``: ``importlib.resources`` finds them the same
way in an editable install, a wheel and the PyInstaller bundle. A missing file
costs looks, not function: the window still opens without them.

The scheme is pinned to light: the plots, their colour maps and the style
sheet's titles are drawn for a light window, and a dark desktop theme put the
group titles' dark grey on dark grey.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

PACKAGE = "nnplayground.resources"


def resource(name: str) -> Path | None:
    """The file's path, or None when it was not shipped (Qt wants a path, not a stream)."""
    try:
        path = files(PACKAGE) / name
    except ModuleNotFoundError:
        return None
    return Path(str(path)) if path.is_file() else None


def style_sheet() -> str:
    path = resource("style.qss")
    return path.read_text(encoding="utf-8") if path else ""


def app_icon() -> QIcon:
    path = resource("icon.svg")
    return QIcon(str(path)) if path else QIcon()


def pin_light_scheme() -> None:
    """Ask the platform for the light scheme, and take the style's own light palette where it gives none."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    QGuiApplication.styleHints().setColorScheme(Qt.ColorScheme.Light)
    app.setPalette(app.style().standardPalette())
