"""The one number formatter: each of its spellings, as the window shows them, side by side.

They differ on purpose (see their docstrings); these pin each one's text,
so folding one into another changes a test, not silently the screen.
"""

from __future__ import annotations

import pytest

from nnplayground.notation import formatting
from nnplayground.notation.formatting import format_value, plane_value, scale_end


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.03476, "0.03476"),
        (-0.6622, "−0.6622"),
        (12345.0, "1.23e+04"),
        (0.0001, "1.00e−04"),
        (0.0, "0"),
        (-0.0, "−0"),
        (float("inf"), "∞"),
        (float("-inf"), "−∞"),
        (float("nan"), "nan"),
    ],
)
def test_the_step_through_and_diagram_write_four_figures_and_keep_the_engines_minus_zero(value, text):
    assert format_value(value) == text


def test_a_neuron_maps_range_never_reads_minus_zero():
    assert plane_value(-0.0) == "0"
    assert plane_value(-0.5) == format_value(-0.5) == "−0.5"


@pytest.mark.parametrize(("value", "text"), [(-1.0, "−1"), (2.345, "2.35"), (1e5, "1e+05"), (1e-4, "0.0001")])
def test_a_colour_scales_ends_take_three_figures(value, text):
    assert scale_end(value) == text


@pytest.mark.parametrize(
    ("fraction", "text"),
    [
        (1.0, "100 %"),
        (399 / 400, "99.8 %"),
        (0.9999, "99.9 %"),
        (0.97, "97 %"),
        (0.0, "0 %"),
        (1 / 400, "0.2 %"),
    ],
)
def test_all_and_none_are_never_rounded_into(fraction, text):
    assert formatting.percent(fraction) == text
