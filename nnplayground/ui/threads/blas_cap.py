"""BLAS keeps to one thread while a window trains, so the GUI thread keeps the machine's other core.

OpenBLAS starts as many threads as there are cores. On the two-core machines
this app is measured on, a worker's ``np.dot`` then takes both cores and the
GUI thread waits for the scheduler, not for the interpreter lock (measured:
GUI timer gaps of 100–360 ms with 100 000 points). The limit is per process,
not per thread, so it is counted: the first training thread to start sets it,
the last to finish restores what was there (the CLI and a headless trainer in
the same process keep every core).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from threadpoolctl import threadpool_limits

_lock = threading.Lock()
_holders = 0
_limits: threadpool_limits | None = None


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS on one thread for as long as any caller is inside."""
    global _holders, _limits
    with _lock:
        if _holders == 0:
            _limits = threadpool_limits(1, "blas")
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _limits is not None:
                _limits.restore_original_limits()
                _limits = None
