"""What a step-through is made of: named terms, the phases that compute them, and the epoch they walk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Direction = Literal["forward", "cost", "backward", "update"]


@dataclass(frozen=True)
class Term:
    """A named value: ``per_sample`` terms have one row per training point."""

    name: str
    value: np.ndarray
    meaning: str
    per_sample: bool


@dataclass(frozen=True)
class Phase:
    """One step of the article's walk-through: ``title`` as the article heads it, ``label`` on its button."""

    title: str
    label: str
    direction: Direction
    equations: tuple[str, ...]
    terms: tuple[Term, ...]
    layer: int | None


@dataclass(frozen=True)
class Walkthrough:
    epoch: int
    phases: tuple[Phase, ...]
    weights_after: tuple[np.ndarray, ...]
    biases_after: tuple[np.ndarray | None, ...]
