"""A corpus of damaged, foreign and malicious session files and CSVs, built from real saved sessions.

``build_session_cases(folder)`` saves a few real sessions (the article's run,
momentum with biases and a test split, Adam on imported points, a
regression), then writes one file per case into ``folder``: every field of
``session.json`` corrupted in type, range and consistency; every array in
dtype, shape and value; the zip archives damaged (flipped bits, cut short,
foreign methods, encryption flags, lying sizes, bombs); and files that are not
files (pipes, devices, links to them, sparse giants). Bombs stay small on
disk: a deflate bomb of 300 MB is 300 kB, a sparse file takes no blocks.
``build_csv_cases`` does the same for CSV imports.

Each case says what must happen: ``refuse`` (a plain sentence), ``same``
(loads, with exactly the base session's state), ``valid`` (loads a valid,
possibly different state) or ``either`` (refused plainly, or loaded the same).
The window's tests can feed the same cases through File ▸ Open / Import.
"""

from __future__ import annotations

import bz2
import copy
import io
import json
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.datasets import Dataset
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, THREE_BLOBS
from nnplayground.core.session import save_session
from nnplayground.core.trainer import Trainer

RAW = "__raw__:"  # a JSON string "__raw__:TEXT" is written as TEXT itself (1e400, NaN, a 400-digit number)


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    expect: str  # refuse | same | valid | either
    base: str = ""  # the base session a ``same``/``either`` load must equal
    contains: str = ""  # a phrase the refusal must hold


def base_trainers() -> dict[str, tuple[Trainer, bool]]:
    """The real sessions the corpus is built from: each optimiser, biases, a test split, imported data."""
    article = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    article.train(300)
    momentum = Trainer(
        ExperimentConfig(
            optimiser="momentum", learning_rate=0.1, bias=True, hidden_layers=(3, 2), test_fraction=0.2
        )
    )
    momentum.train(200)
    rng = np.random.RandomState(5)
    X = rng.normal(size=(60, 2))
    y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    adam = Trainer(
        ExperimentConfig(
            optimiser="adam", learning_rate=0.01, bias=True, batch_size=16, initialiser="glorot"
        ),
        Dataset(X[:48], y[:48], X[48:], y[48:]),
    )
    adam.train(100)
    regression = Trainer(
        ExperimentConfig(
            problem="regression", dataset="plane", loss="mse", output_activation="linear", learning_rate=0.05
        )
    )
    regression.train(50)
    return {
        "article": (article, False),
        "momentum": (momentum, False),
        "adam": (adam, True),
        "regression": (regression, False),
    }


def decode(data: bytes) -> tuple[dict, dict[str, np.ndarray]]:
    """A session we wrote ourselves, back into its document and arrays (trusted: only for the corpus)."""
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        document = json.loads(bundle.read("session.json"))
        with np.load(io.BytesIO(bundle.read("arrays.npz"))) as npz:
            arrays = {name.replace(".", "/"): npz[name] for name in npz.files}
    return document, arrays


def npy(array: np.ndarray, header: str | None = None, version: tuple[int, int] = (1, 0)) -> bytes:
    """An ``.npy`` member; ``header`` replaces the header text (to declare what the data is not)."""
    if header is None:
        stream = io.BytesIO()
        np.lib.format.write_array(stream, np.asanyarray(array), allow_pickle=True)
        return stream.getvalue()
    text = header.encode("latin1")
    text += b" " * (63 - (len(text) + 10) % 64) + b"\n"
    return b"\x93NUMPY" + bytes(version) + struct.pack("<H", len(text)) + text + array.tobytes()


