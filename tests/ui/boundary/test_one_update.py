"""What one update does, on the real window: the boundary before it stays, dashed, beside the new one.

Driven through what a person touches — the Step button, the step-through's
Next button, Play, Reset, the "Boundary trail" box — and checked against
the weights the worker handed out before the step.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from nnplayground.core.plane import cell_centres, grid_shape, output_grid
from nnplayground.core.trainer import Snapshot
from nnplayground.live.commands import SetSpeedLimit, Step
from nnplayground.live.frames import RunState
from nnplayground.notation.contour import iso_segments, polylines
from nnplayground.notation.formatting import loss
from nnplayground.ui.boundary import view as boundary_module
from nnplayground.ui.boundary.contour_trail import TRAIL_LENGTH
from nnplayground.ui.windows.main_window import MainWindow

WAIT_MS = 30_000


def settled(qtbot, window: MainWindow, epoch: int) -> Snapshot:
    """Wait until the window has drawn the paused frame at ``epoch``; that frame's snapshot."""
    worker = window.training.worker
    qtbot.waitUntil(
        lambda: (
            worker.latest().snapshot.epoch == epoch
            and worker.latest().state == RunState.PAUSED
            and window._shown_serial == worker.latest().serial
        ),
        timeout=WAIT_MS,
    )
    return worker.latest().snapshot


def click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def grid(window: MainWindow) -> tuple[np.ndarray, np.ndarray]:
    (x0, x1), (y0, y1) = window.boundary_view.plot.getPlotItem().getViewBox().viewRange()
    nx, ny = grid_shape(x1 - x0, y1 - y0)
    return cell_centres(x0, x1, nx), cell_centres(y0, y1, ny)


