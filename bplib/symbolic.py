"""Backpropagation by machine proof: SymPy networks with symbolic everything.

:class:`SymbolicNetwork` builds a network whose weights w^l_jk, biases b^l_j,
inputs x_k and targets y_j are SymPy symbols and whose activation σ is, by
default, an *undefined* function: SymPy knows only that it has a derivative
σ′.  An identity proved for that σ holds for every differentiable activation
that acts on each neuron separately.  The activation ``"generic-vector"``
goes further: neuron i of layer l outputs a^l_i = f^l_i(z^l_1, …, z^l_n) with
one undefined function per neuron, so its Σ′ (the Jacobian ∂a_i/∂z_j) is a
full matrix with nothing known about it -- in particular not symmetric -- and
an identity proved for it holds for every differentiable activation of a
layer.

Two ways of reaching every derivative are compared:

* **by definition**: δ^l_j = ∂C/∂z^l_j and ∂C/∂w, ∂C/∂b are obtained by SymPy's
  own differentiation (the chain rule, applied mechanically);
* **by the equations**: BP1-BP4, their Σ′ matrix forms, softmax's Jacobian,
  and the sum over paths.

A *proof* is a check that the difference simplifies to exactly zero, component
by component -- not numeric sampling.  To keep expressions small, proofs are
*layer-local* by default: δˡ is written as a function of the symbols zˡ_j, and
the gradient of a layer's weights as a function of symbols aˡ⁻¹_k.  That loses
nothing: C depends on wˡ and bˡ only through zˡ = wˡaˡ⁻¹ + bˡ, and aˡ⁻¹ does not
depend on them, so an identity that holds for every value of the symbols
aˡ⁻¹_k holds in particular at aˡ⁻¹(x).  ``full=True`` differentiates the
explicit C(all weights and biases) instead, for small networks.

:func:`check` is the other direction: given a *candidate* formula, it proves it
or returns a numeric counterexample.  The book's errata use it to reject the
slips of the sources.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from . import _validate

__all__ = [
    "SIGMA",
    "Equation",
    "Path",
    "Proof",
    "SymbolicNetwork",
    "Verdict",
    "check",
    "equation",
    "is_zero",
    "prove_all",
    "readable",
]

SIGMA = sp.Function("sigma")  # the undefined activation function
_T = sp.Symbol("t")


# -- activations ---------------------------------------------------------------


class _Elementwise:
    """σ applied entry by entry, as a SymPy function of one expression."""

    elementwise = True

    def __init__(self, name: str, f: Callable[[sp.Expr], sp.Expr]) -> None:
        self.name = name
        self._f = f
        self._prime = sp.diff(f(_T), _T)

    def value(self, e: sp.Expr) -> sp.Expr:
        return self._f(e)

    def prime(self, e: sp.Expr) -> sp.Expr:
        """σ′(e): for the undefined σ, the form SymPy's chain rule produces."""
        return self._prime.subs(_T, e)

    def __call__(self, z: sp.Matrix) -> sp.Matrix:
        return z.applyfunc(self.value)

    def sigma_prime_matrix(self, z: sp.Matrix) -> sp.Matrix:
        """Σ′(z) = diag(σ′(z_j))."""
        return sp.diag(*[self.prime(e) for e in z])


class _Softmax:
    """aⱼ = exp(zⱼ) / Σₖ exp(zₖ): not elementwise, so Σ′ is a full Jacobian."""

    elementwise = False
    name = "softmax"

    def __call__(self, z: sp.Matrix) -> sp.Matrix:
        e = z.applyfunc(sp.exp)
        return e / sum(e)

    def sigma_prime_matrix(self, z: sp.Matrix) -> sp.Matrix:
        """Σ′(z)_ij = ∂a_i/∂z_j = a_i(δ_ij − a_j)."""
        a = self(z)
        return sp.Matrix(len(z), len(z), lambda i, j: a[i] * (int(i == j) - a[j]))


# Every undefined function f^l_i of a "generic-vector" layer, with its 0-based
# neuron index i: check() needs it to put a concrete function in its place.
_VECTOR_INDEX: dict[sp.core.function.UndefinedFunction, int] = {}


def _vector_function(layer: int, i: int) -> sp.core.function.UndefinedFunction:
    """The undefined function f^layer_{i+1} of one neuron of a generic-vector layer."""
    f = sp.Function(f"f^{{{layer}}}_{{{i + 1}}}")
    _VECTOR_INDEX[f] = i
    return f


