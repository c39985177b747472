"""Hidden neurons that have stopped learning, and what a learner can change about it.

A sigmoid or tanh neuron whose slope σ′ is below ``SATURATED_SLOPE`` on more
than ``SATURATED_SHARE`` of the training points passes almost no gradient
back (phase 2's ``dah_dzh`` factor is ~0 there): it is *saturated*. A ReLU
neuron that outputs 0 on every point has σ′ = 0 everywhere and can never
recover: it is *dead*. Only hidden neurons are judged: an output that
saturates where it is right is what training is for.

It is meant to be cheap enough to run a few times a second: one forward
pass, on at most ``MAX_POINTS`` training points (evenly spaced through the
data) when there are more — so on huge data "every point" means every
point looked at, and ``Diagnosis.points`` says how many that was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .network import Network

SATURATED_SLOPE = 0.01
SATURATED_SHARE = 0.9
MAX_POINTS = 2_000
# The status bar speaks up when more than this share of the hidden neurons is saturated or dead.
MOSTLY = 0.5
SUMMED_LOSSES = ("half_sse",)

Kind = Literal["saturated", "dead"]


@dataclass(frozen=True)
class NeuronIssue:
    """Neuron ``unit`` of diagram column ``layer`` (1 = first hidden layer), and why, in one line."""

    layer: int
    unit: int
    kind: Kind
    reason: str


@dataclass(frozen=True)
class Diagnosis:
    issues: tuple[NeuronIssue, ...]
    hidden_units: int
    points: int

    def issue(self, layer: int, unit: int) -> NeuronIssue | None:
        return next((i for i in self.issues if (i.layer, i.unit) == (layer, unit)), None)

    @property
    def mostly_stuck(self) -> bool:
        """True when most of the hidden neurons are saturated or dead."""
        return self.hidden_units > 0 and len(self.issues) > MOSTLY * self.hidden_units


def diagnose(network: Network, inputs: np.ndarray, max_points: int = MAX_POINTS) -> Diagnosis:
    """Which hidden neurons of ``network`` are saturated or dead on ``inputs`` (the training points)."""
    points = _spread(inputs, max_points)
    hidden = network.layer_activations[:-1]
    units = sum(w.shape[1] for w in network.weights[:-1])
    if not hidden or not len(points):
        return Diagnosis((), units, len(points))
    with np.errstate(all="ignore"):
        activations = network.forward(points).activations
    issues: list[NeuronIssue] = []
    for layer, (activation, a) in enumerate(zip(hidden, activations), start=1):
        if activation.name in ("sigmoid", "tanh"):
            share = np.mean(activation.derivative(a) < SATURATED_SLOPE, axis=0)
            for unit in np.flatnonzero(share > SATURATED_SHARE):
                issues.append(
                    NeuronIssue(
                        layer,
                        int(unit),
                        "saturated",
                        f"saturated: σ′ < {SATURATED_SLOPE} on {share[unit]:.0%} of the "
                        f"{len(points)} points, so almost no gradient passes back through it",
                    )
                )
        elif activation.name == "relu":
            for unit in np.flatnonzero(np.all(a == 0, axis=0)):
                issues.append(
                    NeuronIssue(
                        layer,
                        int(unit),
                        "dead",
                        f"dead: ReLU outputs 0 on all {len(points)} points, so its gradient is 0 "
                        "and it cannot recover",
                    )
                )
    return Diagnosis(tuple(issues), units, len(points))


def advice(diagnosis: Diagnosis, loss: str, initialiser: str) -> str | None:
    """What to tell a learner whose network is mostly stuck, and what to try; else None."""
    if not diagnosis.mostly_stuck:
        return None
    stuck, total = len(diagnosis.issues), diagnosis.hidden_units
    kinds = {issue.kind for issue in diagnosis.issues}
    what = {
        frozenset({"saturated"}): "saturated",
        frozenset({"dead"}): "dead (ReLU zero everywhere)",
    }.get(frozenset(kinds), "saturated or dead")
    fixes = ["a lower learning rate"]
    if loss in SUMMED_LOSSES:
        fixes.append("a mean-based loss (MSE or log-loss)")
    fixes.append("another initialiser" if initialiser == "article" else "another initialiser or seed")
    # What to try comes right after what is wrong: a narrow status bar cuts the end off.
    return (
        f"{stuck} of {total} hidden neurons {what} — try {', '.join(fixes[:-1])} or {fixes[-1]}, "
        "then Reset: their gradients vanish, so training has all but stopped"
    )


def _spread(inputs: np.ndarray, limit: int) -> np.ndarray:
    """All the points, or ``limit`` of them evenly spaced through the data."""
    if len(inputs) <= limit:
        return inputs
    return inputs[np.linspace(0, len(inputs) - 1, limit).astype(int)]
