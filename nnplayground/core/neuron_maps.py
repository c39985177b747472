"""Every neuron's output over the input plane, as TensorFlow Playground draws it inside each node.

A weight table says little about what a hidden unit does; its output over
the plane shows it at a glance — this unit draws a line, that one a wedge,
the output combines them into the boundary. One forward pass over a coarse
R×R grid yields every layer's activations at once (the inputs' feature
columns too, so x1² and sin x1 can be seen as well), in float32: the maps
are for display only, training stays in its own dtype.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnplayground.core.features import transform
from nnplayground.core.network import Network
from nnplayground.core.plane import cell_centres, display_dtype, display_network

DEFAULT_RESOLUTION = 28


@dataclass(frozen=True)
class NeuronMaps:
    """``layers[l][n, j, i]``: unit ``n`` of layer ``l`` (0 = the input features) at ``(xs[i], ys[j])``.

    ``ys`` ascends, so row 0 is the bottom of the plane, as in the boundary
    view; non-finite outputs (a diverging network) are kept as they are.
    """

    bounds: tuple[float, float, float, float]
    xs: np.ndarray
    ys: np.ndarray
    layers: tuple[np.ndarray, ...]


def grid_points(
    bounds: tuple[float, float, float, float], resolution: int = DEFAULT_RESOLUTION
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell centres of an R×R grid over ``(x0, x1, y0, y1)``: ``xs``, ``ys`` and the points, x fastest."""
    if resolution < 2:
        raise ValueError(f"a neuron map needs at least 2×2 points, not {resolution}")
    x0, x1, y0, y1 = bounds
    xs, ys = cell_centres(x0, x1, resolution), cell_centres(y0, y1, resolution)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def neuron_maps(
    network: Network,
    features: tuple[str, ...],
    bounds: tuple[float, float, float, float],
    resolution: int = DEFAULT_RESOLUTION,
) -> NeuronMaps:
    """Each layer's outputs over the plane ``bounds``, inputs first, from one forward pass."""
    xs, ys, points = grid_points(bounds, resolution)
    dtype = display_dtype(network, xs, ys)
    display = display_network(network, dtype)
    with np.errstate(all="ignore"):
        inputs = transform(points.astype(dtype), features)
        forward = display.forward(inputs)
    columns = [inputs, *forward.activations]
    layers = tuple(
        np.ascontiguousarray(values.T.reshape(values.shape[1], resolution, resolution)) for values in columns
    )
    return NeuronMaps(tuple(float(b) for b in bounds), xs, ys, layers)
