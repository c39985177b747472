"""Typing into the panel's number boxes: a typed value is taken exactly, or refused in words.

Plain Qt spin boxes drop the keystrokes they do not like, so "1,5" became 15
points and "1e-400" 14 % test points without a word. Every number box of the
panel now either takes what was typed, exactly, or says what it allows, what
it got and what it kept — and shows the kept value.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QLocale, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication

from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.ui.controls.panel import ControlPanel
from nnplayground.ui.widgets.spinboxes import DecimalSpinBox, LogSpinBox, WholeSpinBox

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

GARBAGE = (
    "1,5", "0x10", "1.2.3", "1e7", "1e-400", "nan", "abc", "", "-5", "inf", "1e999",
    "99999999999999999999", "-99999999999999999999", "--1", "0.5.", "12 34",
)  # fmt: skip


def epochs_per_step(panel: ControlPanel) -> int:
    return panel.epochs_per_step()


# object name, what the message calls it, what it changes (read from the panel), a valid text and its value
CONTROLS = [
    ("samplesSpin", "Number of points", lambda p: p.config.n_samples, "250", 250),
    ("noiseSpin", "Noise", lambda p: p.config.noise, "0.25", 0.25),
    ("testFractionSpin", "Test points percentage", lambda p: p.config.test_fraction, "30", 0.3),
    ("hiddenLayerCountSpin", "Number of hidden layers", lambda p: p.config.hidden_layers, "2", (4, 4)),
    ("hiddenUnitsSpin", "Neurons in hidden layer 1", lambda p: p.config.hidden_layers, "7", (7,)),
    ("momentumSpin", "Momentum", lambda p: p.config.momentum, "0.55", 0.55),
    ("batchSizeSpin", "Batch size", lambda p: p.config.batch_size, "10", 10),
    ("epochsPerStepSpin", "Epochs per step (custom)", epochs_per_step, "250", 250),
    ("learningRateSpin", "learning rate", lambda p: p.config.learning_rate, "0.03", 0.03),
    ("l1Spin", "L1 rate", lambda p: p.config.l1, "0.001", 0.001),
    ("l2Spin", "L2 rate", lambda p: p.config.l2, "0.3", 0.3),
]
IDS = [control[0] for control in CONTROLS]


@pytest.fixture
def panel(qtbot):
    """The article's panel with every number box usable: momentum on, a custom number of epochs."""
    widget = ControlPanel(ARTICLE_ONE_HIDDEN_LAYER)
    qtbot.addWidget(widget)
    widget.training.optimiser.setCurrentIndex(widget.training.optimiser.findData("momentum"))
    widget.run.epochs_combo.setCurrentIndex(widget.run.epochs_combo.count() - 1)
    return widget


def spin_box(panel: ControlPanel, object_name: str) -> QAbstractSpinBox:
    spin = panel.findChild(QAbstractSpinBox, object_name)
    assert spin is not None, object_name
    return spin


def type_into(qtbot, spin: QAbstractSpinBox, text: str) -> None:
    """What a person does: select the box's text, type over it, press Enter."""
    edit = spin.lineEdit()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    for character in text:
        if character.isascii():
            qtbot.keyClicks(edit, character)
            continue
        # QtTest only knows ASCII keys: others arrive as the bare key events a keyboard layout sends.
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                edit, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
            )
    qtbot.keyClick(edit, Qt.Key.Key_Return)


@pytest.mark.parametrize("text", GARBAGE)
@pytest.mark.parametrize(("object_name", "what", "read", "_valid", "_value"), CONTROLS, ids=IDS)
def test_text_that_is_not_an_allowed_value_is_refused_with_what_is_allowed(
    qtbot, panel, object_name, what, read, _valid, _value, text
):
    spin = spin_box(panel, object_name)
    before, shown = read(panel), spin.text()
    with qtbot.assertNotEmitted(panel.command):
        type_into(qtbot, spin, text)
    assert read(panel) == before
    assert spin.text() == shown, "the box shows the kept value"
    message = panel.message.text()
    assert panel.message.isVisibleTo(panel)
    assert message.startswith(f"{what} must be ")
    assert f"(got {text or 'nothing'}); kept " in message