class _GenericVector:
    """a_i = f_i(z_1, …, z_n): every output may depend on every weighted input.

    The f_i are undefined functions, one per neuron (and per layer), so
    Σ′(z)_ij = ∂f_i/∂z_j is a full Jacobian about which SymPy knows nothing:
    not diagonal, not symmetric.  A proof for it holds for any differentiable
    activation of a layer.
    """

    elementwise = False
    name = "generic-vector"

    def __init__(self, layer: int) -> None:
        self.layer = layer
        self._jacobians: dict[int, tuple[tuple[sp.Dummy, ...], sp.Matrix]] = {}

    def functions(self, n: int) -> list[sp.core.function.UndefinedFunction]:
        """f^l_1, …, f^l_n for a layer of n neurons."""
        return [_vector_function(self.layer, i) for i in range(n)]

    def __call__(self, z: sp.Matrix) -> sp.Matrix:
        return sp.Matrix([f(*z) for f in self.functions(len(z))])

    def sigma_prime_matrix(self, z: sp.Matrix) -> sp.Matrix:
        """Σ′(z)_ij = ∂a_i/∂z_j, evaluated at z (symbols or expressions)."""
        n = len(z)
        if n not in self._jacobians:
            t = sp.symbols(f"t_1:{n + 1}", cls=sp.Dummy)
            a = sp.Matrix([f(*t) for f in self.functions(n)])
            self._jacobians[n] = t, a.jacobian(t)
        t, jac = self._jacobians[n]
        return jac.subs(dict(zip(t, z)))


_Activation = _Elementwise | _Softmax | _GenericVector

# name -> a function of the layer number that makes that layer's activation
ACTIVATIONS: dict[str, Callable[[int], _Activation]] = {
    "generic": lambda l: _Elementwise("generic", SIGMA),
    "generic-vector": _GenericVector,
    "sigmoid": lambda l: _Elementwise("sigmoid", lambda e: 1 / (1 + sp.exp(-e))),
    "tanh": lambda l: _Elementwise("tanh", sp.tanh),
    "relu": lambda l: _Elementwise("relu", lambda e: sp.Max(0, e)),
    "identity": lambda l: _Elementwise("identity", lambda e: e),
    "softmax": lambda l: _Softmax(),
}
_UNDEFINED = ("generic", "generic-vector")  # activations with no formula


# -- costs ---------------------------------------------------------------------


def _quadratic(a: sp.Matrix, y: sp.Matrix) -> sp.Expr:
    return sum((a[j] - y[j]) ** 2 for j in range(len(a))) / 2


def _cross_entropy(a: sp.Matrix, y: sp.Matrix) -> sp.Expr:
    return -sum(y[j] * sp.log(a[j]) + (1 - y[j]) * sp.log(1 - a[j]) for j in range(len(a)))


def _log_likelihood(a: sp.Matrix, y: sp.Matrix) -> sp.Expr:
    return -sum(y[j] * sp.log(a[j]) for j in range(len(a)))


COSTS: dict[str, Callable[[sp.Matrix, sp.Matrix], sp.Expr]] = {
    "quadratic": _quadratic,
    "cross-entropy": _cross_entropy,
    "log-likelihood": _log_likelihood,
}


# -- proving ---------------------------------------------------------------------


def is_zero(expr: sp.Expr) -> bool:
    """True when ``expr`` is identically zero: expand first (cheap), simplify if needed."""
    if expr == 0:
        return True
    expanded = sp.expand(expr)
    return expanded == 0 or sp.simplify(expanded) == 0


def _matrix_is_zero(m: sp.Matrix) -> bool:
    return all(is_zero(e) for e in m)


@dataclass
class Proof:
    """The outcome of proving one identity, entry by entry.

    ``holds`` is True only if every entry of lhs − rhs simplified to zero.
    A Proof is truthy exactly when it holds, so ``assert proof`` works.
    """

    name: str
    statement: str  # LaTeX
    holds: bool
    entries: int
    seconds: float

    def __bool__(self) -> bool:
        return self.holds

    def _repr_latex_(self) -> str:
        """How a notebook shows the proof: name, statement, verdict, entries.

        The time taken is left out: it differs from run to run, and it is
        the benchmarks' business (``seconds``), not the reader's.
        """
        mark, verdict = (r"\checkmark", "holds") if self.holds else (r"\times", "fails")
        entries = "1 entry" if self.entries == 1 else f"{self.entries} entries"
        name = rf"\text{{{self.name}: }}".replace("Σ′", r"}\Sigma'\text{")  # Σ′ in math mode
        return rf"${name} {self.statement} \quad {mark}\ \text{{{verdict} ({entries})}}$"


def _prove(name: str, statement: str, lhs, rhs) -> Proof:
    start = time.perf_counter()
    lhs, rhs = sp.Matrix(lhs), sp.Matrix(rhs)
    holds = lhs.shape == rhs.shape and _matrix_is_zero(lhs - rhs)
    return Proof(name, statement, holds, len(lhs), time.perf_counter() - start)


@dataclass
class Path:
    """One path from the weight w^l_jk to output neuron m (Nielsen's eq. (53)).

    ``neurons`` lists (layer, neuron) pairs from (l, j) to (L, m), both
    numbered as in the book (from 1), as :func:`bplib.draw.network` takes a
    ``path``; ``factors`` are the rates multiplied along the path and
    ``product`` their product, in the symbols a^q_r and z^q_r.
    """

    neurons: list[tuple[int, int]]
    factors: list[sp.Expr]
    product: sp.Expr = field(repr=False)

    def latex(self) -> str:
        return r" \cdot ".join(sp.latex(f) for f in self.factors)


def _is_at_symbols(e) -> bool:
    """A Subs whose every point is a symbol: doit() turns it into a plain Derivative."""
    return isinstance(e, sp.Subs) and all(p.is_Symbol for p in e.point)


# -- the network -----------------------------------------------------------------


