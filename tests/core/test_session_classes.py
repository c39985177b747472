"""Sessions keep their number of classes; old files read as two classes; labels must fit their K."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, THREE_ARM_SPIRAL
from nnplayground.core.session import SessionError, load_session, save_session
from nnplayground.core.trainer import Trainer


def _rewritten(path, change_document=None, change_arrays=None):
    """The session at ``path`` with its settings or arrays changed, as a damaged or older file would be."""
    with zipfile.ZipFile(path) as bundle:
        document = json.loads(bundle.read("session.json"))
        with np.load(io.BytesIO(bundle.read("arrays.npz"))) as npz:
            arrays = {name: npz[name] for name in npz.files}
    if change_document:
        change_document(document)
    if change_arrays:
        change_arrays(arrays)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("session.json", json.dumps(document))
        bundle.writestr("arrays.npz", buffer.getvalue())
    return path


@pytest.fixture
def three_classes(tmp_path):
    trainer = Trainer(THREE_ARM_SPIRAL.replace(n_samples=90, hidden_layers=(5,)))
    trainer.train(30)
    path = tmp_path / "spiral.nnpg"
    save_session(path, trainer, custom_data=False)
    return trainer, path


def test_a_three_class_session_comes_back_with_its_classes_and_runs_on_identically(three_classes):
    trainer, path = three_classes
    loaded, custom = load_session(path)
    assert not custom and loaded.config == trainer.config and loaded.config.classes == 3
    assert loaded.network.weights[-1].shape == (5, 3)
    loaded.train(10)
    trainer.train(10)
    assert loaded.last_loss == trainer.last_loss


def test_a_session_saved_before_there_were_classes_loads_as_two_classes(tmp_path):
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(20)
    path = tmp_path / "old.nnpg"
    save_session(path, trainer, custom_data=False)
    _rewritten(path, lambda d: d["config"].pop("classes"))
    loaded, _ = load_session(path)
    assert loaded.config.classes == 2 and loaded.config == ARTICLE_ONE_HIDDEN_LAYER


def test_a_label_beyond_the_sessions_classes_is_refused_in_words(three_classes):
    _, path = three_classes
    _rewritten(path, change_arrays=lambda a: a["data.y_train"].__setitem__(0, 3.0))
    with pytest.raises(
        SessionError,
        match=r"the training labels must all be whole numbers from 0 to 2, the settings' 3 classes",
    ):
        load_session(path)


def test_more_than_six_classes_are_refused_in_words(three_classes):
    _, path = three_classes
    _rewritten(path, lambda d: d["config"].update(classes=7))
    with pytest.raises(SessionError, match=r"classes must be a whole number from 2 to 6 \(got 7\)"):
        load_session(path)


def test_a_class_count_the_output_layer_does_not_have_is_refused(three_classes):
    _, path = three_classes
    _rewritten(path, lambda d: d["config"].update(classes=4))
    with pytest.raises(SessionError, match="the weights of layer 2 must have the shape 5×4, not 5×3"):
        load_session(path)


def test_imported_points_must_keep_two_of_every_class(three_classes):
    _, path = three_classes

    def few_of_class_two(arrays):
        arrays["data.X_train"] = arrays["data.X_train"][:5]
        arrays["data.y_train"] = np.array([[0.0], [0], [1], [1], [2]])

    _rewritten(path, lambda d: d.update(custom_data=True), few_of_class_two)
    with pytest.raises(SessionError, match="1 point of class 2; each class needs at least 2"):
        load_session(path)
