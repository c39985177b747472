"""The gradient check as the window runs it: bounded in time, and read out layer by layer.

``core.gradient_check`` nudges every weight twice, so its cost grows with the
square of the network's size (measured here: 12 weights on 100 points take
1 ms, 20 672 weights 10 s). It runs in the training thread, which serves no
other command meanwhile, so the check is kept to about a second: on the
first ``points`` training points, as many as that budget allows (all 100 for
the article's network), and refused with a reason for a network too large
to check even on a few points. A check on fewer points is as strict: the
backprop and finite-difference gradients are compared on the same points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnplayground.core.gradient_check import LayerCheck, check_gradients
from nnplayground.core.network import Network

from . import formatting, network_names

MAX_POINTS = 200
MIN_POINTS = 10
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
    """Check ``network``'s backprop on as many of the points ``X, y`` as the time budget allows."""
    parameters = parameter_count(network)
    points = int(min(len(X), MAX_POINTS, MAX_WORK // (2 * parameters**2)))
    if points < min(MIN_POINTS, len(X)):
        return GradientReport(
            version,
            (),
            0,
            len(X),
            f"{formatting.count(parameters)} weights are too many to check here "
            "(each is nudged twice); try it on a smaller network",
        )
    with np.errstate(all="ignore"):
        checks = check_gradients(network, X[:points], y[:points], loss)
    return GradientReport(version, tuple(checks), points, len(X))


def verdict(error: float) -> str:
    """A mark that does not rely on colour: ✓ agree, ≈ close (rounding), ✗ disagree."""
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
        lines.append(f"{verdict(check.weights_error)} {name}: {check.weights_error:.1e}")
        if check.bias_error is not None:
            bias = network_names.bias_name(sizes, check.layer)
            lines.append(f"{verdict(check.bias_error)} {bias}: {check.bias_error:.1e}")
    return lines
