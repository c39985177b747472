"""The ``nnplayground`` command: the window by default, headless sub-commands otherwise.

``reproduce`` runs the article's two experiments in our engine *and* the
article's own code, side by side, so the figures are shown to be equal rather
than asserted. ``train`` trains any configuration without a window.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import nnplayground.core.quiet_start  # noqa: F401  (first of ours: Ctrl+C during start-up exits quietly)
from nnplayground.core import article
from nnplayground.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnplayground.core.advice import divergence_message
from nnplayground.core.config import (
    DATASETS,
    INITIALISERS,
    MAX_HIDDEN_UNITS,
    MULTICLASS_DATASETS,
    OPTIMISERS,
    PROBLEMS,
    REGRESSION_DATASETS,
    ConfigError,
    ExperimentConfig,
)
from nnplayground.core.data_editing import from_points
from nnplayground.core.datasets import DatasetError, classes_in, load_csv
from nnplayground.core.features import FEATURES
from nnplayground.core.files import check_writable
from nnplayground.core.losses import LOSSES
from nnplayground.core.presets import (
    ARTICLE_ONE_HIDDEN_LAYER,
    ARTICLE_PERCEPTRON,
    CORRECTED_PERCEPTRON,
    PRESET_KEYS,
    get_preset,
)
from nnplayground.core.session import SessionError, load_session, save_session
from nnplayground.core.sklearn_crosscheck import boundary_agreement, cross_check, plane_points
from nnplayground.core.trainer import Trainer
from nnplayground.crash_log import log_to_stderr
from nnplayground.desktop.command import run as desktop_command
from nnplayground.desktop.identity import version
from nnplayground.progress import ProgressBar

CHUNK_EPOCHS = 5_000


# Ctrl+C, ``kill`` and a closed terminal all stop a run the same way: it is saved, not lost.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class InterruptFlag:
    """Turns Ctrl+C, SIGTERM and SIGHUP into a flag checked between chunks (never a half-updated trainer).

    ``signal_number`` is the first stop signal received, so the exit status can be ``128 + signal``.
    """

    def __init__(self) -> None:
        self.raised = False
        self.signal_number = signal.SIGINT

    def __enter__(self) -> InterruptFlag:
        self._previous = {number: signal.signal(number, self._handle) for number in STOP_SIGNALS}
        return self

    def __exit__(self, *exc_info: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)

    def _handle(self, signum: int, frame: object) -> None:
        if not self.raised:
            self.signal_number = signum
        self.raised = True


def train_with_progress(
    trainer: Trainer, epochs: int, label: str, quiet: bool = False, interrupt: InterruptFlag | None = None
) -> None:
    """Train in chunks so the bar moves and an interrupt lands between whole epochs."""
    bar = None if quiet else ProgressBar(label, epochs)
    done = 0
    while done < epochs and trainer.divergence is None and not (interrupt and interrupt.raised):
        trainer.train(min(CHUNK_EPOCHS, epochs - done))
        done = min(epochs, done + CHUNK_EPOCHS)
        if bar:
            bar.update(done if trainer.divergence is None else epochs)


def _article_progress(label: str, epochs: int, quiet: bool) -> Callable[[int], None] | None:
    if quiet:
        return None
    bar = ProgressBar(label, epochs)

    def progress(epoch: int) -> None:
        if epoch % 1000 == 999 or epoch == epochs - 1:
            bar.update(epoch + 1)

    return progress


def _relative_difference(ours: float, theirs: float) -> float:
    return abs(ours - theirs) / abs(theirs)


def reproduce(args: argparse.Namespace) -> int:
    epochs, quiet = args.epochs, args.quiet
    print(
        f"The article's experiment: make_moons(100, noise=0.10) after np.random.seed(0), "
        f"lr 0.5, {epochs:,} epochs, cost ½·Σ(ao−y)² printed each epoch.\n"
    )
    hidden = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    train_with_progress(hidden, epochs, "nnplayground  2-4-1     ", quiet)
    perceptron = Trainer(ARTICLE_PERCEPTRON)
    train_with_progress(perceptron, epochs, "nnplayground  perceptron", quiet)
    corrected = Trainer(CORRECTED_PERCEPTRON)
    train_with_progress(corrected, epochs, "nnplayground  corrected ", quiet)

    reference = {}
    if not args.skip_article_code:
        printed, _, _ = article.one_hidden_layer(
            epochs, _article_progress("article code  2-4-1     ", epochs, quiet)
        )
        reference["hidden"] = float(printed[-1])
        printed = article.perceptron(epochs, _article_progress("article code  perceptron", epochs, quiet))
        reference["perceptron"] = float(printed[-1])

    rows = [
        (
            "one hidden layer of 4 (2-4-1)",
            article.ARTICLE_HIDDEN_LAYER_FIGURE,
            reference.get("hidden"),
            hidden,
        ),
        (
            "perceptron, article-exact",
            article.ARTICLE_PERCEPTRON_FIGURE,
            reference.get("perceptron"),
            perceptron,
        ),
        ("perceptron, corrected σ′", None, None, corrected),
    ]
    print(f"\n{'network':32} {'article says':>12} {'article code':>20} {'nnplayground':>20}  agreement")
    failures = 0
    for name, stated, theirs, trainer in rows:
        ours = trainer.last_loss
        stated_text = f"{stated:.2f}" if stated is not None else "—"
        theirs_text = repr(theirs) if theirs is not None else "—"
        if theirs is None:
            agreement = "not run" if stated is not None else "(no article figure)"
        elif ours == theirs:
            agreement = "bit-identical"
        else:
            difference = _relative_difference(ours, theirs)
            agreement = f"relative difference {difference:.2e}"
            failures += difference > 1e-9
        print(f"{name:32} {stated_text:>12} {theirs_text:>20} {ours!r:>20}  {agreement}")
    print(
        "\nThe article's perceptron applies sigmoid_der to z = σ(XW) instead of to XW and updates "
        "the bias once per sample;\nthe corrected perceptron uses σ′(XW) and one bias step per epoch. "
        f"Final costs: the last value each loop prints (epoch {epochs:,})."
    )
    return 1 if failures else 0


def _layers(text: str) -> tuple[int, ...]:
    if text.strip() in ("", "0", "none"):
        return ()
    try:
        return tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a comma-separated list of unit counts, e.g. 8,8"
        ) from None


def _hidden_units(text: str) -> int:
    """``--hidden``: 0 for a perceptron, else a unit count; a negative count is a typo, not a perceptron."""
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_HIDDEN_UNITS:
        raise argparse.ArgumentTypeError(
            f"hidden units must be a whole number from 0 (a perceptron) to {MAX_HIDDEN_UNITS} (got {value})"
        )
    return value


def _features(text: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [name for name in names if name not in FEATURES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown feature {unknown[0] if unknown else text!r}; choose from {', '.join(FEATURES)}"
        )
    return names


def _config_from_args(args: argparse.Namespace, file_classes: int | None = None) -> ExperimentConfig:
    """The preset or defaults with the options applied; ``file_classes`` is the K a CSV's labels number."""
    config = _base_config(args)
    changes = {
        name: value
        for name, value in (
            ("problem", args.problem),
            ("dataset", args.dataset),
            ("n_samples", args.n),
            ("noise", args.noise),
            ("data_seed", args.seed),
            ("test_fraction", args.test_fraction),
            ("hidden_activation", args.activation),
            ("output_activation", args.output_activation),
            ("bias", args.bias),
            ("initialiser", args.init),
            ("weight_seed", args.weight_seed),
            ("learning_rate", args.lr),
            ("loss", args.loss),
            ("optimiser", args.optimiser),
            ("batch_size", args.batch_size),
            ("l1", args.l1),
            ("l2", args.l2),
            ("dtype", args.dtype),
        )
        if value is not None
    }
    if args.features is not None:
        changes["input_features"] = args.features
    if args.layers is not None:
        changes["hidden_layers"] = args.layers
    elif args.hidden is not None:
        changes["hidden_layers"] = (args.hidden,) if args.hidden > 0 else ()
    changes.update(_class_changes(args, config, file_classes))
    return config.replace(**changes)


