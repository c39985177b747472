"""The crash log: where unexpected errors are written, and how, so a bug report can quote them.

A traceback printed to a terminal is lost when the app was started from a
desktop icon, so every unexpected error is appended to a file in the
platform's usual place for an application's logs:

* Linux and other Unix: ``$XDG_STATE_HOME/nnplayground/crash.log``
  (``~/.local/state/nnplayground/crash.log`` when ``XDG_STATE_HOME`` is unset)
  — the XDG spec's home for logs and history, which are neither settings nor
  caches;
* macOS: ``~/Library/Logs/nnplayground/crash.log``, where Console.app looks;
* Windows: ``%LOCALAPPDATA%\\nnplayground\\Logs\\crash.log``.

``NNPLAYGROUND_LOG_DIR`` overrides the folder (tests point it at a temporary
one). Each entry carries the time, where it happened, the versions that
matter for reproducing it, and the traceback. The file is bounded: past
``MAX_LOG_BYTES`` it becomes ``crash.log.1`` (replacing an older one) and a new
file starts, so an error that repeats every frame cannot fill the disk.

The log is the ``nnplayground.crash`` logger's ``RotatingFileHandler``, one
branch of the ``nnplayground`` logger tree every module logs to; ``-v`` puts the
whole tree, crash entries included, on stderr too (``log_to_stderr``).

No Qt here: the Qt versions are read only if Qt is already loaded, so this
module works (and is tested) without a display.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
import threading
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import metadata
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

LOG_DIR_VARIABLE = "NNPLAYGROUND_LOG_DIR"
LOG_NAME = "crash.log"
MAX_LOG_BYTES = 1_000_000
# One entry's traceback is cut to this many characters (its end, where the error is, is kept).
MAX_ENTRY_CHARS = 50_000
APP = "nnplayground"
TREE = logging.getLogger(APP)  # every module's logger hangs from this one
CRASH_LOGGER = logging.getLogger(f"{APP}.crash")

_write_lock = threading.Lock()


def log_dir(environ: Mapping[str, str] | None = None, system: str | None = None) -> Path:
    """The folder the crash log goes in, by the platform's convention or ``NNPLAYGROUND_LOG_DIR``."""
    environ = os.environ if environ is None else environ
    system = sys.platform if system is None else system
    override = environ.get(LOG_DIR_VARIABLE)
    if override:
        return Path(override)
    home = Path(environ.get("HOME") or environ.get("USERPROFILE") or Path.home())
    if system == "win32":
        base = environ.get("LOCALAPPDATA")
        return (Path(base) if base else home / "AppData" / "Local") / APP / "Logs"
    if system == "darwin":
        return home / "Library" / "Logs" / APP
    state = environ.get("XDG_STATE_HOME")
    return (Path(state) if state and Path(state).is_absolute() else home / ".local" / "state") / APP


def log_path() -> Path:
    return log_dir() / LOG_NAME


def versions() -> dict[str, str]:
    """The versions a bug report needs; Qt's only when Qt is loaded."""
    found = {
        APP: _installed(APP),
        "Python": platform.python_version(),
        "NumPy": _installed("numpy"),
        "platform": platform.platform(),
    }
    qt_core = sys.modules.get("PySide6.QtCore")
    if qt_core is not None:
        found["PySide6"] = getattr(sys.modules.get("PySide6"), "__version__", "?")
        found["Qt"] = qt_core.qVersion()
    pyqtgraph = sys.modules.get("pyqtgraph")
    if pyqtgraph is not None:
        found["pyqtgraph"] = getattr(pyqtgraph, "__version__", "?")
    return found


def _installed(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe(
    exc_type: type[BaseException], error: BaseException, tb: TracebackType | None
) -> tuple[str, str]:
    """The full traceback text and its last line (``ValueError: bad``), which is what a person reads."""
    text = "".join(traceback.format_exception(exc_type, error, tb))
    last = traceback.format_exception_only(exc_type, error)[-1].strip()
    return text, last


def format_entry(where: str, text: str, when: datetime | None = None) -> str:
    """One log entry: a header line with the time and place, the versions, then the traceback."""
    when = when or datetime.now(UTC)
    if len(text) > MAX_ENTRY_CHARS:
        text = f"[… {len(text) - MAX_ENTRY_CHARS} characters cut …]\n" + text[-MAX_ENTRY_CHARS:]
    stamp = when.astimezone(UTC).isoformat(timespec="seconds")
    version_line = ", ".join(f"{name} {version}" for name, version in versions().items())
    return f"=== {stamp} — unexpected error in the {where}\n{version_line}\n{text.rstrip()}\n\n"


def write_entry(where: str, text: str, path: Path | None = None) -> Path:
    """Append an entry (rotating a full log first) and return the file; raises ``OSError`` if it cannot."""
    path = path or log_path()
    with _write_lock:
        _file_handler(path)
        CRASH_LOGGER.error(format_entry(where, text))
    return path


class _CrashFileHandler(RotatingFileHandler):
    """Writes entries as they are formatted, and lets a failed write raise instead of printing it."""

    terminator = ""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        raise  # called from emit's except block: re-raises the write's OSError


def _file_handler(path: Path) -> RotatingFileHandler:
    """The crash logger's handler for ``path``, made (or moved there) on first use."""
    current = next((h for h in CRASH_LOGGER.handlers if isinstance(h, _CrashFileHandler)), None)
    if current is None or Path(current.baseFilename) != path.absolute():
        if current is not None:
            CRASH_LOGGER.removeHandler(current)
            current.close()
        path.parent.mkdir(parents=True, exist_ok=True)
        current = _CrashFileHandler(path, maxBytes=MAX_LOG_BYTES, backupCount=1, encoding="utf-8", delay=True)
        current.setFormatter(logging.Formatter("%(message)s"))
        CRASH_LOGGER.addHandler(current)
        CRASH_LOGGER.setLevel(logging.ERROR)
    current.maxBytes = MAX_LOG_BYTES
    return current


def log_to_stderr(verbose: bool) -> None:
    """``-v``: every record of the ``nnplayground`` tree, debug level up, goes to stderr as well.

    Without it the tree has no handler of its own: warnings reach stderr through
    Python's last-resort handler, and nothing else is printed.
    """
    if not verbose or any(getattr(h, "nnplayground_verbose", False) for h in TREE.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
    handler.nnplayground_verbose = True  # type: ignore[attr-defined]
    TREE.addHandler(handler)
    TREE.setLevel(logging.DEBUG)


def log_quietly(where: str, text: str) -> Path | None:
    """``write_entry`` for code that is already reporting an error: a log that fails must not add one."""
    try:
        return write_entry(where, text)
    except OSError as error:
        print(f"nnplayground: could not write the crash log: {error}", file=sys.stderr)
        return None
