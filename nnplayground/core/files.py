"""Atomic file writes: a crash mid-write never destroys the previous file.

The data goes to a hidden temporary file beside the target, is flushed to
disk, then renamed over the target. The temporary's name always fits the
file system's name limit (a legal 250-byte name plus a random suffix would
not), and it is tied to its target, so the next save of that file removes the
temporaries a killed save left behind. While a save runs its temporary is
locked, so a save of the same file in another process never removes it from
under the one writing it. A read-only target is refused, not replaced: the
rename would replace it silently, since renaming needs only the folder's
permission.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be removed there anyway
    fcntl = None

NAME_MAX = 255
SUFFIX = ".tmp"
RANDOM_CHARS = 8
TAG_CHARS = 8
RANDOM_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"  # as ``mkstemp``, whose names older saves left


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, fsync it, then rename over ``path``."""
    check_target(path)
    remove_stale_temporaries(path)
    temporary, handle = _create_temporary(path)
    try:
        os.chmod(temporary, _mode_for(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
            os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def check_writable(path: Path) -> None:
    """Raise ``OSError`` with a plain ``strerror`` unless ``path`` can be saved to (checked by trying).

    For a run that saves only at its end: finding out after a million epochs loses them.
    """
    check_target(path)
    temporary, handle = _create_temporary(path)
    os.close(handle)
    temporary.unlink(missing_ok=True)


def check_target(path: Path) -> None:
    """Refuse a target that is a folder, not a regular file, or read-only."""
    try:
        info = path.stat()
    except FileNotFoundError:
        folder = path.parent
        if not folder.is_dir():
            raise FileNotFoundError(errno.ENOENT, f"the folder {folder} does not exist", str(path)) from None
        return
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, f"{path.name} is a folder", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, f"{path.name} is not a regular file", str(path))
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, f"{path.name} is read-only; it was left as it is", str(path))


def remove_stale_temporaries(path: Path) -> None:
    """Remove the temporaries of earlier saves of ``path`` that no process is writing any more."""
    folder = path.parent
    prefix = _temporary_prefix(path)
    try:
        candidates = [entry for entry in os.scandir(folder) if _is_temporary_of(entry.name, prefix)]
    except OSError:
        return
    for entry in candidates:
        with contextlib.suppress(OSError):
            descriptor = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            try:
                if not stat.S_ISREG(os.fstat(descriptor).st_mode) or not _try_lock(descriptor):
                    continue
                os.unlink(entry.path)
            finally:
                os.close(descriptor)


def temporary_name(path: Path, random_part: str) -> str:
    """``.NAME.RANDOM.tmp``; a name too long for that keeps its start and a tag of the whole name."""
    return f"{_temporary_prefix(path)}{random_part}{SUFFIX}"


def _temporary_prefix(path: Path) -> str:
    name = os.fsencode(path.name)
    room = _name_max(path.parent) - len(".") - len(".") - RANDOM_CHARS - len(SUFFIX)
    if len(name) <= room:
        return f".{path.name}."
    tag = hashlib.sha256(name).hexdigest()[:TAG_CHARS]
    start = name[: room - TAG_CHARS - 1].decode("utf-8", "ignore")
    return f".{start}~{tag}."


def _is_temporary_of(name: str, prefix: str) -> bool:
    middle = name[len(prefix) : -len(SUFFIX)]
    return (
        name.startswith(prefix)
        and name.endswith(SUFFIX)
        and len(middle) == RANDOM_CHARS
        and all(c in RANDOM_ALPHABET for c in middle)
    )


def _create_temporary(path: Path) -> tuple[Path, int]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        random_part = "".join(secrets.choice(RANDOM_ALPHABET) for _ in range(RANDOM_CHARS))
        temporary = path.parent / temporary_name(path, random_part)
        try:
            descriptor = os.open(temporary, flags, 0o600)
        except FileExistsError:
            continue
        _lock(descriptor)
        return temporary, descriptor
    raise FileExistsError(errno.EEXIST, "no free temporary name was found", str(path))


def _lock(descriptor: int) -> None:
    if fcntl is not None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)


def _try_lock(descriptor: int) -> bool:
    """True when nobody holds the file's lock (its save is over); the lock goes with the descriptor."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _name_max(folder: Path) -> int:
    try:
        return min(os.pathconf(folder, "PC_NAME_MAX"), NAME_MAX)
    except (OSError, ValueError, AttributeError):
        return NAME_MAX


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new one gets the usual ones (the temporary's are owner-only)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
