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

from .features import transform
from .network import Network

DEFAULT_RESOLUTION = 28
# Beyond this the weights overflow float32 on the way to divergence; the maps then use float64.
FLOAT32_SAFE = 1e30


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
    steps = (np.arange(resolution) + 0.5) / resolution
    xs, ys = x0 + steps * (x1 - x0), y0 + steps * (y1 - y0)
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
    largest = max(
        float(np.max(np.abs(w), initial=0.0)) for w in (*network.weights, *network.biases) if w is not None
    )
    dtype = np.float32 if largest < FLOAT32_SAFE else np.float64
    display = Network(
        [w.astype(dtype) for w in network.weights],
        [None if b is None else b.astype(dtype) for b in network.biases],
        network.hidden_activation,
        network.output_activation,
    )
    with np.errstate(all="ignore"):
        inputs = transform(points.astype(dtype), features)
        forward = display.forward(inputs)
    columns = [inputs, *forward.activations]
    layers = tuple(
        np.ascontiguousarray(values.T.reshape(values.shape[1], resolution, resolution)) for values in columns
    )
    return NeuronMaps(tuple(float(b) for b in bounds), xs, ys, layers)
