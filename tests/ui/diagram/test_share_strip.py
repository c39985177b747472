"""Click an edge, see each sample's share of its gradient; click a bar, follow that sample."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from nnplayground.core.presets import ARTICLE_PERCEPTRON
from nnplayground.live.commands import EnterStepper, GoToPhase, Reconfigure, Step
from nnplayground.notation.formatting import format_value
from nnplayground.notation.network_names import ParameterRef
from nnplayground.ui.diagram.share_strip import MIN_BAR_PX, ShareBars, bins
from tests.ui.helpers import wait_for_config, wait_until_idle

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

W9 = ParameterRef(1, 0, 0)


def point_at(point: QPointF) -> QPoint:
    return QPoint(round(point.x()), round(point.y()))


def paused_with_gradients(qtbot, window, epochs: int = 1):
    worker = window.training.worker
    worker.send(Step(epochs))
    wait_until_idle(qtbot, worker, epoch=epochs)
    view = window.network_view
    qtbot.waitUntil(lambda: worker.latest().gradients is not None and view._frame is worker.latest())
    return worker, view


def click_edge(qtbot, view, ref: ParameterRef) -> None:
    diagram = view.diagram
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=point_at(diagram.edge_midpoint(ref)))


def test_clicking_an_edge_shows_that_weights_shares_summing_to_its_gradient(qtbot, main_window):
    main_window.resize(1280, 800)
    worker, view = paused_with_gradients(qtbot, main_window)
    shaded = []
    view.shares_shown.connect(shaded.append)
    strip = view.share_strip
    assert not strip.isVisible()
    click_edge(qtbot, view, W9)
    assert view.editor.isVisible(), "the weight editor still opens on a click"
    assert strip.isVisible()
    frame = worker.latest()
    gradient = float(frame.gradients.weights[1][0, 0])
    shares = strip.shares
    assert shares.ref == W9 and shares.gradient == gradient
    assert len(shares.shares) == frame.snapshot.data.n_train == strip.bars.bar_count
    assert abs(shares.total - gradient) <= 1e-12 * shares.magnitude
    # The sum and the gradient shown are the diagram's own number (the ∇ its hover reads).
    assert strip.title.text().startswith(f"∂cost/∂w9 = {format_value(shares.total)} = Σ 100 shares")
    assert format_value(view.diagram.gradient(W9)) == format_value(shares.total)
    assert np.array_equal(shaded[-1], shares.shares), "the boundary view is handed the same shares"
    assert main_window.boundary_view.sample_shading is not None
    # Another edge: its own shares.
    click_edge(qtbot, view, ParameterRef(0, 1, 2))
    assert strip.shares.ref == ParameterRef(0, 1, 2)
    assert strip.title.text().startswith("∂cost/∂w6 = ")
    strip.close_button.click()
    assert not strip.isVisible() and shaded[-1] is None


def test_clicking_a_bar_follows_that_sample_and_its_bar_is_framed(qtbot, main_window):
    main_window.resize(1280, 800)
    _, view = paused_with_gradients(qtbot, main_window)
    click_edge(qtbot, view, W9)
    view.editor.cancel()
    bars = view.share_strip.bars
    QApplication.processEvents()
    for sample in (7, 63):
        rect = bars.bar_rect(bars.bar_of(sample))
        qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=point_at(rect.center()))
        assert main_window.selected_sample == sample
        assert bars.followed == sample
        assert f"sample {sample}: {format_value(float(bars.shares[sample]))}" in view.share_strip.title.text()
    # Following a point elsewhere (the plot, the table) frames its bar too.
    main_window.select_sample(12)
    assert bars.followed == 12
    # Sorted: the bars run from the most negative share up, and a click still follows the right sample.
    view.share_strip.sorted_check.setChecked(True)
    lowest = int(np.argmin(bars.shares))
    assert bars.bar_of(lowest) == 0
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=point_at(bars.bar_rect(0).center()))
    assert main_window.selected_sample == lowest


def test_the_strip_follows_the_step_through_and_the_article_perceptron_is_named_truly(qtbot, main_window):
    main_window.resize(1280, 800)
    worker = main_window.training.worker
    worker.send(Reconfigure(ARTICLE_PERCEPTRON, restart=True))
    wait_for_config(qtbot, worker, hidden_layers=(), article_quirks=True)
    worker.send(EnterStepper())
    worker.send(GoToPhase(3))
    view = main_window.network_view
    qtbot.waitUntil(
        lambda: (
            view._frame is not None
            and view._frame.stepper is not None
            and view._frame.gradients is not None
            and view.diagram.state.sizes == (2, 1)
        )
    )
    click_edge(qtbot, view, ParameterRef(0, 0, 0))
    shares = view.share_strip.shares
    update_term = float(worker.latest().gradients.weights[0][0, 0])
    assert abs(shares.total - update_term) <= 1e-12 * shares.magnitude
    assert "article's update term" in view.share_strip.title.text()


def test_crowded_bars_are_binned_and_still_add_up(qtbot):
    bars = ShareBars()
    qtbot.addWidget(bars)
    bars.resize(300, 40)
    shares = np.random.RandomState(0).normal(size=50_000)
    bars.set_shares(shares)
    assert bars.bar_count == 300 // MIN_BAR_PX
    assert np.isclose(sum(float(bars._heights[b]) for b in range(bars.bar_count)), shares.sum())
    held = np.concatenate([bars.samples_of(b) for b in range(bars.bar_count)])
    assert np.array_equal(np.sort(held), np.arange(50_000))
    bar = bars.bar_of(12_345)
    assert 12_345 in bars.samples_of(bar)
    chosen = bars.sample_for(bar)
    assert abs(shares[chosen]) == np.max(np.abs(shares[bars.samples_of(bar)]))
    assert list(bins(5, 100)) == [0, 1, 2, 3, 4]
