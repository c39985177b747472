"""The control panel on its own: each control changes its one field, and any config can be shown."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QPushButton, QSpinBox

from nnplayground.core.activations import ACTIVATIONS
from nnplayground.core.config import (
    DTYPES,
    INITIALISERS,
    OPTIMISERS,
    PROBLEMS,
    ConfigError,
    ExperimentConfig,
)
from nnplayground.core.features import FEATURES
from nnplayground.core.losses import LOSSES
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER, ARTICLE_PERCEPTRON
from nnplayground.live.commands import Reconfigure, UseGeneratedData
from nnplayground.ui.controls.panel import ControlPanel
from nnplayground.ui.controls.training import FULL_BATCH_TEXT

pytestmark = [pytest.mark.qt_log_level_fail("WARNING")]


@pytest.fixture
def panel(qtbot):
    widget = ControlPanel(ARTICLE_ONE_HIDDEN_LAYER)
    qtbot.addWidget(widget)
    widget.commands = []
    widget.command.connect(widget.commands.append)
    return widget


def sent(panel: ControlPanel) -> list[ExperimentConfig]:
    """The configurations the panel sent for the training thread to take on."""
    return [command.config for command in panel.commands if isinstance(command, Reconfigure)]


def child(panel: ControlPanel, kind: type, name: str):
    widget = panel.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name!r}"
    return widget


def choose(panel: ControlPanel, name: str, value: object) -> None:
    combo = child(panel, QComboBox, name)
    index = combo.findData(value)
    assert index >= 0, f"{name} offers no {value!r}"
    combo.setCurrentIndex(index)


def shown(panel: ControlPanel, hidden_fields: ExperimentConfig) -> ExperimentConfig:
    """The configuration the widgets show; fields with no widget come from ``hidden_fields``."""
    count = panel.network.layer_count.value()
    return hidden_fields.replace(
        problem=panel.data.problem_combo.currentData(),
        dataset=panel.data.dataset_combo.currentData(),
        n_samples=panel.data.samples_spin.value(),
        noise=round(panel.data.noise_spin.value(), 2),
        data_seed=int(panel.data.seed_label.text().split()[-1]),
        test_fraction=panel.data.test_spin.value() / 100,
        input_features=tuple(name for name, check in panel.features.checks.items() if check.isChecked()),
        hidden_layers=tuple(spin.value() for spin in panel.network.units_spins[:count]),
        hidden_activation=panel.network.hidden_activation.currentData(),
        output_activation=panel.network.output_activation.currentData(),
        bias=panel.network.bias_check.isChecked(),
        initialiser=panel.network.initialiser.currentData(),
        learning_rate=panel.training.learning_rate.value(),
        loss=panel.training.loss_combo.currentData(),
        optimiser=panel.training.optimiser.currentData(),
        batch_size=panel.training.batch.value(),
        momentum=round(panel.training.momentum.value(), 3),
        l1=panel.training.l1.value(),
        l2=panel.training.l2.value(),
        dtype=panel.training.precision.currentData(),
    )


def random_config(rng: np.random.Generator) -> ExperimentConfig:
    """A valid configuration at the widgets' resolution (2 decimals of noise, whole percents…)."""
    while True:
        problem = str(rng.choice(PROBLEMS))
        base = ExperimentConfig(problem=problem, dataset="plane" if problem == "regression" else "moons")
        features = tuple(name for name in FEATURES if rng.random() < 0.4) or ("x2",)
        n_samples = int(rng.integers(4, 100_001))
        try:
            return base.replace(
                dataset=str(rng.choice(base.datasets)),
                n_samples=n_samples,
                noise=round(float(rng.random()), 2),
                data_seed=int(rng.integers(0, 2**32)),
                test_fraction=int(rng.integers(0, 91)) / 100,
                input_features=features,
                hidden_layers=tuple(int(u) for u in rng.integers(1, 257, size=rng.integers(0, 7))),
                hidden_activation=str(rng.choice(list(ACTIVATIONS))),
                output_activation=str(rng.choice(list(ACTIVATIONS))),
                bias=bool(rng.random() < 0.5),
                initialiser=str(rng.choice(INITIALISERS)),
                weight_seed=None if rng.random() < 0.5 else int(rng.integers(0, 2**32)),
                learning_rate=float(rng.choice([1e-6, 0.001, 0.03, 0.5, 2.0, 7.25, 1e6])),
                loss=str(rng.choice(list(LOSSES))),
                optimiser=str(rng.choice(OPTIMISERS)),
                batch_size=int(rng.integers(0, n_samples + 1)),
                momentum=round(float(rng.random()) * 0.999, 3),
                l1=float(rng.choice([0.0, 1e-5, 0.003, 10.0])),
                l2=float(rng.choice([0.0, 0.0001, 0.3, 2.5])),
                dtype=str(rng.choice(DTYPES)),
            )
        except ConfigError:
            continue  # e.g. log-loss drawn for regression; draw again