@pytest.mark.parametrize(("object_name", "_what", "read", "valid", "value"), CONTROLS, ids=IDS)
def test_a_typed_allowed_value_is_taken_exactly(qtbot, panel, object_name, _what, read, valid, value):
    spin = spin_box(panel, object_name)
    type_into(qtbot, spin, "abc")
    type_into(qtbot, spin, valid)
    assert read(panel) == value
    assert not panel.message.isVisibleTo(panel), "a good value clears the last refusal"


def test_the_message_says_what_was_kept_in_the_box_s_own_words(qtbot, panel):
    type_into(qtbot, spin_box(panel, "samplesSpin"), "1,5")
    assert (
        panel.message.text()
        == "Number of points must be a whole number from 4 to 100\u2009000 (got 1,5); kept 100"
    )
    type_into(qtbot, spin_box(panel, "testFractionSpin"), "1e-400")
    assert panel.message.text() == (
        "Test points percentage must be a whole number from 0 to 90 (got 1e-400); kept 0 %"
    )
    type_into(qtbot, spin_box(panel, "noiseSpin"), "0.123")
    assert panel.message.text() == (
        "Noise must be a number from 0.00 to 1.00 with at most 2 decimals (got 0.123); kept 0.10"
    )
    type_into(qtbot, spin_box(panel, "batchSizeSpin"), "101")
    assert panel.message.text() == (
        "Batch size must be 0 (“full batch (article)”) or a whole number from 1 to 100 (got 101); "
        "kept full batch (article)"
    )


def test_the_refusal_shows_below_the_group_the_box_is_in(qtbot, panel):
    panel.show()
    message = panel.message
    type_into(qtbot, spin_box(panel, "epochsPerStepSpin"), "1.5")
    qtbot.waitUntil(lambda: panel.run.geometry().bottom() < message.y() < panel.presets.y())
    type_into(qtbot, spin_box(panel, "samplesSpin"), "1.5")
    qtbot.waitUntil(lambda: panel.data.geometry().bottom() < message.y() < panel.features.y())


@pytest.mark.parametrize("text", ["1,000", "1 000", "1\u2009000", " 1000 ", "+1000"])
def test_points_may_be_typed_with_their_thousands_grouped(qtbot, panel, text):
    type_into(qtbot, spin_box(panel, "samplesSpin"), text)
    assert panel.config.n_samples == 1000
    assert spin_box(panel, "samplesSpin").text() == "1\u2009000", "grouped as the window writes counts"


def test_the_special_text_and_the_suffix_the_box_shows_may_be_typed(qtbot, panel):
    type_into(qtbot, spin_box(panel, "batchSizeSpin"), "10")
    type_into(qtbot, spin_box(panel, "batchSizeSpin"), "full batch (article)")
    assert panel.config.batch_size == 0
    type_into(qtbot, spin_box(panel, "testFractionSpin"), "20 %")
    assert panel.config.test_fraction == 0.2


