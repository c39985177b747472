"""``nnplayground train`` with more than two classes: --classes, the multi-class presets, K-class CSVs."""

import re
import subprocess
import sys

import pytest

from nnplayground.core.presets import THREE_BLOBS
from nnplayground.core.session import load_session
from nnplayground.core.trainer import Trainer


def _run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nnplayground", "train", *arguments, "--quiet"],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_classes_trains_a_softmax_network_and_prints_the_engines_cost(tmp_path):
    saved = tmp_path / "blobs.nnpg"
    result = _run("--dataset", "blobs", "--classes", "4", "--epochs", "50", "--save", str(saved))
    assert result.returncode == 0, result.stderr
    trainer, _ = load_session(saved)
    config = trainer.config
    assert (config.classes, config.output_activation, config.loss) == (4, "softmax", "cross_entropy")
    reference = Trainer(config)
    reference.train(50)
    assert float(re.search(r"final loss: (\S+)", result.stdout).group(1)) == reference.last_loss
    assert f"train accuracy: {reference.metrics().train_accuracy:.1%}" in result.stdout


def test_a_multi_class_preset_runs_from_its_key():
    result = _run("--preset", "blobs-3", "--epochs", "200")
    assert result.returncode == 0, result.stderr
    trainer = Trainer(THREE_BLOBS)
    trainer.train(200)
    assert f"train accuracy: {trainer.metrics().train_accuracy:.1%}" in result.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--classes", "3"), "moons has two classes; for 3–6 classes use blobs or spiral"),
        (
            ("--dataset", "circles", "--classes", "5"),
            "circles has two classes; for 3–6 classes use blobs or spiral",
        ),
        (("--dataset", "blobs", "--classes", "7"), "classes must be a whole number from 2 to 6 (got 7)"),
        (("--dataset", "blobs", "--classes", "1"), "classes must be a whole number from 2 to 6 (got 1)"),
        (("--dataset", "blobs", "--classes", "three"), "invalid int value: 'three'"),
        (
            ("--dataset", "spiral", "--classes", "3", "--output-activation", "sigmoid"),
            "3 classes need a softmax output",
        ),
    ],
)
def test_classes_a_dataset_cannot_have_are_refused_plainly(arguments, message):
    result = _run(*arguments, "--epochs", "1")
    assert result.returncode == 2
    assert message in result.stderr.splitlines()[-1]
    assert "Traceback" not in result.stderr


def _csv(tmp_path, labels: list[int]) -> str:
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,label\n" + "".join(f"{i % 5},{i // 5},{k}\n" for i, k in enumerate(labels)))
    return str(path)


def test_a_csv_of_three_classes_trains_with_three_softmax_units(tmp_path):
    saved = tmp_path / "three.nnpg"
    result = _run("--csv", _csv(tmp_path, [0, 1, 2] * 6), "--epochs", "20", "--save", str(saved))
    assert result.returncode == 0, result.stderr
    trainer, custom = load_session(saved)
    assert custom and trainer.config.classes == 3 and trainer.network.weights[-1].shape[1] == 3
    assert sorted(set(trainer.data.y_train.ravel())) == [0.0, 1.0, 2.0]


def test_a_csv_whose_classes_disagree_with_the_option_is_refused(tmp_path):
    result = _run("--csv", _csv(tmp_path, [0, 1, 2] * 6), "--classes", "4", "--epochs", "1")
    assert result.returncode == 2
    assert "the file's labels number 3 classes (0 to 2), but --classes says 4" in result.stderr


def test_a_csv_of_seven_classes_is_refused_naming_the_line(tmp_path):
    result = _run("--csv", _csv(tmp_path, list(range(7)) * 2), "--epochs", "1")
    assert result.returncode == 2
    assert "line 8: label '6' would make more than 6 classes" in result.stderr


def test_the_cross_check_of_three_classes_compares_accuracy_and_the_plane():
    result = _run("--preset", "blobs-3", "--epochs", "300", "--cross-check")
    assert result.returncode == 0, result.stderr
    accuracy = float(re.search(r"scikit-learn train accuracy: ([\d.]+)%", result.stdout).group(1))
    agreement = float(
        re.search(r"both pick the same class on ([\d.]+)% of the plane", result.stdout).group(1)
    )
    assert accuracy >= 95 and agreement >= 80
