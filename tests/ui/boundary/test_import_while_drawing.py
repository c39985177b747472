"""Points imported while "Draw points" is on are framed and coloured as any new run's are."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog

from nnplayground.notation import colours
from tests.ui.helpers import menu_action


def test_an_import_while_drawing_frames_the_new_points_in_their_class_colours(
    qtbot, main_window, tmp_path, monkeypatch
):
    rng = np.random.RandomState(5)
    centres = np.array([[10.0, 10.0], [12.0, 10.0], [11.0, 12.0]])
    rows = ["x1,x2,label"]
    for label, centre in enumerate(centres):
        rows += [f"{x1:.4f},{x2:.4f},{label}" for x1, x2 in centre + 0.2 * rng.randn(20, 2)]
    path = tmp_path / "three.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    view = main_window.boundary_view
    menu_action(main_window, "View", "Draw points").trigger()
    assert view.is_drawing()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    menu_action(main_window, "File", "Import data (CSV)…").trigger()
    worker = main_window.training.worker
    qtbot.waitUntil(lambda: worker.latest().snapshot.config.classes == 3, timeout=20_000)
    qtbot.waitUntil(lambda: view._data is worker.latest().snapshot.data, timeout=20_000)
    (x0, x1), (y0, y1) = view.plot.getPlotItem().getViewBox().viewRange()
    data = worker.latest().snapshot.data
    assert x0 < data.X_train[:, 0].min() and data.X_train[:, 0].max() < x1
    assert y0 < data.X_train[:, 1].min() and data.X_train[:, 1].max() < y1
    brushes = view._train.data["brush"]
    drawn = [QColor(brush.color()).name() for brush in brushes]
    expected = [QColor(colours.CLASS_PALETTE[int(label)]).name() for label in data.y_train[:, 0]]
    assert drawn == expected
