"""Driving the capped worker (``runner.py``) from a test, and what a plain refusal looks like."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[3]
# Python's and NumPy's own words, which a person should never be shown.
NOT_PLAIN = re.compile(
    r"Traceback|Error|Exception|object at 0x|<|>|\\x|\\u|errno|codec|invalid literal|unsupported operand"
    r"|array\(|dtype\(|line \d+ column|universal-newline|NoneType|'utf-8'"
)


class Worker:
    """One capped worker process; ``ask`` sends a file and returns its answer."""

    def __init__(self) -> None:
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", PYTHONPATH=str(ROOT))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.core.hostile.runner"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )

    def ask(self, path: Path, kind: str) -> dict:
        self.process.stdin.write(json.dumps({"path": str(path), "kind": kind}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"the worker died on {path.name} ({kind})")
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self.process.stdout.close()


def plainness_problem(message: str, name: str, *, session: bool) -> str | None:
    """Why ``message`` is not one plain sentence about file ``name`` (None when it is)."""
    if "\n" in message:
        return "more than one line"
    if len(message) > 300:
        return "longer than a sentence"
    if session and not message.startswith(f"{name}: "):
        return "does not start with the file's name"
    match = NOT_PLAIN.search(message)
    if match:
        return f"holds {match.group(0)!r}"
    return None