def npz(members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def arrays_members(arrays: dict[str, np.ndarray]) -> dict[str, bytes]:
    return {name.replace("/", ".") + ".npy": npy(value) for name, value in arrays.items()}


def document_text(document: object) -> bytes:
    text = json.dumps(document, indent=1)
    while f'"{RAW}' in text:
        start = text.index(f'"{RAW}')
        end = text.index('"', start + 1)
        text = text[:start] + text[start + len(RAW) + 1 : end] + text[end + 1 :]
    return text.encode("utf-8", "surrogatepass")


def session(json_bytes: bytes, arrays_bytes: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as bundle:
        bundle.writestr("session.json", json_bytes)
        bundle.writestr("arrays.npz", arrays_bytes)
    return buffer.getvalue()


def encode(document: object, arrays: dict[str, np.ndarray]) -> bytes:
    return session(document_text(document), npz(arrays_members(arrays)))


def directory_entries(data: bytes) -> list[int]:
    """Offsets of the central-directory entries."""
    offsets, start = [], 0
    while (found := data.find(b"PK\x01\x02", start)) >= 0:
        offsets.append(found)
        start = found + 4
    return offsets


def local_headers(data: bytes) -> list[int]:
    offsets, start = [], 0
    while (found := data.find(b"PK\x03\x04", start)) >= 0:
        offsets.append(found)
        start = found + 4
    return offsets


def patch(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    return data[:offset] + struct.pack(fmt, value) + data[offset + struct.calcsize(fmt) :]


def set_member_field(
    data: bytes, member: int, central: int, local: int | None, fmt: str, value: int
) -> bytes:
    """Change one field of member ``member`` in the central directory (and its local header if given)."""
    data = patch(data, directory_entries(data)[member] + central, fmt, value)
    if local is not None:
        data = patch(data, local_headers(data)[member] + local, fmt, value)
    return data


def member_data_span(data: bytes, member: int) -> tuple[int, int]:
    """Where member ``member``'s compressed bytes lie."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.infolist()[member]
    start = info.header_offset
    name_length, extra_length = struct.unpack("<HH", data[start + 26 : start + 30])
    begin = start + 30 + name_length + extra_length
    return begin, begin + info.compress_size


def raw_member(name: str, payload: bytes, method: int, declared_size: int, crc: int | None = None) -> bytes:
    """A one-member zip written by hand, so its method and sizes can lie."""
    name_bytes = name.encode()
    crc = zlib.crc32(payload) if crc is None else crc
    local = struct.pack(
        "<4sHHHHHIIIHH",
        b"PK\x03\x04",
        20,
        0,
        method,
        0,
        0x21,
        crc,
        len(payload),
        declared_size,
        len(name_bytes),
        0,
    )
    central = struct.pack(
        "<4sHHHHHHIIIHHHHHII",
        b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(payload), declared_size, len(name_bytes),
        0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    body = local + name_bytes + payload
    directory = central + name_bytes
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def two_member_raw(json_bytes: bytes, arrays_member: bytes) -> bytes:
    """A session whose ``arrays.npz`` member is the hand-written one-member zip's entry, copied over."""
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("session.json", json_bytes)
    first = outer.getvalue()
    end = first.rfind(b"PK\x05\x06")
    directory_start = struct.unpack("<I", first[end + 16 : end + 20])[0]
    body, directory = first[:directory_start], first[directory_start:end]
    member_end = arrays_member.rfind(b"PK\x05\x06")
    member_directory_start = struct.unpack("<I", arrays_member[member_end + 16 : member_end + 20])[0]
    member_body = arrays_member[:member_directory_start]
    member_directory = bytearray(arrays_member[member_directory_start:member_end])
    member_directory[42:46] = struct.pack("<I", len(body))
    directory += bytes(member_directory)
    end_record = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, 2, 2, len(directory), len(body) + len(member_body), 0
    )
    return body + member_body + directory + end_record


def deflated(size: int) -> bytes:
    """``size`` zero bytes, raw-deflated in chunks (a bomb of ``size`` bytes at about 1/1000 of it)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1 << 20)
    parts = [compressor.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(parts) + compressor.flush()


class Builder:
    """Writes cases into a folder and collects them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.cases: list[Case] = []

    def add(
        self, name: str, data: bytes, expect: str, base: str = "", contains: str = "", suffix: str = ".nnpg"
    ) -> None:
        path = self.folder / f"{len(self.cases):03d}-{_slug(name)}{suffix}"
        path.write_bytes(data)
        self.cases.append(Case(name, path, expect, base, contains))

    def add_path(self, name: str, path: Path, expect: str, base: str = "", contains: str = "") -> None:
        self.cases.append(Case(name, path, expect, base, contains))

    def json_case(
        self,
        base: str,
        name: str,
        document: dict,
        arrays: dict,
        change: Callable[[dict], None],
        expect: str = "refuse",
        contains: str = "",
    ) -> None:
        changed = copy.deepcopy(document)
        change(changed)
        self.add(f"{base}: {name}", encode(changed, arrays), expect, base, contains)

    def arrays_case(
        self,
        base: str,
        name: str,
        document: dict,
        arrays: dict,
        change: Callable[[dict], None],
        expect: str = "refuse",
        contains: str = "",
    ) -> None:
        changed = {key: value.copy() for key, value in arrays.items()}
        change(changed)
        self.add(f"{base}: {name}", encode(document, changed), expect, base, contains)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text)[:60]


WRONG_TYPES = {
    "text": "five",
    "list": [1, 2],
    "group": {"a": 1},
    "null": None,
    "true": True,
    "fraction": 1.5,
    "negative": -1,
    "400 digits": RAW + "1" + "0" * 400,
    "5000 digits": RAW + "9" * 5000,
    "NaN": RAW + "NaN",
    "Infinity": RAW + "Infinity",
    "1e400": RAW + "1e400",
}
CONFIG_WRONG = {
    "str": ["text-but-unknown", 7, None, [], "x" * 5000, "\ud800"],
    "int": ["5", 2.5, True, None, RAW + "1" + "0" * 400, -5],
    "float": ["0.5", None, True, RAW + "NaN", RAW + "1e400", -1e9],
    "bool": ["yes", 1, None],
    "int | None": ["3", 2.5, True, -1],
    "tuple[str, ...]": ["x1", [], ["x1", "x1"], [["x1"]], ["x1", 3], ["nope"]],
    "tuple[int, ...]": ["4", [0], [4.5], [10**6], [4] * 50, [True]],
}


def build_session_cases(folder: Path) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    build = Builder(folder)
    bases = {}
    for name, (trainer, custom) in base_trainers().items():
        path = folder / f"base-{name}.nnpg"
        save_session(path, trainer, custom_data=custom)
        bases[name] = path.read_bytes()
        build.add_path(f"{name}: the saved session itself", path, "same", name)
    _file_cases(build, bases["article"])
    _class_cases(build, bases["article"])
    for name, data in bases.items():
        document, arrays = decode(data)
        _zip_cases(build, name, data, document, arrays)
        _json_cases(build, name, document, arrays)
        with np.errstate(all="ignore"):  # casting a history's NaN to integers is the point
            _array_cases(build, name, document, arrays)
    return build.cases


ONE_OF_CLASS_TWO = np.array([[0.0], [0], [1], [1], [2]])


def _class_cases(build: Builder, article: bytes) -> None:
    """Sessions of three classes, and class counts and labels that do not fit together."""
    trainer = Trainer(THREE_BLOBS.replace(n_samples=60, hidden_layers=(3,)))
    trainer.train(20)
    path = build.folder / "base-three-classes.nnpg"
    save_session(path, trainer, custom_data=False)
    build.add_path("three-classes: the saved session itself", path, "same", "three-classes")
    document, arrays = decode(path.read_bytes())
    base = "three-classes"
    custom = dict(document, custom_data=True)
    old, article_arrays = decode(article)
    build.json_case(
        "article", "no classes (saved before there were more)", old, article_arrays,
        lambda d: d["config"].pop("classes"), "same",
    )  # fmt: skip
    build.json_case(
        "article", "classes 3 on moons", old, article_arrays, lambda d: d["config"].update(classes=3)
    )
    build.json_case(
        base, "classes 7", document, arrays, lambda d: d["config"].update(classes=7), contains="from 2 to 6"
    )
    for classes in (2, 4):
        build.json_case(
            base, f"classes {classes} with 3 output units", document, arrays,
            lambda d, k=classes: d["config"].update(classes=k), contains="shape",
        )  # fmt: skip
    build.arrays_case(
        base, "a label of 3", document, arrays,
        lambda a: a["data/y_train"].__setitem__(0, 3.0), contains="0 to 2",
    )  # fmt: skip
    build.arrays_case(
        base, "a label of 1.5", document, arrays,
        lambda a: a["data/y_train"].__setitem__(0, 1.5), contains="0 to 2",
    )  # fmt: skip
    build.arrays_case(
        base, "imported points with one of class 2", custom, arrays,
        lambda a: a.update({"data/X_train": a["data/X_train"][:5], "data/y_train": ONE_OF_CLASS_TWO}),
        contains="class 2",
    )  # fmt: skip


def _file_cases(build: Builder, valid: bytes) -> None:
    folder = build.folder
    build.add_path("a path that does not exist", folder / "missing.nnpg", "refuse", contains="does not exist")
    (folder / "a-folder.nnpg").mkdir(exist_ok=True)
    build.add_path("a folder", folder / "a-folder.nnpg", "refuse", contains="folder")
    fifo = folder / "pipe.nnpg"
    os.mkfifo(fifo)
    build.add_path("a named pipe", fifo, "refuse", contains="named pipe")
    (folder / "link-to-pipe.nnpg").symlink_to(fifo)
    build.add_path(
        "a link to a named pipe", folder / "link-to-pipe.nnpg", "refuse", contains="link to a named pipe"
    )
    for device in ("/dev/zero", "/dev/urandom", "/dev/null"):
        link = folder / f"link-to-{Path(device).name}.nnpg"
        link.symlink_to(device)
        build.add_path(f"a link to {device}", link, "refuse", contains="device")
    for size, label in ((4 << 30, "4 GiB"), (100 << 20, "100 MiB")):
        sparse = folder / f"sparse-{size}.nnpg"
        with open(sparse, "wb") as stream:
            stream.write(valid)
            stream.truncate(size)
        build.add_path(f"a sparse file of {label}", sparse, "refuse", contains="the limit is")
    link = folder / "link-to-valid.nnpg"
    link.symlink_to(build.cases[0].path)
    build.add_path("a link to a valid session", link, "same", "article")
    build.add("empty", b"", "refuse")
    build.add("random bytes", np.random.RandomState(1).bytes(4096), "refuse")
    build.add("a text file", b"x1,x2,label\n0,0,0\n", "refuse")
    build.add("a foreign zip", npz({"readme.txt": b"hello"}), "refuse")
    build.add("an empty zip", npz({}), "refuse")


def _zip_cases(build: Builder, base: str, data: bytes, document: dict, arrays: dict) -> None:
    json_bytes = document_text(document)
    arrays_bytes = npz(arrays_members(arrays))
    add = build.add
    for member in (0, 1):
        begin, end = member_data_span(data, member)
        for fraction in (0.0, 0.3, 0.6, 0.97):
            position = begin + int((end - begin - 1) * fraction)
            flipped = bytearray(data)
            flipped[position] ^= 1 << (position % 8)
            add(
                f"{base}: one bit flipped in member {member} at {fraction:.0%}",
                bytes(flipped),
                "either",
                base,
            )
    for fraction in (0.1, 0.5, 0.9, 0.999):
        add(f"{base}: cut short at {fraction:.1%}", data[: int(len(data) * fraction)], "refuse")
    if base != "article":
        return
    for method in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA, 9, 99, 77):
        for member in (0, 1):
            add(
                f"method {method} on member {member}",
                set_member_field(data, member, 10, 8, "<H", method),
                "refuse",
            )
    for member in (0, 1):
        add(
            f"encrypted flag on member {member}",
            set_member_field(data, member, 8, 6, "<H", 1),
            "refuse",
            contains="encrypted",
        )
        add(
            f"declared size 4 GiB on member {member}",
            set_member_field(data, member, 24, 22, "<I", 0xFFFFFFF0),
            "refuse",
        )
        add(
            f"declared size 10 bytes on member {member}",
            set_member_field(data, member, 24, 22, "<I", 10),
            "refuse",
        )
        add(
            f"compressed size lies on member {member}",
            set_member_field(data, member, 20, 18, "<I", 0x7FFFFFFF),
            "either",
            base,
        )
        add(
            f"local header offset lies on member {member}",
            set_member_field(data, member, 42, None, "<I", 10**9),
            "refuse",
        )
    bomb = deflated(300 << 20)
    add(
        "deflate bomb: 300 MB declared",
        two_member_raw(json_bytes, raw_member("arrays.npz", bomb, 8, 300 << 20, crc=0)),
        "refuse",
    )
    add(
        "deflate bomb: 300 MB declared as 1 kB",
        two_member_raw(json_bytes, raw_member("arrays.npz", bomb, 8, 1024, crc=0)),
        "refuse",
    )
    add(
        "deflate bomb: 300 MB declared as the real npz size",
        two_member_raw(json_bytes, raw_member("arrays.npz", bomb, 8, len(arrays_bytes), crc=0)),
        "refuse",
    )
    bzip = bz2.compress(bytes(20 << 20))
    add(
        "bzip2 bomb: 20 MB declared as 200 kB",
        two_member_raw(json_bytes, raw_member("arrays.npz", bzip, 12, 200_000)),
        "refuse",
    )
    add(
        "stored member with lying sizes",
        two_member_raw(json_bytes, raw_member("arrays.npz", arrays_bytes, 0, len(arrays_bytes) + 5000)),
        "refuse",
    )
    add(
        "a third member",
        npz({"session.json": json_bytes, "arrays.npz": arrays_bytes, "x.txt": b"x"}),
        "refuse",
    )
    add("session.json missing", npz({"arrays.npz": arrays_bytes}), "refuse")
    add("arrays.npz missing", npz({"session.json": json_bytes}), "refuse")
    add(
        "path traversal member", npz({"session.json": json_bytes, "../../arrays.npz": arrays_bytes}), "refuse"
    )
    twice = npz({"session.json": json_bytes, "session.jsoX": json_bytes})
    add("session.json twice", twice.replace(b"session.jsoX", b"session.json"), "refuse")
    end = data.rfind(b"PK\x05\x06")
    add(
        "end record claims 65535 entries",
        patch(patch(data, end + 8, "<H", 0xFFFF), end + 10, "<H", 0xFFFF),
        "refuse",
    )
    add("end record claims a 4 GiB directory", patch(data, end + 12, "<I", 0xFFFFFFF0), "refuse")
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, 0, 1)
    add("a Zip64 locator before the end record", data[:end] + locator + data[end:], "refuse")
    add("a comment after the end record", data[:-2] + struct.pack("<H", 7) + b"comment", "same", base)
    add("re-zipped without compression", session(json_bytes, arrays_bytes, zipfile.ZIP_STORED), "same", base)
    add(
        "members in the other order",
        npz({"arrays.npz": arrays_bytes, "session.json": json_bytes}, zipfile.ZIP_DEFLATED),
        "same",
        base,
    )
    add(
        "arrays compressed (savez_compressed)",
        session(json_bytes, npz(arrays_members(arrays), zipfile.ZIP_DEFLATED)),
        "same",
        base,
    )
    add("junk before the archive", b"#!/bin/sh\nexit 0\n" + data, "either", base)
    inner_members = arrays_members(arrays)
    first_inner = next(iter(inner_members))
    for method in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA, 9, 99):
        inner = set_member_field(npz(inner_members), 0, 10, 8, "<H", method)
        add(f"inner array member with method {method}", session(json_bytes, inner), "refuse")
    add(
        "inner array member flagged encrypted",
        session(json_bytes, set_member_field(npz(inner_members), 0, 8, 6, "<H", 1)),
        "refuse",
        contains="encrypted",
    )
    inner = bytearray(npz(inner_members))
    begin, stop = member_data_span(bytes(inner), 0)
    inner[stop - 3] ^= 0x10
    add("inner array member with a flipped bit", session(json_bytes, bytes(inner)), "refuse")
    add(
        "inner archive with 300 members",
        session(json_bytes, npz({**inner_members, **{f"x{i}.npy": b"" for i in range(300)}})),
        "refuse",
    )
    add("inner archive that is not a zip", session(json_bytes, b"not a zip at all" * 10), "refuse")
    add("inner archive cut short", session(json_bytes, npz(inner_members)[:-30]), "refuse")
    add(
        "inner member declared 4 GiB",
        session(json_bytes, set_member_field(npz(inner_members), 0, 24, 22, "<I", 0xFFFFFFF0)),
        "refuse",
    )
    add("inner deflate bomb", session(json_bytes, raw_member(first_inner, bomb, 8, 300 << 20)), "refuse")


