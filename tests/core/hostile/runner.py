"""A worker process that opens hostile files under a memory cap and a time limit per file.

Run as ``python -m tests.core.hostile.runner``: it caps its own address space
(``resource.setrlimit``, ``MEMORY_LIMIT``), then reads one JSON request per
line ({"path", "kind"}) and answers one JSON line per request: the outcome
(``refused``/``loaded`` with the message, or ``crashed``/``hung``/``memory``
with what went wrong), the CPU and wall-clock seconds taken, the process's peak memory so far,
and a fingerprint of the loaded state. ``kind`` is ``session`` or ``csv``
(the core readers the window's File ▸ Open / Import call) or ``cli-session`` /
``cli-csv`` (``nnplayground train --session/--csv`` run in this process).
One process serves the whole corpus, so a case costs milliseconds, not the
second an interpreter takes to import NumPy.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import resource
import signal
import sys
import time
import traceback

MEMORY_LIMIT = 512 << 20
TIME_LIMIT = 5  # seconds of CPU per file
# The machine is shared (two cores, several test runs): a file is "hung" only at three times the limit
# in wall-clock time, while its own CPU time is held to the limit itself.
WALL_LIMIT = 3 * TIME_LIMIT


class TimeLimitError(Exception):
    pass


def _alarm(signal_number: int, frame: object) -> None:
    raise TimeLimitError


def fingerprint(trainer: object, custom: bool) -> str:
    """A hash of everything that decides the run's future and what it shows."""
    digest = hashlib.sha256()
    state = trainer.state()
    digest.update(json.dumps(trainer.config.to_dict(), sort_keys=True).encode())
    digest.update(
        repr((state.epoch, state.last_loss, custom, trainer.divergence, state.shuffle_state)).encode()
    )
    stride, count, rows = trainer.history.state()
    digest.update(repr((stride, count, trainer.history.capacity)).encode())
    arrays = [
        rows[:count],
        trainer.data.X_train,
        trainer.data.y_train,
        trainer.data.X_test,
        trainer.data.y_test,
    ]
    arrays += state.network.weights + [b for b in state.network.biases if b is not None]
    arrays += [state.optimiser_state[name] for name in sorted(state.optimiser_state)]
    for array in arrays:
        digest.update(str(array.dtype).encode() + repr(array.shape).encode() + array.tobytes())
    return digest.hexdigest()


def handle(path: str, kind: str) -> dict:
    from nnplayground.core.datasets import DatasetError, load_csv
    from nnplayground.core.session import SessionError, load_session

    answer: dict = {}
    try:
        if kind == "session":
            trainer, custom = load_session(path)
            answer["fingerprint"] = fingerprint(trainer, custom)
            trainer.train(3)  # a loaded state must also be one the trainer can run on
            trainer.snapshot()
            answer["outcome"] = "loaded"
        elif kind == "csv":
            X, _ = load_csv(path)
            answer.update(outcome="loaded", points=len(X))
        else:
            answer.update(_cli(path, kind))
    except (SessionError, DatasetError) as error:
        answer.update(outcome="refused", message=str(error))
    except TimeLimitError:
        answer.update(outcome="hung", message=f"more than {WALL_LIMIT} s")
    except MemoryError:
        answer.update(outcome="memory", message=traceback.format_exc(limit=-3))
    except Exception:
        answer.update(outcome="crashed", message=traceback.format_exc(limit=-5))
    return answer


def _cli(path: str, kind: str) -> dict:
    from nnplayground.cli import main

    option = "--session" if kind == "cli-session" else "--csv"
    stderr, stdout = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
        try:
            status = main(["train", option, path, "--epochs", "3", "--quiet"])
        except SystemExit as exit_:
            status = exit_.code
    text = stderr.getvalue()
    if "Traceback" in text:
        return {"outcome": "crashed", "message": text}
    if status in (0, 3):  # 3: trained and diverged, saying why
        return {"outcome": "loaded"}
    lines = [line for line in text.splitlines() if line.strip()]
    message = lines[-1].split(" error: ", 1)[-1] if lines else ""
    return {"outcome": "refused" if status == 2 else "crashed", "message": message, "status": status}


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    signal.signal(signal.SIGALRM, _alarm)
    import nnplayground.cli  # noqa: F401  (imported once, before the first case is timed)

    for line in sys.stdin:
        request = json.loads(line)
        started, cpu = time.perf_counter(), time.process_time()
        signal.alarm(WALL_LIMIT)
        try:
            answer = handle(request["path"], request["kind"])
        finally:
            signal.alarm(0)
        answer["seconds"] = time.process_time() - cpu
        answer["wall_seconds"] = time.perf_counter() - started
        answer["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    main()
