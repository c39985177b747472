"""Saving: temporary names within the name limit, stale temporaries cleared, read-only files kept."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nnplayground.core.files import check_writable, remove_stale_temporaries, write_atomically
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.core.session import load_session, save_session
from nnplayground.core.trainer import Trainer


def test_a_legal_250_byte_name_can_be_saved(tmp_path):
    path = tmp_path / ("r" * 245 + ".nnpg")
    assert len(path.name) == 250
    save_session(path, Trainer(ARTICLE_ONE_HIDDEN_LAYER), custom_data=False)
    assert load_session(path)[0].epoch == 0
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "no temporary left behind"


def test_the_temporaries_a_killed_save_left_are_removed_by_the_next_save(tmp_path):
    path = tmp_path / "run.nnpg"
    # A save killed with -9 after writing its temporary: the process never got to rename or remove it.
    script = (
        "import os, sys; from pathlib import Path; from nnplayground.core import files; "
        "files.os.replace = lambda *a: os.kill(os.getpid(), 9); "
        "files.write_atomically(Path(sys.argv[1]), b'x' * 1000)"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True)
    assert killed.returncode == -9
    (tmp_path / ".run.nnpg.ab_12cde.tmp").write_bytes(b"left by an older version's save")
    stale = sorted(p.name for p in tmp_path.iterdir())
    assert len(stale) == 2 and all(name.startswith(".run.nnpg.") for name in stale)
    long_path = tmp_path / ("L" * 250 + ".nnpg")
    subprocess.run([sys.executable, "-c", script, str(long_path)], capture_output=True)
    other = tmp_path / ".other.nnpg.abcdefgh.tmp"
    other.write_bytes(b"another file's temporary")
    save_session(path, Trainer(ARTICLE_ONE_HIDDEN_LAYER), custom_data=False)
    save_session(long_path, Trainer(ARTICLE_ONE_HIDDEN_LAYER), custom_data=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([other.name, "run.nnpg", long_path.name])


def test_a_temporary_being_written_is_not_removed(tmp_path):
    path = tmp_path / "run.nnpg"
    script = (
        "import sys, time; from pathlib import Path; from nnplayground.core import files; "
        "files.os.replace = lambda *a: (print('written', flush=True), sys.stdin.readline()); "
        "files.write_atomically(Path(sys.argv[1]), b'x')"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline() == "written\n"
        remove_stale_temporaries(path)
        assert len(list(tmp_path.iterdir())) == 1, "the other process's temporary is still there"
    finally:
        writer.communicate("\n", timeout=60)


def test_a_read_only_file_is_refused_not_replaced(tmp_path):
    path = tmp_path / "kept.nnpg"
    path.write_bytes(b"precious")
    path.chmod(0o444)
    with pytest.raises(PermissionError) as refused:
        write_atomically(path, b"new")
    assert refused.value.strerror == "kept.nnpg is read-only; it was left as it is"
    assert path.read_bytes() == b"precious" and path.stat().st_mode & 0o777 == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["kept.nnpg"]


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/run.nnpg", "the folder .*missing does not exist"),
        ("a-folder", "a-folder is a folder"),
        ("L" * 300 + ".nnpg", "File name too long"),
    ],
)
def test_a_path_that_cannot_be_saved_to_is_found_before_saving(tmp_path, where, message):
    (tmp_path / "a-folder").mkdir()
    with pytest.raises(OSError) as refused:
        check_writable(tmp_path / where)
    assert refused.match(message)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder"], "the probe leaves nothing"


def test_a_writable_path_passes_the_check_and_is_left_as_it_was(tmp_path):
    check_writable(tmp_path / "new.nnpg")
    assert list(tmp_path.iterdir()) == []