def _base_config(args: argparse.Namespace) -> ExperimentConfig:
    return get_preset(args.preset) if args.preset else ExperimentConfig()


def _class_changes(
    args: argparse.Namespace, config: ExperimentConfig, file_classes: int | None
) -> dict[str, object]:
    """``--classes`` (or the file's K), with the softmax and cross-entropy that 3 classes and more need.

    Only what the options leave open is chosen: an explicit ``--output-activation`` or ``--loss`` is
    kept and, if it cannot go with K, refused in the config's words. Imported points are the file's
    whatever generated set the settings name, so that set becomes one with K classes.
    """
    if file_classes is not None and args.classes is not None and args.classes != file_classes:
        raise ValueError(
            f"the file's labels number {file_classes} classes (0 to {file_classes - 1}), "
            f"but --classes says {args.classes}"
        )
    classes = file_classes if file_classes is not None else args.classes
    if classes is None:
        return {}
    return config.class_changes(
        classes,
        choose_output=args.output_activation is None and args.loss is None,
        choose_dataset=file_classes is not None and args.dataset is None,
    )


SESSION_COMPATIBLE = {"epochs", "save", "quiet", "session", "command", "parser", "lr", "cross_check"}


def _trainer_from_args(args: argparse.Namespace) -> tuple[Trainer, bool]:
    """A new trainer from the options, or a saved session continued (optionally with a new rate)."""
    if args.session:
        clashing = sorted(
            f"--{name.replace('_', '-')}"
            for name, value in vars(args).items()
            if name not in SESSION_COMPATIBLE and value not in (None, False)
        )
        if clashing:
            raise ValueError(
                f"{', '.join(clashing)} cannot be combined with --session (only --lr can change)"
            )
        trainer, custom_data = load_session(args.session)
        if args.lr is not None:
            trainer.reconfigure(trainer.config.replace(learning_rate=args.lr))
        return trainer, custom_data
    if args.csv:
        regression = (args.problem or _base_config(args).problem) == "regression"
        X, y = load_csv(args.csv, regression=regression)
        config = _config_from_args(args, None if regression else classes_in(y))
        data = from_points(
            X,
            y,
            test_fraction=config.test_fraction,
            seed=config.data_seed,
            regression=regression,
            classes=None if regression else config.classes,
        )
        return Trainer(config, data), True
    return Trainer(_config_from_args(args)), False