def _symbols(name: str, l: int, rows: int, cols: int | None = None) -> sp.Matrix:
    """Symbols such as w^3_{12} (row j, column k, 1-based in the name) or b^3_1."""
    if cols is None:
        return sp.Matrix(rows, 1, lambda j, _: sp.Symbol(f"{name}^{{{l}}}_{{{j + 1}}}"))
    return sp.Matrix(rows, cols, lambda j, k: sp.Symbol(f"{name}^{{{l}}}_{{{j + 1}{k + 1}}}"))


class SymbolicNetwork:
    """A network in Nielsen's notation whose every quantity is a SymPy expression.

    ``SymbolicNetwork([2, 3, 2])`` has an undefined activation σ in every layer
    and the quadratic cost.  ``activations`` takes one name for all layers or a
    list (``"generic"``, ``"generic-vector"``, ``"sigmoid"``, ``"tanh"``,
    ``"relu"``, ``"identity"``, ``"softmax"``; softmax in the output layer
    only); ``cost`` a name (``"quadratic"``, ``"cross-entropy"``,
    ``"log-likelihood"``) or any function ``cost(a, y)`` of two column matrices
    -- which is how the book states a source's wrong cost and checks its
    consequences.

    Layers are numbered as in the book, input = 1, output = L; ``w[l]``,
    ``b[l]``, ``z[l]``, ``a[l]`` are dictionaries over those numbers.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activations: str | Sequence[str] = "generic",
        cost: str | Callable[[sp.Matrix, sp.Matrix], sp.Expr] = "quadratic",
    ) -> None:
        sizes = _validate.layer_sizes("sizes", sizes)
        self.sizes = sizes
        self.L = len(sizes)
        self.layers = range(2, self.L + 1)
        self.n = {l: sizes[l - 1] for l in range(1, self.L + 1)}
        names = [activations] * (self.L - 1) if isinstance(activations, str) else list(activations)
        if len(names) != self.L - 1:
            raise ValueError(
                f"activations must have one entry per layer after the input "
                f"({self.L - 1}), got {len(names)}"
            )
        for i, name in enumerate(names):
            if name not in ACTIVATIONS:
                raise ValueError(
                    f"activations[{i}]: unknown activation {name!r}; "
                    f"expected one of {sorted(ACTIVATIONS)}"
                )
            if name == "softmax" and i != len(names) - 1:
                raise ValueError("softmax is supported in the output layer only")
        self.activation = {l: ACTIVATIONS[name](l) for l, name in zip(self.layers, names)}
        if isinstance(cost, str):
            if cost not in COSTS:
                raise ValueError(f"unknown cost {cost!r}; expected one of {sorted(COSTS)}")
            self.cost_name, self.cost_fn = cost, COSTS[cost]
        elif callable(cost):
            self.cost_name, self.cost_fn = getattr(cost, "__name__", "custom"), cost
        else:
            raise TypeError(f"cost must be a cost name or a function cost(a, y), got {cost!r}")

        self.w = {l: _symbols("w", l, self.n[l], self.n[l - 1]) for l in self.layers}
        self.b = {l: _symbols("b", l, self.n[l]) for l in self.layers}
        self.x = sp.Matrix(sp.symbols(f"x_1:{self.n[1] + 1}"))
        self.y = sp.Matrix(sp.symbols(f"y_1:{self.n[self.L] + 1}"))
        # Layer-local symbols: z^l_j and a^l_j stand for the weighted inputs and
        # activations themselves (see the module docstring).
        self.z_sym = {l: _symbols("z", l, self.n[l]) for l in self.layers}
        self.a_sym = {l: _symbols("a", l, self.n[l]) for l in range(1, self.L + 1)}
        self._z: dict[int, sp.Matrix] | None = None
        self._a: dict[int, sp.Matrix] | None = None

    # -- the forward pass, written out -------------------------------------------

    def _forward(self) -> None:
        a, z = {1: self.x}, {}
        for l in self.layers:
            z[l] = self.w[l] * a[l - 1] + self.b[l]
            a[l] = self.activation[l](z[l])
        self._z, self._a = z, a

    @property
    def z(self) -> dict[int, sp.Matrix]:
        """z^l as explicit expressions in x and the weights and biases."""
        if self._z is None:
            self._forward()
        return self._z

    @property
    def a(self) -> dict[int, sp.Matrix]:
        """a^l as explicit expressions; a[1] is x."""
        if self._a is None:
            self._forward()
        return self._a

    @property
    def C(self) -> sp.Expr:
        """The cost as an explicit function of every weight and bias (and x, y)."""
        return self.cost_fn(self.a[self.L], self.y)

    @property
    def parameters(self) -> list[sp.Symbol]:
        """Every weight and bias symbol, layer by layer."""
        return [s for l in self.layers for s in list(self.w[l]) + list(self.b[l])]

    def output_from(self, l: int, z_l: sp.Matrix) -> sp.Matrix:
        """a^L when layer l's weighted input is z_l: the rest of the network, run forward."""
        act = self.activation[l](z_l)
        for m in range(l + 1, self.L + 1):
            act = self.activation[m](self.w[m] * act + self.b[m])
        return act

    def cost_from(self, l: int, z_l: sp.Matrix) -> sp.Expr:
        """C as a function of layer l's weighted input: what the demon perturbs."""
        return self.cost_fn(self.output_from(l, z_l), self.y)

    def nabla_a_C(self, a_L: sp.Matrix | None = None) -> sp.Matrix:
        """∇ₐC: the partial derivatives of the cost in the output activations a^L."""
        a = self.a_sym[self.L]
        grad = sp.Matrix([self.cost_fn(a, self.y).diff(aj) for aj in a])
        return grad if a_L is None else grad.subs(dict(zip(a, a_L)))

    # -- δ by definition and by the equations ------------------------------------

    def delta_by_definition(self, l: int, full: bool = False) -> sp.Matrix:
        """δ^l_j = ∂C/∂z^l_j by SymPy's differentiation, in the symbols z^l_j.

        ``full=True`` substitutes z^l's explicit expression in x, w, b.
        """
        z = self.z_sym[l]
        cost = self.cost_from(l, z)
        delta = sp.Matrix([cost.diff(zj) for zj in z])
        return delta.subs(dict(zip(z, self.z[l]))) if full else delta

    def _next_z(self, l: int) -> sp.Matrix:
        """z^{l+1} in terms of the symbols z^l: w^{l+1} σ(z^l) + b^{l+1}."""
        return self.w[l + 1] * self.activation[l](self.z_sym[l]) + self.b[l + 1]

    def next_delta(self, l: int) -> sp.Matrix:
        """δ^{l+1} by BP1/BP2, written in the symbols z^l (for l < L)."""
        if l not in self.layers or l == self.L:
            raise ValueError(f"l must be a layer below the output, 2..{self.L - 1}, got {l!r}")
        return self.delta_by_bp(l + 1).subs(dict(zip(self.z_sym[l + 1], self._next_z(l))))

    def delta_by_bp(self, l: int) -> sp.Matrix:
        """δ^l by BP1 at the output and BP2 below it, in the symbols z^l_j.

        With v = ∇ₐC (BP1, l = L) or v = (w^{l+1})ᵀ δ^{l+1} (BP2), an
        elementwise layer gives δ^l = v ⊙ σ′(z^l) and any other layer (softmax,
        generic-vector) δ^l = Σ′(z^l)ᵀ v: the transpose, because
        δ^l_j = Σ_i v_i ∂a^l_i/∂z^l_j.
        """
        z, act = self.z_sym[l], self.activation[l]
        if l == self.L:
            v = self.nabla_a_C(act(z))  # BP1
        else:
            v = self.w[l + 1].T * self.next_delta(l)  # BP2
        if act.elementwise:
            return v.multiply_elementwise(z.applyfunc(act.prime))  # Hadamard form
        return act.sigma_prime_matrix(z).T * v  # Σ′ form

    def sigma_prime_matrix(self, l: int) -> sp.Matrix:
        """Σ′(z^l)_ij = ∂a^l_i/∂z^l_j: diag(σ′(z^l_j)) for an elementwise layer, else full."""
        return self.activation[l].sigma_prime_matrix(self.z_sym[l])

    def delta_matrix_form(self, l: int) -> sp.Matrix:
        """δ^l = Σ′(z^l)ᵀ(w^{l+1})ᵀ ⋯ Σ′(z^{L-1})ᵀ(w^L)ᵀ Σ′(z^L)ᵀ ∇ₐC: matrix products, no ⊙.

        Every Σ′ is transposed (for a diagonal or symmetric Σ′ that changes
        nothing).  Built as one product from the output down, every z^q
        written in the symbols z^l, so it is independent of :meth:`delta_by_bp`.
        """
        z_of = {l: self.z_sym[l]}
        for q in range(l, self.L):  # z^{q+1} as a function of z^l
            z_of[q + 1] = self.w[q + 1] * self.activation[q](z_of[q]) + self.b[q + 1]
        act_L = self.activation[self.L]
        product = act_L.sigma_prime_matrix(z_of[self.L]).T * self.nabla_a_C(act_L(z_of[self.L]))
        for q in range(self.L - 1, l - 1, -1):
            sigma_prime_q = self.activation[q].sigma_prime_matrix(z_of[q])
            product = sigma_prime_q.T * (self.w[q + 1].T * product)
        return product

    # -- gradients -----------------------------------------------------------------

    def _layer_of(self, param: sp.Symbol) -> tuple[int, str, tuple[int, ...]]:
        for l in self.layers:
            for (j, k), s in np.ndenumerate(np.array(self.w[l].tolist(), dtype=object)):
                if s == param:
                    return l, "w", (j, k)
            for j, s in enumerate(self.b[l]):
                if s == param:
                    return l, "b", (j,)
        raise ValueError(f"{param} is not a weight or bias of this network")

    def _z_local(self, l: int) -> sp.Matrix:
        """z^l = w^l a^{l-1} + b^l with a^{l-1} as free symbols."""
        return self.w[l] * self.a_sym[l - 1] + self.b[l]

    def gradient_by_definition(self, param: sp.Symbol, full: bool = False) -> sp.Expr:
        """∂C/∂param by SymPy's differentiation.

        Layer-local (default): C written from a^{l-1} (free symbols) onwards.
        ``full=True``: the explicit C(all weights and biases, x, y).
        """
        if full:
            return self.C.diff(param)
        l, _, _ = self._layer_of(param)
        return self.cost_from(l, self._z_local(l)).diff(param)

    def gradient_by_bp(self, param: sp.Symbol) -> sp.Expr:
        """BP3 (∂C/∂b^l_j = δ^l_j) or BP4 (∂C/∂w^l_jk = a^{l-1}_k δ^l_j), layer-local."""
        l, kind, idx = self._layer_of(param)
        delta = self.delta_by_bp(l).subs(dict(zip(self.z_sym[l], self._z_local(l))))
        if kind == "b":
            return delta[idx[0]]  # BP3
        j, k = idx
        return self.a_sym[l - 1][k] * delta[j]  # BP4

    # -- the sum over paths (Nielsen's eq. (53)) -------------------------------------

    def paths(self, l: int, j: int, k: int) -> list[Path]:
        """Every path from the weight w^l_jk through the network to the cost.

        l, j and k are numbered as in the book: layer l (2..L), from neuron k
        of layer l − 1 to neuron j of layer l, neurons counted from 1.

        The rate along a path is ∂a^l_j/∂w^l_jk = σ′(z^l_j) a^{l-1}_k, times
        ∂a^{q+1}_r/∂a^q_s = σ′(z^{q+1}_r) w^{q+1}_rs for each later edge, times
        ∂C/∂a^L_m at the end.  Elementwise activations only.
        """
        j, k = self._neuron_index(l, j, k)
        coupled = {
            q: self.activation[q].name
            for q in range(l, self.L + 1)
            if not self.activation[q].elementwise
        }
        if coupled:
            raise ValueError(
                f"the sum over paths here needs elementwise activations in layers "
                f"{l}..{self.L}, got {coupled} (layer: activation)"
            )
        grad = self.nabla_a_C()
        result = []
        for tail in itertools.product(*[range(self.n[q]) for q in range(l + 1, self.L + 1)]):
            route = [j, *tail]
            factors = [self.activation[l].prime(self.z_sym[l][j]) * self.a_sym[l - 1][k]]
            for q, (s, r) in zip(range(l + 1, self.L + 1), itertools.pairwise(route)):
                factors.append(self.activation[q].prime(self.z_sym[q][r]) * self.w[q][r, s])
            factors.append(grad[route[-1]])
            neurons = [(q, r + 1) for q, r in zip(range(l, self.L + 1), route)]
            result.append(Path(neurons, factors, sp.Mul(*factors)))
        return result

    def _neuron_index(self, l: int, j: int, k: int) -> tuple[int, int]:
        """0-based (j, k) for the weight w^l_jk given in the book's numbering, or a clear error."""
        if not (isinstance(l, int) and l in self.layers):
            raise ValueError(f"l must be a layer 2..{self.L}, got {l!r}")
        for name, value, n in (("j", j, self.n[l]), ("k", k, self.n[l - 1])):
            if not (isinstance(value, int) and 1 <= value <= n):
                raise ValueError(f"{name} must be a neuron 1..{n} (counted from 1), got {value!r}")
        return j - 1, k - 1

    def name_weighted_inputs(self, expr):
        """``expr`` with every weighted input written as its symbol z^l_j.

        A derivative SymPy takes spells each weighted input out in full:
        z^3_1 as w^3_11 σ(z^2_1) + ⋯ + b^3_1 when δ² is written in the symbols
        z^2, or as an expression in the symbols a^{l-1}, or in x.  Each such
        expression is replaced by the symbol z^l_j it equals (z^l = w^l a^{l-1}
        + b^l), so ``expr`` can be compared with formulas written in the
        symbols z^l_j, or read.  SymPy's σ′ at a replaced point becomes
        ``Derivative(σ(z), z)``, the form :meth:`delta_by_definition` uses.
        """
        if not isinstance(expr, (sp.Basic, sp.MatrixBase)):
            raise TypeError(f"expr must be a SymPy expression or matrix, got {type(expr).__name__}")
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(self.name_weighted_inputs)
        named = expr.xreplace(self._weighted_input_names())
        return named.replace(_is_at_symbols, lambda e: e.doit())

    def _weighted_input_names(self) -> dict[sp.Expr, sp.Symbol]:
        """Every way this module writes z^q_j, mapped to the symbol z^q_j.

        z^q is run forward from x, from the symbols a^m (m < q) and from the
        symbols z^m (1 < m < q).
        """
        starts = [(1, self.x)] + [(m, self.a_sym[m]) for m in range(1, self.L)]
        starts += [(m, self.activation[m](self.z_sym[m])) for m in range(2, self.L)]
        names: dict[sp.Expr, sp.Symbol] = {}
        for m, act in starts:
            for q in range(m + 1, self.L + 1):
                z_q = self.w[q] * act + self.b[q]
                names.update(zip(z_q, self.z_sym[q]))
                act = self.activation[q](z_q)
        return names

    def forward_substitution(self, l: int) -> dict[sp.Symbol, sp.Expr]:
        """Replace the symbols z^q, a^q (q ≥ l) by their values given a^{l-1}: for comparisons."""
        subs: dict[sp.Symbol, sp.Expr] = {}
        a_prev = self.a_sym[l - 1]
        for q in range(l, self.L + 1):
            z_q = self.w[q] * a_prev + self.b[q]
            a_q = self.activation[q](z_q)
            subs.update(zip(self.z_sym[q], z_q))
            subs.update(zip(self.a_sym[q], a_q))
            a_prev = a_q
        return subs

    # -- checking candidates ---------------------------------------------------------

    def check_delta(self, l: int, candidate) -> Verdict:
        """Is ``candidate`` (a column, in the symbols z^l_j) the error δ^l?  See :func:`check`."""
        return check(candidate, self.delta_by_definition(l))

    def check_gradient(self, param: sp.Symbol, candidate) -> Verdict:
        """Is ``candidate`` ∂C/∂param (layer-local, in the symbols a^{l-1}_k)?  See check()."""
        return check(candidate, self.gradient_by_definition(param))

    # -- numbers ---------------------------------------------------------------------

    def values(self, net, x, y) -> dict[sp.Symbol, float]:
        """Symbol → number, from a :class:`bplib.Network` and one example (columns)."""
        x, y = np.asarray(x, float).reshape(-1), np.asarray(y, float).reshape(-1)
        if [w.shape for w in net.weights] != [self.w[l].shape for l in self.layers]:
            raise ValueError(
                f"net must have sizes {self.sizes}, got {[w.shape for w in net.weights]}"
            )
        out = dict(zip(self.x, x)) | dict(zip(self.y, y))
        for l, w, b in zip(self.layers, net.weights, net.biases):
            out.update(zip(self.w[l], w.ravel()))
            out.update(zip(self.b[l], b.ravel()))
        return out

    def numeric_gradient(self, net, x, y, full: bool = True) -> tuple[list, list]:
        """``(nabla_b, nabla_w)`` evaluated from the symbolic derivatives, shaped like bplib's.

        Needs concrete activations (``"sigmoid"``, ...), not an undefined one.
        """
        undefined = sorted({a.name for a in self.activation.values() if a.name in _UNDEFINED})
        if undefined:
            names = ", ".join(map(repr, undefined))
            raise ValueError(f"numeric evaluation needs concrete activations, not {names}")
        values = self.values(net, x, y)
        subs_all = dict(values)

        def evaluate(expr: sp.Expr, l: int) -> float:
            if not full:
                expr = expr.subs(self._a_prev_values(l, values))
            return float(sp.N(expr.subs(subs_all), 30))

        nabla_b, nabla_w = [], []
        for l in self.layers:
            nabla_b.append(
                np.array([[evaluate(self.gradient_by_definition(s, full), l)] for s in self.b[l]])
            )
            nabla_w.append(
                np.array(
                    [
                        [
                            evaluate(self.gradient_by_definition(s, full), l)
                            for s in self.w[l].row(j)
                        ]
                        for j in range(self.n[l])
                    ]
                )
            )
        return nabla_b, nabla_w

    def _a_prev_values(self, l: int, values: dict) -> dict:
        return {s: e.subs(values) for s, e in zip(self.a_sym[l - 1], self.a[l - 1])}


