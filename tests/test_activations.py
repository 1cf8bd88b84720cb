import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import bplib
from bplib import activations

finite = st.floats(-30, 30, allow_nan=False)
ELEMENTWISE = [bplib.sigmoid, bplib.tanh, bplib.relu, bplib.identity]


def test_names_resolve_to_objects():
    for name, act in activations.ACTIVATIONS.items():
        assert activations.get(name) is act and act.name == name
    assert activations.get(bplib.tanh) is bplib.tanh


@pytest.mark.parametrize("act", ELEMENTWISE, ids=lambda a: a.name)
@given(z=arrays(np.float64, (3, 2), elements=finite))
def test_prime_matches_central_differences(act, z):
    h = 1e-6
    if act is bplib.relu:
        z = np.where(np.abs(z) < 1e-3, 1.0, z)  # away from the kink
    numeric = (act.value(z + h) - act.value(z - h)) / (2 * h)
    assert np.allclose(act.prime(z), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("act", ELEMENTWISE, ids=lambda a: a.name)
@given(z=arrays(np.float64, (4, 3), elements=finite))
def test_derivative_from_value_equals_prime(act, z):
    assert np.allclose(act.derivative(z, act.value(z)), act.prime(z), rtol=1e-12, atol=1e-15)


def test_known_values():
    assert bplib.sigmoid.value(np.array(0.0)) == 0.5
    assert bplib.sigmoid.prime(np.array(0.0)) == 0.25
    assert np.array_equal(bplib.relu.value(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 3.0])
    assert np.array_equal(bplib.relu.prime(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 1.0])
    assert np.isclose(bplib.tanh.prime(np.array(0.0)), 1.0)


def test_extreme_inputs_stay_finite_without_warnings():
    z = np.array([[-1000.0], [0.0], [1000.0]])  # pytest turns any RuntimeWarning into an error
    s = bplib.sigmoid.value(z)
    assert np.array_equal(s, [[0.0], [0.5], [1.0]])
    assert np.all(np.isfinite(bplib.sigmoid.prime(z)))
    sm = bplib.softmax.value(z)
    assert np.allclose(sm, [[0.0], [0.0], [1.0]]) and np.isclose(sm.sum(), 1.0)
    assert np.all(np.isfinite(bplib.softmax.jacobian(z)))


@given(z=arrays(np.float64, (4, 3), elements=finite))
def test_softmax_columns_are_distributions(z):
    a = bplib.softmax.value(z)
    assert np.all(a >= 0) and np.allclose(a.sum(axis=0), 1.0)
    # Shifting a column's logits does not change it.
    assert np.allclose(bplib.softmax.value(z + 7.5), a)


@given(z=arrays(np.float64, (4, 3), elements=st.floats(-5, 5)))
def test_softmax_jacobian_matches_central_differences(z):
    h = 1e-6
    jac = bplib.softmax.jacobian(z)
    assert jac.shape == (3, 4, 4)
    for col in range(3):
        for k in range(4):
            e = np.zeros((4, 1))
            e[k] = h
            zc = z[:, [col]]
            numeric = (bplib.softmax.value(zc + e) - bplib.softmax.value(zc - e)) / (2 * h)
            assert np.allclose(jac[col][:, k], numeric.ravel(), rtol=1e-6, atol=1e-9)


def test_softmax_jacobian_of_a_vector_is_one_matrix():
    z = np.array([0.3, -1.0, 2.0])
    a = bplib.softmax.value(z[:, None]).ravel()
    assert np.allclose(bplib.softmax.jacobian(z), np.diag(a) - np.outer(a, a))
