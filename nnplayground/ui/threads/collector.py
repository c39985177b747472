"""The garbage collector's full passes skip the objects a window is made of.

A full (generation 2) collection holds the interpreter lock while it walks
every tracked object; with Qt, pyqtgraph and scikit-learn loaded that took
65 ms even in a headless trainer, and publishing large frames (snapshots of
100 000 points) triggers one every second or so: a GUI timer gap each time.
Freezing the survivors when a training thread starts moves them out of the
collector's sight (``gc.freeze``), so later full passes walk only what was
made since. A collection first, so no garbage is frozen with them.
"""

from __future__ import annotations

import gc


def freeze_survivors() -> None:
    """Collect once, then keep everything still alive out of later collections."""
    gc.collect()
    gc.freeze()