def _json_cases(build: Builder, base: str, document: dict, arrays: dict) -> None:
    case = build.json_case
    for key in document:
        case(base, f"no {key}", document, arrays, lambda d, k=key: d.pop(k))
    if base == "article":
        for key in document:
            for label, value in WRONG_TYPES.items():
                if key == "divergence" and value is None:
                    continue
                expect = "valid" if key == "custom_data" and value is True else "refuse"
                case(
                    base,
                    f"{key} = {label}",
                    document,
                    arrays,
                    lambda d, k=key, v=value: d.update({k: v}),
                    expect,
                )
        config_kinds = {
            "problem": "str", "dataset": "str", "n_samples": "int", "noise": "float", "data_seed": "int",
            "test_fraction": "float", "input_features": "tuple[str, ...]", "hidden_layers": "tuple[int, ...]",
            "hidden_activation": "str", "output_activation": "str", "bias": "bool", "initialiser": "str",
            "weight_seed": "int | None", "learning_rate": "float", "loss": "str", "optimiser": "str",
            "batch_size": "int", "momentum": "float", "l1": "float", "l2": "float", "article_quirks": "bool",
            "dtype": "str", "classes": "int",
        }  # fmt: skip
        for field, kind in config_kinds.items():
            for index, value in enumerate(CONFIG_WRONG[kind]):
                case(
                    base,
                    f"config {field} wrong #{index}",
                    document,
                    arrays,
                    lambda d, f=field, v=value: d["config"].update({f: v}),
                )
        case(base, "config with an unknown key", document, arrays, lambda d: d["config"].update(evil=1))
        case(base, "config not a group", document, arrays, lambda d: d.update(config=[1, 2]))
        case(base, "a field this version does not know", document, arrays, lambda d: d.update(extra=1))
        case(base, "not an object", document, arrays, lambda d: (d.clear(), d.update(format="x")))
        case(base, "newer schema", document, arrays, lambda d: d.update(schema_version=99), contains="newer")
        case(base, "schema as text", document, arrays, lambda d: d.update(schema_version="1"))
        case(
            base,
            "shuffle state negative",
            document,
            arrays,
            lambda d: d["shuffle_state"]["state"].update(state=-1),
        )
        case(
            base,
            "shuffle state 2^200",
            document,
            arrays,
            lambda d: d["shuffle_state"]["state"].update(state=2**200),
        )
        case(
            base,
            "shuffle increment 2^200",
            document,
            arrays,
            lambda d: d["shuffle_state"]["state"].update(inc=2**200),
        )
        case(
            base,
            "shuffle has_uint32 = 2",
            document,
            arrays,
            lambda d: d["shuffle_state"].update(has_uint32=2),
        )
        case(
            base, "shuffle uinteger = -1", document, arrays, lambda d: d["shuffle_state"].update(uinteger=-1)
        )
        case(
            base,
            "shuffle generator MT19937",
            document,
            arrays,
            lambda d: d["shuffle_state"].update(bit_generator="MT19937"),
        )
        case(
            base,
            "shuffle state lacks its increment",
            document,
            arrays,
            lambda d: d["shuffle_state"]["state"].pop("inc"),
        )
        for label, value in (
            ("inf", RAW + "Infinity"),
            ("3e7 as a float", 3e7),
            ("3e7", 30_000_000),
            ("1e10", 10**10),
            ("odd", 4097),
            ("2", 2),
            ("400 digits", RAW + "1" + "0" * 400),
        ):
            case(
                base,
                f"history capacity {label}",
                document,
                arrays,
                lambda d, v=value: d["history"].update(capacity=v),
            )
        for label, value in (
            ("400 digits", RAW + "1" + "0" * 400),
            ("0", 0),
            ("3", 3),
            ("-2", -2),
            ("2^60", 2**60),
        ):
            case(
                base,
                f"history stride {label}",
                document,
                arrays,
                lambda d, v=value: d["history"].update(stride=v),
            )
        case(
            base, "history layout with an extra key", document, arrays, lambda d: d["history"].update(rows=5)
        )
        for label, value in (("1e400", "1e400"), ("nan", "nan")):
            case(
                base,
                f"last loss {label}",
                document,
                arrays,
                lambda d, v=value: d.update(last_loss=v),
                "valid",
            )
        for label, value in (
            ("text", "abc"),
            ("negative", "-1.0"),
            ("empty", ""),
            ("a number", 5.0),
            ("python code", "__import__('os')"),
        ):
            case(base, f"last loss {label}", document, arrays, lambda d, v=value: d.update(last_loss=v))
        divergence = {"epoch": document["epoch"] + 1, "loss": "nan", "learning_rate": 0.5}
        case(
            base,
            "a divergence record",
            document,
            arrays,
            lambda d: d.update(divergence=dict(divergence)),
            "valid",
        )
        for label, change in (
            ("epoch of 400 digits", {"epoch": RAW + "1" + "0" * 400}),
            ("epoch far ahead", {"epoch": 10**9}),
            ("finite loss", {"loss": "1.5"}),
            ("negative learning rate", {"learning_rate": -0.5}),
            ("learning rate as text", {"learning_rate": "0.5"}),
        ):
            case(
                base,
                f"divergence {label}",
                document,
                arrays,
                lambda d, c=change: d.update(divergence={**divergence, **c}),
            )
        case(
            base,
            "divergence lacks its loss",
            document,
            arrays,
            lambda d: d.update(divergence={"epoch": 1, "learning_rate": 0.5}),
        )
        case(base, "epoch 2^53 + 1", document, arrays, lambda d: d.update(epoch=2**53 + 1))
        case(base, "epoch behind the history", document, arrays, lambda d: d.update(epoch=3))
        case(
            base,
            "custom data flag set on generated points",
            document,
            arrays,
            lambda d: d.update(custom_data=True),
            "valid",
        )
        arrays_bytes = npz(arrays_members(arrays))
        text = document_text(document)
        add = build.add
        add(
            "session.json nested 100 000 levels",
            session(b"[" * 100_000 + b"]" * 100_000, arrays_bytes),
            "refuse",
        )
        add(
            "session.json config nested 50 levels",
            session(
                text.replace(b'"config": {', b'"deep": ' + b"[" * 50 + b"]" * 50 + b', "config": {'),
                arrays_bytes,
            ),
            "refuse",
        )
        add(
            "session.json not UTF-8",
            session(text.replace(b'"moons"', b'"m\xe9ons"'), arrays_bytes),
            "refuse",
            contains="UTF-8",
        )
        add(
            "session.json with a lone surrogate",
            session(text.replace(b'"moons"', b'"\\ud800"'), arrays_bytes),
            "refuse",
        )
        add("session.json of 2 MB", session(text + b" " * (2 << 20), arrays_bytes), "refuse")
        add("session.json cut short", session(text[:-40], arrays_bytes), "refuse", contains="not valid JSON")
        add("session.json empty", session(b"", arrays_bytes), "refuse")
        add("session.json a list", session(b"[1, 2]", arrays_bytes), "refuse")
        add("session.json with comments", session(b"// hi\n" + text, arrays_bytes), "refuse")
        add(
            "session.json with reordered keys and no indent",
            session(json.dumps(dict(reversed(list(document.items())))).encode(), arrays_bytes),
            "same",
            base,
        )


