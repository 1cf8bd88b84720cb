import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import bplib
from bplib import costs

ALL = [costs.quadratic, costs.cross_entropy, costs.log_likelihood]
outputs = arrays(np.float64, (3, 4), elements=st.floats(0.02, 0.98))
target_values = arrays(np.float64, (3, 4), elements=st.floats(0.0, 1.0))


def test_per_example_formulas():
    a = np.array([[0.2], [0.7]])
    y = np.array([[0.0], [1.0]])
    assert np.isclose(costs.quadratic.value(a, y), 0.5 * (0.2**2 + 0.3**2))
    assert np.isclose(costs.cross_entropy.value(a, y), -(np.log(0.8) + np.log(0.7)))
    assert np.isclose(costs.log_likelihood.value(a, y), -np.log(0.7))


@pytest.mark.parametrize("cost", ALL, ids=lambda c: c.name)
@given(a=outputs, y=target_values)
def test_batch_cost_is_mean_of_per_example_costs(cost, a, y):
    singles = [cost.value(a[:, [i]], y[:, [i]]) for i in range(a.shape[1])]
    assert np.isclose(cost.value(a, y), np.mean(singles), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("cost", ALL, ids=lambda c: c.name)
@given(a=outputs, y=target_values)
def test_grad_a_matches_central_differences_per_example(cost, a, y):
    h = 1e-7
    grad = cost.grad_a(a, y)
    for i in range(a.shape[1]):
        for j in range(a.shape[0]):
            up, down = a[:, [i]].copy(), a[:, [i]].copy()
            up[j] += h
            down[j] -= h
            numeric = (cost.value(up, y[:, [i]]) - cost.value(down, y[:, [i]])) / (2 * h)
            assert np.isclose(grad[j, i], numeric, rtol=1e-5, atol=1e-7)


def test_logit_forms_are_exact_at_plus_minus_1000():
    z = np.array([[-1000.0], [1000.0]])
    y = np.array([[1.0], [0.0]])
    # −ln σ(−1000) − ln(1 − σ(1000)) = 1000 + 1000
    assert costs.cross_entropy.value_from_logits(z, y) == 2000.0
    assert costs.log_likelihood.value_from_logits(z, y) == 2000.0
    assert costs.log_likelihood.value_from_logits(z, np.array([[0.0], [1.0]])) == 0.0


@pytest.mark.parametrize("cost", [costs.cross_entropy, costs.log_likelihood], ids=lambda c: c.name)
def test_saturated_activations_give_finite_costs_and_gradients(cost):
    a = np.array([[0.0], [1.0]])
    y = np.array([[1.0], [0.0]])
    assert np.isfinite(cost.value(a, y))
    assert np.all(np.isfinite(cost.grad_a(a, y)))


def test_network_cost_uses_logits_when_saturated():
    net = bplib.Network([1, 2], activations="softmax", cost="log-likelihood", seed=0)
    net.weights[0][:] = [[1000.0], [-1000.0]]
    net.biases[0][:] = 0.0
    assert net.cost_value([[1.0]], [[0.0], [1.0]]) == 2000.0


def test_quadratic_has_no_logit_form():
    with pytest.raises(NotImplementedError, match="quadratic"):
        costs.quadratic.value_from_logits(np.zeros((2, 1)), np.zeros((2, 1)))


def test_l2_penalty():
    w = [np.ones((2, 3)), 2 * np.ones((1, 2))]
    assert costs.l2_penalty(w, lmbda=0.5, n=10) == pytest.approx(0.5 * 0.5 / 10 * (6 + 8))


def test_names_resolve():
    assert costs.get("cross-entropy") is costs.cross_entropy
    assert set(costs.COSTS) == {"quadratic", "cross-entropy", "log-likelihood"}
