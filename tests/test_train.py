import numpy as np
import pytest

import bplib


@pytest.fixture(scope="module")
def digits():
    return bplib.load_digits()


def test_sgd_learns_the_digits(digits):
    net = bplib.Network([64, 30, 10], cost="cross-entropy", seed=0)
    before = net.accuracy(digits.validation.x, digits.validation.labels)
    history = net.sgd(
        digits.train,
        epochs=10,
        mini_batch_size=10,
        eta=0.5,
        evaluation_data=digits.validation,
        seed=0,
        progress=False,
    )
    assert before < 0.2
    assert history.evaluation_accuracy[-1] >= 0.9
    assert len(history.training_cost) == len(history.evaluation_cost) == 10
    assert history.training_cost[-1] < history.training_cost[0]


def test_sgd_is_reproducible_with_a_seed(digits):
    runs = []
    for _ in range(2):
        net = bplib.Network([64, 10, 10], seed=1)
        bplib.sgd(net, digits.train, 2, 16, 1.0, seed=3, progress=False)
        runs.append(net.weights[0].copy())
    assert np.array_equal(*runs)


def test_one_step_is_the_gradient_step():
    """One epoch, one mini-batch: w' = w − η ∂C/∂w exactly (and b likewise)."""
    net = bplib.Network([3, 2], seed=2)
    x, y = np.random.default_rng(2).normal(size=(3, 4)), np.full((2, 4), 0.3)
    nb, nw = net.backprop(x, y)
    expected_w, expected_b = net.weights[0] - 0.1 * nw[0], net.biases[0] - 0.1 * nb[0]
    net.sgd((x, y), epochs=1, mini_batch_size=4, eta=0.1, progress=False, seed=0)
    assert np.allclose(net.weights[0], expected_w, rtol=1e-14)
    assert np.allclose(net.biases[0], expected_b, rtol=1e-14)


def test_l2_decays_weights_but_not_biases():
    net = bplib.Network([3, 2], seed=2)
    x, y = np.random.default_rng(2).normal(size=(3, 4)), np.full((2, 4), 0.3)
    nb, nw = net.backprop(x, y)
    w0, b0 = net.weights[0].copy(), net.biases[0].copy()
    net.sgd((x, y), epochs=1, mini_batch_size=4, eta=0.1, lmbda=2.0, progress=False, seed=0)
    assert np.allclose(net.weights[0], (1 - 0.1 * 2.0 / 4) * w0 - 0.1 * nw[0], rtol=1e-14)
    assert np.allclose(net.biases[0], b0 - 0.1 * nb[0], rtol=1e-14)


def test_progress_bar_can_be_turned_off(capsys, digits):
    net = bplib.Network([64, 10], seed=0)
    net.sgd(digits.validation, epochs=1, mini_batch_size=50, eta=0.1, progress=False)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    net.sgd(digits.validation, epochs=1, mini_batch_size=50, eta=0.1, progress=True)
    assert "epochs" in capsys.readouterr().err


def test_accuracy_is_not_recorded_for_non_one_hot_targets():
    net = bplib.Network([2, 1], activations="identity", seed=0)
    x = np.random.default_rng(0).normal(size=(2, 20))
    history = net.sgd((x, x.sum(axis=0, keepdims=True)), 5, 5, 0.1, progress=False)
    assert history.training_accuracy == [] and history.training_cost[-1] < history.training_cost[0]


def _by_hand(net, x, y, m, eta, order):
    """SGD's epoch written out: mini-batches of the columns in `order`."""
    for k in range(0, x.shape[1], m):
        cols = order[k : k + m]
        nb, nw = net.backprop(x[:, cols], y[:, cols])
        for w, g in zip(net.weights, nw):
            w -= eta * g
        for b, g in zip(net.biases, nb):
            b -= eta * g


@pytest.mark.parametrize("shuffle", [True, False])
def test_an_epoch_visits_the_batches_it_should(shuffle):
    """shuffle=True: the seed's permutation, batch by batch; False: the given order.

    Checked against the loop written out, for an n that m does not divide (a
    short last batch) and for C- and Fortran-ordered inputs alike.
    """
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(5, 23)), rng.uniform(size=(3, 23))
    order = np.random.default_rng(7).permutation(23) if shuffle else np.arange(23)
    expected = bplib.Network([5, 4, 3], seed=1)
    _by_hand(expected, x, y, 4, 0.3, order)
    for layout in (np.ascontiguousarray, np.asfortranarray):
        net = bplib.Network([5, 4, 3], seed=1)
        net.sgd((layout(x), layout(y)), 1, 4, 0.3, seed=7, shuffle=shuffle, progress=False)
        for got, want in zip(net.weights + net.biases, expected.weights + expected.biases):
            assert np.allclose(got, want, rtol=1e-13, atol=1e-15)


def test_sgd_does_not_modify_its_training_data():
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(3, 12)), rng.uniform(size=(2, 12))
    x0, y0 = x.copy(), y.copy()
    for shuffle in (True, False):
        bplib.Network([3, 2], seed=0).sgd((x, y), 2, 5, 1.0, shuffle=shuffle, progress=False)
    assert np.array_equal(x, x0) and np.array_equal(y, y0)


def test_sgd_checks_the_targets_the_cost_needs():
    net = bplib.Network([3, 2], activations="softmax", cost="log-likelihood", seed=0)
    x, y = np.zeros((3, 2)), np.full((2, 2), 0.9)
    with pytest.raises(ValueError, match="columns that sum to 1"):
        net.sgd((x, y), 1, 1, 1.0, progress=False)
