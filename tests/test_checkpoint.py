"""Gradient checkpointing: the same gradient, bit for bit, from less memory."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import problems
from hypothesis import given, settings
from hypothesis import strategies as st

import bplib
from bplib.measure import peak_bytes


@settings(max_examples=150)
@given(problems(max_layers=7), st.integers(1, 8))
def test_checkpointed_gradient_is_identical_to_plain(problem, k):
    net, x, y = problem
    plain = net.backprop(x, y)
    checkpointed = net.backprop(x, y, checkpoint_every=k)
    for p, q in zip(plain[0] + plain[1], checkpointed[0] + checkpointed[1]):
        assert p.shape == q.shape and np.array_equal(p, q)


def test_module_function_and_sgd_pass_checkpointing_through():
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(4, 12)), rng.uniform(size=(2, 12))
    nets = [bplib.Network([4, 6, 6, 6, 2], seed=1) for _ in range(3)]
    for a, b in zip(bplib.backprop(nets[0], x, y, checkpoint_every=2)[1],
                    nets[0].backprop(x, y)[1]):
        assert np.array_equal(a, b)
    nets[1].sgd((x, y), epochs=3, mini_batch_size=4, eta=0.5, seed=0, progress=False)
    nets[2].sgd((x, y), epochs=3, mini_batch_size=4, eta=0.5, seed=0, progress=False,
                checkpoint_every=3)
    for a, b in zip(nets[1].weights + nets[1].biases, nets[2].weights + nets[2].biases):
        assert np.array_equal(a, b)


def test_checkpointing_stores_fewer_layers():
    """Deep and narrow, so the stored z and a dominate the traced peak."""
    net = bplib.Network([8] + [64] * 16 + [4], seed=0)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(8, 512)), rng.uniform(size=(4, 512))
    plain = peak_bytes(lambda: net.backprop(x, y))
    every_4 = peak_bytes(lambda: net.backprop(x, y, checkpoint_every=4))
    # Plain keeps 2·17 arrays of 64×512; k = 4 keeps 4 checkpoints and 2·4 of one segment.
    assert every_4 < 0.5 * plain, (every_4, plain)


@pytest.mark.parametrize(("k", "error"), [(0, ValueError), (-2, ValueError),
                                          (2.0, TypeError), (True, TypeError)])
def test_bad_checkpoint_every_is_named(k, error):
    net = bplib.Network([2, 3, 1], seed=0)
    with pytest.raises(error, match="checkpoint_every must be a positive integer"):
        net.backprop(np.zeros((2, 1)), np.zeros((1, 1)), checkpoint_every=k)
    with pytest.raises(error, match="checkpoint_every"):
        net.sgd((np.zeros((2, 1)), np.zeros((1, 1))), 1, 1, 0.1, checkpoint_every=k,
                progress=False)


def test_inference_keeps_nothing_and_gives_the_same_output():
    net = bplib.Network([8] + [64] * 16 + [4], seed=0)
    x = np.random.default_rng(0).normal(size=(8, 512))
    assert np.array_equal(net.feedforward(x), net.forward_trace(x)[1][-1])
    inference = peak_bytes(lambda: net.feedforward(x))
    training = peak_bytes(lambda: net.forward_trace(x))
    assert inference < 0.2 * training, (inference, training)   # ~2 layers of 33
