"""The step-through as a learner drives it: every phase's numbers are the engine's, exactly.

Each test compares what the panel holds (its tables' exact floats and its
labels' text) with a headless ``Trainer`` brought to the same epoch, so a
wrong term, a rounded value, an update that is not a real Step, or a
"Previous" that does not restore the earlier state fails here.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QPushButton, QTableView

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.presets import ARTICLE_PERCEPTRON
from nnplayground.core.stepthrough import Walkthrough, walk_through
from nnplayground.core.trainer import Trainer
from nnplayground.live.commands import GoToPhase, NextPhase, Pause, Play, Reconfigure, Step
from nnplayground.live.frames import RunState
from nnplayground.live.stepper_session import StepperSession
from nnplayground.notation.formatting import format_value
from nnplayground.notation.phase_terms import shape_text
from nnplayground.ui.stepper.term_grid import sample_text
from tests.ui.helpers import wait_for_config, wait_until_idle

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

ARTICLE_PHASES = [
    "Feed-forward: hidden layer",
    "Feed-forward: output layer",
    "Cost",
    "Back-propagation, phase 1: output weights",
    "Back-propagation, phase 2: hidden weights",
    "Update the weights",
]


def press(qtbot, window, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, key)


def wait_phase(qtbot, window, phase: int, epoch: int | None = None):
    """Wait until the worker is at ``phase`` (of ``epoch``) and the window has drawn that frame."""

    def there() -> None:
        frame = window.training.worker.latest()
        assert frame.stepper is not None
        assert frame.stepper.phase == phase
        if epoch is not None:
            assert frame.stepper.walk.epoch == epoch
        assert window._shown_serial == frame.serial

    qtbot.waitUntil(there)
    return window.training.worker.latest()


def enter(qtbot, window, epochs: int = 0):
    worker = window.training.worker
    if epochs:
        worker.send(Step(epochs))
        wait_until_idle(qtbot, worker, epoch=epochs)
    press(qtbot, window, Qt.Key.Key_B)
    return wait_phase(qtbot, window, 0, epochs)


def headless(epochs: int, config: ExperimentConfig | None = None) -> Trainer:
    trainer = Trainer(config or ExperimentConfig())
    trainer.train(epochs)
    return trainer


def shown_values(panel) -> dict[str, np.ndarray]:
    """Every per-sample value the batch table holds, by term name, as exact floats."""
    model = panel.batch_model
    columns: dict[str, list[np.ndarray]] = {}
    for column in range(model.columnCount()):
        term, _ = model.term_at(column)
        values = [
            model.data(model.index(row, column), Qt.ItemDataRole.UserRole) for row in range(model.rowCount())
        ]
        columns.setdefault(term.name, []).append(np.array(values))
    return {name: np.column_stack(parts) for name, parts in columns.items()}


def assert_panel_shows(panel, walk: Walkthrough, phase: int, sample: int) -> None:
    expected = walk.phases[phase]
    assert panel.heading.text().startswith(f"{phase + 1}. {expected.title}")
    shown = shown_values(panel)
    for term in expected.terms:
        info = panel.findChild(type(panel.heading), f"termShape_{term.name}")
        assert info is not None, term.name
        assert shape_text(term.value) in info.text(), term.name
        label = panel.terms.value_labels[term.name]
        if term.per_sample:
            values = term.value if term.value.ndim == 2 else term.value.reshape(-1, 1)
            assert np.array_equal(shown[term.name], values), term.name
            assert sample_text(term, sample) in label.text()
        else:
            for value in term.value.ravel():
                assert format_value(float(value)) in label.text(), term.name


def test_every_phase_shows_the_engines_terms_for_the_epoch(qtbot, main_window):
    enter(qtbot, main_window, epochs=37)
    walk = walk_through(headless(37))
    panel = main_window.stepper_panel
    assert [b.toolTip().split(": ", 1)[1] for b in panel.strip.buttons()] == ARTICLE_PHASES
    for phase in range(6):
        if phase:
            press(qtbot, main_window, Qt.Key.Key_N)
        frame = wait_phase(qtbot, main_window, phase, 37)
        assert frame.state == RunState.PAUSED
        assert_panel_shows(panel, walk, phase, sample=0)


def test_the_article_names_and_equation_numbers_appear_verbatim(qtbot, main_window):
    enter(qtbot, main_window)
    panel = main_window.stepper_panel
    names, equations = set(), []
    for phase in range(6):
        if phase:
            main_window.training.worker.send(NextPhase())
            wait_phase(qtbot, main_window, phase)
        names |= set(panel.terms.value_labels)
        equations += [line.accessibleName() for line in _math_lines(main_window)]
    article = (
        "zh ah zo ao dcost_dao dao_dzo dzo_dwo dcost_wo dcost_dzo dzo_dah dcost_dah dah_dzh dzh_dwh dcost_wh"
    )
    assert set(article.split()) <= names
    numbers = {line.rsplit("(", 1)[1].rstrip(")") for line in equations if line.endswith(")")}
    assert {"1", "2", "3", "4", "5", "6", "7", "8", "9"} <= numbers
    assert "dcost/dao = ao − labels   (5)" in equations


def _math_lines(window):
    from nnplayground.ui.widgets.equation_view import MathLine

    return window.stepper_panel.terms.findChildren(MathLine)


def test_phase_two_shows_the_articles_chain_rule(qtbot, main_window):
    enter(qtbot, main_window)
    main_window.training.worker.send(GoToPhase(4))
    wait_phase(qtbot, main_window, 4)
    lines = [line.accessibleName() for line in _math_lines(main_window)]
    assert "dcost/dwh = dcost/dah × dah/dzh × dzh/dwh   (2)" in lines
    assert "dcost/dah = dcost/dzo × dzo/dah   (3)" in lines
    assert "dzo/dah = wo   (7)" in lines
    assert main_window.training.worker.latest().stepper.current.label == "Phase 2"


def test_past_the_update_the_weights_equal_one_ordinary_step(qtbot, main_window):
    enter(qtbot, main_window, epochs=12)
    worker = main_window.training.worker
    worker.send(GoToPhase(5))
    frame = wait_phase(qtbot, main_window, 5, 12)
    stepped = headless(13)
    shown = {term.name: term.value for term in frame.stepper.current.terms}
    assert np.array_equal(shown["wh (new)"], stepped.network.weights[0])
    assert np.array_equal(shown["wo (new)"], stepped.network.weights[1])
    press(qtbot, main_window, Qt.Key.Key_PageDown)
    frame = wait_phase(qtbot, main_window, 0, 13)
    assert frame.snapshot.epoch == 13
    for ours, theirs in zip(frame.snapshot.network.weights, stepped.network.weights):
        assert np.array_equal(ours, theirs)
    assert frame.snapshot.last_loss == stepped.last_loss
    assert_panel_shows(main_window.stepper_panel, walk_through(stepped), 0, sample=0)


def test_previous_phase_restores_the_exact_values_even_across_an_update(qtbot, main_window):
    enter(qtbot, main_window, epochs=5)
    worker = main_window.training.worker
    before = {}
    for phase in range(6):
        if phase:
            worker.send(NextPhase())
        frame = wait_phase(qtbot, main_window, phase, 5)
        before[phase] = {term.name: term.value for term in frame.stepper.current.terms}
    weights_before = [w.copy() for w in frame.snapshot.network.weights]
    worker.send(NextPhase())
    wait_phase(qtbot, main_window, 0, 6)
    press(qtbot, main_window, Qt.Key.Key_P)
    frame = wait_phase(qtbot, main_window, 5, 5)
    assert frame.snapshot.epoch == 5
    for ours, theirs in zip(frame.snapshot.network.weights, weights_before):
        assert np.array_equal(ours, theirs)
    for phase in reversed(range(6)):
        if phase < 5:
            press(qtbot, main_window, Qt.Key.Key_PageUp)
        frame = wait_phase(qtbot, main_window, phase, 5)
        for term in frame.stepper.current.terms:
            assert np.array_equal(term.value, before[phase][term.name]), (phase, term.name)
        assert_panel_shows(main_window.stepper_panel, walk_through(headless(5)), phase, sample=0)
    assert frame.stepper.can_go_back is False
    assert not main_window.stepper_panel.previous_button.isEnabled()


def test_leaving_continues_from_exactly_the_state_reached(qtbot, main_window):
    enter(qtbot, main_window, epochs=20)
    worker = main_window.training.worker
    for _ in range(6 * 3 + 2):
        worker.send(NextPhase())
    wait_phase(qtbot, main_window, 2, 23)
    press(qtbot, main_window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not main_window.stepper_panel.isVisible())
    assert worker.latest().snapshot.epoch == 23
    worker.send(Step(250))
    frame = wait_until_idle(qtbot, worker, epoch=273)
    reference = headless(273)
    assert frame.snapshot.last_loss == reference.last_loss
    for ours, theirs in zip(frame.snapshot.network.weights, reference.network.weights):
        assert np.array_equal(ours, theirs)


def test_entering_pauses_and_leaving_resumes_a_running_training(qtbot, main_window):
    worker = main_window.training.worker
    worker.send(Play())
    qtbot.waitUntil(lambda: worker.latest().state == RunState.RUNNING)
    press(qtbot, main_window, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: worker.latest().stepper is not None and worker.latest().state == RunState.PAUSED)
    epoch = worker.latest().snapshot.epoch
    qtbot.wait(100)
    assert worker.latest().snapshot.epoch == epoch
    qtbot.mouseClick(main_window.stepper_panel.leave_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: worker.latest().state == RunState.RUNNING and worker.latest().stepper is None)
    worker.send(Pause())


def test_play_leaves_the_step_through(qtbot, main_window):
    enter(qtbot, main_window)
    press(qtbot, main_window, Qt.Key.Key_Space)
    worker = main_window.training.worker
    qtbot.waitUntil(lambda: worker.latest().stepper is None and worker.latest().state == RunState.RUNNING)
    qtbot.waitUntil(lambda: not main_window.stepper_panel.isVisible())
    worker.send(Pause())


def test_phase_keys_do_nothing_outside_the_step_through(qtbot, main_window):
    assert not main_window.menus.next_phase_action.isEnabled()
    press(qtbot, main_window, Qt.Key.Key_N)
    qtbot.wait(100)
    assert main_window.training.worker.latest().stepper is None
    assert main_window.training.worker.latest().snapshot.epoch == 0


def test_clicking_a_point_selects_its_row(qtbot, main_window):
    enter(qtbot, main_window)
    main_window.training.worker.send(GoToPhase(4))
    wait_phase(qtbot, main_window, 4)
    view = main_window.boundary_view
    index = 42
    x, y = main_window.training.worker.latest().snapshot.data.X_train[index]
    view_box = view.plot.getPlotItem().getViewBox()
    scene = view_box.mapViewToScene(QPointF(float(x), float(y)))
    widget_point = view.plot.mapFromScene(scene)
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)
    qtbot.waitUntil(lambda: main_window.selected_sample == index)
    panel = main_window.stepper_panel
    model = panel.batch_model
    assert model.selected == index
    highlighted = [
        row
        for row in range(model.rowCount())
        if model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
    ]
    assert highlighted == [index]
    assert [i.row() for i in panel.batch_view.selectionModel().selectedRows()] == [index]
    assert model.headerData(index, Qt.Orientation.Vertical).startswith("▶")
    phase = main_window.training.worker.latest().stepper.current
    dcost_dah = next(term for term in phase.terms if term.name == "dcost_dah")
    assert sample_text(dcost_dah, index) in panel.terms.value_labels["dcost_dah"].text()
    assert f"sample <b>{index}</b>" in panel.sample_line.text()
    assert main_window.network_view.diagram.highlight.notes[1][0][0] == "dcost_dah"
    assert np.array_equal(main_window.network_view.diagram.highlight.notes[1][0][1], dcost_dah.value[index])


def test_clicking_a_table_row_follows_that_sample(qtbot, main_window):
    enter(qtbot, main_window)
    panel = main_window.stepper_panel
    view = panel.batch_view
    row = 7
    rect = view.visualRect(panel.batch_model.index(row, 0))
    if not rect.isValid() or rect.isEmpty():
        view.scrollTo(panel.batch_model.index(row, 0))
        rect = view.visualRect(panel.batch_model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: main_window.selected_sample == row)
    assert panel.batch_model.selected == row


def test_gradient_check_agrees_on_the_article_network(qtbot, main_window):
    enter(qtbot, main_window, epochs=300)
    press(qtbot, main_window, Qt.Key.Key_G)
    worker = main_window.training.worker
    qtbot.waitUntil(lambda: worker.latest().gradient_report is not None)
    report = worker.latest().gradient_report
    assert report.points == report.total_points == 100
    assert [check.layer for check in report.checks] == [0, 1]
    assert all(check.weights_error < 1e-6 for check in report.checks)
    label = main_window.stepper_panel.gradient_label
    qtbot.waitUntil(lambda: "✓&nbsp;wh" in label.text() and "✓&nbsp;wo" in label.text())
    assert "all 100 points" in label.text()


def test_a_gradient_check_is_not_shown_for_a_network_it_did_not_check(qtbot, main_window):
    """G on the 2-4-1, then H, then B: the perceptron's step-through must not say "✓ wh … ✓ wo"."""
    enter(qtbot, main_window, epochs=50)
    press(qtbot, main_window, Qt.Key.Key_G)
    worker = main_window.training.worker
    qtbot.waitUntil(lambda: worker.latest().gradient_report is not None)
    press(qtbot, main_window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: worker.latest().stepper is None)
    press(qtbot, main_window, Qt.Key.Key_H)
    wait_for_config(qtbot, worker, hidden_layers=())
    press(qtbot, main_window, Qt.Key.Key_B)
    wait_phase(qtbot, main_window, 0)
    assert worker.latest().gradient_report is None
    assert "wh" not in main_window.stepper_panel.gradient_label.text()


