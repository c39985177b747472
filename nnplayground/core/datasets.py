"""Point sets in the plane, generated or imported: two classes, up to six, or regression targets.

Every generator draws from one ``numpy.random.RandomState`` that the caller
keeps: the article seeds the global generator with 0, calls ``make_moons`` and
then draws its weights from the same stream, so the same RandomState is handed
on to the weight initialiser to reproduce that path without touching
NumPy's global state.
"""

from __future__ import annotations

import array
import csv
import io
import math
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
from sklearn import datasets as sklearn_datasets

from .bounded_file import UnreadableFileError, open_regular
from .classes import MAX_CLASSES
from .files import write_atomically

MAX_CSV_BYTES = 50_000_000
MAX_CSV_ROWS = 1_000_000
CANCEL_CHECK_LINES = 20_000
MAX_LINE_BYTES = 4096
READ_CHUNK_BYTES = 1 << 20
MIN_CLASS_POINTS = 2
CLASS_LABELS = frozenset(float(label) for label in range(MAX_CLASSES))


class DatasetError(ValueError):
    """Data that cannot be used; the message names the line and the problem."""


@dataclass(frozen=True)
class Dataset:
    """Training and test points; labels are a column of class indices 0.0 … K−1 (the article's 0/1)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    @property
    def n_train(self) -> int:
        return self.X_train.shape[0]

    @property
    def n_test(self) -> int:
        return self.X_test.shape[0]

    def all_points(self) -> tuple[np.ndarray, np.ndarray]:
        return np.vstack([self.X_train, self.X_test]), np.vstack([self.y_train, self.y_test])


def _moons(n: int, noise: float, rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
    return sklearn_datasets.make_moons(n, noise=noise, random_state=rng)


def _circles(n: int, noise: float, rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
    return sklearn_datasets.make_circles(n, noise=noise, factor=0.5, random_state=rng)


def _xor(n: int, noise: float, rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    labels = (X[:, 0] * X[:, 1] > 0).astype(int)
    return X + rng.normal(scale=noise, size=X.shape), labels


def _gaussian(n: int, noise: float, rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
    labels = np.arange(n) % 2
    centres = np.where(labels[:, None] == 1, 1.0, -1.0) * np.array([1.0, 1.0])
    return centres + rng.normal(scale=0.3 + 2 * noise, size=(n, 2)), labels


def _spiral(n: int, noise: float, rng: np.random.RandomState, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` arms wound ``4 / classes`` times round, so neighbouring arms lie as far apart as the two
    arms of the two-class spiral (TensorFlow Playground's, two turns) whatever the number of arms.

    For two classes ``8π/2`` and ``2π/2`` are exactly ``4π`` and ``π``, so the points are the two-class
    spiral's to the last bit.
    """
    labels = np.arange(n) % classes
    t = rng.uniform(0.0, 1.0, size=n)
    radius = 0.1 + 0.9 * t
    angle = (8 * np.pi / classes) * t + (2 * np.pi / classes) * labels
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X + rng.normal(scale=noise * 0.5, size=X.shape), labels


