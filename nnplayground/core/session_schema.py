"""What ``session.json`` may hold: every field, its type and range, checked before anything is built.

The document comes from a file anyone may have written, so nothing in it is
used until it has been read into a ``SessionDocument`` here: integers are
integers within bounds (never a bool, never a 400-digit number), floats are
finite, names come from known sets, the shuffle generator's state is a valid
PCG64 state, the history's capacity and stride are bounded before the history
is allocated. A refusal is a ``SchemaError`` whose text is one plain clause
naming the field and what was expected; ``session.py`` adds the file's name.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass

from .bounded_json import OversizedNumber
from .config import ConfigError, ExperimentConfig
from .trainer import Divergence

FORMAT_NAME = "nnplayground-session"
SCHEMA_VERSION = 1
MAX_EPOCH = 2**53  # history epochs are float64, exact below 2**53
MAX_HISTORY_CAPACITY = 1 << 16
MIN_HISTORY_CAPACITY = 4
MAX_TEXT = 40
PCG64_STATE_LIMIT = 2**128
FLOAT_TEXT = re.compile(r"-?(nan|inf|\d+(\.\d+)?(e[+-]?\d+)?)")
FIELDS = {
    "format": "the format marker",
    "schema_version": "the schema version",
    "config": "the settings",
    "epoch": "the epoch counter",
    "last_loss": "the last cost",
    "custom_data": "the imported-data flag",
    "shuffle_state": "the shuffle generator's state",
    "history": "the history's layout",
    "divergence": "the divergence record",
}
CONFIG_KINDS = {
    "str": "short name",
    "int": "whole number",
    "float": "number",
    "bool": "true or false",
    "int | None": "whole number or null",
    "tuple[str, ...]": "list of names",
    "tuple[int, ...]": "list of whole numbers",
}


class SchemaError(Exception):
    """A field of ``session.json`` that is missing, of the wrong type or out of range."""


@dataclass(frozen=True)
class SessionDocument:
    """``session.json`` once every field has been checked."""

    config: ExperimentConfig
    epoch: int
    last_loss: float
    custom_data: bool
    shuffle_state: dict[str, object]
    history_stride: int
    history_capacity: int
    divergence: Divergence | None


def read_document(document: object) -> SessionDocument:
    """Check every field of a parsed ``session.json``; raises ``SchemaError`` naming the first bad one."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise SchemaError("it is not an nnplayground session (its settings lack the session format marker)")
    version = document.get("schema_version")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
            raise SchemaError(
                f"it was written by a newer nnplayground (schema {version}); "
                f"this version reads schema {SCHEMA_VERSION}"
            )
        raise SchemaError(f"its schema version is {describe(version)}; this version reads {SCHEMA_VERSION}")
    unknown = sorted(set(document) - set(FIELDS))
    if unknown:
        raise SchemaError(f"it holds a field this version does not know ({describe(unknown[0])})")
    missing = [name for name in FIELDS if name not in document]
    if missing:
        raise SchemaError(f"it has no {FIELDS[missing[0]]} (field {missing[0]})")
    config = read_config(document["config"])
    epoch = whole_number(document["epoch"], "the epoch counter", 0, MAX_EPOCH)
    custom = document["custom_data"]
    if not isinstance(custom, bool):
        raise SchemaError(f"the imported-data flag must be true or false, not {describe(custom)}")
    stride, capacity = _history_layout(document["history"])
    return SessionDocument(
        config=config,
        epoch=epoch,
        last_loss=_loss_text(document["last_loss"], "the last cost"),
        custom_data=custom,
        shuffle_state=_shuffle_state(document["shuffle_state"]),
        history_stride=stride,
        history_capacity=capacity,
        divergence=_divergence(document["divergence"], epoch),
    )


