"""The diagram's per-neuron heatmaps: colour scales, images, and when to recompute them.

Each node shows its neuron's output over the same plane region and in the
same colours as the boundary view, so the output node *is* a small copy of
the big picture. Hidden units do not all live in 0..1, so each activation
gets the scale that makes its colours mean something: sigmoid 0..1 (white at
0.5, as the output), tanh −1..1 (white at 0); relu and linear are unbounded,
so each unit is drawn ±(its own largest output here), white at 0 — relu's
"off" — which shows each unit's pattern however strong it is (the weight
lines show how much it counts); an input feature likewise ±(its largest
value). The maps are recomputed only for new weights, at most every
``MIN_INTERVAL_MS`` while training runs (the last weights always get
drawn), and only while the diagram has room to show them.

A softmax output has one unit per class: each is drawn as the probability of
its class, from near-white (0) to that class's colour (1), the colours the
boundary view gives the classes (``colours.CLASS_PALETTE``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QElapsedTimer, QObject, Signal, Slot
from PySide6.QtGui import QImage

from nnplayground.core.neuron_maps import DEFAULT_RESOLUTION, NeuronMaps, neuron_maps
from nnplayground.core.plane import padded_bounds
from nnplayground.core.trainer import Snapshot
from nnplayground.notation import colours, network_names
from nnplayground.notation.formatting import plane_value
from nnplayground.ui.widgets.heatmap import argb32_table
from nnplayground.ui.widgets.own_work import OwnWorkTimer

MIN_INTERVAL_MS = 200
_TABLE = argb32_table(colours.output_lut())
_CLASS_TABLES = tuple(argb32_table(colours.class_lut(k)) for k in range(len(colours.CLASS_PALETTE)))


@dataclass(frozen=True)
class Scale:
    """The values drawn blue (``low``), white (halfway) and orange (``high``), and that in words."""

    low: float
    high: float
    kind: str
    reason: str = ""
    # A softmax unit's one hue (its class's), else None for the blue-white-orange scale.
    hue: int | None = None

    @property
    def colours(self) -> str:
        if self.hue is not None:
            name = colours.CLASS_NAMES[self.hue]
            return f"white {plane_value(self.low)} · {name} {plane_value(self.high)}"
        middle = (self.low + self.high) / 2
        if self.kind.startswith("relu"):
            return f"white {plane_value(middle)} (off) · orange {plane_value(self.high)}"
        return f"blue {plane_value(self.low)} · white {plane_value(middle)} · orange {plane_value(self.high)}"

    def lines(self) -> list[str]:
        return [self.kind, self.colours] + ([self.reason] if self.reason else [])


@dataclass(frozen=True)
class NeuronThumbnails:
    """One image per neuron (layer 0 = inputs), its colour scale and its range on the plane."""

    sizes: tuple[int, ...]
    images: tuple[tuple[QImage, ...], ...]
    scales: tuple[tuple[Scale, ...], ...]
    ranges: tuple[np.ndarray, ...]
    features: tuple[str, ...]

    def title(self, layer: int, unit: int) -> str:
        """``ah3 (hidden 1, neuron 3)``, named on hover: naming all ~400 of a 6×64 network costs more."""
        return network_names.neuron_title(self.sizes, layer, unit, self.features)

    def range_text(self, layer: int, unit: int) -> str:
        low, high = self.ranges[layer][unit]
        if not np.isfinite(low):
            return "not a finite number anywhere on this plane"
        return f"output on this plane {plane_value(low)} … {plane_value(high)}"

    def lines(self, layer: int, unit: int) -> list[str]:
        """Under the enlarged map: what it reaches here, and what its colours mean."""
        return [self.range_text(layer, unit), *self.scales[layer][unit].lines()]


def _largest(values: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """The largest finite |value| over ``axes`` (a tiny positive number where there is none)."""
    finite = np.where(np.isfinite(values), np.abs(values), 0.0)
    return np.maximum(finite.max(axis=axes), 1e-12)


def layer_scales(
    maps: NeuronMaps, hidden_activation: str, output_activation: str, labels: list[str]
) -> list[list[Scale]]:
    """Per layer, per unit: the colour scale its map is drawn with (see the module docstring)."""
    last = len(maps.layers) - 1
    scales: list[list[Scale]] = []
    for layer, values in enumerate(maps.layers):
        units = len(values)
        if layer == 0:
            tops = _largest(values, (1, 2))
            reason = "orange = its largest |value| here"
            scales.append([Scale(-m, m, f"input {labels[unit]}", reason) for unit, m in enumerate(tops)])
        elif layer == last and output_activation == "softmax":
            scales.append(
                [
                    Scale(0.0, 1.0, f"softmax: {network_names.class_words(unit)}", hue=unit)
                    for unit in range(units)
                ]
            )
        elif layer == last:
            clipped = "" if output_activation == "sigmoid" else f", {output_activation} clipped to 0 … 1"
            scales.append([Scale(0.0, 1.0, f"output: the boundary view's colours{clipped}")] * units)
        elif hidden_activation == "sigmoid":
            scales.append([Scale(0.0, 1.0, "sigmoid, range 0 … 1")] * units)
        elif hidden_activation == "tanh":
            scales.append([Scale(-1.0, 1.0, "tanh, range −1 … 1")] * units)
        else:
            kind = "relu, range 0 … ∞" if hidden_activation == "relu" else hidden_activation
            reason = "orange = its largest |output| here"
            scales.append([Scale(-m, m, kind, reason) for m in _largest(values, (1, 2))])
    return scales


def _table(scale: Scale) -> np.ndarray:
    return _TABLE if scale.hue is None else _CLASS_TABLES[scale.hue]


def _images(values: np.ndarray, scales: list[Scale]) -> tuple[QImage, ...]:
    """Each unit's map through its colour table (the boundary view's, or its class's), top row = top."""
    low = np.array([s.low for s in scales])[:, None, None]
    high = np.array([s.high for s in scales])[:, None, None]
    with np.errstate(all="ignore"):
        t = (values - low) / (high - low)
    t = np.where(np.isfinite(t), t, 0.5)
    top = len(_TABLE) - 1
    steps = np.clip(np.rint(t * top), 0, top).astype(np.intp)
    images = []
    for unit, scale in zip(steps, scales):
        block = np.ascontiguousarray(_table(scale)[unit][::-1])
        rows, columns = block.shape
        images.append(
            QImage(block.data, columns, rows, columns * 4, QImage.Format.Format_ARGB32_Premultiplied).copy()
        )
    return tuple(images)


