"""Vanishing and exploding gradients (book ch.9).

Nielsen measures the *learning speed* of a hidden layer as the length
‖∂C/∂b‖ of the gradient for the layer's biases -- the mean of the examples'
errors over a batch of training images, eq. (9.1) -- and finds it shrinking
layer by layer towards the input.
:func:`layer_speeds` measures the same on scikit-learn's digits, at
initialisation and after every epoch of training.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

import numpy as np
import traitlets

from .. import _validate
from ..backprop import backprop
from ..data import load_digits
from ..network import _INITS, Network
from ._widget import App, choice, slider

__all__ = ["LayerSpeeds", "VanishingApp", "layer_speeds"]

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")


@dataclass(frozen=True)
class LayerSpeeds:
    """``speeds[e, i]``: ‖∂C/∂b‖ of hidden layer i + 1 (layer l = i + 2) after e epochs.

    Row e = 0 is at initialisation.

    If a step of training would have made a weight infinite (exploding
    gradients), training stops there: ``diverged_at`` is that epoch and the
    later rows repeat the last finite measurement.
    """

    speeds: np.ndarray
    accuracy: np.ndarray  # on the measuring batch, after e epochs
    sizes: tuple[int, ...]
    diverged_at: int | None = None


@lru_cache(maxsize=64)
def _digits(n: int) -> tuple[np.ndarray, np.ndarray]:
    train = load_digits().train
    return np.asfortranarray(train.x[:, :n]), np.asfortranarray(train.y[:, :n])


class _Run:
    """The training state of one setting, extended epoch by epoch on demand."""

    def __init__(self, sizes, activation, init_scale, seed, examples, init) -> None:
        depth = len(sizes) - 2
        self.net = Network(
            list(sizes),
            activations=[activation] * depth + ["sigmoid"],
            cost="cross-entropy",
            seed=seed,
            init=init,
        )
        for w in self.net.weights:
            w *= init_scale
        self.x, self.y = _digits(examples)
        self.labels = self.y.argmax(axis=0)
        self.rng = np.random.default_rng(seed)
        self.speeds: list[np.ndarray] = []
        self.accuracy: list[float] = []
        self.diverged_at: int | None = None
        self.measure()

    def measure(self) -> None:
        nabla_b, _ = backprop(self.net, self.x, self.y, check=False)
        self.speeds.append(np.array([np.linalg.norm(nb) for nb in nabla_b[:-1]]))
        self.accuracy.append(
            float(np.mean(self.net.feedforward(self.x).argmax(axis=0) == self.labels))
        )

    def extend(self, epochs: int, eta: float, mini_batch_size: int) -> None:
        while len(self.speeds) <= epochs:
            if self.diverged_at is None and not _train_epoch(
                self.net, self.x, self.y, eta, mini_batch_size, self.rng
            ):
                self.diverged_at = len(self.speeds)
            if self.diverged_at is None:
                self.measure()
            else:  # frozen at the last finite state
                self.speeds.append(self.speeds[-1])
                self.accuracy.append(self.accuracy[-1])


_RUNS: OrderedDict[tuple, _Run] = OrderedDict()
_MAX_RUNS = 128


def layer_speeds(
    depth: int,
    width: int = 30,
    activation: str = "sigmoid",
    init_scale: float = 1.0,
    epochs: int = 0,
    seed: int = 0,
    examples: int = 200,
    eta: float = 0.1,
    mini_batch_size: int = 20,
    init: str = "normalized",
) -> LayerSpeeds:
    """Learning speed of each hidden layer of ``[64] + [width] * depth + [10]`` on the digits.

    Weights start as ``Network(..., init=init)`` draws them, times
    ``init_scale``: with the default ``init="normalized"``, N(0, init_scale²/n_in)
    (``init_scale = 1`` is Nielsen's network2 default); ``"xavier"`` and
    ``"he"`` are Glorot and Bengio's and He et al.'s variances (book ch.9).
    Biases start at N(0, 1); sigmoid outputs with the cross-entropy cost.
    The network trains for ``epochs`` epochs of SGD on the first ``examples``
    training digits, and the speeds are measured on the same digits.  The
    digits are the first ``examples`` columns of ``load_digits().train`` (the
    split shuffled with seed 0).  Training runs are cached and extended on
    demand, so a slider that moves the epoch forward pays only for the new
    epochs; the result for given arguments does not depend on what was asked
    before.
    """
    depth = _validate.positive_int("depth", depth)
    width = _validate.positive_int("width", width)
    if activation not in HIDDEN_ACTIVATIONS:
        raise ValueError(
            f"activation must be one of {list(HIDDEN_ACTIVATIONS)}, got {activation!r}"
        )
    init_scale = _validate.positive_number("init_scale", init_scale)
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")
    examples = _validate.positive_int("examples", examples)
    eta = _validate.positive_number("eta", eta)
    mini_batch_size = _validate.positive_int("mini_batch_size", mini_batch_size)
    if not isinstance(init, str) or init not in _INITS:
        raise ValueError(f"init must be one of {list(_INITS)}, got {init!r}")
    sizes = (64, *([width] * depth), 10)
    key = (sizes, activation, init_scale, seed, examples, eta, mini_batch_size, init)
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is checked, not warned
        run = _RUNS.pop(key, None) or _Run(sizes, activation, init_scale, seed, examples, init)
        _RUNS[key] = run
        while len(_RUNS) > _MAX_RUNS:
            _RUNS.popitem(last=False)
        run.extend(int(epochs), eta, mini_batch_size)
    speeds = np.array(run.speeds[: epochs + 1])
    accuracy = np.array(run.accuracy[: epochs + 1])
    diverged = run.diverged_at
    if diverged is not None and diverged > epochs:
        diverged = None  # it diverges later than asked
    speeds.setflags(write=False)
    accuracy.setflags(write=False)
    return LayerSpeeds(speeds, accuracy, sizes, diverged)


def _train_epoch(net: Network, x, y, eta: float, m: int, rng) -> bool:
    """One epoch of SGD; False (and the parameters left as they were) if a step blows up."""
    order = rng.permutation(x.shape[1])
    xs, ys = np.asfortranarray(x[:, order]), np.asfortranarray(y[:, order])
    for k in range(0, x.shape[1], m):
        nb, nw = backprop(net, xs[:, k : k + m], ys[:, k : k + m], check=False)
        params = net.weights + net.biases
        steps = [eta * g for g in nw + nb]
        if not all(np.isfinite(st).all() for st in steps):
            return False
        for p, st in zip(params, steps):
            p -= st
        if not all(np.isfinite(p).all() for p in params):
            for p, st in zip(params, steps):
                p += st
            return False
    return True


class VanishingApp(App):
    """Depth, width, activation, initial scale and epochs; per-layer speed now and over time.

    Training on the digits cannot be redone exactly in a browser, so the app
    computes :func:`layer_speeds` for every setting of its controls when it
    is made (about half a minute) and the page only looks them up
    (``js/vanishing.js``).  :attr:`result` is bplib's result for the current
    controls, computed afresh.
    """

    script = "vanishing.js"
    DEPTHS = (1, 2, 3, 4, 5, 6)
    WIDTHS = (5, 10, 20, 30, 60)
    SCALES = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)
    controls: ClassVar[list[dict]] = [
        slider("depth", "hidden layers", list(DEPTHS)),
        slider("width", "width", list(WIDTHS)),
        choice("activation", "activation", list(HIDDEN_ACTIVATIONS),
               {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU"}),
        slider("init_scale", "weight scale s", list(SCALES), 2),
    ]
    depth = traitlets.Any(4).tag(sync=True)
    width = traitlets.Any(30).tag(sync=True)
    activation = traitlets.Any("sigmoid").tag(sync=True)
    init_scale = traitlets.Any(1.0).tag(sync=True)
    epochs = traitlets.Any(0).tag(sync=True)
    grid = traitlets.Dict().tag(sync=True)
    speeds = traitlets.Bytes().tag(sync=True)
    accuracy = traitlets.Bytes().tag(sync=True)
    diverged = traitlets.Bytes().tag(sync=True)

    def __init__(
        self,
        depth: int = 4,
        width: int = 30,
        activation: str = "sigmoid",
        init_scale: float = 1.0,
        epochs: int = 0,
        max_epochs: int = 30,
    ) -> None:
        max_epochs = _validate.positive_int("max_epochs", max_epochs)
        self.max_epochs = max_epochs
        self.controls = [
            *type(self).controls,
            slider("epochs", "epochs trained", list(range(max_epochs + 1))),
        ]
        for spec in self.controls:  # on the grid: the page can only look settings up
            if "values" in spec and spec["name"] in ("depth", "width", "init_scale"):
                value = {"depth": depth, "width": width, "init_scale": init_scale}[spec["name"]]
                if value not in spec["values"]:
                    raise ValueError(
                        f"{spec['name']} must be one of {spec['values']}, got {value!r}"
                    )
        grid, speeds, accuracy, diverged = speed_table(max_epochs, self.SCALES, self.WIDTHS)
        super().__init__(
            depth=depth,
            width=width,
            activation=activation,
            init_scale=init_scale,
            epochs=epochs,
            grid=grid,
            speeds=speeds.astype("<f8").tobytes(),
            accuracy=accuracy.astype("<f8").tobytes(),
            diverged=diverged.astype("<f8").tobytes(),
        )

    @property
    def result(self) -> LayerSpeeds:
        """bplib's :func:`layer_speeds` for the current controls."""
        return layer_speeds(self.depth, self.width, self.activation, self.init_scale, self.epochs)

    def readouts(self) -> dict[str, float | str]:
        """What the app prints beside its figure, computed by bplib, by key."""
        result = self.result
        now = result.speeds[self.epochs]
        out: dict[str, float | str] = {f"speed_{i + 1}": float(v) for i, v in enumerate(now)}
        out["ratio"] = float(now[-1] / now[0]) if now[0] > 0 else "none (first layer has speed 0)"
        out["accuracy"] = float(result.accuracy[self.epochs])
        out["diverged"] = "no" if result.diverged_at is None else f"in epoch {result.diverged_at}"
        return out

    def snapshot(self):
        from matplotlib.figure import Figure

        result = self.result
        now = np.clip(result.speeds[self.epochs], 1e-8, 1e4)
        figure = Figure(figsize=(9.5, 3.0))
        figure.subplots_adjust(left=0.09, right=0.97, bottom=0.16, top=0.88, wspace=0.28)
        ax_bar, ax_time = figure.subplots(1, 2)
        ax_bar.bar(np.arange(1, self.depth + 1), now, color=[f"C{i}" for i in range(self.depth)])
        ax_bar.set(yscale="log", ylim=(1e-8, 1e4), xlim=(0.4, 6.6), ylabel="speed ‖∂C/∂b‖ (log)",
                   xlabel="hidden layer (1 = nearest the input)",
                   title="speed of each hidden layer")
        for i in range(self.depth):
            ax_time.semilogy(np.clip(result.speeds[:, i], 1e-8, 1e4), ".-", ms=3,
                             label=f"layer {i + 1}")
        ax_time.set(xlim=(0, self.max_epochs), ylim=(1e-8, 1e4), xlabel="epoch",
                    title="speed during training")
        ax_time.legend(fontsize=7, ncol=3, loc="lower right")
        return figure


@functools.cache
def speed_table(max_epochs: int, scales: tuple, widths: tuple):
    """:func:`layer_speeds` for every setting of :class:`VanishingApp`'s controls.

    Returns the grid and three float64 arrays: ``speeds[d, w, a, s, e, i]``
    (hidden layer i + 1 after e epochs; NaN beyond the depth),
    ``accuracy[d, w, a, s, e]`` and ``diverged[d, w, a, s]`` (the epoch
    training diverged at, or NaN).
    """
    depths, acts = VanishingApp.DEPTHS, HIDDEN_ACTIVATIONS
    shape = (len(depths), len(widths), len(acts), len(scales))
    speeds = np.full((*shape, max_epochs + 1, max(depths)), np.nan)
    accuracy = np.empty((*shape, max_epochs + 1))
    diverged = np.full(shape, np.nan)
    for index in np.ndindex(*shape):
        d, w, a, s = (axis[i] for axis, i in zip((depths, widths, acts, scales), index))
        result = layer_speeds(d, w, a, s, max_epochs)
        speeds[index][:, :d] = result.speeds
        accuracy[index] = result.accuracy
        if result.diverged_at is not None:
            diverged[index] = result.diverged_at
    grid = {
        "depth": list(depths),
        "width": list(widths),
        "activation": list(acts),
        "init_scale": list(scales),
        "epochs": max_epochs,
    }
    return grid, speeds, accuracy, diverged
