"""bplib.symbolic: every identity of the book is proved by machine, and the
rejecter refutes the known wrong formulas."""

import importlib
import itertools

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import bplib
from bplib import symbolic as S


@pytest.fixture(scope="module")
def net232():
    return S.SymbolicNetwork([2, 3, 2])


def test_bp1_to_bp4_hold_for_a_generic_sigma(net232):
    proofs = [S.prove_bp1(net232), S.prove_bp2(net232, 2)]
    proofs += [S.prove_bp3(net232, l) for l in (2, 3)] + [S.prove_bp4(net232, l) for l in (2, 3)]
    assert all(p.holds for p in proofs), [p.name for p in proofs if not p.holds]
    assert sum(p.entries for p in proofs) == 2 + 3 + 3 + 2 + 6 + 6


def test_full_explicit_cost_agrees(net232):
    """Differentiating C(all weights and biases) gives the same gradients."""
    for l in (2, 3):
        assert S.prove_bp3(net232, l, full=True) and S.prove_bp4(net232, l, full=True)
    assert net232.C.has(net232.w[2][0, 0]) and net232.C.has(net232.x[1])


def test_delta_by_definition_is_a_real_derivative(net232):
    """Not a tautology: the definition side is SymPy differentiating the cost."""
    d = net232.delta_by_definition(3)
    assert d[0].has(sp.Derivative) or d[0].has(sp.Subs)
    assert not net232.delta_by_bp(3)[0].has(sp.Symbol("zeta"))


def test_matrix_forms_hold(net232):
    assert S.prove_matrix_form(net232, 3) and S.prove_matrix_form(net232, 2)
    assert net232.sigma_prime_matrix(2).is_diagonal()
    latex = S.prove_matrix_form(net232, 2)._repr_latex_()  # Σ′ typeset in math mode
    assert r"\text{}\Sigma'\text{ form (l = 2): }" in latex and "Σ′" not in latex


def test_a_proof_shows_its_verdict_and_entries_but_no_time(net232):
    """The book prints proofs: what a reader sees must not change between builds."""
    proof = S.prove_bp4(net232, 2)
    latex = proof._repr_latex_()
    assert r"\checkmark\ \text{holds (6 entries)}" in latex
    assert f"{proof.seconds:.2f}" not in latex and " s)" not in latex
    proof.holds = False
    assert r"\times\ \text{fails (6 entries)}" in proof._repr_latex_()


@pytest.mark.parametrize("cost", ["quadratic", "cross-entropy", "log-likelihood"])
def test_softmax_output_uses_its_full_jacobian(cost):
    net = S.SymbolicNetwork([2, 2, 3], activations=["generic", "softmax"], cost=cost)
    assert not net.sigma_prime_matrix(3).is_diagonal()
    assert S.prove_bp1(net) and S.prove_bp2(net, 2) and S.prove_matrix_form(net, 2)


def test_softmax_with_log_likelihood_gives_a_minus_y():
    assert S.prove_softmax_log_likelihood(3)
    assert S.prove_softmax_log_likelihood(2)


def test_sum_over_paths(net232):
    paths = net232.paths(2, 1, 2)  # w^2_12: to neuron 1 from input 2
    assert len(paths) == 2  # from hidden neuron 1: one edge to each of the 2 outputs
    assert [p.neurons for p in paths] == [[(2, 1), (3, 1)], [(2, 1), (3, 2)]]
    assert S.prove_sum_over_paths(net232, 2, 1, 2)


def test_sum_over_paths_counts_every_route():
    net = S.SymbolicNetwork([2, 2, 3, 2])
    paths = net.paths(2, 2, 1)
    assert len(paths) == 3 * 2  # one per choice of neuron in each later layer
    assert len({tuple(p.neurons) for p in paths}) == 6
    assert S.prove_sum_over_paths(net, 2, 2, 1) and S.prove_sum_over_paths(net, 3, 3, 2)


def test_paths_count_neurons_from_one_like_the_book():
    net = S.SymbolicNetwork([2, 2, 3, 2])
    with pytest.raises(ValueError, match=r"j must be a neuron 1\.\.2 \(counted from 1\), got 0"):
        net.paths(2, 0, 1)
    with pytest.raises(ValueError, match=r"k must be a neuron 1\.\.2 \(counted from 1\), got 3"):
        net.paths(2, 1, 3)
    with pytest.raises(ValueError, match=r"l must be a layer 2\.\.4, got 1"):
        net.paths(1, 1, 1)


@settings(max_examples=12, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 3), min_size=2, max_size=4),
    cost=st.sampled_from(["quadratic", "cross-entropy", "log-likelihood"]),
)
def test_every_identity_on_random_small_networks(sizes, cost):
    """Property: up to [3, 3, 3, 3], generic σ, each cost -- every proof holds."""
    proofs = S.prove_all(S.SymbolicNetwork(sizes, cost=cost))
    assert all(proofs), [p.name for p in proofs if not p]


