"""Opening a file someone chose without hanging on it or reading without end.

A path can name a folder, a named pipe (whose ``open`` blocks until a writer
comes, for ever), a device (``/dev/zero`` never ends), a symlink to either,
or a sparse file that claims gigabytes. Opening with ``O_NONBLOCK`` returns at
once whatever the path is; ``fstat`` on the open descriptor then says what it
really is (no race with a rename in between), and only a regular file of at
most ``limit`` bytes is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class UnreadableFileError(Exception):
    """A path that is not a readable regular file of bounded size; the text says why, without the path."""


def open_regular(path: Path, limit: int) -> tuple[BinaryIO, int]:
    """An open binary stream on ``path`` and its size, if it is a regular file of at most ``limit`` bytes."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UnreadableFileError("it does not exist") from None
    except IsADirectoryError:
        raise UnreadableFileError("it is a folder, not a file") from None
    except OSError as error:
        raise UnreadableFileError(f"it cannot be opened ({_reason(error)})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            link = "a link to " if path.is_symlink() else ""
            kind = next((name for test, name in KINDS if test(info.st_mode)), "not a regular file")
            raise UnreadableFileError(f"it is {link}{kind}, not a file")
        if info.st_size > limit:
            raise UnreadableFileError(
                f"it is {info.st_size:,} bytes; the limit is {limit:,} bytes ({limit / 2**20:.0f} MiB)"
            )
        stream = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    return stream, info.st_size


def read_regular(path: Path, limit: int) -> bytes:
    """The whole content of a regular file of at most ``limit`` bytes, even if it grows while read."""
    stream, _ = open_regular(path, limit)
    with stream:
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise UnreadableFileError(f"it cannot be read ({_reason(error)})") from None
    if len(data) > limit:
        raise UnreadableFileError(f"it grew past the limit of {limit:,} bytes while it was read")
    return data


def _reason(error: OSError) -> str:
    """The system's own words for an error (``Permission denied``), lower-cased to sit in a sentence."""
    text = error.strerror or "the system refused"
    return text[:1].lower() + text[1:]
