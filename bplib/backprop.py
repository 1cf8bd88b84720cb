"""The four fundamental equations of backpropagation, one function each.

With δˡ = ∂C/∂zˡ the error of layer l (book ch.3):

    (BP1)  δᴸ = ∇ₐC ⊙ σ′(zᴸ)
    (BP2)  δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ)
    (BP3)  ∂C/∂bˡⱼ = δˡⱼ
    (BP4)  ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ

Every function takes a single example as one column (n, 1) or a mini-batch
as a matrix (n, m) whose columns are examples.  BP1 and BP2 act column by
column; BP3 and BP4 average over the columns, so a batch yields the gradient
of the **mean** cost -- with m = 1 they are exactly the equations above.
When σ′ arrives as a stack of Jacobians Σ′(z) (softmax), BP1 and BP2 use
their matrix form δ = Σ′(z)ᵀ v instead of the Hadamard product.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import _validate
from . import activations as _act
from . import costs as _costs

if TYPE_CHECKING:
    from .network import Network

__all__ = [
    "backprop",
    "backprop_checkpointed",
    "backprop_per_example",
    "backward",
    "bp1",
    "bp2",
    "bp3",
    "bp4",
    "natural_pair",
    "output_error",
]


def _times_sigma_prime(sigma_prime, v: np.ndarray) -> np.ndarray:
    """v ⊙ σ′ for a diagonal σ′ (n, m); Σ′ᵀ v column by column for a Jacobian stack.

    A stack that knows its own vector–Jacobian product (softmax's) computes
    it without being formed; an explicit (m, n, n) array is contracted.
    """
    if sigma_prime.ndim == 2:
        return v * sigma_prime
    if hasattr(sigma_prime, "vjp"):
        return sigma_prime.vjp(v)
    # (Σ′ᵀ v)ⱼ = Σᵢ ∂aᵢ/∂zⱼ vᵢ for each example k.
    return np.einsum("kij,ik->jk", sigma_prime, v)


def bp1(nabla_a_C: np.ndarray, sigma_prime_zL: np.ndarray) -> np.ndarray:
    """(BP1) Output error δᴸ = ∇ₐC ⊙ σ′(zᴸ), or Σ′(zᴸ)ᵀ ∇ₐC for a Jacobian σ′."""
    return _times_sigma_prime(sigma_prime_zL, nabla_a_C)


def bp2(w_next: np.ndarray, delta_next: np.ndarray, sigma_prime_z: np.ndarray) -> np.ndarray:
    """(BP2) Error of layer l from layer l+1: δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ)."""
    return _times_sigma_prime(sigma_prime_z, w_next.T @ delta_next)


def bp3(delta: np.ndarray) -> np.ndarray:
    """(BP3) ∂C/∂bˡ = δˡ, averaged over the batch's columns: shape (n, 1)."""
    return delta.sum(axis=1, keepdims=True) / delta.shape[1]


def bp4(delta: np.ndarray, a_prev: np.ndarray) -> np.ndarray:
    """(BP4) ∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ, i.e. ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ, averaged over the batch.

    The matrix product sums δˡⱼ aˡ⁻¹ₖ over the m columns in one BLAS call;
    scaling the small δ by 1/m first, rather than the large product after,
    turns the sum into the mean at the cost of n_l·m multiplications.
    """
    return (delta / delta.shape[1]) @ a_prev.T


def natural_pair(cost, activation) -> bool:
    """True for the cost/output pairings whose σ′ cancels: δᴸ = aᴸ − y.

    Sigmoid with cross-entropy and softmax with log-likelihood.  These are
    also the pairs whose cost has an exact form in the logits zᴸ.
    """
    return (cost is _costs.cross_entropy and activation is _act.sigmoid) or (
        cost is _costs.log_likelihood and activation is _act.softmax
    )


def output_error(cost, activation, z_L: np.ndarray, a_L: np.ndarray, y: np.ndarray) -> np.ndarray:
    """δᴸ for a cost and an output activation.

    Two pairings cancel σ′ and leave δᴸ = aᴸ − y (book ch.8): sigmoid with
    cross-entropy, and softmax with log-likelihood (targets that sum to 1).
    Using the cancelled form is also what keeps δᴸ finite when an output
    saturates and ∇ₐC alone would divide by zero.  Every other pairing is BP1.
    """
    if natural_pair(cost, activation):
        return a_L - y
    return bp1(cost.grad_a(a_L, y), activation.derivative(z_L, a_L))


