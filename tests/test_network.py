import numpy as np
import pytest

import bplib


def test_shapes_follow_nielsens_convention():
    net = bplib.Network([784, 30, 10], seed=0)
    assert [w.shape for w in net.weights] == [(30, 784), (10, 30)]
    assert [b.shape for b in net.biases] == [(30, 1), (10, 1)]
    assert net.num_params == 30 * 785 + 10 * 31


def test_forward_trace_lengths_and_relations():
    net = bplib.Network([3, 4, 2], activations=["tanh", "sigmoid"], seed=1)
    x = np.random.default_rng(1).normal(size=(3, 5))
    zs, acts = net.forward_trace(x)
    assert len(zs) == 2 and len(acts) == 3 and acts[0] is not None
    assert np.array_equal(acts[0], x)
    for w, b, z, a_prev, a, f in zip(net.weights, net.biases, zs, acts, acts[1:], net.activations):
        assert np.allclose(z, w @ a_prev + b, rtol=1e-15)
        assert np.allclose(a, f.value(z), rtol=1e-15)
    assert np.array_equal(net.feedforward(x), acts[-1])


def test_feedforward_batch_equals_columns():
    net = bplib.Network([4, 6, 3], activations=["relu", "softmax"], cost="log-likelihood", seed=2)
    x = np.random.default_rng(2).normal(size=(4, 7))
    cols = np.hstack([net.feedforward(x[:, [i]]) for i in range(7)])
    assert np.allclose(net.feedforward(x), cols, rtol=0, atol=1e-15)


def test_one_dimensional_input_is_one_column():
    net = bplib.Network([2, 1], seed=0)
    assert np.array_equal(net.feedforward([0.5, -0.5]), net.feedforward([[0.5], [-0.5]]))


def test_seed_makes_weights_reproducible_and_generators_work():
    a, b = bplib.Network([3, 4, 2], seed=7), bplib.Network([3, 4, 2], seed=7)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases))
    c = bplib.Network([3, 4, 2], seed=np.random.default_rng(7))
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, c.weights))
    d = bplib.Network([3, 4, 2], seed=8)
    assert not np.array_equal(a.weights[0], d.weights[0])


def test_initialisations_have_the_documented_scale():
    normalized = bplib.Network([400, 300], seed=0)
    standard = bplib.Network([400, 300], seed=0, init="standard")
    assert np.std(normalized.weights[0]) == pytest.approx(1 / np.sqrt(400), rel=0.02)
    assert np.std(standard.weights[0]) == pytest.approx(1.0, rel=0.02)


@pytest.mark.parametrize(
    ("init", "std"),
    [
        ("normalized", lambda n_in, n_out: np.sqrt(1 / n_in)),
        ("standard", lambda n_in, n_out: 1.0),
        ("xavier", lambda n_in, n_out: np.sqrt(2 / (n_in + n_out))),
        ("he", lambda n_in, n_out: np.sqrt(2 / n_in)),
    ],
)
def test_every_init_draws_weights_of_its_formulas_std(init, std):
    """Layers of different fan-in and fan-out, so a swapped n_in/n_out shows."""
    net = bplib.Network([600, 200, 50], seed=1, init=init)
    for w, (n_in, n_out) in zip(net.weights, [(600, 200), (200, 50)]):
        assert w.shape == (n_out, n_in)
        assert np.mean(w) == pytest.approx(0.0, abs=0.05 * std(n_in, n_out))
        assert np.std(w) == pytest.approx(std(n_in, n_out), rel=0.03)
    assert np.std(net.biases[0]) == pytest.approx(1.0, rel=0.2)  # biases N(0, 1)


def test_xavier_and_he_differ_from_the_normalized_init_as_documented():
    kw = {"sizes": [100, 300], "seed": 4}
    normalized = bplib.Network(init="normalized", **kw).weights[0]
    # the same draw, rescaled: He = sqrt(2) x normalized; Xavier by sqrt(2 n_in / (n_in + n_out))
    assert np.allclose(bplib.Network(init="he", **kw).weights[0], np.sqrt(2) * normalized)
    xavier = bplib.Network(init="xavier", **kw).weights[0]
    assert np.allclose(xavier, np.sqrt(2 * 100 / 400) * normalized)


@pytest.mark.parametrize("init", ["glorot", "Xavier", "", None, ["he"]])
def test_unknown_init_raises_naming_the_argument(init):
    with pytest.raises(ValueError, match=r"init must be one of \['normalized', 'standard', "
                       r"'xavier', 'he'\], got"):
        bplib.Network([2, 2], init=init)


def test_activation_objects_and_names_mix():
    net = bplib.Network([2, 3, 2], activations=[bplib.tanh, "softmax"], cost="log-likelihood")
    assert net.activations == [bplib.tanh, bplib.softmax]


def test_copy_is_independent():
    net = bplib.Network([2, 2], seed=0)
    other = net.copy()
    other.weights[0][0, 0] += 1.0
    assert net.weights[0][0, 0] != other.weights[0][0, 0]
    assert other.sizes == net.sizes and other.cost is net.cost


def test_accuracy():
    net = bplib.Network([2, 2], activations="identity", seed=0)
    net.weights[0][:] = np.eye(2)
    net.biases[0][:] = 0
    x = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]])
    assert net.accuracy(x, np.array([0, 1, 1])) == pytest.approx(2 / 3)


def test_cost_value_adds_l2_term():
    net = bplib.Network([2, 2], seed=0)
    x, y = np.ones((2, 4)), np.zeros((2, 4))
    plain = net.cost_value(x, y)
    penalty = 0.5 * 0.3 / 4 * sum(np.sum(w**2) for w in net.weights)
    assert net.cost_value(x, y, lmbda=0.3) == pytest.approx(plain + penalty)


def test_repr_names_the_architecture():
    assert repr(bplib.Network([2, 3, 1], seed=0)) == (
        "Network([2, 3, 1], activations=['sigmoid', 'sigmoid'], cost='quadratic')"
    )
