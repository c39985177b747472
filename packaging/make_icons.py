"""Render resources/icon.svg into the raster icons each platform wants; run it after editing the SVG.

    .venv/bin/python packaging/make_icons.py        (or: make icons)

Writes, next to the SVG:

* ``icon-16.png`` … ``icon-512.png`` — Linux desktops and the .desktop file
  (hicolor sizes), and anything that cannot read SVG;
* ``icon.ico`` — the Windows executable's icon (PyInstaller embeds it);
  PNG-compressed entries, which Windows reads since Vista;
* ``icon.icns`` — the macOS app bundle's icon; PNG entries, which macOS
  reads since 10.7.

Qt draws the SVG (QSvgRenderer into a QImage per size), so the icons match
what the window shows, and no other image tool is needed. The ICO and ICNS
containers are a few lines of ``struct``: Qt's own ICO writer stores one
size only, and Qt has no ICNS writer. The output is deterministic for a
given Qt version; the files are small and committed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
SVG = RESOURCES / "icon.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry types holding PNG data, by pixel size (1024 is the 512@2x "ic10").
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR, one ICONDIRENTRY per size (0 means 256), then the PNG streams."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """The 'icns' magic and total length, then (type, length incl. 8-byte header, PNG) per size."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png for size, png in sorted(pngs.items())
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_TYPES))
    pngs = {size: png_bytes(render(renderer, size)) for size in sizes}
    written = []
    for size in PNG_SIZES:
        path = RESOURCES / f"icon-{size}.png"
        path.write_bytes(pngs[size])
        written.append(path)
    (RESOURCES / "icon.ico").write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    (RESOURCES / "icon.icns").write_bytes(icns_bytes({size: pngs[size] for size in ICNS_TYPES}))
    written += [RESOURCES / "icon.ico", RESOURCES / "icon.icns"]
    for path in written:
        print(f"{path.relative_to(RESOURCES.parent)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