def test_a_wrong_equation_fails_its_proof(monkeypatch, net232):
    """Break BP2 (drop σ′) and the proof must fail: the prover is not a rubber stamp."""
    original = S.SymbolicNetwork.delta_by_bp

    def without_sigma_prime(self, l):
        if l == self.L:
            return original(self, l)
        nxt = original(self, l + 1).subs(dict(zip(self.z_sym[l + 1], self._next_z(l))))
        return self.w[l + 1].T * nxt

    monkeypatch.setattr(S.SymbolicNetwork, "delta_by_bp", without_sigma_prime)
    assert not S.prove_bp2(net232, 2)
    assert not S.prove_bp4(net232, 2)


# -- display: S.equation and the names of the weighted inputs ------------------------


def test_equation_writes_sigma_prime_and_names_the_weighted_inputs(net232):
    """What the book prints for δ²₁: σ′ as such, and z³_k by name once a net is given."""
    delta21 = net232.delta_by_definition(2)[0]
    assert delta21.has(sp.Subs)  # SymPy's own form of σ′(z³_k): what needs rewriting
    eq = S.equation(r"\delta^2_1", delta21, net232)
    assert not eq.rhs.has(sp.Subs) and not eq.rhs.has(sp.Derivative)
    latex = eq.latex()
    assert latex.startswith(r"\delta^2_1 = ")
    for name in ("z^{2}_{1}", "z^{3}_{1}", "z^{3}_{2}"):
        assert rf"\sigma'{{\left({name} \right)}}" in latex
    assert "b^{3}" not in latex  # z³ written as a name, not spelled out
    assert eq._repr_latex_() == rf"$\displaystyle {latex}$"
    # without the net: σ′ still written as such, the weighted inputs spelled out
    plain = S.equation(r"\delta^2_1", delta21).latex()
    assert r"\sigma'{\left(b^{3}_{1} + w^{3}_{11}" in plain and "frac{d}" not in plain


def test_readable_works_entry_by_entry_on_matrices(net232):
    diag = S.readable(net232.sigma_prime_matrix(2))
    sigma_prime = S._SIGMA_PRIME
    assert diag == sp.diag(*[sigma_prime(z) for z in net232.z_sym[2]])


def test_naming_the_weighted_inputs_keeps_the_value(net232):
    """Put the named z back and the expression must be the one SymPy derived."""
    net = net232
    z2_of_x = net.w[2] * net.x + net.b[2]
    z3_of_z2 = net.w[3] * net.activation[2](net.z_sym[2]) + net.b[3]
    assert net.name_weighted_inputs(net.z[3]) == net.z_sym[3]
    assert net.name_weighted_inputs(z3_of_z2) == net.z_sym[3]
    assert net.name_weighted_inputs(net.w[2] * net.a_sym[1] + net.b[2]) == net.z_sym[2]
    # δ²₁ is written in the symbols z²; ∂C/∂w²₁₂ of the full cost in x
    delta21, dC_dw = net.delta_by_definition(2)[0], net.C.diff(net.w[2][0, 1])
    back = net.name_weighted_inputs(delta21).subs(dict(zip(net.z_sym[3], z3_of_z2)))
    assert S.is_zero(back - delta21)
    back = net.name_weighted_inputs(dC_dw).subs(dict(zip(net.z_sym[3], z3_of_z2)))
    back = back.subs(dict(zip(net.z_sym[2], z2_of_x)))
    assert S.is_zero(back - dC_dw)


def test_bp2_emerges_once_the_output_errors_are_symbols(net232):
    """Book ch.3: δ²_j with the δ³_k written as symbols is Σ_k w³_kj δ³_k σ′(z²_j)."""
    net = net232
    errors = sp.Matrix(sp.symbols(r"\delta^{3}_{1:3}"))
    by_definition = dict(zip(net.delta_by_definition(3), errors))
    for j in range(3):
        named = sp.factor_terms(net.name_weighted_inputs(net.delta_by_definition(2)[j]))
        bp2 = (net.w[3].T * errors)[j] * net.activation[2].prime(net.z_sym[2][j])
        assert sp.expand(named.subs(by_definition) - bp2) == 0


def test_display_bad_input(net232):
    with pytest.raises(TypeError, match="lhs must be a LaTeX string, got int"):
        S.equation(1, net232.x[0])
    with pytest.raises(TypeError, match="expr must be a SymPy expression or matrix, got str"):
        S.readable("x")
    with pytest.raises(TypeError, match="net must be a SymbolicNetwork or None, got str"):
        S.equation("x", net232.x[0], "net")
    with pytest.raises(TypeError, match="expr must be a SymPy expression or matrix, got float"):
        net232.name_weighted_inputs(1.5)


