"""Reading members of an untrusted zip archive held in memory, in bounded memory and time.

``zipfile`` trusts what an archive declares: it builds one object per
central-directory entry (a 64 MB file can declare a million), decompresses
bzip2 and LZMA members with no output bound (a 200 MB member can inflate to
gigabytes before its size is checked), and raises ``NotImplementedError``,
``RuntimeError`` or ``zlib.error`` on methods it lacks, encryption or a
flipped bit. Everything that decides what is parsed or allocated is checked
here first: the end record and the directory's size, the member count, each
member's method (stored or deflate only), encryption flag and declared size;
then a member is read in chunks, never past its declared size, with its
CRC-32 checked. Every refusal is an ``ArchiveRefusalError`` whose text is a plain
clause ("its arrays are compressed with bzip2; sessions use deflate").
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

END_RECORD = b"PK\x05\x06"
END_RECORD_SIZE = 22
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_LOCATOR_SIZE = 20
MAX_COMMENT = 0xFFFF
DIRECTORY_ENTRY_SIZE = 46
MAX_NAME = 255
ENCRYPTED = 0x1
STRONG_ENCRYPTION = 0x40
METHODS = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "LZMA",
    9: "Deflate64",
    99: "AES encryption",
}
CHUNK = 1 << 20


class ArchiveRefusalError(Exception):
    """An archive or member that is not read; the text is a plain clause saying why."""


def open_archive(data: bytes, what: str, max_members: int) -> zipfile.ZipFile:
    """A ``ZipFile`` on ``data`` once its directory is known to hold at most ``max_members`` small entries.

    ``what`` names the archive in messages ("it", "its arrays").
    """
    end = _end_record_offset(data)
    if end < 0:
        raise ArchiveRefusalError(f"{what} is not a zip archive (or is cut short)")
    if end >= ZIP64_LOCATOR_SIZE and data[end - ZIP64_LOCATOR_SIZE : end - ZIP64_LOCATOR_SIZE + 4] == (
        ZIP64_LOCATOR
    ):
        raise ArchiveRefusalError(f"{what} uses the Zip64 directory format, meant for archives far larger")
    entries, directory_size = struct.unpack("<HI", data[end + 10 : end + 16])
    if entries > max_members or directory_size > max_members * (DIRECTORY_ENTRY_SIZE + 3 * MAX_NAME + 64):
        raise ArchiveRefusalError(f"{what} declares {entries:,} entries; at most {max_members} are expected")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError, OSError):
        raise ArchiveRefusalError(f"{what} is a damaged zip archive (its directory cannot be read)") from None
    if len(archive.infolist()) > max_members:
        archive.close()
        raise ArchiveRefusalError(f"{what} holds more than {max_members} entries")
    return archive


def check_member(info: zipfile.ZipInfo, what: str, limit: int) -> None:
    """Refuse a member that is encrypted, uses a method other than stored or deflate, or is too big."""
    if info.flag_bits & (ENCRYPTED | STRONG_ENCRYPTION):
        raise ArchiveRefusalError(f"{what} is encrypted; sessions are never encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        method = METHODS.get(info.compress_type, f"an unknown method (number {info.compress_type})")
        raise ArchiveRefusalError(
            f"{what} is compressed with {method}; sessions use deflate or no compression"
        )
    if info.file_size > limit:
        raise ArchiveRefusalError(
            f"{what} declares {info.file_size:,} bytes when unpacked; the limit is {limit:,} bytes"
        )
    if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
        raise ArchiveRefusalError(f"{what} is damaged (its stored and declared sizes differ)")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, what: str, limit: int) -> bytes:
    """The unpacked bytes of one checked member: at most its declared size, with its checksum verified."""
    check_member(info, what, limit)
    chunks: list[bytes] = []
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        raise ArchiveRefusalError(
            f"{what} is damaged (its compressed data do not unpack to what the archive recorded)"
        ) from None
    data = b"".join(chunks)
    if len(data) != info.file_size:
        raise ArchiveRefusalError(f"{what} is damaged (it unpacks to fewer bytes than the archive recorded)")
    return data


def _end_record_offset(data: bytes) -> int:
    """Where the end-of-archive record starts (found as ``zipfile`` finds it), or -1."""
    if len(data) < END_RECORD_SIZE:
        return -1
    if data[-END_RECORD_SIZE : -END_RECORD_SIZE + 4] == END_RECORD and data[-2:] == b"\0\0":
        return len(data) - END_RECORD_SIZE
    start = max(len(data) - MAX_COMMENT - END_RECORD_SIZE, 0)
    found = data.rfind(END_RECORD, start)
    if found < 0 or found + END_RECORD_SIZE > len(data):
        return -1
    return found
