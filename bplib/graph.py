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

    def draw(
        self,
        ax=None,
        show_grad: bool = True,
        completed: Iterable[Node] | None = None,
        fold_constants: bool = True,
        fontsize: float = 8,
    ):
        """Draw the graph with matplotlib: inputs left, this node right, values and grads.

        ``completed=None`` shows every node's gradient.  Given a collection (a
        :class:`Step`'s ``completed``, to picture the backward pass at that step),
        the nodes in it are drawn in orange with their gradients, and every other
        node in grey with "∇ ?": its gradient is not complete yet.

        With ``fold_constants`` the constants -- numbers written into the
        expression, such as the 2 of ``c / 2`` or the -1 of ``-c``, and anything
        computed from constants alone -- are not drawn as boxes; the node that
        uses one shows it after its operation (``× 0.5``).  Unnamed leaves made
        with ``Node(v)`` are not constants; they are labelled "input".
        """
        import matplotlib.pyplot as plt

        if fontsize <= 0:
            raise ValueError(f"fontsize must be positive, got {fontsize!r}")
        nodes = self.graph()
        constant: set[int] = set()
        if fold_constants:
            for n in nodes:  # inputs first: a node is constant if all its inputs are
                if n.op == _CONST or (n.inputs and all(id(i) in constant for i in n.inputs)):
                    constant.add(id(n))
            constant.discard(id(self))
        shown = [n for n in nodes if id(n) not in constant]
        depth: dict[int, int] = {}
        for n in shown:  # inputs come first, so their depth is known
            drawn_inputs = [i for i in n.inputs if id(i) not in constant]
            depth[id(n)] = 1 + max((depth[id(i)] for i in drawn_inputs), default=-1)
        columns: dict[int, list[Node]] = {}
        for n in shown:
            columns.setdefault(depth[id(n)], []).append(n)
        position = _layout(columns, constant)
        tallest = max(len(c) for c in columns.values())
        if ax is None:
            width = 1.6 * (max(columns) + 1)
            height = 0.9 * tallest + 0.6
            _, ax = plt.subplots(figsize=(max(width, 4), max(height, 2)))
        for n in shown:
            x1, y1 = position[id(n)]
            for i in n.inputs:
                if id(i) in constant:
                    continue
                x0, y0 = position[id(i)]
                level = x1 - x0 > 1 and abs(y1 - y0) <= 1  # would cross the boxes between
                bend = (0.3 if y0 <= y1 else -0.3) if level else 0.0
                ax.annotate(
                    "",
                    xy=(x1 - 0.3, y1),
                    xytext=(x0 + 0.3, y0),
                    arrowprops={
                        "arrowstyle": "->",
                        "color": "0.6",
                        "lw": 0.7,
                        "connectionstyle": f"arc3,rad={bend}",
                    },
                )
        done = None if completed is None else {id(n) for n in completed}
        for n in shown:
            x, y = position[id(n)]
            label = n.name or n.op or "input"
            folded = [i for i in n.inputs if id(i) in constant]
            if folded and not n.name:
                label += " " + ", ".join(_number(i.value) for i in folded)
            text = f"{label}\n{_number(n.value)}"
            pending = done is not None and id(n) not in done
            if show_grad:
                text += "\n∇ ?" if pending else f"\n∇ {_number(n.grad)}"
            if done is not None:
                face = "#eee" if pending else "#fd8"
            else:
                face = "#eef" if n.inputs else "#efe"
            ax.text(
                x,
                y,
                text,
                ha="center",
                va="center",
                fontsize=fontsize,
                color="0.45" if pending else "black",
                bbox={"boxstyle": "round,pad=0.25", "ec": "0.5", "fc": face},
            )
        ax.set_xlim(-0.6, max(columns) + 0.6)
        ax.set_ylim(-tallest / 2 - 0.1, tallest / 2 + 0.1)
        ax.axis("off")
        return ax


@dataclass(frozen=True)
class Step:
    """One step of the backward schedule: ``node`` is processed, then ``completed`` holds."""

    node: Node
    completed: tuple[Node, ...]


_CONST = "const"  # the op of a leaf made from a number written into an expression


def _node(x) -> Node:
    return x if isinstance(x, Node) else Node(x, op=_CONST)


def _layout(columns: dict[int, list[Node]], constant: set[int]) -> dict[int, tuple[float, float]]:
    """(column, height) of every drawn node; each column ordered to keep edges short.

    The barycentre heuristic, a few sweeps each way: sort every column by the
    mean height of its inputs (left to right), then by the mean height of its
    consumers (right to left).
    """
    order = [list(columns[d]) for d in sorted(columns)]
    inputs = {id(n): [i for i in n.inputs if id(i) not in constant] for c in order for n in c}
    consumers: dict[int, list[Node]] = {}
    for column in order:
        for n in column:
            for i in inputs[id(n)]:
                consumers.setdefault(id(i), []).append(n)

    def heights() -> dict[int, float]:
        return {id(n): (len(c) - 1) / 2 - k for c in order for k, n in enumerate(c)}

    def sort_by(column: list[Node], neighbours) -> None:
        y = heights()
        keys = {}
        for k, n in enumerate(column):
            near = neighbours.get(id(n), [])
            keys[id(n)] = -sum(y[id(m)] for m in near) / len(near) if near else k
        column.sort(key=lambda n: keys[id(n)])  # stable: ties keep their order

    for _ in range(3):
        for column in order[1:]:
            sort_by(column, inputs)
        for column in reversed(order[:-1]):
            sort_by(column, consumers)
    y = heights()
    return {id(n): (d, -y[id(n)]) for d, c in enumerate(order) for n in c}


def _number(v: float) -> str:
    """A value for a drawing: three significant digits, a true minus sign."""
    return f"{v:.3g}".replace("-", "−")


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
