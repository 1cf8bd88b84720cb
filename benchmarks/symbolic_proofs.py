"""How long the machine proofs take.

Issue target: BP1-BP4 for a [2, 3, 2] network with a generic σ in <= 10 s.
Also times every identity of ``prove_all`` (with the Σ′ forms) for larger
networks, layer-local and with the explicit C(all weights and biases), and for
a network whose activations couple their neurons (a non-symmetric Σ′).

    python benchmarks/symbolic_proofs.py
"""

from __future__ import annotations

import time

import _common
from sympy.core.cache import clear_cache

from bplib import symbolic as S

TARGET_SECONDS = 10.0


def bp1_to_bp4(net: S.SymbolicNetwork, full: bool) -> list[S.Proof]:
    proofs = [S.prove_bp1(net)] + [S.prove_bp2(net, l) for l in range(net.L - 1, 1, -1)]
    proofs += [S.prove_bp3(net, l, full) for l in net.layers]
    return proofs + [S.prove_bp4(net, l, full) for l in net.layers]


def timed(fn) -> tuple[list[S.Proof], float]:
    clear_cache()  # SymPy caches results globally: time every row cold
    start = time.perf_counter()
    proofs = fn()
    return proofs, time.perf_counter() - start


def main() -> None:
    print(_common.machine())
    rows = []
    for full in (False, True):
        # A fresh network each time: nothing is cached between runs.
        proofs, seconds = timed(lambda full=full: bp1_to_bp4(S.SymbolicNetwork([2, 3, 2]), full))
        rows.append(("BP1-BP4, [2, 3, 2], generic σ, quadratic", full, proofs, seconds))
    for sizes in ([2, 3, 2], [3, 3, 3, 2], [2, 2, 2, 2, 2]):
        for cost in ("quadratic", "cross-entropy"):
            net = S.SymbolicNetwork(sizes, cost=cost)
            proofs, seconds = timed(lambda net=net: S.prove_all(net))
            rows.append((f"all identities, {sizes}, generic σ, {cost}", False, proofs, seconds))
    # A coupled activation whose Σ′ is a full, non-symmetric Jacobian: the Σ′ᵀ forms
    # of BP1 and BP2, and the product form (BP3/BP4 do not involve Σ′).
    net = S.SymbolicNetwork([2, 3, 2, 2], activations="generic-vector")
    proofs, seconds = timed(
        lambda: [S.prove_bp1(net), S.prove_bp2(net, 3), S.prove_bp2(net, 2)]
        + [S.prove_matrix_form(net, l) for l in net.layers]
    )
    label = "BP1, BP2, Σ′ᵀ forms, [2, 3, 2, 2], generic vector f"
    rows.append((label, False, proofs, seconds))
    for label, full, proofs, seconds in rows:
        entries = sum(p.entries for p in proofs)
        status = "all hold" if all(proofs) else "FAILED"
        mode = "explicit C" if full else "layer-local"
        print(f"  {label:<58} {mode:<11} {entries:3d} entries  {status}  {seconds:6.2f} s")
    headline = rows[0][3]
    verdict = _common.verdict(headline <= TARGET_SECONDS)
    print(
        f"BP1-BP4 for [2, 3, 2], generic σ: {headline:.2f} s ({verdict} the target of <= "
        f"{TARGET_SECONDS:.0f} s)"
    )


if __name__ == "__main__":
    main()