def _blobs(n: int, noise: float, rng: np.random.RandomState, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """One Gaussian cloud per class, their centres evenly round a circle of radius 1.

    Neighbouring centres of six classes are 1 apart; the spread ``0.1 + 0.6·noise`` keeps them apart at
    the suggested noise and lets them overlap as the noise rises, so noise reads as it does elsewhere.
    """
    labels = np.arange(n) % classes
    angles = np.pi / 2 + 2 * np.pi * np.arange(classes) / classes
    centres = np.column_stack([np.cos(angles), np.sin(angles)])
    return centres[labels] + rng.normal(scale=0.1 + 0.6 * noise, size=(n, 2)), labels


def _plane(n: int, noise: float, rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
    """TensorFlow Playground's regression plane: the target rises from −1 to 1 along x1 + x2."""
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    target = (X[:, 0] + X[:, 1]) / 2
    return X, np.clip(target + rng.normal(scale=noise, size=n), -1.0, 1.0)


def _multi_gaussian(n: int, noise: float, rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
    """Hills and valleys: each of four Gaussian bumps pulls the target towards its sign."""
    centres = np.array([[-0.5, -0.5], [0.5, 0.5], [-0.5, 0.5], [0.5, -0.5]])
    signs = np.array([1.0, 1.0, -1.0, -1.0])
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    distances = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    target = (signs * np.exp(-distances / 0.1)).sum(axis=1)
    return X, np.clip(target + rng.normal(scale=noise, size=n), -1.0, 1.0)


# Sets of two classes (and regression targets), and the sets that take any number of classes.
GENERATORS = {
    "moons": _moons,
    "circles": _circles,
    "xor": _xor,
    "gaussian": _gaussian,
    "plane": _plane,
    "multi_gaussian": _multi_gaussian,
}
MULTI_CLASS_GENERATORS = {"blobs": _blobs, "spiral": _spiral}
MULTICLASS_DATASETS = tuple(MULTI_CLASS_GENERATORS)
REGRESSION_GENERATORS = ("plane", "multi_gaussian")

# How many points, and how much noise, a set reads well with. The article's 100 points at 0.1 suit
# every set but the spiral (its two arms wind twice round, and 50 points an arm look like noise) and
# the blobs (up to six clouds: 50 points a cloud).
ARTICLE_POINTS_AND_NOISE = (100, 0.1)
SUGGESTED_POINTS_AND_NOISE: dict[str, tuple[int, float]] = {"spiral": (400, 0.1), "blobs": (300, 0.1)}


def suggested_points_and_noise(name: str) -> tuple[int, float]:
    """The number of points and the noise the data set ``name`` is first shown with."""
    return SUGGESTED_POINTS_AND_NOISE.get(name, ARTICLE_POINTS_AND_NOISE)


def classes_problem(name: str, classes: int) -> str | None:
    """Why the set ``name`` cannot have ``classes`` classes, in words a front end shows as they are."""
    if isinstance(classes, bool) or not isinstance(classes, int) or not 2 <= classes <= MAX_CLASSES:
        return f"classes must be a whole number from 2 to {MAX_CLASSES} (got {classes!r})"
    if classes == 2 or name in MULTI_CLASS_GENERATORS:
        return None
    allowed = " or ".join(MULTICLASS_DATASETS)
    if name in REGRESSION_GENERATORS:
        return f"{name} is a regression set (no classes); for {classes} classes use {allowed}"
    return f"{name} has two classes; for 3–{MAX_CLASSES} classes use {allowed}"


def generate(
    name: str, n_samples: int, noise: float, rng: np.random.RandomState, classes: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Points ``X`` (n×2) and labels ``y`` (n×1 floats, 0 … ``classes``−1), drawn from ``rng``.

    Refuses ``classes`` above 2 for the two-class sets, saying which sets take more.
    """
    if name not in GENERATORS and name not in MULTI_CLASS_GENERATORS:
        allowed = ", ".join([*GENERATORS, *MULTI_CLASS_GENERATORS])
        raise DatasetError(f"unknown dataset {name!r}; allowed: {allowed}")
    problem = classes_problem(name, classes)
    if problem is not None:
        raise DatasetError(problem)
    if name in MULTI_CLASS_GENERATORS:
        X, labels = MULTI_CLASS_GENERATORS[name](n_samples, noise, rng, classes)
    else:
        X, labels = GENERATORS[name](n_samples, noise, rng)
    return np.ascontiguousarray(X, dtype=np.float64), labels.reshape(-1, 1).astype(np.float64)


def split(X: np.ndarray, y: np.ndarray, test_fraction: float, seed: int) -> Dataset:
    """Hold out ``test_fraction`` of the points, chosen with their own RNG.

    A separate generator keeps the weight draws that follow the data on the
    article's stream whatever the split.
    """
    n_test = round(len(X) * test_fraction)
    if n_test == 0:
        return Dataset(X, y, X[:0].copy(), y[:0].copy())
    order = np.random.default_rng(seed).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return Dataset(X[train].copy(), y[train].copy(), X[test].copy(), y[test].copy())


def load_csv(
    source: str | Path | io.TextIOBase,
    *,
    regression: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Read ``x1,x2,label`` rows (an optional header line is skipped).

    Class labels are whole numbers 0 … K−1 and K, the number of classes, is
    read from them (``classes_in``): every class from 0 up to the highest
    label must have at least two points, so a file of labels 0, 1 and 3 is
    refused at the first 3 rather than taken for four classes, one empty.
    Refuses, naming the line: wrong column counts, text or non-finite numbers,
    labels that are not whole numbers from 0 to ``MAX_CLASSES``−1 (any finite
    target for ``regression``), a class skipped or with one point, a class
    missing from a file of labels 0 only, empty or oversized files, folders and other
    non-files, non-UTF-8 text and binary garbage. A file is read line by
    line into packed arrays and its size is checked first, so memory stays
    within a few times the 24 bytes a point takes whatever the file holds.
    ``cancelled`` is asked every few thousand lines, so a closing window
    need not wait for a big file to be read.
    """
    if not isinstance(source, (str, Path)):
        return _parse_rows(source, regression, cancelled)
    path = Path(source)
    try:
        stream, size = open_regular(path, sys.maxsize)
    except UnreadableFileError as error:
        raise DatasetError(f"cannot read {path}: {error}") from None
    with stream:
        if size > MAX_CSV_BYTES:
            raise DatasetError(
                f"the file is {size:,} bytes ({size / 1e6:.1f} MB); "
                f"the limit is {MAX_CSV_BYTES:,} bytes ({MAX_CSV_BYTES // 10**6} MB)"
            )
        try:
            return _parse_rows(_text_lines(stream), regression, cancelled)
        except OSError as error:
            raise DatasetError(f"cannot read {path}: {error.strerror or 'the system refused'}") from None


def _text_lines(stream: BinaryIO) -> Iterator[str]:
    """Decode the file's lines, whether it ends them in LF, CRLF or CR, a block of lines at a time.

    Reading goes in chunks, so a line longer than ``MAX_LINE_BYTES`` is refused once that many bytes
    are read, never read whole; the size limit holds even if the file grows meanwhile. A block that
    holds binary data or is not UTF-8 is gone through line by line to name the line.
    """
    line_number = 0
    for block in _raw_blocks(stream):
        joined = b"\n".join(block)
        try:
            if b"\x00" in joined:
                raise ValueError
            lines = joined.decode("utf-8").split("\n")
        except ValueError:
            _refuse_undecodable(block, line_number)
        if line_number == 0:
            lines[0] = lines[0].removeprefix("\ufeff")
        line_number += len(lines)
        yield from lines


def _refuse_undecodable(block: list[bytes], lines_before: int) -> None:
    for line_number, raw in enumerate(block, start=lines_before + 1):
        if b"\x00" in raw:
            raise DatasetError(f"line {line_number}: this is not a text file (it contains binary data)")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise DatasetError(
                f"line {line_number}: not UTF-8 text (byte {error.start + 1} of the line cannot be decoded)"
            ) from None


def _raw_blocks(stream: BinaryIO) -> Iterator[list[bytes]]:
    """The file's lines without their ends (split at LF, CRLF or CR), one chunk's worth at a time."""
    pending = b""
    total = 0
    line_number = 0
    while True:
        chunk = stream.read(READ_CHUNK_BYTES)
        total += len(chunk)
        if total > MAX_CSV_BYTES:
            raise DatasetError(
                f"line {line_number + 1}: the file grew past the limit of {MAX_CSV_BYTES // 10**6} MB "
                "while it was read"
            )
        lines = (pending + chunk).splitlines(keepends=True)
        pending = b""
        if chunk and lines and (not lines[-1].endswith((b"\n", b"\r")) or lines[-1].endswith(b"\r")):
            pending = lines.pop()
        if lines and max(map(len, lines)) > MAX_LINE_BYTES + 2:
            too_long = next(i for i, line in enumerate(lines) if len(line) > MAX_LINE_BYTES + 2)
            raise _long_line(line_number + too_long + 1)
        line_number += len(lines)
        if len(pending) > MAX_LINE_BYTES + 2:
            raise _long_line(line_number + 1)
        if lines:
            yield [line.rstrip(b"\r\n") for line in lines]
        if not chunk:
            return


def _long_line(line_number: int) -> DatasetError:
    return DatasetError(
        f"line {line_number}: the line is longer than {MAX_LINE_BYTES:,} bytes "
        "(a row of x1,x2,label is far shorter); refusing to read it"
    )


def _parse_rows(
    lines: Iterable[str], regression: bool, cancelled: Callable[[], bool] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Rows into one packed array; a well-formed row takes the fast path, anything else is explained."""
    values = array.array("d")
    first_lines: dict[float, int] = {}  # each class label's first line, to name it in a refusal
    reader = csv.reader(lines)
    header_allowed = True
    first_line = 1
    try:
        for row in reader:
            line_number, first_line = first_line, reader.line_num + 1
            if reader.line_num != line_number:
                raise DatasetError(
                    f"line {line_number}: a quote opened on this line is not closed on it "
                    "(cells of x1,x2,label are numbers, never quoted across lines)"
                )
            plain = None if header_allowed or len(values) >= 3 * MAX_CSV_ROWS else _plain_row(row, regression)
            if plain is None:
                plain = _checked_row(row, line_number, header_allowed, regression, len(values) // 3)
                if plain is None:
                    continue
                header_allowed = False
            values.extend(plain)
            if plain and not regression and plain[2] not in first_lines:
                first_lines[plain[2]] = line_number
            if cancelled is not None and line_number % CANCEL_CHECK_LINES == 0 and cancelled():
                raise DatasetError("the import was cancelled")
    except csv.Error as error:
        raise DatasetError(f"line {reader.line_num}: {_csv_problem(error)}") from None
    if not values:
        raise DatasetError("the file holds no data rows (expected lines of x1,x2,label)")
    table = np.frombuffer(values, dtype=np.float64).reshape(-1, 3)
    X, y = np.ascontiguousarray(table[:, :2]), table[:, 2:].copy()
    if regression:
        if len(y) < 2:
            raise DatasetError("a regression needs at least 2 points")
        return X, y
    _check_classes(y, first_lines)
    return X, y


def _check_classes(y: np.ndarray, first_lines: dict[float, int]) -> None:
    """Every class from 0 to the highest label present, each with two points or more."""
    highest = int(max(first_lines))
    classes = max(2, highest + 1)
    counts = np.bincount(y.ravel().astype(np.intp), minlength=classes)
    for label in range(highest):
        if label not in first_lines:
            above = min(seen for seen in first_lines if seen > label)
            raise DatasetError(
                f"line {first_lines[above]}: label {above:g} skips class {label} "
                f"(no point has label {label}); labels number the classes 0 to K−1, "
                f"every class with at least {MIN_CLASS_POINTS} points"
            )
    for label in range(classes):
        if counts[label] == 0:
            raise DatasetError(
                f"class {label} has fewer than {MIN_CLASS_POINTS} points (it has none); "
                f"every class needs at least {MIN_CLASS_POINTS}"
            )
        if counts[label] < MIN_CLASS_POINTS:
            raise DatasetError(
                f"line {first_lines[float(label)]}: class {label} has fewer than {MIN_CLASS_POINTS} points "
                f"(this is its only one); every class needs at least {MIN_CLASS_POINTS}"
            )


def classes_in(y: np.ndarray) -> int:
    """How many classes labels 0 … K−1 number (two at least: the two-class case is the app's default)."""
    return max(2, int(y.max()) + 1) if len(y) else 2


def _csv_problem(error: csv.Error) -> str:
    """The csv module's complaint in plain words (it speaks of fields and universal-newline mode)."""
    if "field larger than field limit" in str(error):
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return "the line is not valid CSV"


def _plain_row(row: list[str], regression: bool) -> tuple[float, float, float] | None:
    """The common case, checked quickly: three finite numbers with a valid label; else ``None``."""
    if len(row) != 3:
        return None
    try:
        x1, x2, label = float(row[0]), float(row[1]), float(row[2])
    except ValueError:
        return None
    if (
        math.isfinite(x1)
        and math.isfinite(x2)
        and math.isfinite(label)
        and (regression or label in CLASS_LABELS)
    ):
        return x1, x2, label
    return None


def _checked_row(
    row: list[str], line_number: int, header_allowed: bool, regression: bool, count: int
) -> tuple[float, ...] | None:
    """A row the fast path did not take: ``None`` for a blank line, ``()`` for a header, else its values.

    Raises ``DatasetError`` naming the line and what is wrong with it.
    """
    if not row or all(not cell.strip() for cell in row):
        return None
    if len(row) != 3:
        raise DatasetError(f"line {line_number}: expected 3 columns x1,x2,label, found {len(row)}")
    if header_allowed and _is_header(row):
        return ()
    if count >= MAX_CSV_ROWS:
        raise DatasetError(
            f"line {line_number}: more than {MAX_CSV_ROWS:,} points; the limit is {MAX_CSV_ROWS:,}"
        )
    x1, x2, label = (_number(cell, line_number) for cell in row)
    if not regression and label not in CLASS_LABELS:
        if label.is_integer() and label >= MAX_CLASSES:
            raise DatasetError(
                f"line {line_number}: label {row[2].strip()!r} would make more than {MAX_CLASSES} classes; "
                f"the most is {MAX_CLASSES} (labels 0 to {MAX_CLASSES - 1})"
            )
        raise DatasetError(
            f"line {line_number}: label {row[2].strip()!r} must be a class number, a whole number from 0 "
            f"to {MAX_CLASSES - 1} (for continuous targets choose the regression problem)"
        )
    return x1, x2, label


def _is_header(row: list[str]) -> bool:
    """A first row whose cells are all text (``x1,x2,label``); one number in it makes it data."""
    for cell in row:
        try:
            float(cell)
        except ValueError:
            continue
        return False
    return True


def _number(cell: str, line_number: int) -> float:
    text = cell.strip()
    try:
        value = float(text)
    except ValueError:
        raise DatasetError(f"line {line_number}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise DatasetError(f"line {line_number}: {text!r} is not a finite number")
    return value


def save_csv(path: str | Path, X: np.ndarray, y: np.ndarray) -> None:
    """Write ``x1,x2,label`` atomically (temp file, then rename)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["x1", "x2", "label"])
    for (x1, x2), label in zip(X, y.ravel()):
        writer.writerow([repr(float(x1)), repr(float(x2)), _label_text(float(label))])
    write_atomically(Path(path), buffer.getvalue().encode("utf-8"))


def _label_text(label: float) -> str:
    """Classes as 0, 1, 2 … as people write them; regression targets with every digit, to read back equal."""
    return str(int(label)) if label.is_integer() else repr(label)
