"""The "Learn the article" tour: a dock beside the plots that walks the article chapter by chapter.

Each chapter's button puts the window into the state the chapter talks about
by asking the window for it, the way a person would — a preset from the
panel, the hidden-layer switch, typed commands to the training thread, the
followed point — and then waits for frames: a new run of the right shape, at
the chapter's epoch, idle, with the step-through at the chapter's phase.
Only then are the chapter's checks held against that frame (``checks``), so
what the tour says the learner sees is what the window shows. The step-through
opens only once training has stopped at the epoch, since opening it halts a
running step.

The dock sits in the main window's right dock area, outside the panes, so it
never covers the controls; on a window with no width to spare beside the
panes (1024 px wide) it opens below them instead, short enough that the
boundary plot keeps its least height (``main_layout.MIN_BOUNDARY_HEIGHT``).
Only the chapter's words scroll (``panel``), so it never makes the window
taller or wider than the screen allows and Next is always in view. A
chapter's ✓ lines stand only while the window still shows what they were
checked on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStyle

from nnplayground.live.commands import EnterStepper, GoToPhase, LeaveStepper, Step
from nnplayground.live.frames import Frame, RunState
from nnplayground.notation import formatting
from nnplayground.ui.tour.chapters import Action, Chapter, TourFileError, read_tour
from nnplayground.ui.tour.checks import FAILED, evaluate, expectation
from nnplayground.ui.tour.panel import TourPanel

# Long enough for 200 000 epochs on a slow, busy machine; a chapter that takes longer is a fault.
ARRIVAL_TIMEOUT_MS = 180_000
MIN_WIDTH = 240
MIN_HEIGHT = 150
# The dock's size when it opens: this share of the window, within the minimum and the maximum.
OPEN_SHARE = 0.26
OPEN_HEIGHT_SHARE = 0.23
MAX_OPEN_WIDTH = 380
MAX_OPEN_HEIGHT = 300


class TourMemory(Protocol):
    """What the tour remembers between runs (``AppSettings`` is one)."""

    def tour_at_start(self) -> bool: ...

    def set_tour_at_start(self, on: bool) -> None: ...

    def tour_chapter(self) -> int: ...

    def set_tour_chapter(self, index: int) -> None: ...


@dataclass
class _Errand:
    """A chapter's button, pressed: what the window must show before its checks are made."""

    chapter: int
    action: Action
    run_before: int | None
    in_stepper: bool = False


def _trained(frame: Frame, action: Action) -> bool:
    """Training has stopped at the chapter's epoch, on a network of the chapter's shape."""
    snapshot = frame.snapshot
    return (
        frame.state not in (RunState.RUNNING, RunState.STEPPING)
        and frame.stepper is None
        and snapshot.epoch == action.epochs
        and bool(snapshot.config.hidden_layers) == action.wants_hidden_layer
    )


def _shown_state(frame: Frame) -> tuple[int, int, int | None]:
    """What a chapter's checks are about: the run, its epoch, the step-through's phase."""
    stepper = frame.stepper
    return frame.snapshot.run_id, frame.snapshot.epoch, None if stepper is None else stepper.phase


def _at_phase(frame: Frame, action: Action) -> bool:
    stepper = frame.stepper
    return stepper is not None and stepper.phase == action.phase and stepper.walk.epoch == action.epochs