# -- display ---------------------------------------------------------------------------

_SIGMA_PRIME = sp.Function(r"\sigma'")  # σ′ as a function of its own: for display only


def _is_sigma_prime(e) -> bool:
    """SymPy's σ′(z) for a symbol z: Derivative(σ(z), z)."""
    return isinstance(e, sp.Derivative) and e.expr.func == SIGMA and e.derivative_count == 1


def _is_sigma_prime_at(e) -> bool:
    """SymPy's σ′(e) for an expression e: Subs(Derivative(σ(ξ), ξ), ξ, e)."""
    return isinstance(e, sp.Subs) and _is_sigma_prime(e.expr)


def readable(expr, net: SymbolicNetwork | None = None):
    """``expr`` as the book prints it: σ′(e) for each first derivative of σ.

    SymPy writes σ′ at a symbol z as d/dz σ(z), and at an expression e as
    d/dξ σ(ξ) evaluated at ξ = e; both become σ′(z), σ′(e), with σ′ a
    function of its own, for display only (SymPy knows nothing about it).
    Given ``net``, every weighted input is first named z^l_j by
    :meth:`SymbolicNetwork.name_weighted_inputs`.  Matrices entry by entry.
    """
    if net is not None and not isinstance(net, SymbolicNetwork):
        raise TypeError(f"net must be a SymbolicNetwork or None, got {type(net).__name__}")
    if not isinstance(expr, (sp.Basic, sp.MatrixBase)):
        raise TypeError(f"expr must be a SymPy expression or matrix, got {type(expr).__name__}")
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: readable(e, net))
    if net is not None:
        expr = net.name_weighted_inputs(expr)
    # the Subs first: once its Derivative is replaced it is no longer found
    expr = expr.replace(_is_sigma_prime_at, lambda e: _SIGMA_PRIME(*e.point))
    return expr.replace(_is_sigma_prime, lambda e: _SIGMA_PRIME(*e.variables))