def train(args: argparse.Namespace) -> int:
    if args.save:
        try:
            check_writable(Path(args.save))
        except OSError as error:
            args.parser.error(f"cannot save to {args.save}: {error.strerror or 'the system refused'}")
    try:
        trainer, custom_data = _trainer_from_args(args)
    except (ConfigError, DatasetError, SessionError, ValueError) as error:
        args.parser.error(str(error))
    with InterruptFlag() as interrupt:
        train_with_progress(trainer, args.epochs, "training", args.quiet, interrupt)
        if args.save:
            try:
                save_session(args.save, trainer, custom_data=custom_data)
            except OSError as error:
                print(f"could not save {args.save}: {error.strerror or error}", file=sys.stderr)
                return 1
    if interrupt.raised:
        saved = f"; saved to {args.save}" if args.save else "; nothing saved (no --save)"
        by = (
            ""
            if interrupt.signal_number == signal.SIGINT
            else f" by {signal.Signals(interrupt.signal_number).name}"
        )
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            print(f"interrupted at epoch {trainer.epoch:,}{by}{saved}", file=sys.stderr)
        return 128 + interrupt.signal_number
    metrics = trainer.metrics()
    print(f"epochs: {trainer.epoch:,}")
    print(f"final loss: {trainer.last_loss!r}  (cost of the last epoch, before its update)")
    if not trainer.config.is_regression:
        print(f"train accuracy: {metrics.train_accuracy:.1%}")
    if not math.isnan(metrics.test_loss):
        accuracy = "" if trainer.config.is_regression else f"  test accuracy: {metrics.test_accuracy:.1%}"
        print(f"test loss: {metrics.test_loss!r}{accuracy}")
    if args.cross_check:
        _print_cross_check(trainer)
    if trainer.divergence is not None:
        print(
            divergence_message(trainer.divergence, trainer.config, trainer.data, trainer.network),
            file=sys.stderr,
        )
        return 3
    return 0


