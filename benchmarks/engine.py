"""Engine speed against the article's own loop and the NumPy floor, side by side in one process.

    make bench            (or: python benchmarks/engine.py [--quick] [--only PART ...])

Part 1 times the article's experiment as a user runs it (moons, 100 points,
2-4-1, lr 0.5, 200 000 epochs; 50 000 with --quick): the article's loop versus
``Trainer.train`` (its tuned, bit-identical loop, history and all), in
interleaved repeats, and checks the two end on the same bits. Part 2 is a
scaling table over points × hidden units, article loop versus our float64 and
float32 modes. Part 3 is the general path (any depth, bias, tanh, float32)
against a plain preallocated NumPy loop of the same maths (``numpy_floor``),
part 4 a saturated network against the same one healthy, part 5 mini-batch
epochs per second at 100 000 points (``general_path``). Medians everywhere;
ratios printed last. The machine is shared
and noisy, so only ratios measured in the same run mean anything.
"""

from __future__ import annotations

import argparse
import statistics
import time

import general_path
import numpy as np

from nnplayground.core import article
from nnplayground.core.config import ExperimentConfig
from nnplayground.core.datasets import Dataset, generate
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.core.trainer import Trainer


def _per_epoch_us(run, epochs: int) -> float:
    started = time.perf_counter()
    run(epochs)
    return (time.perf_counter() - started) / epochs * 1e6


def article_network(repeats: int, epochs: int) -> tuple[float, float, bool]:
    def article_run(count: int) -> None:
        article.one_hidden_layer(count)

    def ours_run(count: int) -> None:
        Trainer(ARTICLE_ONE_HIDDEN_LAYER).train(count)

    article_times, our_times = [], []
    for _ in range(repeats):
        article_times.append(_per_epoch_us(article_run, epochs))
        our_times.append(_per_epoch_us(ours_run, epochs))
    printed, _, _ = article.one_hidden_layer(epochs)
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    trainer.train(epochs)
    return statistics.median(article_times), statistics.median(our_times), trainer.last_loss == printed[-1]


def _scaled_case(n: int, hidden: int) -> tuple[np.ndarray, np.ndarray, ExperimentConfig]:
    config = ARTICLE_ONE_HIDDEN_LAYER.replace(
        n_samples=n, hidden_layers=(hidden,), learning_rate=0.5 / n * 100
    )
    X, y = generate("moons", n, 0.1, np.random.RandomState(0))
    return X, y, config


def scaling_row(n: int, hidden: int, repeats: int, budget_s: float) -> tuple[float, float, float]:
    X, y, config = _scaled_case(n, hidden)
    data = Dataset(X, y, X[:0], y[:0])
    rng = np.random.RandomState(1)
    wh0, wo0 = rng.rand(2, hidden), rng.rand(hidden, 1)

    def article_run(count: int) -> None:
        article.one_hidden_layer_loop(X, y, wh0.copy(), wo0.copy(), config.learning_rate, count)

    def ours(dtype: str):
        def run(count: int) -> None:
            Trainer(config.replace(dtype=dtype), data).train(count)

        return run

    probe = _per_epoch_us(article_run, 1)
    epochs = max(1, int(budget_s * 1e6 / max(probe, 1.0)))
    results = {"article": [], "float64": [], "float32": []}
    for _ in range(repeats):
        results["article"].append(_per_epoch_us(article_run, epochs))
        results["float64"].append(_per_epoch_us(ours("float64"), epochs))
        results["float32"].append(_per_epoch_us(ours("float32"), epochs))
    return tuple(statistics.median(results[key]) for key in ("article", "float64", "float32"))


def scaling_table(sizes: tuple[int, ...], widths: tuple[int, ...]) -> tuple[float, float] | None:
    """Print the table; return the (float64, float32) speed-ups at 100 000 points × 256 units if measured."""
    print("Scaling: µs per epoch (article loop | ours float64 | ours float32) and speed-up")
    print(
        f"{'points':>8} {'hidden':>6} {'article':>12} {'float64':>12} {'float32':>12} {'×64':>6} {'×32':>6}"
    )
    big_ratio = None
    for n in sizes:
        for hidden in widths:
            theirs, ours64, ours32 = scaling_row(n, hidden, 3, 0.3)
            print(
                f"{n:>8,} {hidden:>6} {theirs:>12,.1f} {ours64:>12,.1f} {ours32:>12,.1f} "
                f"{theirs / ours64:>6.2f} {theirs / ours32:>6.2f}",
                flush=True,
            )
            if (n, hidden) == (100_000, 256):
                big_ratio = (theirs / ours64, theirs / ours32)
    return big_ratio