@dataclass(frozen=True)
class Equation:
    """``lhs = rhs``, which a notebook displays as an equation (see :func:`equation`)."""

    lhs: str  # LaTeX
    rhs: sp.Basic | sp.MatrixBase

    def latex(self) -> str:
        return f"{self.lhs} = {sp.latex(self.rhs)}"

    def _repr_latex_(self) -> str:
        return rf"$\displaystyle {self.latex()}$"


def equation(lhs: str, expr, net: SymbolicNetwork | None = None) -> Equation:
    r"""``lhs = expr`` for display, with ``expr`` made :func:`readable`.

    ``lhs`` is LaTeX (such as ``r"\delta^2_1"``); ``expr`` a SymPy expression
    or matrix.  Given ``net``, the weighted inputs in ``expr`` are named z^l_j.
    The right-hand side is for reading only: compute with ``expr`` itself.
    """
    if not isinstance(lhs, str):
        raise TypeError(f"lhs must be a LaTeX string, got {type(lhs).__name__}")
    return Equation(lhs, readable(expr, net))


# -- proofs of the book's identities ----------------------------------------------------


def prove_bp1(net: SymbolicNetwork) -> Proof:
    """(BP1) δ^L = ∇ₐC ⊙ σ′(z^L), or Σ′(z^L)ᵀ∇ₐC for a non-elementwise output, against ∂C/∂z^L."""
    L = net.L
    statement = (
        r"\delta^L = \nabla_a C \odot \sigma'(z^L)"
        if net.activation[L].elementwise
        else r"\delta^L = \Sigma'(z^L)^T\nabla_a C"
    )
    return _prove("BP1", statement, net.delta_by_bp(L), net.delta_by_definition(L))


