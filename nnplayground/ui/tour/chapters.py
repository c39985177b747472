"""The tour's chapters, read from ``resources/tour.toml`` and checked before anything is shown.

The words live in the data file, so a teacher can reword a chapter without
touching code; the code understands only a small vocabulary — what a
chapter's button may do (``Action``) and what the app may check afterwards
(``Check``). Anything else in the file is a mistake, and it is refused with
the chapter, the entry and the allowed words named, rather than half-shown.
Qt-free: the file is checked by tests and tools without a window.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from nnplayground.core.presets import PRESETS

PACKAGE = "nnplayground.resources"
FILE_NAME = "tour.toml"

CHAPTER_KEYS = {"title", "section", "equations", "body", "action", "check"}
ACTION_KEYS = {"label", "preset", "hidden", "epochs", "phase", "sample"}

# Each kind of check, with the entries it needs besides ``kind`` and ``says``, and their types.
_NUMBER = (int, float)
CHECK_FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "points": {"value": int},
    "class_points": {"value": list},
    "layers": {"value": list},
    "parameters": {"value": int},
    "epoch": {"value": int},
    "cost": {"value": _NUMBER, "tolerance": _NUMBER},
    "cost_spread": {"since": int, "tolerance": _NUMBER},
    "accuracy": {"value": _NUMBER, "tolerance": _NUMBER},
    "phase": {"value": str},
    "sample": {"value": int},
    "term": {"term": str, "index": int, "value": _NUMBER, "tolerance": _NUMBER},
}


class TourFileError(ValueError):
    """The tour file cannot be used; the message names the file, the chapter and the entry."""


@dataclass(frozen=True)
class Action:
    """What a chapter's button does, in this order: a fresh run of ``preset``, the hidden layer
    switched on or off (``hidden``), ``epochs`` trained, the step-through opened at ``phase``, and
    training point ``sample`` followed."""

    label: str
    preset: str
    hidden: bool | None = None
    epochs: int = 0
    phase: int | None = None
    sample: int | None = None

    @property
    def preset_has_hidden_layer(self) -> bool:
        return bool(PRESETS[self.preset].hidden_layers)

    @property
    def wants_hidden_layer(self) -> bool:
        """Whether the run the button leads to has a hidden layer."""
        return self.hidden if self.hidden is not None else self.preset_has_hidden_layer


@dataclass(frozen=True)
class Check:
    """One thing the learner should now see, with the window's own figure in ``says`` at ``{seen}``."""

    kind: str
    says: str
    value: Any = None
    tolerance: float = 0.0
    term: str = ""
    index: int = 0
    since: int = 0


@dataclass(frozen=True)
class Chapter:
    title: str
    section: str
    equations: tuple[str, ...]
    body: str
    action: Action
    checks: tuple[Check, ...]


def read_tour() -> tuple[Chapter, ...]:
    """The shipped tour (``nnplayground.resources/tour.toml``), wherever the app was installed from."""
    try:
        text = (files(PACKAGE) / FILE_NAME).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as error:
        raise TourFileError(f"{FILE_NAME}: cannot be read ({error})") from None
    return load_tour(text)


