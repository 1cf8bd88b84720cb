"""Saturation and learning slowdown (book ch.8).

:func:`train_neuron` is Nielsen's single sigmoid neuron (input 1, target 0)
trained by gradient descent, epoch by epoch, with bplib's backprop.
:func:`layer_saturation` reports, for every neuron of a network, how close it
is to saturation and how fast its incoming weights learn (BP1/BP2 and BP4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import traitlets

from .. import _validate
from ..backprop import backprop
from ..network import Network
from ._widget import App, choice, network_state, nice_values, slider, values_between

__all__ = [
    "LayerState",
    "LayerSaturationApp",
    "NeuronRun",
    "SaturationApp",
    "layer_saturation",
    "train_neuron",
]

SATURATED = 0.01  # σ′(z) below this (|z| > 4.6 for the sigmoid): the neuron is saturated


@dataclass
class NeuronRun:
    """One training run of the single neuron; index i is after i epochs."""

    epochs: np.ndarray
    w: np.ndarray
    b: np.ndarray
    a: np.ndarray  # output σ(w·1 + b)
    cost: np.ndarray


def train_neuron(
    w: float,
    b: float,
    eta: float,
    epochs: int,
    cost: str = "quadratic",
    x: float = 1.0,
    y: float = 0.0,
) -> NeuronRun:
    """Gradient descent on one sigmoid neuron from (w, b): Nielsen's ch.3 experiment.

    Each epoch is one full step on the single example (x, y), with the
    gradient from :func:`bplib.backprop`.  Nielsen's setup is x = 1, y = 0,
    η = 0.15 for the quadratic cost, 300 epochs.
    """
    for name, value in (("w", w), ("b", b), ("x", x), ("y", y)):
        if not np.isfinite(_validate_real(name, value)):
            raise ValueError(f"{name} must be finite, got {value!r}")
    eta = _validate.positive_number("eta", eta)
    epochs = _validate.positive_int("epochs", epochs)
    net = Network([1, 1], activations="sigmoid", cost=cost, seed=0)
    net.weights[0][:] = w
    net.biases[0][:] = b
    xs, ys = np.array([[float(x)]]), np.array([[float(y)]])
    out = np.empty((4, epochs + 1))  # rows: w, b, a, cost
    for i in range(epochs + 1):
        out[0, i], out[1, i] = net.weights[0][0, 0], net.biases[0][0, 0]
        out[2, i] = net.feedforward(xs)[0, 0]
        out[3, i] = net.cost_value(xs, ys)
        if i < epochs:
            nabla_b, nabla_w = backprop(net, xs, ys, check=False)
            net.weights[0] -= eta * nabla_w[0]
            net.biases[0] -= eta * nabla_b[0]
    return NeuronRun(np.arange(epochs + 1), *out)


def _validate_real(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    return float(value)


@dataclass
class LayerState:
    """One layer (book numbering ``layer``) of :func:`layer_saturation`."""

    layer: int
    a: np.ndarray  # activations, one per neuron
    sigma_prime: np.ndarray  # σ′(z)
    delta: np.ndarray  # the error δ (BP1/BP2)
    weight_speed: np.ndarray  # ‖∂C/∂w^l_{j·}‖: how fast neuron j's incoming weights learn
    saturated: np.ndarray  # σ′(z) < SATURATED
    quiet_inputs: np.ndarray  # inputs a^{l-1}_k ≈ 0 (|a| < 0.01): their weights barely learn


def layer_saturation(net: Network, x, y) -> list[LayerState]:
    """Per neuron: activation, σ′(z), error δ, and the learning speed of its incoming weights."""
    x, y = net._check_xy(x, y)
    if x.shape[1] != 1:
        raise ValueError(f"x must be one example (one column), got shape {x.shape}")
    zs, acts = net.forward_trace(x)
    nabla_b, nabla_w = backprop(net, x, y, check=False)
    states = []
    for i, (z, a, act) in enumerate(zip(zs, acts[1:], net.activations)):
        if not act.elementwise:
            raise ValueError("layer_saturation needs elementwise activations")
        sp = act.prime(z).ravel()
        states.append(
            LayerState(
                layer=i + 2,
                a=a.ravel(),
                sigma_prime=sp,
                delta=nabla_b[i].ravel(),
                weight_speed=np.linalg.norm(nabla_w[i], axis=1),
                saturated=sp < SATURATED,
                quiet_inputs=np.abs(acts[i].ravel()) < 0.01,
            )
        )
    return states


# -- views -----------------------------------------------------------------------


class SaturationApp(App):
    """Sliders for w, b, η, epochs and the cost; output, cost, and where z sits on σ.

    The browser trains the neuron itself (``js/saturation.js``, held to
    :func:`train_neuron`); :attr:`run` is bplib's run for the current controls.
    """

    script = "saturation.js"
    controls: ClassVar[list[dict]] = [
        slider("w", "initial w", values_between(-4, 4, 0.1), 2),
        slider("b", "initial b", values_between(-4, 4, 0.1), 2),
        slider("eta", "learning rate η", nice_values(0.001, 1.0), 3),
        slider("epochs", "epochs", list(range(10, 501, 10))),
        choice("cost", "cost", ["quadratic", "cross-entropy"]),
    ]
    w = traitlets.Any(2.0).tag(sync=True)
    b = traitlets.Any(2.0).tag(sync=True)
    eta = traitlets.Any(0.15).tag(sync=True)
    epochs = traitlets.Any(300).tag(sync=True)
    cost = traitlets.Any("quadratic").tag(sync=True)

    def __init__(
        self,
        w: float = 2.0,
        b: float = 2.0,
        eta: float = 0.15,
        epochs: int = 300,
        cost: str = "quadratic",
    ) -> None:
        super().__init__(w=w, b=b, eta=eta, epochs=epochs, cost=cost)

    @property
    def run(self) -> NeuronRun:
        """bplib's training run for the current controls."""
        return train_neuron(self.w, self.b, self.eta, self.epochs, self.cost)

    def readouts(self) -> dict[str, float]:
        """What the app prints beside its figure, computed by bplib, by key."""
        run = self.run
        a0 = run.a[0]
        values = {
            "start_z": run.w[0] + run.b[0],
            "start_a": a0,
            "start_sigma_prime": a0 * (1 - a0),
            "start_cost": run.cost[0],
            "end_a": run.a[-1],
            "end_cost": run.cost[-1],
        }
        return {key: float(v) for key, v in values.items()}

    def snapshot(self):
        from matplotlib.figure import Figure

        run = self.run
        figure = Figure(figsize=(9.5, 3.0))
        figure.subplots_adjust(left=0.07, right=0.97, bottom=0.16, top=0.88, wspace=0.33)
        ax_a, ax_c, ax_s = figure.subplots(1, 3)
        ax_a.plot(run.epochs, run.a)
        ax_a.set(xlabel="epoch", ylabel="a", ylim=(0, 1), title="output a")
        ax_c.semilogy(run.epochs, np.clip(run.cost, 1e-4, 20), color="C3")
        ax_c.set(xlabel="epoch", ylabel="C", ylim=(1e-4, 20), title="cost C")
        z = np.linspace(-8, 8, 161)
        s = 1 / (1 + np.exp(-z))
        ax_s.plot(z, s, color="0.3", label="σ(z)")
        ax_s.plot(z, s * (1 - s), "--", color="0.6", label="σ′(z)")
        ends = run.w[[0, -1]] + run.b[[0, -1]]
        ax_s.plot(ends[:1], run.a[:1], "o", color="C1", label="start")
        ax_s.plot(ends[1:], run.a[-1:], "s", color="C2", label="end")
        ax_s.set(xlabel="z = w + b", xlim=(-8, 8), ylim=(0, 1.05), title="where z sits")
        ax_s.legend(fontsize=7, loc="center left")
        return figure


