"""Every bad input fails at the door with a message that names the argument,
what was expected and what arrived -- never a bare NumPy error or a NaN."""

import re

import numpy as np
import pytest

import bplib


@pytest.fixture
def net():
    return bplib.Network([3, 4, 2], seed=0)


X, Y = np.zeros((3, 2)), np.zeros((2, 2))


@pytest.mark.parametrize(
    ("sizes", "error", "message"),
    [
        ([], ValueError, "sizes must list at least two layers.*got \\[\\]"),
        ([3], ValueError, "at least two layers.*got \\[3\\]"),
        ([3, 0, 2], ValueError, "sizes\\[1\\] must be a positive integer, got 0"),
        ([3, -4, 2], ValueError, "sizes\\[1\\] must be a positive integer, got -4"),
        ([3, 2.5], TypeError, "sizes\\[1\\] must be a positive integer, got 2.5"),
        ([3, True], TypeError, "sizes\\[1\\] must be a positive integer, got True"),
        ("784,30", TypeError, "sizes must be a list of layer sizes.*got '784,30'"),
        (None, TypeError, "sizes must be a list of layer sizes.*got None"),
    ],
)
def test_bad_sizes(sizes, error, message):
    with pytest.raises(error, match=message):
        bplib.Network(sizes)


def test_unknown_names():
    with pytest.raises(ValueError, match="unknown activation 'sigmod'; expected one of"):
        bplib.Network([2, 2], activations="sigmod")
    with pytest.raises(ValueError, match=re.escape("activations[1]: unknown activation 'foo'")):
        bplib.Network([2, 2, 2], activations=["relu", "foo"])
    with pytest.raises(ValueError, match="unknown cost 'mse'; expected one of"):
        bplib.Network([2, 2], cost="mse")
    with pytest.raises(TypeError, match="activations must be an activation name.*got 3"):
        bplib.Network([2, 2], activations=3)
    with pytest.raises(TypeError, match="cost must be a cost name.*got 3"):
        bplib.Network([2, 2], cost=3)


def test_activation_list_of_wrong_length():
    with pytest.raises(
        ValueError, match=r"one entry per layer after the input \(len\(sizes\) - 1 = 2\), got 3"
    ):
        bplib.Network([2, 3, 2], activations=["relu", "relu", "relu"])


def test_cost_needs_outputs_in_unit_interval():
    with pytest.raises(
        ValueError, match="cost 'cross-entropy' needs outputs in \\(0, 1\\).*got 'relu'"
    ):
        bplib.Network([2, 2], activations="relu", cost="cross-entropy")


def test_bad_init_and_seed():
    with pytest.raises(ValueError, match="init must be one of.*got 'glorot'"):
        bplib.Network([2, 2], init="glorot")
    with pytest.raises(TypeError, match="seed must be an int.*got 'abc'"):
        bplib.Network([2, 2], seed="abc")


@pytest.mark.parametrize(
    ("x", "message"),
    [
        (np.zeros((4, 2)), r"x must have 3 rows \(one per neuron\), got shape \(4, 2\)"),
        (
            np.zeros((3, 2, 1)),
            r"x must be a column \(n, 1\) or a batch \(n, m\).*got shape \(3, 2, 1\)",
        ),
        (np.zeros((3, 0)), r"x must hold at least one example.*got shape \(3, 0\)"),
        (np.full((3, 2), np.nan), "x must be finite, got an array containing NaN"),
        (np.full((3, 2), np.inf), "x must be finite, got an array containing inf"),
    ],
)
def test_bad_x(net, x, message):
    with pytest.raises(ValueError, match=message):
        net.feedforward(x)
    with pytest.raises(ValueError, match=message):
        net.backprop(x, Y)


def test_non_numeric_x(net):
    with pytest.raises(TypeError, match="x must be an array of numbers, got str"):
        net.feedforward("abc")
    with pytest.raises(TypeError, match="x must be an array of numbers, got list"):
        net.feedforward([["a"], ["b"], ["c"]])