def test_the_perceptron_walks_through_part_ones_names(qtbot, main_window):
    qtbot.mouseClick(main_window.findChild(QPushButton, "presetPerceptronButton"), Qt.MouseButton.LeftButton)
    wait_for_config(qtbot, main_window.training.worker, hidden_layers=())
    enter(qtbot, main_window)
    worker = main_window.training.worker
    names = set()
    walk = walk_through(headless(0, ARTICLE_PERCEPTRON))
    for phase in range(len(walk.phases)):
        if phase:
            worker.send(NextPhase())
        wait_phase(qtbot, main_window, phase)
        names |= set(main_window.stepper_panel.terms.value_labels)
        assert_panel_shows(main_window.stepper_panel, walk, phase, sample=0)
    assert {"XW", "z", "error", "dcost_dpred", "dpred_dz", "z_delta"} <= names


def test_a_deeper_network_gets_phases_per_layer(qtbot, main_window):
    config = ExperimentConfig(hidden_layers=(5, 4, 3), bias=True, initialiser="glorot")
    main_window.training.worker.send(Reconfigure(config))
    wait_for_config(qtbot, main_window.training.worker, hidden_layers=(5, 4, 3))
    enter(qtbot, main_window)
    panel = main_window.stepper_panel
    labels = [button.text() for button in panel.strip.buttons()]
    assert labels == [
        "1 Layer 1 →",
        "2 Layer 2 →",
        "3 Layer 3 →",
        "4 Layer 4 →",
        "5 Cost",
        "6 Layer 4 ←",
        "7 Layer 3 ←",
        "8 Layer 2 ←",
        "9 Layer 1 ←",
        "10 Update",
    ]
    walk = walk_through(headless(0, config))
    qtbot.mouseClick(panel.strip.button(6), Qt.MouseButton.LeftButton)
    wait_phase(qtbot, main_window, 6)
    assert_panel_shows(panel, walk, 6, sample=0)


