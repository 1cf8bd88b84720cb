"""The backward pass against the forward pass, timed apart on one network.

Backpropagation's claim to speed is that the backward pass costs about as
much as a forward pass or two: per layer, the forward pass does one matrix
product (w a) and the backward pass two (wᵀδ for BP2 and δ aᵀ for BP4), and
the first layer needs no wᵀδ at all.  Here the two passes of bplib.backprop
are timed separately -- the forward pass as `Network.forward_trace` computes
it, the backward pass as `bplib.backward` computes it from that trace -- for
Nielsen's [784, 30, 10], sigmoid, quadratic cost, m = 10.  Target: backward /
forward <= 2.2 (theory: about 2 when the layers are alike -- (2D-1)/D for D
equal weight layers; for this net, whose first layer holds 98% of the
weights and needs no BP2, the FLOP ratio is 1.01, printed beside the time).

    python benchmarks/backward_forward.py            # the figures in RESULTS.md
    python benchmarks/backward_forward.py --quick    # a smoke run
"""

from __future__ import annotations

import argparse
import itertools

import _common
import numpy as np

import bplib

TARGET = 2.2


def matmul_flops(sizes: list[int], m: int) -> tuple[int, int]:
    """Multiply-adds ×2 of the forward and of the backward pass's matrix products."""
    pairs = list(itertools.pairwise(sizes))
    forward = sum(2 * n_in * n_out * m for n_in, n_out in pairs)
    # BP4 at every layer; BP2 (wᵀδ) at every layer but the first.
    backward = forward + sum(2 * n_in * n_out * m for n_in, n_out in pairs[1:])
    return forward, backward


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds: a smoke test")
    parser.add_argument("--batch", type=int, default=10, help="mini-batch size m")
    args = parser.parse_args()
    rounds, calls = (3, 20) if args.quick else (25, 400)
    sizes, m = [784, 30, 10], args.batch

    net = bplib.Network(sizes, activations="sigmoid", cost="quadratic", seed=0)
    rng = np.random.default_rng(0)
    x = np.asfortranarray(rng.uniform(size=(784, m)))
    y = np.asfortranarray(np.eye(10)[:, rng.integers(0, 10, m)])
    trace = net.forward_trace(x)

    # The split is exact: forward + backward is backprop.
    split_b, split_w = bplib.backward(net, *trace, y)
    whole_b, whole_w = net.backprop(x, y)
    for a, b in zip(split_b + split_w, whole_b + whole_w):
        assert np.array_equal(a, b)

    times = _common.side_by_side(
        {
            "forward": lambda: net._trace(x),
            "backward": lambda: bplib.backward(net, *trace, y),
            "backprop": lambda: bplib.backprop(net, x, y, check=False),
        },
        rounds=rounds,
        calls=calls,
    )
    ratio = times["backward"] / times["forward"]
    flops_f, flops_b = matmul_flops(sizes, m)
    print(_common.machine())
    print(
        f"network {sizes}, sigmoid, quadratic cost, m = {m}, "
        f"{rounds} alternating rounds x {calls} calls, median per call"
    )
    print(
        f"  forward pass  (Network.forward_trace): {times['forward'] * 1e6:7.1f} us"
        f"   {flops_f / 1e6:6.3f} MFLOP in matrix products"
    )
    print(
        f"  backward pass (bplib.backward):        {times['backward'] * 1e6:7.1f} us"
        f"   {flops_b / 1e6:6.3f} MFLOP"
    )
    print(f"  both (bplib.backprop, unchecked):      {times['backprop'] * 1e6:7.1f} us")
    verdict = _common.verdict(ratio <= TARGET)
    print(
        f"  backward / forward: {ratio:.2f}  ({verdict} the target of <= {TARGET};"
        f" FLOP ratio {flops_b / flops_f:.2f}; about 2 for alike layers)"
    )


if __name__ == "__main__":
    main()
