"""Nielsen's demon (book ch.7): nudge one weighted input, watch the cost.

:func:`demon_effect` adds Δz to z^l_j, runs the rest of the network forward
and returns the true change in the cost next to the linear prediction
δ^l_j·Δz that defines the error.  All Δz values travel as one batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import _validate
from ..backprop import backprop
from ..network import Network
from ._app import FigureApp

__all__ = ["DemonApp", "DemonEffect", "demon_effect"]


@dataclass
class DemonEffect:
    """What :func:`demon_effect` measured: the true change in the cost
    against the linear prediction δˡⱼ·Δz, over a range of perturbations Δz."""

    dz: np.ndarray  # the perturbations tried
    true_change: np.ndarray  # C(z^l_j + Δz) − C(z^l_j)
    linear: np.ndarray  # δ^l_j Δz
    delta: float  # δ^l_j = ∂C/∂z^l_j from backprop
    parting: float | None  # smallest |Δz| where the two differ by more than 10 %


def demon_effect(
    net: Network, x, y, layer: int, neuron: int, dz_max: float, points: int = 201
) -> DemonEffect:
    """True ΔC and δ·Δz for Δz in [−dz_max, dz_max] at neuron ``neuron`` of ``layer`` (2..L)."""
    x, y = net._check_xy(x, y)
    if x.shape[1] != 1:
        raise ValueError(f"x must be one example (one column), got shape {x.shape}")
    if (
        isinstance(layer, bool)
        or not isinstance(layer, (int, np.integer))
        or not (2 <= layer <= len(net.sizes))
    ):
        raise ValueError(f"layer must be an integer from 2 to {len(net.sizes)}, got {layer!r}")
    n = net.sizes[layer - 1]
    if (
        isinstance(neuron, bool)
        or not isinstance(neuron, (int, np.integer))
        or not (0 <= neuron < n)
    ):
        raise ValueError(
            f"neuron must be an integer from 0 to {n - 1} in layer {layer}, got {neuron!r}"
        )
    dz_max = _validate.positive_number("dz_max", dz_max)
    points = _validate.positive_int("points", points)

    zs, _ = net.forward_trace(x)
    nabla_b, _ = backprop(net, x, y, check=False)
    delta = float(nabla_b[layer - 2][neuron, 0])  # BP3: ∂C/∂b = δ
    dz = np.linspace(-dz_max, dz_max, points)
    z = np.repeat(zs[layer - 2], points, axis=1)  # one column per Δz
    z[neuron] += dz
    a = net.activations[layer - 2].value(z)
    for w, b, act in zip(
        net.weights[layer - 1 :], net.biases[layer - 1 :], net.activations[layer - 1 :]
    ):
        a = act.value(w @ a + b)
    ys = np.repeat(y, points, axis=1)
    base = net.cost.per_example(net.feedforward(x), y)[0, 0]
    true_change = net.cost.per_example(a, ys)[0] - base
    linear = delta * dz
    scale = np.maximum(np.abs(true_change), np.abs(linear))
    with np.errstate(invalid="ignore", divide="ignore"):
        apart = (np.abs(true_change - linear) > 0.1 * scale) & (scale > 1e-12)
    parting = float(np.abs(dz[apart]).min()) if apart.any() else None
    return DemonEffect(dz, true_change, linear, delta, parting)


class DemonApp(FigureApp):
    """Pick a layer and a neuron, let the demon push its z, compare ΔC with δ·Δz."""

    def __init__(
        self,
        sizes=(3, 5, 5, 2),
        seed: int = 4,
        layer: int = 2,
        neuron: int = 0,
        dz_max: float = 1.0,
    ) -> None:
        import ipywidgets as widgets

        self.net = Network(list(sizes), activations="sigmoid", cost="quadratic", seed=seed)
        rng = np.random.default_rng(seed)
        self.x = rng.normal(size=(sizes[0], 1))
        self.y = np.eye(sizes[-1])[:, [0]]
        style = {"description_width": "initial"}
        self.layer_slider = widgets.IntSlider(
            value=layer, min=2, max=len(sizes), description="layer l", style=style
        )
        self.neuron_slider = widgets.IntSlider(
            value=neuron + 1,  # the slider counts from 1, like j
            min=1,
            max=sizes[layer - 1],
            description="neuron j",
            style=style,
        )
        controls = {
            "layer": self.layer_slider,
            "neuron": self.neuron_slider,
            "dz_max": widgets.FloatLogSlider(
                value=dz_max,
                base=10,
                min=-2,
                max=1.3,
                step=0.05,
                description="largest Δz",
                style=style,
            ),
        }
        super().__init__(
            controls,
            alt="The true change in the cost against the demon's change of one "
            "weighted input, next to the straight line delta times delta z, "
            "and their relative difference.",
        )
        self.figure.subplots_adjust(left=0.1, right=0.97, bottom=0.16, top=0.88, wspace=0.32)
        self.ax, self.ax_err = self.figure.subplots(1, 2)
        self.true_line, self.lin_line = self.dynamic(
            self.ax.plot([], [], color="C0", label="true ΔC")[0],
            self.ax.plot([], [], "--", color="C3", label="δ·Δz (backprop)")[0],
        )
        self.part_lines = self.dynamic(
            *[self.ax.axvline(0, color="0.5", lw=0.8, ls=":") for _ in range(2)]
        )
        self.ax.set(xlabel="Δz added to z^l_j", ylabel="ΔC")
        self.ax.legend(fontsize=8, loc="upper left")
        self.title = self.dynamic(
            self.ax.text(
                0.5, 1.02, "", transform=self.ax.transAxes, ha="center", va="bottom", fontsize=9
            )
        )
        self.err_line = self.dynamic(self.ax_err.plot([], [], color="C2")[0])
        self.ax_err.axhline(0.1, color="0.6", lw=0.8, ls=":")
        self.ax_err.set(
            xlabel="|Δz|",
            ylabel="|ΔC − δ·Δz| / |ΔC|",
            yscale="log",
            ylim=(1e-6, 10),
            title="where they part (dotted: 10 %)",
        )
        self.plain_log_axis(self.ax_err)
        self.few_ticks(self.ax, self.ax_err)
        self._ylim = None
        self._dz_shown = None
        self.update()

    def _on_change(self, change) -> None:
        if change["owner"] is self.layer_slider:  # a new layer has its own neuron count
            self.neuron_slider.max = self.net.sizes[change["new"] - 1]
        super()._on_change(change)

    def redraw(self):
        v = self.values
        neuron = min(v["neuron"], self.net.sizes[v["layer"] - 1]) - 1  # 0-based
        effect = demon_effect(self.net, self.x, self.y, v["layer"], neuron, v["dz_max"])
        self.effect = effect
        self.true_line.set_data(effect.dz, effect.true_change)
        self.lin_line.set_data(effect.dz, effect.linear)
        part = effect.parting if effect.parting is not None else 2 * v["dz_max"]
        for line, sign in zip(self.part_lines, (-1, 1)):
            line.set_xdata([sign * part, sign * part])
        parting = "" if effect.parting is None else f"; they part at |Δz| ≈ {effect.parting:.2g}"
        self.title.set_text(f"δ^{v['layer']}_{neuron + 1} = {effect.delta:.4f}{parting}")
        right = effect.dz > 0
        scale = np.maximum(np.abs(effect.true_change[right]), 1e-300)
        rel = np.abs(effect.true_change[right] - effect.linear[right]) / scale
        self.err_line.set_data(effect.dz[right], np.clip(rel, 1e-6, 10))

        changed = set()
        if v["dz_max"] != self._dz_shown:
            self._dz_shown = v["dz_max"]
            self.ax.set_xlim(-v["dz_max"], v["dz_max"])
            self.ax_err.set_xlim(0, v["dz_max"])
            changed |= {self.ax, self.ax_err}
        lo = float(min(effect.true_change.min(), effect.linear.min()))
        hi = float(max(effect.true_change.max(), effect.linear.max()))
        span = max(hi - lo, 1e-12)
        # Generous margins mean most moves keep the axes, and so the cached background.
        if (
            self._ylim is None
            or lo < self._ylim[0]
            or hi > self._ylim[1]
            or span < 0.25 * (self._ylim[1] - self._ylim[0])
        ):
            self._ylim = (lo - 0.3 * span, hi + 0.3 * span)
            self.ax.set_ylim(*self._ylim)
            changed.add(self.ax)  # the error panel keeps its fixed log axis
        return changed or False