# -- an activation whose Σ′ is not symmetric ----------------------------------------


def test_generic_vector_jacobian_is_full_and_not_symmetric():
    net = S.SymbolicNetwork([2, 3, 2], activations="generic-vector")
    for l in (2, 3):
        jac = net.sigma_prime_matrix(l)
        assert jac.shape == (net.n[l], net.n[l])
        assert not jac.is_diagonal() and not jac.is_symmetric()
        a = net.activation[l](net.z_sym[l])
        assert jac == a.jacobian(net.z_sym[l])  # Σ′_ij = ∂a_i/∂z_j, row i, column j
    # one undefined function per neuron and per layer
    heads = {e.func for l in (2, 3) for e in net.activation[l](net.z_sym[l])}
    assert len(heads) == 3 + 2
    # softmax's Jacobian, by contrast, is symmetric: it cannot tell Σ′ᵀ from Σ′
    soft = S.SymbolicNetwork([2, 3], activations="softmax")
    assert soft.sigma_prime_matrix(2).is_symmetric()


@pytest.mark.parametrize("sizes", [[2, 3, 2], [2, 3, 2, 2]])
def test_bp1_bp2_transposed_hold_for_a_generic_vector_activation(sizes):
    net = S.SymbolicNetwork(sizes, activations="generic-vector")
    proofs = [S.prove_bp1(net)] + [S.prove_bp2(net, l) for l in range(net.L - 1, 1, -1)]
    proofs += [S.prove_matrix_form(net, l) for l in net.layers]
    assert all(proofs), [p.name for p in proofs if not p]
    assert all(r"\Sigma'(z^" in p.statement and "^T" in p.statement for p in proofs)


@pytest.mark.parametrize(
    "activations",
    [["generic-vector", "generic"], ["generic", "generic-vector"], ["generic-vector", "softmax"]],
)
def test_every_identity_with_generic_vector_layers(activations):
    net = S.SymbolicNetwork([3, 2, 2], activations=activations, cost="cross-entropy")
    proofs = S.prove_all(net)
    assert all(proofs), [p.name for p in proofs if not p]


def test_the_untransposed_sigma_prime_is_refuted():
    net = S.SymbolicNetwork([2, 3, 2], activations="generic-vector")
    jac_3, jac_2 = net.sigma_prime_matrix(3), net.sigma_prime_matrix(2)
    grad = net.nabla_a_C(net.activation[3](net.z_sym[3]))
    back = net.w[3].T * net.next_delta(2)  # (w^3)ᵀ δ^3, in the symbols z^2
    assert net.check_delta(3, jac_3.T * grad).correct is True
    assert net.check_delta(2, jac_2.T * back).correct is True
    for l, wrong in ((3, jac_3 * grad), (2, jac_2 * back)):
        verdict = net.check_delta(l, wrong)
        assert verdict.correct is False and verdict.counterexample, l
        assert not np.allclose(verdict.candidate_value, verdict.truth_value)


def test_softmax_cannot_tell_the_transpose_apart():
    """The same untransposed BP1 passes for softmax: its Σ′ is symmetric."""
    net = S.SymbolicNetwork([2, 3], activations="softmax")
    jac = net.sigma_prime_matrix(2)
    grad = net.nabla_a_C(net.activation[2](net.z_sym[2]))
    assert net.check_delta(2, jac * grad).correct is True


def test_a_non_elementwise_layer_needs_the_transpose_in_delta_by_bp(monkeypatch):
    """Drop the transpose from delta_by_bp and BP1, BP2 must fail for generic-vector."""
    net = S.SymbolicNetwork([2, 3, 2], activations="generic-vector")
    original = S._GenericVector.sigma_prime_matrix

    def transposed(self, z):  # delta_by_bp transposes again: Σ′ᵀᵀ = Σ′
        return original(self, z).T

    monkeypatch.setattr(S._GenericVector, "sigma_prime_matrix", transposed)
    assert not S.prove_bp1(net) and not S.prove_bp2(net, 2)


def test_generic_vector_bad_input():
    net = S.SymbolicNetwork([2, 2, 2], activations="generic-vector")
    with pytest.raises(ValueError, match=r"numeric evaluation needs .* not 'generic-vector'"):
        net.numeric_gradient(bplib.Network([2, 2, 2], seed=0), [1, 1], [0, 0])
    with pytest.raises(ValueError, match=r"elementwise activations in layers 2\.\.3, got"):
        net.paths(2, 1, 1)
    with pytest.raises(ValueError, match=r"l must be a layer below the output, 2\.\.2, got 3"):
        net.next_delta(3)
    with pytest.raises(ValueError, match=r"activations\[1\]: unknown activation 'vector'"):
        S.SymbolicNetwork([2, 2, 2], activations=["generic-vector", "vector"])


