"""What ``arrays.npz`` may hold, given the checked settings, and reading it in bounded memory.

The settings decide every array a session has, with its dtype and shape:
the weights and biases the configured network has, the optimiser state that
matches them (one velocity per parameter array for momentum; Adam's step count
and two moments per parameter array), the points and labels (n×2 and n×1,
lengths agreeing, at most ``MAX_POINTS`` in all), the history (at most its
capacity rows of five columns). A softmax output has one unit per class,
so the settings' ``classes`` fixes the output layer's shape. Reading goes in
two passes: first every member's ``.npy`` header (a few hundred bytes) is
read and checked against that list, then the data; so no array is allocated
before the whole set is known to fit. Values are checked last: finite
numbers, labels that are classes 0 … K−1 of the settings' K, a history whose
epochs rise and stay before the session's epoch. Refusals are
``ArraysError`` with one plain clause.
"""

from __future__ import annotations

import itertools
import zipfile
import zlib
from dataclasses import dataclass

import numpy as np

from .bounded_zip import ArchiveRefusalError, check_member, open_archive, read_member
from .config import ExperimentConfig
from .datasets import MAX_CSV_ROWS, classes_in
from .history import COLUMNS
from .run_setup import output_units
from .session_schema import MAX_EPOCH, SessionDocument

MAX_POINTS = MAX_CSV_ROWS
MAX_HEADER = 4096
MIN_PER_CLASS = 2
HEADER_READERS = {
    (1, 0): np.lib.format.read_array_header_1_0,
    (2, 0): np.lib.format.read_array_header_2_0,
}
POINT_ARRAYS = ("data/X_train", "data/y_train", "data/X_test", "data/y_test")


class ArraysError(Exception):
    """The arrays do not fit the settings, or hold values a session cannot have."""


@dataclass(frozen=True)
class Spec:
    """One array a session may hold: its words for messages, dtype, and shape (``None``: a length)."""

    words: str
    dtype: np.dtype
    shape: tuple[int | None, ...]
    required: bool = True


@dataclass(frozen=True)
class Header:
    dtype: np.dtype
    shape: tuple[int, ...]
    fortran: bool
    offset: int


def parameter_shapes(config: ExperimentConfig) -> list[tuple[tuple[int, ...], str]]:
    """The arrays the optimiser updates, in its order: every weight matrix, then every bias it updates.

    The article-exact perceptron updates its bias in its own per-sample loop, outside the optimiser.
    """
    sizes = layer_sizes(config)
    weights = [
        ((a, b), f"the weights of layer {i + 1}") for i, (a, b) in enumerate(itertools.pairwise(sizes))
    ]
    quirky_bias = config.article_quirks and not config.hidden_layers and config.output_activation == "sigmoid"
    if not config.bias or quirky_bias:
        return weights
    return weights + [((b,), f"the biases of layer {i + 1}") for i, b in enumerate(sizes[1:])]


def layer_sizes(config: ExperimentConfig) -> list[int]:
    """Units per layer, inputs first: a softmax output has a unit per class, any other output one."""
    return [len(config.input_features), *config.hidden_layers, output_units(config)]


def specs(document: SessionDocument) -> dict[str, Spec]:
    """Every array the document's settings allow, by name."""
    config = document.config
    dtype = np.dtype(config.dtype)
    f8 = np.dtype(np.float64)
    result = {
        "data/X_train": Spec("the training points", f8, (None, 2)),
        "data/y_train": Spec("the training labels", f8, (None, 1)),
        "data/X_test": Spec("the test points", f8, (None, 2)),
        "data/y_test": Spec("the test labels", f8, (None, 1)),
        "history/rows": Spec("the history rows", f8, (None, len(COLUMNS))),
    }
    sizes = layer_sizes(config)
    for i, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
        result[f"network/weights/{i}"] = Spec(f"the weights of layer {i + 1}", dtype, (fan_in, fan_out))
        if config.bias:
            result[f"network/biases/{i}"] = Spec(f"the biases of layer {i + 1}", dtype, (fan_out,))
    parameters = parameter_shapes(config)
    moments = {"momentum": ("velocity",), "adam": ("first", "second")}.get(config.optimiser, ())
    for prefix in moments:
        for i, (shape, words) in enumerate(parameters):
            result[f"optimiser/{prefix}/{i}"] = Spec(
                f"the {_state_words(prefix)} of {words}", dtype, shape, False
            )
    if config.optimiser == "adam":
        result["optimiser/steps"] = Spec("the Adam steps", np.dtype(np.int64), ())
    return result