def _array_cases(build: Builder, base: str, document: dict, arrays: dict) -> None:
    case = build.arrays_case
    optional = {name for name in arrays if name.startswith("optimiser/") and name != "optimiser/steps"}
    for name in arrays:
        expect = "refuse"
        if name in optional and sum(1 for n in optional if n.split("/")[1] == name.split("/")[1]) == 1:
            expect = "valid"
        case(base, f"no {name}", document, arrays, lambda a, n=name: a.pop(n), expect)
    case(base, "an extra array", document, arrays, lambda a: a.update({"evil/array": np.zeros(3)}))
    if base in ("article", "adam"):
        for name, value in arrays.items():
            for label, converted in (
                ("int64", value.astype(np.int64)),
                ("float32", value.astype(np.float32)),
                ("complex", value.astype(np.complex128)),
                ("bool", value.astype(bool)),
                ("text", value.astype("U8")),
                ("object", value.astype(object)),
            ):
                if converted.dtype == value.dtype or (name == "optimiser/steps" and label == "int64"):
                    continue
                if name == "optimiser/steps" and label != "object":
                    expect = "refuse" if label in ("complex", "text", "float32") else "either"
                else:
                    expect = "refuse"
                case(
                    base,
                    f"{name} as {label}",
                    document,
                    arrays,
                    lambda a, n=name, c=converted: a.update({n: c}),
                    expect,
                )
            if value.ndim == 2 and value.shape[0] != value.shape[1] and value.size:
                case(
                    base,
                    f"{name} transposed",
                    document,
                    arrays,
                    lambda a, n=name: a.update({n: a[n].T.copy()}),
                )
            case(
                base,
                f"{name} with an extra dimension",
                document,
                arrays,
                lambda a, n=name: a.update({n: a[n][None]}),
            )
            if value.ndim and value.size and value.dtype.kind == "f":
                for label, bad in (("NaN", np.nan), ("inf", np.inf), ("-inf", -np.inf)):
                    flat = value.copy().reshape(-1)
                    flat[0] = bad
                    spoiled = flat.reshape(value.shape)
                    case(
                        base,
                        f"{name} holding {label}",
                        document,
                        arrays,
                        lambda a, n=name, s=spoiled: a.update({n: s}),
                    )
            if value.dtype.kind == "f" and value.ndim:
                case(
                    base,
                    f"{name} in Fortran order",
                    document,
                    arrays,
                    lambda a, n=name: a.update({n: np.asfortranarray(a[n])}),
                    "same",
                )
                case(
                    base,
                    f"{name} big-endian",
                    document,
                    arrays,
                    lambda a, n=name: a.update({n: a[n].astype(a[n].dtype.newbyteorder(">"))}),
                    "same",
                )
    _value_cases(build, base, document, arrays)
    _header_cases(build, base, document, arrays)


