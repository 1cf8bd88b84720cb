"""One SGD epoch of bplib against the same network in PyTorch (CPU, eager).

The network is Nielsen's [784, 30, 10] with sigmoid neurons and the
quadratic cost, trained with mini-batches of m = 10 on synthetic data of
MNIST's shape, in float64 on both sides.  Both start from the same weights,
see the same mini-batches in the same order, and must end with the same
weights (checked before timing).  PyTorch pays a fixed cost per operation
(dispatch, autograd bookkeeping) that a lean NumPy path need not pay; at these
sizes that overhead, not arithmetic, decides.  Target: bplib's epoch takes at
most 0.5x PyTorch's time.

PyTorch is optional (``pip install torch==2.13.0``; it is not in
requirements.txt).  Without it this prints the bplib figure and says so.

    python benchmarks/epoch_vs_pytorch.py            # the figures in RESULTS.md
    python benchmarks/epoch_vs_pytorch.py --quick    # a smoke run
"""

from __future__ import annotations

import argparse

import _common
import numpy as np

import bplib

TARGET = 0.5
SIZES = [784, 30, 10]


def synthetic(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n columns shaped like MNIST: pixels in [0, 1], one-hot targets."""
    rng = np.random.default_rng(seed)
    return rng.uniform(size=(784, n)), np.eye(10)[:, rng.integers(0, 10, n)]


def bplib_epoch(net: bplib.Network, x, y, eta: float, m: int) -> None:
    """One epoch through bplib.sgd's own loop, in the columns' given order."""
    net.sgd(
        (x, y),
        epochs=1,
        mini_batch_size=m,
        eta=eta,
        shuffle=False,
        monitor_training=False,
        progress=False,
    )


def torch_model(net: bplib.Network):
    """The same network as a torch.nn.Sequential, float64, with net's weights."""
    import torch

    layers = []
    for w, b in zip(net.weights, net.biases):
        lin = torch.nn.Linear(w.shape[1], w.shape[0], dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w))
            lin.bias.copy_(torch.from_numpy(b[:, 0]))
        layers += [lin, torch.nn.Sigmoid()]
    return torch.nn.Sequential(*layers)


def torch_epoch(model, opt, xt, yt, m: int) -> None:
    """One epoch of the textbook PyTorch loop: forward, loss, backward, step."""
    n = xt.shape[0]
    for k in range(0, n, m):
        xb, yb = xt[k : k + m], yt[k : k + m]
        opt.zero_grad()
        # Nielsen's quadratic cost, mean over the batch: (1/2m) Σ ||a − y||².
        loss = 0.5 * ((model(xb) - yb) ** 2).sum() / xb.shape[0]
        loss.backward()
        opt.step()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small epoch: a smoke test")
    parser.add_argument("--n", type=int, default=10_000, help="training examples per epoch")
    args = parser.parse_args()
    n, rounds = (500, 2) if args.quick else (args.n, 7)
    m, eta = 10, 3.0
    x, y = synthetic(n)  # already in random order: both sides take it as it is
    start = bplib.Network(SIZES, activations="sigmoid", cost="quadratic", seed=0)

    print(_common.machine())
    print(
        f"one SGD epoch: {SIZES}, sigmoid, quadratic cost, float64, n = {n},"
        f" m = {m}, eta = {eta}; median of {rounds} alternating rounds"
    )

    try:
        import torch
    except ImportError:
        torch = None

    contenders = {}
    net = start.copy()
    contenders["bplib"] = lambda: bplib_epoch(net, x, y, eta, m)

    if torch is not None:
        torch.set_num_threads(1)
        # PyTorch's layout: one example per row.
        xt = torch.from_numpy(np.ascontiguousarray(x.T))
        yt = torch.from_numpy(np.ascontiguousarray(y.T))

        # Same numbers first: one epoch from the same start on both sides.
        check_net = start.copy()
        bplib_epoch(check_net, x, y, eta, m)
        check_model = torch_model(start)
        torch_epoch(check_model, torch.optim.SGD(check_model.parameters(), lr=eta), xt, yt, m)
        torch_w = [layer.weight.detach().numpy() for layer in check_model[::2]]
        for w_b, w_t in zip(check_net.weights, torch_w):
            assert np.allclose(w_b, w_t, rtol=1e-9, atol=1e-12), "bplib and PyTorch disagree"
        print("  same weights after one epoch on both sides (to 1e-9)")

        model = torch_model(start)
        opt = torch.optim.SGD(model.parameters(), lr=eta)
        contenders["pytorch"] = lambda: torch_epoch(model, opt, xt, yt, m)

    times = _common.side_by_side(contenders, rounds=rounds, calls=1)

    steps = -(-n // m)
    for name, t in times.items():
        print(f"  {name:8s} {t * 1e3:8.1f} ms per epoch  ({t / steps * 1e6:6.1f} us per step)")
    if torch is None:
        print("  pytorch  skipped: torch is not installed (pip install torch==2.13.0)")
        return
    ratio = times["bplib"] / times["pytorch"]
    verdict = _common.verdict(ratio <= TARGET)
    print(
        f"  bplib / pytorch: {ratio:.2f}x  ({verdict} the target of <= {TARGET}x;"
        f" torch {torch.__version__}, {torch.get_num_threads()} thread)"
    )


if __name__ == "__main__":
    main()