@pytest.mark.parametrize(
    ("y", "message"),
    [
        (np.zeros((3, 2)), r"y must have 2 rows \(one per neuron\), got shape \(3, 2\)"),
        (np.zeros((2, 3)), r"y must have 2 columns \(one per example\), got shape \(2, 3\)"),
        (np.array([[np.nan, 0], [0, 0]]), "y must be finite, got an array containing NaN"),
    ],
)
def test_bad_y(net, y, message):
    with pytest.raises(ValueError, match=message):
        net.backprop(X, y)


def test_targets_outside_what_the_cost_allows():
    ce = bplib.Network([3, 2], cost="cross-entropy", seed=0)
    with pytest.raises(ValueError, match=r"y must lie in \[0, 1\] for the cross-entropy cost"):
        ce.backprop(X, np.full((2, 2), 2.0))
    ll = bplib.Network([3, 2], activations="softmax", cost="log-likelihood", seed=0)
    with pytest.raises(ValueError, match="columns that sum to 1.*got column sums"):
        ll.backprop(X, np.full((2, 2), 0.7))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"eta": 0.0}, ValueError, "eta must be a positive finite number, got 0.0"),
        ({"eta": -1}, ValueError, "eta must be a positive finite number, got -1"),
        ({"eta": float("nan")}, ValueError, "eta must be a positive finite number, got nan"),
        ({"eta": "fast"}, TypeError, "eta must be a positive number, got 'fast'"),
        ({"mini_batch_size": 0}, ValueError, "mini_batch_size must be a positive integer, got 0"),
        (
            {"mini_batch_size": 2.0},
            TypeError,
            "mini_batch_size must be a positive integer, got 2.0",
        ),
        ({"epochs": 0}, ValueError, "epochs must be a positive integer, got 0"),
        ({"lmbda": -0.1}, ValueError, "lmbda must be a non-negative finite number, got -0.1"),
    ],
)
def test_bad_training_settings(net, kwargs, error, message):
    settings = {"epochs": 1, "mini_batch_size": 2, "eta": 0.5, "progress": False} | kwargs
    with pytest.raises(error, match=message):
        net.sgd((X, Y), **settings)


def test_bad_training_data(net):
    with pytest.raises(TypeError, match="training_data must be a pair \\(x, y\\).*got int"):
        net.sgd(5, epochs=1, mini_batch_size=1, eta=1.0)
    with pytest.raises(ValueError, match=r"training_data\[0\] \(x\) must have 3 rows"):
        net.sgd((np.zeros((2, 2)), Y), epochs=1, mini_batch_size=1, eta=1.0)
    with pytest.raises(ValueError, match=r"evaluation_data\[1\] \(y\) must have 2 columns"):
        net.sgd((X, Y), 1, 1, 1.0, evaluation_data=(X, np.zeros((2, 5))), progress=False)


def test_bad_gradcheck_and_data_arguments(net):
    with pytest.raises(ValueError, match="eps must be a positive finite number, got -0.001"):
        bplib.gradcheck(net, X, Y, eps=-1e-3)
    with pytest.raises(ValueError, match="order must be 2, 4 or 6, got 3"):
        bplib.numerical_gradient(net, X, Y, order=3)
    with pytest.raises(
        ValueError, match="fractions must be three non-negative numbers summing to 1"
    ):
        bplib.load_digits(fractions=(0.5, 0.5, 0.5))
    with pytest.raises(
        ValueError, match=r"labels must be 2 integers \(one per column of x\), got shape \(3,\)"
    ):
        net.accuracy(X, np.array([0, 1, 1]))


def test_huge_finite_inputs_are_not_mistaken_for_inf(net):
    """The finiteness check sums first; a sum that overflows is not an inf input."""
    x = np.full((3, 2), 1e308)
    assert np.isfinite(net.feedforward(x)).all()
    x[1, 1] = -np.inf
    with pytest.raises(ValueError, match="x must be finite, got an array containing inf"):
        net.feedforward(x)
    x[0, 0] = np.nan
    with pytest.raises(ValueError, match="x must be finite, got an array containing NaN"):
        net.feedforward(x)
