"""The headless commands, run as a user runs them: in a subprocess, reading what they print."""

import io
import os
import pty
import re
import signal
import subprocess
import sys
from pathlib import Path

from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.core.session import load_session
from nnplayground.core.trainer import Trainer
from nnplayground.progress import ProgressBar


def _run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nnplayground", *arguments], capture_output=True, text=True, timeout=600
    )


def test_reproduce_shows_our_figures_equal_to_the_articles_code():
    result = _run("reproduce", "--epochs", "3000", "--quiet")
    assert result.returncode == 0, result.stderr
    lines = {line.split("  ")[0]: line for line in result.stdout.splitlines()}
    assert "bit-identical" in lines["one hidden layer of 4 (2-4-1)"]
    assert "bit-identical" in lines["perceptron, article-exact"]
    assert "perceptron, corrected σ′" in result.stdout
    assert "Traceback" not in result.stderr


def test_train_prints_the_same_loss_as_the_engine():
    result = _run("train", "--preset", "article-hidden", "--epochs", "2500", "--quiet")
    assert result.returncode == 0, result.stderr
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(2500)
    printed = float(re.search(r"final loss: (\S+)", result.stdout).group(1))
    assert printed == trainer.last_loss


def test_train_reports_divergence_with_its_reason():
    result = _run(
        "train", "--activation", "relu", "--output-activation", "linear", "--loss", "mse", "--lr", "50",
        "--bias", "--init", "he", "--epochs", "1000", "--quiet",
    )  # fmt: skip
    assert result.returncode == 3
    assert "diverged at epoch" in result.stderr and "lower the learning rate" in result.stderr


def test_bad_arguments_give_usage_errors_not_tracebacks(tmp_path):
    garbage = tmp_path / "points.csv"
    garbage.write_text("x1,x2,label\n0,0,0\n1,abc,1\n")
    tiny = tmp_path / "tiny.csv"
    tiny.write_text("x1,x2,label\n0,0,0\n1,0,0\n0,1,1\n1,1,1\n")
    for arguments, message in [
        (("--lr", "-3"), "learning_rate must be a number greater than 0"),
        (("--lr", "fast"), "invalid float value: 'fast'"),
        (("--hidden", "999"), "hidden units must be a whole number from 0 (a perceptron) to 256"),
        (("--hidden", "-3"), "hidden units must be a whole number from 0 (a perceptron) to 256 (got -3)"),
        (("--epochs", "0"), "must be at least 1"),
        (("--layers", "8,x"), "not a comma-separated list"),
        (("--csv", str(garbage)), "line 3: 'abc' is not a number"),
        (("--csv", str(tiny), "--test-fraction", "0.5"), "lower the test ratio or add points"),
    ]:
        result = _run("train", *arguments)
        assert result.returncode == 2, arguments
        assert message in result.stderr, (arguments, result.stderr)
        assert "Traceback" not in result.stderr


def test_a_saved_session_continues_exactly_where_it_stopped(tmp_path):
    first, second = tmp_path / "first.nnpg", tmp_path / "second.nnpg"
    assert _run("train", "--epochs", "1500", "--save", str(first), "--quiet").returncode == 0
    result = _run("train", "--session", str(first), "--epochs", "1000", "--save", str(second), "--quiet")
    assert result.returncode == 0, result.stderr
    uninterrupted = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    uninterrupted.train(2500)
    assert "epochs: 2,500" in result.stdout
    assert float(re.search(r"final loss: (\S+)", result.stdout).group(1)) == uninterrupted.last_loss


def test_ctrl_c_saves_the_last_whole_chunk_and_nothing_half_written(tmp_path):
    target = tmp_path / "interrupted.nnpg"
    process = subprocess.Popen(
        [sys.executable, "-m", "nnplayground", "train", "--epochs", "100000000", "--save", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stderr.readline().startswith(b"training: 5,000/"), "progress shows once training runs"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"interrupted at epoch" in stderr and b"Traceback" not in stderr
    trainer, _ = load_session(target)
    assert 0 < trainer.epoch < 100_000_000 and trainer.epoch % 5_000 == 0


def test_cross_check_prints_sklearns_figures_and_what_differs():
    result = _run("train", "--epochs", "500", "--quiet", "--cross-check")
    assert result.returncode == 0, result.stderr
    assert re.search(r"scikit-learn MLPClassifier, 500 epochs: log-loss \d\.\d+", result.stdout)
    assert "differs: scikit-learn always adds biases" in result.stdout


def test_a_piped_progress_report_is_plain_lines():
    """In a file or a pipe, ``\\r`` redraws would pile up into one line: ``… epochs/straining [###``."""
    result = subprocess.run(
        [sys.executable, "-m", "nnplayground", "train", "--epochs", "20000"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("training: 5,000/20,000 epochs (25%)")
    assert lines[-1].startswith("training: 20,000/20,000 epochs (100%)")


def test_on_a_terminal_the_bar_is_redrawn_in_place():
    leader, follower = pty.openpty()
    with os.fdopen(follower, "w") as terminal:
        bar = ProgressBar("training", 10, stream=terminal)
        bar.update(5)
        bar.update(10)
    written = os.read(leader, 4096).decode()
    os.close(leader)
    assert written.startswith("\rtraining [###############---------------]")
    assert "\rtraining [##############################]" in written and written.endswith("\n")


def test_a_plain_report_keeps_to_one_line_per_tenth():
    stream = io.StringIO()
    bar = ProgressBar("training", 1000, stream=stream)
    for done in range(1, 1001):
        bar.update(done)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11 and lines[-1].startswith("training: 1,000/1,000 epochs (100%)")


def test_hidden_zero_still_means_a_perceptron():
    result = _run("train", "--hidden", "0", "--epochs", "10", "--quiet")
    assert result.returncode == 0, result.stderr


def test_the_ui_benchmark_explains_its_arguments():
    benchmark = Path(__file__).parents[2] / "benchmarks" / "ui.py"
    result = subprocess.run(
        [sys.executable, str(benchmark), "--help"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "seconds per round" in result.stdout and "--load" in result.stdout
    assert "{article,perceptron,large,minibatch,all}" in result.stdout
