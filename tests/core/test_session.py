"""Session files: exact round trips, atomic writes, and hostile files refused."""

import io
import json
import os
import zipfile

import numpy as np
import pytest

from nnplayground.core import session as session_module
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.datasets import Dataset
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.core.session import SessionError, load_session, save_session
from nnplayground.core.trainer import Trainer

from .hostile.corpus import arrays_members, decode, encode, member_data_span, npz, session

CONFIGS = {
    "article": ARTICLE_ONE_HIDDEN_LAYER,
    "adam-minibatch": ExperimentConfig(
        hidden_layers=(6, 3),
        hidden_activation="tanh",
        bias=True,
        optimiser="adam",
        learning_rate=0.01,
        batch_size=9,
        test_fraction=0.2,
        initialiser="glorot",
    ),
    "momentum": ExperimentConfig(optimiser="momentum", learning_rate=0.1, bias=True),
}


@pytest.mark.parametrize("name", CONFIGS)
def test_continuing_after_load_equals_uninterrupted_training(tmp_path, name):
    config = CONFIGS[name]
    uninterrupted = Trainer(config)
    uninterrupted.train(700)
    first = Trainer(config)
    first.train(300)
    path = tmp_path / "run.nnpg"
    save_session(path, first, custom_data=False)
    loaded, custom = load_session(path)
    assert not custom and loaded.epoch == 300 and loaded.config == config
    assert np.array_equal(loaded.history.arrays().train_loss, first.history.arrays().train_loss)
    loaded.train(400)
    assert loaded.last_loss == uninterrupted.last_loss
    for a, b in zip(loaded.network.weights, uninterrupted.network.weights):
        assert np.array_equal(a, b)
    assert np.array_equal(loaded.history.arrays().train_loss, uninterrupted.history.arrays().train_loss)


def test_imported_data_and_divergence_survive_the_round_trip(tmp_path):
    rng = np.random.RandomState(3)
    X = rng.normal(size=(30, 2))
    y = (X[:, :1] > 0).astype(float)
    trainer = Trainer(
        ExperimentConfig(
            hidden_activation="relu", output_activation="linear", loss="mse", learning_rate=80, bias=True
        ),
        Dataset(X, y, X[:0], y[:0]),
    )
    trainer.train(2_000)
    assert trainer.divergence is not None
    path = tmp_path / "custom.nnpg"
    save_session(path, trainer, custom_data=True)
    loaded, custom = load_session(path)
    assert custom and np.array_equal(loaded.data.X_train, X)
    assert loaded.divergence == trainer.divergence and loaded.epoch == trainer.epoch


def test_a_failed_save_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "keep.nnpg"
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    save_session(path, trainer, custom_data=False)
    before = path.read_bytes()
    trainer.train(100)

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(session_module.np, "savez", crash)
    with pytest.raises(OSError):
        save_session(path, trainer, custom_data=False)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.nnpg"], "no temporary file left behind"


def _archive(json_document=None, arrays: dict | None = None, extra: dict | None = None) -> bytes:
    npz = io.BytesIO()
    np.savez(npz, **(arrays or {}))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        if json_document is not None:
            bundle.writestr("session.json", json.dumps(json_document))
        bundle.writestr("arrays.npz", npz.getvalue())
        for name, content in (extra or {}).items():
            bundle.writestr(name, content)
    return buffer.getvalue()


def _valid_session_bytes(tmp_path) -> bytes:
    path = tmp_path / "valid.nnpg"
    save_session(path, Trainer(ARTICLE_ONE_HIDDEN_LAYER), custom_data=False)
    return path.read_bytes()


def _rewrite_json(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    document = json.loads(source.read("session.json"))
    change(document)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("session.json", json.dumps(document))
        bundle.writestr("arrays.npz", source.read("arrays.npz"))
    return buffer.getvalue()


def _pickled_arrays_archive(valid: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(valid))
    npz = io.BytesIO()
    np.savez(npz, **{"data.X_train": np.array([{"evil": 1}], dtype=object)})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("session.json", source.read("session.json"))
        bundle.writestr("arrays.npz", npz.getvalue())
    return buffer.getvalue()


def _huge_array_archive(valid: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(valid))
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (10**9, 10**3)}
    )
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as arrays:
        arrays.writestr("data.X_train.npy", header.getvalue() + b"\0" * 64)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("session.json", source.read("session.json"))
        bundle.writestr("arrays.npz", inner.getvalue())
    return buffer.getvalue()


