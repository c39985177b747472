"""Class labels and network outputs, read one way everywhere.

Labels keep the article's shape in every file and array: an (n, 1) float
column, here of class indices 0…K−1. A sigmoid network answers with one
probability per point (that of class 1), a softmax network with K. Views,
metrics and the step-through all need "the probability of each class" and
"the class it picks", so both shapes are turned into those here, once, and
no caller has to know which output layer produced them.
"""

from __future__ import annotations

import numpy as np

MAX_CLASSES = 6


def class_probabilities(outputs: np.ndarray) -> np.ndarray:
    """(n, K) probabilities: a sigmoid's single column ``p`` becomes the two columns ``[1 − p, p]``."""
    outputs = np.asarray(outputs)
    if outputs.ndim == 1:
        outputs = outputs[:, None]
    if outputs.shape[1] == 1:
        return np.hstack([1 - outputs, outputs])
    return outputs


def predicted_classes(outputs: np.ndarray) -> np.ndarray:
    """The class each point is given: the argmax of the probabilities, as (n,) integers.

    A sigmoid output picks class 1 only above 0.5 (``p > 0.5``, the
    article's threshold), so an exact tie goes to class 0, as ``argmax``
    breaks ties towards the lower index for a softmax.
    """
    outputs = np.asarray(outputs)
    if outputs.ndim == 1 or outputs.shape[1] == 1:
        return (outputs.reshape(-1) > 0.5).astype(np.intp)
    return np.argmax(outputs, axis=1)


def label_indices(labels: np.ndarray) -> np.ndarray:
    """An (n, 1) or (n,) column of class indices as (n,) integers (rounded: labels are stored as floats)."""
    return np.rint(np.asarray(labels, dtype=np.float64).reshape(-1)).astype(np.intp)


def one_hot(labels: np.ndarray, classes: int, dtype: np.dtype | type = np.float64) -> np.ndarray:
    """(n, K) targets with a 1 in each point's class column: what a softmax output is compared with.

    Built once per run by the trainer, never per epoch. Refuses labels outside
    0…K−1 rather than dropping them silently.
    """
    if not 2 <= classes <= MAX_CLASSES:
        raise ValueError(f"classes must be from 2 to {MAX_CLASSES} (got {classes})")
    indices = label_indices(labels)
    if indices.size and (indices.min() < 0 or indices.max() >= classes):
        raise ValueError(
            f"labels must be class indices 0 to {classes - 1} (got {indices.min()}…{indices.max()})"
        )
    targets = np.zeros((indices.size, classes), dtype=dtype)
    targets[np.arange(indices.size), indices] = 1
    return targets
