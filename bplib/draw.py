"""Diagrams of networks, drawn from the objects the code uses (matplotlib).

Every label comes from the book's notation as the code holds it, so a picture
cannot drift from the text: layers are numbered 1 (input) to L, neurons
1 to n_l, and the weight ``net.weights[l - 2][j - 1, k - 1]`` is
:math:`w^l_{jk}`, from neuron k of layer l − 1 to neuron j of layer l
(destination first).  Edges are keyed ``(l, j, k)`` and neurons ``(l, j)``,
both 1-based, and :func:`network` returns them with their artists, so a
chapter (or a test) can ask which line is :math:`w^3_{12}`.

:func:`network` draws a whole network: neurons, every weight, optionally its
label or value, the biases, z and a, neurons coloured by a value per neuron
(δ, σ′(z), ...), a highlighted path and arrows for the forward or the
backward pass.  :func:`chain` draws a network of one neuron per layer with
the factors w σ′(z) that multiply along it.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import _validate

__all__ = ["Diagram", "chain", "network", "weight_label"]

NEURON_RADIUS = 0.22
LABEL_BOX = {"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85}
COLOUR = {"edge": "0.65", "path": "C3", "forward": "C0", "backward": "C3", "neuron": "white"}


@dataclass
class Diagram:
    """What was drawn: the axes, and the artists by the book's (1-based) indices."""

    ax: object
    positions: dict = field(default_factory=dict)  # (l, j) -> (x, y) of neuron j of layer l
    neurons: dict = field(default_factory=dict)  # (l, j) -> the Circle
    edges: dict = field(default_factory=dict)  # (l, j, k) -> the Line2D of w^l_jk
    labels: dict = field(default_factory=dict)  # a key above -> its Text (what it says)


def weight_label(l: int, j: int, k: int) -> str:
    """The book's symbol for ``net.weights[l - 2][j - 1, k - 1]``: w^l_{jk} (mathtext)."""
    return f"$w^{{{l}}}_{{{j}{k}}}$"


def _sizes(net) -> list[int]:
    return _validate.layer_sizes(
        "net", getattr(net, "sizes", net), expected="a Network or a list of layer sizes"
    )