def load_tour(text: str, source: str = FILE_NAME) -> tuple[Chapter, ...]:
    """Every chapter of ``text`` (TOML, one ``[[chapter]]`` table each), or ``TourFileError``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TourFileError(f"{source}: not valid TOML: {error}") from None
    _no_other_keys(data, {"chapter"}, source)
    entries = data.get("chapter")
    if not isinstance(entries, list) or not entries:
        raise TourFileError(f"{source}: no chapters (write one [[chapter]] table per chapter)")
    return tuple(_chapter(entry, f"{source}, chapter {number}") for number, entry in enumerate(entries, 1))


def _chapter(entry: dict[str, Any], where: str) -> Chapter:
    if not isinstance(entry, dict):
        raise TourFileError(f"{where}: a chapter must be a [[chapter]] table")
    title = entry.get("title")
    if isinstance(title, str) and title:
        where = f"{where} ({title!r})"
    _no_other_keys(entry, CHAPTER_KEYS, where)
    title = _text(entry, "title", where)
    section = _text(entry, "section", where)
    body = _text(entry, "body", where).strip()
    equations = _get(entry, "equations", list, where, default=[])
    if not all(isinstance(number, str) for number in equations):
        raise TourFileError(f'{where}: equations must be a list of strings such as "(1)"')
    action = _action(_get(entry, "action", dict, where), f"{where}, action")
    checks = _get(entry, "check", list, where, default=[])
    if not checks:
        raise TourFileError(f"{where}: a chapter needs at least one [[chapter.check]]")
    return Chapter(
        title=title,
        section=section,
        equations=tuple(equations),
        body=body,
        action=action,
        checks=tuple(_check(check, f"{where}, check {number}") for number, check in enumerate(checks, 1)),
    )


def _action(entry: dict[str, Any], where: str) -> Action:
    _no_other_keys(entry, ACTION_KEYS, where)
    preset = _text(entry, "preset", where)
    if preset not in PRESETS:
        raise TourFileError(f"{where}: unknown preset {preset!r}; known: {', '.join(map(repr, PRESETS))}")
    hidden = entry.get("hidden")
    if hidden is not None and not isinstance(hidden, bool):
        raise TourFileError(f"{where}: hidden must be true or false")
    return Action(
        label=_text(entry, "label", where),
        preset=preset,
        hidden=hidden,
        epochs=_count(entry, "epochs", where, default=0),
        phase=_count(entry, "phase", where),
        sample=_count(entry, "sample", where),
    )


def _check(entry: dict[str, Any], where: str) -> Check:
    if not isinstance(entry, dict):
        raise TourFileError(f"{where}: a check must be a [[chapter.check]] table")
    kind = _text(entry, "kind", where)
    if kind not in CHECK_FIELDS:
        raise TourFileError(f"{where}: unknown kind {kind!r}; known: {', '.join(sorted(CHECK_FIELDS))}")
    fields = CHECK_FIELDS[kind]
    _no_other_keys(entry, {"kind", "says", *fields}, f"{where} (kind {kind!r})")
    says = _text(entry, "says", where)
    placeholders = [name for _, name, _, _ in string.Formatter().parse(says) if name is not None]
    if placeholders != ["seen"]:
        raise TourFileError(f"{where}: says must hold {{seen}} once, where the window's figure goes")
    values = {name: _get(entry, name, kind_of, where) for name, kind_of in fields.items()}
    if isinstance(values.get("value"), list) and not all(isinstance(item, int) for item in values["value"]):
        raise TourFileError(f"{where}: value must be a list of whole numbers")
    for name in ("tolerance", "index", "since"):
        if name in values and values[name] < 0:
            raise TourFileError(f"{where}: {name} cannot be negative")
    if "value" in values and isinstance(values["value"], list):
        values["value"] = tuple(values["value"])
    return Check(kind=kind, says=says, **values)


def _no_other_keys(entry: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise TourFileError(f"{where}: unknown {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


def _get(
    entry: dict[str, Any],
    name: str,
    kind: type | tuple[type, ...],
    where: str,
    *,
    default: Any = ...,
) -> Any:
    if name not in entry:
        if default is ...:
            raise TourFileError(f"{where}: {name} is missing")
        return default
    value = entry[name]
    wanted = kind if isinstance(kind, tuple) else (kind,)
    if (isinstance(value, bool) and bool not in wanted) or not isinstance(value, wanted):
        names = " or ".join(
            {int: "a whole number", float: "a number", str: "text", list: "a list", dict: "a table"}[item]
            for item in wanted
        )
        raise TourFileError(f"{where}: {name} must be {names}, not {value!r}")
    return value


def _text(entry: dict[str, Any], name: str, where: str) -> str:
    value = _get(entry, name, str, where)
    if not value.strip():
        raise TourFileError(f"{where}: {name} is empty")
    return value


def _count(entry: dict[str, Any], name: str, where: str, default: int | None = None) -> int | None:
    value = _get(entry, name, int, where, default=default)
    if value is not None and value < 0:
        raise TourFileError(f"{where}: {name} cannot be negative")
    return value
