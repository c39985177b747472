"""Class labels and outputs read one way, and the configuration rules for K classes."""

import numpy as np
import pytest

from nnplayground.core.article_names import weight_number
from nnplayground.core.classes import MAX_CLASSES, class_probabilities, one_hot, predicted_classes
from nnplayground.core.config import ConfigError, ExperimentConfig

SOFTMAX = {"output_activation": "softmax", "loss": "cross_entropy"}


def test_a_sigmoid_output_becomes_two_class_probabilities():
    p = np.array([[0.2], [0.9], [0.5]])
    np.testing.assert_array_equal(class_probabilities(p), np.hstack([1 - p, p]))
    # 0.5 exactly is not above the article's threshold: class 0, as argmax breaks a softmax tie.
    assert predicted_classes(p).tolist() == [0, 1, 0]
    assert predicted_classes(np.array([[0.5, 0.5]])).tolist() == [0]


def test_a_softmax_output_is_read_as_it_is():
    outputs = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])
    assert class_probabilities(outputs) is outputs
    assert predicted_classes(outputs).tolist() == [1, 0]


def test_one_hot_puts_a_one_in_each_points_class_column():
    labels = np.array([[2.0], [0.0], [1.0], [2.0]])
    np.testing.assert_array_equal(one_hot(labels, 3), [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert one_hot(labels, 3, np.float32).dtype == np.float32


@pytest.mark.parametrize(
    ("labels", "classes", "message"),
    [
        ([[3.0]], 3, "labels must be class indices 0 to 2"),
        ([[-1.0]], 2, "labels must be class indices 0 to 1"),
        ([[0.0]], MAX_CLASSES + 1, f"classes must be from 2 to {MAX_CLASSES}"),
    ],
)
def test_one_hot_refuses_what_it_cannot_encode(labels, classes, message):
    with pytest.raises(ValueError, match=message):
        one_hot(np.array(labels), classes)


def test_the_default_configuration_is_still_the_articles_two_class_sigmoid():
    config = ExperimentConfig()
    assert (config.classes, config.output_activation, config.loss) == (2, "sigmoid", "half_sse")


def test_an_old_session_without_classes_loads_as_two():
    data = ExperimentConfig().to_dict()
    del data["classes"]
    assert ExperimentConfig.from_dict(data).classes == 2


def test_softmax_configurations_that_are_allowed():
    for dataset in ("spiral", "blobs"):
        for classes in range(2, MAX_CLASSES + 1):
            assert ExperimentConfig(dataset=dataset, classes=classes, **SOFTMAX).validate().classes == classes
    assert ExperimentConfig(**SOFTMAX).validate().output_activation == "softmax"  # K = 2 on moons


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"dataset": "spiral", "classes": 3}, "3 classes need a softmax output"),
        (
            {"dataset": "moons", "classes": 3, **SOFTMAX},
            "moons has two classes; for 3–6 classes use blobs or spiral",
        ),
        ({"dataset": "blobs", "classes": 7, **SOFTMAX}, "classes must be a whole number from 2 to 6"),
        ({"classes": 1}, "classes must be a whole number from 2 to 6"),
        ({"classes": True}, "classes must be a whole number"),
        ({"output_activation": "softmax"}, "a softmax output needs the cross-entropy loss"),
        (
            {"loss": "cross_entropy"},
            "cross-entropy needs a softmax output; for a sigmoid output use log-loss",
        ),
        ({"hidden_activation": "softmax", **SOFTMAX}, "softmax is an output activation only"),
        (
            {"problem": "regression", "dataset": "plane", **SOFTMAX},
            "softmax and cross-entropy are for classification",
        ),
        ({"problem": "regression", "dataset": "plane", "classes": 3}, "leave it at 2 for regression"),
    ],
)
def test_each_refusal_says_what_is_allowed(changes, message):
    with pytest.raises(ConfigError, match=message):
        ExperimentConfig(**changes).validate()


def test_every_output_weight_of_k_outputs_has_its_own_article_number():
    sizes = [2, 4, 3]
    numbers = [
        weight_number(sizes, layer, row, column)
        for layer, (fan_in, fan_out) in enumerate(((2, 4), (4, 3)))
        for row in range(fan_in)
        for column in range(fan_out)
    ]
    assert sorted(numbers) == list(range(1, 21))
    assert weight_number([2, 4, 1], 1, 0, 0) == 9, "the article's w9 stays w9"
    assert sorted(weight_number([2, 3], 0, row, column) for row in range(2) for column in range(3)) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
