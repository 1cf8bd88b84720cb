"""Cost functions C and their gradients ∇ₐC.

Nielsen's two assumptions (book ch.2) are built in: a batch's cost is the
**mean** of per-example costs C_x over its columns, and each C_x depends on
the network only through the output activations aᴸ.  So ``value(a, y)``
returns that mean and ``grad_a(a, y)`` returns ∇ₐC_x for every column -- the
per-example gradient that BP1 multiplies by σ′(zᴸ).
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_expit, logsumexp

__all__ = [
    "Cost",
    "quadratic",
    "cross_entropy",
    "log_likelihood",
    "COSTS",
    "get",
    "l2_penalty",
]

# Keeps log() away from 0 when an activation has rounded to exactly 0 or 1.
_TINY = np.finfo(np.float64).tiny
_BELOW_ONE = np.nextafter(1.0, 0.0)


class Cost:
    """A cost: per-example C_x(a, y), averaged over a batch's columns."""

    def __init__(self, name: str, per_example, grad_a, from_logits=None, outputs=None) -> None:
        self.name = name
        self._per_example = per_example
        self._grad_a = grad_a
        self._from_logits = from_logits
        # Output activations the cost is defined for (None: any).
        self.outputs = outputs

    def per_example(self, a: np.ndarray, y: np.ndarray) -> np.ndarray:
        """C_x for each column: a row of shape (1, m)."""
        return self._per_example(np.asarray(a, float), np.asarray(y, float))

    def value(self, a: np.ndarray, y: np.ndarray) -> float:
        """C = (1/m) Σ_x C_x over the m columns of ``a`` and ``y``."""
        return float(self.per_example(a, y).mean())

    def grad_a(self, a: np.ndarray, y: np.ndarray) -> np.ndarray:
        """∇ₐC_x for each column (not divided by m): the vector BP1 starts from."""
        return self._grad_a(np.asarray(a, float), np.asarray(y, float))

    def value_from_logits(self, z: np.ndarray, y: np.ndarray) -> float:
        """The same mean cost computed from the output layer's weighted input zᴸ.

        Exact where ``value`` must clip: at logits of ±1000 the sigmoid or
        softmax output rounds to 0 or 1, but log-sum-exp does not.
        """
        if self._from_logits is None:
            raise NotImplementedError(f"cost {self.name!r} has no logit form")
        return float(self._from_logits(np.asarray(z, float), np.asarray(y, float)).mean())

    def __repr__(self) -> str:
        return f"<cost {self.name!r}>"


quadratic = Cost(
    "quadratic",
    per_example=lambda a, y: 0.5 * ((a - y) ** 2).sum(axis=0, keepdims=True),
    grad_a=lambda a, y: a - y,
)


def _ce(a, y):
    a = np.clip(a, _TINY, _BELOW_ONE)
    return -(y * np.log(a) + (1 - y) * np.log1p(-a)).sum(axis=0, keepdims=True)


def _ce_grad(a, y):
    a = np.clip(a, _TINY, _BELOW_ONE)
    return (a - y) / (a * (1 - a))


def _ce_logits(z, y):
    # ln σ(z) = log_expit(z), ln(1 − σ(z)) = log_expit(−z): both exact at ±1000.
    return -(y * log_expit(z) + (1 - y) * log_expit(-z)).sum(axis=0, keepdims=True)


cross_entropy = Cost(
    "cross-entropy",
    per_example=_ce,
    grad_a=_ce_grad,
    from_logits=_ce_logits,
    outputs=("sigmoid", "softmax"),
)

log_likelihood = Cost(
    "log-likelihood",
    per_example=lambda a, y: -(y * np.log(np.maximum(a, _TINY))).sum(axis=0, keepdims=True),
    grad_a=lambda a, y: -y / np.maximum(a, _TINY),
    from_logits=lambda z, y: (
        -(y * (z - logsumexp(z, axis=0, keepdims=True))).sum(axis=0, keepdims=True)
    ),
    outputs=("sigmoid", "softmax"),
)

COSTS: dict[str, Cost] = {c.name: c for c in (quadratic, cross_entropy, log_likelihood)}


def get(cost: str | Cost, argument: str = "cost") -> Cost:
    """Look up a cost by name, or pass a cost object through."""
    if isinstance(cost, str):
        try:
            return COSTS[cost]
        except KeyError:
            raise ValueError(
                f"{argument}: unknown cost {cost!r}; expected one of {sorted(COSTS)}"
            ) from None
    if callable(getattr(cost, "value", None)) and callable(getattr(cost, "grad_a", None)):
        return cost
    raise TypeError(
        f"{argument} must be a cost name {sorted(COSTS)} or a cost object with "
        f"value() and grad_a(), got {cost!r}"
    )


def l2_penalty(weights: list[np.ndarray], lmbda: float, n: int) -> float:
    """The L2 term (λ/2n) Σ_w w² that regularized SGD adds to C (biases are not penalised)."""
    return 0.5 * lmbda / n * sum(float(np.vdot(w, w)) for w in weights)
