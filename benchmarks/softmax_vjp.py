"""Softmax's backward pass: the vector–Jacobian product against the formed Σ′.

A softmax output with any cost but log-likelihood needs δᴸ = Σ′(zᴸ)ᵀ ∇ₐC.
Formed, Σ′ is one n×n matrix per example, (m, n, n) in all; the product it is
used for is a ⊙ (v − aᵀv), O(n m).  bplib computes the product (issue #15).
Here, for Network([50, 1000], softmax, quadratic) and m = 100, one backprop
is measured beside the same network with a sigmoid output (time, and the
peak memory tracemalloc traces), and beside the formed-matrix form of BP1.
Targets: peak ≤ 20 MB and time ≤ 5× the sigmoid-output network's.

    python benchmarks/softmax_vjp.py            # the figures in RESULTS.md
    python benchmarks/softmax_vjp.py --quick    # a smoke run
"""

from __future__ import annotations

import argparse

import _common
import numpy as np

import bplib
from bplib.measure import peak_bytes

PEAK_MB, TIME_RATIO = 20, 5


def formed_backprop(net: bplib.Network, x: np.ndarray, y: np.ndarray):
    """backprop with BP1 in its matrix form, through the formed (m, n, n) stack."""
    zs, acts = net.forward_trace(x)
    v = net.cost.grad_a(acts[-1], y)
    delta = bplib.bp1(v, bplib.softmax.jacobian(zs[-1]))
    return bplib.bp3(delta), bplib.bp4(delta, acts[-2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds: a smoke test")
    args = parser.parse_args()
    rounds, calls = (3, 3) if args.quick else (15, 10)
    sizes, m = [50, 1000], 100

    rng = np.random.default_rng(0)
    x = rng.standard_normal((sizes[0], m))
    y = np.eye(sizes[1])[:, rng.integers(0, sizes[1], m)]
    soft = bplib.Network(sizes, activations="softmax", cost="quadratic", seed=0)
    sig = bplib.Network(sizes, activations="sigmoid", cost="quadratic", seed=0)

    # Same gradient both ways (the formed stack is the reference).
    (vb,), (vw,) = soft.backprop(x, y)
    fb, fw = formed_backprop(soft, x, y)
    assert np.allclose(vb, fb, rtol=1e-12, atol=1e-18)
    assert np.allclose(vw, fw, rtol=1e-12, atol=1e-18)

    contenders = {
        "softmax output, VJP (bplib)": lambda: soft.backprop(x, y),
        "sigmoid output": lambda: sig.backprop(x, y),
        "softmax output, formed Σ′": lambda: formed_backprop(soft, x, y),
    }
    peaks = {name: peak_bytes(fn) / 1e6 for name, fn in contenders.items()}  # MB
    times = _common.side_by_side(contenders, rounds=rounds, calls=calls)
    base = times["sigmoid output"]
    print(_common.machine())
    print(f"network {sizes}, quadratic cost, m = {m}; {rounds} alternating rounds x "
          f"{calls} calls, median per call; peak = tracemalloc's, one call")
    for name in contenders:
        print(f"  {name:28s} {times[name] * 1e3:8.2f} ms  {times[name] / base:6.1f}x"
              f"   peak {peaks[name]:7.1f} MB")
    vjp = "softmax output, VJP (bplib)"
    ratio = times[vjp] / base
    print(f"  VJP peak: {peaks[vjp]:.1f} MB ({_common.verdict(peaks[vjp] <= PEAK_MB)} "
          f"the target of <= {PEAK_MB} MB)")
    print(f"  VJP time / sigmoid: {ratio:.2f} ({_common.verdict(ratio <= TIME_RATIO)} "
          f"the target of <= {TIME_RATIO})")
    formed = "softmax output, formed Σ′"
    print(f"  formed Σ′ / VJP: {times[formed] / times[vjp]:.0f}x the time, "
          f"{peaks[formed] / peaks[vjp]:.0f}x the memory")


if __name__ == "__main__":
    main()