def contour_of(snapshot: Snapshot, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    _, z, level = output_grid(snapshot.network, snapshot.config.input_features, xs, ys)
    return polylines(iso_segments(z, xs, ys, level))


def drawn(item) -> np.ndarray:
    x, y = item.getData()
    return np.column_stack([x, y]) if x is not None else np.empty((0, 2))


def same_lines(a: np.ndarray, b: np.ndarray) -> bool:
    return (
        a.shape == b.shape
        and bool(np.array_equal(np.isnan(a), np.isnan(b)))
        and bool(np.array_equal(a[~np.isnan(a)], b[~np.isnan(b)]))
    )


@pytest.fixture
def at_1200(qtbot, main_window) -> Snapshot:
    """The article's network trained to epoch 1 200, paused and drawn: the spike's neighbourhood."""
    main_window.training.send(Step(1_200))
    return settled(qtbot, main_window, 1_200)


def test_one_step_leaves_the_boundary_of_the_previous_weights_dashed_beside_the_new_one(
    qtbot, main_window, at_1200
):
    view = main_window.boundary_view
    assert view.before_update is None and not view._before.item.isVisible()
    assert main_window.controls.run.epochs_per_step() == 1
    click(main_window.controls.run.step_button)
    after = settled(qtbot, main_window, 1_201)

    assert view.before_update is at_1200
    assert view._before.item.isVisible()
    xs, ys = grid(main_window)
    line = drawn(view._before.item)
    assert same_lines(line, contour_of(at_1200, xs, ys)), "the dashed line is the previous weights' 0.5 line"
    assert not same_lines(line, contour_of(after, xs, ys)), "…not the new weights'"
    # Independently of the display grid's float32 and the traced output-neuron input: the previous
    # network's own float64 prediction crosses 0.5 along the dashed line, within a fraction of a cell.
    fine_x, fine_y = np.linspace(xs[0], xs[-1], 400), np.linspace(ys[0], ys[-1], 400)
    gx, gy = np.meshgrid(fine_x, fine_y)
    output = at_1200.predict(np.column_stack([gx.ravel(), gy.ravel()])).reshape(gy.shape)
    exact = iso_segments(output, fine_x, fine_y, 0.5)
    points = line[~np.isnan(line[:, 0])]
    distance = np.min(np.hypot(*(points[:, None, :] - exact[None, :, :]).transpose(2, 0, 1)), axis=1)
    assert distance.max() < 0.5 * (xs[1] - xs[0])
    legend = [label.text for _, label in view._legend.items]
    assert any(text.startswith("before the update · moved") for text in legend)
    assert "before the update" in view.toolTip()


def test_the_loss_curve_marks_the_stepped_epoch_with_the_loss_before_and_after(qtbot, main_window, at_1200):
    click(main_window.controls.run.step_button)
    after = settled(qtbot, main_window, 1_201)
    main_window.loss_view.flush()
    loss_view = main_window.loss_view
    step = loss_view.marked_step
    assert step is not None and step.epoch == 1_201
    assert (step.before, step.after) == (at_1200.metrics.train_loss, after.metrics.train_loss)
    assert loss_view._step.line.isVisible() and loss_view._step.line.value() == 1_201
    history = after.history
    assert history.counted[-1] == 1_201
    np.testing.assert_allclose(loss_view._step.dot.getData()[1], [history.train_loss[-1]], rtol=1e-12)
    assert "→" in loss_view._step.line.toolTip()
    label = loss_view._step.label
    assert label.isVisible() and label.toPlainText() == f"{loss(step.before)} → {loss(step.after)}"


def test_play_and_reset_take_the_old_boundary_and_the_mark_away(qtbot, main_window, at_1200):
    view, run = main_window.boundary_view, main_window.controls.run
    click(run.step_button)
    settled(qtbot, main_window, 1_201)
    assert view.before_update is not None
    click(run.play_button)
    qtbot.waitUntil(lambda: view.before_update is None, timeout=WAIT_MS)
    assert not view._before.item.isVisible() and main_window.loss_view.marked_step is None
    click(run.play_button)  # pause
    worker = main_window.training.worker
    qtbot.waitUntil(lambda: worker.latest().state == RunState.PAUSED, timeout=WAIT_MS)
    epoch = settled(qtbot, main_window, worker.latest().snapshot.epoch).epoch
    click(run.step_button)
    settled(qtbot, main_window, epoch + 1)
    assert view.before_update is not None
    click(run.reset_button)
    settled(qtbot, main_window, 0)
    assert view.before_update is None and not view._before.item.isVisible()
    assert main_window.loss_view.marked_step is None


def test_a_step_of_many_epochs_is_not_one_update(qtbot, main_window, at_1200):
    run = main_window.controls.run
    run.epochs_combo.setCurrentIndex(run.epochs_combo.findData(10))
    click(run.step_button)
    settled(qtbot, main_window, 1_210)
    assert main_window.boundary_view.before_update is None
    assert main_window.loss_view.marked_step is None


def test_the_step_throughs_update_phase_leaves_the_old_boundary_too(qtbot, main_window, at_1200):
    click(main_window.controls.run.stepper_button)
    panel = main_window.stepper_panel
    worker = main_window.training.worker
    qtbot.waitUntil(lambda: main_window._stepper_shown and panel.next_button.isEnabled(), timeout=WAIT_MS)
    while worker.latest().snapshot.epoch == 1_200:
        phase = worker.latest().stepper.phase
        click(panel.next_button)
        qtbot.waitUntil(lambda phase=phase: moved_on(main_window, phase), timeout=WAIT_MS)
    assert worker.latest().snapshot.epoch == 1_201
    assert main_window.boundary_view.before_update is at_1200
    assert main_window.loss_view.marked_step.epoch == 1_201


def moved_on(window: MainWindow, phase: int) -> bool:
    """The step-through has left ``phase`` and the window has drawn where it went."""
    frame = window.training.worker.latest()
    return frame.stepper is not None and frame.stepper.phase != phase and window._shown_serial == frame.serial


def test_the_trail_keeps_at_most_k_boundaries_from_frames_already_drawn(qtbot, main_window, monkeypatch):
    view = main_window.boundary_view
    calls = []
    real = boundary_module.output_grid
    monkeypatch.setattr(boundary_module, "output_grid", lambda *a: calls.append(1) or real(*a))
    click(main_window.controls.view.trail)
    assert main_window.controls.view.trail.isChecked()
    main_window.training.send(SetSpeedLimit(30.0))
    pushed: list[np.ndarray] = []
    real_push = view.trail.push
    monkeypatch.setattr(view.trail, "push", lambda segments: pushed.append(segments) or real_push(segments))
    drawn_before = view.frames_drawn
    click(main_window.controls.run.play_button)
    qtbot.waitUntil(lambda: len(pushed) > TRAIL_LENGTH + 2, timeout=WAIT_MS)
    click(main_window.controls.run.play_button)
    assert len(view.trail) == TRAIL_LENGTH
    # Newest first, each one a boundary the view itself drew before the current one.
    for kept, pushed_segments in zip(view.trail.contours, reversed(pushed)):
        assert kept is pushed_segments
    assert len(calls) == view.frames_drawn - drawn_before, "no forward pass beyond each frame's own grid"
    assert "last 8 boundaries" in [label.text for _, label in view._legend.items]

    click(main_window.controls.view.trail)
    assert len(view.trail) == 0 and not any(item.isVisible() for item in view.trail.items)
