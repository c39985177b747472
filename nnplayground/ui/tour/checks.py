"""What a chapter says the learner should now see, held against the frame the window has drawn.

Every figure comes from that frame (the status bar's cost, the step-through's
terms, the diagram's layers), never from the tour file: the file gives the
expected value and its tolerance, and a check that fails says what the
window shows instead, so a wrong chapter text and a changed engine both show
up as a red line, not as a confident false sentence. Qt-free.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnplayground.core.training_state import Snapshot
from nnplayground.live.frames import Frame
from nnplayground.notation import formatting
from nnplayground.ui.tour.chapters import Check

PASSED, FAILED, WAITING = "✓", "✗", "○"


@dataclass(frozen=True)
class Outcome:
    passed: bool
    text: str


def expectation(check: Check) -> str:
    """The line shown before the button is pressed: what to look for, the figure still open."""
    return f"{WAITING} {check.says.format(seen='…')}"


def evaluate(check: Check, frame: Frame, followed: int | None) -> Outcome:
    """``check`` on ``frame``, with training point ``followed`` the one the window follows."""
    seen, passed, expected = _KINDS[check.kind](check, frame, followed)
    if passed:
        return Outcome(True, f"{PASSED} {check.says.format(seen=seen)}")
    epoch = formatting.count(frame.snapshot.epoch)
    return Outcome(False, f"{FAILED} expected {expected}, but the window shows {seen} (epoch {epoch})")


def printed_cost(snapshot: Snapshot) -> float:
    """The cost the status bar shows: the article's printed figure, or the current weights' before
    the first epoch."""
    return snapshot.last_loss if math.isfinite(snapshot.last_loss) else snapshot.metrics.train_loss


def _near(seen: float, check: Check) -> bool:
    return math.isfinite(seen) and abs(seen - check.value) <= check.tolerance


def _points(check: Check, frame: Frame, _followed: int | None) -> tuple[str, bool, str]:
    points = frame.snapshot.data.n_train
    return formatting.count(points), points == check.value, f"{formatting.count(check.value)} points"


def _class_points(check: Check, frame: Frame, _followed: int | None) -> tuple[str, bool, str]:
    labels = frame.snapshot.data.y_train
    classes = labels.argmax(axis=1) if labels.ndim == 2 and labels.shape[1] > 1 else labels.ravel().round()
    counts = tuple(int(count) for count in np.bincount(classes.astype(int)))
    return _and(counts), counts == check.value, f"{_and(check.value)} points per class"


def _layers(check: Check, frame: Frame, _followed: int | None) -> tuple[str, bool, str]:
    sizes = tuple(frame.snapshot.network.layer_sizes)
    return _shape(sizes), sizes == check.value, f"a {_shape(check.value)} network"


def _parameters(check: Check, frame: Frame, _followed: int | None) -> tuple[str, bool, str]:
    network = frame.snapshot.network
    count = sum(w.size for w in network.weights) + sum(b.size for b in network.biases if b is not None)
    return formatting.count(count), count == check.value, f"{formatting.count(check.value)} parameters"


def _epoch(check: Check, frame: Frame, _followed: int | None) -> tuple[str, bool, str]:
    epoch = frame.snapshot.epoch
    return formatting.count(epoch), epoch == check.value, f"epoch {formatting.count(check.value)}"


def _cost(check: Check, frame: Frame, _followed: int | None) -> tuple[str, bool, str]:
    cost = printed_cost(frame.snapshot)
    return formatting.loss(cost), _near(cost, check), f"a cost of {_within(check, formatting.loss)}"


def _cost_spread(check: Check, frame: Frame, _followed: int | None) -> tuple[str, bool, str]:
    """How far the cost has moved since epoch ``since``: the history keeps each block's lowest and
    highest cost, so an oscillation cannot hide between kept rows."""
    history = frame.snapshot.history
    costs = history.train_loss[history.counted >= check.since]
    costs = costs[np.isfinite(costs)]
    spread = float(costs.max() - costs.min()) if len(costs) else math.nan
    since = formatting.count(check.since)
    passed = math.isfinite(spread) and spread <= check.tolerance
    return _movement(spread), passed, f"at most {check.tolerance:g} since {since}"


def _movement(spread: float) -> str:
    """A change too small for four decimals, still shown as a figure: "0" read as "not checked"."""
    if spread == 0:
        return "0 — not even in its last digit"
    return formatting.format_value(spread)


def _accuracy(check: Check, frame: Frame, _followed: int | None) -> tuple[str, bool, str]:
    accuracy = frame.snapshot.metrics.train_accuracy
    spread = f"{check.tolerance * 100:g} %"
    expected = f"{_within(check, formatting.percent, spread)} of the points right"
    return formatting.percent(accuracy), _near(accuracy, check), expected


def _phase(check: Check, frame: Frame, _followed: int | None) -> tuple[str, bool, str]:
    stepper = frame.stepper
    title = stepper.current.title if stepper is not None else "no step-through"
    return f"“{title}”", title == check.value, f"the step-through at “{check.value}”"


def _sample(check: Check, _frame: Frame, followed: int | None) -> tuple[str, bool, str]:
    seen = "no point followed" if followed is None else str(followed)
    return seen, followed == check.value, f"point {check.value} followed"


def _term(check: Check, frame: Frame, followed: int | None) -> tuple[str, bool, str]:
    """A term of the step-through's current phase: the followed point's row of a per-point term."""
    expected = f"{check.term}[{check.index}] = {_within(check, formatting.format_value)}"
    stepper = frame.stepper
    term = (
        next((term for term in stepper.current.terms if term.name == check.term), None) if stepper else None
    )
    if term is None:
        return f"no {check.term} in this phase", False, expected
    values = term.value
    if term.per_sample:
        if followed is None or followed >= len(values):
            return "no point followed", False, expected
        values = values[followed]
    values = np.asarray(values)
    if check.index >= values.size:
        return f"only {values.size} values in {check.term}", False, expected
    position = ", ".join(str(int(i)) for i in np.unravel_index(check.index, values.shape))
    expected = f"{check.term}[{position}] = {_within(check, formatting.format_value)}"
    value = float(values.ravel()[check.index])
    return formatting.format_value(value), _near(value, check), expected


def _within(check: Check, write: Callable[[float], str], tolerance: str | None = None) -> str:
    return f"{write(check.value)} ± {tolerance or f'{check.tolerance:g}'}"


def _shape(sizes: tuple[int, ...]) -> str:
    return "-".join(str(size) for size in sizes)


def _and(counts: tuple[int, ...]) -> str:
    texts = [formatting.count(count) for count in counts]
    return " and ".join(texts) if len(texts) < 3 else ", ".join(texts[:-1]) + f" and {texts[-1]}"


_KINDS: dict[str, Callable[[Check, Frame, int | None], tuple[str, bool, str]]] = {
    "points": _points,
    "class_points": _class_points,
    "layers": _layers,
    "parameters": _parameters,
    "epoch": _epoch,
    "cost": _cost,
    "cost_spread": _cost_spread,
    "accuracy": _accuracy,
    "phase": _phase,
    "sample": _sample,
    "term": _term,
}