class TourDock(QDockWidget):
    """The tour's dock; the window connects the four request signals to what carries them out.

    ``command`` takes ``live.commands`` values to the training thread;
    ``preset_requested`` a preset's name to the control panel;
    ``hidden_toggle_requested`` to the hidden-layer switch; ``sample_requested``
    to the window's followed point. ``checked`` says a chapter's checks were made.
    """

    command = Signal(object)
    preset_requested = Signal(str)
    hidden_toggle_requested = Signal()
    sample_requested = Signal(int)
    checked = Signal(int)

    def __init__(self, memory: TourMemory, chapters: tuple[Chapter, ...] | None = None) -> None:
        super().__init__("Learn the article")
        self.setObjectName("tourDock")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea
            | Qt.DockWidgetArea.RightDockWidgetArea
            | Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self._memory = memory
        self.panel = TourPanel()
        self.setWidget(self.panel)

        self._frame: Frame | None = None
        self._followed: int | None = None
        self._errand: _Errand | None = None
        self._outcomes: dict[int, list[str]] = {}
        self._checked_on: tuple[int, int, int | None] | None = None
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self._give_up)

        self.panel.at_start.setChecked(memory.tour_at_start())
        self.panel.at_start_toggled.connect(memory.set_tour_at_start)
        self.panel.action_requested.connect(self.run_chapter)
        self.panel.next_requested.connect(self.next_chapter)
        self.panel.previous_requested.connect(self.previous_chapter)
        self.panel.close_requested.connect(self.close)

        if chapters is None:
            try:
                chapters = read_tour()
            except TourFileError as error:
                chapters = ()
                self.panel.show_error(str(error))
        self.chapters = chapters
        self.index = 0
        if chapters:
            self.go_to(memory.tour_chapter())

    # ----- opening ------------------------------------------------------------------------

    def open_tour(self) -> None:
        """Show the tour beside the plots, or below them on a window with no width to spare, and
        put the focus in it."""
        window = self.parentWidget()
        opening = self.isHidden()
        if opening and isinstance(window, QMainWindow):
            self._place(window)
        self.show()
        self.raise_()
        self.panel.escape_closes = True
        self.panel.action_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _place(self, window: QMainWindow) -> None:
        """At the side only where the panes keep their own minimum width beside it: a side dock
        wider than the room to spare would make the window wider than the screen."""
        self.panel.set_wide(False)
        self.panel.setMinimumWidth(0)
        narrowest = max(MIN_WIDTH, self.panel.minimumSizeHint().width())
        spare = window.width() - window.centralWidget().minimumSizeHint().width()
        side = window.dockWidgetArea(self)
        if side not in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea):
            side = Qt.DockWidgetArea.RightDockWidgetArea
        separator = window.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent)
        least = narrowest + separator
        self.panel.set_wide(spare < least)
        if spare >= least:
            self.panel.setMinimumWidth(narrowest)
            window.addDockWidget(side, self)
            width = round(min(MAX_OPEN_WIDTH, max(least, window.width() * OPEN_SHARE), spare))
            window.resizeDocks([self], [width], Qt.Orientation.Horizontal)
        else:
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self)
            height = round(min(MAX_OPEN_HEIGHT, max(MIN_HEIGHT, window.height() * OPEN_HEIGHT_SHARE)))
            window.resizeDocks([self], [height], Qt.Orientation.Vertical)

    def offer_at_start(self) -> bool:
        """At start-up, once the window's layout is restored (which may have shown the dock where
        it was last, on a window of another size): open the tour, placed for this window, unless
        the person has said not to; True if it opened."""
        self.hide()
        if not self._memory.tour_at_start():
            return False
        self.open_tour()
        return True

    # ----- chapters -------------------------------------------------------------------------

    @property
    def chapter(self) -> Chapter:
        return self.chapters[self.index]

    def go_to(self, index: int) -> None:
        """Turn to chapter ``index``. Its ✓ and ✗ lines said what the window showed when its button
        was last pressed; arriving again, the window has moved on (the next chapter closed the
        step-through, say), so they go back to what to look for until the button is pressed."""
        if not self.chapters:
            return
        index = max(0, min(index, len(self.chapters) - 1))
        if index != self.index:
            self._outcomes.pop(index, None)
        self.index = index
        self.panel.show_chapter(self.chapter, self.index + 1, len(self.chapters))
        self._show_outcome()
        self._memory.set_tour_chapter(self.index)

    @Slot()
    def next_chapter(self) -> None:
        self.go_to(self.index + 1)

    @Slot()
    def previous_chapter(self) -> None:
        self.go_to(self.index - 1)

    def outcome_lines(self, index: int | None = None) -> list[str] | None:
        """The chapter's checks as last made (``None`` before its button was pressed)."""
        return self._outcomes.get(self.index if index is None else index)

    def _show_outcome(self) -> None:
        lines = self._outcomes.get(self.index)
        if lines is None:
            lines = [expectation(check) for check in self.chapter.checks]
            errand = self._errand
            if errand is not None and errand.chapter == self.index:
                lines.insert(0, self._progress_text(errand.action))
        self.panel.show_results(lines)

    # ----- a chapter's button ---------------------------------------------------------------

    @Slot()
    def run_chapter(self) -> None:
        """Put the window into the current chapter's state; its checks follow once it is there."""
        if not self.chapters:
            return
        action = self.chapter.action
        run_before = self._frame.snapshot.run_id if self._frame is not None else None
        self._errand = _Errand(self.index, action, run_before)
        self._outcomes.pop(self.index, None)
        self.command.emit(LeaveStepper())
        self.preset_requested.emit(action.preset)
        if action.hidden is not None and action.hidden != action.preset_has_hidden_layer:
            self.hidden_toggle_requested.emit()
        if action.epochs:
            self.command.emit(Step(action.epochs))
        self._timeout.start(ARRIVAL_TIMEOUT_MS)
        self._show_outcome()

    def show_frame(self, frame: Frame) -> None:
        """The frame the window has just drawn: the errand moves on when it shows the next stage."""
        in_stepper = frame.stepper is not None
        if self._frame is None or in_stepper != (self._frame.stepper is not None):
            # Esc closes what was opened last: a step-through opened beside the open tour goes first.
            self.panel.escape_closes = not in_stepper
        self._frame = frame
        self._forget_if_moved_on(frame)
        errand = self._errand
        if errand is None or frame.snapshot.run_id == errand.run_before:
            return
        action = errand.action
        if not errand.in_stepper:
            if not _trained(frame, action):
                return
            if action.phase is not None:
                errand.in_stepper = True
                self.command.emit(EnterStepper())
                self.command.emit(GoToPhase(action.phase))
                return
        elif not _at_phase(frame, action):
            return
        self._arrive(errand, frame)

    def _forget_if_moved_on(self, frame: Frame) -> None:
        """The shown chapter's results hold only while the window shows what they were checked on:
        another run, epoch or phase of the step-through, and they are pending again."""
        checked_on = self._checked_on
        if checked_on is None or self._errand is not None or self.index not in self._outcomes:
            return
        if _shown_state(frame) != checked_on:
            del self._outcomes[self.index]
            self._show_outcome()

    def show_followed(self, index: int | None) -> None:
        """The training point the window follows now (``None``: none)."""
        self._followed = index

    def _arrive(self, errand: _Errand, frame: Frame) -> None:
        self._timeout.stop()
        self._errand = None
        if errand.action.sample is not None:
            self.sample_requested.emit(errand.action.sample)
        chapter = self.chapters[errand.chapter]
        outcomes = [evaluate(check, frame, self._followed) for check in chapter.checks]
        self._outcomes[errand.chapter] = [outcome.text for outcome in outcomes]
        self._checked_on = _shown_state(frame)
        if errand.chapter == self.index:
            self._show_outcome()
        self.checked.emit(errand.chapter)

    @staticmethod
    def _progress_text(action: Action) -> str:
        """Said once, not counted up frame by frame: a label that changes at frame rate makes the
        main window lay out its panes again at frame rate, and halved the training speed."""
        if action.epochs:
            return f"… training to epoch {formatting.count(action.epochs)}; the status bar counts"
        return "… getting there"

    @Slot()
    def _give_up(self) -> None:
        errand, frame = self._errand, self._frame
        if errand is None:
            return
        self._errand = None
        seen = "no frame" if frame is None else f"epoch {formatting.count(frame.snapshot.epoch)}"
        seconds = ARRIVAL_TIMEOUT_MS // 1000
        lines = [f"{FAILED} the window did not get there within {seconds} s: it shows {seen}"]
        self._checked_on = None  # the failure stands until the button is pressed again
        self._outcomes[errand.chapter] = lines + [
            expectation(check) for check in self.chapters[errand.chapter].checks
        ]
        if errand.chapter == self.index:
            self._show_outcome()
        self.checked.emit(errand.chapter)
