"""bplib.graph: reverse mode against finite differences, the schedule rule,
repeated backward(), shared nodes, and agreement with Network.backprop."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bplib
from bplib import graph as G
from bplib.graph import Node

values = st.floats(-2, 2, allow_nan=False).filter(lambda v: abs(v) > 1e-3)


def expression(a: Node, b: Node, c: Node) -> Node:
    """Every primitive and derived operation, with a and b each used several times."""
    shared = a * b + c
    return (
        shared.sigmoid() * G.tanh(a - b)
        + (shared**2) / (1 + G.exp(c))
        - G.log(1 + b * b)
        + G.relu(a + 2) * 0.5
        - 3 / (2 + a * a)
    )


def numeric_partial(f, args, i, h=1e-6):
    up, down = list(args), list(args)
    up[i] += h
    down[i] -= h
    return (f(*map(Node, up)).value - f(*map(Node, down)).value) / (2 * h)


@settings(max_examples=200)
@given(values, values, values)
def test_gradients_of_a_compound_expression_match_finite_differences(a0, b0, c0):
    if abs(a0 + 2) < 1e-3:  # relu's kink
        return
    a, b, c = Node(a0), Node(b0), Node(c0)
    out = expression(a, b, c)
    out.backward()
    for i, node in enumerate((a, b, c)):
        assert node.grad == pytest.approx(
            numeric_partial(expression, (a0, b0, c0), i), rel=1e-6, abs=1e-8
        )


def test_backward_twice_gives_the_same_gradients_not_double():
    a, b = Node(1.5), Node(-0.5)
    out = a * b + a
    out.backward()
    first = (a.grad, b.grad)
    out.backward()
    assert (a.grad, b.grad) == first == (0.5, 1.5)


def test_shared_nodes_accumulate():
    x = Node(3.0)
    y = x * x * x  # x used three times
    y.backward()
    assert x.grad == pytest.approx(27.0)
    w = Node(0.7)  # a reused weight
    loss = (w * 2 - 1) ** 2 + (w * 3 - 1) ** 2
    loss.backward()
    assert w.grad == pytest.approx(2 * (0.7 * 2 - 1) * 2 + 2 * (0.7 * 3 - 1) * 3)


def test_schedule_is_the_mark_children_completed_rule():
    a, b = Node(1.0, name="a"), Node(2.0, name="b")
    c = a * b
    d = c + a
    e = d * c
    steps = e.schedule()
    order = [s.node for s in steps]
    assert order[0] is e and set(map(id, order)) == set(map(id, e.graph()))
    # Every node is processed only after every node that consumes it.
    for position, node in enumerate(order):
        consumers = [n for n in order if any(i is node for i in n.inputs)]
        assert all(order.index(cons) < position for cons in consumers)
    assert len(steps[-1].completed) == len(order)


def test_graph_lists_inputs_before_outputs():
    a = Node(1.0)
    out = (a + 1) * (a + 2)
    nodes = out.graph()
    assert nodes[-1] is out and nodes.count(a) == 1
    for i, n in enumerate(nodes):
        assert all(nodes.index(j) < i for j in n.inputs)


def test_deep_graph_does_not_hit_the_recursion_limit():
    x = Node(0.1)
    y = x
    for _ in range(5000):
        y = y * 1.0001 + 0.0
    y.backward()
    assert x.grad == pytest.approx(1.0001**5000, rel=1e-9)


def test_mlp_gradients_equal_network_backprop():
    """The seed's sigmoid MLP with quadratic cost, scalar by scalar."""
    net = bplib.Network([3, 4, 2], activations="sigmoid", cost="quadratic", seed=2)
    x, y = np.array([0.5, -0.3, 0.8]), np.array([1.0, 0.0])
    W = [[[Node(v) for v in row] for row in w] for w in net.weights]
    B = [[Node(v) for v in b.ravel()] for b in net.biases]
    a = [Node(v) for v in x]
    for w, b in zip(W, B):
        a = [G.sigmoid(sum((wjk * ak for wjk, ak in zip(row, a)), bj)) for row, bj in zip(w, b)]
    loss = sum(((aj - yj) ** 2 for aj, yj in zip(a, y)), Node(0.0)) * 0.5
    loss.backward()
    nabla_b, nabla_w = net.backprop(x[:, None], y[:, None])
    for l in range(2):
        assert np.allclose([[n.grad for n in row] for row in W[l]], nabla_w[l], rtol=1e-12)
        assert np.allclose([[n.grad] for n in B[l]], nabla_b[l], rtol=1e-12)