def prove_bp2(net: SymbolicNetwork, l: int) -> Proof:
    """(BP2) δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l), or Σ′(z^l)ᵀ(w^{l+1})ᵀδ^{l+1}, against ∂C/∂z^l."""
    statement = (
        r"\delta^l = ((w^{l+1})^T\delta^{l+1}) \odot \sigma'(z^l)"
        if net.activation[l].elementwise
        else r"\delta^l = \Sigma'(z^l)^T(w^{l+1})^T\delta^{l+1}"
    )
    return _prove(f"BP2 (l = {l})", statement, net.delta_by_bp(l), net.delta_by_definition(l))


def _prove_gradients(net: SymbolicNetwork, params, full: bool, name: str, statement: str) -> Proof:
    """∂C/∂p by definition against BP3/BP4, for every parameter p in ``params``."""
    params = list(params)
    lhs = [net.gradient_by_definition(p, full) for p in params]
    rhs = [net.gradient_by_bp(p) for p in params]
    if full:  # the formula side in the same explicit variables as the definition
        layer = net._layer_of(params[0])[0]
        rhs = [e.subs(_full_values(net, layer)) for e in rhs]
    return _prove(name, statement, lhs, rhs)


def prove_bp3(net: SymbolicNetwork, l: int, full: bool = False) -> Proof:
    """(BP3) ∂C/∂b^l_j = δ^l_j for every j."""
    return _prove_gradients(
        net, net.b[l], full, f"BP3 (l = {l})", r"\partial C/\partial b^l_j = \delta^l_j"
    )


