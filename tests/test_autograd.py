"""Tensor autograd (bplib.autograd) against bplib.backprop, finite differences and PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import problems
from hypothesis import given, settings
from hypothesis import strategies as st

import bplib
from bplib import autograd as ag


@settings(max_examples=150)
@given(problems(max_batch=1), st.integers(0, 4))
def test_graph_gradient_is_backprops_bit_for_bit_when_m_is_a_power_of_two(problem, p):
    """The graph scales by 1/m at the cost, bplib at BP3/BP4: the same when 1/m is exact."""
    net, x, y = problem
    x, y = np.repeat(x, 2**p, axis=1), np.repeat(y, 2**p, axis=1)
    x = x + np.random.default_rng(p).normal(scale=0.1, size=x.shape)
    nabla_b, nabla_w = net.backprop(x, y)
    graph_b, graph_w, c = ag.network_gradient(net, x, y)
    for a, b in zip(nabla_b + nabla_w, graph_b + graph_w):
        assert np.array_equal(a, b)
    assert c.value[0, 0] == pytest.approx(net.cost_value(x, y), rel=1e-14)


@settings(max_examples=100)
@given(problems(max_batch=7))
def test_graph_gradient_is_backprops_to_rounding_for_any_m(problem):
    net, x, y = problem
    nabla_b, nabla_w = net.backprop(x, y)
    graph_b, graph_w, _ = ag.network_gradient(net, x, y)
    for a, b in zip(nabla_b + nabla_w, graph_b + graph_w):
        assert np.allclose(a, b, rtol=1e-12, atol=1e-14 * max(1.0, np.abs(a).max()))


def test_a_reused_weight_gets_both_gradients():
    """C = ½‖W W x‖²: two uses of W, checked against central differences."""
    rng = np.random.default_rng(0)
    w0, x = rng.normal(size=(3, 3)), rng.normal(size=(3, 1))

    def graph(w_value):
        w = ag.Tensor(w_value, requires_grad=True, name="W")
        out = w @ (w @ ag.Tensor(x))
        return w, ag.cost(out, np.zeros((3, 1)), "quadratic")

    w, c = graph(w0)
    c.backward()
    numeric = np.zeros_like(w0)
    for idx in np.ndindex(*w0.shape):
        step = np.zeros_like(w0)
        step[idx] = 1e-6
        numeric[idx] = (graph(w0 + step)[1].value[0, 0]
                        - graph(w0 - step)[1].value[0, 0]) / 2e-6
    assert np.allclose(w.grad, numeric, rtol=1e-7, atol=1e-9)
    c.backward()  # a second call recomputes, it does not double
    assert np.allclose(w.grad, numeric, rtol=1e-7, atol=1e-9)


def test_the_graph_is_recorded_in_the_order_it_ran():
    net = bplib.Network([2, 3, 2], activations=["tanh", "softmax"], cost="log-likelihood")
    *_, c = ag.network_gradient(net, np.ones((2, 1)), np.array([[1.0], [0.0]]))
    ops = [t.op or t.name for t in c.nodes()]
    # The parameters and x are made first, then each layer's three operations.
    assert ops == ["w2", "w3", "b2", "b3", "x", "matmul", "add bias", "tanh",
                   "matmul", "add bias", "log-likelihood from logits"]


def test_bad_input_is_named():
    w = ag.Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"other: expected 3 rows.*\(2, 3\).*\(2, 1\)"):
        w @ ag.Tensor(np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"bias column of shape \(2, 1\).*\(3, 1\)"):
        w + ag.Tensor(np.ones((3, 1)))
    with pytest.raises(TypeError, match="other: expected a bplib.autograd.Tensor, got ndarray"):
        w @ np.ones((3, 1))
    with pytest.raises(ValueError, match=r"value: expected a matrix.*\(3,\)"):
        ag.Tensor(np.ones(3))
    with pytest.raises(ValueError, match="value: expected finite"):
        ag.Tensor([[np.nan]])
    with pytest.raises(ValueError, match=r"backward: expected a scalar.*\(2, 3\)"):
        w.backward()
    with pytest.raises(ValueError, match="sigmoid with cross-entropy or softmax"):
        ag.cost_from_logits(w, np.ones((2, 3)), "quadratic", "sigmoid")
    with pytest.raises(ValueError, match=r"y: expected shape \(2, 3\)"):
        ag.cost(w, np.ones((3, 2)), "quadratic")


# -- PyTorch, when it is installed --------------------------------------------

def torch_gradient(net: bplib.Network, x: np.ndarray, y: np.ndarray):
    """The same network in PyTorch (examples as rows, nn.Linear layers), float64."""
    torch = pytest.importorskip(
        "torch", reason="PyTorch is optional: pip install torch==2.13.0 to compare with it")
    F = torch.nn.functional
    layers = []
    for w, b in zip(net.weights, net.biases):
        lin = torch.nn.Linear(w.shape[1], w.shape[0], dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w))          # (out, in): Nielsen's wˡ
            lin.bias.copy_(torch.from_numpy(b.ravel()))
        layers.append(lin)
    a, yr = torch.from_numpy(x.T.copy()), torch.from_numpy(y.T.copy())
    funcs = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
             "identity": lambda t: t}
    for i, (lin, act) in enumerate(zip(layers, net.activations)):
        z = lin(a)                                          # X Wᵀ + b
        if i < len(layers) - 1:
            a = funcs[act.name](z)
    out, cost = net.activations[-1].name, net.cost.name
    if (out, cost) == ("softmax", "log-likelihood"):
        loss = F.cross_entropy(z, yr.argmax(dim=1))        # reduction="mean": our 1/m
    elif (out, cost) == ("sigmoid", "cross-entropy"):
        loss = F.binary_cross_entropy_with_logits(z, yr, reduction="none").sum(1).mean()
    else:
        a = torch.softmax(z, dim=1) if out == "softmax" else funcs[out](z)
        loss = 0.5 * ((a - yr) ** 2).sum(dim=1).mean()
    loss.backward()
    return ([lin.bias.grad.numpy()[:, None] for lin in layers],
            [lin.weight.grad.numpy() for lin in layers])


@pytest.mark.parametrize(("acts", "cost"), [
    (["sigmoid", "sigmoid"], "quadratic"),
    (["relu", "sigmoid"], "cross-entropy"),
    (["tanh", "softmax"], "log-likelihood"),
    (["sigmoid", "softmax"], "quadratic"),
])
def test_pytorch_gives_the_same_gradient(acts, cost):
    net = bplib.Network([5, 7, 4], activations=acts, cost=cost, seed=3)
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(5, 6)), np.eye(4)[:, rng.integers(0, 4, 6)]
    torch_b, torch_w = torch_gradient(net, x, y)
    nabla_b, nabla_w = net.backprop(x, y)
    for a, b in zip(nabla_b + nabla_w, torch_b + torch_w):
        assert np.allclose(a, b, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(("acts", "cost"), [(["tanh", "sigmoid"], "quadratic"),
                                            (["relu", "softmax"], "log-likelihood")])
def test_a_float32_graph_stays_float32_and_near_the_float64_gradient(acts, cost):
    net = bplib.Network([10, 20, 5], activations=acts, cost=cost, seed=0)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(10, 8)), np.eye(5)[:, rng.integers(0, 5, 8)]
    b32, w32, c = ag.network_gradient(net, x, y, dtype=np.float32)
    assert c.value.dtype == np.float32
    assert all(g.dtype == np.float32 for g in b32 + w32)
    b64, w64 = net.backprop(x, y)
    for g32, g64 in zip(b32 + w32, b64 + w64):
        # float32 keeps ~7 digits; a few roundings per layer cost a little more.
        assert np.allclose(g32, g64, rtol=1e-4, atol=1e-6 * np.abs(g64).max())
        assert not np.array_equal(g32.astype(np.float64), g64)   # it really is float32
    with pytest.raises(ValueError, match="dtype: expected numpy.float32 or numpy.float64"):
        ag.network_gradient(net, x, y, dtype=np.float16)


def test_pytorch_agrees_on_issue_15s_softmax_with_quadratic_cost():
    """[50, 1000], softmax output, quadratic cost, m = 100: the VJP's case."""
    net = bplib.Network([50, 1000], activations="softmax", cost="quadratic", seed=0)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(50, 100)), np.eye(1000)[:, rng.integers(0, 1000, 100)]
    torch_b, torch_w = torch_gradient(net, x, y)
    (nabla_b,), (nabla_w,) = net.backprop(x, y)
    assert np.allclose(nabla_b, torch_b[0], rtol=1e-10, atol=1e-18)
    assert np.allclose(nabla_w, torch_w[0], rtol=1e-10, atol=1e-18)
