"""Pictures of the views for slides: PNG (at twice the screen's resolution) and SVG.

The widget is rendered with Qt's own painter into an image or an SVG
generator, so axes, text and curves stay vectors in the SVG. pyqtgraph's
SVGExporter is not used: it fails on the path syntax of current Qt 6
(pyqtgraph issue #3485). Files are written through the engine's atomic
writer, so an interrupted export never leaves a broken picture where a good
one was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from nnplayground.core.files import write_atomically

FORMATS = {".png": "PNG image (*.png)", ".svg": "SVG drawing (*.svg)"}
PNG_SCALE = 2


class ExportError(OSError):
    """An export that could not be made; the message says why."""


def _buffer() -> tuple[QByteArray, QBuffer]:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return data, buffer


def png_bytes(widget: QWidget, scale: int = PNG_SCALE) -> bytes:
    image = QImage(widget.size() * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(widget.palette().window().color())
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QWidget.render(widget, painter, QPoint())  # the widget as shown, even for a QGraphicsView
    painter.end()
    data, buffer = _buffer()
    if not image.save(buffer, "PNG"):
        raise ExportError("the picture could not be encoded as PNG")
    return bytes(data)


def svg_bytes(widget: QWidget, title: str) -> bytes:
    data, buffer = _buffer()
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(widget.size())
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle(title)
    generator.setDescription("Exported from nnplayground")
    painter = QPainter(generator)
    QWidget.render(widget, painter, QPoint())  # the widget as shown, even for a QGraphicsView
    painter.end()
    return bytes(data)


def export_view(widget: QWidget, path: str | Path, title: str = "nnplayground") -> None:
    """Write ``widget`` to ``path`` as PNG or SVG, chosen by the file name's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".png":
        data = png_bytes(widget)
    elif suffix == ".svg":
        data = svg_bytes(widget, title)
    else:
        raise ExportError(f"{path.name}: choose a .png or .svg file name")
    try:
        write_atomically(path, data)
    except OSError as error:
        raise ExportError(f"could not write {path}: {error.strerror or error}") from None