def _axes(ax, width: float, height: float):
    if ax is None:
        from matplotlib.figure import Figure

        ax = Figure(figsize=(width, height)).add_subplot()
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def network(
    net,
    ax=None,
    *,
    weights: (str | Sequence[tuple[int, int, int]] | Mapping[tuple[int, int, int], str]
              | None) = "labels",
    biases: bool = False,
    neuron_text: str | None = None,
    colour_by: Mapping[int, Sequence[float]] | None = None,
    cmap: str = "coolwarm",
    path: Sequence[tuple[int, int]] | None = None,
    arrows: str | None = None,
    layer_names: bool = True,
    scale: float = 1.0,
    label_at: Mapping[tuple[int, int, int], float] | None = None,
    fontsize: float = 9,
) -> Diagram:
    """Draw ``net`` (a :class:`~bplib.Network`, or just its layer sizes).

    weights
        ``"labels"``: every edge labelled w^l_jk (sensible for small networks);
        a list of edges ``[(l, j, k), ...]``: only those labelled, and drawn in
        colour; a mapping ``{(l, j, k): text}``: the same, each labelled with its
        text (a gradient, say); ``"values"``: the weight's value (needs a
        Network); ``None``: no labels.
    biases
        Label each neuron after the input with b^l_j.
    neuron_text
        ``"z,a"``: write z^l_j and a^l_j beside each neuron; ``"a"``: a^l_j only.
    colour_by
        ``{l: values}``: fill layer l's neurons by these numbers (δ, σ′(z), ...),
        on a colour scale symmetric about 0 when values of both signs occur.
    path
        Neurons ``[(l, j), ...]`` in consecutive layers: their edges are drawn
        thick, the rest faint (Nielsen's sum over paths).
    arrows
        ``"forward"`` or ``"backward"``: an arrow under the network says which
        way the pass runs (the backward pass carries δ through (wˡ⁺¹)ᵀ).
    label_at
        ``{(l, j, k): t}``: put that edge's label the fraction t of the way
        from neuron k of layer l − 1 to neuron j of layer l.  Every other
        label goes where it is clearest: on its own edge, as far as it can
        get (up to a comfortable margin) from the neurons, the other labels
        and the other labelled edges -- so that it cannot be read as
        belonging to an edge that crosses or joins its own.
    fontsize
        Of every text the diagram writes (at least 9 for a figure at most 7
        inches wide to stay readable in the book's column).
    """
    sizes = _sizes(net)
    fontsize = _validate.positive_number("fontsize", fontsize)
    chosen, texts = None, {}
    if isinstance(weights, Mapping):
        texts = {tuple(int(i) for i in edge): str(text) for edge, text in weights.items()}
    if weights is not None and not isinstance(weights, str):
        chosen = {tuple(int(i) for i in edge) for edge in weights}
        weights = "labels"
    if weights not in (None, "labels", "values"):
        raise ValueError(
            f"weights must be 'labels', 'values', a list of (l, j, k), a mapping "
            f"{{(l, j, k): text}} or None, got {weights!r}"
        )
    if weights == "values" and not hasattr(net, "weights"):
        raise TypeError("weights='values' needs a Network, got only its sizes")
    if neuron_text not in (None, "a", "z,a"):
        raise ValueError(f"neuron_text must be None, 'a' or 'z,a', got {neuron_text!r}")
    if arrows not in (None, "forward", "backward"):
        raise ValueError(f"arrows must be None, 'forward' or 'backward', got {arrows!r}")
    L, tallest = len(sizes), max(sizes)
    gap = 2.2 * scale
    d = Diagram(_axes(ax, 1.6 + gap * (L - 1) * 1.1, 1.3 + 0.85 * tallest))
    for l, n in enumerate(sizes, start=1):
        for j in range(1, n + 1):
            d.positions[(l, j)] = ((l - 1) * gap, (n + 1) / 2 - j)  # neuron 1 on top
    on_path = set()
    if path is not None:
        path = [tuple(int(i) for i in p) for p in path]
        for (l, j) in path:
            if (l, j) not in d.positions:
                raise ValueError(f"path: no neuron {j} in layer {l} of a {sizes} network")
        for (l0, k), (l1, j) in itertools.pairwise(path):
            if l1 != l0 + 1:
                raise ValueError(f"path must step one layer at a time, got {path!r}")
            on_path.add((l1, j, k))
    for edge in chosen or ():
        l, j, k = edge
        if not (2 <= l <= L and 1 <= j <= sizes[l - 1] and 1 <= k <= sizes[l - 2]):
            raise ValueError(f"weights: no weight w^{l}_{j}{k} in a {sizes} network")
    label_at = {tuple(int(i) for i in e): float(t) for e, t in (label_at or {}).items()}
    for (l, j, k), t in label_at.items():
        if not 0 < t < 1:
            raise ValueError(f"label_at: the fraction for w^{l}_{j}{k} must lie "
                             f"strictly between 0 and 1, got {t!r}")
    to_label = []
    for l in range(2, L + 1):
        for j in range(1, sizes[l - 1] + 1):
            for k in range(1, sizes[l - 2] + 1):
                (x0, y0), (x1, y1) = d.positions[(l - 1, k)], d.positions[(l, j)]
                strong = (l, j, k) in on_path or (chosen is not None and (l, j, k) in chosen)
                colour = COLOUR["path"] if strong else COLOUR["edge"]
                faint = path is not None or chosen is not None
                alpha = 1.0 if strong or not faint else 0.35
                (line,) = d.ax.plot([x0, x1], [y0, y1], color=colour, alpha=alpha,
                                    lw=2.4 if strong else 1.0, zorder=1)
                d.edges[(l, j, k)] = line
                wanted = chosen is None or (l, j, k) in chosen
                if weights is not None and wanted and (path is None or strong):
                    text = (texts.get((l, j, k), weight_label(l, j, k)) if weights == "labels"
                            else f"{net.weights[l - 2][j - 1, k - 1]:.2f}")
                    d.labels[(l, j, k)] = d.ax.text(
                        x0, y0, text, fontsize=fontsize, ha="center", va="center", zorder=3,
                        color=colour, bbox=LABEL_BOX)
                    to_label.append((l, j, k))
    for edge in label_at:
        if edge not in to_label:
            raise ValueError(f"label_at: w^{edge[0]}_{edge[1]}{edge[2]} is not a labelled "
                             f"edge of this diagram")
    norm = None
    if colour_by:
        import matplotlib as mpl

        everything = np.concatenate([np.ravel(v) for v in colour_by.values()])
        top = float(np.max(np.abs(everything))) or 1.0
        norm = (mpl.colors.Normalize(-top, top) if everything.min() < 0
                else mpl.colors.Normalize(0, top))
        colours = mpl.colormaps[cmap if everything.min() < 0 else "Reds"]
    for (l, j), (x, y) in d.positions.items():
        face = COLOUR["neuron"]
        if colour_by and l in colour_by:
            face = colours(norm(np.ravel(colour_by[l])[j - 1]))
        edge = COLOUR["path"] if path is not None and (l, j) in path else "0.2"
        circle = _circle(d.ax, x, y, face, edge)
        d.neurons[(l, j)] = circle
        if biases and l > 1:
            d.labels[(l, j)] = d.ax.text(x, y, f"$b^{{{l}}}_{{{j}}}$", fontsize=fontsize,
                                         ha="center", va="center", zorder=5)
        elif l == 1:
            d.labels[(l, j)] = d.ax.text(x, y, f"$x_{{{j}}}$", fontsize=fontsize,
                                         ha="center", va="center", zorder=5)
        if neuron_text and l > 1:
            text = (f"$z^{{{l}}}_{{{j}}}, a^{{{l}}}_{{{j}}}$" if neuron_text == "z,a"
                    else f"$a^{{{l}}}_{{{j}}}$")
            d.labels[("text", l, j)] = d.ax.text(x, y - NEURON_RADIUS - 0.12, text,
                                                 fontsize=fontsize, ha="center", va="top",
                                                 zorder=5)
    if layer_names:
        top = max(y for (_, y) in d.positions.values()) + 0.7
        for l in range(1, L + 1):
            name = "input" if l == 1 else ("output" if l == L else "hidden")
            d.labels[("layer", l)] = d.ax.text((l - 1) * gap, top, f"layer {l}\n({name})",
                                               fontsize=fontsize, ha="center", va="bottom")
    if arrows:
        bottom = min(y for (_, y) in d.positions.values()) - 0.9
        start, end = (0, (L - 1) * gap) if arrows == "forward" else ((L - 1) * gap, 0)
        colour = COLOUR[arrows]
        d.ax.annotate("", xy=(end, bottom), xytext=(start, bottom),
                      arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.8})
        words = ("forward pass: $z^l = w^l a^{l-1} + b^l$, $a^l = \\sigma(z^l)$"
                 if arrows == "forward" else
                 "backward pass: $\\delta^l = ((w^{l+1})^T \\delta^{l+1}) \\odot \\sigma'(z^l)$")
        d.labels[("arrow", arrows)] = d.ax.text((L - 1) * gap / 2, bottom - 0.18, words,
                                                fontsize=fontsize, ha="center", va="top",
                                                color=colour)
    low = min(y for (_, y) in d.positions.values()) - (1.45 if arrows else 0.75)
    high = max(y for (_, y) in d.positions.values()) + (1.35 if layer_names else 0.4)
    d.ax.set_xlim(-0.9, (L - 1) * gap + 0.9)
    d.ax.set_ylim(low, high)
    _place_labels(d, to_label, label_at, sizes)
    return d


