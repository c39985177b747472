import io
import os

import numpy as np
import pytest
from sklearn import datasets as sklearn_datasets

from nnplayground.core import datasets
from nnplayground.core.config import DATASETS, REGRESSION_DATASETS
from nnplayground.core.datasets import DatasetError, load_csv, save_csv
from nnplayground.core.features import DEFAULT_FEATURES, transform


@pytest.mark.parametrize("name", DATASETS)
def test_generators_give_two_balanced_enough_classes_deterministically(name):
    X, y = datasets.generate(name, 200, 0.1, np.random.RandomState(3))
    again, _ = datasets.generate(name, 200, 0.1, np.random.RandomState(3))
    other, _ = datasets.generate(name, 200, 0.1, np.random.RandomState(4))
    assert X.shape == (200, 2) and y.shape == (200, 1)
    assert set(np.unique(y)) == {0.0, 1.0}
    assert 60 <= y.sum() <= 140
    assert np.array_equal(X, again) and not np.array_equal(X, other)


@pytest.mark.parametrize("name", REGRESSION_DATASETS)
def test_regression_sets_give_targets_between_minus_one_and_one(name):
    X, y = datasets.generate(name, 300, 0.05, np.random.RandomState(1))
    assert X.shape == (300, 2) and y.shape == (300, 1)
    assert y.min() >= -1 and y.max() <= 1 and y.std() > 0.2
    assert len(np.unique(y)) > 100, "continuous targets, not classes"