def _ranges(values: np.ndarray) -> np.ndarray:
    """Each unit's finite minimum and maximum (NaN for a unit with no finite value)."""
    flat = values.reshape(len(values), -1)
    finite = np.isfinite(flat)
    low = np.where(finite, flat, np.inf).min(axis=1)
    high = np.where(finite, flat, -np.inf).max(axis=1)
    none = ~finite.any(axis=1)
    low[none], high[none] = np.nan, np.nan
    return np.column_stack([low, high])


def build_thumbnails(maps: NeuronMaps, snapshot: Snapshot) -> NeuronThumbnails:
    network, features = snapshot.network, snapshot.config.input_features
    sizes = tuple(network.layer_sizes)
    labels = network_names.node_names(sizes, features)[0]
    scales = layer_scales(maps, network.hidden_activation, network.output_activation, labels)
    return NeuronThumbnails(
        sizes,
        tuple(_images(values, layer) for values, layer in zip(maps.layers, scales)),
        tuple(tuple(layer) for layer in scales),
        tuple(_ranges(values) for values in maps.layers),
        features,
    )


class ThumbnailSource(QObject):
    """Recomputes the thumbnails for new weights while they are wanted, at most every ``interval_ms``."""

    ready = Signal(object)

    def __init__(self, parent: QObject | None = None, interval_ms: int = MIN_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self.resolution = DEFAULT_RESOLUTION
        self.computed = 0
        self._wanted = False
        self._snapshot: Snapshot | None = None
        self._drawn: tuple | None = None
        self._since = QElapsedTimer()
        self._timer = OwnWorkTimer(self)
        self._timer.timeout.connect(self._compute)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._schedule()

    def set_wanted(self, wanted: bool) -> None:
        """False while the diagram draws plain nodes (switched off, or too small): nothing is computed."""
        if wanted != self._wanted:
            self._wanted = wanted
            self._schedule()

    def _key(self, snapshot: Snapshot) -> tuple:
        # A new network object means new weights (the worker reuses the snapshot while nothing changed).
        return (snapshot.network, snapshot.data, snapshot.config.input_features)

    def _stale(self) -> bool:
        snapshot = self._snapshot
        if snapshot is None or not self._wanted:
            return False
        drawn = self._drawn
        return drawn is None or any(a is not b for a, b in zip(self._key(snapshot), drawn))

    def _schedule(self) -> None:
        if not self._stale() or self._timer.isActive():
            return
        waited = self._since.elapsed() if self._since.isValid() else self.interval_ms
        if waited >= self.interval_ms:
            self._compute()
        else:
            self._timer.start(self.interval_ms - waited)

    @Slot()
    def _compute(self) -> None:
        if not self._stale():
            return
        snapshot = self._snapshot
        network = snapshot.network
        maps = neuron_maps(
            network, snapshot.config.input_features, padded_bounds(snapshot.data), self.resolution
        )
        self._drawn = self._key(snapshot)
        self._since.restart()
        self.computed += 1
        self.ready.emit(build_thumbnails(maps, snapshot))
