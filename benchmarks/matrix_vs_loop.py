"""Matrix-based mini-batch backprop against the per-example loop.

Nielsen's network.py computes a mini-batch's gradient by looping over its
examples and calling backprop on each; he reports that the fully
matrix-based version was "about a factor of two" faster.  Here both compute
the same gradient (checked first) for his [784, 30, 10] network, m = 10, on
synthetic data of MNIST's shape, with BLAS on one thread.

    python benchmarks/matrix_vs_loop.py            # the figures in RESULTS.md
    python benchmarks/matrix_vs_loop.py --quick    # a smoke run
"""

from __future__ import annotations

import argparse

import _common
import numpy as np

import bplib

TARGET = 8.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds: a smoke test")
    parser.add_argument("--batch", type=int, default=10, help="mini-batch size m")
    args = parser.parse_args()
    rounds, calls = (3, 20) if args.quick else (25, 200)

    net = bplib.Network([784, 30, 10], activations="sigmoid", cost="quadratic", seed=0)
    rng = np.random.default_rng(0)
    # Mini-batches as SGD hands them over: contiguous blocks of columns.
    batches = [
        (
            np.asfortranarray(rng.uniform(size=(784, args.batch))),
            np.asfortranarray(np.eye(10)[:, rng.integers(0, 10, args.batch)]),
        )
        for _ in range(32)
    ]

    # Same numbers first: a fast wrong answer is not a speedup.
    for x, y in batches[:4]:
        nb, nw = bplib.backprop(net, x, y)
        lb, lw = bplib.backprop_per_example(net, x, y)
        for a, b in zip(nb + nw, lb + lw):
            assert np.allclose(a, b, rtol=1e-12, atol=1e-15)

    def cycle(fn):
        state = {"i": 0}

        def run():
            x, y = batches[state["i"] % len(batches)]
            state["i"] += 1
            return fn(net, x, y)

        return run

    times = _common.side_by_side(
        {"matrix": cycle(bplib.backprop), "loop": cycle(bplib.backprop_per_example)},
        rounds=rounds,
        calls=calls,
    )
    speedup = times["loop"] / times["matrix"]
    print(_common.machine())
    print(
        f"network [784, 30, 10], sigmoid, quadratic cost, m = {args.batch}, "
        f"{rounds} alternating rounds x {calls} calls, median per call"
    )
    print(f"  per-example loop (Nielsen's original): {times['loop'] * 1e6:8.1f} us")
    print(f"  matrix-based mini-batch (bplib):       {times['matrix'] * 1e6:8.1f} us")
    verdict = _common.verdict(speedup >= TARGET)
    print(
        f"  speedup: {speedup:.1f}x  ({verdict} the target of >= {TARGET:.0f}x;"
        " Nielsen reported ~2x)"
    )


if __name__ == "__main__":
    main()
