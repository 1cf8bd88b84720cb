"""Reverse-mode differentiation of tensors, recorded as the forward pass runs.

:mod:`bplib.graph` differentiates a graph of scalars, one node per number.
Here a node holds a whole matrix, and each operation a network needs -- the
matrix product ``W @ A``, the bias add ``Z + b``, an activation, a cost --
records, as it runs, its inputs and its vector–Jacobian product (VJP): the
function that takes ∂C/∂(output) to ∂C/∂(each input) without forming any
Jacobian.  This is "define by run", as in PyTorch: the graph is whatever the
Python code did.  :meth:`Tensor.backward` then visits the nodes in reverse
topological order and applies the VJPs.  With G the gradient arriving at
an operation's output, the four VJPs are the four equations in disguise:

* ``W @ A``: grad_A = Wᵀ G (BP2 before ⊙ σ′) and grad_W = G Aᵀ (BP4);
* ``Z + b``: grad_b = the row sums of G, a sum over the examples (BP3);
* σ(Z): grad_Z = Σ′(Z)ᵀ G, which is G ⊙ σ′(Z) when σ is elementwise.

Examples are columns, as everywhere in bplib; the cost is the mean over
them, so its VJP carries the 1/m (PyTorch's ``reduction="mean"``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from . import activations as _act
from . import costs as _costs
from .backprop import natural_pair

__all__ = ["Tensor", "activation", "cost", "cost_from_logits", "network_gradient"]

_made = itertools.count()

# A VJP: from ∂C/∂(output) to one ∂C/∂(input) per input, in input order.
VJP = Callable[[np.ndarray], tuple[np.ndarray, ...]]


class Tensor:
    """A matrix in a graph: its ``value``, its ``grad`` ∂C/∂value, and how it was made.

    A leaf (``Tensor(value)``) has no inputs; ``requires_grad=True`` marks a
    parameter whose gradient :meth:`backward` keeps.  Every other tensor is
    the output of an operation, with ``op`` naming it and ``inputs`` its
    operands.
    """

    def __init__(
        self,
        value,
        requires_grad: bool = False,
        name: str = "",
        *,
        inputs: tuple[Tensor, ...] = (),
        op: str = "",
        vjp: VJP | None = None,
    ) -> None:
        value = np.asarray(value)
        if value.dtype not in (np.float32, np.float64):
            value = value.astype(np.float64)  # integers, lists: double precision
        if value.ndim != 2:
            raise ValueError(
                f"value: expected a matrix (2-D; a column is (n, 1)), "
                f"got an array of shape {value.shape}"
            )
        if not np.all(np.isfinite(value)):
            raise ValueError(f"value: expected finite numbers, got NaN or inf in {name or op!r}")
        self.value = value
        self.requires_grad = bool(requires_grad) or any(t.requires_grad for t in inputs)
        self.name = name
        self.inputs = inputs
        self.op = op
        self._vjp = vjp
        self.grad: np.ndarray | None = None
        self._order = next(_made)  # when it was recorded: the run's order

    @property
    def shape(self) -> tuple[int, int]:
        return self.value.shape

    def __matmul__(self, other: Tensor) -> Tensor:
        """``W @ A``; VJP: grad_W = G Aᵀ (BP4), grad_A = Wᵀ G (BP2 before ⊙ σ′)."""
        other = _as_tensor(other, "other")
        if self.shape[1] != other.shape[0]:
            raise ValueError(
                f"other: expected {self.shape[1]} rows to multiply a {self.shape} matrix, "
                f"got shape {other.shape}"
            )
        w, a = self.value, other.value
        return Tensor(w @ a, inputs=(self, other), op="matmul",
                      vjp=lambda g: (g @ a.T, w.T @ g))

    def __add__(self, other: Tensor) -> Tensor:
        """``Z + b``, the column b added to every column; VJP: grad_b = row sums of G (BP3)."""
        other = _as_tensor(other, "other")
        if other.shape != (self.shape[0], 1):
            raise ValueError(
                f"other: expected a bias column of shape ({self.shape[0]}, 1), "
                f"got shape {other.shape}"
            )
        z = self.value + other.value
        return Tensor(z, inputs=(self, other), op="add bias",
                      vjp=lambda g: (g, g.sum(axis=1, keepdims=True)))

    def nodes(self) -> list[Tensor]:
        """Every tensor this one depends on, in the order they were made, itself last.

        Creation order is a topological order: a tensor's inputs exist before it.
        """
        found: dict[int, Tensor] = {}
        stack = [self]
        while stack:
            node = stack.pop()
            if id(node) not in found:
                found[id(node)] = node
                stack.extend(node.inputs)
        return sorted(found.values(), key=lambda t: t._order)

    def backward(self) -> None:
        """∂self/∂t into ``t.grad`` for every tensor t of the graph that requires one.

        ``self`` must be a scalar (1, 1), such as a cost.  Gradients are
        computed afresh on each call (never accumulated across calls); within a
        call, a tensor used twice receives the sum of both uses' gradients.
        """
        if self.shape != (1, 1):
            raise ValueError(f"backward: expected a scalar (1, 1) output, got shape {self.shape}")
        order = self.nodes()
        for node in order:
            node.grad = None
        self.grad = np.ones((1, 1), dtype=self.value.dtype)
        for node in reversed(order):  # each node after all that consume it
            if node._vjp is None or node.grad is None:
                continue
            for t, g in zip(node.inputs, node._vjp(node.grad)):
                if t.requires_grad:
                    t.grad = g if t.grad is None else t.grad + g

    def __repr__(self) -> str:
        what = self.name or self.op or "leaf"
        return f"<Tensor {what} {self.shape[0]}×{self.shape[1]}>"


def _as_tensor(t, argument: str) -> Tensor:
    if not isinstance(t, Tensor):
        raise TypeError(f"{argument}: expected a bplib.autograd.Tensor, got {type(t).__name__}")
    return t


def activation(z: Tensor, act) -> Tensor:
    """σ(Z), column by column; VJP: Σ′(Z)ᵀ G, that is G ⊙ σ′(Z) for elementwise σ."""
    z = _as_tensor(z, "z")
    act = _act.get(act)
    zv = z.value
    # bplib's activations compute in float64; a float32 graph gets σ(z)
    # rounded to float32, and keeps float32 from there on.
    a = act.value(zv).astype(zv.dtype, copy=False)
    return Tensor(a, inputs=(z,), op=act.name,
                  vjp=lambda g: (act.vjp(zv, a, g).astype(g.dtype, copy=False),))


def cost(a: Tensor, y, cost_) -> Tensor:
    """The mean cost (1/m) Σₓ Cₓ over the columns; VJP: ∇ₐCₓ / m per column."""
    a = _as_tensor(a, "a")
    c = _costs.get(cost_, "cost_")
    y = _target(y, a.shape)
    m = a.shape[1]
    av = a.value
    return Tensor(np.array([[c.value(av, y)]], dtype=av.dtype), inputs=(a,),
                  op=f"{c.name} cost",
                  vjp=lambda g: (g * (c.grad_a(av, y) / m).astype(av.dtype, copy=False),))


def cost_from_logits(z: Tensor, y, cost_, act) -> Tensor:
    """The mean cost of the output σ(Z), computed from the logits Z in one node.

    Only for the two pairings whose σ′ cancels (sigmoid with cross-entropy,
    softmax with log-likelihood): the VJP is (σ(Z) − y)/m, exact where the
    output saturates.  PyTorch's ``BCEWithLogitsLoss`` and ``CrossEntropyLoss``
    are these nodes.
    """
    z = _as_tensor(z, "z")
    c, act = _costs.get(cost_, "cost_"), _act.get(act)
    if not natural_pair(c, act):
        raise ValueError(
            f"cost_, act: expected sigmoid with cross-entropy or softmax with "
            f"log-likelihood, got {act.name} with {c.name}"
        )
    y = _target(y, z.shape)
    m = z.shape[1]
    zv = z.value
    return Tensor(np.array([[c.value_from_logits(zv, y)]], dtype=zv.dtype), inputs=(z,),
                  op=f"{c.name} from logits",
                  vjp=lambda g: (g * ((act.value(zv) - y) / m).astype(zv.dtype, copy=False),))


def _target(y, shape: tuple[int, int]) -> np.ndarray:
    y = np.asarray(y, dtype=np.float64)
    if y.shape != shape:
        raise ValueError(f"y: expected shape {shape} (one column per example), got {y.shape}")
    return y


def network_gradient(
    net, x, y, dtype=np.float64
) -> tuple[list[np.ndarray], list[np.ndarray], Tensor]:
    """``(nabla_b, nabla_w, C)``: a :class:`bplib.Network`'s gradient through tensors.

    Records ``net``'s forward pass as a graph of :class:`Tensor` operations
    (one ``@``, one ``+``, one activation per layer, then the cost, from the
    logits for the two cancelling pairings), calls ``C.backward()``, and
    returns the parameters' gradients in :func:`bplib.backprop`'s layout with
    the cost node.  ``dtype=np.float32`` runs the graph in single precision
    (parameters and x rounded to float32, matrix products in float32).
    """
    x, y = net._check_xy(x, y)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype: expected numpy.float32 or numpy.float64, got {dtype!r}")

    def leaf(value, name, grad=True):
        return Tensor(value.astype(dtype), requires_grad=grad, name=name)

    weights = [leaf(w, f"w{l + 2}") for l, w in enumerate(net.weights)]
    biases = [leaf(b, f"b{l + 2}") for l, b in enumerate(net.biases)]
    a = leaf(x, "x", grad=False)
    last = len(net.weights) - 1
    for l, (w, b, act) in enumerate(zip(weights, biases, net.activations)):
        z = w @ a + b
        if l == last and natural_pair(net.cost, act):
            c = cost_from_logits(z, y, net.cost, act)
            break
        a = activation(z, act)
    else:
        c = cost(a, y, net.cost)
    c.backward()
    return [b.grad for b in biases], [w.grad for w in weights], c