def test_arrows_page_keys_and_the_wheel_still_step(qtbot, panel):
    samples = spin_box(panel, "samplesSpin")
    qtbot.keyClick(samples.lineEdit(), Qt.Key.Key_Up)
    assert panel.config.n_samples == 110, "up by a tenth (the box steps adaptively)"
    noise = spin_box(panel, "noiseSpin")
    qtbot.keyClick(noise.lineEdit(), Qt.Key.Key_PageUp)
    assert panel.config.noise == 0.6
    rate = spin_box(panel, "learningRateSpin")
    qtbot.keyClick(rate.lineEdit(), Qt.Key.Key_Down)
    assert panel.config.learning_rate == 0.2
    units = spin_box(panel, "hiddenUnitsSpin")
    units.setFocus()
    centre = QPointF(units.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(units.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(units, wheel)
    assert panel.config.hidden_layers == (5,)
    assert not panel.message.isVisibleTo(panel)


def test_text_typed_before_a_rate_arrow_is_read_first(qtbot, panel):
    rate = spin_box(panel, "learningRateSpin")
    rate.lineEdit().selectAll()
    qtbot.keyClicks(rate.lineEdit(), "0.03")
    qtbot.keyClick(rate.lineEdit(), Qt.Key.Key_Up)
    assert panel.config.learning_rate == 0.05


# ----- the boxes on their own ---------------------------------------------------------


def whole(qtbot, low: int, high: int, **options) -> WholeSpinBox:
    spin = WholeSpinBox("Count")
    qtbot.addWidget(spin)
    spin.setRange(low, high)
    spin.setGroupSeparatorShown(True)
    for option, value in options.items():
        getattr(spin, option)(value)
    spin.refusals = []
    spin.refused.connect(spin.refusals.append)
    return spin


def enter(spin: QAbstractSpinBox, text: str) -> None:
    spin.lineEdit().setText(text)
    spin.interpretText()


@pytest.mark.parametrize("text", ["٣", "½", "١٠", "1e", "1_000", "10 00", "1,00,000", "0b11", "3.0"])
def test_digits_other_than_0_to_9_and_odd_grouping_are_refused(qtbot, text):
    spin = whole(qtbot, 0, 1_000_000, setValue=7)
    enter(spin, text)
    assert spin.value() == 7
    million = "1\u2009000\u2009000"
    assert spin.refusals == [f"Count must be a whole number from 0 to {million} (got {text}); kept 7"]


@pytest.mark.parametrize("locale", ["de_DE", "fr_FR", "ar_EG", "hi_IN"])
def test_what_the_box_shows_in_any_locale_can_be_typed_back(qtbot, locale):
    spin = whole(qtbot, 0, 1_000_000, setLocale=QLocale(locale), setValue=123_456)
    decimal = DecimalSpinBox("Share", 2)
    qtbot.addWidget(decimal)
    decimal.setLocale(QLocale(locale))
    decimal.setValue(0.25)
    for box, value, other in ((spin, 123_456, 9), (decimal, 0.25, 0.5)):
        shown = box.text()
        box.setValue(other)
        enter(box, shown)
        assert box.value() == value, shown


def test_a_decimal_box_refuses_more_decimals_than_it_shows_rather_than_rounding(qtbot):
    box = DecimalSpinBox("Share", 2)
    qtbot.addWidget(box)
    refusals = []
    box.refused.connect(refusals.append)
    box.setValue(0.5)
    for text in ("0.123", "1e-400", "0.0000001"):
        enter(box, text)
        assert box.value() == 0.5
    assert len(refusals) == 3
    for text, value in (("0.120", 0.12), ("5e-1", 0.5), (".75", 0.75), ("-0", 0.0)):
        enter(box, text)
        assert box.value() == value
    assert box.text() == "0.00", "minus zero is shown as 0"


def test_a_rate_box_takes_0_only_when_it_is_off_and_never_as_a_rounded_tiny_number(qtbot):
    penalty = LogSpinBox(1e-5, 10.0, "L1 rate", zero_allowed=True)
    rate = LogSpinBox(1e-6, 1e6, "learning rate")
    refusals = []
    for box in (penalty, rate):
        qtbot.addWidget(box)
        box.refused.connect(refusals.append)
    penalty.setValue(0.003)
    enter(penalty, "1e-400")
    assert penalty.value() == 0.003
    enter(penalty, "0")
    assert penalty.value() == 0
    rate.setValue(0.5)
    enter(rate, "0")
    assert rate.value() == 0.5
    assert refusals == [
        "L1 rate must be 0 or a number from 1e-05 to 10 with at most 5 decimals (got 1e-400); kept 0.003",
        "learning rate must be a number from 1e-06 to 1e+06 with at most 6 decimals (got 0); kept 0.5",
    ]