def read_arrays(data: bytes, document: SessionDocument, limit: int) -> dict[str, np.ndarray]:
    """Every array of ``arrays.npz`` (``data``), checked against the settings, then against each other."""
    allowed = specs(document)
    archive = open_archive(data, "arrays.npz", len(allowed))
    with archive:
        members = _members(archive, allowed)
        headers = {name: _header(archive, info, allowed[name], limit) for name, info in members.items()}
        missing = [spec.words for name, spec in allowed.items() if spec.required and name not in members]
        if missing:
            raise ArraysError(f"arrays.npz lacks {missing[0]}")
        _check_layout(headers, allowed, document)
        arrays = {
            name: _data(archive, members[name], headers[name], allowed[name], limit) for name in members
        }
    check_values(arrays, document)
    return arrays


def check_values(arrays: dict[str, np.ndarray], document: SessionDocument) -> None:
    """Finite numbers, labels 0 … K−1 (finite targets), and a history and optimiser state that fit."""
    config = document.config
    for name in ("data/X_train", "data/X_test"):
        if not np.isfinite(arrays[name]).all():
            raise ArraysError(f"{specs(document)[name].words} are not all finite numbers")
    for name in ("data/y_train", "data/y_test"):
        labels = arrays[name]
        if config.is_regression and not np.isfinite(labels).all():
            raise ArraysError(f"{specs(document)[name].words} are not all finite numbers")
        if not config.is_regression and not np.isin(labels, np.arange(config.classes)).all():
            raise ArraysError(
                f"{specs(document)[name].words} must all be {_classes_words(config.classes)}, "
                f"the settings' {config.classes} classes"
            )
    for name, array in arrays.items():
        if name.startswith(("network/", "optimiser/")) and not np.isfinite(array).all():
            raise ArraysError(f"{specs(document)[name].words} are not all finite numbers")
    _check_history(arrays["history/rows"], document.epoch)
    _check_optimiser(arrays, document)


def _state_words(prefix: str) -> str:
    return {"velocity": "momentum velocity", "first": "Adam first moment", "second": "Adam second moment"}[
        prefix
    ]


def _members(archive: zipfile.ZipFile, allowed: dict[str, Spec]) -> dict[str, zipfile.ZipInfo]:
    members: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        stem = info.filename.removesuffix(".npy")
        name = stem.replace(".", "/")
        if not info.filename.endswith(".npy") or name not in allowed or "/" in stem:
            raise ArraysError(
                "arrays.npz holds an entry this session's settings do not have "
                f"({_entry_words(info.filename)})"
            )
        if name in members:
            raise ArraysError(f"arrays.npz holds {allowed[name].words} twice")
        members[name] = info
    return members


def _entry_words(name: str) -> str:
    if len(name) <= 60 and name.isprintable() and name.isascii():
        return f'"{name}"'
    return f"a name of {len(name):,} characters"


def _header(archive: zipfile.ZipFile, info: zipfile.ZipInfo, spec: Spec, limit: int) -> Header:
    """The ``.npy`` header of one member, read from its first bytes only."""
    what = spec.words
    try:
        check_member(info, f"the entry for {what}", limit)
        with archive.open(info) as stream:
            version = np.lib.format.read_magic(stream)
            if version not in HEADER_READERS:
                raise ArraysError(f"{what} are in a NumPy format this version does not read")
            shape, fortran, dtype = HEADER_READERS[version](stream, max_header_size=MAX_HEADER)
            offset = stream.tell()
    except ArchiveRefusalError as error:
        raise ArraysError(str(error)) from None
    except (ValueError, TypeError, SyntaxError, EOFError, OSError, zipfile.BadZipFile, zlib.error):
        raise ArraysError(f"{what} are damaged (their header is not a NumPy array header)") from None
    header = Header(dtype, tuple(shape), bool(fortran), offset)
    _check_header(header, spec)
    return header


