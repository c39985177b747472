"""The Data group: problem type, classes, dataset, points, noise, test share, seed, your own data.

Switching the problem type is more than one field: each problem has its own
datasets, and regression targets run from −1 to 1, which a sigmoid output
cannot reach and log-loss cannot score. So the switch also picks that
problem's first dataset and TensorFlow Playground's output and loss for it
(``problem_changes``); everything else carries over.

Each data set also has a number of points and a noise it reads well with
(the spiral needs more points than the article's 100). Switching sets takes
the new set's, unless the person had set their own (``dataset_changes``).

Three classes or more need a softmax output with cross-entropy and a set
that has them (blobs, the K-arm spiral), so the Classes box switches those
too (``classes_changes``, with a note saying what changed). Back at two it
returns to the article's sigmoid output and ½·Σ(ao−y)²: two classes is the
article's case, and a person leaving the multi-class sets expects it back
(softmax with two classes stays allowed, chosen in Output).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel

from nnplayground.core.classes import MAX_CLASSES
from nnplayground.core.config import (
    DATASETS,
    MAX_SAMPLES,
    MIN_SAMPLES,
    MULTICLASS_DATASETS,
    PROBLEMS,
    REGRESSION_DATASETS,
    ConfigError,
    ExperimentConfig,
)
from nnplayground.core.datasets import suggested_points_and_noise
from nnplayground.live.commands import Command, UseGeneratedData
from nnplayground.notation import formatting
from nnplayground.ui.widgets.factories import (
    Blocked,
    button,
    choice_combo,
    decimal_box,
    fill_combo,
    name,
    select,
    whole_box,
)

DATASET_LABELS = {
    "moons": "moons",
    "circles": "circles",
    "xor": "XOR",
    "gaussian": "Gaussian",
    "spiral": "spiral",
    "blobs": "blobs",
    "plane": "plane",
    "multi_gaussian": "multi-Gaussian",
}
PROBLEM_DEFAULTS: dict[str, dict[str, Any]] = {
    "classification": {
        "dataset": DATASETS[0],
        "classes": 2,
        "output_activation": "sigmoid",
        "loss": "half_sse",
    },
    "regression": {
        "dataset": REGRESSION_DATASETS[0],
        "classes": 2,
        "output_activation": "linear",
        "loss": "mse",
    },
}


def problem_changes(config: ExperimentConfig, problem: object) -> dict[str, Any]:
    """The fields to change for ``problem``: its first dataset, output and loss (none if unchanged)."""
    if problem == config.problem:
        return {}
    defaults = PROBLEM_DEFAULTS.get(str(problem), {})
    return {
        "problem": problem,
        **defaults,
        **dataset_changes(config, defaults.get("dataset", config.dataset)),
    }


def classes_changes(config: ExperimentConfig, classes: int) -> tuple[dict[str, Any], str]:
    """The fields for ``classes`` classes, and a note saying what else changed with them ("" if nothing).

    Past two, the output becomes softmax with cross-entropy and a two-class set gives way to the
    first that has K classes (``ExperimentConfig.with_classes``); back at two, a softmax output
    returns to the article's sigmoid and ½·Σ(ao−y)².
    """
    if classes == config.classes:
        return {}, ""
    changes: dict[str, Any] = {"classes": classes}
    notes: list[str] = []
    if classes > 2:
        if config.output_activation != "softmax":
            changes.update(output_activation="softmax", loss="cross_entropy")
            notes.append("the output is now softmax with the cross-entropy loss")
        if config.dataset not in MULTICLASS_DATASETS:
            changes.update(dataset_changes(config, MULTICLASS_DATASETS[0]))
            notes.append(f"the data is now {MULTICLASS_DATASETS[0]} ({config.dataset} has two classes)")
    elif config.output_activation == "softmax":
        changes.update(PROBLEM_DEFAULTS["classification"], dataset=config.dataset, classes=classes)
        notes.append("back to the article's sigmoid output and ½·Σ(ao−y)² (softmax stays allowed: Output)")
    note = f"{classes} classes: {'; '.join(notes)}." if notes else ""
    return changes, note


def dataset_refusal(config: ExperimentConfig, dataset: str) -> str | None:
    """Why ``dataset`` cannot be chosen with this many classes, in the configuration's words; or None."""
    if config.is_regression or config.classes == 2:
        return None
    try:
        config.replace(**dataset_changes(config, dataset))
    except ConfigError as error:
        return str(error)
    return None


