"""Vanishing and exploding gradients (book ch.9).

Nielsen measures the *learning speed* of hidden layer l as ‖δˡ‖ -- the length
of ∂C/∂bˡ, the gradient for the layer's biases, over a batch of training
images -- and finds it shrinking layer by layer towards the input.
:func:`layer_speeds` measures the same on scikit-learn's digits, at
initialisation and after every epoch of training.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import _validate
from ..backprop import backprop
from ..data import load_digits
from ..network import _INITS, Network
from ._app import FigureApp

__all__ = ["LayerSpeeds", "VanishingApp", "layer_speeds"]

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")


@dataclass(frozen=True)
class LayerSpeeds:
    """``speeds[e, i]``: ‖∂C/∂b‖ of hidden layer i + 2 after e epochs (e = 0: at initialisation).

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


class VanishingApp(FigureApp):
    """Depth, width, activation, initial scale and epochs; per-layer speed now and over time."""

    floor, ceiling = 1e-8, 1e4  # the fixed log axis; values outside are drawn at its edge

    def __init__(
        self,
        depth: int = 4,
        width: int = 30,
        activation: str = "sigmoid",
        init_scale: float = 1.0,
        epochs: int = 0,
        max_epochs: int = 30,
    ) -> None:
        import ipywidgets as widgets

        style = {"description_width": "initial"}
        controls = {
            "depth": widgets.IntSlider(
                value=depth, min=1, max=6, description="hidden layers", style=style
            ),
            "width": widgets.IntSlider(
                value=width, min=5, max=60, step=5, description="width", style=style
            ),
            "activation": widgets.ToggleButtons(
                options=list(HIDDEN_ACTIVATIONS), value=activation, style=style
            ),
            "init_scale": widgets.FloatLogSlider(
                value=init_scale,
                base=10,
                min=-1,
                max=1,
                step=0.05,
                description="weight scale",
                style=style,
            ),
            "epochs": widgets.IntSlider(
                value=epochs, min=0, max=max_epochs, description="epochs trained", style=style
            ),
        }
        super().__init__(
            controls,
            alt="Bar chart of the learning speed of each hidden layer on a log "
            "scale, and the speeds of all layers against training epoch.",
        )
        self.max_epochs = max_epochs
        self.figure.subplots_adjust(left=0.09, right=0.97, bottom=0.16, top=0.88, wspace=0.28)
        self.ax_bar, self.ax_time = self.figure.subplots(1, 2)
        self.bars = self.dynamic(
            *self.ax_bar.bar(np.arange(1, 7), np.ones(6), color=[f"C{i}" for i in range(6)])
        )
        self.ax_bar.set(
            yscale="log",
            ylim=(self.floor, self.ceiling),
            xlim=(0.4, 6.6),
            xlabel="hidden layer (1 = nearest the input)",
            ylabel="speed ‖δ^l‖",
        )
        self.ax_bar.set_xticks(range(1, 7))
        self.title = self.dynamic(
            self.ax_bar.text(
                0.5, 1.02, "", transform=self.ax_bar.transAxes, ha="center", va="bottom", fontsize=9
            )
        )
        self.lines = self.dynamic(
            *[
                self.ax_time.plot([], [], ".-", ms=3, color=f"C{i}", label=f"layer {i + 1}")[0]
                for i in range(6)
            ]
        )
        self.now = self.dynamic(self.ax_time.axvline(0, color="0.5", lw=0.8, ls=":"))
        self.ax_time.set(
            yscale="log",
            ylim=(self.floor, self.ceiling),
            xlim=(0, max_epochs),
            xlabel="epoch",
            title="speed during training",
        )
        for ax in (self.ax_bar, self.ax_time):
            self.plain_log_axis(ax)
        self.few_ticks(self.ax_time)
        self.ax_time.legend(fontsize=7, ncol=3, loc="lower right")
        self.update()

    def _clip(self, values: np.ndarray) -> np.ndarray:
        # A dead ReLU layer has speed 0, which a log axis cannot show.
        return np.clip(values, self.floor, self.ceiling)

    def redraw(self):
        v = self.values
        result = layer_speeds(
            v["depth"], v["width"], v["activation"], round(v["init_scale"], 6), v["epochs"]
        )
        self.result = result
        now = result.speeds[v["epochs"]]
        for i, bar in enumerate(self.bars):
            bar.set_height(self._clip(now[i : i + 1])[0] if i < v["depth"] else self.floor)
        epochs = np.arange(v["epochs"] + 1)  # the run so far
        for i, line in enumerate(self.lines):
            if i < v["depth"]:
                line.set_data(epochs, self._clip(result.speeds[:, i]))
            else:
                line.set_data([], [])
        self.now.set_xdata([v["epochs"], v["epochs"]])
        ratio = f"{now[-1] / now[0]:.3g}" if now[0] > 0 else "∞ (first layer silent)"
        note = "" if result.diverged_at is None else f"; diverged at epoch {result.diverged_at}"
        self.title.set_text(
            f"epoch {v['epochs']}: last/first layer = {ratio}, "
            f"accuracy {result.accuracy[v['epochs']]:.0%}{note}"
        )
        return False
