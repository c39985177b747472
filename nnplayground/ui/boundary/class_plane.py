"""A softmax network over the plane: each cell's most likely class, how sure it is, and the lines between.

Qt-free. The plane is coloured by the class with the highest probability,
from near-white where the network is torn between all K classes (its top
probability 1/K) to the class's pale hue where it is sure (1). For K = 2 that
is exactly the sigmoid's blue-white-orange map, whose middle is p = 0.5.

The lines between classes are where the argmax changes. They are traced on
the output units' inputs ``zo`` (smooth, where a saturated probability is
almost a step): class k's region is where ``zo[k] − max of the others`` ≥ 0,
and every border between two regions is the zero line of the lower-numbered
class's margin, so classes 0…K−2 trace all of them once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnplayground.core.features import transform
from nnplayground.core.network import Network
from nnplayground.core.plane import display_dtype, display_network
from nnplayground.notation import colours
from nnplayground.notation.contour import iso_segments


@dataclass(frozen=True, eq=False)
class ClassPlane:
    """``probabilities[j, i, k]`` and ``zo[j, i, k]`` at ``(xs[i], ys[j])``; ``classes`` their argmax."""

    probabilities: np.ndarray
    zo: np.ndarray

    @property
    def classes(self) -> np.ndarray:
        return np.argmax(self.probabilities, axis=2)


def class_plane(network: Network, features: tuple[str, ...], xs: np.ndarray, ys: np.ndarray) -> ClassPlane:
    """A softmax ``network``, fed the input ``features``, over the grid ``xs × ys`` (float32 when it fits)."""
    dtype = display_dtype(network, xs, ys)
    gx, gy = np.meshgrid(xs.astype(dtype), ys.astype(dtype))
    points = np.column_stack([gx.ravel(), gy.ravel()])
    with np.errstate(all="ignore"):
        forward = display_network(network, dtype).forward(transform(points, features))
    shape = (len(ys), len(xs), network.layer_sizes[-1])
    probabilities = np.nan_to_num(forward.output.reshape(shape), nan=0.0)
    zo = np.nan_to_num(forward.pre_activations[-1].reshape(shape), nan=0.0, posinf=0.0, neginf=0.0)
    return ClassPlane(probabilities, zo)


def class_boundaries(zo: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The lines where the most likely class changes, as ``iso_segments``' pairs of end points."""
    classes = zo.shape[2]
    parts = []
    for k in range(classes - 1):
        others = np.delete(zo, k, axis=2).max(axis=2)
        parts.append(iso_segments(zo[:, :, k] - others, xs, ys, 0.0))
    return np.concatenate(parts) if parts else np.empty((0, 2))


def class_colours(probabilities: np.ndarray, *, discretize: bool) -> np.ndarray:
    """(ny, nx, 3) uint8: each cell in its top class's pale hue, blended toward white as it is unsure.

    ``discretize`` paints each argmax region in its full pale hue, whatever the probability.
    """
    classes = probabilities.shape[2]
    top = np.argmax(probabilities, axis=2)
    if discretize:
        sure = np.ones(top.shape)
    else:
        chance = 1.0 / classes
        sure = np.clip((probabilities.max(axis=2) - chance) / (1.0 - chance), 0.0, 1.0)
    hues = np.array(colours.PALE_CLASS_PALETTE[:classes], dtype=float)
    middle = np.array(colours.PLANE_MIDDLE, dtype=float)
    rgb = middle + (hues[top] - middle) * sure[:, :, None]
    return np.round(rgb).astype(np.ubyte)


def class_tooltip(classes: int) -> str:
    """What a softmax network's plane means, for the view's tooltip (in place of the 0.5 line's words)."""
    names = ", ".join(f"{colours.CLASS_NAMES[k]} class {k}" for k in range(classes))
    return (
        f"The network's most likely class over the plane ({names}), the stronger the surer; near-white "
        f"where it is torn between the {classes} classes. Black lines: where the most likely class "
        "changes.\nFilled dots are training points, hollow diamonds test points, coloured by their "
        "class. Click a filled dot to follow it through the network.\n"
        "Drag to pan, scroll to zoom, double-click to fit the data again."
    )