class LayerSaturationApp(App):
    """A small sigmoid network: scale its weights and watch neurons saturate and stop learning.

    The browser runs the network itself (``js/layer_saturation.js``, held to
    :func:`layer_saturation`); :attr:`states` is bplib's result for the
    current scale.
    """

    script = "layer_saturation.js"
    controls: ClassVar[list[dict]] = [slider("scale", "weight scale", nice_values(0.1, 20.0), 3)]
    scale = traitlets.Any(1.0).tag(sync=True)
    network = traitlets.Dict().tag(sync=True)

    def __init__(
        self, sizes=(4, 6, 6, 3), seed: int = 0, scale: float = 1.0, x=None, y=None
    ) -> None:
        """``x``, ``y``: one input column and its target (default: a random input
        whose first pixel is 0, and the first unit vector)."""
        self.base = Network(list(sizes), activations="sigmoid", cost="quadratic", seed=seed)
        if x is None:
            x = np.random.default_rng(seed).uniform(0, 1, size=(sizes[0], 1))
            x[0] = 0.0  # one input neuron that is off: its weights never learn (BP4)
        if y is None:
            y = np.eye(sizes[-1])[:, [0]]
        self.x, self.y = self.base._check_xy(x, y)
        if self.x.shape[1] != 1:
            raise ValueError(f"x must be one example (one column), got shape {self.x.shape}")
        super().__init__(scale=scale, network=network_state(self.base, self.x, self.y))

    def network_at(self, scale: float) -> Network:
        """The base network with every weight and bias multiplied by ``scale``."""
        net = self.base.copy()
        for w, b in zip(net.weights, net.biases):
            w *= scale
            b *= scale
        return net

    @property
    def states(self) -> list[LayerState]:
        """bplib's :func:`layer_saturation` at the current scale."""
        return layer_saturation(self.network_at(self.scale), self.x, self.y)

    def readouts(self) -> dict[str, float]:
        """What the app prints beside its figure, computed by bplib, by key."""
        states = self.states
        speed = np.concatenate([s.weight_speed for s in states])
        saturated = np.concatenate([s.saturated for s in states])
        which = "; ".join(
            f"layer {s.layer}: " + ", ".join(str(j + 1) for j in np.flatnonzero(s.saturated))
            for s in states
            if s.saturated.any()
        )
        return {
            "saturated": int(saturated.sum()),
            "which": which or "none",
            "median_speed": float(np.median(speed)),
            "median_saturated_speed": (
                float(np.median(speed[saturated])) if saturated.any() else "none"
            ),
            "min_speed": float(speed.min()),
            "max_speed": float(speed.max()),
        }

    def snapshot(self):
        from matplotlib.figure import Figure

        states = self.states
        a = np.concatenate([s.a for s in states])
        speed = np.clip(np.concatenate([s.weight_speed for s in states]), 1e-8, 10)
        saturated = np.concatenate([s.saturated for s in states])
        colors = ["C3" if sat else "C0" for sat in saturated]
        figure = Figure(figsize=(9.5, 3.0))
        figure.subplots_adjust(left=0.08, right=0.97, bottom=0.12, top=0.88, wspace=0.3)
        ax_a, ax_g = figure.subplots(1, 2)
        where = np.flatnonzero(saturated)
        # As in the page: a saturated neuron's bar is red and ringed at its top.
        ring = dict(marker="o", ls="none", mfc="none", mec="C3", ms=7, mew=1.5)
        ax_a.bar(np.arange(a.size), a, color=colors)
        ax_a.plot(where, a[where], **ring, label=f"saturated: σ′(z) < {SATURATED}")
        ax_a.set(ylim=(0, 1.3), ylabel="a", title="activation a of each neuron")
        ax_a.legend(fontsize=8, loc="upper right")
        ax_g.bar(np.arange(a.size), speed, color=colors)
        ax_g.plot(where, speed[where], **ring)
        ax_g.set(yscale="log", ylim=(1e-8, 10), ylabel="‖∂C/∂w‖",
                 title="how fast its incoming weights learn")
        return figure