def _check_header(header: Header, spec: Spec) -> None:
    """The dtype and shape the settings imply for this array."""
    if any(size < 0 for size in header.shape):
        raise ArraysError(f"{spec.words} are damaged (their header declares a negative size)")
    if header.dtype.hasobject or header.dtype.kind not in "biuf":
        raise ArraysError(f"{spec.words} are not numbers; refusing to load them")
    kind_ok = header.dtype.kind == spec.dtype.kind or (spec.dtype.kind == "i" and header.dtype.kind == "u")
    if not kind_ok or header.dtype.itemsize != spec.dtype.itemsize:
        raise ArraysError(
            f"{spec.words} must be {_dtype_words(spec.dtype)}, not {_dtype_words(header.dtype)}"
        )
    if len(header.shape) != len(spec.shape) or any(
        want is not None and got != want for got, want in zip(header.shape, spec.shape)
    ):
        raise ArraysError(
            f"{spec.words} must have the shape {_shape_words(spec.shape)}, not {_shape_words(header.shape)}"
        )
    if header.shape and header.shape[0] > MAX_POINTS:
        raise ArraysError(f"{spec.words} declare {header.shape[0]:,} rows; the limit is {MAX_POINTS:,}")


def _check_layout(headers: dict[str, Header], allowed: dict[str, Spec], document: SessionDocument) -> None:
    """The arrays' lengths against each other and the limits, before any data is read."""
    rows = {name: headers[name].shape[0] for name in POINT_ARRAYS}
    for points, labels in (("data/X_train", "data/y_train"), ("data/X_test", "data/y_test")):
        if rows[points] != rows[labels]:
            raise ArraysError(
                f"{allowed[points].words} number {rows[points]:,} "
                f"but {allowed[labels].words} {rows[labels]:,}"
            )
    if rows["data/X_train"] + rows["data/X_test"] > MAX_POINTS:
        raise ArraysError(f"it holds more than {MAX_POINTS:,} points, the most a session can hold")
    history = headers["history/rows"].shape[0]
    if history > document.history_capacity:
        raise ArraysError(
            f"the history has {history:,} rows, more than its capacity of {document.history_capacity:,}"
        )


def _data(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, header: Header, spec: Spec, limit: int
) -> np.ndarray:
    """One member's values, in the native byte order, after its exact size has been checked."""
    expected = header.offset + int(np.prod(header.shape, dtype=np.int64)) * header.dtype.itemsize
    if info.file_size != expected:
        raise ArraysError(
            f"{spec.words} are damaged (their header declares {expected - header.offset:,} bytes of numbers, "
            f"the file holds {max(info.file_size - header.offset, 0):,})"
        )
    try:
        raw = read_member(archive, info, f"the entry for {spec.words}", limit)
    except ArchiveRefusalError as error:
        raise ArraysError(str(error)) from None
    values = np.frombuffer(raw, dtype=header.dtype, offset=header.offset)
    shaped = values.reshape(header.shape, order="F" if header.fortran else "C")
    return np.array(shaped, dtype=spec.dtype.newbyteorder("="), order="C")


def _arrays(count: int) -> str:
    return f"{count} array" if count == 1 else f"{count} arrays"


def _points(count: int) -> str:
    return f"{count} point" if count == 1 else f"{count:,} points"


def _dtype_words(dtype: np.dtype) -> str:
    kind = {"f": "floating-point", "i": "integer", "u": "unsigned integer", "b": "true/false"}.get(dtype.kind)
    if kind is None:
        return "of an unknown kind"
    return f"{dtype.itemsize * 8}-bit {kind} numbers" if dtype.kind != "b" else "true/false values"


