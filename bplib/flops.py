"""Counting what a gradient costs (book ch.6), from bplib's own arrays.

The book states how many forward passes finite differences take and how many
floating-point operations backpropagation's matrix products take.  Rather than
trust a reading of the code, these counters let the code report:

* :func:`count_cost_calls` counts calls of ``Network.cost_value``, each of
  them one forward pass;
* :class:`Recorded`, :func:`recording` and :func:`recorded` log the shape of
  every matrix product ``@`` that a network's weights (or any recorded array)
  take part in;
* :func:`count_passes` records one forward pass (``Network.forward_trace``)
  and one backward pass (:func:`bplib.backward`) apart.

Convention (equation (6.3) of ch.6): a product of a p×q matrix with
a q×s matrix costs ``2pqs`` FLOPs -- q multiply-adds for each of its ps
entries.  Nothing else (biases, σ, Hadamard products, sums) is counted.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from .backprop import backward
from .network import Network

__all__ = [
    "Recorded",
    "recording",
    "recorded",
    "product_flops",
    "PassCounts",
    "count_passes",
    "CostCalls",
    "count_cost_calls",
]

Shape = tuple[int, int, int]
"""``(p, q, s)``: a p×q matrix times a q×s matrix."""

_logs: list[list[Shape]] = []  # the open `recording()` blocks, innermost last


@contextmanager
def recording() -> Iterator[list[Shape]]:
    """Log ``(p, q, s)`` for every product of :class:`Recorded` arrays in the block.

    Yields the list the shapes are appended to, in the order the products are
    taken.  Blocks nest; a product is logged in the innermost open block only.
    Outside every block, recorded arrays multiply without logging anything.
    """
    log: list[Shape] = []
    _logs.append(log)
    try:
        yield log
    finally:
        _logs.pop()


def _product(left, right) -> np.ndarray:
    left, right = np.asarray(left), np.asarray(right)  # plain arrays: no recursion
    if left.ndim != 2 or right.ndim != 2:
        raise ValueError(
            "a recorded product needs two matrices (2-D arrays), "
            f"got shapes {left.shape} and {right.shape}"
        )
    if _logs:
        _logs[-1].append((left.shape[0], left.shape[1], right.shape[1]))
    return left @ right


class Recorded(np.ndarray):
    """A NumPy array whose matrix products are logged by :func:`recording`.

    Make one with ``a.view(Recorded)`` (no copy).  Transposes and elementwise
    results of a recorded array stay recorded; the product itself is a plain
    array, so each ``@`` is logged exactly once.  Both factors must be
    matrices (bplib's columns are ``(n, 1)``); a 1-D factor raises ValueError.
    """

    def __matmul__(self, other):
        return _product(self, other)

    def __rmatmul__(self, other):
        return _product(other, self)


def recorded(net: Network) -> Network:
    """A copy of ``net`` whose weight matrices are :class:`Recorded`.

    Every product with a weight matrix -- wˡaˡ⁻¹ in the forward pass, the
    (wˡ⁺¹)ᵀδˡ⁺¹ of BP2 -- is then logged inside :func:`recording`; ``net``
    itself is left untouched.
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a bplib.Network, got {type(net).__name__}")
    spy = net.copy()
    spy.weights = [w.view(Recorded) for w in spy.weights]
    return spy


def product_flops(products: Iterable[Shape]) -> int:
    """Total FLOPs of ``products``, a p×q by q×s product counting ``2pqs``."""
    total = 0
    for shape in products:
        if (
            not isinstance(shape, tuple)
            or len(shape) != 3
            or not all(isinstance(n, numbers.Integral) and n >= 0 for n in shape)
        ):
            raise ValueError(
                f"products must hold (p, q, s) triples of non-negative integers, got {shape!r}"
            )
        p, q, s = shape
        total += 2 * p * q * s
    return total


@dataclass(frozen=True)
class PassCounts:
    """The matrix products of one forward and one backward pass, and the gradient.

    ``forward`` and ``backward`` list ``(p, q, s)`` per product, in order;
    ``nabla_b`` and ``nabla_w`` are the gradient the recorded passes computed.
    """

    forward: list[Shape]
    backward: list[Shape]
    nabla_b: list[np.ndarray]
    nabla_w: list[np.ndarray]

    @property
    def forward_flops(self) -> int:
        """The forward pass's FLOPs, F of equation (6.3) in ch.6 (``2pqs`` per product)."""
        return product_flops(self.forward)

    @property
    def backward_flops(self) -> int:
        """The backward pass's FLOPs, B of equation (6.3) in ch.6 (``2pqs`` per product)."""
        return product_flops(self.backward)


def count_passes(net: Network, x, y) -> PassCounts:
    """Record the products of ``net.forward_trace(x)``, then of :func:`bplib.backward`.

    The forward pass takes one product wˡaˡ⁻¹ per weight layer; the backward
    pass one δˡ(aˡ⁻¹)ᵀ per layer (BP4) and one (wˡ⁺¹)ᵀδˡ⁺¹ per layer but the
    first (BP2).  The weights are recorded for the forward pass and BP2, the
    activations handed to the backward pass for BP4.  Runs on a copy of ``net``.
    """
    spy = recorded(net)
    x, y = spy._check_xy(x, y)
    with recording() as forward:
        zs, activations = spy.forward_trace(x)
    with recording() as backward_log:
        nabla_b, nabla_w = backward(spy, zs, [a.view(Recorded) for a in activations], y)
    return PassCounts(
        forward=forward,
        backward=backward_log,
        nabla_b=[np.asarray(g) for g in nabla_b],
        nabla_w=[np.asarray(g) for g in nabla_w],
    )


class CostCalls:
    """How many times ``net.cost_value`` has been called since the last :meth:`reset`."""

    def __init__(self) -> None:
        self.calls = 0

    def reset(self) -> None:
        """Start counting from zero again."""
        self.calls = 0


def count_cost_calls(net: Network) -> CostCalls:
    """Make ``net.cost_value`` count its calls -- one forward pass each -- and return the counter.

    The counting function is set on the instance, so it shadows the method for
    this network only; the cost it returns is unchanged.
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a bplib.Network, got {type(net).__name__}")
    counter = CostCalls()
    original = net.cost_value

    def counted(*args, **kwargs) -> float:
        counter.calls += 1
        return original(*args, **kwargs)

    net.cost_value = counted
    return counter
