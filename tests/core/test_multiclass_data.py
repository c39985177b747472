"""Data with more than two classes: the generators that take K, and CSV files of labels 0…K−1."""

from __future__ import annotations

import numpy as np
import pytest

from nnplayground.core import config, datasets
from nnplayground.core.classes import MAX_CLASSES
from nnplayground.core.datasets import DatasetError, classes_in, generate, load_csv, save_csv


def _old_two_arm_spiral(n: int, noise: float, rng: np.random.RandomState) -> np.ndarray:
    """The two-class spiral as it was written before it took a number of arms."""
    labels = np.arange(n) % 2
    t = rng.uniform(0.0, 1.0, size=n)
    radius = 0.1 + 0.9 * t
    angle = 4 * np.pi * t + np.pi * labels
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X + rng.normal(scale=noise * 0.5, size=X.shape)


@pytest.mark.parametrize(("n", "noise", "seed"), [(400, 0.1, 0), (97, 0.35, 7)])
def test_the_two_class_spiral_is_the_same_to_the_last_bit(n, noise, seed):
    X, y = generate("spiral", n, noise, np.random.RandomState(seed))
    assert X.tobytes() == _old_two_arm_spiral(n, noise, np.random.RandomState(seed)).tobytes()
    assert y.ravel().tolist() == [float(i % 2) for i in range(n)]


@pytest.mark.parametrize("name", datasets.MULTICLASS_DATASETS)
@pytest.mark.parametrize("classes", range(2, MAX_CLASSES + 1))
def test_multi_class_sets_give_every_class_evenly_and_deterministically(name, classes):
    X, y = generate(name, 300, 0.1, np.random.RandomState(3), classes)
    again, _ = generate(name, 300, 0.1, np.random.RandomState(3), classes)
    assert X.shape == (300, 2) and y.shape == (300, 1)
    assert np.bincount(y.ravel().astype(int)).tolist() == [
        300 // classes + (k < 300 % classes) for k in range(classes)
    ]
    assert np.array_equal(X, again)


def _nearest_centre_accuracy(X: np.ndarray, y: np.ndarray, classes: int) -> float:
    labels = y.ravel().astype(int)
    centres = np.array([X[labels == k].mean(axis=0) for k in range(classes)])
    nearest = np.argmin(((X[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
    return float(np.mean(nearest == labels))


def test_blobs_are_apart_at_low_noise_and_overlap_as_it_rises():
    quiet = generate("blobs", 600, 0.1, np.random.RandomState(0), 6)
    noisy = generate("blobs", 600, 1.0, np.random.RandomState(0), 6)
    assert _nearest_centre_accuracy(*quiet, 6) > 0.99
    assert _nearest_centre_accuracy(*noisy, 6) < 0.6


def test_the_arms_of_a_three_arm_spiral_are_as_far_apart_as_the_two_arms():
    """Neighbouring arms: the radius between them at one angle is the two-class spiral's gap (0.225)."""
    for classes in (2, 3, 6):
        X, _ = generate("spiral", 20_000, 0.0, np.random.RandomState(0), classes)
        radius = np.hypot(X[:, 0], X[:, 1])
        along = np.abs(np.angle(X[:, 0] + 1j * X[:, 1])) < 0.01
        gaps = np.diff(np.sort(radius[along]))
        assert np.median(gaps[gaps > 0.05]) == pytest.approx(0.225, abs=0.03)


@pytest.mark.parametrize("name", ["moons", "circles", "xor", "gaussian"])
def test_two_class_sets_refuse_more_classes_naming_the_sets_that_allow_them(name):
    with pytest.raises(DatasetError, match=f"^{name} has two classes; for 3–6 classes use blobs or spiral$"):
        generate(name, 100, 0.1, np.random.RandomState(0), 3)


@pytest.mark.parametrize("classes", [1, 7, 2.0, True])
def test_a_number_of_classes_outside_two_to_six_is_refused(classes):
    with pytest.raises(DatasetError, match="classes must be a whole number from 2 to 6"):
        generate("blobs", 100, 0.1, np.random.RandomState(0), classes)


def test_the_config_and_the_generators_agree_on_which_sets_take_more_classes():
    assert set(config.MULTICLASS_DATASETS) == set(datasets.MULTICLASS_DATASETS)
    assert "blobs" in config.DATASETS
    for name in config.DATASETS:
        generate(name, 20, 0.1, np.random.RandomState(0))


def test_every_set_is_suggested_enough_points_for_six_classes():
    points, noise = datasets.suggested_points_and_noise("blobs")
    assert points >= 50 * MAX_CLASSES and noise == 0.1
    assert datasets.suggested_points_and_noise("spiral") == (400, 0.1)
    assert datasets.suggested_points_and_noise("moons") == (100, 0.1), "the article's"


def _rows(labels: list[int]) -> str:
    return "x1,x2,label\n" + "".join(f"{i * 0.5},{-i * 0.25},{label}\n" for i, label in enumerate(labels))


@pytest.mark.parametrize("classes", [2, 3, 6])
def test_a_csv_of_k_classes_reads_back_as_k_classes(tmp_path, classes):
    labels = [k % classes for k in range(4 * classes)]
    path = tmp_path / "points.csv"
    path.write_text(_rows(labels))
    X, y = load_csv(path)
    assert y.ravel().tolist() == labels and X.shape == (len(labels), 2)
    assert classes_in(y) == classes


def test_a_seventh_class_is_refused_naming_the_line_of_its_first_label(tmp_path):
    path = tmp_path / "seven.csv"
    path.write_text(_rows([0, 1, 2, 3, 4, 5] * 2 + [6, 6, 5]))
    with pytest.raises(
        DatasetError, match=r"^line 14: label '6' would make more than 6 classes; the most is 6"
    ):
        load_csv(path)


def test_a_skipped_class_is_refused_at_the_first_label_above_it(tmp_path):
    path = tmp_path / "gap.csv"
    path.write_text(_rows([0, 1, 0, 1, 3, 3]))
    with pytest.raises(DatasetError, match=r"^line 6: label 3 skips class 2 \(no point has label 2\)"):
        load_csv(path)


def test_a_class_of_one_point_is_refused_naming_that_point(tmp_path):
    path = tmp_path / "lonely.csv"
    path.write_text(_rows([0, 1, 2, 0, 1]))
    with pytest.raises(
        DatasetError, match=r"^line 4: class 2 has fewer than 2 points \(this is its only one\)"
    ):
        load_csv(path)


def test_labels_written_as_decimals_of_whole_numbers_are_classes(tmp_path):
    path = tmp_path / "floats.csv"
    path.write_text("0,0,0.0\n1,0,2.0\n0,1,1.0\n1,1,2e0\n2,2,0\n3,3,1\n")
    _, y = load_csv(path)
    assert y.ravel().tolist() == [0, 2, 1, 2, 0, 1]


def test_exported_csv_keeps_the_classes_as_whole_numbers(tmp_path):
    X, y = generate("blobs", 12, 0.1, np.random.RandomState(0), 6)
    path = tmp_path / "blobs.csv"
    save_csv(path, X, y)
    lines = path.read_text().splitlines()
    assert [line.rsplit(",", 1)[1] for line in lines[1:7]] == ["0", "1", "2", "3", "4", "5"]
    loaded_X, loaded_y = load_csv(path)
    assert np.array_equal(loaded_X, X) and np.array_equal(loaded_y, y)