def _value_cases(build: Builder, base: str, document: dict, arrays: dict) -> None:
    case = build.arrays_case
    X, y = arrays["data/X_train"], arrays["data/y_train"]
    custom = dict(document, custom_data=True)
    regression = document["config"]["problem"] == "regression"

    def data(a: dict, points: np.ndarray, labels: np.ndarray) -> None:
        a["data/X_train"], a["data/y_train"] = points, labels

    if not regression:
        case(base, "labels of 0.5", document, arrays, lambda a: a["data/y_train"].__setitem__(0, 0.5))
        case(
            base,
            "labels of 2",
            document,
            arrays,
            lambda a: (
                a["data/y_test"].__setitem__(slice(None), 2.0)
                if len(a["data/y_test"])
                else a["data/y_train"].__setitem__(0, 2.0)
            ),
        )
        build.arrays_case(base, "one class only", custom, arrays, lambda a: data(a, X, np.zeros_like(y)))
        one_each = np.array([[0.0], [1.0]])
        build.arrays_case(base, "one point per class", custom, arrays, lambda a: data(a, X[:2], one_each))
        build.arrays_case(
            base,
            "two points per class",
            custom,
            arrays,
            lambda a: data(a, X[:4], np.array([[0.0], [1.0], [0.0], [1.0]])),
            "valid",
        )
        build.arrays_case(
            base, "points at ±1e308", custom, arrays, lambda a: data(a, np.sign(X) * 1e308 + 0.0, y), "valid"
        )
    else:
        build.arrays_case(base, "one target", custom, arrays, lambda a: data(a, X[:1], y[:1]))
        case(base, "a target of NaN", document, arrays, lambda a: a["data/y_train"].__setitem__(0, np.nan))
        build.arrays_case(base, "targets of 1e300", custom, arrays, lambda a: data(a, X, y * 1e300), "valid")
    build.arrays_case(base, "zero points", custom, arrays, lambda a: data(a, X[:0], y[:0]))
    case(
        base,
        "points and labels of different lengths",
        document,
        arrays,
        lambda a: a.update({"data/y_train": a["data/y_train"][:-1]}),
    )
    case(
        base,
        "test points and labels of different lengths",
        document,
        arrays,
        lambda a: a.update({"data/X_test": np.zeros((5, 2)), "data/y_test": np.zeros((4, 1))}),
    )
    rows = arrays["history/rows"]
    if len(rows) > 2:
        case(
            base,
            "history epochs falling",
            document,
            arrays,
            lambda a: a["history/rows"].__setitem__((slice(None), 0), a["history/rows"][::-1, 0]),
        )
        case(
            base,
            "history epoch after the session's",
            document,
            arrays,
            lambda a: a["history/rows"].__setitem__((-1, 0), 10**9),
        )
        case(
            base,
            "history accuracy of 2",
            document,
            arrays,
            lambda a: a["history/rows"].__setitem__((0, 2), 2.0),
        ) if not regression else None
        case(
            base,
            "history negative cost",
            document,
            arrays,
            lambda a: a["history/rows"].__setitem__((0, 1), -1.0),
        )
        case(
            base,
            "history fractional epoch",
            document,
            arrays,
            lambda a: a["history/rows"].__setitem__((1, 0), 0.5),
        )
        case(
            base,
            "history longer than its capacity",
            dict(document, history={**document["history"], "capacity": 4}),
            arrays,
            lambda a: None,
        )
        case(
            base,
            "history empty",
            document,
            arrays,
            lambda a: a.update({"history/rows": a["history/rows"][:0]}),
            "valid",
        )
    optimiser = document["config"]["optimiser"]
    if optimiser == "momentum":
        case(
            base,
            "momentum state for one layer of two",
            document,
            arrays,
            lambda a: [
                a.pop(n)
                for n in list(a)
                if n.startswith("optimiser/velocity/") and n != "optimiser/velocity/0"
            ],
        )
        case(
            base,
            "momentum velocity of the wrong shape",
            document,
            arrays,
            lambda a: a.update({"optimiser/velocity/0": np.zeros((7, 7))}),
        )
        case(
            base,
            "momentum velocity of integers",
            document,
            arrays,
            lambda a: a.update({"optimiser/velocity/0": a["optimiser/velocity/0"].astype(np.int64)}),
        )
        case(
            base,
            "momentum velocity holding NaN",
            document,
            arrays,
            lambda a: a["optimiser/velocity/0"].__setitem__((0, 0), np.nan),
        )
        case(
            base,
            "momentum state on a gd network",
            dict(document, config={**document["config"], "optimiser": "gd"}),
            arrays,
            lambda a: None,
        )
    if optimiser == "adam":
        case(
            base,
            "Adam second moment negative",
            document,
            arrays,
            lambda a: a["optimiser/second/0"].__setitem__((0, 0), -1.0),
        )
        case(
            base,
            "Adam steps negative",
            document,
            arrays,
            lambda a: a.update({"optimiser/steps": np.array(-1)}),
        )
        case(
            base,
            "Adam steps 2^60",
            document,
            arrays,
            lambda a: a.update({"optimiser/steps": np.array(2**60)}),
        )
        case(
            base,
            "Adam steps 0 with moments",
            document,
            arrays,
            lambda a: a.update({"optimiser/steps": np.array(0)}),
        )
        case(
            base,
            "Adam without its moments but counting steps",
            document,
            arrays,
            lambda a: [a.pop(n) for n in list(a) if n.startswith(("optimiser/first", "optimiser/second"))],
        )
        case(
            base,
            "Adam steps as a list",
            document,
            arrays,
            lambda a: a.update({"optimiser/steps": np.array([3])}),
        )