def test_regression_csv_accepts_any_finite_target(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("x1,x2,y\n0,0,0.25\n1,1,-0.75\n2,2,3.5\n")
    _, y = load_csv(path, regression=True)
    assert y.ravel().tolist() == [0.25, -0.75, 3.5]
    with pytest.raises(DatasetError, match=r"line 2: label '0\.25' must be a class number"):
        load_csv(path)


def test_moons_follow_the_articles_global_seed_path():
    np.random.seed(0)
    expected_X, expected_y = sklearn_datasets.make_moons(100, noise=0.10)
    expected_weights = np.random.rand(2, 4)
    rng = np.random.RandomState(0)
    X, y = datasets.generate("moons", 100, 0.10, rng)
    assert np.array_equal(X, expected_X) and np.array_equal(y.ravel(), expected_y)
    assert np.array_equal(rng.rand(2, 4), expected_weights)


def test_split_holds_out_the_requested_fraction_without_overlap():
    X, y = datasets.generate("moons", 100, 0.1, np.random.RandomState(0))
    data = datasets.split(X, y, 0.3, seed=1)
    assert data.n_train == 70 and data.n_test == 30
    together = np.vstack([data.X_train, data.X_test])
    assert len(np.unique(together, axis=0)) == 100


def test_csv_round_trip_with_header(tmp_path):
    X, y = datasets.generate("xor", 20, 0.1, np.random.RandomState(0))
    path = tmp_path / "points.csv"
    save_csv(path, X, y)
    loaded_X, loaded_y = load_csv(path)
    assert np.array_equal(loaded_X, X) and np.array_equal(loaded_y, y)


GOOD_ROWS = "0,0,0\n1,1,1\n0.5,0.2,0\n0.3,0.9,1\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "no data rows"),
        ("x1,x2,label\n", "no data rows"),
        (GOOD_ROWS + "1,2\n", "line 5: expected 3 columns"),
        (GOOD_ROWS + "1,2,1,4\n", "line 5: expected 3 columns"),
        ("0,0,0\n1,1,1\n0,0,0\n1,1,1\n" + "\n" * 12 + "1,abc,1\n", "line 17: 'abc' is not a number"),
        (GOOD_ROWS + "nan,1,1\n", "line 5: 'nan' is not a finite number"),
        (GOOD_ROWS + "1,inf,0\n", "line 5: 'inf' is not a finite number"),
        (GOOD_ROWS + "1,1,2\n", "line 5: class 2 has fewer than 2 points"),
        (GOOD_ROWS + "1,1,1.5\n", "line 5: label '1.5' must be a class number"),
        (GOOD_ROWS + "1,1,-1\n", "line 5: label '-1' must be a class number"),
        ("0,0,0\n1,1,0\n2,2,0\n", "class 1 has fewer than 2 points"),
    ],
)
def test_bad_csv_files_are_refused_with_the_line_and_problem(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(DatasetError, match=message):
        load_csv(path)


def test_binary_and_missing_files_are_refused(tmp_path):
    path = tmp_path / "garbage.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(DatasetError, match="not a text file"):
        load_csv(path)
    with pytest.raises(DatasetError, match="cannot read"):
        load_csv(tmp_path / "absent.csv")


def test_feature_columns_are_the_named_transforms():
    points = np.array([[0.5, -2.0], [1.5, 3.0]])
    columns = transform(points, ("x1", "x2^2", "x1*x2", "sin(x2)"))
    assert np.array_equal(columns[:, 1], points[:, 1] ** 2)
    assert np.array_equal(columns[:, 2], points[:, 0] * points[:, 1])
    assert np.array_equal(columns[:, 3], np.sin(points[:, 1]))
    assert transform(points, DEFAULT_FEATURES) is points, "the article's inputs are used as they are"


def test_oversized_csv_files_are_refused_before_being_read(tmp_path):
    ten_million_rows = tmp_path / "huge.csv"
    with open(ten_million_rows, "wb") as stream:
        stream.truncate(10_000_000 * 6)  # the size of 10⁷ rows of "0,0,0\n", without writing them
    with pytest.raises(
        DatasetError,
        match=r"the file is 60,000,000 bytes \(60.0 MB\); the limit is 50,000,000 bytes \(50 MB\)",
    ):
        load_csv(ten_million_rows)


def test_more_points_than_the_limit_are_refused_naming_the_line(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("0,0,0\n1,1,1\n" * 500_001)
    with pytest.raises(DatasetError, match="line 1000001: more than 1,000,000 points"):
        load_csv(path)


def test_non_utf8_text_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("x1,x2,label\n0,0,0\n1,1,1\n0,0,0\n1,1,1\n0,0,0 # caf\u00e9\n".encode("latin-1"))
    with pytest.raises(DatasetError, match="line 6: not UTF-8 text"):
        load_csv(path)


def test_folders_and_pipes_are_refused_without_being_read(tmp_path):
    with pytest.raises(DatasetError, match="it is a folder, not a file"):
        load_csv(tmp_path)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(DatasetError, match="it is a named pipe, not a file"):
        load_csv(fifo)  # opening a pipe with no writer would block for ever


def test_a_giant_field_is_refused_as_a_csv_problem_not_a_crash(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(GOOD_ROWS + '"' + "1" * 200_000 + '",0,0\n')
    with pytest.raises(DatasetError, match="line 5: the line is longer than 4,096 bytes"):
        load_csv(path)


def test_only_an_all_text_first_row_is_taken_for_a_header(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("\ufeff\n x , y , class \n" + GOOD_ROWS)
    X, _ = load_csv(path)
    assert len(X) == 4, "a byte-order mark, a blank line and spaces around the names are fine"
    path.write_text("abc,1,0\n" + GOOD_ROWS)
    with pytest.raises(DatasetError, match="line 1: 'abc' is not a number"):
        load_csv(path)


def test_a_long_import_can_be_cancelled_part_way(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("0,0,0\n1,1,1\n" * 50_000)
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) == 2

    with pytest.raises(DatasetError, match="the import was cancelled"):
        load_csv(path, cancelled=cancelled)
    assert len(asked) == 2, "asked every few thousand lines, not per line"


def test_cr_only_and_crlf_line_ends_read_as_lf_ones(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_bytes(GOOD_ROWS.encode())
    expected = load_csv(path)
    for ending in ("\r", "\r\n"):
        path.write_bytes(GOOD_ROWS.replace("\n", ending).encode())
        X, y = load_csv(path)
        assert np.array_equal(X, expected[0]) and np.array_equal(y, expected[1])


def test_an_unterminated_quote_is_reported_on_the_line_it_opens(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('x1,x2,label\n0,0,0\n1,"0,0\n0,1,1\n1,1,1\n0,0,0\n')
    with pytest.raises(DatasetError, match=r"^line 3: a quote opened on this line is not closed on it"):
        load_csv(path)


def test_a_giant_line_is_refused_after_reading_a_little_of_it(tmp_path, monkeypatch):
    path = tmp_path / "giant.csv"
    path.write_bytes(GOOD_ROWS.encode() + b"7" * 49_000_000 + b",0,1\n")
    read: list[int] = []
    original = datasets.open_regular

    class Counting(io.BufferedReader):
        def read(self, n=-1):
            data = super().read(n)
            read.append(len(data))
            return data

    def counting(*args):
        stream, size = original(*args)
        return Counting(stream.detach()), size

    monkeypatch.setattr(datasets, "open_regular", counting)
    with pytest.raises(DatasetError, match="line 5: the line is longer than 4,096 bytes"):
        load_csv(path)
    assert sum(read) <= 2 * datasets.READ_CHUNK_BYTES, "refused within two chunks, not after 49 MB"
