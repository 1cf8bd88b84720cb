"""How much of the machine's matrix-multiply speed an SGD epoch achieves.

An epoch of mini-batch SGD is, arithmetically, a sequence of matrix products
(w a forward; wᵀδ and δ aᵀ backward) plus elementwise work.  This script
counts the products' floating-point operations, divides by the measured
epoch time, and compares the result with what the same BLAS achieves, on one
thread, on a large square product measured in the same run -- the machine's
practical peak.  Target: >= 30% of that peak at m = 100 on [784, 30, 10].
Smaller batches are shown for contrast: the arithmetic per step shrinks with
m, the fixed per-step Python cost does not.  The target row takes the
examples in order (as the PyTorch comparison does); a shuffled epoch, which
gathers every mini-batch from a row-major copy, is shown beside it.

    python benchmarks/gflops.py            # the figures in RESULTS.md
    python benchmarks/gflops.py --quick    # a smoke run
"""

from __future__ import annotations

import argparse
import timeit

import _common
import numpy as np
from backward_forward import matmul_flops

import bplib

TARGET = 0.30
SIZES = [784, 30, 10]


def peak_gflops(n: int, repeats: int) -> float:
    """Single-thread GFLOP/s of an n×n by n×n float64 product (the best of `repeats`)."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    a @ b  # warm up
    best = min(timeit.repeat(lambda: a @ b, number=1, repeat=repeats))
    return 2 * n**3 / best / 1e9


def epoch_seconds(m: int, n: int, rounds: int, shuffle: bool = False) -> float:
    """Median time of one SGD epoch of n examples in batches of m."""
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(784, n))
    y = np.eye(10)[:, rng.integers(0, 10, n)]
    net = bplib.Network(SIZES, activations="sigmoid", cost="quadratic", seed=0)

    def epoch():
        net.sgd(
            (x, y),
            epochs=1,
            mini_batch_size=m,
            eta=0.1,
            shuffle=shuffle,
            monitor_training=False,
            progress=False,
        )

    return _common.side_by_side({"epoch": epoch}, rounds=rounds, calls=1)["epoch"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run: a smoke test")
    args = parser.parse_args()
    n, rounds, gemm, repeats = (2_000, 2, 512, 3) if args.quick else (20_000, 5, 1024, 7)

    print(_common.machine())
    peak_before = peak_gflops(gemm, repeats)
    rows = []
    for m, shuffle in ((10, False), (30, False), (100, True), (100, False)):
        seconds = epoch_seconds(m, n, rounds, shuffle)
        f, b = matmul_flops(SIZES, m)
        flops = (f + b) * (n // m)
        rows.append((m, shuffle, seconds, flops / seconds / 1e9))
    peak = max(peak_before, peak_gflops(gemm, repeats))  # the machine at its best

    print(f"peak: {gemm}x{gemm} float64 matrix product, 1 thread: {peak:.1f} GFLOP/s")
    print(
        f"one SGD epoch, {SIZES}, sigmoid, quadratic cost, n = {n}:"
        " matrix-product FLOPs / epoch time (one sgd call per epoch)"
    )
    for m, shuffle, seconds, gflops in rows:
        order = "shuffled" if shuffle else "in order"
        print(
            f"  m = {m:3d}, {order:8s}: {seconds * 1e3:7.1f} ms per epoch,"
            f" {gflops:5.1f} GFLOP/s = {gflops / peak:5.1%} of peak"
        )
    share = rows[-1][3] / peak
    verdict = _common.verdict(share >= TARGET)
    print(f"  at m = 100: {share:.0%} of peak ({verdict} the target of >= {TARGET:.0%})")


if __name__ == "__main__":
    main()