def read_config(values: object) -> ExperimentConfig:
    """The settings, each of its JSON type first, then through ``ExperimentConfig``'s own rules."""
    if not isinstance(values, dict):
        raise SchemaError(f"the settings must be a group of named values, not {describe(values)}")
    fields = {field.name: str(field.type) for field in dataclasses.fields(ExperimentConfig)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise SchemaError(f"the settings hold a name this version does not know ({describe(unknown[0])})")
    for name, value in values.items():
        if not _fits(value, fields[name]):
            raise SchemaError(
                f"the setting {name} must be a {CONFIG_KINDS[fields[name]]}, not {describe(value)}"
            )
    try:
        return ExperimentConfig.from_dict(values)
    except ConfigError as error:
        raise SchemaError(f"the settings are not valid: {error}") from None


def whole_number(value: object, field: str, low: int, high: int) -> int:
    """``value`` if an integer (not a bool) within ``low..high``; else a ``SchemaError`` naming ``field``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SchemaError(f"{field} must be a whole number from {low:,} to {high:,}, not {describe(value)}")
    return value


def describe(value: object) -> str:
    """A value from the file in words, short and printable whatever it is (never Python's repr)."""
    if isinstance(value, OversizedNumber):
        return f"a {value.digits:,}-digit number"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        if len(value) <= MAX_TEXT and value.isprintable() and value.isascii():
            return f'"{value}"'
        return "a text of 1 character" if len(value) == 1 else f"a text of {len(value):,} characters"
    if isinstance(value, list):
        return "a list of 1 item" if len(value) == 1 else f"a list of {len(value):,} items"
    if isinstance(value, dict):
        return "a group of 1 named value" if len(value) == 1 else f"a group of {len(value):,} named values"
    return "a value of an unknown kind"


def _fits(value: object, kind: str) -> bool:
    """Is ``value`` of the JSON type a setting of Python type ``kind`` is written as?"""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "str":
        return isinstance(value, str) and len(value) <= MAX_TEXT and value.isascii() and value.isprintable()
    if kind == "int":
        return number and isinstance(value, int)
    if kind == "int | None":
        return value is None or (number and isinstance(value, int))
    if kind == "float":
        return number and math.isfinite(value)
    if kind == "bool":
        return isinstance(value, bool)
    item = "str" if kind == "tuple[str, ...]" else "int"
    return isinstance(value, list) and len(value) <= MAX_TEXT and all(_fits(part, item) for part in value)


def _history_layout(history: object) -> tuple[int, int]:
    if not isinstance(history, dict) or set(history) != {"stride", "capacity"}:
        raise SchemaError("the history's layout must name exactly its stride and capacity")
    capacity = whole_number(
        history["capacity"], "the history's capacity", MIN_HISTORY_CAPACITY, MAX_HISTORY_CAPACITY
    )
    if capacity % 2:
        raise SchemaError(f"the history's capacity must be an even number, not {capacity:,}")
    stride = whole_number(history["stride"], "the history's stride", 1, MAX_EPOCH)
    if stride & (stride - 1):
        raise SchemaError(f"the history's stride must be a power of two, not {stride:,}")
    return stride, capacity


def _loss_text(value: object, field: str) -> float:
    """A cost saved as ``repr(float)``: a plain decimal, ``nan`` or ``inf``, never negative."""
    if not isinstance(value, str) or len(value) > MAX_TEXT or not FLOAT_TEXT.fullmatch(value):
        raise SchemaError(f"{field} must be a number written as text, not {describe(value)}")
    number = float(value)
    if number < 0:
        raise SchemaError(f"{field} cannot be negative (the file holds {value})")
    return number


def _shuffle_state(state: object) -> dict[str, object]:
    """A PCG64 state as ``bit_generator.state`` gives it; NumPy would raise on anything else."""
    field = "the shuffle generator's state"
    if not isinstance(state, dict) or set(state) != {"bit_generator", "state", "has_uint32", "uinteger"}:
        raise SchemaError(f"{field} must name bit_generator, state, has_uint32 and uinteger")
    if state["bit_generator"] != "PCG64":
        raise SchemaError(f'{field} must be of the "PCG64" generator, not {describe(state["bit_generator"])}')
    inner = state["state"]
    if not isinstance(inner, dict) or set(inner) != {"state", "inc"}:
        raise SchemaError(f"{field} must hold its state and increment")
    value = whole_number(inner["state"], f"{field}'s value", 0, PCG64_STATE_LIMIT - 1)
    increment = whole_number(inner["inc"], f"{field}'s increment", 0, PCG64_STATE_LIMIT - 1)
    return {
        "bit_generator": "PCG64",
        "state": {"state": value, "inc": increment},
        "has_uint32": whole_number(state["has_uint32"], f"{field}'s has_uint32", 0, 1),
        "uinteger": whole_number(state["uinteger"], f"{field}'s uinteger", 0, 2**32 - 1),
    }


def _divergence(record: object, epoch: int) -> Divergence | None:
    if record is None:
        return None
    field = "the divergence record"
    if not isinstance(record, dict) or set(record) != {"epoch", "loss", "learning_rate"}:
        raise SchemaError(f"{field} must be null or name its epoch, loss and learning_rate")
    at = whole_number(record["epoch"], f"{field}'s epoch", 0, epoch + 1)
    loss = _loss_text(record["loss"], f"{field}'s loss")
    if math.isfinite(loss):
        raise SchemaError(f"{field}'s loss must be nan or inf (a finite cost does not diverge)")
    rate = record["learning_rate"]
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not (rate > 0 and math.isfinite(rate)):
        raise SchemaError(f"{field}'s learning_rate must be a finite number above 0, not {describe(rate)}")
    return Divergence(at, loss, float(rate))
