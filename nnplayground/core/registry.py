"""Named choices (activations, losses) looked up with one error message that lists what is allowed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")


def lookup(table: Mapping[str, T], name: str, what: str) -> T:
    try:
        return table[name]
    except KeyError:
        raise ValueError(f"unknown {what} {name!r}; allowed: {', '.join(table)}") from None