def _place_labels(d: Diagram, edges: list, label_at: dict, sizes: list[int]) -> None:
    """Slide each edge label along its edge to where it is clearest (see ``label_at``).

    Sizes are measured on the figure (the labels' extents, the axes' scale), so
    the margins are in inches whatever the figure's size.  Among places equally
    clear of the labelled edges, the neurons and the other labels, a label
    takes the one clearest of the unlabelled (faint) edges too, and then the
    one nearest the old rule's: along the edge by its destination.
    """
    if not edges:
        return
    fig = d.ax.figure
    box = d.ax.get_position()
    xs, ys = d.ax.get_xlim(), d.ax.get_ylim()
    inch = 1 / min(box.width * fig.get_figwidth() / (xs[1] - xs[0]),
                   box.height * fig.get_figheight() / (ys[1] - ys[0]))  # in data units
    margins = {"edge": 0.12 * inch, "neuron": 0.06 * inch, "label": 0.08 * inch}
    samples = np.linspace(0, 1, 41)[:, None]
    ends = {e: (np.array(d.positions[(e[0] - 1, e[2])]), np.array(d.positions[(e[0], e[1])]))
            for e in edges}
    def points(e):
        (x0, x1), (y0, y1) = d.edges[e].get_data()
        return np.array([x0, y0]) + samples * np.array([x1 - x0, y1 - y0])

    obstacles = {"neurons": np.array(list(d.positions.values())), "placed": [],
                 "edges": {e: points(e) for e in edges}}
    faint = {"neurons": np.empty((0, 2)), "placed": [],
             "edges": {e: points(e) for e in d.edges if e not in ends}}
    for e in edges:
        l, j, _ = e
        extent = d.labels[e].get_window_extent()
        half = np.array([extent.width, extent.height]) / fig.dpi / 2 * inch + 0.02 * inch
        p0, p1 = ends[e]
        if e in label_at:
            best = label_at[e]
        else:
            candidates = np.linspace(0.15, 0.85, 29)
            scores = np.array([_clearance(p0 + t * (p1 - p0), half, e, obstacles, margins)
                               for t in candidates])
            good = candidates[scores >= scores.max() - 1e-9]
            scores = np.array([_clearance(p0 + t * (p1 - p0), half, e, faint, margins)
                               for t in good])
            good = good[scores >= scores.max() - 1e-9]
            default = 0.22 + 0.56 * (j - 1) / max(sizes[l - 1] - 1, 1)
            best = float(good[np.argmin(np.abs(good - default))])
        centre = p0 + best * (p1 - p0)
        d.labels[e].set_position(tuple(centre))
        obstacles["placed"].append((centre, half))