def dataset_changes(config: ExperimentConfig, dataset: object) -> dict[str, Any]:
    """The fields for ``dataset``: the set, and its points and noise unless the person chose their own."""
    changes: dict[str, Any] = {"dataset": dataset}
    if (config.n_samples, config.noise) == suggested_points_and_noise(config.dataset):
        changes["n_samples"], changes["noise"] = suggested_points_and_noise(str(dataset))
    return changes


class DataGroup(QGroupBox):
    """Asks for changes through ``apply(**fields)``; typed values it cannot take go to ``refuse``.

    "Use generated data" is a command for the training thread (``send``); an
    import first needs the window's file dialog, so it leaves as a signal.
    """

    FIELDS = ("problem", "classes", "dataset", "n_samples", "noise", "test_fraction", "data_seed")
    import_requested = Signal()

    def __init__(
        self,
        apply: Callable[..., None],
        config: Callable[[], ExperimentConfig],
        refuse: Callable[[str], None],
        send: Callable[[Command], None],
        note: Callable[[str], None],
    ) -> None:
        super().__init__("Data")
        self._apply, self._config, self._note = apply, config, note
        self._source: tuple[bool, int] | None = None
        self.problem_combo = choice_combo(
            "problemCombo",
            "Problem type",
            "Classification: classes of points (the article's two, or up to "
            f"{MAX_CLASSES}). Regression: a number per point, "
            "−1 to 1.\nSwitching picks that problem's first dataset, output (sigmoid / linear) and "
            "loss (½·Σ(ao−y)² / mean squared error).",
            [(p, p) for p in PROBLEMS],
            lambda value: apply(**problem_changes(config(), value)),
        )
        self.classes_spin = whole_box(
            "classesSpin",
            "Number of classes",
            f"How many classes of points, 2 to {MAX_CLASSES} (article: 2).\n"
            "3 or more need a softmax output with the cross-entropy loss, and blobs or the spiral:\n"
            "changing it switches those; back at 2 the output returns to the article's sigmoid.",
            2,
            MAX_CLASSES,
            self._classes_chosen,
            refuse,
        )
        self.dataset_combo = choice_combo(
            "datasetCombo",
            "Dataset",
            "Which point set to learn (article: moons); the list follows the problem type.\n"
            "Each set starts with the points and noise it reads well with (the spiral: 400 points),\n"
            "unless you have set your own",
            [],
            lambda value: apply(**dataset_changes(config(), value)),
        )
        self.samples_spin = whole_box(
            "samplesSpin",
            "Number of points",
            f"How many points to generate, {MIN_SAMPLES} to {formatting.count(MAX_SAMPLES)} (article: 100)",
            MIN_SAMPLES,
            MAX_SAMPLES,
            lambda value: apply(n_samples=value),
            refuse,
            grouped=True,
        )
        self.noise_spin = decimal_box(
            "noiseSpin",
            "Noise",
            "How much the points scatter, 0 to 1 (article: 0.1)",
            1.0,
            2,
            0.05,
            lambda value: apply(noise=value),
            refuse,
        )
        self.test_spin = whole_box(
            "testFractionSpin",
            "Test points percentage",
            "Share of the points held out as test points (hollow diamonds), 0 to 90 % (article: 0, "
            "it trains on every point)",
            0,
            90,
            lambda value: apply(test_fraction=value / 100),
            refuse,
            step=10,
        )
        self.test_spin.setSuffix(" %")
        self.regenerate_button = button(
            "Regenerate",
            "regenerateButton",
            "Regenerate data",
            "Draw a new set of points (next data seed); the run starts again",
            lambda: apply(data_seed=(config().data_seed + 1) % 2**32),
        )
        self.seed_label = QLabel("")
        name(
            self.seed_label, "dataSeedLabel", "Data seed", "The seed the points were drawn with (article: 0)"
        )
        self.import_button = button(
            "Import CSV…",
            "importCsvButton",
            "Import CSV",
            "Train on your own points: a CSV file of x1,x2,label rows (labels 0 or 1, or 0 to "
            f"{MAX_CLASSES - 1} for up to {MAX_CLASSES} classes; any number for regression).\n"
            "A file with 3 classes or more sets Classes and a softmax output.\n"
            "You can also drag a .csv file onto the window.",
            self.import_requested.emit,
        )
        self.source_label = QLabel("")
        name(self.source_label, "dataSourceLabel", "Data source", "The points the network trains on")
        self.source_label.setVisible(False)
        self.generated_button = button(
            "Use generated data",
            "generatedDataButton",
            "Use generated data",
            "Leave your imported or drawn points and go back to the generated dataset above",
            lambda: send(UseGeneratedData()),
        )
        self.generated_button.setVisible(False)

        regenerate_row = QHBoxLayout()
        regenerate_row.addWidget(self.regenerate_button)
        regenerate_row.addWidget(self.seed_label)
        regenerate_row.addStretch(1)
        source_row = QHBoxLayout()
        source_row.addWidget(self.import_button)
        source_row.addWidget(self.source_label)
        source_row.addStretch(1)
        generated_row = QHBoxLayout()
        generated_row.addWidget(self.generated_button)
        generated_row.addStretch(1)
        noise_row = QHBoxLayout()
        noise_row.addWidget(self.noise_spin, 1)
        noise_row.addWidget(QLabel("Test"))
        noise_row.addWidget(self.test_spin, 1)
        form = QFormLayout(self)
        form.addRow("Problem", self.problem_combo)
        form.addRow("Classes", self.classes_spin)
        form.addRow("Dataset", self.dataset_combo)
        form.addRow("Points", self.samples_spin)
        form.addRow("Noise", noise_row)
        form.addRow(regenerate_row)
        form.addRow(source_row)
        form.addRow(generated_row)

    def show_config(self, config: ExperimentConfig) -> None:
        with Blocked(
            self.problem_combo,
            self.classes_spin,
            self.dataset_combo,
            self.samples_spin,
            self.noise_spin,
            self.test_spin,
        ):
            select(self.problem_combo, config.problem)
            self.classes_spin.setValue(config.classes)
            self.classes_spin.setEnabled(not config.is_regression)
            fill_combo(self.dataset_combo, [(DATASET_LABELS.get(d, d), d) for d in config.datasets])
            self._grey_datasets(config)
            select(self.dataset_combo, config.dataset)
            self.samples_spin.setValue(config.n_samples)
            self.noise_spin.setValue(config.noise)
            self.test_spin.setValue(round(config.test_fraction * 100))
        self.seed_label.setText(f"seed {config.data_seed}")

    def _classes_chosen(self, classes: int) -> None:
        changes, words = classes_changes(self._config(), classes)
        self._apply(**changes)
        if words and self._config().classes == classes:
            self._note(words)

    def _grey_datasets(self, config: ExperimentConfig) -> None:
        """Sets without this many classes stay in the list, greyed, their tooltip saying why."""
        model = self.dataset_combo.model()
        for row in range(self.dataset_combo.count()):
            refusal = dataset_refusal(config, self.dataset_combo.itemData(row))
            item = model.item(row)
            item.setEnabled(refusal is None)
            item.setToolTip(refusal or "")

    def show_data_source(self, imported: bool, points: int) -> bool:
        """Say whose points are trained on; returns False (and does nothing) when unchanged."""
        if self._source == (imported, points):
            return False
        self._source = (imported, points)
        self.source_label.setText(f"your data: {formatting.count(points)} points")
        self.source_label.setVisible(imported)
        self.generated_button.setVisible(imported)
        return True
