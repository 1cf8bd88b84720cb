"""Activation functions σ and their derivatives.

Elementwise activations (sigmoid, relu, tanh, identity) act on each weighted
input on its own, so their derivative is the diagonal σ′(z) and BP1/BP2 use
the Hadamard product ⊙.  Softmax couples a layer's neurons: its derivative
is a full Jacobian matrix Σ′(z) per example, and BP1/BP2 take their matrix
form δ = Σ′(z)ᵀ v (book ch.4).  Backpropagation never needs Σ′ itself, only
that vector–Jacobian product, which for softmax is a ⊙ (v − aᵀv): O(n) per
example where the matrix is O(n²).  So ``softmax.derivative`` returns a
:class:`SoftmaxJacobian` that computes the product without forming the
matrix, and ``softmax.jacobian`` forms the matrix, for teaching and tests.
Every activation is also reachable by name, so
``Network(..., activations="tanh")`` and ``activations=tanh`` mean the same.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

__all__ = [
    "Activation",
    "Softmax",
    "SoftmaxJacobian",
    "sigmoid",
    "relu",
    "tanh",
    "identity",
    "softmax",
    "ACTIVATIONS",
    "get",
]


class Activation:
    """An elementwise activation: ``value(z) = σ(z)`` and ``prime(z) = σ′(z)``."""

    elementwise = True

    def __init__(self, name: str, value, prime, prime_from_value=None) -> None:
        self.name = name
        self._value = value
        self._prime = prime
        # σ′ written through a = σ(z) when that is cheaper (sigmoid: a(1-a)),
        # so backprop need not evaluate σ a second time.
        self._prime_from_value = prime_from_value

    def value(self, z: np.ndarray) -> np.ndarray:
        """σ(z), applied to every entry of ``z``."""
        return self._value(np.asarray(z, dtype=np.float64))

    def prime(self, z: np.ndarray) -> np.ndarray:
        """σ′(z), applied to every entry of ``z``."""
        return self._prime(np.asarray(z, dtype=np.float64))

    def derivative(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        """σ′(z) as the diagonal of Σ′(z), given ``a = σ(z)`` from the forward pass.

        Same shape as ``z``; BP1 and BP2 multiply it elementwise (⊙).
        """
        if self._prime_from_value is not None:
            return self._prime_from_value(a)
        return self._prime(z)

    def vjp(self, z: np.ndarray, a: np.ndarray, v: np.ndarray) -> np.ndarray:
        """The vector–Jacobian product Σ′(z)ᵀ v = σ′(z) ⊙ v: Σ′ is diagonal (book ch.14)."""
        return v * self.derivative(z, a)

    def __repr__(self) -> str:
        return f"<activation {self.name!r}>"


def _sigmoid(z):
    return expit(z)  # 1/(1+e^-z) without overflow at z = -1000


def _sigmoid_prime(z):
    s = expit(z)
    return s * (1.0 - s)


sigmoid = Activation("sigmoid", _sigmoid, _sigmoid_prime, lambda a: a * (1.0 - a))
relu = Activation(
    "relu",
    lambda z: np.maximum(z, 0.0),
    # The kink at 0 gets the derivative 0, the usual convention.
    lambda z: (z > 0).astype(np.float64),
)
tanh = Activation("tanh", np.tanh, lambda z: 1.0 - np.tanh(z) ** 2, lambda a: 1.0 - a * a)
identity = Activation("identity", lambda z: z.copy(), np.ones_like, None)


class SoftmaxJacobian:
    """The Jacobian stack Σ′(z) = diag(a) − a aᵀ of a softmax batch, never formed.

    ``a`` is the (n, m) batch of softmax outputs.  :meth:`vjp` gives
    Σ′(z)ᵀ v = a ⊙ (v − aᵀv) column by column in O(n m) operations and
    memory, where the explicit (m, n, n) stack takes O(n² m); BP1 and BP2
    call it.  ``np.asarray`` of this object is that explicit stack, so code
    written for the matrix form still works, at the matrix form's cost.
    """

    ndim = 3

    def __init__(self, a: np.ndarray) -> None:
        self.a = a

    @property
    def shape(self) -> tuple[int, int, int]:
        """The explicit stack's shape, (m, n, n), one n×n matrix per example."""
        n, m = self.a.shape
        return (m, n, n)

    def vjp(self, v: np.ndarray) -> np.ndarray:
        """Σ′(z)ᵀ v for each column: a ⊙ (v − Σᵢ aᵢ vᵢ).  Σ′ is symmetric, so Σ′ᵀ = Σ′."""
        if np.shape(v) != self.a.shape:
            raise ValueError(
                f"v: expected shape {self.a.shape} (one column per example), "
                f"got {np.shape(v)}"
            )
        return self.a * (v - (self.a * v).sum(axis=0, keepdims=True))

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        cols = self.a.T  # (m, n)
        jac = -cols[:, :, None] * cols[:, None, :]
        idx = np.arange(self.a.shape[0])
        jac[:, idx, idx] += cols
        return jac if dtype is None else jac.astype(dtype)

    def __repr__(self) -> str:
        return f"<softmax Jacobian stack of shape {self.shape}, not formed>"


