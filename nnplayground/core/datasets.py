"""Two-class point sets in the plane, generated or imported.

Every generator draws from one ``numpy.random.RandomState`` that the caller
keeps: the article seeds the global generator with 0, calls ``make_moons`` and
then draws its weights from the same stream, so the same RandomState is handed
on to the weight initialiser to reproduce that path without touching
NumPy's global state.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn import datasets as sklearn_datasets

from .files import write_atomically

MAX_CSV_BYTES = 50_000_000
MAX_CSV_ROWS = 1_000_000


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
    source: str | Path | io.TextIOBase, *, regression: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Read ``x1,x2,label`` rows (an optional header line is skipped).

    Refuses, naming the line: wrong column counts, text or non-finite numbers,
    labels other than 0/1 (any finite target for ``regression``), fewer than
    two points of each class, empty or oversized files, and binary garbage.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_CSV_BYTES:
                raise DatasetError(f"file is {size / 1e6:.0f} MB; the limit is {MAX_CSV_BYTES // 10**6} MB")
            raw = path.read_bytes()
        except OSError as error:
            raise DatasetError(f"cannot read {path}: {error.strerror or error}") from None
        if b"\x00" in raw:
            raise DatasetError("this is not a text file (it contains binary data)")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DatasetError(f"not UTF-8 text (byte {error.start} cannot be decoded)") from None
        return _parse_rows(io.StringIO(text), regression)
    return _parse_rows(source, regression)


def _parse_rows(stream: io.TextIOBase, regression: bool) -> tuple[np.ndarray, np.ndarray]:
    points: list[tuple[float, float]] = []
    labels: list[float] = []
    for line_number, row in enumerate(csv.reader(stream), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise DatasetError(f"line {line_number}: expected 3 columns x1,x2,label, found {len(row)}")
        if line_number == 1 and not points and _is_header(row):
            continue
        if len(points) >= MAX_CSV_ROWS:
            raise DatasetError(
                f"line {line_number}: more than {MAX_CSV_ROWS:,} points; the limit is {MAX_CSV_ROWS:,}"
            )
        x1 = _number(row[0], line_number)
        x2 = _number(row[1], line_number)
        label = _number(row[2], line_number)
        if not regression and label not in (0.0, 1.0):
            raise DatasetError(f"line {line_number}: label {row[2].strip()!r} must be 0 or 1")
        points.append((x1, x2))
        labels.append(label)
    if not points:
        raise DatasetError("the file holds no data rows (expected lines of x1,x2,label)")
    y = np.array(labels).reshape(-1, 1)
    if regression:
        if len(y) < 2:
            raise DatasetError("a regression needs at least 2 points")
        return np.array(points, dtype=np.float64), y
    for label in (0.0, 1.0):
        if np.count_nonzero(y == label) < 2:
            raise DatasetError(f"class {label:g} has fewer than 2 points; both classes need at least 2")
    return np.array(points, dtype=np.float64), y


def _is_header(row: list[str]) -> bool:
    try:
        float(row[0])
    except ValueError:
        return True
    return False


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
        writer.writerow([repr(float(x1)), repr(float(x2)), int(label)])
    write_atomically(Path(path), buffer.getvalue().encode("utf-8"))
