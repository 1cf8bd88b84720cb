"""Gradient checking: backprop against central finite differences.

For every weight and bias p, the central difference

    ∂C/∂p ≈ (C(p + ε) − C(p − ε)) / 2ε                          (order 2)

costs two forward passes, against backprop's one forward and one backward
pass for *all* parameters together -- which is why backprop exists (ch.6).
Here it is the independent witness that backprop is right.

Its error is ε²C‴/6 from truncation plus about 10⁻¹⁶·|C|/ε from rounding, so
it cannot resolve partial derivatives much better than 10⁻⁷ relative.  Wider
central stencils cancel more of the Taylor series,

    ∂C/∂p ≈ (−C(p + 2ε) + 8C(p + ε) − 8C(p − ε) + C(p − 2ε)) / 12ε      (order 4)
    ∂C/∂p ≈ (C₊₃ − 9C₊₂ + 45C₊₁ − 45C₋₁ + 9C₋₂ − C₋₃) / 60ε           (order 6)

(Cₖ = C(p + kε)), so a larger ε keeps the rounding error small as well.  The
default, order 6 with ε = 2·10⁻³, agrees with a correct backprop to about
10⁻⁸ relative on random networks: enough to tell a right equation from a
nearly right one.
"""

from __future__ import annotations

import numpy as np

from . import _validate

__all__ = ["numerical_gradient", "relative_error", "gradcheck"]


_STENCILS = {
    # order: (offsets in units of ε, coefficients, divisor in units of ε, default ε)
    2: ((1, -1), (1, -1), 2, 1e-6),
    4: ((2, 1, -1, -2), (-1, 8, -8, 1), 12, 1e-3),
    6: ((3, 2, 1, -1, -2, -3), (1, -9, 45, -45, 9, -1), 60, 2e-3),
}


def numerical_gradient(
    net, x, y, eps: float | None = None, order: int = 6
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``(nabla_b, nabla_w)`` of the mean cost by central differences, one parameter at a time.

    ``order`` 2, 4 or 6 picks the central difference with that error order:
    2 points, (C(θ+ε) − C(θ−ε)) / 2ε; 4 points; or 6 points, whose error
    falls as ε⁶.  ``eps`` defaults to 1e-6, 1e-3 and 2e-3 for them.
    """
    x, y = net._check_xy(x, y)
    if order not in _STENCILS:
        raise ValueError(f"order must be 2, 4 or 6, got {order!r}")
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
    """``max |a − b| / max(|a|, |b|, floor)`` over all entries.

    ``floor`` keeps two gradients that are both ~0 (a dead ReLU, say) from
    dividing rounding noise by zero; above it the error is truly relative.
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return float(np.max(np.abs(a - b) / scale, initial=0.0))


def gradcheck(
    net, x, y, eps: float | None = None, order: int = 6, floor: float | None = None
) -> float:
    """Largest relative error between ``net.backprop(x, y)`` and central differences.

    Finite differences cannot resolve a partial derivative much below their own
    rounding error, about ``10⁻¹⁶·|C|/ε``; so entries smaller than ``floor``
    (default ``10⁻⁵·max(1, |C|)``) are compared absolutely against it, and every
    larger entry relatively (see :func:`bplib.gradcheck.relative_error`).

    A correct backprop in float64 gives about 1e-8 or less; a wrong equation
    gives errors of order 1.
    """
    nb, nw = net.backprop(x, y)
    fb, fw = numerical_gradient(net, x, y, eps, order)
    if floor is None:
        floor = 1e-5 * max(1.0, abs(net.cost_value(x, y)))
    return max(relative_error(a, b, floor) for a, b in zip(nb + nw, fb + fw))