def backprop(
    net: Network, x, y, check: bool = True, checkpoint_every: int | None = None
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Gradient of the mean cost over the columns of ``x``: ``(nabla_b, nabla_w)``.

    ``nabla_b[l]`` and ``nabla_w[l]`` have the shapes of ``net.biases[l]`` and
    ``net.weights[l]``.  One forward pass stores every z and a; one backward
    pass (:func:`backward`) applies BP1, then BP2 layer by layer, with BP3 and
    BP4 at each layer.  No loop over examples: a batch travels as one matrix.
    ``check=False`` skips the input checks, for callers that have checked once
    already (SGD).

    ``checkpoint_every=k`` trades time for memory (gradient checkpointing):
    the forward pass keeps only the activations entering every k-th weight
    layer, and the backward pass recomputes each segment of k layers from its
    checkpoint just before it needs it.  It stores about L/k + 2k layers'
    worth of z and a instead of 2L, for one extra forward pass.  The
    recomputation repeats the same operations in the same order, so the
    gradient is identical, bit for bit, to the plain one.
    """
    if check:
        x, y = net._check_xy(x, y)
    if checkpoint_every is not None:
        k = _validate.positive_int("checkpoint_every", checkpoint_every)
        return backprop_checkpointed(net, x, y, k)
    zs, activations = net._trace(x)
    return backward(net, zs, activations, y)


def backprop_checkpointed(
    net: Network, x: np.ndarray, y: np.ndarray, k: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """:func:`bplib.backprop` with ``checkpoint_every=k``, on inputs already checked.

    The forward pass keeps the activation entering weight layers 0, k, 2k, …
    (0-based, as ``net.weights`` is indexed); the backward pass walks the
    segments from the last, recomputing each from its checkpoint and freeing
    it before the next.  Book ch.15, equations (15.2) and (15.3).
    """
    depth = len(net.weights)  # weight layers, L − 1
    starts = list(range(0, depth, k))
    checkpoints = {0: x}
    a = x
    for start in starts[1:]:  # forward: keep a segment's input, drop the rest
        a = net._trace(a, start - k, start)[1][-1]
        checkpoints[start] = a
    nabla_b = [None] * depth
    nabla_w = [None] * depth
    delta = None
    for start in reversed(starts):
        stop = min(start + k, depth)
        zs, activations = net._trace(checkpoints.pop(start), start, stop)
        for i in range(stop - 1, start - 1, -1):  # weight layer i
            j = i - start  # its place in the segment
            z, a_out, a_in = zs[j], activations[j + 1], activations[j]
            if delta is None:  # the output layer: BP1
                delta = output_error(net.cost, net.activations[-1], z, a_out, y)
            else:  # BP2 through the weights of the layer above
                sigma_prime = net.activations[i].derivative(z, a_out)
                delta = bp2(net.weights[i + 1], delta, sigma_prime)
            nabla_b[i] = bp3(delta)
            nabla_w[i] = bp4(delta, a_in)
        del zs, activations  # this segment is done: free it before the next
    return nabla_b, nabla_w


def backward(
    net: Network, zs: list[np.ndarray], activations: list[np.ndarray], y: np.ndarray
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The backward pass alone, from a forward pass's ``(zs, activations)``.

    ``zs`` and ``activations`` are what :meth:`Network.forward_trace` returns
    for the batch whose targets are ``y``.  Split from :func:`backprop` so
    that the two passes can be timed apart (book ch.6).
    """
    nabla_b = [None] * len(net.weights)
    nabla_w = [None] * len(net.weights)
    delta = output_error(net.cost, net.activations[-1], zs[-1], activations[-1], y)  # BP1
    nabla_b[-1] = bp3(delta)
    nabla_w[-1] = bp4(delta, activations[-2])
    for l in range(2, len(net.sizes)):  # Nielsen's l: the l-th layer from the end
        sigma_prime = net.activations[-l].derivative(zs[-l], activations[-l])
        delta = bp2(net.weights[-l + 1], delta, sigma_prime)
        nabla_b[-l] = bp3(delta)
        nabla_w[-l] = bp4(delta, activations[-l - 1])
    return nabla_b, nabla_w


def backprop_per_example(net: Network, x, y) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The same mean gradient, one column at a time (Nielsen's original loop).

    Kept as the reference the matrix-based :func:`backprop` is tested and
    benchmarked against; it is m times the Python work for the same numbers.
    """
    x, y = net._check_xy(x, y)
    m = x.shape[1]
    nabla_b = [np.zeros_like(b) for b in net.biases]
    nabla_w = [np.zeros_like(w) for w in net.weights]
    for i in range(m):
        db, dw = backprop(net, x[:, i : i + 1], y[:, i : i + 1], check=False)
        for acc, d in zip(nabla_b, db):
            acc += d
        for acc, d in zip(nabla_w, dw):
            acc += d
    return [nb / m for nb in nabla_b], [nw / m for nw in nabla_w]
