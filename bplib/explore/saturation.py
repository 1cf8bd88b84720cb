"""Saturation and learning slowdown (book ch.8).

:func:`train_neuron` is Nielsen's single sigmoid neuron (input 1, target 0)
trained by gradient descent, epoch by epoch, with bplib's backprop.
:func:`layer_saturation` reports, for every neuron of a network, how close it
is to saturation and how fast its incoming weights learn (BP1/BP2 and BP4).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import _validate
from ..backprop import backprop
from ..network import Network
from ._app import FigureApp

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


class SaturationApp(FigureApp):
    """Sliders for w, b, η, epochs and the cost; output, cost, and where z sits on σ."""

    def __init__(
        self,
        w: float = 2.0,
        b: float = 2.0,
        eta: float = 0.15,
        epochs: int = 300,
        cost: str = "quadratic",
    ) -> None:
        import ipywidgets as widgets

        style = {"description_width": "initial"}
        controls = {
            "w": widgets.FloatSlider(
                value=w, min=-4, max=4, step=0.1, description="initial w", style=style
            ),
            "b": widgets.FloatSlider(
                value=b, min=-4, max=4, step=0.1, description="initial b", style=style
            ),
            "eta": widgets.FloatSlider(
                value=eta,
                min=0.005,
                max=1.0,
                step=0.005,
                description="η",
                readout_format=".3f",
                style=style,
            ),
            "epochs": widgets.IntSlider(
                value=epochs, min=10, max=500, step=10, description="epochs", style=style
            ),
            "cost": widgets.ToggleButtons(
                options=["quadratic", "cross-entropy"], value=cost, description="cost", style=style
            ),
        }
        super().__init__(
            controls,
            alt="Output and cost of one sigmoid neuron against training epoch, "
            "and the sigmoid with the neuron's starting and final z marked.",
        )
        self.figure.subplots_adjust(left=0.07, right=0.97, bottom=0.16, top=0.9, wspace=0.33)
        ax_a, ax_c, ax_s = self.figure.subplots(1, 3)
        self.a_line = self.dynamic(ax_a.plot([], [], color="C0")[0])
        ax_a.set(xlabel="epoch", ylabel="output a", ylim=(0, 1), title="output")
        self.a_text = self.dynamic(
            ax_a.text(0.97, 0.95, "", transform=ax_a.transAxes, ha="right", va="top", fontsize=8)
        )
        self.c_line = self.dynamic(ax_c.plot([], [], color="C3")[0])
        # One fixed log axis serves both costs (quadratic ≤ 0.5, cross-entropy up to ~8).
        ax_c.set(xlabel="epoch", ylabel="cost C", yscale="log", ylim=(1e-4, 20), title="cost")
        self.plain_log_axis(ax_c)
        zgrid = np.linspace(-8, 8, 321)
        s = 1 / (1 + np.exp(-zgrid))
        ax_s.plot(zgrid, s, color="0.3", lw=1, label="σ(z)")
        ax_s.plot(zgrid, s * (1 - s), color="0.6", lw=1, ls="--", label="σ′(z)")
        self.start, self.end = self.dynamic(
            ax_s.plot([], [], "o", color="C1", label="start")[0],
            ax_s.plot([], [], "s", color="C2", label="end")[0],
        )
        ax_s.set(xlabel="z = w + b", xlim=(-8, 8), ylim=(-0.02, 1.02), title="where z sits")
        ax_s.legend(fontsize=7, loc="center left")
        self.few_ticks(ax_a, ax_c, ax_s)
        self.axes = (ax_a, ax_c, ax_s)
        self._epochs_shown = None
        self.update()

    def redraw(self):
        v = self.values
        run = train_neuron(v["w"], v["b"], v["eta"], v["epochs"], v["cost"])
        self.run = run
        self.a_line.set_data(run.epochs, run.a)
        self.c_line.set_data(run.epochs, np.clip(run.cost, 1e-4, 20))
        self.a_text.set_text(f"a = {run.a[0]:.2f} → {run.a[-1]:.2f}")
        z0, z1 = run.w[0] + run.b[0], run.w[-1] + run.b[-1]
        self.start.set_data([float(np.clip(z0, -8, 8))], [run.a[0]])
        self.end.set_data([float(np.clip(z1, -8, 8))], [run.a[-1]])
        if v["epochs"] == self._epochs_shown:
            return False
        self._epochs_shown = v["epochs"]  # a new epoch range: new ticks, so a full redraw
        for ax in self.axes[:2]:
            ax.set_xlim(0, v["epochs"])
        return set(self.axes[:2])  # the sigmoid panel keeps its axes


class LayerSaturationApp(FigureApp):
    """A small sigmoid network: scale its weights and watch neurons saturate and stop learning."""

    def __init__(self, sizes=(4, 6, 6, 3), seed: int = 0, scale: float = 1.0) -> None:
        import ipywidgets as widgets

        self.base = Network(list(sizes), activations="sigmoid", cost="quadratic", seed=seed)
        rng = np.random.default_rng(seed)
        self.x = rng.uniform(0, 1, size=(sizes[0], 1))
        self.x[0] = 0.0  # one input neuron that is off: its weights never learn (BP4)
        self.y = np.eye(sizes[-1])[:, [0]]
        controls = {
            "scale": widgets.FloatLogSlider(
                value=scale,
                base=10,
                min=-1,
                max=1.3,
                step=0.05,
                description="weight scale",
                style={"description_width": "initial"},
            ),
        }
        super().__init__(
            controls,
            alt="Per layer: the activation of every neuron, saturated ones in red, "
            "and how fast each neuron's incoming weights learn, on a log scale.",
        )
        self.figure.subplots_adjust(left=0.08, right=0.97, bottom=0.12, top=0.9, wspace=0.3)
        self.ax_a, self.ax_g = self.figure.subplots(1, 2)
        n_hidden = sum(sizes[1:])
        positions = np.arange(n_hidden)
        self.bars_a = self.dynamic(*self.ax_a.bar(positions, np.zeros(n_hidden), color="C0"))
        self.bars_g = self.dynamic(*self.ax_g.bar(positions, np.ones(n_hidden), color="C0"))
        self.ax_a.set(ylim=(0, 1.15), ylabel="activation", title="activations a of each neuron")
        self.ax_g.set(
            yscale="log",
            ylim=(1e-8, 10),
            ylabel="‖∂C/∂w‖ into the neuron",
            title="how fast its incoming weights learn",
        )
        self.plain_log_axis(self.ax_g)
        edges = np.cumsum([0, *sizes[1:]])
        for ax in (self.ax_a, self.ax_g):
            ax.set_xticks(
                (edges[:-1] + edges[1:] - 1) / 2, [f"layer {l}" for l in range(2, len(sizes) + 1)]
            )
            for e in edges[1:-1]:
                ax.axvline(e - 0.5, color="0.7", lw=0.8)
        self.note = self.dynamic(
            self.ax_a.text(0.01, 0.98, "", transform=self.ax_a.transAxes, va="top", fontsize=8)
        )
        self.update()

    def network(self, scale: float) -> Network:
        net = self.base.copy()
        for w, b in zip(net.weights, net.biases):
            w *= scale
            b *= scale
        return net

    def redraw(self):
        states = layer_saturation(self.network(self.values["scale"]), self.x, self.y)
        self.states = states
        a = np.concatenate([s.a for s in states])
        speed = np.concatenate([s.weight_speed for s in states])
        saturated = np.concatenate([s.saturated for s in states])
        for bar_a, bar_g, h_a, h_g, sat in zip(self.bars_a, self.bars_g, a, speed, saturated):
            color = "C3" if sat else "C0"
            bar_a.set_height(h_a)
            bar_g.set_height(float(np.clip(h_g, 1e-8, 10)))  # a log axis cannot show 0
            bar_a.set_color(color)
            bar_g.set_color(color)
        self.note.set_text(
            f"{int(saturated.sum())} of {saturated.size} neurons saturated "
            f"(red: σ′(z) < {SATURATED})"
        )
        return False