def test_any_valid_config_is_shown_exactly_without_being_sent_back(panel):
    rng = np.random.default_rng(5)
    for _ in range(60):
        config = random_config(rng)
        panel.adopt(config)
        assert shown(panel, config) == config
        assert panel.config == config
    assert sent(panel) == []


CHANGES = [
    (lambda p: choose(p, "datasetCombo", "xor"), {"dataset": "xor"}),
    (lambda p: child(p, QSpinBox, "hiddenLayerCountSpin").setValue(3), {"hidden_layers": (4, 4, 4)}),
    (lambda p: child(p, QSpinBox, "hiddenUnitsSpin").setValue(9), {"hidden_layers": (9,)}),
    (lambda p: choose(p, "initialiserCombo", "he"), {"initialiser": "he"}),
    (lambda p: choose(p, "hiddenActivationCombo", "relu"), {"hidden_activation": "relu"}),
    (lambda p: child(p, QCheckBox, "biasCheck").setChecked(True), {"bias": True}),
    (
        lambda p: child(p, QCheckBox, "featureSinX1Check").setChecked(True),
        {"input_features": ("x1", "x2", "sin(x1)")},
    ),
    (lambda p: child(p, QCheckBox, "featureX1Check").setChecked(False), {"input_features": ("x2",)}),
    (lambda p: choose(p, "optimiserCombo", "adam"), {"optimiser": "adam"}),
    (lambda p: child(p, QDoubleSpinBox, "momentumSpin").setValue(0.5), {"momentum": 0.5}),
    (lambda p: child(p, QSpinBox, "batchSizeSpin").setValue(7), {"batch_size": 7}),
    (lambda p: child(p, QDoubleSpinBox, "l1Spin").setValue(0.01), {"l1": 0.01}),
    (lambda p: child(p, QDoubleSpinBox, "l2Spin").stepBy(1), {"l2": 1e-5}),
    (lambda p: choose(p, "lossCombo", "log_loss"), {"loss": "log_loss"}),
    (lambda p: child(p, QDoubleSpinBox, "learningRateSpin").stepBy(1), {"learning_rate": 1.0}),
    (lambda p: child(p, QSpinBox, "testFractionSpin").setValue(20), {"test_fraction": 0.2}),
    (lambda p: child(p, QPushButton, "regenerateButton").click(), {"data_seed": 1}),
]


@pytest.mark.parametrize(("change", "expected"), CHANGES)
def test_each_control_changes_its_own_field_and_nothing_else(panel, change, expected):
    change(panel)
    assert panel.config == ARTICLE_ONE_HIDDEN_LAYER.replace(**expected)
    assert sent(panel) == [panel.config]
    assert not panel.message.text()


def test_the_momentum_box_is_only_enabled_for_the_momentum_optimiser(panel):
    momentum = child(panel, QDoubleSpinBox, "momentumSpin")
    assert not momentum.isEnabled()
    choose(panel, "optimiserCombo", "momentum")
    assert momentum.isEnabled()


