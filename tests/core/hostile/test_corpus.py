"""The hostile corpus through the core readers and the command line, each file under 512 MB and 5 s.

Every case of ``corpus.py`` goes to a worker process whose address space is
capped at 512 MB and whose every file has 5 s of CPU: through ``load_session`` /
``load_csv`` (what File ▸ Open / Import call) and through
``nnplayground train --session/--csv``. A refusal must be one plain sentence
(naming the session file); a file that should load must load the same state
as the real session it was made from.
"""

from __future__ import annotations

import pytest

from .corpus import Case, build_csv_cases, build_session_cases
from .harness import Worker, plainness_problem
from .runner import TIME_LIMIT


@pytest.fixture(scope="module")
def worker():
    process = Worker()
    yield process
    process.close()


def _failures(cases: list[Case], worker: Worker, kinds: tuple[str, ...], session: bool) -> tuple[list, dict]:
    base_prints = {}
    failures = []
    worst = {"seconds": 0.0, "wall_seconds": 0.0, "peak_mb": 0.0}
    for case in cases:
        for kind in kinds:
            answer = worker.ask(case.path, kind)
            worst = {key: max(worst[key], answer[key]) for key in worst}
            outcome, message = answer["outcome"], answer.get("message", "")
            if case.expect == "same" and case.name.endswith("the saved session itself") and kind == kinds[0]:
                base_prints[case.base] = answer.get("fingerprint")
            problem = None
            if answer["seconds"] > TIME_LIMIT:
                problem = f"took {answer['seconds']:.1f} s of CPU"
            elif outcome == "refused":
                if case.expect in ("same", "valid"):
                    problem = f"refused a file that should load: {message}"
                elif case.contains and case.contains not in message:
                    problem = f"the refusal does not say {case.contains!r}: {message}"
                else:
                    problem = plainness_problem(message, case.path.name, session=session)
            elif outcome == "loaded":
                if case.expect == "refuse":
                    problem = "loaded a file that should be refused"
                elif (
                    case.expect in ("same", "either")
                    and "fingerprint" in answer
                    and answer["fingerprint"] != base_prints.get(case.base)
                ):
                    problem = "loaded a state different from the session it was made from"
            else:
                problem = f"{outcome}: {message}"
            if problem:
                failures.append(f"{case.name} [{kind}]: {problem}")
    return failures, worst


def test_every_hostile_session_is_refused_plainly_or_loads_the_same(tmp_path, worker):
    cases = build_session_cases(tmp_path / "sessions")
    assert len(cases) > 300
    failures, worst = _failures(cases, worker, ("session", "cli-session"), session=True)
    print(f"{len(cases)} session cases; worst {worst['seconds']:.2f} s CPU, peak {worst['peak_mb']:.0f} MB")
    assert not failures, "\n".join(failures)


def test_every_hostile_csv_is_refused_plainly_or_imports(tmp_path, worker):
    cases = build_csv_cases(tmp_path / "csv")
    failures, worst = _failures(cases, worker, ("csv", "cli-csv"), session=False)
    print(f"{len(cases)} CSV cases; worst {worst['seconds']:.2f} s CPU, peak {worst['peak_mb']:.0f} MB")
    assert not failures, "\n".join(failures)
