"""The network evaluated over the input plane, for pictures: the boundary view's grid and the nodes' maps.

Both pictures sample the plane at the centres of their pixels (so a smoothed
image and a contour traced on the same samples agree) and in float32 — a
display needs no more, and it is ~4× faster than float64 — unless the
weights have grown beyond what float32 holds, as they do on the way to
divergence. Training itself stays in the configured dtype; the cast copy
made here is thrown away after the picture.
"""

from __future__ import annotations

import numpy as np

from nnplayground.core.datasets import Dataset
from nnplayground.core.features import transform
from nnplayground.core.network import Network

# Points along the longer side of the boundary view's grid: coarse, and drawn smoothed.
GRID_POINTS = 120
# The plane shown around the data: this share of its extent on each side, plus 0.1.
PADDING = 0.12
# Beyond this the weights overflow float32 on the way to divergence; the pictures then use float64.
FLOAT32_SAFE = 1e30
# Beyond this the plane's coordinates (points imported at 1e300, say) would overflow float32 once
# squared as an input feature (x1², x1x2), so the pictures of such a plane are drawn in float64 too.
PLANE_FLOAT32_SAFE = 1e15
# The widest plane a picture frames: a few orders below float64's largest number, so its width
# and padding stay finite.
PLANE_LIMIT = 1e300

# Where each output activation reads 0.5, so the 0.5 contour can be traced on the
# output neuron's input ``z`` instead: ``z`` varies smoothly where a saturated
# sigmoid is almost a step, and a step interpolates into a staircase.
HALF_WAY_INPUT = {"sigmoid": 0.0, "tanh": float(np.arctanh(0.5)), "relu": 0.5, "linear": 0.5}


def display_dtype(network: Network, *coordinates: np.ndarray) -> type[np.floating]:
    """float32 for a picture of ``network`` over the plane ``coordinates``, unless either outgrows it."""
    largest = max(
        float(np.max(np.abs(w), initial=0.0)) for w in (*network.weights, *network.biases) if w is not None
    )
    widest = max((float(np.max(np.abs(c), initial=0.0)) for c in coordinates), default=0.0)
    return np.float32 if largest < FLOAT32_SAFE and widest < PLANE_FLOAT32_SAFE else np.float64


def display_network(network: Network, dtype: type[np.floating]) -> Network:
    """A copy of ``network``'s weights and activations in ``dtype``, to evaluate a picture with."""
    return Network(
        [w.astype(dtype) for w in network.weights],
        [None if b is None else b.astype(dtype) for b in network.biases],
        network.hidden_activation,
        network.output_activation,
    )


def framed(points: np.ndarray) -> np.ndarray:
    """``points`` moved in to ±``PLANE_LIMIT``, where a picture can draw them (Qt crashes painting 1e308)."""
    return np.clip(points, -PLANE_LIMIT, PLANE_LIMIT)


def cell_centres(low: float, high: float, cells: int) -> np.ndarray:
    """The centres of ``cells`` equal cells from ``low`` to ``high``: where an image's pixels sample."""
    return low + (np.arange(cells) + 0.5) * ((high - low) / cells)


def grid_shape(width: float, height: float) -> tuple[int, int]:
    """``GRID_POINTS`` along the longer side, proportionally fewer along the other."""
    if width <= 0 or height <= 0:
        return GRID_POINTS, GRID_POINTS
    if width >= height:
        return GRID_POINTS, max(2, round(GRID_POINTS * height / width))
    return max(2, round(GRID_POINTS * width / height)), GRID_POINTS


def padded_bounds(data: Dataset) -> tuple[float, float, float, float]:
    """``(x0, x1, y0, y1)`` around every point of ``data``, with room to see the boundary beyond them.

    Points beyond ±``PLANE_LIMIT`` (finite, but near float64's end) are framed at that limit: the
    plane's width would otherwise overflow to infinity, and no plot can show an infinite range.
    """
    X, _ = data.all_points()
    low, high = framed(X.min(axis=0)), framed(X.max(axis=0))
    pad = (high - low) * PADDING + 0.1
    return low[0] - pad[0], high[0] + pad[0], low[1] - pad[1], high[1] + pad[1]


def output_grid(
    network: Network, features: tuple[str, ...], xs: np.ndarray, ys: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    """The network, fed the input ``features``, over the grid ``(xs[i], ys[j])`` as ``(output, z, z_level)``.

    ``output`` is left as computed, not-a-number included: the colour scale
    decides how to show it (a regression's outputs are not confined to 0..1).
    The 0.5 contour of the output is the ``z_level`` contour of ``z``, the
    output neuron's input. It is for networks of one output neuron: a softmax's K
    probabilities per point are coloured by class instead (``ui/boundary/class_plane``).
    """
    if network.softmax_output:
        raise ValueError("output_grid draws one output neuron; a softmax output is drawn by its classes")
    dtype = display_dtype(network, xs, ys)
    gx, gy = np.meshgrid(xs.astype(dtype), ys.astype(dtype))
    points = np.column_stack([gx.ravel(), gy.ravel()])
    with np.errstate(all="ignore"):
        forward = display_network(network, dtype).forward(transform(points, features))
        output = forward.output.reshape(len(ys), len(xs))
        z = np.nan_to_num(forward.pre_activations[-1].reshape(len(ys), len(xs)), nan=0.0)
    return output, z, HALF_WAY_INPUT[network.output_activation]
