"""Gradient checking: backprop against central finite differences.

For every weight and bias p, the central difference

    ∂C/∂p ≈ (C(p + ε) − C(p − ε)) / 2ε                          (order 2)

costs two forward passes, against backprop's one forward and one backward
pass for *all* parameters together -- which is why backprop exists (ch.6).
Here it is the independent witness that backprop is right.

Its error is ε²C‴/6 from truncation plus about 10⁻¹⁶·C/ε from rounding, so it
cannot resolve small partial derivatives much better than 10⁻⁷ relative.  The
fourth-order central difference (the default)

    ∂C/∂p ≈ (−C(p + 2ε) + 8C(p + ε) − 8C(p − ε) + C(p − 2ε)) / 12ε   (order 4)

has truncation error O(ε⁴), so a larger ε = 10⁻³ keeps rounding small too
and the check is good to about 10⁻¹⁰: enough to tell a right equation from
a nearly right one.
"""

from __future__ import annotations

import numpy as np

from . import _validate

__all__ = ["numerical_gradient", "relative_error", "gradcheck"]


_STENCILS = {
    # order: (offsets in units of ε, coefficients, divisor in units of ε, default ε)
    2: ((1, -1), (1, -1), 2, 1e-6),
    4: ((2, 1, -1, -2), (-1, 8, -8, 1), 12, 1e-3),
}


def numerical_gradient(
    net, x, y, eps: float | None = None, order: int = 4
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``(nabla_b, nabla_w)`` of the mean cost by central differences, one parameter at a time.

    ``order`` 2 or 4 picks the stencil above; ``eps`` defaults to 1e-6 and 1e-3.
    """
    x, y = net._check_xy(x, y)
    if order not in _STENCILS:
        raise ValueError(f"order must be 2 or 4, got {order!r}")
    offsets, coefficients, divisor, default_eps = _STENCILS[order]
    eps = default_eps if eps is None else _validate.positive_number("eps", eps)

    def partials(params: list[np.ndarray]) -> list[np.ndarray]:
        grads = []
        for p in params:
            g = np.empty_like(p)
            for idx in np.ndindex(p.shape):
                old = p[idx]
                total = 0.0
                for offset, coefficient in zip(offsets, coefficients):
                    p[idx] = old + offset * eps
                    total += coefficient * net.cost_value(x, y)
                p[idx] = old
                g[idx] = total / (divisor * eps)
            grads.append(g)
        return grads

    return partials(net.biases), partials(net.weights)


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-5) -> float:
    """max |a − b| / max(|a|, |b|, floor) over all entries.

    ``floor`` keeps two gradients that are both ~0 (a dead ReLU, say) from
    dividing rounding noise by zero; above it the error is truly relative.
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return float(np.max(np.abs(a - b) / scale, initial=0.0))


def gradcheck(net, x, y, eps: float | None = None, order: int = 4, floor: float = 1e-5) -> float:
    """Largest relative error between ``net.backprop(x, y)`` and central differences.

    A correct backprop in float64 gives about 1e-9 or less (order 4); a wrong
    equation gives errors of order 1.
    """
    nb, nw = net.backprop(x, y)
    fb, fw = numerical_gradient(net, x, y, eps, order)
    return max(relative_error(a, b, floor) for a, b in zip(nb + nw, fb + fw))
