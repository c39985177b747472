"""After a long chunk's frame, the next chunk waits for the GUI to draw it, so the two never overlap.

A single epoch on 100 000 points lasts longer than the GUI ever waits for a
chunk; without this turn the GUI redrew beside the next epoch and both slowed.
"""

from __future__ import annotations

import gc
import threading

from nnplayground.ui.threads.gui_turns import MAX_WAIT_FOR_FRAME, GuiTurns


def _chunk_in_thread(turns: GuiTurns, after_frame: int) -> tuple[threading.Thread, threading.Event]:
    entered = threading.Event()

    def chunk() -> None:
        with turns.worker_chunk(after_frame):
            entered.set()

    thread = threading.Thread(target=chunk)
    thread.start()
    return thread, entered


def test_the_next_chunk_starts_once_the_gui_has_drawn_the_frame():
    turns = GuiTurns()
    turns.pulling(True)
    thread, entered = _chunk_in_thread(turns, turns.frames_drawn())
    assert not entered.wait(MAX_WAIT_FOR_FRAME / 3), "the frame is not drawn yet"
    turns.gui_busy()
    turns.gui_idle()
    assert entered.wait(MAX_WAIT_FOR_FRAME / 3), "drawn: the chunk goes ahead at once"
    thread.join()


def test_with_no_window_pulling_frames_no_chunk_waits_for_one():
    turns = GuiTurns()
    thread, entered = _chunk_in_thread(turns, turns.frames_drawn())
    assert entered.wait(MAX_WAIT_FOR_FRAME / 3)
    thread.join()


def test_a_started_training_thread_keeps_the_window_out_of_full_collections(training):
    """Full collections hold the interpreter lock while they walk every object (65 ms measured)."""
    assert gc.get_freeze_count() > 1_000