def prove_bp4(net: SymbolicNetwork, l: int, full: bool = False) -> Proof:
    """(BP4) ∂C/∂w^l_jk = a^{l-1}_k δ^l_j for every j, k."""
    return _prove_gradients(
        net, net.w[l], full, f"BP4 (l = {l})", r"\partial C/\partial w^l_{jk} = a^{l-1}_k\delta^l_j"
    )


def _full_values(net: SymbolicNetwork, l: int) -> dict:
    return dict(zip(net.a_sym[l - 1], net.a[l - 1]))


def prove_matrix_form(net: SymbolicNetwork, l: int) -> Proof:
    """δ^l = Σ′(z^l)ᵀ(w^{l+1})ᵀ⋯(w^L)ᵀΣ′(z^L)ᵀ∇ₐC (for l = L: δ^L = Σ′(z^L)ᵀ∇ₐC)."""
    statement = (
        r"\delta^L = \Sigma'(z^L)^T\nabla_a C"
        if l == net.L
        else r"\delta^l = \Sigma'(z^l)^T(w^{l+1})^T\cdots\Sigma'(z^L)^T\nabla_a C"
    )
    return _prove(
        f"Σ′ form (l = {l})", statement, net.delta_matrix_form(l), net.delta_by_definition(l)
    )


def prove_softmax_log_likelihood(n: int = 3) -> Proof:
    """Softmax output with log-likelihood cost: δ^L = a^L − y whenever Σ_j y_j = 1."""
    net = SymbolicNetwork([1, n], activations="softmax", cost="log-likelihood")
    y = net.y
    on_simplex = {y[-1]: 1 - sum(y[:-1])}  # the targets sum to 1
    delta = net.delta_by_definition(2).subs(on_simplex)
    a = net.activation[2](net.z_sym[2])
    return _prove(
        "softmax + log-likelihood", r"\delta^L = a^L - y", delta, (a - y).subs(on_simplex)
    )


