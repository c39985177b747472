"""The gradient check as the window runs it: bounded in time, and read out layer by layer.

``core.gradient_check`` nudges every weight twice, so its cost grows with the
square of the network's size (measured here: 12 weights on 100 points take
1 ms, 20 672 weights 10 s). It runs in the training thread, which serves no
other command meanwhile, so the check is kept to about a second: on the
first ``points`` training points, as many as that budget allows (all 100 for
the article's network). A network too large for that is checked on a seeded
sample of each array's entries (a 6×64 network: a few dozen per array), and
only one too large even for that is refused with a reason. A check on fewer
points or entries is as strict: backprop and finite differences are compared
on the same points and entries.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnplayground.core.gradient_check import LayerCheck, check_gradients
from nnplayground.core.network import Network
from nnplayground.notation import formatting, network_names

MAX_POINTS = 200
MIN_POINTS = 10
# A sampled check compares at least this many entries of each array, or uses fewer points.
MIN_SAMPLED_ENTRIES = 8
# About a second on this machine's two cores: floating-point work ≈ 2 · parameters² · points.
MAX_WORK = 2e9
AGREE = 1e-6
CLOSE = 1e-4


@dataclass(frozen=True)
class GradientReport:
    """The check's result for the weights of worker ``version``; ``refused`` says why there is none."""

    version: int
    checks: tuple[LayerCheck, ...]
    points: int
    total_points: int
    refused: str = ""


def parameter_count(network: Network) -> int:
    return sum(w.size for w in network.weights) + sum(b.size for b in network.biases if b is not None)


def run_check(network: Network, X: np.ndarray, y: np.ndarray, loss: str, version: int) -> GradientReport:
    """Check ``network``'s backprop on as many points and entries as the time budget allows."""
    parameters = parameter_count(network)
    points = int(min(len(X), MAX_POINTS, MAX_WORK // (2 * parameters**2)))
    max_entries = None
    if points < min(MIN_POINTS, len(X)):
        arrays = len(network.weights) + sum(b is not None for b in network.biases)
        points = min(len(X), MAX_POINTS)
        max_entries = int(MAX_WORK // (2 * parameters * points * arrays))
        if max_entries < MIN_SAMPLED_ENTRIES:
            points = min(len(X), MIN_POINTS)
            max_entries = int(MAX_WORK // (2 * parameters * points * arrays))
        if max_entries < 1:
            return GradientReport(
                version,
                (),
                0,
                len(X),
                f"{formatting.count(parameters)} weights are too many to check here "
                "(each is nudged twice); try it on a smaller network",
            )
    with np.errstate(all="ignore"):
        checks = check_gradients(network, X[:points], y[:points], loss, max_entries=max_entries)
    return GradientReport(version, tuple(checks), points, len(X))


VANISH_TEXT = "gradients vanish (saturated)"


def verdict(error: float, *, vanish: bool = False) -> str:
    """A mark that does not rely on colour: ✓ agree, ≈ close (rounding), ✗ disagree, – nothing to compare."""
    if vanish:
        return "–"
    if not np.isfinite(error):
        return "✗"
    if error < AGREE:
        return "✓"
    return "≈" if error < CLOSE else "✗"


def summary_lines(report: GradientReport, sizes: tuple[int, ...]) -> list[str]:
    """One line per parameter array: its name, the largest relative error, and the verdict mark."""
    if report.refused:
        return [report.refused]
    lines = []
    for check in report.checks:
        name = network_names.matrix_name(sizes, check.layer)
        sample = (
            f" ({check.checked} of {formatting.count(check.total)} sampled)"
            if check.checked < check.total
            else ""
        )
        lines.append(f"{_reading(name, check.weights_error, check.weights_vanish)}{sample}")
        if check.bias_error is not None:
            bias = network_names.bias_name(sizes, check.layer)
            lines.append(_reading(bias, check.bias_error, check.bias_vanish))
    return lines


def _reading(name: str, error: float, vanish: bool) -> str:
    """Zero against zero is no evidence either way: it is named, not scored."""
    return f"{verdict(error, vanish=vanish)} {name}: {VANISH_TEXT if vanish else f'{error:.1e}'}"
