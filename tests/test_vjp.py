"""Vector–Jacobian products: Σ′ᵀv without Σ′, checked against the formed matrices."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from conftest import min_relu_margin
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import bplib
from bplib.activations import SoftmaxJacobian

columns = st.tuples(st.integers(1, 7), st.integers(1, 5), st.integers(0, 2**32 - 1))


@settings(max_examples=100)
@given(columns, st.floats(0.1, 30))
def test_softmax_vjp_is_the_formed_jacobian_transposed_times_v(shape, scale):
    n, m, seed = shape
    rng = np.random.default_rng(seed)
    z, v = scale * rng.normal(size=(n, m)), rng.normal(size=(n, m))
    dense = bplib.softmax.jacobian(z)                      # (m, n, n)
    by_matrix = np.einsum("kij,ik->jk", dense, v)          # Σ′ᵀ v, column k
    by_vjp = bplib.softmax.vjp(z, bplib.softmax.value(z), v)
    assert np.allclose(by_vjp, by_matrix, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ["sigmoid", "relu", "tanh", "identity"])
def test_elementwise_vjp_is_the_diagonal_times_v(name):
    act = bplib.activations.get(name)
    rng = np.random.default_rng(3)
    z, v = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    assert np.array_equal(act.vjp(z, act.value(z), v), v * act.prime(z))


def test_softmax_derivative_is_the_jacobian_unformed():
    z = np.random.default_rng(4).normal(size=(5, 3))
    jac = bplib.softmax.derivative(z, bplib.softmax.value(z))
    assert isinstance(jac, SoftmaxJacobian) and jac.shape == (3, 5, 5)
    assert np.allclose(np.asarray(jac), bplib.softmax.jacobian(z), rtol=0, atol=0)
    with pytest.raises(ValueError, match=r"v: expected shape \(5, 3\).*\(3, 5\)"):
        jac.vjp(np.zeros((3, 5)))


@settings(max_examples=60)
@given(st.integers(2, 6), st.integers(1, 4), st.integers(0, 2**32 - 1),
       st.sampled_from(["quadratic", "log-likelihood"]))
def test_softmax_output_gradient_equals_finite_differences(n, m, seed, cost):
    net = bplib.Network([3, 4, n], activations=["tanh", "softmax"], cost=cost, seed=seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(3, m))
    y = np.eye(n)[:, rng.integers(0, n, m)]
    assume(min_relu_margin(net, x) > 0.1)
    assert bplib.gradcheck(net, x, y) <= 1e-7


def test_softmax_with_quadratic_cost_never_forms_the_jacobian_stack():
    """Issue #15's case: [50, 1000], m = 100.  The formed stack alone is 800 MB."""
    net = bplib.Network([50, 1000], activations="softmax", cost="quadratic", seed=0)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(50, 100)), np.eye(1000)[:, rng.integers(0, 1000, 100)]
    tracemalloc.start()
    try:
        net.backprop(x, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 20e6, f"{peak / 1e6:.0f} MB traced"
    # The same gradient as the matrix form, contracted from the formed stack:
    zs, acts = net.forward_trace(x)
    v = net.cost.grad_a(acts[-1], y)
    delta = np.einsum("kij,ik->jk", bplib.softmax.jacobian(zs[-1][:, :10]), v[:, :10])
    assert np.allclose(bplib.bp4(delta, acts[0][:, :10]),
                       net.backprop(x[:, :10], y[:, :10])[1][0], rtol=1e-12, atol=1e-18)