def test_switching_the_problem_lists_only_its_datasets_and_picks_a_loss_it_allows(panel):
    choose(panel, "lossCombo", "log_loss")
    choose(panel, "problemCombo", "regression")
    datasets = child(panel, QComboBox, "datasetCombo")
    assert [datasets.itemData(i) for i in range(datasets.count())] == ["plane", "multi_gaussian"]
    assert panel.config == ARTICLE_ONE_HIDDEN_LAYER.replace(
        problem="regression", dataset="plane", output_activation="linear", loss="mse"
    )
    choose(panel, "lossCombo", "log_loss")
    assert "log-loss is for two classes" in panel.message.text()
    assert child(panel, QComboBox, "lossCombo").currentData() == "mse"

    choose(panel, "problemCombo", "classification")
    assert [datasets.itemData(i) for i in range(datasets.count())] == [
        "moons",
        "circles",
        "xor",
        "gaussian",
        "spiral",
        "blobs",
    ]
    assert panel.config == ARTICLE_ONE_HIDDEN_LAYER


def test_the_last_input_feature_cannot_be_unticked(panel):
    child(panel, QCheckBox, "featureX1Check").setChecked(False)
    last = child(panel, QCheckBox, "featureX2Check")
    last.setChecked(False)
    assert last.isChecked()
    assert panel.config.input_features == ("x2",)
    assert "at least one input feature" in panel.message.text()
    assert panel.message.isVisibleTo(panel)
    layout = panel.layout()
    assert layout.indexOf(panel.message) == layout.indexOf(panel.features) + 1, "said beside the features"


def test_the_ui_offers_0_to_6_layers_of_1_to_64_neurons(panel):
    count = child(panel, QSpinBox, "hiddenLayerCountSpin")
    count.setValue(7)
    assert panel.config.hidden_layers == (4,) * 6
    assert [spin.isVisibleTo(panel) for spin in panel.network.units_spins] == [True] * 6
    last = child(panel, QSpinBox, "hiddenUnitsSpin6")
    last.setValue(65)
    assert panel.config.hidden_layers == (4, 4, 4, 4, 4, 64)
    child(panel, QSpinBox, "hiddenUnitsSpin").setValue(0)
    assert panel.config.hidden_layers == (1, 4, 4, 4, 4, 64)
    count.setValue(2)
    assert panel.config.hidden_layers == (1, 4)
    assert [spin.isVisibleTo(panel) for spin in panel.network.units_spins] == [True, True] + [False] * 4


def test_a_session_layer_above_the_ui_cap_is_shown_as_it_is(panel):
    panel.adopt(ARTICLE_ONE_HIDDEN_LAYER.replace(hidden_layers=(200, 3)))
    assert child(panel, QSpinBox, "hiddenUnitsSpin").value() == 200


def test_layer_count_0_is_the_article_perceptron_and_back_gives_the_layers_again(panel):
    deep = (16, 8, 3)
    panel.adopt(ARTICLE_ONE_HIDDEN_LAYER.replace(hidden_layers=deep))
    child(panel, QSpinBox, "hiddenLayerCountSpin").setValue(0)
    assert panel.config == ARTICLE_PERCEPTRON
    assert not child(panel, QCheckBox, "hiddenLayerToggle").isChecked()
    panel.toggle_hidden_layer()
    assert panel.config == ARTICLE_ONE_HIDDEN_LAYER.replace(hidden_layers=deep)
    assert child(panel, QSpinBox, "hiddenLayerCountSpin").value() == 3


def test_batch_size_runs_from_full_batch_to_the_number_of_training_points(panel):
    batch = child(panel, QSpinBox, "batchSizeSpin")
    assert batch.text() == FULL_BATCH_TEXT
    assert batch.maximum() == 100
    child(panel, QSpinBox, "testFractionSpin").setValue(30)
    assert batch.maximum() == 70
    batch.setValue(1)
    assert panel.config.batch_size == 1
    batch.setValue(500)
    assert panel.config.batch_size == 70
    batch.setValue(0)
    assert panel.config.full_batch


