"""Property: any mutation of a valid session is refused in one plain sentence or loads a valid state.

Hypothesis mutates random bytes of a real saved session, random fields of its
``session.json`` and random values of its arrays. Each mutated file is opened
by the capped worker (``hostile/runner.py``: 512 MB of address space, 5 s of
CPU per file), never in this process, so a blow-up could not take the test
run with it. A file whose bytes changed but which still loads (a timestamp, a
comment) must load exactly the original state: the archive's checksums
admit nothing else.
"""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.session import save_session
from nnplayground.core.trainer import Trainer

from .hostile.corpus import arrays_members, decode, npz, session
from .hostile.harness import Worker, plainness_problem
from .hostile.runner import TIME_LIMIT

PROPERTY_SETTINGS = settings(
    max_examples=100,
    deadline=timedelta(seconds=3 * TIME_LIMIT),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
FOLDER = Path(tempfile.mkdtemp(prefix="nnplayground-properties-"))


@pytest.fixture(scope="module")
def worker():
    process = Worker()
    yield process
    process.close()


@pytest.fixture(scope="module")
def valid() -> dict:
    trainer = Trainer(ExperimentConfig(optimiser="momentum", learning_rate=0.1, bias=True, test_fraction=0.2))
    trainer.train(60)
    path = FOLDER / "valid.nnpg"
    save_session(path, trainer, custom_data=False)
    data = path.read_bytes()
    document, arrays = decode(data)
    return {"path": path, "bytes": data, "document": document, "arrays": arrays}


def _open(worker: Worker, data: bytes) -> dict:
    path = FOLDER / "mutated.nnpg"
    path.write_bytes(data)
    answer = worker.ask(path, "session")
    assert answer["seconds"] <= TIME_LIMIT, answer
    if answer["outcome"] == "refused":
        problem = plainness_problem(answer["message"], path.name, session=True)
        assert problem is None, f"{problem}: {answer['message']}"
    else:
        assert answer["outcome"] == "loaded", answer["message"]
    return answer


def _leaves(value: object, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list) and value:
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, (*path, index))]
    return [path]


JSON_VALUES = st.one_of(
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, 1, 2, 3, 4, 4096, 2**53, 2**64, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["gd", "adam", "tanh", "relu", "linear", "float32", "mse", "log_loss", "nan", "inf"]),
    st.booleans(),
    st.none(),
    st.lists(st.integers(-3, 300), max_size=4),
)


@PROPERTY_SETTINGS
@given(
    edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=6)
)
def test_mutated_bytes_are_refused_plainly_or_load_the_same_state(worker, valid, edits):
    data = bytearray(valid["bytes"])
    for where, value in edits:
        data[int(where * len(data))] = value
    answer = _open(worker, bytes(data))
    if answer["outcome"] == "loaded":
        assert answer["fingerprint"] == _open(worker, valid["bytes"])["fingerprint"]


@PROPERTY_SETTINGS
@given(data=st.data())
def test_mutated_settings_are_refused_plainly_or_load_a_valid_state(worker, valid, data):
    document = json.loads(json.dumps(valid["document"]))
    leaf = data.draw(st.sampled_from(_leaves(document)))
    value = data.draw(JSON_VALUES)
    target = document
    for key in leaf[:-1]:
        target = target[key]
    target[leaf[-1]] = value
    text = json.dumps(document).encode("utf-8", "surrogatepass")
    _open(worker, session(text, npz(arrays_members(valid["arrays"]))))


@PROPERTY_SETTINGS
@given(data=st.data())
def test_mutated_array_values_are_refused_plainly_or_load_a_valid_state(worker, valid, data):
    arrays = {name: value.copy() for name, value in valid["arrays"].items()}
    name = data.draw(st.sampled_from(sorted(name for name, value in arrays.items() if value.size)))
    flat = arrays[name].reshape(-1)
    index = data.draw(st.integers(0, flat.size - 1))
    flat[index] = data.draw(st.floats(allow_nan=True, allow_infinity=True, width=64))
    _open(worker, session(json.dumps(valid["document"]).encode(), npz(arrays_members(arrays))))


def test_the_valid_session_itself_loads_through_the_worker(worker, valid):
    assert _open(worker, valid["bytes"])["outcome"] == "loaded"
