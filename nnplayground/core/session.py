"""Session files (``.nnpg``): a whole experiment, saved and reopened exactly.

A session is a zip archive of two members: ``session.json`` (format name,
schema version, configuration, counters, RNG state) and ``arrays.npz``
(weights, optimiser state, data, history). Arrays are read with
``allow_pickle=False`` and every declared size is checked before anything is
allocated, so a hostile file can neither run code nor exhaust memory. Files
are written to a temporary file and renamed, so a crash mid-save leaves the
previous file intact. Loading builds a new ``Trainer`` and only returns it when
everything checked out; the caller's current session is never touched.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from .config import ConfigError, ExperimentConfig
from .datasets import Dataset
from .files import write_atomically
from .history import COLUMNS, History
from .network import Network
from .trainer import Divergence, Trainer, TrainingState

FORMAT_NAME = "nnplayground-session"
SCHEMA_VERSION = 1
SUFFIX = ".nnpg"
MEMBERS = ("session.json", "arrays.npz")
MAX_JSON_BYTES = 1 << 20
MAX_ARRAYS_BYTES = 256 << 20
MAX_ARRAY_COUNT = 256
HEADER_READERS = {
    (1, 0): np.lib.format.read_array_header_1_0,
    (2, 0): np.lib.format.read_array_header_2_0,
}


class SessionError(ValueError):
    """A session file that cannot be loaded; the message says why in plain words."""


def save_session(path: str | Path, trainer: Trainer, *, custom_data: bool) -> None:
    """Write ``trainer`` to ``path`` atomically."""
    state = trainer.state()
    stride, count, rows = trainer.history.state()
    arrays: dict[str, np.ndarray] = {
        "data/X_train": trainer.data.X_train,
        "data/y_train": trainer.data.y_train,
        "data/X_test": trainer.data.X_test,
        "data/y_test": trainer.data.y_test,
        "history/rows": rows[:count],
    }
    for layer, (weights, bias) in enumerate(zip(state.network.weights, state.network.biases)):
        arrays[f"network/weights/{layer}"] = weights
        if bias is not None:
            arrays[f"network/biases/{layer}"] = bias
    for name, value in state.optimiser_state.items():
        arrays[f"optimiser/{name}"] = value
    divergence = trainer.divergence
    document = {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "config": trainer.config.to_dict(),
        "epoch": state.epoch,
        "last_loss": repr(state.last_loss),
        "custom_data": custom_data,
        "shuffle_state": state.shuffle_state,
        "history": {"stride": stride, "capacity": trainer.history.capacity},
        "divergence": None
        if divergence is None
        else {
            "epoch": divergence.epoch,
            "loss": repr(divergence.loss),
            "learning_rate": divergence.learning_rate,
        },
    }
    npz = io.BytesIO()
    np.savez(npz, **{name.replace("/", "."): value for name, value in arrays.items()})
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("session.json", json.dumps(document, indent=1))
        bundle.writestr("arrays.npz", npz.getvalue())
    write_atomically(Path(path), archive.getvalue())


def load_session(path: str | Path) -> tuple[Trainer, bool]:
    """Read a session; returns the trainer and whether its data was imported or drawn (not generated)."""
    document, arrays = _read_archive(Path(path))
    try:
        return _build(document, arrays)
    except SessionError:
        raise
    except (ConfigError, KeyError, TypeError, ValueError) as error:
        raise SessionError(f"the session's contents are inconsistent: {error}") from None


def _read_archive(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    try:
        bundle = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise SessionError(f"{path} does not exist") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise SessionError(
            f"{path.name} is not an nnplayground session (not a readable zip archive: {error})"
        ) from None
    with bundle:
        names = sorted(info.filename for info in bundle.infolist())
        if names != sorted(MEMBERS):
            held = ", ".join(map(repr, names[:5])) or "nothing"
            raise SessionError(
                f"{path.name} is not an nnplayground session "
                f"(it holds {held}; a session holds exactly {' and '.join(MEMBERS)})"
            )
        json_info, arrays_info = bundle.getinfo("session.json"), bundle.getinfo("arrays.npz")
        if json_info.file_size > MAX_JSON_BYTES or arrays_info.file_size > MAX_ARRAYS_BYTES:
            raise SessionError(
                f"{path.name} declares members larger than a session can be; refusing to read it"
            )
        try:
            document = json.loads(bundle.read("session.json").decode("utf-8"))
            arrays_bytes = bundle.read("arrays.npz")
        except (zipfile.BadZipFile, OSError, EOFError, UnicodeDecodeError, ValueError) as error:
            raise SessionError(f"{path.name} is damaged or truncated ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise SessionError(f"{path.name} is not an nnplayground session (wrong format marker)")
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise SessionError(
                f"{path.name} was written by a newer nnplayground (schema {version}); "
                f"this version reads schema {SCHEMA_VERSION}"
            )
        raise SessionError(f"{path.name} has an unknown schema version {version!r}")
    return document, _read_arrays(arrays_bytes, path.name)


def _read_arrays(data: bytes, name: str) -> dict[str, np.ndarray]:
    """Check every array's header (dtype, declared size) before reading any data."""
    try:
        inner = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SessionError(f"{name} is damaged: its arrays are not a valid .npz") from None
    arrays: dict[str, np.ndarray] = {}
    with inner:
        infos = inner.infolist()
        if len(infos) > MAX_ARRAY_COUNT:
            raise SessionError(f"{name} holds {len(infos)} arrays; a session has far fewer")
        total = 0
        for info in infos:
            if not info.filename.endswith(".npy") or "/" in info.filename or "\\" in info.filename:
                raise SessionError(f"{name} holds an unexpected member {info.filename!r}")
            try:
                with inner.open(info) as stream:
                    version = np.lib.format.read_magic(stream)
                    if version not in HEADER_READERS:
                        raise SessionError(
                            f"{name}: array {info.filename!r} has an unknown .npy version {version}"
                        )
                    shape, _, dtype = HEADER_READERS[version](stream)
                    if dtype.hasobject or dtype.kind not in "biuf":
                        raise SessionError(
                            f"{name}: array {info.filename!r} is not numeric; refusing to load it"
                        )
                    size = math.prod(shape) * dtype.itemsize
                    total += size
                    if size > info.file_size or total > MAX_ARRAYS_BYTES:
                        raise SessionError(
                            f"{name}: array {info.filename!r} declares {size:,} bytes, "
                            "more than the file holds"
                        )
                with inner.open(info) as stream:
                    arrays[info.filename[: -len(".npy")].replace(".", "/")] = np.lib.format.read_array(
                        stream, allow_pickle=False
                    )
            except SessionError:
                raise
            except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
                raise SessionError(f"{name}: array {info.filename!r} is damaged ({error})") from None
    return arrays


