"""What the app remembers, and the pictures and tables it exports."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.core.trainer import Trainer
from nnplayground.ui.windows.exports import ExportError, export_view
from nnplayground.ui.windows.main_window import MainWindow
from nnplayground.ui.windows.settings import AppSettings


@pytest.fixture
def settings(tmp_path):
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def test_window_geometry_splitters_and_config_are_restored(qtbot, settings, tmp_path):
    window, splitter = QMainWindow(), QSplitter()
    splitter.addWidget(QWidget())
    splitter.addWidget(QWidget())
    window.setCentralWidget(splitter)
    qtbot.addWidget(window)
    window.resize(640, 480)
    window.show()
    splitter.setSizes([600, 300])
    config = ExperimentConfig(hidden_layers=(7,), learning_rate=0.25)
    settings.save_window(window, {"main": splitter})
    settings.save_config(config)
    settings.sync()

    reopened = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    other, other_splitter = QMainWindow(), QSplitter()
    other_splitter.addWidget(QWidget())
    other_splitter.addWidget(QWidget())
    other.setCentralWidget(other_splitter)
    qtbot.addWidget(other)
    assert reopened.restore_window(other, {"main": other_splitter})
    assert (other.width(), other.height()) == (640, 480)
    assert other_splitter.sizes()[0] > other_splitter.sizes()[1]
    assert reopened.last_config() == config


def test_first_start_and_damaged_settings_fall_back_to_defaults(qtbot, settings, tmp_path):
    window = QMainWindow()
    qtbot.addWidget(window)
    assert not settings.restore_window(window, {})
    assert settings.last_config() is None
    raw = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    raw.setValue("experiment/config", '{"learning_rate": -4}')
    raw.sync()
    assert AppSettings(raw).last_config() is None


def test_recent_files_are_most_recent_first_unique_and_existing(settings, tmp_path):
    paths = [tmp_path / f"run{i}.nnpg" for i in range(10)]
    for path in paths:
        path.write_bytes(b"x")
        settings.add_recent_file(path)
    settings.add_recent_file(paths[3])
    recent = settings.recent_files()
    assert recent[0] == str(paths[3]) and len(recent) == 8 and len(set(recent)) == 8
    paths[9].unlink()
    assert str(paths[9]) not in settings.recent_files()


def test_views_export_to_valid_png_and_svg(qtbot, tmp_path):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.plot(np.arange(10), np.arange(10) ** 2, name="loss")
    export_view(widget, tmp_path / "loss.png")
    image = QImage(str(tmp_path / "loss.png"))
    assert not image.isNull() and image.width() == 800, "PNGs are drawn at twice the screen resolution"
    export_view(widget, tmp_path / "loss.svg", title="loss")
    text = (tmp_path / "loss.svg").read_text()
    assert "<svg" in text and "<title>loss</title>" in text and "<path" in text
    with pytest.raises(ExportError, match=r"choose a \.png or \.svg"):
        export_view(widget, tmp_path / "loss.gif")
    with pytest.raises(ExportError, match="could not write"):
        export_view(widget, tmp_path / "missing-folder" / "loss.png")


def test_history_exports_as_csv_a_spreadsheet_reads():
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER.replace(test_fraction=0.2))
    trainer.train(50)
    lines = trainer.history.arrays().to_csv().splitlines()
    assert lines[0] == "epoch,train_loss,train_accuracy,test_loss,test_accuracy"
    assert len(lines) == 51
    epoch, loss, *_ = lines[-1].split(",")
    assert int(epoch) == 50 and float(loss) == trainer.last_loss, "counted as the status bar counts"
    assert Trainer(ARTICLE_ONE_HIDDEN_LAYER).history.arrays().to_csv().count("\n") == 1


def test_a_window_bigger_than_its_screen_shrinks_to_fit_and_moves_onto_it(qtbot):
    from nnplayground.ui.windows.screen_fit import fit_to_screen

    window = QMainWindow()
    window.setCentralWidget(QWidget())
    window.centralWidget().setMinimumSize(300, 200)
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    window.setGeometry(available.right() - 100, available.top() + 50, available.width() + 400, 2000)
    fit_to_screen(window)
    assert window.width() <= available.width() and window.height() <= available.height()
    assert available.contains(window.frameGeometry()), "every edge reachable"

    window.centralWidget().setMinimumSize(available.width() + 50, 200)
    fit_to_screen(window)
    assert window.width() >= available.width() + 50, "never below the window's own minimum"


def test_exported_pictures_are_the_plots_without_the_views_buttons(qtbot, main_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    for name, plot in (
        ("boundary", main_window.boundary_view.plot),
        ("loss", main_window.loss_view.plot),
        ("diagram", main_window.network_view.diagram),
    ):
        path = tmp_path / f"{name}.png"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, p=path, **kwargs: (str(p), "PNG"))
        main_window.files.export_view(name)
        image = QImage(str(path))
        ratio = image.width() / plot.width()
        assert abs(image.height() - plot.height() * ratio) <= 2, (
            f"the {name} picture holds more than the plot"
        )
        assert f"Exported {name}.png" in main_window.statusBar().currentMessage()


@pytest.mark.parametrize(
    "saved", [None, ExperimentConfig(n_samples=100_000, hidden_layers=(64,))], ids=["article", "own"]
)
def test_a_window_reopened_on_settings_last_used_says_so_and_how_to_start_over(qtbot, settings, saved):
    if saved is not None:
        settings.save_config(saved)
    window = MainWindow(settings.last_config() or ARTICLE_ONE_HIDDEN_LAYER, settings)  # as the app starts
    window.files.confirm_discard = False
    qtbot.addWidget(window)
    window.show()
    window.restore_layout()
    message = window.statusBar().currentMessage()
    try:
        if saved is None:
            assert message == "", "the article's own settings need no word"
        else:
            assert message.startswith("Your last settings: 2-64-1 sigmoid")
            assert "Network ▸ Preset: article: one hidden layer" in message
    finally:
        window.shutdown()


def test_the_loss_plots_log_axes_come_back_as_they_were_left(qtbot, settings):
    """A person who switched to log axes for a long run found them off again at every start."""
    window = MainWindow(ARTICLE_ONE_HIDDEN_LAYER, settings)
    window.files.confirm_discard = False
    qtbot.addWidget(window)
    window.show()
    window.restore_layout()
    for box in (window.loss_view.log_scale, window.loss_view.log_epochs):
        assert not box.isChecked(), "linear axes on a first start"
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    window.close()

    reopened = MainWindow(ARTICLE_ONE_HIDDEN_LAYER, settings)
    reopened.files.confirm_discard = False
    qtbot.addWidget(reopened)
    reopened.show()
    reopened.restore_layout()
    try:
        axes = reopened.loss_view.plot.getPlotItem()
        assert reopened.loss_view.log_scale.isChecked() and axes.getAxis("left").logMode
        assert reopened.loss_view.log_epochs.isChecked() and axes.getAxis("bottom").logMode
    finally:
        reopened.shutdown()
