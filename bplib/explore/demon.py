"""Nielsen's demon (book ch.7): nudge one weighted input, watch the cost.

:func:`demon_effect` adds Δz to z^l_j, runs the rest of the network forward
and returns the true change in the cost next to the linear prediction
δ^l_j·Δz that defines the error.  All Δz values travel as one batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import traitlets

from .. import _validate
from ..backprop import backprop
from ..network import Network
from ._widget import App, network_state, nice_values, slider

__all__ = ["DemonApp", "DemonEffect", "demon_effect"]


@dataclass
class DemonEffect:
    """What :func:`demon_effect` measured: the true change in the cost
    against the linear prediction δˡⱼ·Δz, over a range of perturbations Δz."""

    dz: np.ndarray  # the perturbations tried
    true_change: np.ndarray  # C(z^l_j + Δz) − C(z^l_j)
    linear: np.ndarray  # δ^l_j Δz
    delta: float  # δ^l_j = ∂C/∂z^l_j from backprop
    parting: float | None  # smallest |Δz| ≤ dz_max where the two differ by more than 10 %


def demon_effect(
    net: Network, x, y, layer: int, neuron: int, dz_max: float, points: int = 201
) -> DemonEffect:
    """True ΔC and δ·Δz for Δz in [−dz_max, dz_max] at neuron ``neuron`` of ``layer``.

    Both are numbered as in the book: ``layer`` from 2 (the first after the
    input) to L, ``neuron`` from 1, so ``layer=3, neuron=2`` is z³₂.
    """
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
        or not (1 <= neuron <= n)
    ):
        raise ValueError(
            f"neuron must be an integer from 1 to {n} in layer {layer} (counted from 1), "
            f"got {neuron!r}"
        )
    j = int(neuron) - 1  # the row of z^l
    dz_max = _validate.positive_number("dz_max", dz_max)
    points = _validate.positive_int("points", points)

    zs, _ = net.forward_trace(x)
    nabla_b, _ = backprop(net, x, y, check=False)
    delta = float(nabla_b[layer - 2][j, 0])  # BP3: ∂C/∂b = δ
    base = net.cost.per_example(net.feedforward(x), y)[0, 0]

    def change(dz: np.ndarray) -> np.ndarray:
        """C(z^l_j + Δz) − C(z^l_j) for every Δz: one column each, the rest of the net run."""
        z = np.repeat(zs[layer - 2], dz.size, axis=1)
        z[j] += dz
        a = net.activations[layer - 2].value(z)
        for w, b, act in zip(
            net.weights[layer - 1 :], net.biases[layer - 1 :], net.activations[layer - 1 :]
        ):
            a = act.value(w @ a + b)
        return net.cost.per_example(a, np.repeat(y, dz.size, axis=1))[0] - base

    def apart(dz: np.ndarray) -> np.ndarray:
        """Where the true change and δ·Δz differ by more than 10 % of the larger."""
        true, linear = change(dz), delta * dz
        scale = np.maximum(np.abs(true), np.abs(linear))
        return (np.abs(true - linear) > 0.1 * scale) & (scale > 1e-12)

    dz = np.linspace(-dz_max, dz_max, points)
    true_change = change(dz)
    return DemonEffect(dz, true_change, delta * dz, delta, _parting(apart, dz_max))


def _parting(apart, dz_max: float) -> float | None:
    """The smallest |Δz| ≤ dz_max at which ``apart`` turns true, on either side of 0.

    Found on a fixed grid of |Δz| (61 points, log-spaced from dz_max/1000), then
    by 50 bisections of the first bracket: a property of the neuron, not of
    how finely the curve happens to be drawn.  ``js/demon.js`` does the same.
    """
    grid = np.geomspace(dz_max * 1e-3, dz_max, 61)
    best = None
    for sign in (-1.0, 1.0):
        hits = apart(sign * grid)
        if not hits.any():
            continue
        i = int(np.argmax(hits))
        lo, hi = (0.0 if i == 0 else float(grid[i - 1])), float(grid[i])
        for _ in range(50):
            mid = (lo + hi) / 2
            if apart(np.array([sign * mid]))[0]:
                hi = mid
            else:
                lo = mid
        best = hi if best is None else min(best, hi)
    return best


def _x_label(layer: int, neuron: int) -> str:
    """The x label of the app's first panel (``demonLabel`` in ``js/demon.js``).

    In words: subscript letters such as U+2C7C, a subscript j, are missing
    from many fonts.
    """
    return f"Δz added to z of layer {layer}, neuron {neuron}"


class DemonApp(App):
    """Pick a layer and a neuron, let the demon push its z, compare ΔC with δ·Δz.

    The browser runs the network itself (``js/demon.js``, held to
    :func:`demon_effect`); :attr:`effect` is bplib's result for the current
    controls.  ``neuron`` counts from 1, like j; in a layer with fewer
    neurons it means that layer's last one.
    """

    script = "demon.js"
    layer = traitlets.Any(2).tag(sync=True)
    neuron = traitlets.Any(1).tag(sync=True)
    dz_max = traitlets.Any(1.0).tag(sync=True)
    network = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        sizes=(3, 5, 5, 2),
        seed: int = 4,
        layer: int = 2,
        neuron: int = 1,
        dz_max: float = 1.0,
        x=None,
        y=None,
    ) -> None:
        """A sigmoid network ``sizes`` with the quadratic cost, drawn with ``seed``;
        ``x``, ``y``: one input column and its target (default: a standard normal
        input drawn with ``seed`` and the first unit vector).  ``layer`` and
        ``neuron`` are numbered as in the book, as in :func:`demon_effect`."""
        self.net = Network(list(sizes), activations="sigmoid", cost="quadratic", seed=seed)
        if x is None:
            x = np.random.default_rng(seed).normal(size=(sizes[0], 1))
        if y is None:
            y = np.eye(sizes[-1])[:, [0]]
        self.x, self.y = self.net._check_xy(x, y)
        if self.x.shape[1] != 1:
            raise ValueError(f"x must be one example (one column), got shape {self.x.shape}")
        self.controls = [
            slider("layer", "layer l", list(range(2, len(sizes) + 1))),
            slider("neuron", "neuron j", list(range(1, max(sizes[1:]) + 1))),
            slider("dz_max", "largest Δz", nice_values(0.01, 20.0), 3),
        ]
        super().__init__(
            layer=layer,
            neuron=neuron,
            dz_max=dz_max,
            network=network_state(self.net, self.x, self.y),
        )

    @property
    def effect(self) -> DemonEffect:
        """bplib's :func:`demon_effect` for the current controls."""
        neuron = min(self.neuron, self.net.sizes[self.layer - 1])
        return demon_effect(self.net, self.x, self.y, self.layer, neuron, self.dz_max)

    def readouts(self) -> dict[str, float | str]:
        """What the app prints beside its figure, computed by bplib, by key."""
        effect = self.effect
        return {
            "delta": effect.delta,
            "parting": "never (in range)" if effect.parting is None else effect.parting,
            "true_change": float(effect.true_change[-1]),
            "linear": float(effect.linear[-1]),
        }

    def snapshot(self):
        from matplotlib.figure import Figure

        effect = self.effect
        figure = Figure(figsize=(9.5, 3.0))
        figure.subplots_adjust(left=0.1, right=0.97, bottom=0.16, top=0.88, wspace=0.32)
        ax, ax_err = figure.subplots(1, 2)
        ax.plot(effect.dz, effect.true_change, label="true ΔC")
        ax.plot(effect.dz, effect.linear, "--", color="C3", label="δ·Δz")
        neuron = min(self.neuron, self.net.sizes[self.layer - 1])
        ax.set(xlabel=_x_label(self.layer, neuron), ylabel="ΔC",
               title="true ΔC and δ·Δz")
        ax.legend(fontsize=8)
        right = effect.dz > 0
        scale = np.maximum(np.abs(effect.true_change[right]), 1e-300)
        gap = np.abs(effect.true_change[right] - effect.linear[right]) / scale
        ax_err.semilogy(effect.dz[right], np.clip(gap, 1e-6, 10), color="C2")
        ax_err.axhline(0.1, color="0.6", ls=":")
        ax_err.set(xlabel="|Δz|", ylim=(1e-6, 10), title="where they part (dotted: 10 %)")
        return figure
