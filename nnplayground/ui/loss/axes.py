"""The loss plot's scales: 1-2-5 axis limits, readable tick labels, and curves thinned to what shows.

Shared by the main window's loss plot and compare mode's, so both read alike.
The axes move in 1-2-5 steps rather than following every point: re-ticking
them is the costliest part of a redraw, and a plot that does not rescale
every frame is easier to read.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetricsF

from nnplayground.notation import formatting
from nnplayground.ui.widgets import plot_style

MAX_DRAWN_POINTS = 400
EMPTY_EPOCHS = 10.0  # the x-range with nothing to show
GHOST_REACH = 2.0  # a ghost widens the loss axis by at most this factor beyond the current run
TICK_LABEL_GAP = 10.0  # pixels between two epoch labels, at the least


def envelope_indices(values: np.ndarray, max_points: int = MAX_DRAWN_POINTS) -> np.ndarray:
    """Indices keeping each bucket's minimum and maximum, in order: spikes survive the thinning."""
    n = len(values)
    if n <= max_points:
        return np.arange(n)
    buckets = max_points // 2
    edges = np.linspace(0, n, buckets + 1).astype(int)
    starts, size = edges[:-1], int(np.max(np.diff(edges)))
    window = np.minimum(starts[:, None] + np.arange(size), edges[1:, None] - 1)
    finite = np.where(np.isfinite(values), values, np.nan)[window]
    filled_low = np.where(np.isnan(finite), np.inf, finite)
    filled_high = np.where(np.isnan(finite), -np.inf, finite)
    low = window[np.arange(buckets), np.argmin(filled_low, axis=1)]
    high = window[np.arange(buckets), np.argmax(filled_high, axis=1)]
    keep = np.unique(np.concatenate([low, high, [0, n - 1]]))
    return keep


