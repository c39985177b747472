"""What the app remembers between runs: window geometry, splitters, last settings, recent files, the tour,
and the view's switches (the loss plot's log axes).

Stored with ``QSettings`` (the platform's usual place). Everything read back
is treated as untrusted: a configuration that no longer validates, or a
recent file that has gone, is silently dropped rather than breaking start-up.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from nnplayground.core.config import ConfigError, ExperimentConfig

MAX_RECENT_FILES = 8


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings("nnplayground", "nnplayground")

    def save_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        self._settings.setValue("window/geometry", window.saveGeometry())
        self._settings.setValue("window/state", window.saveState())
        for name, splitter in splitters.items():
            self._settings.setValue(f"splitters/{name}", splitter.saveState())

    def restore_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
        """Restore what was saved; False when there was nothing (first start: keep the defaults)."""
        geometry = self._settings.value("window/geometry")
        if not isinstance(geometry, QByteArray) or not window.restoreGeometry(geometry):
            return False
        state = self._settings.value("window/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        for name, splitter in splitters.items():
            saved = self._settings.value(f"splitters/{name}")
            if isinstance(saved, QByteArray):
                splitter.restoreState(saved)
        return True

    def save_config(self, config: ExperimentConfig) -> None:
        self._settings.setValue("experiment/config", json.dumps(config.to_dict()))

    def last_config(self) -> ExperimentConfig | None:
        text = self._settings.value("experiment/config")
        if not isinstance(text, str):
            return None
        try:
            data = json.loads(text)
            return ExperimentConfig.from_dict(data) if isinstance(data, dict) else None
        except (ValueError, TypeError, ConfigError):
            return None

    def recent_files(self) -> list[str]:
        stored = self._settings.value("files/recent")
        names = [stored] if isinstance(stored, str) else list(stored or [])
        return [name for name in names if isinstance(name, str) and Path(name).is_file()][:MAX_RECENT_FILES]

    def add_recent_file(self, path: str | Path) -> list[str]:
        name = str(Path(path).resolve())
        recent = [name] + [other for other in self.recent_files() if other != name]
        recent = recent[:MAX_RECENT_FILES]
        self._settings.setValue("files/recent", recent)
        return recent

    def tour_at_start(self) -> bool:
        """Whether the tour opens by itself at start-up: yes until the person unticks it."""
        return self._settings.value("tour/at_start", True, type=bool)

    def set_tour_at_start(self, on: bool) -> None:
        self._settings.setValue("tour/at_start", bool(on))

    def tour_chapter(self) -> int:
        """The chapter the tour was left at (the tour clamps it to the chapters it has)."""
        try:
            return int(self._settings.value("tour/chapter", 0))
        except (TypeError, ValueError):
            return 0

    def set_tour_chapter(self, index: int) -> None:
        self._settings.setValue("tour/chapter", int(index))

    def switch(self, name: str, default: bool = False) -> bool:
        """A view's on/off switch as it was last left (``views/<name>``)."""
        return self._settings.value(f"views/{name}", default, type=bool)

    def save_switches(self, switches: dict[str, bool]) -> None:
        for name, on in switches.items():
            self._settings.setValue(f"views/{name}", bool(on))

    def sync(self) -> None:
        self._settings.sync()
