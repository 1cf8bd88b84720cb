"""bplib.flops: the recorded products are exactly the ones equation (fast-flops)
of ch.6 counts, 2pqs FLOPs each; the cost-call counter counts forward passes."""

import itertools

import numpy as np
import pytest

import bplib
from bplib import flops

SIZES, M = [5, 7, 3, 9, 2], 4  # widths that differ, so every shape is distinct


def batch(sizes=SIZES, m=M, seed=1):
    rng = np.random.default_rng(seed)
    return rng.uniform(size=(sizes[0], m)), rng.uniform(size=(sizes[-1], m))


def test_recorded_products_are_the_analytic_ones():
    net = bplib.Network(SIZES, seed=1)
    counts = flops.count_passes(net, *batch())
    pairs = list(itertools.pairwise(SIZES))  # (n_{l-1}, n_l)
    # forward: w^l (n_l × n_{l-1}) times a^{l-1} (n_{l-1} × m), l = 2..L
    assert counts.forward == [(n_out, n_in, M) for n_in, n_out in pairs]
    # backward, from the output down: BP4 δ^l (a^{l-1})ᵀ at every layer, and
    # BP2 (w^l)ᵀ δ^l before it for every layer but the first
    expected = []
    for i in range(len(pairs) - 1, -1, -1):
        n_in, n_out = pairs[i]
        if i < len(pairs) - 1:
            n_next = pairs[i + 1][1]
            expected.append((n_out, n_next, M))  # BP2: (w^{l+1})ᵀ δ^{l+1}
        expected.append((n_out, M, n_in))  # BP4
    assert counts.backward == expected
    analytic_f = sum(2 * n_in * n_out * M for n_in, n_out in pairs)
    analytic_b = analytic_f + sum(2 * n_in * n_out * M for n_in, n_out in pairs[1:])
    assert (counts.forward_flops, counts.backward_flops) == (analytic_f, analytic_b)
    assert (analytic_f, analytic_b) == (2 * M * 101, 2 * M * (101 + 66))


@pytest.mark.parametrize(
    ("sizes", "m"), [([64, 8, 10], 10), ([784, 30, 10], 10), (SIZES, M), ([32] * 6, 1)]
)
def test_recording_leaves_the_gradient_and_the_network_unchanged(sizes, m):
    """The four networks of ch.6's FLOP check: recording changes nothing."""
    net = bplib.Network(sizes, seed=1)
    before = [w.copy() for w in net.weights]
    x, y = batch(sizes, m, seed=1)
    counts = flops.count_passes(net, x, y)
    true_b, true_w = net.backprop(x, y)
    for a, b in zip(counts.nabla_b + counts.nabla_w, true_b + true_w):
        assert type(a) is np.ndarray and np.array_equal(a, b)
    assert all(type(w) is np.ndarray for w in net.weights)
    assert all(np.array_equal(w, v) for w, v in zip(net.weights, before))


def test_products_are_logged_only_inside_the_innermost_block():
    a = np.ones((2, 3)).view(flops.Recorded)
    b = np.ones((3, 4))
    assert np.array_equal(a @ b, np.full((2, 4), 3.0))  # outside: not logged
    with flops.recording() as outer:
        a @ b
        with flops.recording() as inner:
            b.T @ a.T  # reflected: the recorded array is on the right
        a @ b
    assert inner == [(4, 3, 2)]
    assert outer == [(2, 3, 4), (2, 3, 4)]
    with flops.recording() as log:
        product = a @ b
    assert type(product) is np.ndarray and log == [(2, 3, 4)]


def test_flops_of_a_product_are_2pqs():
    assert flops.product_flops([(3, 4, 2)]) == 48
    assert flops.product_flops([(3, 4, 2), (1, 1, 1)]) == 50
    assert flops.product_flops([]) == 0


def test_cost_calls_count_forward_passes():
    net = bplib.Network([3, 4, 2], seed=2)
    counter = flops.count_cost_calls(net)
    x, y = np.ones((3, 1)), np.zeros((2, 1))
    bplib.numerical_gradient(net, x, y, order=2)
    assert counter.calls == 2 * net.num_params == 2 * 26
    counter.reset()
    net.backprop(x, y)
    assert counter.calls == 0
    net.cost_value(x, y)
    assert counter.calls == 1


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: flops.recorded([3, 4]), TypeError, "net must be a bplib.Network, got list"),
        (lambda: flops.count_passes("net", 1, 1), TypeError, "got str"),
        (lambda: flops.count_cost_calls(None), TypeError, "got NoneType"),
        (
            lambda: flops.count_passes(
                bplib.Network([3, 2], seed=0), np.ones((4, 1)), np.ones((2, 1))
            ),
            ValueError,
            "x must have 3 rows",
        ),
        (lambda: flops.product_flops([(3, 4)]), ValueError, "got (3, 4)"),
        (lambda: flops.product_flops([(3, -1, 2)]), ValueError, "non-negative integers"),
    ],
)
def test_bad_input_names_the_argument(call, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_a_product_of_a_vector_is_refused():
    with flops.recording(), pytest.raises(ValueError, match="two matrices"):
        np.ones((2, 3)).view(flops.Recorded) @ np.ones(3)