def test_imported_data_is_named_and_offers_the_way_back(panel, qtbot):
    generated = child(panel, QPushButton, "generatedDataButton")
    assert not generated.isVisibleTo(panel)
    panel.show_data_source(True, 137)
    assert panel.data.source_label.text() == "your data: 137 points"
    assert generated.isVisibleTo(panel)
    assert child(panel, QSpinBox, "batchSizeSpin").maximum() == 137
    with qtbot.waitSignal(panel.command, check_params_cb=lambda command: command == UseGeneratedData()):
        generated.click()
    panel.show_data_source(False, 100)
    assert not generated.isVisibleTo(panel)
    assert child(panel, QSpinBox, "batchSizeSpin").maximum() == 100


@pytest.mark.parametrize(
    ("button", "group", "signal"),
    [
        ("importCsvButton", "data", "import_requested"),
        ("crossCheckButton", "compare", "cross_check_requested"),
        ("compareButton", "compare", "compare_requested"),
    ],
)
def test_the_tool_buttons_ask_the_window(panel, qtbot, button, group, signal):
    with qtbot.waitSignal(getattr(getattr(panel, group), signal)):
        child(panel, QPushButton, button).click()
    assert panel.commands == [], "a tool needs the window first (a file dialog, a window), not the run"


def test_view_options_emit_and_can_be_restored_silently(panel, qtbot):
    show_test = child(panel, QCheckBox, "showTestDataCheck")
    discretize = child(panel, QCheckBox, "discretizeOutputCheck")
    assert (show_test.isChecked(), discretize.isChecked()) == (True, False)
    view = panel.view
    with qtbot.waitSignal(view.show_test_toggled, check_params_cb=lambda on: on is False):
        show_test.click()
    with qtbot.waitSignal(view.discretize_toggled, check_params_cb=lambda on: on is True):
        discretize.click()
    with qtbot.assertNotEmitted(view.show_test_toggled), qtbot.assertNotEmitted(view.discretize_toggled):
        panel.set_view_options(show_test=True, discretize=False)
    assert (show_test.isChecked(), discretize.isChecked()) == (True, False)


def test_a_typed_penalty_out_of_range_is_refused_with_what_is_allowed(panel):
    l1 = child(panel, QDoubleSpinBox, "l1Spin")
    l1.lineEdit().setText("20")
    l1.interpretText()
    assert "L1 rate must be 0 or a number from 1e-05 to 10" in panel.message.text()
    assert panel.config.l1 == 0


def test_the_l2_arrows_step_down_to_off(panel):
    l2 = child(panel, QDoubleSpinBox, "l2Spin")
    l2.setValue(1e-5)
    l2.stepBy(-1)
    assert panel.config.l2 == 0
    assert l2.text() == "0"


def test_any_value_in_any_control_leaves_a_valid_config_that_the_widgets_show(panel):
    """What the fuzz does, in short: every widget pushed to its ends, in a random order."""
    rng = np.random.default_rng(11)
    widgets = [
        w
        for kind in (QSpinBox, QDoubleSpinBox, QComboBox, QCheckBox, QPushButton)
        for w in panel.findChildren(kind)
    ]
    for _ in range(400):
        widget = widgets[rng.integers(len(widgets))]
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            widget.setValue(rng.choice([widget.minimum(), widget.maximum(), widget.value() + 1]))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(int(rng.integers(-1, widget.count())))
        else:
            widget.click()
        assert shown(panel, panel.config) == panel.config.validate()


def test_the_spiral_starts_with_points_enough_to_see_its_arms_unless_the_person_set_their_own(panel):
    choose(panel, "datasetCombo", "spiral")
    assert (panel.config.n_samples, panel.config.noise) == (400, 0.1)
    assert "400 points" in child(panel, QComboBox, "datasetCombo").toolTip()
    choose(panel, "datasetCombo", "moons")
    assert (panel.config.n_samples, panel.config.noise) == (100, 0.1), "back to the article's"

    child(panel, QSpinBox, "samplesSpin").setValue(250)
    choose(panel, "datasetCombo", "spiral")
    assert panel.config.n_samples == 250, "a number the person chose is kept"
