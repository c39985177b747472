"""The command line against hostile files, bad save paths, stop signals and Ctrl+C during start-up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from nnplayground.core.session import load_session

START_UP_INTERRUPT = """
import importlib.abc, os, runpy, signal, sys

TARGET = sys.argv[1]

class InterruptOnImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == TARGET:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, InterruptOnImport())
sys.argv = ["nnplayground", *sys.argv[2:]]
runpy.run_module("nnplayground", run_name="__main__")
"""


def _run(*arguments: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nnplayground", *arguments], capture_output=True, text=True, timeout=timeout
    )


def test_a_save_path_that_cannot_be_written_is_refused_before_training(tmp_path):
    result = _run(
        "train", "--epochs", "100000000", "--save", str(tmp_path / "missing" / "run.nnpg"), timeout=60
    )
    assert result.returncode == 2
    folder = tmp_path / "missing"
    assert f"cannot save to {folder / 'run.nnpg'}: the folder {folder} does not exist" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_and_save_like_ctrl_c(tmp_path, stop):
    target = tmp_path / "stopped.nnpg"
    process = subprocess.Popen(
        [sys.executable, "-m", "nnplayground", "train", "--epochs", "100000000", "--save", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stderr.readline().startswith(b"training: 5,000/"), "progress shows once training runs"
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + stop
    assert (
        f"by {signal.Signals(stop).name}; saved to {target}".encode() in stderr and b"Traceback" not in stderr
    )
    trainer, _ = load_session(target)
    assert 0 < trainer.epoch < 100_000_000 and trainer.epoch % 5_000 == 0


@pytest.mark.parametrize(
    "module",
    ["numpy", "sklearn", "nnplayground.core.trainer", "nnplayground.core.session", "nnplayground.progress"],
)
def test_ctrl_c_at_any_moment_of_start_up_exits_quietly(module):
    result = subprocess.run(
        [sys.executable, "-c", START_UP_INTERRUPT, module, "train", "--epochs", "10", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip() == "interrupted"


def test_hostile_files_given_to_the_command_are_refused_without_hanging(tmp_path):
    pipe = tmp_path / "pipe.nnpg"
    os.mkfifo(pipe)
    zero = tmp_path / "zero.nnpg"
    zero.symlink_to("/dev/zero")
    csv_pipe = tmp_path / "pipe.csv"
    os.mkfifo(csv_pipe)
    for arguments, message in [
        (("--session", str(pipe)), "error: pipe.nnpg: it is a named pipe, not a file"),
        (("--session", str(zero)), "error: zero.nnpg: it is a link to a device, not a file"),
        (("--csv", str(csv_pipe)), "it is a named pipe, not a file"),
    ]:
        result = _run("train", *arguments, "--epochs", "10", "--quiet", timeout=60)
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_divergence_caused_by_the_data_names_the_data_not_the_learning_rate(tmp_path):
    points = tmp_path / "far.csv"
    points.write_text("x1,x2,label\n1e300,0,0\n-1e300,1,0\n0,1e300,1\n1,-1e300,1\n")
    result = _run("train", "--csv", str(points), "--features", "x1,x2,x1^2", "--epochs", "100", "--quiet")
    assert result.returncode == 3
    assert "the input feature x₁² overflows to infinity on these points" in result.stderr
    assert "lower the learning rate" not in result.stderr
