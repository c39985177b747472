"""The numeric helpers behind the views: contour, curve thinning, axis steps, number formats."""

from __future__ import annotations

import numpy as np
import pytest

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.plane import output_grid
from nnplayground.core.trainer import Trainer
from nnplayground.notation import config_words, formatting
from nnplayground.notation.contour import iso_segments, polylines
from nnplayground.notation.value_scale import CLASS_SCALE, ValueScale
from nnplayground.ui.loss.axes import envelope_indices, loss_ceiling, nice_ceiling
from nnplayground.ui.widgets.heatmap import argb32_table
from nnplayground.ui.widgets.spinboxes import nice_step


def test_the_contour_of_a_radial_function_is_the_circle():
    xs = np.linspace(-1, 1, 120)
    ys = np.linspace(-1, 1, 90)
    X, Y = np.meshgrid(xs, ys)
    values = 1 / (1 + np.exp(-20 * (0.25 - (X**2 + Y**2))))
    segments = iso_segments(values, xs, ys)
    assert len(segments) % 2 == 0 and len(segments) > 100
    radius = np.hypot(segments[:, 0], segments[:, 1])
    assert np.allclose(radius, 0.5, atol=0.01)


def test_a_saddle_cell_is_split_by_its_centre_value():
    grid = np.array([[1.0, 0.0], [0.0, 1.0]])
    segments = iso_segments(grid, np.array([0.0, 1.0]), np.array([0.0, 1.0]))
    assert segments.tolist() == [[0.5, 0.0], [1.0, 0.5], [0.5, 1.0], [0.0, 0.5]]


def test_no_crossing_gives_no_segments():
    assert iso_segments(np.full((5, 5), 0.9), np.arange(5.0), np.arange(5.0)).shape == (0, 2)


def test_contour_refuses_a_mismatched_grid():
    with pytest.raises(ValueError, match="grid"):
        iso_segments(np.zeros((3, 4)), np.arange(3.0), np.arange(4.0))


def test_the_display_grid_matches_the_network_in_float64():
    trainer = Trainer(ExperimentConfig())
    trainer.train(500)
    xs, ys = np.linspace(-1, 2, 7), np.linspace(-1, 1, 5)
    grid, z, level = output_grid(trainer.network, trainer.config.input_features, xs, ys)
    gx, gy = np.meshgrid(xs, ys)
    forward = trainer.network.forward(np.column_stack([gx.ravel(), gy.ravel()]))
    assert grid.dtype == np.float32
    assert np.allclose(grid, forward.output.reshape(5, 7), atol=1e-5)
    assert np.allclose(z, forward.pre_activations[-1].reshape(5, 7), atol=1e-4)
    assert level == 0.0
    assert np.array_equal(grid >= 0.5, z >= level)


def test_thinning_keeps_spikes_and_ends():
    values = np.linspace(5, 1, 4_000)
    values[1_234] = 50.0
    keep = envelope_indices(values, 400)
    assert len(keep) <= 402
    assert {0, 1_234, 3_999} <= set(keep.tolist())
    assert np.all(np.diff(keep) > 0)
    assert envelope_indices(np.arange(10.0), 400).tolist() == list(range(10))


def test_axis_steps_and_learning_rate_steps_follow_1_2_5():
    assert [nice_ceiling(v) for v in (0.3, 1, 1.01, 4.17, 20, 199_999)] == [0.5, 1, 2, 5, 20, 200_000]
    assert [nice_step(v, up=True) for v in (0.5, 0.7, 1, 5)] == [1, 1, 2, 10]
    assert [nice_step(v, up=False) for v in (0.5, 1, 2, 1e6)] == [0.2, 0.5, 1, 5e5]


def test_lookup_table_becomes_opaque_argb():
    table = argb32_table(np.array([[255, 0, 0], [0, 0, 255]], dtype=np.uint8))
    assert table.tolist() == [0xFFFF0000, 0xFF0000FF]


