"""Two trainers on the same points, always at the same epoch: the article's comparison, live.

Compare mode is only an argument if nothing but the network differs, so the
right side trains on the left side's data settings (same generator, same
seed, hence the same points), and after every ``train(n)`` both sides stand
at the same epoch. Each side is an ordinary ``Trainer``, trained in chunks as
the main window's is, so a side's numbers are those of a standalone run of
its configuration, bit for bit.

The right side takes the left's data *settings* rather than its ``Dataset``
object: a trainer handed ready-made points draws its weights from a fresh
random stream, while the article's hidden-layer script draws them after
``make_moons`` from the same one; regenerating keeps both sides' weights
what their own scripts would draw.
"""

from __future__ import annotations

from .config import ConfigError, ExperimentConfig
from .trainer import Divergence, Snapshot, Trainer, TrainingState

SIDES = ("left", "right")
DATA_FIELDS = ("problem", "dataset", "classes", "n_samples", "noise", "data_seed", "test_fraction")


def share_data(left: ExperimentConfig, right: ExperimentConfig) -> tuple[ExperimentConfig, str]:
    """The right configuration with the left's data settings, and a sentence when that changed it.

    Raises ``ConfigError`` (saying why) when the right network cannot train
    on the left's data, e.g. log-loss on a regression set.
    """
    left, right = left.validate(), right.validate()
    differing = [name for name in DATA_FIELDS if getattr(left, name) != getattr(right, name)]
    if not differing:
        return right, ""
    try:
        # Another number of classes comes with its own output layer (softmax for 3 or more).
        classes_differ = left.classes != right.classes and not left.is_regression
        base = right.with_classes(left.classes) if classes_differ else right
        shared = base.replace(**{name: getattr(left, name) for name in DATA_FIELDS})
    except ConfigError as error:
        raise ConfigError(f"the right network cannot train on the left side's data: {error}") from None
    note = (
        f"Both sides train on the left side's data ({left.dataset}, {left.n_samples} points, "
        f"noise {left.noise:g}, seed {left.data_seed}); the right side's own data settings "
        f"({', '.join(name.replace('_', ' ') for name in differing)}) are set aside."
    )
    if classes_differ and shared.output_activation != right.output_activation:
        note += (
            f" For its {left.classes} classes the right network has a softmax output of "
            f"{left.classes} units with the cross-entropy loss."
        )
    return shared, note


class Lockstep:
    """Owns the two trainers and advances them together.

    A side that diverges stops on its last finite weights, possibly a little
    before the chunk's end (see ``Trainer.train``); the other side is then
    brought back to that same epoch by replaying from a checkpoint, which
    lands exactly where its run was (training is deterministic). Once a side
    has diverged, ``train`` does nothing until ``reset`` or new configurations.
    """

    def __init__(self, left: ExperimentConfig, right: ExperimentConfig) -> None:
        right, self.note = share_data(left, right)
        self.configs = (left.validate(), right)
        self.trainers = (Trainer(self.configs[0]), Trainer(self.configs[1]))
        self._previous: tuple[TrainingState, TrainingState] | None = None

    @property
    def epoch(self) -> int:
        return self.trainers[0].epoch

    def reset(self) -> None:
        """Both sides back to epoch 0 with the same seeds."""
        for trainer in self.trainers:
            trainer.reset()
        self._previous = None

    def diverged_sides(self) -> list[str]:
        return [side for side, trainer in zip(SIDES, self.trainers) if trainer.divergence is not None]

    def divergence_message(self) -> str:
        """Which side diverged, when, and what to try; empty while both losses are finite."""
        parts = []
        for side, trainer in zip(SIDES, self.trainers):
            divergence: Divergence | None = trainer.divergence
            if divergence is not None:
                parts.append(f"the {side} side {divergence.message}")
        if not parts:
            return ""
        text = "; ".join(parts)
        return f"Both sides paused at epoch {self.epoch}: {text}."

    def train(self, epochs: int) -> int:
        """Train the left side ``epochs`` epochs, then the right side to the same epoch.

        Returns the change in the common epoch (less than ``epochs``, even
        negative by one, when a side diverges).
        """
        if epochs <= 0 or self.diverged_sides():
            return 0
        start = self.epoch
        starts = (self.trainers[0].state(), self.trainers[1].state())
        left, right = self.trainers
        left.train(epochs)
        if left.epoch > right.epoch:
            right.train(left.epoch - right.epoch)
        target = min(left.epoch, right.epoch)
        for side, trainer in enumerate(self.trainers):
            if trainer.epoch != target:
                earlier = None if self._previous is None else self._previous[side]
                _bring_back(trainer, target, starts[side], earlier)
        self._previous = starts
        return self.epoch - start

    def snapshots(self) -> tuple[Snapshot, Snapshot]:
        return self.trainers[0].snapshot(), self.trainers[1].snapshot()


def _bring_back(trainer: Trainer, target: int, start: TrainingState, earlier: TrainingState | None) -> None:
    """Return ``trainer`` to epoch ``target`` of its run: rewind to a checkpoint at or before it, replay."""
    checkpoint = start if start.epoch <= target else earlier
    if checkpoint is None or checkpoint.epoch > target:
        raise RuntimeError(f"no checkpoint at or before epoch {target} to bring the side back to")
    trainer.rewind(checkpoint)
    trainer.train(target - checkpoint.epoch)
