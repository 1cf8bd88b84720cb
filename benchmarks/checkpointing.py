"""Gradient checkpointing: memory and time against the segment length k.

bplib.backprop(..., checkpoint_every=k) keeps only the input of every k-th
weight layer in the forward pass and recomputes each segment in the backward
pass.  Measured on issue #15's network, [64] + [256]×32 + [10] (sigmoid,
quadratic cost), m = 2048: peak memory traced by tracemalloc (one call each)
and time (alternating rounds), both as ratios to plain backprop, for k from 1
to L − 1 = 33, with k ≈ √(L − 1) marked (ch.15 shows that this memory
model's optimum is nearer √((L − 1)/2) ≈ 4).  Issue #15's targets, at
k = round(√(L − 1)) = 6: peak ≤ 0.4× plain, time ≤ 1.7×.  The gradients are
asserted identical to plain backprop's.

    python benchmarks/checkpointing.py            # the figures in RESULTS.md
    python benchmarks/checkpointing.py --quick    # a smoke run (smaller m)
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

import _common
import numpy as np

import bplib
from bplib.measure import peak_bytes

MEMORY, TIME = 0.4, 1.7


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="m = 256, few rounds")
    args = parser.parse_args()
    m, rounds = (256, 2) if args.quick else (2048, 7)
    sizes = [64] + [256] * 32 + [10]
    depth = len(sizes) - 1
    best = round(math.sqrt(depth))
    ks = sorted({1, 2, 3, 4, best, 8, 11, 16, depth})

    net = bplib.Network(sizes, seed=0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((sizes[0], m))
    y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], m)]

    plain = net.backprop(x, y)
    for k in ks:
        grads = net.backprop(x, y, checkpoint_every=k)
        assert all(np.array_equal(p, q)
                   for p, q in zip(plain[0] + plain[1], grads[0] + grads[1]))

    contenders = {"plain": lambda: net.backprop(x, y)}
    contenders |= {f"k={k}": (lambda k=k: net.backprop(x, y, checkpoint_every=k))
                   for k in ks}
    peaks = {name: peak_bytes(fn) for name, fn in contenders.items()}
    # Each contender is timed right after an untimed call of its own: a first
    # call after a different k pays for fresh pages (the plain pass's 300 MB),
    # which a training loop repeating one k does not.
    samples = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            fn()
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    times = {name: statistics.median(s) for name, s in samples.items()}
    print(_common.machine())
    print(f"network [64] + [256]x32 + [10], m = {m}; {rounds} alternating rounds, "
          f"median; peak = tracemalloc's, one call; gradients identical to plain")
    print(f"  plain backprop: {peaks['plain'] / 1e6:6.0f} MB  {times['plain'] * 1e3:7.0f} ms")
    for k in ks:
        name = f"k={k}"
        mark = f"   <- k = round(sqrt({depth}))" if k == best else ""
        print(f"  k = {k:2d}: memory {peaks[name] / peaks['plain']:.2f}x  "
              f"time {times[name] / times['plain']:.2f}x{mark}")
    mem = peaks[f"k={best}"] / peaks["plain"]
    tim = times[f"k={best}"] / times["plain"]
    if args.quick:  # the weights' gradients weigh more at small m: no verdict
        print(f"  at k = {best}: memory {mem:.2f}x, time {tim:.2f}x "
              f"(smoke run; the targets apply at m = 2048)")
    else:
        print(f"  at k = {best}: memory {mem:.2f}x ({_common.verdict(mem <= MEMORY)} the "
              f"target of <= {MEMORY}), time {tim:.2f}x ({_common.verdict(tim <= TIME)} "
              f"<= {TIME})")


if __name__ == "__main__":
    main()
