"""The main window's menu bar: every action, its one shortcut, and the help read from them.

Each entry is made by ``actions.window_action``, which writes the keys into
its tooltip; Help ▸ Keyboard shortcuts lists the keys of the menus as they
are (``actions.shortcuts_text``). Entries that drive the run send a
``live.commands`` command through the window's one port (``send``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QMainWindow, QMenu, QMessageBox

from nnplayground import __version__
from nnplayground.core.presets import PRESETS
from nnplayground.live.commands import (
    CheckGradients,
    Command,
    LeaveStepper,
    NextPhase,
    PreviousPhase,
    Reset,
    RestoreSetAsideData,
    Step,
    Toggle,
    ToggleStepper,
)
from nnplayground.ui.boundary.drawing import SHORTCUT
from nnplayground.ui.boundary.view import BoundaryView
from nnplayground.ui.controls.panel import ControlPanel
from nnplayground.ui.loss.view import LossView
from nnplayground.ui.windows.actions import Keys, shortcuts_text, standard_key, window_action
from nnplayground.ui.windows.session_files import SessionFiles

ABOUT = (
    f"<b>nnplayground {__version__}</b><p>Backpropagation from scratch in NumPy, live: the "
    "experiment of the article <i>Creating a Neural Network from Scratch in Python: Adding Hidden "
    "Layers</i> — its moons, its perceptron (loss floor ≈ 4.17) and its 2-4-1 network (≈ 1.50) — "
    "with every term of its chain rule shown with real numbers (Training ▸ Step through backprop).</p>"
    "<p>Start with Space (train) and H (hidden layer on/off).</p>"
    "<p>The article's own code runs beside ours with <code>nnplayground reproduce</code>.</p>"
    "<p>Free software under the MIT licence.</p>"
)


def _fill(menu: QMenu, entries: tuple[QAction | None, ...]) -> None:
    """Add ``entries`` to ``menu`` in order; ``None`` is a separator."""
    for entry in entries:
        if entry is None:
            menu.addSeparator()
        else:
            menu.addAction(entry)


class MainMenus:
    """File, Training, Network, View and Help, built on ``window``'s menu bar.

    ``learn`` opens the tour (Help ▸ Learn the article).

    The step-through's own entries (``stepper_actions``) are enabled only
    while it is open (``show_stepper``); "Bring back my points" only while
    points are put aside.
    """

    def __init__(
        self,
        window: QMainWindow,
        send: Callable[[Command], None],
        controls: ControlPanel,
        views: tuple[BoundaryView, LossView],
        files: SessionFiles,
        tools: tuple[Callable[[], object], Callable[[], object]],
        learn: Callable[[], object],
    ) -> None:
        self._window = window
        boundary_view, loss_view = views
        cross_check, open_compare = tools

        def action(text: str, keys: Keys, slot: Callable[[], object], tip: str) -> QAction:
            return window_action(window, text, keys, slot, tip)

        bar = window.menuBar()
        file_menu = bar.addMenu("&File")
        files.fill_menu(file_menu)
        file_menu.addSeparator()
        self.quit_action = action(
            "&Quit", standard_key(QKeySequence.StandardKey.Quit, "Ctrl+Q"), window.close, "Quit nnplayground"
        )
        file_menu.addAction(self.quit_action)

        training = bar.addMenu("&Training")
        self.play_action = action("&Play / Pause", "Space", lambda: send(Toggle()), "Train or pause")
        self.step_action = action(
            "&Step", "Right", lambda: send(Step(controls.epochs_per_step())), "Train one step of epochs"
        )
        self.reset_action = action("&Reset", "R", lambda: send(Reset()), "Start again from epoch 0")
        self.stepper_action = action(
            "Step through &backprop",
            "B",
            lambda: send(ToggleStepper()),
            "Walk one epoch phase by phase with the article's names, or leave the walk",
        )
        self.next_phase_action = action(
            "&Next phase", ("N", "PgDown"), lambda: send(NextPhase()), "Next phase of the step-through"
        )
        self.previous_phase_action = action(
            "P&revious phase",
            ("P", "PgUp"),
            lambda: send(PreviousPhase()),
            "Previous phase of the step-through",
        )
        self.leave_stepper_action = action(
            "&Leave step-through", "Esc", lambda: send(LeaveStepper()), "Leave the step-through"
        )
        self.gradient_check_action = action(
            "&Gradient check",
            "G",
            lambda: send(CheckGradients()),
            "Compare backprop with finite differences on the current weights",
        )
        self.stepper_actions = (
            self.next_phase_action,
            self.previous_phase_action,
            self.leave_stepper_action,
            self.gradient_check_action,
        )
        self.cross_check_action = action(
            "&Cross-check with scikit-learn",
            "C",
            cross_check,
            "Train scikit-learn's MLPClassifier with the closest settings on the same points and overlay "
            "its loss curve and boundary",
        )
        _fill(training, (self.play_action, self.step_action, self.reset_action, None, self.stepper_action))
        _fill(training, (*self.stepper_actions, None, self.cross_check_action))
        self.show_stepper(False)

        network = bar.addMenu("&Network")
        self.hidden_action = action(
            "Toggle &hidden layer", "H", controls.toggle_hidden_layer, "Perceptron ⇄ one hidden layer"
        )
        presets = [
            action(
                f"Preset: {name}",
                None,
                lambda preset=name: controls.load_preset(preset),
                f"Load the {name!r} configuration on the article's data and start a fresh run",
            )
            for name in PRESETS
        ]
        self.restore_points_action = action(
            "&Bring back my points",
            QKeySequence.StandardKey.Undo,
            lambda: send(RestoreSetAsideData()),
            "Train again on the drawn or imported points a preset, Use generated data or a data "
            "setting put aside",
        )
        self.restore_points_action.setEnabled(False)
        _fill(network, (self.hidden_action, None, *presets, self.restore_points_action))

        view = bar.addMenu("&View")

        def mirror(text: str, keys: Keys, box: QCheckBox, tip: str) -> QAction:
            """A checkable entry that is the view's own checkbox seen from the menu: either ticks both."""
            mirrored = action(text, keys, lambda: box.setChecked(mirrored.isChecked()), tip)
            mirrored.setCheckable(True)
            mirrored.setChecked(box.isChecked())
            box.toggled.connect(mirrored.setChecked)
            return mirrored

        self.log_action = mirror(
            "&Log-scale loss", "L", loss_view.log_scale, "Draw the loss on a logarithmic scale"
        )
        self.log_epochs_action = mirror(
            "Log-scale &epochs",
            "Shift+L",
            loss_view.log_epochs,
            "Draw the epochs on a logarithmic axis (1, 10, 100, 1k…): the first epochs and the tail show",
        )
        self.trail_action = mirror(
            "Boundary &trail",
            "T",
            controls.view.trail,
            "Keep the last boundaries as a fading trail while the run plays (best with a speed limit)",
        )
        self.compare_action = action(
            "&Compare two networks…",
            "Ctrl+K",
            open_compare,
            "Train two networks side by side on the same points, in lockstep",
        )
        self.draw_action = action(
            "&Draw points",
            SHORTCUT,
            lambda: boundary_view.set_drawing(self.draw_action.isChecked()),
            "Draw your own points: left click adds a training point, right click removes the nearest",
        )
        self.draw_action.setCheckable(True)
        boundary_view.tools.toggled.connect(self.draw_action.setChecked)
        _fill(
            view,
            (
                self.log_action,
                self.log_epochs_action,
                self.trail_action,
                self.compare_action,
                self.draw_action,
            ),
        )

        help_menu = bar.addMenu("&Help")
        self.learn_action = action(
            "&Learn the article",
            standard_key(QKeySequence.StandardKey.HelpContents, "F1"),
            learn,
            "A guided tour of the article, chapter by chapter, each shown on the real run",
        )
        help_menu.addAction(self.learn_action)
        help_menu.addSeparator()
        help_menu.addAction("&Keyboard shortcuts", self._show_shortcuts)
        help_menu.addAction("&About nnplayground", self._show_about)

    def show_stepper(self, active: bool) -> None:
        for action in self.stepper_actions:
            action.setEnabled(active)

    def _show_shortcuts(self) -> None:
        QMessageBox.information(self._window, "Keyboard shortcuts", shortcuts_text(self._window.menuBar()))

    def _show_about(self) -> None:
        QMessageBox.about(self._window, "About nnplayground", ABOUT)
