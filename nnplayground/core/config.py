"""One experiment's whole configuration, validated in one place.

The UI, the CLI, presets and session files all build an ``ExperimentConfig``;
``validate()`` is the single gate, and its messages say what *is* allowed so
every front end can show them as they are.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from .classes import MAX_CLASSES
from .features import DEFAULT_FEATURES, FEATURES
from .losses import LOSSES

DATASETS = ("moons", "circles", "xor", "gaussian", "spiral", "blobs")
# The generated sets that make sense with 3 to MAX_CLASSES classes; the others have two.
MULTICLASS_DATASETS = ("blobs", "spiral")
REGRESSION_DATASETS = ("plane", "multi_gaussian")
PROBLEMS = ("classification", "regression")
INITIALISERS = ("article", "glorot", "he")
OPTIMISERS = ("gd", "momentum", "adam")
DTYPES = ("float64", "float32")

MAX_HIDDEN_LAYERS = 6
MAX_HIDDEN_UNITS = 256
MAX_SAMPLES = 100_000
MIN_SAMPLES = 4
MAX_LEARNING_RATE = 1e6


class ConfigError(ValueError):
    """A configuration value outside what the engine accepts; the message says what is allowed."""


@dataclass(frozen=True)
class ExperimentConfig:
    """Defaults are the article's one-hidden-layer experiment.

    ``weight_seed=None`` means "keep drawing from the data's random stream",
    which is what the article's hidden-layer script does (``np.random.seed(0)``,
    ``make_moons``, then ``np.random.rand`` for the weights). The article's
    perceptron script re-seeds with 42 before drawing, hence its preset sets
    ``weight_seed=42``.

    ``article_quirks`` reproduces the article's perceptron exactly, including
    what it gets wrong: it applies ``sigmoid_der`` to the activation ``z``
    instead of to ``XW`` and updates the bias once per sample in a Python
    loop. It only affects networks without hidden layers.
    """

    problem: str = "classification"
    dataset: str = "moons"
    n_samples: int = 100
    noise: float = 0.10
    data_seed: int = 0
    test_fraction: float = 0.0
    classes: int = 2
    input_features: tuple[str, ...] = DEFAULT_FEATURES
    hidden_layers: tuple[int, ...] = (4,)
    hidden_activation: str = "sigmoid"
    output_activation: str = "sigmoid"
    bias: bool = False
    initialiser: str = "article"
    weight_seed: int | None = None
    learning_rate: float = 0.5
    loss: str = "half_sse"
    optimiser: str = "gd"
    batch_size: int = 0
    momentum: float = 0.9
    l1: float = 0.0
    l2: float = 0.0
    article_quirks: bool = False
    dtype: str = "float64"

    def replace(self, **changes: Any) -> ExperimentConfig:
        """A validated copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes).validate()

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["hidden_layers"] = list(self.hidden_layers)
        data["input_features"] = list(self.input_features)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExperimentConfig:
        """Build from untrusted data (a session file); unknown keys are refused."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"unknown configuration keys: {', '.join(unknown)}")
        values = dict(data)
        if "hidden_layers" in values:
            layers = values["hidden_layers"]
            if not isinstance(layers, (list, tuple)):
                raise ConfigError("hidden_layers must be a list of unit counts")
            values["hidden_layers"] = tuple(layers)
        if "input_features" in values:
            names = values["input_features"]
            if not isinstance(names, (list, tuple)):
                raise ConfigError("input_features must be a list of feature names")
            values["input_features"] = tuple(names)
        return cls(**values).validate()

    @property
    def is_regression(self) -> bool:
        return self.problem == "regression"

    @property
    def datasets(self) -> tuple[str, ...]:
        """The generated datasets that fit this problem."""
        return REGRESSION_DATASETS if self.is_regression else DATASETS

    @property
    def full_batch(self) -> bool:
        return self.batch_size == 0

    def with_classes(self, classes: int) -> ExperimentConfig:
        """This experiment set up for ``classes`` classes, e.g. those an imported file's labels number."""
        return self.replace(**self.class_changes(classes))

    def class_changes(
        self, classes: int, *, choose_output: bool = True, choose_dataset: bool = True
    ) -> dict[str, Any]:
        """What setting up ``classes`` classes changes, to apply along with other changes.

        Three classes or more need a softmax output with cross-entropy, and a generated set that
        can have them; imported points are the file's whatever set the settings name, so the set
        becomes one with K classes. ``choose_output=False`` / ``choose_dataset=False`` keep the
        output and loss / the data set as they are (the CLI, when they were given explicitly), to
        be refused in ``validate``'s words if they cannot go with K.
        """
        changes: dict[str, Any] = {"classes": classes}
        if classes > 2 and choose_output:
            changes.update(output_activation="softmax", loss="cross_entropy")
        if classes > 2 and choose_dataset and self.dataset not in MULTICLASS_DATASETS:
            changes["dataset"] = MULTICLASS_DATASETS[0]
        return changes

    def validate(self) -> ExperimentConfig:
        _choice("problem", self.problem, PROBLEMS)
        _choice(f"dataset for {self.problem}", self.dataset, self.datasets)
        _integer("n_samples", self.n_samples, MIN_SAMPLES, MAX_SAMPLES)
        _number("noise", self.noise, 0.0, 1.0)
        _integer("data_seed", self.data_seed, 0, 2**32 - 1)
        _number("test_fraction", self.test_fraction, 0.0, 0.9)
        if (
            not isinstance(self.input_features, tuple)
            or not self.input_features
            or len(set(self.input_features)) != len(self.input_features)
            or any(name not in FEATURES for name in self.input_features)
        ):
            raise ConfigError(
                f"input_features must be one or more distinct names from {', '.join(FEATURES)} "
                f"(got {self.input_features!r})"
            )
        if not isinstance(self.hidden_layers, tuple) or len(self.hidden_layers) > MAX_HIDDEN_LAYERS:
            raise ConfigError(f"hidden_layers must be 0 to {MAX_HIDDEN_LAYERS} layers")
        for units in self.hidden_layers:
            _integer("hidden units", units, 1, MAX_HIDDEN_UNITS)
        if self.hidden_activation == "softmax":
            raise ConfigError(
                f"softmax is an output activation only; hidden layers use {', '.join(ACTIVATIONS)}"
            )
        _choice("hidden_activation", self.hidden_activation, tuple(ACTIVATIONS))
        _choice("output_activation", self.output_activation, tuple(OUTPUT_ACTIVATIONS))
        _boolean("bias", self.bias)
        _choice("initialiser", self.initialiser, INITIALISERS)
        if self.weight_seed is not None:
            _integer("weight_seed", self.weight_seed, 0, 2**32 - 1)
        _number("learning_rate", self.learning_rate, 0.0, MAX_LEARNING_RATE, open_low=True)
        _choice("loss", self.loss, tuple(LOSSES))
        if self.is_regression and self.loss == "log_loss":
            raise ConfigError("log-loss is for two classes; regression uses mean squared error or ½·Σ(ao−y)²")
        if self.loss == "log_loss" and self.output_activation != "sigmoid":
            raise ConfigError("log-loss needs a sigmoid output (it takes the log of a probability)")
        self._validate_classes()
        _choice("optimiser", self.optimiser, OPTIMISERS)
        _integer("batch_size", self.batch_size, 0, MAX_SAMPLES)
        _number("momentum", self.momentum, 0.0, 0.999)
        _number("l1", self.l1, 0.0, 10.0)
        _number("l2", self.l2, 0.0, 10.0)
        _boolean("article_quirks", self.article_quirks)
        _choice("dtype", self.dtype, DTYPES)
        return self

    def _validate_classes(self) -> None:
        """K, the softmax output and cross-entropy go together; each message says which way to go."""
        _integer("classes", self.classes, 2, MAX_CLASSES)
        softmax = self.output_activation == "softmax"
        if self.is_regression:
            if softmax or self.loss == "cross_entropy":
                raise ConfigError(
                    "softmax and cross-entropy are for classification; regression uses a linear or "
                    "sigmoid output with mean squared error or ½·Σ(ao−y)²"
                )
            if self.classes != 2:
                raise ConfigError("classes is for classification; leave it at 2 for regression")
            return
        if self.classes > 2 and self.dataset not in MULTICLASS_DATASETS:
            raise ConfigError(
                f"{self.dataset} has two classes; for 3–{MAX_CLASSES} classes use "
                f"{' or '.join(MULTICLASS_DATASETS)}"
            )
        if self.classes > 2 and not softmax:
            raise ConfigError(f"{self.classes} classes need a softmax output (with the cross-entropy loss)")
        if softmax and self.loss != "cross_entropy":
            raise ConfigError("a softmax output needs the cross-entropy loss")
        if self.loss == "cross_entropy" and not softmax:
            raise ConfigError("cross-entropy needs a softmax output; for a sigmoid output use log-loss")


def _choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)} (got {value!r})")


def _boolean(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise ConfigError(f"{name} must be true or false (got {value!r})")


def _integer(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{name} must be a whole number from {low} to {high} (got {value!r})")


def _number(name: str, value: object, low: float, high: float, *, open_low: bool = False) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ok:
        ok = (low < value if open_low else low <= value) and value <= high
    if not ok:
        bound = f"greater than {low:g}" if open_low else f"from {low:g}"
        raise ConfigError(f"{name} must be a number {bound} up to {high:g} (got {value!r})")