def _print_cross_check(trainer: Trainer) -> None:
    try:
        result = cross_check(trainer.config, trainer.data, trainer.epoch)
    except ValueError as error:
        print(f"cross-check: {error}", file=sys.stderr)
        return
    final = float(result.loss_curve[-1])
    print(f"scikit-learn MLPClassifier, {len(result.loss_curve):,} epochs: log-loss {final!r}")
    print(f"scikit-learn train accuracy: {result.train_accuracy:.1%}")
    if not math.isnan(result.test_accuracy):
        print(f"scikit-learn test accuracy: {result.test_accuracy:.1%}")
    agreement = boundary_agreement(result, trainer.network, trainer.config, plane_points(trainer.data))
    print(f"both pick the same class on {agreement:.1%} of the plane around the points")
    for note in result.differences:
        print(f"  differs: {note}")


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {value})")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nnplayground",
        description="A neural-network playground. Without a command it opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"nnplayground {version()}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log what it does to stderr (before the command)"
    )
    commands = parser.add_subparsers(dest="command")

    reproduce_parser = commands.add_parser(
        "reproduce", help="run the article's two experiments and compare with the article's own code"
    )
    reproduce_parser.add_argument("--epochs", type=_positive_int, default=article.ARTICLE_EPOCHS)
    reproduce_parser.add_argument(
        "--skip-article-code",
        action="store_true",
        help="do not run the article's (slow) loops for comparison",
    )
    reproduce_parser.add_argument("--quiet", action="store_true", help="no progress bars")

    train_parser = commands.add_parser("train", help="train a configuration without a window")
    train_parser.add_argument(
        "--preset", choices=sorted(PRESET_KEYS), help="start from a named configuration"
    )
    train_parser.add_argument("--epochs", type=_positive_int, default=10_000)
    train_parser.add_argument(
        "--hidden", type=_hidden_units, help="units in one hidden layer (0 = perceptron)"
    )
    train_parser.add_argument("--layers", type=_layers, help="units per hidden layer, e.g. 8,8,4")
    train_parser.add_argument("--lr", type=float, help="learning rate")
    train_parser.add_argument("--seed", type=int, help="data seed")
    train_parser.add_argument(
        "--weight-seed", type=int, help="weight seed (default: continue the data stream)"
    )
    train_parser.add_argument(
        "--problem", choices=PROBLEMS, help="classification (2 to 6 classes) or regression"
    )
    train_parser.add_argument("--dataset", choices=DATASETS + REGRESSION_DATASETS)
    train_parser.add_argument(
        "--classes",
        type=int,
        help=f"number of classes, 2 (default) to 6; more than 2 need {' or '.join(MULTICLASS_DATASETS)} "
        "and take a softmax output with cross-entropy unless --output-activation or --loss is given",
    )
    train_parser.add_argument(
        "--csv", help="train on x1,x2,label rows from this file (labels 0 to K-1 give K classes)"
    )
    train_parser.add_argument("--n", type=int, help="number of points")
    train_parser.add_argument("--noise", type=float)
    train_parser.add_argument("--test-fraction", type=float)
    train_parser.add_argument(
        "--features", type=_features, help=f"input features, comma-separated from: {', '.join(FEATURES)}"
    )
    train_parser.add_argument("--activation", choices=sorted(ACTIVATIONS), help="hidden-layer activation")
    train_parser.add_argument("--output-activation", choices=sorted(OUTPUT_ACTIVATIONS))
    train_parser.add_argument("--bias", action=argparse.BooleanOptionalAction, default=None)
    train_parser.add_argument("--init", choices=INITIALISERS)
    train_parser.add_argument("--loss", choices=sorted(LOSSES))
    train_parser.add_argument("--optimiser", choices=OPTIMISERS)
    train_parser.add_argument("--batch-size", type=int, help="0 = full batch (the article's)")
    train_parser.add_argument("--l1", type=float)
    train_parser.add_argument("--l2", type=float)
    train_parser.add_argument("--dtype", choices=("float64", "float32"))
    train_parser.add_argument(
        "--cross-check", action="store_true", help="also train scikit-learn's MLPClassifier and compare"
    )
    train_parser.add_argument("--session", help="continue the saved session in this .nnpg file")
    train_parser.add_argument("--save", help="save the session to this .nnpg file when done (or interrupted)")
    train_parser.add_argument("--quiet", action="store_true", help="no progress bar")
    train_parser.set_defaults(parser=train_parser)

    desktop_parser = commands.add_parser(
        "desktop", help="add nnplayground to (or remove it from) the desktop's menu and file types"
    )
    desktop_parser.add_argument(
        "action", choices=("install", "uninstall"), help="for this user, under $XDG_DATA_HOME (no root)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    command = next((argument for argument in arguments if argument not in ("-v", "--verbose")), None)
    if command not in ("reproduce", "train", "desktop", "-h", "--help", "--version"):
        from nnplayground.app import main as run_app

        return run_app(arguments)
    args = parser.parse_args(arguments)
    log_to_stderr(args.verbose)
    if args.command == "desktop":
        return desktop_command(args.action)
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if args.command == "reproduce":
            return reproduce(args)
        return train(args)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