def test_a_divergence_during_the_walk_is_reported_not_crashed(qtbot, main_window):
    config = ExperimentConfig(output_activation="linear", learning_rate=50.0)
    worker = main_window.training.worker
    worker.send(Reconfigure(config))
    wait_for_config(qtbot, worker, learning_rate=50.0)
    enter(qtbot, main_window)
    for _ in range(6 * 50):
        worker.send(NextPhase())
    qtbot.waitUntil(lambda: worker.latest().state == RunState.DIVERGED)
    notice = main_window.stepper_panel.notice
    qtbot.waitUntil(notice.isVisible)
    assert "diverged at epoch" in notice.text()


def test_the_session_rewinds_bit_for_bit_headless():
    trainer = Trainer(ExperimentConfig())
    trainer.train(3)
    session = StepperSession(trainer, resume_playing=False)
    first = session.walk
    for _ in range(6):
        assert session.next() is (session.phase == 0 and session.walk is not first)
    assert trainer.epoch == 4
    assert session.previous() is True
    assert trainer.epoch == 3 and session.phase == 5
    again = session.walk
    for ours, theirs in zip(first.phases, again.phases):
        for a, b in zip(ours.terms, theirs.terms):
            assert np.array_equal(a.value, b.value)


def test_phase_keys_work_in_a_row_even_from_the_table(qtbot, main_window):
    enter(qtbot, main_window)
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    main_window.stepper_panel.batch_view.setFocus()
    for key, phase in (
        (Qt.Key.Key_N, 1),
        (Qt.Key.Key_PageDown, 2),
        (Qt.Key.Key_N, 3),
        (Qt.Key.Key_PageUp, 2),
    ):
        qtbot.keyClick(main_window.focusWidget(), key)
        wait_phase(qtbot, main_window, phase)
        assert main_window.isActiveWindow(), "a phase change must not open (and activate) a stray window"
    visible = [widget for widget in QApplication.topLevelWidgets() if widget.isVisible()]
    assert visible == [main_window]


