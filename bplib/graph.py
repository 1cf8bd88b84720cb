"""A computational graph of scalars with reverse-mode differentiation (book ch.12).

Every arithmetic operation on :class:`Node` objects builds a new node that
remembers its inputs and, in the same few lines, how gradient flows back to
them.  :meth:`Node.backward` then visits the graph from the output back to the
inputs in the order of the "mark children completed" rule: a node is processed
once every node that *consumes* it has been processed, so its gradient is
complete when it passes it on.  That is a reverse topological order, found
here by Kahn's algorithm and available step by step from :meth:`Node.schedule`.

Semantics of repeated calls: ``backward()`` computes the gradients of *this*
output from scratch -- it first sets ``grad`` to 0 on every node of the graph
-- so calling it twice gives the same gradients, never doubled ones.  Within
one pass a node used several times (a shared sub-expression, a reused weight)
accumulates the gradient from every use, as the chain rule requires.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Node", "Step", "exp", "log", "relu", "sigmoid", "tanh"]


class Node:
    """A scalar in a computational graph: ``value``, ``grad`` and how it was made."""

    __slots__ = ("_backward", "grad", "inputs", "name", "op", "value")

    def __init__(
        self, value: float, inputs: tuple[Node, ...] = (), op: str = "", name: str = ""
    ) -> None:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"value must be a real number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"value must be finite, got {value!r}")
        self.value = float(value)
        self.grad = 0.0
        self.inputs = inputs
        self.op = op
        self.name = name
        self._backward = lambda: None  # leaves pass nothing on

    def __repr__(self) -> str:
        label = self.name or self.op or "leaf"
        return f"Node({label}: value={self.value:.6g}, grad={self.grad:.6g})"

    # -- the primitive operations: forward value and backward rule side by side --

    def __add__(self, other) -> Node:
        other = _node(other)
        out = Node(self.value + other.value, (self, other), "+")

        def backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = backward
        return out

    def __mul__(self, other) -> Node:
        other = _node(other)
        out = Node(self.value * other.value, (self, other), "×")

        def backward():
            self.grad += other.value * out.grad
            other.grad += self.value * out.grad

        out._backward = backward
        return out

    def __pow__(self, exponent) -> Node:
        if isinstance(exponent, Node) or not isinstance(exponent, numbers.Real):
            raise TypeError(f"exponent must be a number (not a Node), got {exponent!r}")
        if self.value == 0 and exponent < 1:
            raise ValueError(f"0 ** {exponent} has no finite derivative")
        out = Node(self.value**exponent, (self,), f"**{exponent:g}")

        def backward():
            self.grad += exponent * self.value ** (exponent - 1) * out.grad

        out._backward = backward
        return out

    def _unary(self, value: float, derivative: float, op: str) -> Node:
        out = Node(value, (self,), op)

        def backward():
            self.grad += derivative * out.grad

        out._backward = backward
        return out

    def exp(self) -> Node:
        e = math.exp(self.value)
        return self._unary(e, e, "exp")

    def log(self) -> Node:
        if self.value <= 0:
            raise ValueError(f"log needs a positive input, got {self.value!r}")
        return self._unary(math.log(self.value), 1 / self.value, "log")

    def relu(self) -> Node:
        on = self.value > 0
        return self._unary(self.value if on else 0.0, 1.0 if on else 0.0, "relu")

    def sigmoid(self) -> Node:
        s = (
            1 / (1 + math.exp(-self.value))
            if self.value >= 0
            else (math.exp(self.value) / (1 + math.exp(self.value)))
        )
        return self._unary(s, s * (1 - s), "σ")

    def tanh(self) -> Node:
        t = math.tanh(self.value)
        return self._unary(t, 1 - t * t, "tanh")

    # -- derived operations: one line each, in terms of the primitives --

    def __neg__(self) -> Node:
        return self * -1

    def __sub__(self, other) -> Node:
        return self + (-_node(other))

    def __truediv__(self, other) -> Node:
        return self * _node(other) ** -1

    def __radd__(self, other) -> Node:
        return self + other

    def __rmul__(self, other) -> Node:
        return self * other

    def __rsub__(self, other) -> Node:
        return _node(other) - self

    def __rtruediv__(self, other) -> Node:
        return _node(other) / self

    # -- reverse mode -----------------------------------------------------------

    def graph(self) -> list[Node]:
        """Every node this one depends on, itself included, inputs before outputs."""
        order, seen = [], set()

        def visit(node):  # depth-first, iteratively: deep graphs must not hit the recursion limit
            stack = [(node, False)]
            while stack:
                current, expanded = stack.pop()
                if expanded:
                    order.append(current)
                elif id(current) not in seen:
                    seen.add(id(current))
                    stack.append((current, True))
                    stack.extend((i, False) for i in current.inputs if id(i) not in seen)

        visit(self)
        return order

    def schedule(self) -> list[Step]:
        """The backward visiting order by the "mark children completed" rule.

        Start at this node (the loss).  A node becomes *ready* when every node
        that consumes it is completed; processing a ready node passes its
        gradient to its inputs and marks it completed.  Returned as the list of
        steps, each with the set of nodes completed after it.
        """
        nodes = self.graph()
        waiting = {id(n): 0 for n in nodes}  # consumers not yet completed
        for n in nodes:
            for i in set(map(id, n.inputs)):
                waiting[i] += 1
        ready, completed, steps = [self], [], []
        while ready:
            node = ready.pop(0)
            completed.append(node)
            for i in _unique(node.inputs):
                waiting[id(i)] -= 1
                if waiting[id(i)] == 0:
                    ready.append(i)
            steps.append(Step(node, tuple(completed)))
        return steps

    def backward(self) -> None:
        """d(self)/d(node) into ``node.grad`` for every node of the graph.

        Gradients are reset to 0 first, so repeated calls do not accumulate.
        """
        steps = self.schedule()
        for step in steps:
            step.node.grad = 0.0
        self.grad = 1.0
        for step in steps:
            step.node._backward()

    def draw(self, ax=None, show_grad: bool = True, completed: Iterable[Node] = ()):
        """Draw the graph with matplotlib: inputs left, this node right, values and grads.

        Nodes in ``completed`` are drawn in orange: pass a :class:`Step`'s
        ``completed`` to picture the backward pass at that step.
        """
        import matplotlib.pyplot as plt

        nodes = self.graph()
        depth: dict[int, int] = {}
        for n in nodes:  # inputs come first, so their depth is known
            depth[id(n)] = 1 + max((depth[id(i)] for i in n.inputs), default=-1)
        columns: dict[int, list[Node]] = {}
        for n in nodes:
            columns.setdefault(depth[id(n)], []).append(n)
        position = {}
        for d, column in columns.items():
            for k, n in enumerate(column):
                position[id(n)] = (d, k - (len(column) - 1) / 2)
        if ax is None:
            width = 1.6 * (max(columns) + 1)
            height = 0.9 * max(len(c) for c in columns.values()) + 0.6
            _, ax = plt.subplots(figsize=(max(width, 4), max(height, 2)))
        for n in nodes:
            x1, y1 = position[id(n)]
            for i in n.inputs:
                x0, y0 = position[id(i)]
                ax.annotate(
                    "",
                    xy=(x1 - 0.28, y1),
                    xytext=(x0 + 0.28, y0),
                    arrowprops={"arrowstyle": "->", "color": "0.5", "lw": 0.8},
                )
        done = {id(n) for n in completed}
        for n in nodes:
            x, y = position[id(n)]
            label = n.name or n.op or "input"
            text = f"{label}\n{n.value:.3g}" + (f"\n∇ {n.grad:.3g}" if show_grad else "")
            ax.text(
                x,
                y,
                text,
                ha="center",
                va="center",
                fontsize=7,
                bbox={
                    "boxstyle": "round",
                    "ec": "0.5",
                    "fc": "#fd8" if id(n) in done else "#eef" if n.inputs else "#efe",
                },
            )
        ax.set_xlim(-0.6, max(columns) + 0.6)
        spread = max(len(c) for c in columns.values())
        ax.set_ylim(-spread / 2 - 0.2, spread / 2 + 0.2)
        ax.axis("off")
        return ax


@dataclass(frozen=True)
class Step:
    """One step of the backward schedule: ``node`` is processed, then ``completed`` holds."""

    node: Node
    completed: tuple[Node, ...]


def _node(x) -> Node:
    return x if isinstance(x, Node) else Node(x)


def _unique(nodes: Iterable[Node]) -> list[Node]:
    seen, out = set(), []
    for n in nodes:
        if id(n) not in seen:
            seen.add(id(n))
            out.append(n)
    return out


def exp(x: Node) -> Node:
    return _node(x).exp()


def log(x: Node) -> Node:
    return _node(x).log()


def relu(x: Node) -> Node:
    return _node(x).relu()


def sigmoid(x: Node) -> Node:
    return _node(x).sigmoid()


def tanh(x: Node) -> Node:
    return _node(x).tanh()
