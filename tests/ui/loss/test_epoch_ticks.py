"""Epoch labels never run together, however many epochs and however narrow the plot.

A learner at 1024 px saw "20 00040 000" under the loss plot, and "200 000400 000600 000"
after a long run: pyqtgraph labels every major tick, crowded or not.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from PySide6.QtGui import QImage, QPainter

from nnplayground.ui.loss.axes import loss_plot
from tests.ui.helpers import on_screen

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


def drawn_labels(widget) -> list[tuple[float, float, str]]:
    """The bottom axis's labels as drawn: (left, right, text), left to right."""
    axis = widget.getPlotItem().getAxis("bottom")
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    _, _, texts = axis.generateDrawSpecs(painter)
    painter.end()
    return sorted((rect.left(), rect.right(), text) for rect, _, text in texts)


@pytest.mark.parametrize("width", [260, 330, 480, 900])
@pytest.mark.parametrize("epochs", [40_000, 600_000, 2_000_000])
@pytest.mark.parametrize("padding", [0.0, 0.02], ids=["flush", "padded"])
def test_epoch_labels_keep_apart_and_name_round_epochs(qtbot, width, epochs, padding):
    """At least two labels, in full ("200 000") or where that is too wide compact ("200k"); with the
    plot's own 2 % padding too, where the tick at the end is dropped (a learner saw only "0")."""
    widget, _ = loss_plot("lossPlot", "")
    on_screen(qtbot, widget, width, 240)
    widget.getPlotItem().getViewBox().setXRange(0, epochs, padding=padding)
    qtbot.waitUntil(lambda: widget.getPlotItem().getAxis("bottom").range[1] >= epochs)
    labels = drawn_labels(widget)
    assert len(labels) >= 2, labels
    for (_, right, text), (left, _, after) in pairwise(labels):
        assert left - right >= 8, f"{text!r} and {after!r} run together"
    assert all(re.fullmatch(r"\d+( \d{3})*|\d+(\.\d)?[kM]", " ".join(text.split())) for *_, text in labels), (
        labels
    )