def prove_sum_over_paths(net: SymbolicNetwork, l: int, j: int, k: int) -> Proof:
    """∂C/∂w^l_jk = Σ over paths of the products of rates (Nielsen's eq. (53)); j, k from 1."""
    total = sum(p.product for p in net.paths(l, j, k)).subs(net.forward_substitution(l))
    return _prove(
        "sum over paths",
        rf"\frac{{\partial C}}{{\partial w^{{{l}}}_{{{j}{k}}}}}"
        r" = \sum_{\text{paths}} \prod \text{rates}",
        [total],
        [net.gradient_by_definition(net.w[l][j - 1, k - 1])],
    )


def prove_all(net: SymbolicNetwork, full: bool = False) -> list[Proof]:
    """BP1, BP2 for every hidden layer, BP3 and BP4 for every layer, and the Σ′ forms."""
    proofs = [prove_bp1(net)]
    proofs += [prove_bp2(net, l) for l in range(net.L - 1, 1, -1)]
    proofs += [prove_bp3(net, l, full) for l in net.layers]
    proofs += [prove_bp4(net, l, full) for l in net.layers]
    proofs += [prove_matrix_form(net, l) for l in net.layers]
    return proofs


# -- rejecting wrong formulas --------------------------------------------------------------


@dataclass
class Verdict:
    """What :func:`check` found about a candidate formula.

    ``correct`` is True (proved equal), False (refuted: see ``reason`` and, when
    the shapes agree, ``counterexample`` with the two values there), or None if
    neither a proof nor a counterexample was found.
    """

    correct: bool | None
    reason: str
    counterexample: dict[sp.Symbol, float] | None = None
    candidate_value: np.ndarray | None = None
    truth_value: np.ndarray | None = None

    def __bool__(self) -> bool:
        return self.correct is True


_SIGMOID = sp.Lambda(_T, 1 / (1 + sp.exp(-_T)))


def _concrete_vector(f: sp.core.function.UndefinedFunction, n: int) -> sp.Lambda:
    """f_i(t_1, …, t_n) = sigmoid(t_i + t_{i+1} + ⋯ + t_n): a triangular, non-symmetric Jacobian."""
    t = sp.symbols(f"t_1:{n + 1}", cls=sp.Dummy)
    return sp.Lambda(t, _SIGMOID(sum(t[_VECTOR_INDEX[f] :])))


def _concrete(expr):
    """Put concrete functions in place of the undefined ones, and evaluate their derivatives.

    σ becomes the sigmoid; each f_i of a generic-vector layer of n neurons
    becomes sigmoid(z_i + ⋯ + z_n), whose Jacobian is not symmetric.
    """
    expr = expr.replace(SIGMA, _SIGMOID)
    vector = {(a.func, len(a.args)) for a in expr.atoms(AppliedUndef) if a.func in _VECTOR_INDEX}
    for f, n in vector:
        expr = expr.replace(f, _concrete_vector(f, n))
    return expr.doit()


def _as_matrix(value) -> sp.Matrix:
    return value if isinstance(value, sp.MatrixBase) else sp.Matrix([value])


def _random_value(symbol: sp.Symbol, rng: random.Random) -> sp.Rational:
    """A small rational; targets y_j in (0, 1), where every cost is defined."""
    if str(symbol).startswith("y"):
        return sp.Rational(rng.randint(1, 8), 9)
    return sp.Rational(rng.randint(-9, 9), rng.randint(2, 7))


def check(candidate, truth, trials: int = 5, seed: int = 0) -> Verdict:
    """Is ``candidate`` the same formula as ``truth``?  Prove it, or find a counterexample.

    Both may be expressions or matrices.  A shape mismatch refutes at once.
    Otherwise the difference is simplified; if it is not identically zero,
    random rational values are tried for every free symbol (with the sigmoid
    for an undefined σ, and sigmoid(z_i + ⋯ + z_n) for the f_i of a
    generic-vector layer) until the two sides differ by more than 1e-9.
    """
    cand, true = _as_matrix(candidate), _as_matrix(truth)
    if cand.shape != true.shape:
        return Verdict(False, f"shapes differ: candidate {cand.shape}, truth {true.shape}")
    diff = cand - true
    if _matrix_is_zero(diff):
        return Verdict(True, "proved: the difference simplifies to zero")
    concrete_c, concrete_t = _concrete(cand), _concrete(true)
    symbols = sorted(concrete_c.free_symbols | concrete_t.free_symbols, key=str)
    rng = random.Random(seed)
    evaluated, error = 0, None
    for _ in range(trials):
        point = {s: _random_value(s, rng) for s in symbols}
        try:
            c_val = np.array(sp.N(concrete_c.subs(point), 30).tolist(), dtype=float)
            t_val = np.array(sp.N(concrete_t.subs(point), 30).tolist(), dtype=float)
        except (TypeError, ValueError, ZeroDivisionError) as exc:
            error = exc
            continue
        if not (np.all(np.isfinite(c_val)) and np.all(np.isfinite(t_val))):
            continue
        evaluated += 1
        if np.max(np.abs(c_val - t_val)) > 1e-9 * max(1.0, np.max(np.abs(t_val))):
            return Verdict(
                False,
                "refuted: SymPy finds a point where the two sides differ",
                {s: float(v) for s, v in point.items()},
                c_val,
                t_val,
            )
    if evaluated == 0:
        return Verdict(None, f"undecided: not proved, and no point could be evaluated ({error})")
    return Verdict(None, f"undecided: not proved, and equal at {evaluated} random points")