GENERAL_CASES = [
    general_path.Case(10_000, 4, 1),
    general_path.Case(10_000, 256, 1),
    general_path.Case(100_000, 4, 1),
    general_path.Case(100_000, 64, 1),
    general_path.Case(100_000, 64, 1, bias=True),
    general_path.Case(100_000, 64, 1, "tanh"),
    general_path.Case(100_000, 64, 1, "tanh", bias=True),
    general_path.Case(100_000, 256, 1),
    general_path.Case(100_000, 64, 3),
    general_path.Case(100_000, 64, 6),
    general_path.Case(100_000, 64, 1, dtype="float32"),
    general_path.Case(100_000, 64, 1, "tanh", bias=True, dtype="float32"),
    general_path.Case(100_000, 64, 6, dtype="float32"),
]
QUICK_CASES = [
    general_path.Case(100_000, 64, 1),
    general_path.Case(100_000, 64, 1, "tanh", bias=True),
    general_path.Case(100_000, 64, 6),
    general_path.Case(100_000, 64, 1, dtype="float32"),
]
PARTS = ("article", "scaling", "general", "saturation", "minibatch")


def _general_targets(results: dict) -> list[str]:
    lines = []
    for case, (_, ours) in results.items():
        if case.points != 100_000 or case.units != 64 or case.dtype != "float64":
            continue
        floor = results[case][0]
        target = 1.3 if case.depth == 1 else 1.5 if case.depth == 6 else None
        if target is not None:
            verdict = "met" if ours / floor <= target else "MISSED"
            lines.append(
                f"general 100 000×64×{case.depth} {case.hidden}{' +bias' if case.bias else ''}: "
                f"{ours / floor:.2f}× the floor (target ≤ {target}×) {verdict}"
            )
        single = results.get(
            general_path.Case(case.points, case.units, case.depth, case.hidden, case.bias, "float32")
        )
        if single is not None:
            speed = ours / single[1]
            verdict = "met" if speed >= 1.8 else "MISSED"
            lines.append(
                f"float32 at 100 000×64×{case.depth} {case.hidden}{' +bias' if case.bias else ''}: "
                f"{speed:.2f}× faster than float64 (target ≥ 1.8×) {verdict}"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller tables")
    parser.add_argument(
        "--only", choices=PARTS, action="append", help="run only this part (repeatable); default: all"
    )
    parser.add_argument("--no-table", action="store_true", help="leave out the article-loop scaling table")
    parser.add_argument(
        "--blas-threads",
        type=int,
        help="cap BLAS at this many threads (threadpoolctl), as the window may while it trains",
    )
    args = parser.parse_args()
    if args.blas_threads:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.blas_threads, user_api="blas")
    parts = set(args.only or PARTS)
    if args.no_table:
        parts.discard("scaling")
    repeats = 3 if args.quick else 5
    pairs = 5 * repeats
    threads = args.blas_threads or "default"
    print(
        f"numpy {np.__version__}; BLAS threads: {threads}; {repeats} interleaved repeats "
        f"({pairs} alternating samples per general-path cell); medians\n"
    )
    summary: list[str] = []

    if "scaling" in parts:
        sizes = (100, 10_000, 100_000) if args.quick else (100, 1_000, 10_000, 100_000)
        widths = (4, 256) if args.quick else (4, 16, 64, 256)
        big_ratio = scaling_table(sizes, widths)
        if big_ratio:
            summary.append(
                f"article family at 100 000 points × 256 hidden: float64 {big_ratio[0]:.2f}×, "
                f"float32 {big_ratio[1]:.2f}× the article loop (target ≥ 5×)"
            )
        print()
    if "general" in parts:
        results = general_path.table(QUICK_CASES if args.quick else GENERAL_CASES, pairs, 0.05)
        summary += _general_targets(results)
    if "saturation" in parts:
        for hidden, healthy, saturated in general_path.saturation(pairs, 0.05):
            verdict = "met" if saturated / healthy < 2 else "MISSED"
            summary.append(
                f"saturated {hidden}: {saturated / healthy:.2f}× the healthy epoch (target < 2×) {verdict}"
            )
    if "minibatch" in parts:
        rate = general_path.mini_batch(repeats)
        verdict = "met" if rate >= 2 else "MISSED"
        summary.append(f"mini-batch 100 000 points, batch 32: {rate:.2f} epochs/s (target ≥ 2) {verdict}")
    if "article" in parts:
        article_us, ours_us, identical = article_network(
            repeats, 50_000 if args.quick else article.ARTICLE_EPOCHS
        )
        print("\nArticle network (moons, 100 points, 2-4-1, lr 0.5, float64):")
        print(f"  article loop      {article_us:8.2f} µs/epoch  ({1e6 / article_us:10,.0f} epochs/s)")
        print(f"  nnplayground      {ours_us:8.2f} µs/epoch  ({1e6 / ours_us:10,.0f} epochs/s)")
        print(f"  same final bits:  {'yes' if identical else 'NO'}")
        speed = article_us / ours_us
        summary.append(
            f"article network: {speed:.2f}× the article loop (target ≥ 3.5×) "
            f"{'met' if speed >= 3.5 else 'MISSED'}, same final bits: {'yes' if identical else 'NO'}"
        )
    print("\nTargets:")
    for line in summary:
        print(f"  {line}")


if __name__ == "__main__":
    main()