def _header_cases(build: Builder, base: str, document: dict, arrays: dict) -> None:
    if base != "article":
        return
    members = arrays_members(arrays)
    text = document_text(document)
    weights = arrays["network/weights/0"]

    def with_member(name: str, content: bytes) -> bytes:
        return session(text, npz({**members, name: content}))

    add = build.add
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }"
    add(
        "X_train declares 10 million points",
        with_member("data.X_train.npy", npy(np.zeros(8), header % "(10000000, 2)")),
        "refuse",
    )
    add(
        "X_train declares 10^9 x 10^3",
        with_member("data.X_train.npy", npy(np.zeros(8), header % "(1000000000, 1000)")),
        "refuse",
    )
    add(
        "X_train declares a negative length",
        with_member("data.X_train.npy", npy(np.zeros(8), header % "(-4, 2)")),
        "refuse",
    )
    add(
        "weights declare fewer bytes than they hold",
        with_member("network.weights.0.npy", npy(np.zeros(20), header % "(2, 4)")),
        "refuse",
    )
    add(
        "weights declare more bytes than they hold",
        with_member("network.weights.0.npy", npy(np.zeros(2), header % "(2, 4)")),
        "refuse",
    )
    add(
        "history declares 10 million rows",
        with_member("history.rows.npy", npy(np.zeros(10), header % "(10000000, 5)")),
        "refuse",
    )
    add(
        "npy version 3.0",
        with_member("network.weights.0.npy", npy(weights, header % "(2, 4)", (3, 0))),
        "refuse",
    )
    add(
        "npy version 9.9",
        with_member("network.weights.0.npy", npy(weights, header % "(2, 4)", (9, 9))),
        "refuse",
    )
    add(
        "npy header calling code",
        with_member(
            "network.weights.0.npy",
            npy(weights, "{'descr': __import__('os').getcwd(), 'fortran_order': False, 'shape': (2, 4), }"),
        ),
        "refuse",
    )
    add("npy header not a dict", with_member("network.weights.0.npy", npy(weights, "[1, 2, 3]")), "refuse")
    add(
        "npy header with a structured dtype",
        with_member(
            "network.weights.0.npy",
            npy(weights, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2, 4), }"),
        ),
        "refuse",
    )
    add(
        "npy header with fortran_order as text",
        with_member(
            "network.weights.0.npy",
            npy(weights, "{'descr': '<f8', 'fortran_order': 'yes', 'shape': (2, 4), }"),
        ),
        "refuse",
    )
    add(
        "npy header of 20 kB",
        with_member(
            "network.weights.0.npy",
            npy(weights, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 4), }" + " " * 20000),
        ),
        "refuse",
    )
    add("npy member with no header", with_member("network.weights.0.npy", weights.tobytes()), "refuse")
    add("npy member empty", with_member("network.weights.0.npy", b""), "refuse")
    add(
        "an array named with a slash",
        session(text, npz({**members, "network/weights/0.npy": members["network.weights.0.npy"]})),
        "refuse",
    )
    add(
        "a pickled array",
        with_member("data.X_train.npy", npy(np.array([{"evil": 1}], dtype=object))),
        "refuse",
    )