def _float(text: object) -> float:
    if not isinstance(text, str):
        raise TypeError("a saved loss must be written as text")
    return float(text)


def _build(document: dict[str, Any], arrays: dict[str, np.ndarray]) -> tuple[Trainer, bool]:
    config = ExperimentConfig.from_dict(document["config"])
    data = Dataset(
        _points(arrays["data/X_train"]),
        _labels(arrays["data/y_train"], config.is_regression),
        _points(arrays["data/X_test"]),
        _labels(arrays["data/y_test"], config.is_regression),
    )
    custom = bool(document["custom_data"])
    trainer = Trainer(config, data if custom else None)
    if not custom and not _same_data(trainer.data, data):
        trainer = Trainer(config, data)
        custom = True

    layers = len(config.hidden_layers) + 1
    weights = [np.array(arrays[f"network/weights/{i}"], dtype=config.dtype) for i in range(layers)]
    biases = [
        np.array(arrays[f"network/biases/{i}"], dtype=config.dtype) if config.bias else None
        for i in range(layers)
    ]
    network = Network(
        weights,
        biases,
        config.hidden_activation,
        config.output_activation,
        perceptron_quirks=config.article_quirks,
    )
    optimiser_state = {
        name[len("optimiser/") :]: value for name, value in arrays.items() if name.startswith("optimiser/")
    }
    epoch = document["epoch"]
    if isinstance(epoch, bool) or not isinstance(epoch, int) or epoch < 0:
        raise SessionError("the session's epoch counter is not a whole number")
    state = TrainingState(
        epoch, network, optimiser_state, document["shuffle_state"], _float(document["last_loss"])
    )
    trainer.resume(state)
    trainer.history = _history(document["history"], arrays["history/rows"])
    divergence = document["divergence"]
    if divergence is not None:
        trainer.divergence = Divergence(
            int(divergence["epoch"]), _float(divergence["loss"]), float(divergence["learning_rate"])
        )
    return trainer, custom


def _points(values: np.ndarray) -> np.ndarray:
    if values.ndim != 2 or values.shape[1] != 2 or not np.isfinite(values).all():
        raise SessionError("the saved points are not finite x1,x2 pairs")
    return np.ascontiguousarray(values, dtype=np.float64)


def _labels(values: np.ndarray, regression: bool) -> np.ndarray:
    valid = np.isfinite(values).all() if regression else np.isin(values, (0.0, 1.0)).all()
    if values.ndim != 2 or values.shape[1] != 1 or not valid:
        raise SessionError("the saved labels are not a column of " + ("numbers" if regression else "0/1"))
    return np.ascontiguousarray(values, dtype=np.float64)


def _same_data(a: Dataset, b: Dataset) -> bool:
    return all(
        np.array_equal(x, y)
        for x, y in (
            (a.X_train, b.X_train),
            (a.y_train, b.y_train),
            (a.X_test, b.X_test),
            (a.y_test, b.y_test),
        )
    )


def _history(meta: dict[str, Any], rows: np.ndarray) -> History:
    capacity, stride = int(meta["capacity"]), int(meta["stride"])
    if rows.ndim != 2 or rows.shape[1] != len(COLUMNS) or len(rows) > capacity or stride < 1:
        raise SessionError("the saved history has the wrong shape")
    history = History(capacity)
    full = np.full((capacity, len(COLUMNS)), np.nan)
    full[: len(rows)] = rows
    history.restore((stride, len(rows), full))
    return history
