"""Your own data: points clicked onto the plane, removed again, or imported from a file.

Pure functions from one ``Dataset`` to a new one (the old one is never
changed, so a snapshot a view is drawing stays valid). Every edit keeps the
training set trainable: at least ``MIN_PER_CLASS`` training points of each
of the K classes (``MIN_PER_CLASS`` points in all for a regression), the
same floor the CSV import applies, so an epoch never runs on an empty set
and no class can silently vanish from what the network learns.
"""

from __future__ import annotations

import math

import numpy as np

from .datasets import MAX_CSV_ROWS, Dataset, DatasetError, classes_in, split

MIN_PER_CLASS = 2


def add_point(
    data: Dataset, x1: float, x2: float, label: float, *, regression: bool = False, classes: int = 2
) -> Dataset:
    """``data`` with one more training point, of a class below ``classes`` (a click teaches, never tests)."""
    _check_position(x1, x2)
    if regression:
        if not math.isfinite(label):
            raise DatasetError(f"a target must be a finite number, not {label!r}")
    elif label not in [float(k) for k in range(classes)]:
        raise DatasetError(f"a class label must be {_labels_words(classes)}, not {label:g}")
    if data.n_train + data.n_test >= MAX_CSV_ROWS:
        raise DatasetError(f"the data already holds {MAX_CSV_ROWS:,} points, the most it can hold")
    X_train = np.vstack([data.X_train, np.array([[x1, x2]], dtype=data.X_train.dtype)])
    y_train = np.vstack([data.y_train, np.array([[label]], dtype=data.y_train.dtype)])
    return Dataset(X_train, y_train, data.X_test, data.y_test)


def remove_nearest(
    data: Dataset, x1: float, x2: float, *, regression: bool = False, classes: int | None = None
) -> Dataset:
    """``data`` without the training or test point nearest ``(x1, x2)``.

    Refused, rather than removing some other point, when that point is a
    training point its class cannot spare: the learner sees exactly which
    point a right click would take. ``classes`` is K, by default read from
    the labels (``classes_in``).
    """
    _check_position(x1, x2)
    points, _ = data.all_points()
    if len(points) == 0:
        raise DatasetError("there are no points to remove")
    nearest = int(np.argmin((points[:, 0] - x1) ** 2 + (points[:, 1] - x2) ** 2))
    if nearest >= data.n_train:
        index = nearest - data.n_train
        return Dataset(
            data.X_train,
            data.y_train,
            np.delete(data.X_test, index, axis=0),
            np.delete(data.y_test, index, axis=0),
        )
    y_train = np.delete(data.y_train, nearest, axis=0)
    if classes is None and not regression:
        classes = classes_in(data.all_points()[1])
    try:
        check_trainable(y_train, regression=regression, classes=classes or 2)
    except DatasetError as error:
        raise DatasetError(f"cannot remove that point: {error}") from None
    return Dataset(np.delete(data.X_train, nearest, axis=0), y_train, data.X_test, data.y_test)


def from_points(
    X: np.ndarray,
    y: np.ndarray,
    *,
    test_fraction: float,
    seed: int,
    regression: bool = False,
    classes: int | None = None,
) -> Dataset:
    """Imported points split into training and test points as generated ones are.

    Refused when holding out the test points would leave the training set
    short of a class, which a small file with a high test ratio can do.
    ``classes`` is K, by default read from the labels (``classes_in``).
    """
    data = split(X, y, test_fraction, seed)
    try:
        check_trainable(
            data.y_train, regression=regression, classes=classes_in(y) if classes is None else classes
        )
    except DatasetError as error:
        raise DatasetError(
            f"after holding out {test_fraction:.0%} of the {len(X)} points for testing, {error}; "
            "lower the test ratio or add points"
        ) from None
    return data


def check_trainable(y_train: np.ndarray, *, regression: bool, classes: int = 2) -> None:
    """Raise ``DatasetError`` saying what is missing when training labels are too few to learn from.

    Each of the classes 0 … ``classes``−1 needs ``MIN_PER_CLASS`` points: a class the network never
    sees would still get an output unit, and no accuracy could show it is missing.
    """
    if regression:
        if len(y_train) < MIN_PER_CLASS:
            raise DatasetError(
                f"the training set would hold {len(y_train)} point(s); a regression needs at least "
                f"{MIN_PER_CLASS}"
            )
        return
    for label in range(classes):
        count = int(np.count_nonzero(y_train == label))
        if count < MIN_PER_CLASS:
            raise DatasetError(
                f"the training set would hold {count} point(s) of class {label}; "
                f"each class needs at least {MIN_PER_CLASS}"
            )


def _labels_words(classes: int) -> str:
    return "0 or 1" if classes == 2 else f"a whole number from 0 to {classes - 1}"


def _check_position(x1: float, x2: float) -> None:
    if not (math.isfinite(x1) and math.isfinite(x2)):
        raise DatasetError(f"a point needs finite coordinates, not ({x1!r}, {x2!r})")