def _clearance(centre, half, own, obstacles, margins) -> float:
    """How clear a label box (centre ± half) is, as the smallest ratio of a gap to
    its margin, capped at 1: gaps to the other labelled edges, the neurons and
    the labels placed so far."""

    def outside(points):
        return np.hypot(*np.maximum(np.abs(points - centre) - half, 0).T)

    worst = 1.0
    for edge, points in obstacles["edges"].items():
        if edge != own:
            worst = min(worst, outside(points).min() / margins["edge"])
    if len(obstacles["neurons"]):
        neurons = outside(obstacles["neurons"]) - NEURON_RADIUS
        worst = min(worst, neurons.min() / margins["neuron"])
    for other, other_half in obstacles["placed"]:
        apart = np.maximum(np.abs(centre - other) - half - other_half, 0)
        worst = min(worst, float(np.hypot(*apart)) / margins["label"])
    return float(worst)


def _circle(ax, x, y, face, edge):
    from matplotlib.patches import Circle

    circle = Circle((x, y), NEURON_RADIUS, facecolor=face, edgecolor=edge, lw=1.4, zorder=4)
    ax.add_patch(circle)
    return circle


def chain(
    layers: int,
    ax=None,
    *,
    values: Sequence[float] | None = None,
    fmt: str = ".3g",
    product: bool = False,
) -> Diagram:
    """A network of one neuron per layer, 1 to ``layers``, with the factors of
    δ² = ∂C/∂b² (book ch.3, ch.9): σ′(z²) from layer 2, then w^l σ′(z^l) from
    every later layer l, then ∂C/∂a^L at the cost, which an edge from the
    last neuron reaches.

    ``values``: optional numbers for those factors, printed under their
    symbols in the format ``fmt``: one per layer 2..``layers``, and optionally
    one more for ∂C/∂a^L.  ``product``: write under the factors that their
    product is δ², with its value when all the factors have one.
    """
    layers = _validate.positive_int("layers", layers)
    if layers < 2:
        raise ValueError(f"layers must be at least 2, got {layers}")
    if values is not None and len(values) not in (layers - 1, layers):
        raise ValueError(f"values must have one number per layer 2..{layers} (and optionally "
                         f"one for dC/da^{layers}), got {len(values)}")
    try:
        format(0.5, fmt)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"fmt must be a format spec for a number such as '.3g', "
                         f"got {fmt!r}") from exc
    step, last = 1.9, 1.9 * (layers - 1)
    cost_x = last + 1.35
    d = Diagram(_axes(ax, 2.6 + step * (layers - 1), 2.3 if product else 1.9))
    for l in range(1, layers + 1):
        x = step * (l - 1)
        d.positions[(l, 1)] = (x, 0.0)
        d.neurons[(l, 1)] = _circle(d.ax, x, 0.0, COLOUR["neuron"], "0.2")
        d.labels[(l, 1)] = d.ax.text(x, 0, "$x$" if l == 1 else f"$a^{{{l}}}$", fontsize=10,
                                     ha="center", va="center", zorder=5)
        if l > 1:
            (line,) = d.ax.plot([x - step + NEURON_RADIUS, x - NEURON_RADIUS], [0, 0],
                                color=COLOUR["edge"], lw=1.4, zorder=1)
            d.edges[(l, 1, 1)] = line
            d.labels[(l, 1, 1)] = d.ax.text(x - step / 2, 0.12, f"$w^{{{l}}}$", fontsize=10,
                                            ha="center", va="bottom")
            factor = f"$\\sigma'(z^{{{l}}})$" if l == 2 else f"$w^{{{l}}}\\sigma'(z^{{{l}}})$"
            text = factor if values is None else f"{factor}\n{format(values[l - 2], fmt)}"
            d.labels[("factor", l)] = d.ax.text(x, -0.45, text, fontsize=9, ha="center",
                                                va="top", color=COLOUR["backward"])
    (line,) = d.ax.plot([last + NEURON_RADIUS, cost_x - 0.2], [0, 0], color=COLOUR["edge"],
                        lw=1.4, zorder=1)
    d.edges["cost"] = line
    d.positions["cost"] = (cost_x, 0.0)
    d.ax.text(cost_x, 0, "$C$", fontsize=11, ha="center", va="center")
    text = f"$\\partial C/\\partial a^{{{layers}}}$"
    if values is not None and len(values) == layers:
        text += f"\n{format(values[-1], fmt)}"
    d.labels["cost"] = d.ax.text(cost_x, -0.45, text, fontsize=9, ha="center", va="top",
                                 color=COLOUR["backward"])
    bottom = -1.2
    if product:
        text = "their product is $\\delta^2$"
        if values is not None and len(values) == layers:
            text = f"product = $\\delta^2 = {format(float(np.prod(values)), fmt)}$"
        d.labels["product"] = d.ax.text((step + cost_x) / 2, -1.25, text, fontsize=10,
                                        ha="center", va="top", color=COLOUR["backward"])
        bottom = -1.65
    d.ax.set_xlim(-0.6, cost_x + 0.75)
    d.ax.set_ylim(bottom, 0.6)
    return d
