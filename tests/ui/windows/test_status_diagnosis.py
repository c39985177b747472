"""The status bar's saturation warning reads as a sentence, at 1280×800 in full and at 1024×700 in brief."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtWidgets import QApplication

from nnplayground.live.commands import SetWeight
from nnplayground.ui.windows.status import bar_sentences

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

ADVICE = (
    "4 of 4 hidden neurons saturated — try a lower learning rate, a mean-based loss (MSE or log-loss) "
    "or another initialiser, then Reset: their gradients vanish, so training has all but stopped"
)


def test_the_bar_drops_the_why_and_the_later_fixes_before_the_diagnosis_and_the_first_fix():
    sentences = bar_sentences(ADVICE)
    assert sentences[0] == ADVICE
    assert sentences[1] == (
        "4 of 4 hidden neurons saturated — try a lower learning rate, a mean-based loss "
        "or another initialiser"
    )
    assert all(len(a) > len(b) for a, b in pairwise(sentences))
    assert all("saturated" in s and "try a lower learning rate" in s for s in sentences)
    assert sentences[-1] == "4/4 saturated: try a lower learning rate"
    assert bar_sentences("something else entirely") == ["something else entirely"]


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((1280, 800), "⚠ 4 of 4 hidden neurons saturated — try a lower learning rate"),
        ((1024, 700), "saturated: try a lower learning rate"),
    ],
)
def test_the_saturation_warning_is_not_cut_and_names_the_first_fix(qtbot, main_window, size, expected):
    main_window.resize(*size)
    main_window.tour.hide()
    for unit in range(4):
        for row in range(2):
            main_window.training.send(SetWeight(0, row, unit, 900.0 * (1 if (row + unit) % 2 else -1)))
    status = main_window.status.diagnosis
    qtbot.waitUntil(status.isVisible, timeout=5000)
    QApplication.processEvents()
    shown = status.shown_text()
    assert expected in shown and not shown.endswith("…"), shown
    assert status.fontMetrics().horizontalAdvance(shown) <= status.contentsRect().width()
    # The whole advice, the why included, is one hover away.
    assert "mean-based loss (MSE or log-loss)" in status.toolTip()
    assert "gradients vanish" in status.toolTip()