def test_every_step_through_and_diagram_control_has_a_tooltip(qtbot, main_window):
    enter(qtbot, main_window)
    panels = (main_window.stepper_panel, main_window.network_view)
    kinds = (QAbstractButton, QLineEdit, QTableView)
    qt_internal = ("qt_tableview_cornerbutton", "ScrollLeftButton", "ScrollRightButton")
    controls = [
        w
        for panel in panels
        for kind in kinds
        for w in panel.findChildren(kind)
        if w.objectName() not in qt_internal
    ]
    assert len(controls) >= 12
    assert not [w.objectName() or type(w).__name__ for w in controls if not w.toolTip()]
    actions = (
        main_window.menus.stepper_action,
        main_window.menus.next_phase_action,
        main_window.menus.previous_phase_action,
        main_window.menus.leave_stepper_action,
        main_window.menus.gradient_check_action,
    )
    assert [a.shortcut().toString() for a in actions] == ["B", "N", "P", "Esc", "G"]
    assert all(a.toolTip() for a in actions)


def test_a_step_of_many_epochs_inside_the_walk_lands_on_the_next_epochs_first_phase(qtbot, main_window):
    enter(qtbot, main_window)
    worker = main_window.training.worker
    worker.send(GoToPhase(3))
    wait_phase(qtbot, main_window, 3, 0)
    worker.send(Step(40))
    frame = wait_phase(qtbot, main_window, 0, 40)
    assert frame.state == RunState.PAUSED
    assert frame.stepper.can_go_back is False
    assert_panel_shows(main_window.stepper_panel, walk_through(headless(40)), 0, sample=0)
