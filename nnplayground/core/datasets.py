"""Two-class point sets in the plane, generated or imported.

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
from .files import write_atomically

MAX_CSV_BYTES = 50_000_000
MAX_CSV_ROWS = 1_000_000
CANCEL_CHECK_LINES = 20_000
MAX_LINE_BYTES = 4096
READ_CHUNK_BYTES = 1 << 20


class DatasetError(ValueError):
    """Data that cannot be used; the message names the line and the problem."""


@dataclass(frozen=True)
class Dataset:
    """Training and test points; labels are a column vector of 0.0/1.0 as the article reshapes them."""

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


def _spiral(n: int, noise: float, rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
    labels = np.arange(n) % 2
    t = rng.uniform(0.0, 1.0, size=n)
    radius = 0.1 + 0.9 * t
    angle = 4 * np.pi * t + np.pi * labels
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X + rng.normal(scale=noise * 0.5, size=X.shape), labels


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


GENERATORS = {
    "moons": _moons,
    "circles": _circles,
    "xor": _xor,
    "gaussian": _gaussian,
    "spiral": _spiral,
    "plane": _plane,
    "multi_gaussian": _multi_gaussian,
}

# How many points, and how much noise, a set reads well with. The article's 100 points at 0.1 suit
# every set but the spiral: its two arms wind twice round, and 50 points an arm look like noise.
ARTICLE_POINTS_AND_NOISE = (100, 0.1)
SUGGESTED_POINTS_AND_NOISE: dict[str, tuple[int, float]] = {"spiral": (400, 0.1)}


def suggested_points_and_noise(name: str) -> tuple[int, float]:
    """The number of points and the noise the data set ``name`` is first shown with."""
    return SUGGESTED_POINTS_AND_NOISE.get(name, ARTICLE_POINTS_AND_NOISE)


def generate(
    name: str, n_samples: int, noise: float, rng: np.random.RandomState
) -> tuple[np.ndarray, np.ndarray]:
    """Points ``X`` (n×2) and labels ``y`` (n×1 floats), drawn from ``rng``."""
    try:
        generator = GENERATORS[name]
    except KeyError:
        raise DatasetError(f"unknown dataset {name!r}; allowed: {', '.join(GENERATORS)}") from None
    X, labels = generator(n_samples, noise, rng)
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

    Refuses, naming the line: wrong column counts, text or non-finite numbers,
    labels other than 0/1 (any finite target for ``regression``), fewer than
    two points of each class, empty or oversized files, folders and other
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
    for label in (0.0, 1.0):
        if np.count_nonzero(y == label) < 2:
            raise DatasetError(f"class {label:g} has fewer than 2 points; both classes need at least 2")
    return X, y


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
        and (regression or label in (0.0, 1.0))
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
    if not regression and label not in (0.0, 1.0):
        raise DatasetError(
            f"line {line_number}: label {row[2].strip()!r} must be 0 or 1 "
            "(for continuous targets choose the regression problem)"
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
    """Classes as 0/1 as people write them; regression targets with every digit, so they read back equal."""
    return str(int(label)) if label.is_integer() else repr(label)
