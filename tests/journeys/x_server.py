"""A private X server (Xvfb) with a window manager (openbox) for the journey tests.

The journeys run the window as a person sees it: on X, with X's fonts and metrics (offscreen
ones differ: a legend that fits offscreen wraps under X and hides the diagram's labels) and
with a window manager, without which ``activateWindow`` and keyboard focus do nothing.
``Xvfb -displayfd`` picks a free display number itself, so runs never collide with another
X server on the machine; openbox's ``--startup`` command says when it manages the screen, so
the tests start only once focus works. Both are ended when the run ends.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import tempfile
from pathlib import Path

SCREEN = "1920x1080x24"
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0


class XServerError(RuntimeError):
    """Xvfb or openbox could not be started; the message says what to install or what failed."""


def _read_line(fd: int, what: str) -> str:
    """One line from ``fd``, waiting at most ``START_TIMEOUT_S`` (select, not a sleep loop)."""
    data = b""
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], START_TIMEOUT_S)
        if not ready:
            raise XServerError(f"{what} did not start within {START_TIMEOUT_S:.0f} s")
        chunk = os.read(fd, 64)
        if not chunk:
            raise XServerError(f"{what} exited before it was ready")
        data += chunk
    return data.decode().strip()


class XServer:
    """``start()`` an Xvfb + openbox; ``display`` is then e.g. ``":7"``; ``stop()`` ends both."""

    def __init__(self, screen: str = SCREEN) -> None:
        self.screen = screen
        self.display: str | None = None
        self._folder = Path(tempfile.mkdtemp(prefix="nnplayground-x-"))
        self._xvfb: subprocess.Popen | None = None
        self._openbox: subprocess.Popen | None = None

    def start(self) -> str:
        missing = [program for program in ("Xvfb", "openbox") if shutil.which(program) is None]
        if missing:
            raise XServerError(
                f"the journey tests need {' and '.join(missing)}: run `make journeys` "
                "(as root it installs them) or `sudo apt-get install xvfb openbox`"
            )
        try:
            self._start_xvfb()
            self._start_openbox()
        except BaseException:
            self.stop()
            raise
        return self.display

    def _start_xvfb(self) -> None:
        read, write = os.pipe()
        try:
            with (self._folder / "xvfb.log").open("wb") as log:
                self._xvfb = subprocess.Popen(
                    ["Xvfb", "-displayfd", str(write), "-screen", "0", self.screen, "-nolisten", "tcp"],
                    pass_fds=(write,),
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                )
            os.close(write)
            write = -1
            number = _read_line(read, "Xvfb")
        finally:
            os.close(read)
            if write >= 0:
                os.close(write)
        self.display = f":{number}"

    def _start_openbox(self) -> None:
        ready = self._folder / "openbox-ready"
        os.mkfifo(ready)
        environment = {**os.environ, "DISPLAY": self.display}
        # Opened non-blocking for reading first, so openbox's startup command can open it to write.
        fd = os.open(ready, os.O_RDONLY | os.O_NONBLOCK)
        try:
            with (self._folder / "openbox.log").open("wb") as log:
                self._openbox = subprocess.Popen(
                    ["openbox", "--sm-disable", "--startup", f"sh -c 'echo ready > {ready}'"],
                    env=environment,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                )
            _read_line(fd, "openbox")
        finally:
            os.close(fd)

    def stop(self) -> None:
        for process in (self._openbox, self._xvfb):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self._openbox = self._xvfb = None
        shutil.rmtree(self._folder, ignore_errors=True)