def _shape_words(shape: tuple[int | None, ...]) -> str:
    if not shape:
        return "of a single number"
    return "×".join("n" if size is None else f"{size:,}" for size in shape)


def check_trainable(labels: np.ndarray, regression: bool, classes: int | None = None) -> None:
    """Two points of each class (two in all for a regression), as the CSV import and point editing require.

    ``session.py`` asks this of imported or drawn points only: generated points are whatever the
    settings make, which the app trains on without a file. ``classes`` is the settings' K; without
    it, the classes the labels number.
    """
    if regression:
        if len(labels) < MIN_PER_CLASS:
            raise ArraysError(
                f"the training set holds {_points(len(labels))}; a regression needs at least {MIN_PER_CLASS}"
            )
        return
    if classes is None:
        classes = classes_in(labels)
    for label in range(classes):
        count = int(np.count_nonzero(labels == label))
        if count < MIN_PER_CLASS:
            raise ArraysError(
                f"the training set holds {_points(count)} of class {label}; each class needs at least "
                f"{MIN_PER_CLASS}"
            )


def _classes_words(classes: int) -> str:
    return "0 or 1" if classes == 2 else f"whole numbers from 0 to {classes - 1}"


def _check_history(rows: np.ndarray, epoch: int) -> None:
    """Epochs that are whole, rising and before the session's epoch; costs and accuracies in range."""
    if not len(rows):
        return
    epochs = rows[:, 0]
    if not (np.isfinite(epochs).all() and (epochs == np.floor(epochs)).all() and epochs.min() >= 0):
        raise ArraysError("the history's epochs are not all whole numbers from 0")
    if (np.diff(epochs) <= 0).any():
        raise ArraysError("the history's epochs do not rise from row to row")
    if epochs[-1] >= min(epoch, MAX_EPOCH):
        raise ArraysError(
            f"the history reaches epoch {int(epochs[-1]):,}, but the session is at epoch {epoch:,}"
        )
    losses = rows[:, [1, 3]]
    if (losses < 0).any() or np.isneginf(losses).any():
        raise ArraysError("the history holds a negative cost")
    accuracies = rows[:, [2, 4]]
    known = accuracies[~np.isnan(accuracies)]
    if ((known < 0) | (known > 1)).any():
        raise ArraysError("the history holds an accuracy outside 0 to 1")


def _check_optimiser(arrays: dict[str, np.ndarray], document: SessionDocument) -> None:
    """Either no state (not trained since the optimiser was chosen) or all of it, consistent."""
    config = document.config
    count = len(parameter_shapes(config))
    moments = {"momentum": ("velocity",), "adam": ("first", "second")}.get(config.optimiser, ())
    for prefix in moments:
        held = sum(1 for name in arrays if name.startswith(f"optimiser/{prefix}/"))
        if held and held != count:
            raise ArraysError(
                f"the {_state_words(prefix)} has {_arrays(held)} but the network has {count} "
                "(one per weight and bias array the optimiser updates)"
            )
    if config.optimiser != "adam":
        return
    steps = int(arrays["optimiser/steps"])
    if not 0 <= steps <= MAX_EPOCH:
        raise ArraysError(f"the Adam step count must be from 0 to {MAX_EPOCH:,}, not {steps:,}")
    has_moments = any(name.startswith("optimiser/first/") for name in arrays)
    if has_moments != any(name.startswith("optimiser/second/") for name in arrays):
        raise ArraysError("the Adam state holds one of its two moments without the other")
    if has_moments != (steps > 0):
        held = "holds" if has_moments else "lacks"
        raise ArraysError(f"the Adam step count is {steps:,} but the state {held} its moments")
    for name, array in arrays.items():
        if name.startswith("optimiser/second/") and (array < 0).any():
            raise ArraysError("the Adam second moment holds negative numbers (it is a mean of squares)")