BAD_FILES = {
    "random bytes": (
        lambda valid: bytes(np.random.RandomState(0).randint(0, 256, 4096, dtype=np.uint8)),
        "bad.nnpg: it is not a zip archive",
    ),
    "truncated": (lambda valid: valid[: len(valid) // 2], "bad.nnpg: it is not a zip archive"),
    "empty": (lambda valid: b"", "bad.nnpg: it is not a zip archive"),
    "foreign zip": (lambda valid: _archive(extra={"readme.txt": "hi"}), "not an nnplayground session"),
    "path traversal": (
        lambda valid: _archive({"format": "nnplayground-session"}, extra={"../../evil.sh": "rm -rf /"}),
        "bad.nnpg: it declares 3 entries; at most 2 are expected",
    ),
    "wrong marker": (lambda valid: _archive({"format": "something-else"}), "lack the session format marker"),
    "newer schema": (
        lambda valid: _rewrite_json(valid, lambda d: d.update(schema_version=99)),
        "written by a newer nnplayground \\(schema 99\\)",
    ),
    "bad config": (
        lambda valid: _rewrite_json(valid, lambda d: d["config"].update(learning_rate=-5)),
        "learning_rate must be a number greater than 0",
    ),
    "pickled arrays": (_pickled_arrays_archive, "the training points are not numbers; refusing to load them"),
    "huge declared array": (
        _huge_array_archive,
        "the training points must have the shape n×2, not 1,000,000,000×1,000",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_session_files_are_refused_with_a_clear_message(tmp_path, case):
    make, message = BAD_FILES[case]
    path = tmp_path / "bad.nnpg"
    path.write_bytes(make(_valid_session_bytes(tmp_path)))
    with pytest.raises(SessionError, match=message):
        load_session(path)


def test_saved_files_get_ordinary_permissions(tmp_path):
    path = tmp_path / "shared.nnpg"
    save_session(path, Trainer(ARTICLE_ONE_HIDDEN_LAYER), custom_data=False)
    assert path.stat().st_mode & 0o044, "readable by others, as any file the user saves"


def _momentum_session(tmp_path) -> tuple[dict, dict]:
    trainer = Trainer(ExperimentConfig(optimiser="momentum", learning_rate=0.1))
    trainer.train(20)
    path = tmp_path / "run.nnpg"
    save_session(path, trainer, custom_data=False)
    return decode(path.read_bytes())


def test_a_flipped_bit_is_refused_as_damage_not_a_zlib_traceback(tmp_path):
    data = bytearray(_valid_session_bytes(tmp_path))
    begin, end = member_data_span(bytes(data), 1)
    data[(begin + end) // 2] ^= 0x04
    path = tmp_path / "run.nnpg"
    path.write_bytes(bytes(data))
    with pytest.raises(SessionError, match=r"^run\.nnpg: arrays\.npz is damaged"):
        load_session(path)


def test_optimiser_state_that_does_not_match_the_network_is_named(tmp_path):
    document, arrays = _momentum_session(tmp_path)
    del arrays["optimiser/velocity/1"]
    path = tmp_path / "run.nnpg"
    path.write_bytes(encode(document, arrays))
    with pytest.raises(
        SessionError, match=r"^run\.nnpg: the momentum velocity has 1 array but the network has 2"
    ):
        load_session(path)


def test_a_huge_history_capacity_is_refused_before_it_is_allocated(tmp_path):
    document, arrays = _momentum_session(tmp_path)
    document["history"]["capacity"] = 10**10
    path = tmp_path / "run.nnpg"
    path.write_bytes(encode(document, arrays))
    with pytest.raises(SessionError, match="the history's capacity must be a whole number from 4 to 65,536"):
        load_session(path)


def test_a_named_pipe_is_refused_at_once(tmp_path):
    pipe = tmp_path / "run.nnpg"
    os.mkfifo(pipe)
    with pytest.raises(SessionError, match=r"^run\.nnpg: it is a named pipe, not a file$"):
        load_session(pipe)


def test_a_valid_session_zipped_differently_loads_bit_identically(tmp_path):
    document, arrays = _momentum_session(tmp_path)
    original, _ = load_session(tmp_path / "run.nnpg")
    restored = tmp_path / "stored.nnpg"
    restored.write_bytes(
        session(json.dumps(document).encode(), npz(arrays_members(arrays)), zipfile.ZIP_STORED)
    )
    loaded, _ = load_session(restored)
    for a, b in zip(loaded.network.weights, original.network.weights):
        assert np.array_equal(a, b)
    assert loaded.optimiser.state().keys() == original.optimiser.state().keys()
    loaded.train(10)
    original.train(10)
    assert loaded.last_loss == original.last_loss
