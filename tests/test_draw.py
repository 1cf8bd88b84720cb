"""bplib.draw: the pictures say what the code holds."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pytest

import bplib
from bplib import draw


def test_every_edge_is_the_weight_its_label_names():
    net = bplib.Network([2, 3, 2], seed=0)
    d = draw.network(net, weights="values")
    assert set(d.edges) == {
        (l, j, k)
        for l in (2, 3)
        for j in range(1, net.sizes[l - 1] + 1)
        for k in range(1, net.sizes[l - 2] + 1)
    }
    for (l, j, k), line in d.edges.items():
        # The edge runs from neuron k of layer l - 1 to neuron j of layer l ...
        assert (line.get_xdata()[0], line.get_ydata()[0]) == d.positions[(l - 1, k)]
        assert (line.get_xdata()[1], line.get_ydata()[1]) == d.positions[(l, j)]
        # ... and its value is weights[l - 2][j - 1, k - 1].
        assert d.labels[(l, j, k)].get_text() == f"{net.weights[l - 2][j - 1, k - 1]:.2f}"
    labelled = draw.network(net)
    assert labelled.labels[(3, 1, 2)].get_text() == "$w^{3}_{12}$" == draw.weight_label(3, 1, 2)


def test_neuron_one_is_on_top_and_layers_go_left_to_right():
    d = draw.network([3, 2])
    assert d.positions[(1, 1)][1] > d.positions[(1, 2)][1] > d.positions[(1, 3)][1]
    assert d.positions[(1, 1)][0] < d.positions[(2, 1)][0]


def test_a_path_highlights_exactly_its_edges():
    path = [(1, 2), (2, 3), (3, 1), (4, 2)]
    d = draw.network([3, 4, 4, 2], weights=None, path=path)
    thick = {key for key, line in d.edges.items() if line.get_linewidth() > 2}
    assert thick == {(2, 3, 2), (3, 1, 3), (4, 2, 1)}


def test_chosen_weights_alone_are_labelled():
    d = draw.network([2, 3, 2], weights=[(2, 3, 1)])
    edge_labels = [
        key
        for key in d.labels
        if isinstance(key, tuple) and len(key) == 3 and isinstance(key[0], int)
    ]
    assert edge_labels == [(2, 3, 1)]


def test_neurons_are_coloured_by_their_values():
    delta = {2: [-1.0, 0.0, 1.0]}
    d = draw.network([2, 3, 2], colour_by=delta, weights=None)
    cmap, norm = mpl.colormaps["coolwarm"], mpl.colors.Normalize(-1, 1)
    for j, value in enumerate(delta[2], start=1):
        assert np.allclose(d.neurons[(2, j)].get_facecolor(), cmap(norm(value)))
    assert np.allclose(d.neurons[(3, 1)].get_facecolor(), mpl.colors.to_rgba("white"))


def _on_segment(point, start, end):
    """The fraction t along start -> end at which point lies (None if off it)."""
    point, start, end = (np.asarray(p, dtype=float) for p in (point, start, end))
    t = np.dot(point - start, end - start) / np.dot(end - start, end - start)
    return t if np.allclose(start + t * (end - start), point) else None


def _distance_to_segment(point, start, end):
    point, start, end = (np.asarray(p, dtype=float) for p in (point, start, end))
    t = np.clip(np.dot(point - start, end - start) / np.dot(end - start, end - start), 0, 1)
    return float(np.linalg.norm(start + t * (end - start) - point))


def test_labels_sit_on_their_edge_away_from_crossing_labelled_edges():
    # Chapter 1's figure: w^2_12 (x_2 -> h_1) crosses w^2_31 (x_1 -> h_3).
    fig = mpl.figure.Figure(figsize=(6, 3.6))
    labelled = [(2, 3, 1), (2, 1, 2), (3, 1, 2), (3, 2, 3)]
    d = draw.network([2, 3, 2], ax=fig.add_subplot(), weights=labelled)
    for (l, j, k) in labelled:
        start, end = d.positions[(l - 1, k)], d.positions[(l, j)]
        centre = d.labels[(l, j, k)].get_position()
        t = _on_segment(centre, start, end)
        assert t is not None and 0.1 < t < 0.9  # on its own edge, off its neurons
        for other in labelled:
            if other != (l, j, k):
                o_start, o_end = d.positions[(other[0] - 1, other[2])], d.positions[other[:2]]
                assert _distance_to_segment(centre, o_start, o_end) > 0.3
        for position in d.positions.values():
            assert np.linalg.norm(np.subtract(centre, position)) > 2 * draw.NEURON_RADIUS
    # The old rule put w^2_12 at 0.22 of its edge, next to the crossing (at 1/3).
    crossing = 1 / 3
    t = _on_segment(d.labels[(2, 1, 2)].get_position(), d.positions[(1, 2)], d.positions[(2, 1)])
    assert abs(t - crossing) > 0.15


def test_a_label_goes_where_the_caller_puts_it():
    d = draw.network([2, 3, 2], weights={(2, 1, 2): "$g$", (3, 1, 1): "w"},
                     label_at={(2, 1, 2): 0.5}, fontsize=11)
    start, end = d.positions[(1, 2)], d.positions[(2, 1)]
    assert np.isclose(_on_segment(d.labels[(2, 1, 2)].get_position(), start, end), 0.5)
    assert d.labels[(2, 1, 2)].get_text() == "$g$" and d.labels[(3, 1, 1)].get_text() == "w"
    assert {text.get_fontsize() for text in d.labels.values()} == {11}


def test_chain_names_the_factors_of_delta_two():
    d = draw.chain(4, values=[0.25, 0.5, 0.125])
    assert d.labels[("factor", 2)].get_text().startswith("$\\sigma'(z^{2})$")
    assert d.labels[("factor", 3)].get_text().startswith("$w^{3}\\sigma'(z^{3})$")
    assert "0.125" in d.labels[("factor", 4)].get_text()
    assert "a^{4}" in d.labels["cost"].get_text()
    assert "product" not in d.labels


def test_chain_reaches_the_cost_and_multiplies_its_factors():
    d = draw.chain(4, values=[0.25, 0.5, 0.125, -2.0], fmt=".4f", product=True)
    (x0, x1), (y0, y1) = d.edges["cost"].get_data()
    assert x0 > d.positions[(4, 1)][0] and x1 < d.positions["cost"][0] and y0 == y1 == 0
    assert d.labels["cost"].get_text().endswith("-2.0000")
    assert d.labels["product"].get_text() == "product = $\\delta^2 = -0.0312$"
    assert draw.chain(3, product=True).labels["product"].get_text() == (
        "their product is $\\delta^2$")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: draw.network([3]), "net must list at least two layers"),
        (lambda: draw.network("3, 2"), "net must be a Network or a list of layer sizes"),
        (lambda: draw.network([2, 0]), r"net\[1\] must be a positive integer"),
        (lambda: draw.network([2, 2], weights="all"), "weights must be"),
        (lambda: draw.network([2, 2], weights="values"), "needs a Network"),
        (lambda: draw.network([2, 2], weights=[(2, 3, 1)]), "no weight w\\^2_31"),
        (lambda: draw.network([2, 2], path=[(1, 1), (3, 1)]), "no neuron 1 in layer 3"),
        (lambda: draw.network([2, 2, 2], path=[(1, 1), (3, 1)]), "one layer at a time"),
        (lambda: draw.network([2, 2], arrows="up"), "arrows must be"),
        (lambda: draw.chain(1), "layers must be at least 2"),
        (lambda: draw.chain(3, values=[1.0]), "one number per layer"),
        (lambda: draw.chain(3, fmt="%d"), "fmt must be a format spec"),
        (lambda: draw.network([2, 2], weights=[(2, 1, 1)], label_at={(2, 1, 1): 1.0}),
         "strictly between 0 and 1"),
        (lambda: draw.network([2, 2], weights=[(2, 1, 1)], label_at={(2, 2, 1): 0.5}),
         "not a labelled edge"),
        (lambda: draw.network([2, 2], fontsize=0), "fontsize must be a positive"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
