"""The slider apps' browser numbers are bplib's.

Each app computes in the page (``bplib/explore/js``).  Here its own module
runs in headless Chromium over a grid of settings that covers every control's
range and its extremes, and every number it returns is compared with the
Python compute function's:

* values computed without cancellation (w, b, a, the cost, z, sigma'):
  elementwise to 1e-12 relative;
* errors delta and gradient lengths, whose BP2 sums may cancel: to 1e-12
  relative to the largest entry of their layer (norm-wise);
* the true change of the cost, C(z + dz) - C(z), a difference of two
  nearly equal numbers: to 1e-12 relative to the two costs subtracted;
* the demon's parting point, a root found by bisection: to 1e-9 relative;
* the vanishing-gradient app's table lookups: exactly.

Rounding differs between NumPy (BLAS, its own exp) and the browser's
arithmetic only in the last bits, so these tolerances are met with room to
spare; an error in a formula misses them by many orders of magnitude.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from apps import mount

from bplib import explore

# One worker for this module and test_explore.py: both build VanishingApp's
# table of trained networks (bplib caches it per process).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("vanishing_table")]

REL = 1e-12
# Where the true change and the tangent first differ by 10 %: a root, found by
# bisection, of a gap that rounding moves by ~1e-16 of the cost; its position
# moves by that over the gap's slope, which is small where the curves part slowly.
PARTING = 1e-9


@pytest.fixture(scope="module")
def page(browser):
    tab = browser.new_page()
    tab.set_content("<!doctype html><html><body></body></html>")
    yield tab
    tab.close()


def close(js, py, what):
    js, py = np.asarray(js, dtype=float), np.asarray(py, dtype=float)
    assert js.shape == py.shape, what
    assert np.all(np.isfinite(js)), f"{what}: the browser gave {js}"
    bad = np.abs(js - py) > REL * np.abs(py)
    assert not bad.any(), f"{what}: browser {js[bad][:3]} vs bplib {py[bad][:3]}"


def normwise(js, py, what):
    js, py = np.asarray(js, dtype=float), np.asarray(py, dtype=float)
    assert js.shape == py.shape, what
    assert np.all(np.isfinite(js)), f"{what}: the browser gave {js}"
    assert np.max(np.abs(js - py)) <= REL * np.max(np.abs(py)), f"{what}: {js} vs {py}"


def test_train_neuron_matches_bplib(page):
    mount(page, explore.SaturationApp())
    grid = itertools.product(
        (-4.0, 0.5, 4.0), (-4.0, 2.0, 4.0), (0.005, 1.0), (10, 500), ("quadratic", "cross-entropy")
    )
    for w, b, eta, epochs, cost in grid:
        js = page.evaluate("(a) => bp.trainNeuron(...a)", [w, b, eta, epochs, cost])
        py = explore.train_neuron(w, b, eta, epochs, cost)
        setting = f"w={w}, b={b}, eta={eta}, epochs={epochs}, {cost}"
        for key in ("w", "b", "a", "cost"):
            close(js[key], getattr(py, key), f"{key} at {setting}")


def test_layer_saturation_matches_bplib(page):
    app = explore.LayerSaturationApp()
    mount(page, app)
    for scale in app.controls[0]["values"]:  # every position of the slider
        js = page.evaluate(
            "(s) => { const n = bpModel.get('network');"
            " return bp.layerSaturation(n, n.x, n.y, s); }",
            scale,
        )
        app.scale = scale
        for got, want in zip(js, app.states):
            where = f"layer {want.layer} at scale {scale}"
            close(got["a"], want.a, f"a, {where}")
            close(got["sigmaPrime"], want.sigma_prime, f"sigma', {where}")
            normwise(got["delta"], want.delta, f"delta, {where}")
            normwise(got["weightSpeed"], want.weight_speed, f"speed, {where}")
            assert got["saturated"] == want.saturated.tolist(), where


def test_layer_saturation_marks_saturated_neurons_not_by_colour_alone(browser):
    """Each saturated neuron's bar is red *and* ringed, in both panels, with a key."""
    tab = browser.new_page()
    try:
        tab.set_content("<!doctype html><html><body></body></html>")
        app = explore.LayerSaturationApp(scale=20.0)
        mount(tab, app)
        saturated = int(np.concatenate([s.saturated for s in app.states]).sum())
        assert saturated > 0
        panels = tab.locator(".bp-panel svg")
        for i in range(panels.count()):
            rings = panels.nth(i).locator('circle[fill="none"]').count()
            assert rings == saturated + (1 if i == 0 else 0), i  # the key's own ring
        texts = tab.eval_on_selector_all(".bp-panel svg text", "ts => ts.map(t => t.textContent)")
        assert f"saturated: σ′(z) < {explore.saturation.SATURATED}" in texts
    finally:
        tab.close()


