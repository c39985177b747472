"""How far one boundary moved against another, and the legend that says so."""

from __future__ import annotations

import math

import numpy as np

from nnplayground.notation.contour import farthest_from, iso_segments, polylines
from nnplayground.ui.boundary.before_line import LABEL, legend_label


def line_at(offset: float) -> tuple[np.ndarray, np.ndarray]:
    """The 0.5 contour of the plane x₂ − x₁ + 0.5 − offset: the line x₂ = x₁ + offset, as pairs and joined."""
    xs = ys = np.linspace(-1.0, 1.0, 41)
    gx, gy = np.meshgrid(xs, ys)
    segments = iso_segments(gy - gx + 0.5 - offset, xs, ys, 0.5)
    return segments, polylines(segments)


def test_a_shifted_line_is_as_far_as_its_shift_not_a_grid_cell():
    current, _ = line_at(0.0)
    _, before = line_at(0.003)
    # x₂ = x₁ + 0.003 lies 0.003/√2 from x₂ = x₁, far less than the grid's 0.05 between samples.
    assert math.isclose(farthest_from(before, current), 0.003 / math.sqrt(2), rel_tol=1e-6, abs_tol=1e-9)


def test_the_same_line_has_not_moved_and_an_empty_one_is_unknown():
    current, joined = line_at(0.1)
    assert farthest_from(joined, current) < 1e-12
    assert math.isnan(farthest_from(joined, np.empty((0, 2))))
    assert math.isnan(farthest_from(np.empty((0, 2)), current))


def test_the_legend_says_how_far_without_html_it_would_swallow():
    assert legend_label(0.0004, pixels=300) == f"{LABEL} · moved under 1 px"
    assert legend_label(0.386, pixels=300) == f"{LABEL} · moved ≤ 0.386"
    assert legend_label(math.nan, pixels=300) == LABEL
    assert "<" not in legend_label(0.0001, pixels=1)
