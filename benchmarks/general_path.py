"""The general training path against the floor (``numpy_floor.FloorLoop``), side by side in one process.

Each cell builds a ``Trainer`` and a ``FloorLoop`` on the same points and the
same starting weights, warms both up one epoch (first-touch page faults), then
times them in alternating short samples (~50 ms each, so a load spike from
another process lands on both); medians, ratio ours / floor last. The
saturation rows scale the starting weights so every unit is pinned at 0 or 1
(σ down to ~1e-200, ``exp`` overflowing and underflowing) and compare with the
same network healthy. The mini-batch row is epochs per second at batch 32.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import numpy as np
from numpy_floor import FloorLoop

from nnplayground.core.config import ExperimentConfig
from nnplayground.core.datasets import Dataset, generate
from nnplayground.core.trainer import Trainer


@dataclass(frozen=True)
class Case:
    points: int
    units: int
    depth: int
    hidden: str = "sigmoid"
    bias: bool = False
    dtype: str = "float64"
    weight_scale: float = 1.0

    def config(self, **changes: object) -> ExperimentConfig:
        return ExperimentConfig(
            n_samples=self.points,
            hidden_layers=(self.units,) * self.depth,
            hidden_activation=self.hidden,
            bias=self.bias,
            loss="mse",
            learning_rate=0.1,
            initialiser="glorot",
            weight_seed=1,
            dtype=self.dtype,
        ).replace(**changes)


def _data(points: int) -> Dataset:
    X, y = generate("moons", points, 0.1, np.random.RandomState(0))
    return Dataset(X, y, X[:0], y[:0])


def _ms(run, epochs: int) -> float:
    started = time.perf_counter()
    run(epochs)
    return (time.perf_counter() - started) / epochs * 1e3


def _trainer(case: Case, data: Dataset) -> Trainer:
    trainer = Trainer(case.config(), data)
    for w in trainer.network.weights:
        w *= case.weight_scale
    for b in trainer.network.biases:
        if b is not None:
            b[...] = 0.1 * case.weight_scale
    return trainer


def _paired(floor_run, our_run, pairs: int, sample_s: float) -> tuple[float, float]:
    """Median ms per epoch of each, timed in alternating short samples (a load spike hits both alike)."""
    epochs = max(1, int(sample_s * 1e3 / max(_ms(floor_run, 1), 0.01)))
    floors, ours = [], []
    for _ in range(pairs):
        floors.append(_ms(floor_run, epochs))
        ours.append(_ms(our_run, epochs))
    return statistics.median(floors), statistics.median(ours)


def measure(case: Case, pairs: int, sample_s: float) -> tuple[float, float]:
    """(floor, ours) median ms per epoch."""
    data = _data(case.points)
    trainer = _trainer(case, data)
    network = trainer.network
    floor = FloorLoop(trainer.inputs, trainer.labels, network.weights, network.biases, case.hidden, 0.1)
    floor.run(1)
    trainer.train(1)
    return _paired(floor.run, trainer.train, pairs, sample_s)


def table(cases: list[Case], pairs: int, sample_s: float) -> dict[Case, tuple[float, float]]:
    print("General path (mse, lr 0.1, full batch, gd): ms per epoch, medians; ratio = ours / floor")
    heading = ("points", 8), ("units", 5), ("depth", 5), ("hidden", 7), ("bias", 4), ("dtype", 7)
    print(" ".join(f"{name:>{width}}" for name, width in heading), f"{'floor':>9} {'ours':>9} {'ratio':>6}")
    results = {}
    for case in cases:
        floor, ours = measure(case, pairs, sample_s)
        results[case] = (floor, ours)
        print(
            f"{case.points:>8,} {case.units:>5} {case.depth:>5} {case.hidden:>7} "
            f"{'yes' if case.bias else 'no':>4} {case.dtype:>7} "
            f"{floor:>9.2f} {ours:>9.2f} {ours / floor:>6.2f}",
            flush=True,
        )
    return results


def saturation(pairs: int, sample_s: float) -> list[tuple[str, float, float]]:
    """(label, healthy ms, saturated ms) for ours and the floor, measured interleaved."""
    print("\nSaturation (100 000 × 64, bias, float64): healthy weights vs the same weights × 3000")
    rows = []
    for hidden in ("sigmoid", "tanh"):
        healthy_case = Case(100_000, 64, 1, hidden, bias=True)
        saturated_case = Case(100_000, 64, 1, hidden, bias=True, weight_scale=3000.0)
        data = _data(100_000)
        runs = {}
        for label, case in (("healthy", healthy_case), ("saturated", saturated_case)):
            trainer = _trainer(case, data)
            net = trainer.network
            floor = FloorLoop(trainer.inputs, trainer.labels, net.weights, net.biases, hidden, 0.1)
            floor.run(1)
            trainer.train(1)
            runs[label] = (trainer, floor)
        epochs = max(1, int(sample_s * 1e3 / max(_ms(runs["healthy"][1].run, 1), 0.01)))
        keys = ("ours healthy", "ours saturated", "floor healthy", "floor saturated")
        times: dict[str, list[float]] = {key: [] for key in keys}
        for _ in range(pairs):
            for label, (trainer, floor) in runs.items():
                times[f"floor {label}"].append(_ms(floor.run, epochs))
                times[f"ours {label}"].append(_ms(trainer.train, epochs))
        m = {key: statistics.median(value) for key, value in times.items()}
        outputs = runs["saturated"][0].network.predict(runs["saturated"][0].inputs[:2000])
        print(
            f"  {hidden:>7}: ours {m['ours healthy']:7.1f} → {m['ours saturated']:7.1f} ms "
            f"({m['ours saturated'] / m['ours healthy']:.2f}×); floor {m['floor healthy']:7.1f} → "
            f"{m['floor saturated']:7.1f} ms ({m['floor saturated'] / m['floor healthy']:.2f}×); "
            f"saturated outputs {outputs.min():.1e}…{outputs.max():.3g}",
            flush=True,
        )
        medians = m
        rows.append((hidden, medians["ours healthy"], medians["ours saturated"]))
    return rows


def mini_batch(pairs: int) -> float:
    """Epochs per second, 100 000 points, batch 32, 1 × 64 sigmoid with bias (median)."""
    case = Case(100_000, 64, 1, bias=True)
    trainer = Trainer(case.config(batch_size=32), _data(100_000))
    trainer.train(1)
    rates = [1e3 / _ms(trainer.train, 1) for _ in range(pairs)]
    rate = statistics.median(rates)
    print(f"\nMini-batch: 100 000 points, batch 32, 2-64-1 sigmoid + bias: {rate:.2f} epochs/s (target ≥ 2)")
    return rate