def thinned(
    epochs: np.ndarray, values: np.ndarray, log: bool, max_points: int = MAX_DRAWN_POINTS
) -> np.ndarray:
    """``envelope_indices``, with buckets of equal width on the axis drawn: on a log epoch axis
    a bucket of rows would squash the first decades, where a row is many pixels wide, into one."""
    if not log or len(values) <= max_points:
        return envelope_indices(values, max_points)
    position = np.log10(np.maximum(epochs, 1.0))
    edges = np.searchsorted(position, np.linspace(position[0], position[-1], max_points // 2 + 1)[1:-1])
    starts = np.unique(np.concatenate([[0], edges]))
    starts = starts[starts < len(values)]
    finite = np.isfinite(values)
    low = np.where(finite, values, np.inf)
    high = np.where(finite, values, -np.inf)
    keep = [0, len(values) - 1]
    for start, end in zip(starts, [*starts[1:], len(values)]):
        keep += [start + int(np.argmin(low[start:end])), start + int(np.argmax(high[start:end]))]
    return np.unique(keep)


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ᵏ at or above ``value`` (> 0)."""
    return _ceiling(value, (1, 2, 5))


def _ceiling(value: float, mantissas: tuple[float, ...]) -> float:
    exponent = math.floor(math.log10(value))
    for mantissa in mantissas:
        candidate = mantissa * 10.0**exponent
        if candidate >= value * (1 - 1e-12):
            return candidate
    return 10.0 ** (exponent + 1)


def loss_ceiling(value: float) -> float:
    """The top of a linear loss axis: the smallest 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ᵏ at or
    above ``value`` (> 0). In 1-2-5 steps the article's first peak of 19.8 got an axis to 50 and
    used two fifths of the plot's height."""
    return _ceiling(value, (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8))


class EpochAxis(pg.AxisItem):
    """Epoch ticks with grouped digits: "150 000" reads at a glance, "150000" does not.

    On a log axis the decades are labelled 1, 10, 100, 1k, 10k, 100k: the
    article's run spans five of them, and "100 000" under every decade would
    crowd. Where there is room between the decades the 2s and 5s are labelled too. A linear axis
    too narrow for three labels in full writes them as 200k, 1.5M.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._compact = False  # set by ``tickSpacing`` for the ``tickStrings`` of the same redraw

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self.logMode:
            epochs = [10 ** (value * scale) for value in values]
            narrow = self._twos_and_fives_fit(epochs)
            return [epoch_tick(epoch, narrow=narrow) for epoch in epochs]
        if spacing < 1:
            return super().tickStrings(values, scale, spacing)
        return [epoch_label(round(value * scale), compact=self._compact) for value in values]

    def _tick_metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.style["tickFont"] or QFont())

    def _twos_and_fives_fit(self, epochs: list[float]) -> bool:
        """Whether a log axis has room to label 2s and 5s between its decades: the closest two labels
        (1 and 2, 5 and 10) are log₁₀ 2 of a decade apart. A rule of "within two decades" left 100
        epochs, padded to a little more, with one label ("10": 1 and 100 sit at the very ends)."""
        low, high = self.range
        if high <= low:
            return False
        metrics = self._tick_metrics()
        widest = max(
            (metrics.horizontalAdvance(epoch_tick(epoch, narrow=True)) for epoch in epochs), default=0.0
        )
        return math.log10(2) * self.width() / (high - low) >= widest + TICK_LABEL_GAP

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, float]]:
        """pyqtgraph always labels every major tick, however crowded: at 600 000 epochs in a narrow
        plot they ran together ("200 000400 000600 000"). The major ticks are spaced so that the
        widest label, and a gap, fit between two; where that leaves fewer than three, in compact form.
        """
        levels = super().tickSpacing(minVal, maxVal, size)
        self._compact = False
        if self.logMode or not levels or size <= 0 or maxVal <= minVal:
            return levels
        metrics = self._tick_metrics()
        major, shown = _label_step(levels[0][0], minVal, maxVal, size, metrics, compact=False)
        if shown < 3:
            compact, more = _label_step(levels[0][0], minVal, maxVal, size, metrics, compact=True)
            if more > shown:
                self._compact, major = True, compact
        # The finer levels that still fall on the major ticks (their grid lines and unlabelled ticks).
        finer = [(step, offset) for step, offset in levels[1:] if _divides(step, major)]
        return [(major, 0.0), *finer]


def _label_step(
    smallest: float, low: float, high: float, size: float, metrics: QFontMetricsF, *, compact: bool
) -> tuple[float, int]:
    """The first 1-2-5 step from ``smallest`` at which the widest of its labels, and a gap, fit
    between two ticks (``size`` pixels for ``high − low`` epochs), and how many of its labels show:
    pyqtgraph drops one that would stick out past an end of the axis."""
    pixels = size / (high - low)
    step = smallest
    while True:
        ticks = np.arange(math.ceil(low / step), math.floor(high / step) + 1) * step
        widths = np.array([metrics.horizontalAdvance(epoch_label(round(t), compact=compact)) for t in ticks])
        if not len(ticks) or step * pixels >= widths.max() + TICK_LABEL_GAP:
            inside = ((ticks - low) * pixels >= widths / 2) & ((high - ticks) * pixels >= widths / 2)
            return step, int(inside.sum())
        step = nice_ceiling(step * 1.5)


def epoch_label(epoch: int, *, compact: bool) -> str:
    """A label for epoch tick ``epoch``: "200 000", or compact "200k", "1.5M" (the log axis's form)."""
    if compact:
        for step, suffix in ((1_000_000, "M"), (1_000, "k")):
            if epoch >= step:
                number = epoch // step if epoch % step == 0 else f"{epoch / step:g}"
                return f"{number}{suffix}"
    return formatting.count(epoch)


def _divides(spacing: float, major: float) -> bool:
    steps = major / spacing
    return spacing < major and abs(steps - round(steps)) < 1e-9


def epoch_tick(epoch: float, *, narrow: bool) -> str:
    """A log axis's label for ``epoch``: "1k" at 1 000, "" between the decades (and their 2s and 5s)."""
    if not math.isfinite(epoch) or epoch < 0.5:
        return ""
    exponent = math.floor(math.log10(epoch) + 1e-9)
    mantissa = round(epoch / 10**exponent, 6)
    if mantissa != 1 and not (narrow and mantissa in (2, 5)):
        return ""
    return epoch_label(round(epoch), compact=True)


def epoch_range(limit: float, log: bool) -> tuple[float, float]:
    """The x range up to epoch ``limit``; a log axis starts at epoch 1, since epoch 0 has no logarithm
    (and no cost either: epochs count from 1, as the status bar does)."""
    return (0.0, math.log10(max(limit, 10.0))) if log else (0.0, limit)


class LossAxis(pg.AxisItem):
    """On a log axis, only 1, 2 and 5 × 10ᵏ are labelled: nine labels a decade overprint each other."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if not self.logMode:
            return super().tickStrings(values, scale, spacing)
        labels = []
        for value in values:
            number = 10 ** (value * scale)
            mantissa = round(number / 10 ** math.floor(math.log10(number) + 1e-9), 6)
            labels.append(f"{number:g}" if mantissa in (1, 2, 5) else "")
        return labels


def positive(values: list[np.ndarray]) -> np.ndarray:
    joined = np.concatenate([np.asarray(v, dtype=float).ravel() for v in values] or [np.empty(0)])
    return joined[np.isfinite(joined) & (joined > 0)]


def fitted_range(
    own_epochs: list[np.ndarray],
    own_losses: list[np.ndarray],
    ghosts: list[tuple[np.ndarray, np.ndarray]],
    log: bool,
) -> tuple[float, float, float]:
    """The x limit and y range that fit the current run (and reference), or the ghosts while it has none.

    ``ghosts`` are (epochs, losses) pairs; near the current run they are
    clipped to ``GHOST_REACH`` of its losses so one that blew up cannot
    flatten the curve being watched.
    """
    own = positive(own_losses)
    if len(own):
        last_epoch = max(float(e[-1]) for e in own_epochs if len(e))
        within = [losses[epochs <= nice_ceiling(max(last_epoch, 1.0))] for epochs, losses in ghosts]
        near = np.clip(positive(within), own.min() / GHOST_REACH, own.max() * GHOST_REACH)
        values = np.concatenate([own, near])
    else:
        last_epoch = max((float(epochs[-1]) for epochs, _ in ghosts), default=EMPTY_EPOCHS)
        values = positive([losses for _, losses in ghosts])
    if not len(values):
        y_range = (0.0, 1.0)
    elif log:
        low, high = math.floor(math.log10(values.min())), math.ceil(math.log10(values.max()))
        y_range = (float(low), float(max(high, low + 1)))
    else:
        y_range = (0.0, loss_ceiling(float(values.max()) * 1.05))
    return (nice_ceiling(max(last_epoch, 1.0)), *y_range)


def loss_plot(name: str, tip: str) -> tuple[pg.PlotWidget, plot_style.OutsideLegend]:
    """A loss-per-epoch plot and its legend, as both loss views draw them.

    Its axes stay where the view puts them (no auto-range, no mouse zoom, no
    context menu): the view fits them in 1-2-5 steps as its run grows.
    """
    widget = pg.PlotWidget(
        background="w",
        axisItems={"bottom": EpochAxis(orientation="bottom"), "left": LossAxis(orientation="left")},
    )
    widget.setObjectName(name)
    widget.setToolTip(tip)
    plot = widget.getPlotItem()
    plot.hideButtons()
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.getViewBox().disableAutoRange()
    plot.showGrid(x=True, y=True, alpha=0.25)
    plot_style.style_axes(plot, bottom="epoch", left="loss")
    return widget, plot_style.OutsideLegend(plot)
