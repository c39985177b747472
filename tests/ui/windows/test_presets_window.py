"""A preset is the article's experiment whole: its data too; the person's own points wait to come back."""

from __future__ import annotations

import numpy as np

from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, PRESET_TABLE
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import AddPoint, Step
from tests.ui.helpers import SETTLE_TIMEOUT_MS, menu_action


def draw_points(qtbot, window, count: int) -> int:
    worker = window.training.worker
    start = worker.latest().snapshot.data.n_train
    for index in range(count):
        worker.send(AddPoint(-1.0 + 0.1 * index, 1.2, float(index % 2)))
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == start + count, timeout=SETTLE_TIMEOUT_MS)
    return start + count


def test_a_preset_over_drawn_points_trains_on_the_articles_data(qtbot, main_window):
    worker = main_window.training.worker
    draw_points(qtbot, main_window, 4)
    assert worker.latest().snapshot.imported_data

    menu_action(main_window, "Network", "Preset: article: one hidden layer").trigger()
    qtbot.waitUntil(lambda: not worker.latest().snapshot.imported_data, timeout=SETTLE_TIMEOUT_MS)
    data = worker.latest().snapshot.data
    article = Trainer(ARTICLE_ONE_HIDDEN_LAYER).data
    assert np.array_equal(data.X_train, article.X_train)
    assert np.array_equal(data.y_train, article.y_train)
    qtbot.waitUntil(
        lambda: "put aside" in main_window.statusBar().currentMessage(), timeout=SETTLE_TIMEOUT_MS
    )
    assert "104 points" in main_window.statusBar().currentMessage()


def test_the_points_a_preset_put_aside_come_back_from_the_menu(qtbot, main_window):
    worker = main_window.training.worker
    drawn = draw_points(qtbot, main_window, 4)
    drawn_data = worker.latest().snapshot.data
    bring_back = menu_action(main_window, "Network", "Bring back my points")
    assert not bring_back.isEnabled(), "nothing was put aside yet"

    main_window.controls.preset_perceptron.click()
    qtbot.waitUntil(bring_back.isEnabled, timeout=SETTLE_TIMEOUT_MS)
    assert worker.latest().snapshot.data.n_train == 100

    bring_back.trigger()
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == drawn, timeout=SETTLE_TIMEOUT_MS)
    assert np.array_equal(worker.latest().snapshot.data.X_train, drawn_data.X_train)
    assert worker.latest().snapshot.config.hidden_layers == (), "the preset's network stays"
    qtbot.waitUntil(lambda: not bring_back.isEnabled(), timeout=SETTLE_TIMEOUT_MS)


def test_points_drawn_after_a_preset_are_put_aside_when_the_old_ones_come_back(qtbot, main_window):
    """Ctrl+Z swaps the two sets of points: neither the ones brought back nor the ones drawn since is lost."""
    worker = main_window.training.worker
    first = draw_points(qtbot, main_window, 4)
    first_data = worker.latest().snapshot.data
    bring_back = menu_action(main_window, "Network", "Bring back my points")
    main_window.controls.data.generated_button.click()
    qtbot.waitUntil(bring_back.isEnabled, timeout=SETTLE_TIMEOUT_MS)
    second = draw_points(qtbot, main_window, 3)
    second_data = worker.latest().snapshot.data

    bring_back.trigger()
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == first, timeout=SETTLE_TIMEOUT_MS)
    assert np.array_equal(worker.latest().snapshot.data.X_train, first_data.X_train)
    qtbot.waitUntil(
        lambda: "put aside" in main_window.statusBar().currentMessage(), timeout=SETTLE_TIMEOUT_MS
    )
    assert bring_back.isEnabled(), "the points drawn since wait to come back in turn"

    bring_back.trigger()
    qtbot.waitUntil(lambda: worker.latest().snapshot.data.n_train == second, timeout=SETTLE_TIMEOUT_MS)
    assert np.array_equal(worker.latest().snapshot.data.X_train, second_data.X_train)


def test_a_preset_on_generated_data_puts_nothing_aside(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(Step(50))
    qtbot.waitUntil(lambda: worker.latest().snapshot.epoch == 50, timeout=SETTLE_TIMEOUT_MS)
    main_window.controls.preset_hidden.click()
    qtbot.waitUntil(lambda: worker.latest().snapshot.epoch == 0, timeout=SETTLE_TIMEOUT_MS)
    assert "put aside" not in main_window.statusBar().currentMessage()
    assert not menu_action(main_window, "Network", "Bring back my points").isEnabled()


def test_use_generated_data_and_regenerate_also_put_the_points_aside(qtbot, main_window):
    worker = main_window.training.worker
    bring_back = menu_action(main_window, "Network", "Bring back my points")
    for replace in (main_window.controls.data.generated_button, main_window.controls.data.regenerate_button):
        drawn = draw_points(qtbot, main_window, 3)
        replace.click()
        qtbot.waitUntil(lambda: not worker.latest().snapshot.imported_data, timeout=SETTLE_TIMEOUT_MS)
        qtbot.waitUntil(bring_back.isEnabled, timeout=SETTLE_TIMEOUT_MS)
        bring_back.trigger()
        qtbot.waitUntil(lambda n=drawn: worker.latest().snapshot.data.n_train == n, timeout=SETTLE_TIMEOUT_MS)


def test_the_network_menu_and_compare_modes_choosers_list_every_preset_of_the_table(qtbot, main_window):
    network = next(
        a.menu() for a in main_window.menuBar().actions() if a.text().replace("&", "") == "Network"
    )
    listed = [a.text().removeprefix("Preset: ") for a in network.actions() if a.text().startswith("Preset: ")]
    assert listed == [preset.name for preset in PRESET_TABLE]
    compare = main_window.open_compare()
    chooser = compare.sides[0].chooser
    assert [chooser.itemText(index) for index in range(len(PRESET_TABLE))] == [p.words for p in PRESET_TABLE]
    assert len({p.key for p in PRESET_TABLE}) == len({p.words for p in PRESET_TABLE}) == len(PRESET_TABLE)