def test_shared_weight_convolution_matches_finite_differences_and_formula():
    """1-D convolution (kernel 3, zero padding) -> average pooling -> softmax loss."""
    x = [0.5, -1.0, 2.0, 0.3]

    def loss_of(theta_values, x=x, target=1):
        theta = [Node(t) for t in theta_values]
        padded = [Node(0.0), *map(Node, x), Node(0.0)]
        c = [
            padded[i] * theta[0] + padded[i + 1] * theta[1] + padded[i + 2] * theta[2]
            for i in range(4)
        ]
        p = [(c[0] + c[1]) / 2, (c[2] + c[3]) / 2]
        loss = -p[target] + G.log(G.exp(p[0]) + G.exp(p[1]))
        return loss, theta, c

    theta0 = [0.2, -0.4, 0.7]
    loss, theta, c = loss_of(theta0)
    loss.backward()
    for k in range(3):
        up, down = list(theta0), list(theta0)
        up[k] += 1e-6
        down[k] -= 1e-6
        numeric = (loss_of(up)[0].value - loss_of(down)[0].value) / 2e-6
        assert theta[k].grad == pytest.approx(numeric, rel=1e-7)
        # ∂L/∂θ_k = Σ_i ∂L/∂c_i · x_(i+k-1), with x zero outside 1..4.
        padded = [0.0, *x, 0.0]
        formula = sum(c[i].grad * padded[i + k] for i in range(4))
        assert theta[k].grad == pytest.approx(formula, rel=1e-12)


def test_draw_labels_every_node():
    import matplotlib

    matplotlib.use("Agg")
    a, b = Node(1.0, name="a"), Node(2.0, name="b")
    out = G.sigmoid(a * b + a)
    out.backward()
    ax = out.draw()
    labels = [t.get_text() for t in ax.texts if t.get_text()]  # arrows have no text
    assert len(labels) == len(out.graph()) and all("∇" in t for t in labels)


def _drawn_labels(ax):
    return [t.get_text() for t in ax.texts if t.get_text()]


def test_draw_folds_constants_into_the_node_that_uses_them():
    import matplotlib

    matplotlib.use("Agg")
    a = Node(1.0, name="a")
    out = (a * 2 + 1) / 2  # constants 2, 1, and 2 ** -1 = 0.5, computed from a constant
    out.backward()
    assert sorted(i.op for i in out.graph() if not i.inputs) == ["", "const", "const", "const"]
    labels = _drawn_labels(out.draw())
    assert sorted(t.split("\n")[0] for t in labels) == ["+ 1", "a", "× 0.5", "× 2"]
    assert not any("input" in t or "**" in t for t in labels)
    unfolded = _drawn_labels(out.draw(fold_constants=False))
    assert len(unfolded) == len(out.graph()) == 8
    assert sum(t.startswith("const") for t in unfolded) == 3
    assert any(t.startswith("**-1") for t in unfolded)
    # An unnamed leaf made by the user is an input, never folded.
    b = Node(3.0)
    labels = _drawn_labels((b * a).draw())
    assert sorted(t.split("\n")[0] for t in labels) == ["a", "input", "×"]


def test_draw_shows_gradients_only_of_completed_nodes():
    import matplotlib

    matplotlib.use("Agg")
    w, x = Node(0.5, name="w"), Node(2.0, name="x")
    out = G.sigmoid(w * x + w)
    out.backward()
    for step in out.schedule():
        done = {id(n) for n in step.completed}
        ax = out.draw(completed=step.completed)
        by_label = {t.get_text().split("\n")[0]: t for t in ax.texts if t.get_text()}
        for n in out.graph():
            text = by_label[n.name or n.op].get_text()
            if id(n) in done:
                assert text.endswith(f"∇ {n.grad:.3g}".replace("-", "−"))
            else:
                assert text.endswith("∇ ?") and n.grad != 0  # final grad known, not shown
    # The final picture, without `completed`, shows every gradient.
    assert all("?" not in t for t in _drawn_labels(out.draw()))


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Node("3"), TypeError, "value must be a real number"),
        (lambda: Node(math.nan), ValueError, "value must be finite"),
        (lambda: Node(2.0) ** Node(2.0), TypeError, "exponent must be a number"),
        (lambda: G.log(Node(0.0)), ValueError, "log needs a positive input"),
        (lambda: Node(0.0) ** -1, ValueError, "no finite derivative"),
        (lambda: Node(1.0).draw(fontsize=0), ValueError, "fontsize must be positive"),
    ],
)
def test_bad_input(make, error, message):
    with pytest.raises(error, match=message):
        make()
