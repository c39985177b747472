"""The committed icons match icon.svg, and each container is one its platform can read."""

from __future__ import annotations

import struct
from pathlib import Path

import make_icons
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgRenderer

from nnplayground.desktop.identity import ICON_SIZES

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@pytest.mark.parametrize("size", make_icons.PNG_SIZES)
def test_each_png_is_the_svg_rendered_at_its_size(qapp, size: int):
    """A changed icon.svg without `make icons` fails here: the committed PNG must match a fresh render.

    ``qapp`` (pytest-qt's QApplication), never a QGuiApplication of our own: the
    process's one application object must be able to host the widgets later tests create.
    """
    committed = QImage(str(RESOURCES / f"icon-{size}.png")).convertToFormat(QImage.Format.Format_ARGB32)
    assert (committed.width(), committed.height()) == (size, size)
    fresh = make_icons.render(QSvgRenderer(str(RESOURCES / "icon.svg")), size)
    fresh = fresh.convertToFormat(QImage.Format.Format_ARGB32)
    worst = max(
        max(
            abs(a - b)
            for a, b in zip(QColor(committed.pixel(x, y)).getRgb(), QColor(fresh.pixel(x, y)).getRgb())
        )
        for x in range(0, size, max(1, size // 32))
        for y in range(0, size, max(1, size // 32))
    )
    assert worst <= 8, f"icon-{size}.png differs from icon.svg by {worst}/255: run `make icons`"


def test_ico_holds_every_windows_size_as_png():
    data = (RESOURCES / "icon.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    sizes = []
    for index in range(count):
        width, _height, _, _, _planes, _bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.append(width or 256)
    assert sizes == list(make_icons.ICO_SIZES)


def test_icns_holds_png_entries_up_to_1024():
    data = (RESOURCES / "icon.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    position, kinds = 8, []
    while position < len(data):
        kind, length = data[position : position + 4], struct.unpack_from(">I", data, position + 4)[0]
        assert data[position + 8 : position + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        position += length
    assert position == len(data)
    assert set(kinds) == set(make_icons.ICNS_TYPES.values())


def test_every_icon_the_desktop_install_ships_is_generated():
    """`nnplayground desktop install` copies icon-N.png for each hicolor size; make_icons draws them."""
    assert set(ICON_SIZES) <= set(make_icons.PNG_SIZES)
    for size in ICON_SIZES:
        assert (RESOURCES / f"icon-{size}.png").is_file()