def build_csv_cases(folder: Path) -> list[Case]:
    """CSV imports: accepted line ends and encodings, and every refusal the issue names."""
    folder.mkdir(parents=True, exist_ok=True)
    build = Builder(folder)
    good = "x1,x2,label\n0,0,0\n1,0,0\n0,1,1\n1,1,1\n"

    def add(name: str, content: bytes | str, expect: str, contains: str = "") -> None:
        data = content.encode() if isinstance(content, str) else content
        build.add(name, data, expect, contains=contains, suffix=".csv")

    add("valid", good, "valid")
    add("CRLF line ends", good.replace("\n", "\r\n"), "valid")
    add("CR-only line ends", good.replace("\n", "\r"), "valid")
    add("a byte-order mark", "\ufeff" + good, "valid")
    add("no final line end", good.rstrip("\n"), "valid")
    add("quoted numbers", good + '"2","2","1"\n"3","3","0"\n', "valid")
    add("points at 1e300", good + "1e300,-1e300,1\n", "valid")
    add("an unterminated quote on line 3", 'x1,x2,label\n0,0,0\n1,"0,0\n0,1,1\n1,1,1\n', "refuse", "line 3:")
    add(
        "a quote across lines on line 2", 'x1,x2,label\n"0\n",0,0\n1,0,0\n0,1,1\n1,1,1\n', "refuse", "line 2:"
    )
    add("binary data", b"x1,x2,label\n0,0,0\x00\n", "refuse", "line 2:")
    add("latin-1", "x1,x2,label\n0,0,0 # caf\u00e9\n".encode("latin-1"), "refuse", "line 2: not UTF-8")
    add("label 2", good + "1,1,2\n", "refuse", "line 6:")
    add("three classes", good + "2,2,2\n3,3,2\n", "valid")
    add("six classes", "".join(f"{k},{k},{k % 6}\n" for k in range(12)), "valid")
    add("a seventh class", "".join(f"{k},{k},{k % 7}\n" for k in range(14)), "refuse", "line 7:")
    add("a skipped class", good + "2,2,3\n3,3,3\n", "refuse", "line 6:")
    add("label 2.5", good + "2,2,2.5\n", "refuse", "line 6:")
    add("one class", "0,0,0\n1,0,0\n0,1,0\n", "refuse")
    add("one point of a class", "0,0,0\n1,0,0\n0,1,1\n", "refuse")
    add("NaN", good + "nan,0,1\n", "refuse", "line 6:")
    add("inf", good + "inf,0,1\n", "refuse", "line 6:")
    add("1e400", good + "1e400,0,1\n", "refuse", "line 6:")
    add("text cell", good + "a,b,1\n", "refuse", "line 6:")
    add("four columns", good + "1,2,3,4\n", "refuse", "line 6:")
    add("semicolons", good.replace(",", ";"), "refuse")
    add("empty", "", "refuse")
    add("only a header", "x1,x2,label\n", "refuse")
    add("a 20 MB line of digits", "1" * (20 << 20), "refuse", "line 1: the line is longer than")
    add(
        "a 20 MB line after good rows",
        good + "2" * (20 << 20) + "\n",
        "refuse",
        "line 6: the line is longer than",
    )
    add("one million and one points", "0,0,0\n1,1,1\n" * 500_001, "refuse", "line 1000001:")
    sparse = folder / "sparse.csv"
    with open(sparse, "wb") as stream:
        stream.truncate(50_000_123)
    build.add_path("a sparse file just over the limit", sparse, "refuse", contains="50,000,123 bytes")
    fifo = folder / "pipe.csv"
    os.mkfifo(fifo)
    build.add_path("a named pipe", fifo, "refuse", contains="named pipe")
    (folder / "link-to-zero.csv").symlink_to("/dev/zero")
    build.add_path("a link to /dev/zero", folder / "link-to-zero.csv", "refuse", contains="device")
    (folder / "folder.csv").mkdir()
    build.add_path("a folder", folder / "folder.csv", "refuse", contains="folder")
    build.add_path("missing", folder / "missing.csv", "refuse", contains="does not exist")
    return build.cases
