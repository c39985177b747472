import warnings

import numpy as np
import pytest

from nnplayground.core.activations import ACTIVATIONS, get_activation, sigmoid
from nnplayground.core.losses import get_loss, half_sse, log_loss


def test_sigmoid_is_silent_and_saturates_at_extreme_inputs():
    z = np.array([-1000.0, -745.5, -710.0, 0.0, 710.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = sigmoid(z)
    assert a[0] == 0.0 and a[-1] == 1.0 and a[3] == 0.5
    assert np.all(np.isfinite(a))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_derivative_from_output_matches_finite_differences(name):
    activation = get_activation(name)
    z = np.linspace(-3, 3, 41) + 0.013  # avoid relu's kink at exactly 0
    numeric = (activation.value(z + 1e-6) - activation.value(z - 1e-6)) / 2e-6
    assert np.allclose(activation.derivative(activation.value(z)), numeric, atol=1e-8)


def test_unknown_names_list_what_is_allowed():
    with pytest.raises(ValueError, match="allowed: sigmoid, tanh, relu, linear"):
        get_activation("softsign")
    with pytest.raises(ValueError, match="allowed: half_sse, mse, log_loss"):
        get_loss("hinge")


def test_half_sse_is_the_articles_printed_cost():
    ao = np.array([[0.9], [0.2], [0.6]])
    labels = np.array([[1.0], [0.0], [1.0]])
    assert half_sse(ao, labels) == ((1 / 2) * (np.power((ao - labels), 2))).sum()
    assert get_loss("half_sse").gradient(ao, labels).tolist() == (ao - labels).tolist()


def test_log_loss_stays_finite_when_the_output_saturates():
    assert np.isfinite(log_loss(np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]])))
