"""Per-neuron maps: the picture inside each node is that neuron's real output over the plane."""

import numpy as np
import pytest

from nnplayground.core.activations import sigmoid
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.features import FEATURES, transform
from nnplayground.core.neuron_maps import grid_points, neuron_maps
from nnplayground.core.plane import cell_centres, output_grid
from nnplayground.core.trainer import Trainer

BOUNDS = (-1.5, 2.5, -1.0, 1.5)
ALL_FEATURES = tuple(FEATURES)


def trained(config: ExperimentConfig, epochs: int = 30) -> Trainer:
    trainer = Trainer(config)
    trainer.train(epochs)
    return trainer


def test_the_output_neurons_map_is_what_the_network_predicts_there():
    snapshot = trained(ExperimentConfig()).snapshot()
    maps = neuron_maps(snapshot.network, snapshot.config.input_features, BOUNDS, 24)
    _, _, points = grid_points(BOUNDS, 24)
    expected = snapshot.predict(points)[:, 0].reshape(24, 24)
    assert np.allclose(maps.layers[-1][0], expected, atol=1e-5)


def test_rows_run_up_the_plane_and_columns_across_it():
    maps = neuron_maps(Trainer(ExperimentConfig()).network, ("x1", "x2"), BOUNDS, 24)
    x1, x2 = maps.layers[0]
    assert np.allclose(x1[5], maps.xs) and np.allclose(x2[:, 7], maps.ys)
    assert maps.xs[0] > BOUNDS[0] and maps.xs[-1] < BOUNDS[1] and np.all(np.diff(maps.ys) > 0)


def test_a_hidden_neurons_map_is_its_activation_worked_out_from_its_weights():
    config = ExperimentConfig(hidden_layers=(3, 5), bias=True, hidden_activation="tanh", initialiser="glorot")
    network = trained(config).network
    maps = neuron_maps(network, config.input_features, BOUNDS, 20)
    _, _, points = grid_points(BOUNDS, 20)
    W1, b1, W2, b2 = network.weights[0], network.biases[0], network.weights[1], network.biases[1]
    first = np.tanh(points[:, 0] * W1[0, 1] + points[:, 1] * W1[1, 1] + b1[1])
    assert np.allclose(maps.layers[1][1].ravel(), first, atol=1e-5)
    hidden = np.tanh(points @ W1 + b1)
    second = np.tanh(sum(hidden[:, k] * W2[k, 4] for k in range(3)) + b2[4])
    assert np.allclose(maps.layers[2][4].ravel(), second, atol=1e-5)


def test_the_articles_hidden_unit_ah3_is_sigmoid_of_w5_x1_plus_w6_x2():
    network = trained(ExperimentConfig()).network
    maps = neuron_maps(network, ("x1", "x2"), BOUNDS, 24)
    _, _, points = grid_points(BOUNDS, 24)
    w5, w6 = network.weights[0][0, 2], network.weights[0][1, 2]
    assert np.allclose(maps.layers[1][2].ravel(), sigmoid(points[:, 0] * w5 + points[:, 1] * w6), atol=1e-6)


def test_input_maps_are_the_feature_columns():
    config = ExperimentConfig(input_features=ALL_FEATURES, hidden_layers=(8, 8, 8))
    maps = neuron_maps(Trainer(config).network, ALL_FEATURES, BOUNDS, 26)
    _, _, points = grid_points(BOUNDS, 26)
    columns = transform(points, ALL_FEATURES)
    assert maps.layers[0].shape == (7, 26, 26)
    for unit, name in enumerate(ALL_FEATURES):
        assert np.allclose(maps.layers[0][unit].ravel(), columns[:, unit], atol=1e-5), name


@pytest.mark.parametrize(
    ("hidden", "features"),
    [((), ("x1", "x2")), ((64,) * 6, ALL_FEATURES), ((4,), ("x1", "x2"))],
    ids=["perceptron", "six-by-64", "article"],
)
def test_one_map_per_neuron_per_layer(hidden, features):
    config = ExperimentConfig(input_features=features, hidden_layers=hidden, initialiser="glorot")
    maps = neuron_maps(Trainer(config).network, features, BOUNDS, 28)
    assert [layer.shape for layer in maps.layers] == [(size, 28, 28) for size in (len(features), *hidden, 1)]
    assert all(np.isfinite(layer).all() for layer in maps.layers)


def test_a_diverging_networks_huge_weights_do_not_overflow_the_maps():
    network = Trainer(ExperimentConfig(output_activation="linear", hidden_activation="linear")).network
    network.weights[0][:] = 1e35
    maps = neuron_maps(network, ("x1", "x2"), BOUNDS, 8)
    assert maps.layers[1].dtype == np.float64 and np.isfinite(maps.layers[1]).all()


def test_a_grid_needs_at_least_two_points_a_side():
    with pytest.raises(ValueError, match="at least 2×2"):
        grid_points(BOUNDS, 1)


def test_the_output_nodes_map_is_the_boundary_views_picture_at_the_same_resolution():
    network = trained(ExperimentConfig()).network
    maps = neuron_maps(network, ("x1", "x2"), BOUNDS, 24)
    x0, x1, y0, y1 = BOUNDS
    output, _, _ = output_grid(network, ("x1", "x2"), cell_centres(x0, x1, 24), cell_centres(y0, y1, 24))
    assert np.array_equal(maps.xs, cell_centres(x0, x1, 24)) and np.array_equal(
        maps.ys, cell_centres(y0, y1, 24)
    )
    assert np.array_equal(maps.layers[-1][0], output)
