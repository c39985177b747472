"""Session files (``.nnpg``): a whole experiment, saved and reopened exactly.

A session is a zip archive of two members: ``session.json`` (format name,
schema version, configuration, counters, RNG state) and ``arrays.npz``
(weights, optimiser state, data, history). Files are written to a temporary
file and renamed, so a crash mid-save leaves the previous file intact.

Loading trusts nothing in the file and allocates nothing it has not bounded:
only a regular file of at most ``MAX_FILE_BYTES`` is read (never a pipe or a
device, ``bounded_file``); the archives' directories, methods and sizes are
checked before a member is unpacked (``bounded_zip``); the JSON's size and
depth before it is parsed (``bounded_json``); every field of it against the
schema (``session_schema``); every array's dtype and shape against what the
settings imply before its data is read, then its values (``session_arrays``).
Arrays are never unpickled. Only then is a new ``Trainer`` built, so the
caller's current session is never touched. Every refusal is a
``SessionError`` whose text is one plain sentence beginning with the file's
name: that sentence is what the window and the command line show.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np

from .bounded_file import UnreadableFileError, read_regular
from .bounded_json import JsonRefusalError, parse
from .bounded_zip import ArchiveRefusalError, open_archive, read_member
from .datasets import Dataset
from .files import write_atomically
from .history import COLUMNS, History
from .network import Network
from .session_arrays import ArraysError, check_trainable, read_arrays
from .session_schema import FORMAT_NAME, SCHEMA_VERSION, SchemaError, SessionDocument, read_document
from .trainer import Trainer, TrainingState

SUFFIX = ".nnpg"
MEMBERS = ("session.json", "arrays.npz")
MAX_JSON_BYTES = 1 << 20
MAX_JSON_DEPTH = 8
MAX_ARRAYS_BYTES = 64 << 20
MAX_FILE_BYTES = MAX_ARRAYS_BYTES + MAX_JSON_BYTES + (1 << 20)


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
    """Read a session; returns the trainer and whether its data was imported or drawn (not generated).

    Raises ``SessionError`` (one plain sentence naming the file) for anything but a valid session.
    """
    path = Path(path)
    name = path.name or str(path)
    try:
        document, arrays = _read(path)
        return _build(document, arrays)
    except (UnreadableFileError, ArchiveRefusalError, JsonRefusalError, SchemaError, ArraysError) as error:
        raise SessionError(f"{name}: {error}") from None


def _read(path: Path) -> tuple[SessionDocument, dict[str, np.ndarray]]:
    """The checked document and arrays; the file's bytes are let go as soon as the arrays are unpacked."""
    data = read_regular(path, MAX_FILE_BYTES)
    with open_archive(data, "it", len(MEMBERS)) as bundle:
        names = sorted(info.filename for info in bundle.infolist())
        if names != sorted(MEMBERS):
            raise SchemaError(
                f"it is not an nnplayground session (a session holds exactly {' and '.join(MEMBERS)})"
            )
        text = read_member(bundle, bundle.getinfo("session.json"), "session.json", MAX_JSON_BYTES)
        document = read_document(
            parse(text, "session.json", max_bytes=MAX_JSON_BYTES, max_depth=MAX_JSON_DEPTH)
        )
        arrays_bytes = read_member(bundle, bundle.getinfo("arrays.npz"), "arrays.npz", MAX_ARRAYS_BYTES)
    del data
    return document, read_arrays(arrays_bytes, document, MAX_ARRAYS_BYTES)


def _build(document: SessionDocument, arrays: dict[str, np.ndarray]) -> tuple[Trainer, bool]:
    """A new trainer in the saved state, from values ``_read`` has checked."""
    config = document.config
    data = Dataset(*(arrays[name] for name in ("data/X_train", "data/y_train", "data/X_test", "data/y_test")))
    custom = document.custom_data
    trainer = None if custom else Trainer(config)
    if trainer is not None and not _same_data(trainer.data, data):
        custom = True
    if custom:
        try:
            check_trainable(data.y_train, config.is_regression, config.classes)
        except ArraysError as error:
            raise ArraysError(f"{error} (its points were imported or drawn)") from None
        trainer = Trainer(config, data)
    layers = len(config.hidden_layers) + 1
    network = Network(
        [arrays[f"network/weights/{i}"] for i in range(layers)],
        [arrays[f"network/biases/{i}"] if config.bias else None for i in range(layers)],
        config.hidden_activation,
        config.output_activation,
        perceptron_quirks=config.article_quirks,
    )
    optimiser_state = {
        name[len("optimiser/") :]: value for name, value in arrays.items() if name.startswith("optimiser/")
    }
    trainer.resume(
        TrainingState(document.epoch, network, optimiser_state, document.shuffle_state, document.last_loss)
    )
    trainer.history = _history(document, arrays["history/rows"])
    trainer.divergence = document.divergence
    return trainer, custom


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


def _history(document: SessionDocument, rows: np.ndarray) -> History:
    history = History(document.history_capacity)
    full = np.full((document.history_capacity, len(COLUMNS)), np.nan)
    full[: len(rows)] = rows
    history.restore((document.history_stride, len(rows), full))
    return history
