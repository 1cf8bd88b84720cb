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


def test_chain_names_the_factors_of_delta_two():
    d = draw.chain(4, values=[0.25, 0.5, 0.125])
    assert d.labels[("factor", 2)].get_text().startswith("$\\sigma'(z^{2})$")
    assert d.labels[("factor", 3)].get_text().startswith("$w^{3}\\sigma'(z^{3})$")
    assert "0.125" in d.labels[("factor", 4)].get_text()
    assert "a^{4}" in d.labels["cost"].get_text()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: draw.network([3]), "net must be a Network or at least two layer sizes"),
        (lambda: draw.network([2, 0]), "layer size must be a positive integer"),
        (lambda: draw.network([2, 2], weights="all"), "weights must be"),
        (lambda: draw.network([2, 2], weights="values"), "needs a Network"),
        (lambda: draw.network([2, 2], weights=[(2, 3, 1)]), "no weight w\\^2_31"),
        (lambda: draw.network([2, 2], path=[(1, 1), (3, 1)]), "no neuron 1 in layer 3"),
        (lambda: draw.network([2, 2, 2], path=[(1, 1), (3, 1)]), "one layer at a time"),
        (lambda: draw.network([2, 2], arrows="up"), "arrows must be"),
        (lambda: draw.chain(1), "layers must be at least 2"),
        (lambda: draw.chain(3, values=[1.0]), "one number per layer"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