def test_demon_matches_bplib(page):
    app = explore.DemonApp()
    mount(page, app)
    sizes = app.net.sizes
    dz_values = app.controls[2]["values"]
    worst = 0.0
    for layer, dz_max in itertools.product(
        range(2, len(sizes) + 1), (*dz_values[::16], dz_values[-1])
    ):
        for neuron in range(1, sizes[layer - 1] + 1):
            js = page.evaluate(
                "(a) => { const n = bpModel.get('network');"
                " return bp.demonEffect(n, n.x, n.y, ...a); }",
                [layer, neuron, dz_max],
            )
            py = explore.demon_effect(app.net, app.x, app.y, layer, neuron, dz_max)
            where = f"layer {layer}, neuron {neuron}, dz_max {dz_max}"
            close(js["dz"], py.dz, f"dz, {where}")
            close([js["delta"]], [py.delta], f"delta, {where}")
            normwise(js["linear"], py.linear, f"delta dz, {where}")
            base = app.net.cost.per_example(app.net.feedforward(app.x), app.y)[0, 0]
            gap = np.abs(np.asarray(js["trueChange"]) - py.true_change)
            scale = np.abs(base + py.true_change) + abs(base)
            assert np.all(gap <= REL * scale), f"true change, {where}: {gap.max()}"
            if py.parting is None:
                assert js["parting"] is None, f"parting, {where}"
            else:  # found by bisection in both: the same crossing, to rounding
                worst = max(worst, abs(js["parting"] - py.parting) / py.parting)
                assert abs(js["parting"] - py.parting) <= PARTING * py.parting, where
    print(f"largest relative difference of the parting point: {worst:.1e}")


def test_demon_x_label_names_the_neuron_shown(browser):
    tab = browser.new_page()
    try:
        tab.set_content("<!doctype html><html><body></body></html>")
        mount(tab, explore.DemonApp(layer=4, neuron=2))
        texts = tab.eval_on_selector_all(".bp-panel svg text", "ts => ts.map(t => t.textContent)")
        label = explore.demon._x_label(4, 2)
        assert label in texts, texts
        assert tab.evaluate("() => bp.demonLabel(4, 2)") == label
    finally:
        tab.close()


@pytest.fixture(scope="module")
def vanishing():
    return explore.VanishingApp()


def test_vanishing_lookup_is_the_table_and_the_table_is_bplib(page, vanishing):
    mount(page, vanishing)
    grid = vanishing.grid
    corners = itertools.product(
        (grid["depth"][0], grid["depth"][-1]),
        (grid["width"][0], grid["width"][-1]),
        grid["activation"],
        (grid["init_scale"][0], grid["init_scale"][-1]),
    )
    rng = np.random.default_rng(0)
    inner = [
        tuple(rng.choice(grid[k]).item() for k in ("depth", "width", "activation", "init_scale"))
        for _ in range(12)
    ]
    for depth, width, activation, scale in [*corners, *inner]:
        state = dict(depth=depth, width=width, activation=activation, init_scale=scale)
        js = page.evaluate(
            "(s) => { const t = bp.tableOf(bpModel);"
            " return bp.lookup(t.grid, t.speeds, t.accuracy, t.diverged, s); }",
            state,
        )
        py = explore.layer_speeds(depth, width, activation, scale, grid["epochs"])
        assert np.array_equal(np.array(js["speeds"]), py.speeds), state  # exactly
        assert np.array_equal(np.array(js["accuracy"]), py.accuracy), state
        assert js["diverged"] == py.diverged_at, state
        assert np.all(np.isfinite(py.speeds)), state
