"""What the window says when a run diverges: the data named when it is the cause, else the rate.

``core.advice.divergence_message`` looks through every training point, too
much to repeat for each frame the GUI draws while a run stays diverged, so
the last answer is kept for as long as the divergence is the same one.
"""

from __future__ import annotations

from nnplayground.core.advice import divergence_message
from nnplayground.core.trainer import Divergence, Snapshot

_last: tuple[Divergence, int, str] | None = None


def divergence_text(snapshot: Snapshot) -> str:
    """The sentence for ``snapshot``'s divergence (which must be set), without a final full stop."""
    global _last
    divergence = snapshot.divergence
    if divergence is None:
        raise ValueError("the snapshot has not diverged")
    if _last is None or _last[0] is not divergence or _last[1] != snapshot.run_id:
        text = divergence_message(divergence, snapshot.config, snapshot.data, snapshot.network)
        _last = (divergence, snapshot.run_id, text)
    return _last[2]
