"""One running nnplayground per person: a second launch with a session hands it over and exits.

A file manager starts ``nnplayground-gui FILE`` for every double-clicked
session; without this, each would open a second app beside the first. The
first window listens on a local socket (``QLocalServer``: a Unix socket in
``$XDG_RUNTIME_DIR``, a named pipe on Windows); a later launch that was given a
file connects, sends the file's absolute path on one line, waits for ``ok``
and exits, and the first window opens the file through its own Open path —
asking about unsaved work first, as File ▸ Open does. A launch without a file
opens a window of its own, as before.
"""

from __future__ import annotations

import getpass
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from nnplayground.desktop.identity import APP_ID

log = logging.getLogger(__name__)

# How long a second launch waits for the first to answer before opening its own window.
HANDOFF_TIMEOUT_MS = 3_000
# A probe that finds nobody listening fails at once; this only bounds a stuck first instance.
PROBE_TIMEOUT_MS = 500
ANSWER = b"ok\n"
# A Unix socket's path holds at most 107 bytes; a longer runtime folder falls back to the temp folder.
MAX_SOCKET_PATH = 100


def server_name() -> str:
    """Per person (and, on Linux, per login session): two people on one machine never meet."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    socket = Path(runtime) / f"{APP_ID}.socket"
    if sys.platform.startswith("linux") and runtime and socket.parent.is_dir():
        if len(os.fsencode(socket)) <= MAX_SOCKET_PATH:
            return str(socket)
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    return f"{APP_ID}-{user}"


def hand_off(path: str | Path, name: str | None = None) -> bool:
    """True when a running nnplayground took the file; False when none answered (open it here)."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(HANDOFF_TIMEOUT_MS):
        return False
    socket.write(str(Path(path).absolute()).encode("utf-8") + b"\n")
    socket.waitForBytesWritten(HANDOFF_TIMEOUT_MS)
    answered = socket.waitForReadyRead(HANDOFF_TIMEOUT_MS) and bytes(socket.readAll().data()) == ANSWER
    socket.abort()
    log.debug("handed %s to the running window: %s", path, "taken" if answered else "no answer")
    return answered


class SingleInstance(QObject):
    """The first window's end: ``received`` carries each path a later launch handed over."""

    received = Signal(str)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Serve the name unless another live instance does; a socket left by a crash is replaced."""
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(PROBE_TIMEOUT_MS):
            probe.abort()
            log.debug("another nnplayground serves %s; this one opens its own files", self.name)
            return False
        if not self.server.listen(self.name):
            QLocalServer.removeServer(self.name)
            if not self.server.listen(self.name):
                log.warning("cannot listen on %s: %s", self.name, self.server.errorString())
                return False
        log.debug("listening for sessions handed over on %s", self.server.fullServerName())
        return True

    @Slot()
    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        path = bytes(socket.readLine().data()).decode("utf-8", errors="replace").rstrip("\n")
        socket.write(ANSWER)
        socket.flush()
        log.debug("received %s from a second launch", path)
        # After this slot returns: opening may ask about unsaved work in a modal dialog.
        QTimer.singleShot(0, lambda: self.received.emit(path))


def bring_to_front(window: QWidget) -> None:
    """Un-minimise and raise the window a handed-over file opens in (the desktop may only flash it)."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