# -- the rejecter -----------------------------------------------------------------


def _bp2_without_transpose(net, l):
    nxt = net.delta_by_bp(l + 1).subs(dict(zip(net.z_sym[l + 1], net._next_z(l))))
    return (net.w[l + 1] * nxt).multiply_elementwise(
        net.z_sym[l].applyfunc(net.activation[l].prime)
    )


def test_check_accepts_the_right_formulas(net232):
    assert S.check(net232.delta_by_bp(2), net232.delta_by_definition(2)).correct is True
    w = net232.w[2][1, 0]
    assert net232.check_gradient(w, net232.gradient_by_bp(w))


def test_check_rejects_bp2_without_the_transpose():
    square = S.SymbolicNetwork([2, 2, 2])
    verdict = square.check_delta(2, _bp2_without_transpose(square, 2))
    assert verdict.correct is False and verdict.counterexample
    assert not np.allclose(verdict.candidate_value, verdict.truth_value)
    wide = S.SymbolicNetwork([2, 3, 2])
    wrong = sp.Matrix(wide.w[3].shape[0], 1, lambda j, _: 0) + wide.w[3] * sp.ones(3, 1)
    assert "shapes differ" in wide.check_delta(2, wrong).reason


def test_check_rejects_z_minus_y_for_softmax_log_likelihood():
    net = S.SymbolicNetwork([1, 3], activations="softmax", cost="log-likelihood")
    wrong = net.check_delta(2, net.z_sym[2] - net.y)
    assert wrong.correct is False and wrong.counterexample
    # ... while softmax(z) − y is right on targets that sum to 1 (see the proof above).


def test_check_rejects_the_quadratic_cost_without_its_square():
    """A source writes C = ½Σ(y − a) but keeps ∂C/∂a = a − y: the two do not belong together."""
    slip = S.SymbolicNetwork([2, 2], cost=lambda a, y: sum(y[j] - a[j] for j in range(len(a))) / 2)
    z = slip.z_sym[2]
    a = slip.activation[2](z)
    claimed = (a - slip.y).multiply_elementwise(z.applyfunc(slip.activation[2].prime))
    assert slip.check_delta(2, claimed).correct is False
    # The same δ is right for the cost with its square (same symbol names).
    right = S.SymbolicNetwork([2, 2], cost="quadratic")
    assert right.check_delta(2, claimed).correct is True


# -- numbers: agreement with bplib ----------------------------------------------------


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_symbolic_gradients_equal_bplib_backprop(activation):
    sym = S.SymbolicNetwork([2, 3, 2], activations=activation)
    net = bplib.Network([2, 3, 2], activations=activation, seed=1)
    x, y = np.array([[0.3], [-0.7]]), np.array([[0.2], [0.9]])
    sb, sw = sym.numeric_gradient(net, x, y)
    nb, nw = net.backprop(x, y)
    for a, b in itertools.chain(zip(sb, nb), zip(sw, nw)):
        assert np.allclose(a, b, rtol=0, atol=1e-12)


def test_symbolic_softmax_log_likelihood_equals_bplib():
    sym = S.SymbolicNetwork([2, 2, 3], activations=["tanh", "softmax"], cost="log-likelihood")
    net = bplib.Network([2, 2, 3], activations=["tanh", "softmax"], cost="log-likelihood", seed=2)
    x, y = np.array([[0.5], [-0.1]]), np.array([[0.0], [1.0], [0.0]])
    sb, sw = sym.numeric_gradient(net, x, y, full=False)
    nb, nw = net.backprop(x, y)
    for a, b in itertools.chain(zip(sb, nb), zip(sw, nw)):
        assert np.allclose(a, b, rtol=0, atol=1e-12)


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"sizes must list at least two layers .*got \[2\]"):
        S.SymbolicNetwork([2])
    with pytest.raises(ValueError, match=r"activations\[0\]: unknown activation 'sigmod'"):
        S.SymbolicNetwork([2, 2], activations="sigmod")
    with pytest.raises(ValueError, match="softmax is supported in the output layer only"):
        S.SymbolicNetwork([2, 2, 2], activations=["softmax", "generic"])
    with pytest.raises(ValueError, match="numeric evaluation needs concrete activations"):
        S.SymbolicNetwork([2, 2]).numeric_gradient(bplib.Network([2, 2], seed=0), [1, 1], [0, 0])
    with pytest.raises(ValueError, match="net must have sizes"):
        S.SymbolicNetwork([2, 2], "sigmoid").values(
            bplib.Network([3, 2], seed=0), [1, 1, 1], [0, 0]
        )


def test_module_is_importable_by_name():
    assert importlib.import_module("bplib.symbolic") is S
