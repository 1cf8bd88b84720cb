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
