"""Training points shaded by one value each (a sample's share of a gradient), classes still readable."""

from __future__ import annotations

import numpy as np
import pytest

from nnplayground.core.trainer import Trainer
from nnplayground.ui.boundary.sample_shading import NEGATIVE_SHARE, POSITIVE_SHARE
from nnplayground.ui.boundary.view import BoundaryView
from tests.ui.helpers import CLASSIFICATION, on_screen


@pytest.fixture
def view(qtbot) -> BoundaryView:
    view = on_screen(qtbot, BoundaryView(), 700, 520)
    view.show_snapshot(Trainer(CLASSIFICATION).snapshot())
    return view


def drawn_haloes(view: BoundaryView) -> list[tuple[float, float, float, str, str]]:
    """Each halo drawn: its centre, diameter, fill colour and outline colour."""
    return [
        (p.pos().x(), p.pos().y(), p.size(), p.brush().color().name(), p.pen().color().name())
        for p in view._shading.item.points()
    ]


def test_each_point_gets_a_halo_sized_by_its_value_and_coloured_by_its_sign(view):
    data = view._data
    values = np.linspace(-1.0, 2.0, data.n_train) + 0.01
    values[5] = 0.0
    view.shade_samples(values)

    haloes = {
        (round(x, 9), round(y, 9)): (size, fill, outline) for x, y, size, fill, outline in drawn_haloes(view)
    }
    assert len(haloes) == data.n_train - 1  # a share of zero draws no halo
    largest = haloes[tuple(np.round(data.X_train[int(np.argmax(values))], 9))]
    for row, value in enumerate(values):
        at = tuple(np.round(data.X_train[row], 9))
        if value == 0:
            assert at not in haloes
            continue
        size, fill, outline = haloes[at]
        assert size <= largest[0]
        if value > 0:
            assert fill == POSITIVE_SHARE.lower()
        else:
            assert outline == NEGATIVE_SHARE.lower()
    # Twice the share, twice the area.
    a, b = (haloes[tuple(np.round(data.X_train[row], 9))][0] for row in (int(np.argmax(values)), 0))
    assert a > b


def test_the_class_dots_stay_as_they_were(view):
    before = [(p.brush().color().name(), p.size()) for p in view._train.points()]
    view.shade_samples(np.ones(view._data.n_train))
    assert [(p.brush().color().name(), p.size()) for p in view._train.points()] == before
    assert view._shading.item.zValue() < view._train.zValue()


def test_none_restores_plain_points_and_the_legend(view):
    plain = [label.text for _, label in view._legend.items]
    view.shade_samples(np.arange(view._data.n_train) - 10.0)
    shaded = [label.text for _, label in view._legend.items]
    assert {"positive share", "negative share"} <= set(shaded)
    assert view.sample_shading is not None
    view.shade_samples(None)
    assert view._shading.item.points().size == 0 and view.sample_shading is None
    assert [label.text for _, label in view._legend.items] == plain


def test_values_that_do_not_pair_with_the_points_are_refused(view):
    with pytest.raises(ValueError, match="one value per training point"):
        view.shade_samples(np.ones(view._data.n_train + 1))


def test_new_data_drops_a_shading_that_no_longer_fits(view):
    view.shade_samples(np.ones(view._data.n_train))
    view.show_snapshot(Trainer(CLASSIFICATION.replace(n_samples=60)).snapshot())
    assert view.sample_shading is None and view._shading.item.points().size == 0
