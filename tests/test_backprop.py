"""Backpropagation against independent witnesses: finite differences, the
per-example loop, and the matrix (Σ′) forms of BP1/BP2."""

import importlib

import numpy as np
import pytest
from conftest import min_relu_margin, problems
from hypothesis import assume, given, settings

import bplib
from bplib.gradcheck import relative_error

bp_module = importlib.import_module("bplib.backprop")  # the module; bplib.backprop is the function


@settings(max_examples=150)
@given(problems())
def test_backprop_equals_finite_differences(problem):
    """The issue's bar: relative error <= 1e-7 on random networks, float64."""
    net, x, y = problem
    # The stencil moves a weight by up to ±6e-3, and later z by a multiple of that:
    # keep every ReLU input well away from its kink, where no derivative exists.
    assume(min_relu_margin(net, x) > 0.1)
    assert bplib.gradcheck(net, x, y) <= 1e-7


@settings(max_examples=150)
@given(problems(max_batch=6))
def test_batch_gradient_is_mean_of_single_example_gradients(problem):
    net, x, y = problem
    nb, nw = net.backprop(x, y)
    lb, lw = bplib.backprop_per_example(net, x, y)
    for a, b in zip(nb + nw, lb + lw):
        assert a.shape == b.shape
        assert np.max(np.abs(a - b), initial=0.0) <= 1e-12 * max(1.0, np.abs(b).max())


@given(problems())
def test_gradient_shapes_match_parameters(problem):
    net, x, y = problem
    nb, nw = net.backprop(x, y)
    assert [g.shape for g in nb] == [b.shape for b in net.biases]
    assert [g.shape for g in nw] == [w.shape for w in net.weights]


def test_one_column_is_nielsens_equations():
    """With m = 1, BP3 is δ itself and BP4 is the outer product δ aᵀ."""
    rng = np.random.default_rng(0)
    delta, a_prev = rng.normal(size=(3, 1)), rng.normal(size=(4, 1))
    assert np.array_equal(bplib.bp3(delta), delta)
    assert np.allclose(bplib.bp4(delta, a_prev), np.outer(delta, a_prev), rtol=1e-15)


def test_bp3_bp4_average_over_columns():
    rng = np.random.default_rng(1)
    delta, a_prev = rng.normal(size=(3, 5)), rng.normal(size=(4, 5))
    assert np.allclose(bplib.bp3(delta), delta.mean(axis=1, keepdims=True))
    outer_mean = np.mean([np.outer(delta[:, i], a_prev[:, i]) for i in range(5)], axis=0)
    assert np.allclose(bplib.bp4(delta, a_prev), outer_mean, rtol=1e-13)


def test_bp1_bp2_with_jacobians_use_the_transpose():
    """Σ′ᵀ v, checked with a deliberately non-symmetric Jacobian stack."""
    rng = np.random.default_rng(2)
    jac = rng.normal(size=(2, 3, 3))  # (m, n, n)
    v = rng.normal(size=(3, 2))
    expected = np.column_stack([jac[i].T @ v[:, i] for i in range(2)])
    assert np.allclose(bplib.bp1(v, jac), expected)
    w_next = rng.normal(size=(4, 3))
    delta_next = rng.normal(size=(4, 2))
    expected2 = np.column_stack([jac[i].T @ (w_next.T @ delta_next)[:, i] for i in range(2)])
    assert np.allclose(bplib.bp2(w_next, delta_next, jac), expected2)


@given(problems())
def test_cancelled_output_error_equals_general_bp1(problem):
    """sigmoid + cross-entropy and softmax + log-likelihood: a − y is BP1 in disguise."""
    net, x, y = problem
    out = net.activations[-1]
    zs, acts = net.forward_trace(x)
    general = bplib.bp1(net.cost.grad_a(acts[-1], y), out.derivative(zs[-1], acts[-1]))
    used = bp_module.output_error(net.cost, out, zs[-1], acts[-1], y)
    assert np.allclose(used, general, rtol=1e-9, atol=1e-12)


def test_saturated_cross_entropy_output_keeps_a_finite_error():
    net = bplib.Network([1, 1], activations="sigmoid", cost="cross-entropy", seed=0)
    net.weights[0][:] = 1000.0
    nb, nw = net.backprop([[1.0]], [[0.0]])
    assert nb[0][0, 0] == pytest.approx(1.0) and np.isfinite(nw[0]).all()


@pytest.mark.parametrize(
    "wrong_bp2",
    [
        lambda w, d, s: (w @ d if w.shape[0] == w.shape[1] else w.T @ d) * s * 1.01,
        lambda w, d, s: w.T @ d,  # forgot σ′
    ],
    ids=["scaled", "no-sigma-prime"],
)
def test_gradcheck_catches_a_wrong_bp2(monkeypatch, wrong_bp2):
    """The witness is not a rubber stamp: break BP2 and the check must fail."""
    monkeypatch.setattr(bp_module, "bp2", wrong_bp2)
    net = bplib.Network([3, 4, 4, 2], activations="sigmoid", seed=3)
    x, y = np.random.default_rng(3).normal(size=(3, 2)), np.full((2, 2), 0.5)
    assert bplib.gradcheck(net, x, y) > 1e-3


def test_gradcheck_catches_bp2_without_transpose(monkeypatch):
    monkeypatch.setattr(bp_module, "bp2", lambda w, d, s: (w @ d[: w.shape[1]]) * s)
    net = bplib.Network([3, 3, 3, 3], activations="tanh", seed=4)
    x, y = np.random.default_rng(4).normal(size=(3, 1)), np.zeros((3, 1))
    assert bplib.gradcheck(net, x, y) > 1e-3


def test_relative_error_definition():
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.2])) == pytest.approx(0.2 / 2.2)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1e-9]), np.array([0.0])) == pytest.approx(1e-4)  # floor 1e-5


def test_numerical_gradient_orders_agree_on_a_smooth_net():
    net = bplib.Network([2, 3, 1], activations="tanh", seed=5)
    x, y = np.array([[0.3], [-0.2]]), np.array([[0.1]])
    g2 = bplib.numerical_gradient(net, x, y, order=2)
    g4 = bplib.numerical_gradient(net, x, y, order=6)
    for a, b in zip(g2[0] + g2[1], g4[0] + g4[1]):
        assert np.allclose(a, b, rtol=1e-6, atol=1e-9)


@given(problem=problems())
@settings(max_examples=30, deadline=None)
def test_forward_then_backward_is_backprop(problem):
    """bplib.backward on a forward trace gives exactly backprop's gradient."""
    net, x, y = problem
    split_b, split_w = bplib.backward(net, *net.forward_trace(x), y)
    whole_b, whole_w = bplib.backprop(net, x, y)
    for a, b in zip(split_b + split_w, whole_b + whole_w):
        assert np.array_equal(a, b)