def test_formats_read_well_at_a_distance():
    assert formatting.count(200_000) == "200\u2009000"
    assert formatting.loss(1.50123) == "1.5012"
    assert formatting.loss(float("inf")) == "∞"
    assert formatting.loss(float("nan")) == "—"
    assert formatting.loss(3e7) == "3.000e+07"
    assert formatting.percent(0.94) == "94 %"
    assert formatting.rate(12_345.6) == "12\u2009346 epochs/s"
    assert config_words.shape((4,), 2) == "2-4-1 network"
    assert config_words.shape((8, 6), 7) == "7-8-6-1 network", "input features widen the input layer"
    assert config_words.shape((), 2) == "perceptron"


def test_the_display_grid_feeds_the_configured_input_features():
    config = ExperimentConfig(input_features=("x1", "x2", "x1^2", "sin(x2)"))
    trainer = Trainer(config)
    trainer.train(200)
    xs, ys = np.linspace(-1, 2, 6), np.linspace(-1, 1, 4)
    grid, _, _ = output_grid(trainer.network, config.input_features, xs, ys)
    gx, gy = np.meshgrid(xs, ys)
    exact = trainer.snapshot().predict(np.column_stack([gx.ravel(), gy.ravel()])).reshape(4, 6)
    assert np.allclose(grid, exact, atol=1e-5)


def test_contour_segments_join_into_one_line_per_curve():
    xs = np.linspace(-1, 1, 60)
    ys = np.linspace(-1, 1, 50)
    X, Y = np.meshgrid(xs, ys)
    circles = np.minimum(np.hypot(X + 0.5, Y), np.hypot(X - 0.5, Y))
    segments = iso_segments(circles, xs, ys, 0.3)
    lines = polylines(segments)
    assert np.isnan(lines[:, 0]).sum() == 2, "two circles, two lines"
    drawn = lines[np.isfinite(lines[:, 0])]
    assert len(drawn) == len(segments) // 2 + 2, (
        "each shared end appears once; a closed line repeats its start"
    )
    assert set(map(tuple, drawn)) == set(map(tuple, segments))
    assert polylines(np.empty((0, 2))).shape == (0, 2)


def test_value_scale_has_fixed_ends_white_at_zero_and_a_neutral_nan():
    scale = ValueScale.of_targets(np.array([[-0.6], [0.2], [0.9]]))
    assert (scale.low, scale.high) == (-0.9, 0.9)
    assert scale.position(np.array([-0.9, 0.0, 0.9, 5.0, np.nan])).tolist() == [0.0, 0.5, 1.0, 1.0, 0.5]
    assert ValueScale.of_targets(np.array([2.0, 4.0])) == ValueScale(2.0, 4.0)
    assert ValueScale.of_targets(np.full(3, 0.5)) == ValueScale(0.0, 1.0)
    assert CLASS_SCALE.position(np.array([0.25])).tolist() == [0.25]


def test_a_point_added_to_a_huge_set_leaves_the_drawn_points_in_place_and_is_drawn():
    from nnplayground.notation.drawn_points import MAX_DRAWN_POINTS, drawn_subset

    before, after = drawn_subset(100_000), drawn_subset(100_001)
    assert MAX_DRAWN_POINTS <= len(before) <= MAX_DRAWN_POINTS + 100
    assert 100_000 in after, "the newest (drawn) point is always shown"
    kept = np.intersect1d(before, after)
    assert len(kept) >= 0.99 * len(before), "adding one point must not reshuffle what is on screen"
    assert np.all(np.diff(after) > 0) and after[-1] < 100_001
    assert np.array_equal(drawn_subset(300), np.arange(300))


def test_a_linear_loss_axis_ends_close_above_its_curve():
    """In 1-2-5 steps the article's first peak of 19.8 (× 1.05 of headroom) got an axis to 50."""
    assert [loss_ceiling(v) for v in (20.76, 4.17, 1.05, 0.7, 9.1, 1)] == [25, 5, 1.5, 0.8, 10, 1]