class Softmax:
    """Softmax over each column: σ(z)ⱼ = exp(zⱼ) / Σₖ exp(zₖ).

    Not elementwise: ∂aⱼ/∂zₖ = aⱼ(δⱼₖ − aₖ), so its derivative is the Jacobian
    Σ′(z) = diag(a) − a aᵀ, one n×n matrix per example.
    """

    name = "softmax"
    elementwise = False

    def value(self, z: np.ndarray) -> np.ndarray:
        """Column-wise softmax, shifted by the column maximum so logits of ±1000 stay finite."""
        z = np.asarray(z, dtype=np.float64)
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)

    def jacobian(self, z: np.ndarray) -> np.ndarray:
        """Σ′(z) = diag(a) − a aᵀ with a = softmax(z), formed explicitly.

        For a 1-D ``z`` of length n: one (n, n) matrix.  For a batch ``z`` of
        shape (n, m): a stack of shape (m, n, n), matrix ``[i]`` for column i.
        """
        z = np.asarray(z, dtype=np.float64)
        if z.ndim == 1:
            return self.jacobian(z[:, None])[0]
        return np.asarray(SoftmaxJacobian(self.value(z)))

    def derivative(self, z: np.ndarray, a: np.ndarray) -> SoftmaxJacobian:
        """Σ′(z) given ``a = softmax(z)``, as a :class:`SoftmaxJacobian` that is not formed."""
        return SoftmaxJacobian(a)

    def vjp(self, z: np.ndarray, a: np.ndarray, v: np.ndarray) -> np.ndarray:
        """The vector–Jacobian product Σ′(z)ᵀ v = a ⊙ (v − aᵀv), column by column (book ch.14)."""
        return SoftmaxJacobian(a).vjp(v)

    def __repr__(self) -> str:
        return "<activation 'softmax'>"


softmax = Softmax()

ACTIVATIONS: dict[str, Activation | Softmax] = {
    f.name: f for f in (sigmoid, relu, tanh, identity, softmax)
}


def get(
    activation: str | Activation | Softmax, argument: str = "activation"
) -> Activation | Softmax:
    """Look up an activation by name, or pass an activation object through."""
    if isinstance(activation, str):
        try:
            return ACTIVATIONS[activation]
        except KeyError:
            raise ValueError(
                f"{argument}: unknown activation {activation!r}; "
                f"expected one of {sorted(ACTIVATIONS)}"
            ) from None
    if callable(getattr(activation, "value", None)) and callable(
        getattr(activation, "derivative", None)
    ):
        return activation
    raise TypeError(
        f"{argument} must be an activation name {sorted(ACTIVATIONS)} or an activation "
        f"object with value() and derivative(), got {activation!r}"
    )
