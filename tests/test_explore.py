"""The slider apps: their compute functions are right, and no slider position
produces NaN, inf, a warning (pytest turns warnings into errors) or an empty
picture."""

import io
import re

import numpy as np
import pytest
from PIL import Image

import bplib
from bplib import explore

# -- compute functions ---------------------------------------------------------------

# With test_conformance.py on one worker: both need VanishingApp's table.
pytestmark = pytest.mark.xdist_group("vanishing_table")


def test_nielsens_starting_outputs():
    """His two starting points give outputs 0.82 and 0.98."""
    assert round(explore.train_neuron(0.6, 0.9, 0.15, 10).a[0], 2) == 0.82
    assert round(explore.train_neuron(2.0, 2.0, 0.15, 10).a[0], 2) == 0.98


@pytest.mark.parametrize("cost", ["quadratic", "cross-entropy"])
def test_train_neuron_takes_gradient_steps(cost):
    run = explore.train_neuron(2.0, 2.0, 0.15, 3, cost)
    a0 = run.a[0]
    # Input 1, target 0: ∂C/∂w = ∂C/∂b = a σ′ (quadratic) or a (cross-entropy).
    grad = a0 * a0 * (1 - a0) if cost == "quadratic" else a0
    assert run.w[1] == pytest.approx(2.0 - 0.15 * grad, rel=1e-12)
    assert run.b[1] == pytest.approx(2.0 - 0.15 * grad, rel=1e-12)
    assert np.all(np.diff(run.cost) < 0)


def test_cross_entropy_learns_faster_from_a_bad_start():
    quad = explore.train_neuron(2.0, 2.0, 0.15, 300, "quadratic")
    ce = explore.train_neuron(2.0, 2.0, 0.15, 300, "cross-entropy")
    assert ce.a[-1] < quad.a[-1]
    # The quadratic run is stuck on the plateau for its first epochs.
    assert quad.a[0] - quad.a[20] < 0.01 < ce.a[0] - ce.a[20]


def test_demon_slope_is_delta():
    net = bplib.Network([3, 4, 2], seed=1)
    x, y = np.array([[0.2], [-0.4], [1.0]]), np.array([[1.0], [0.0]])
    effect = explore.demon_effect(net, x, y, layer=2, neuron=2, dz_max=1e-4, points=3)
    slope = (effect.true_change[2] - effect.true_change[0]) / (effect.dz[2] - effect.dz[0])
    assert slope == pytest.approx(effect.delta, rel=1e-6)
    assert effect.true_change[1] == pytest.approx(0.0, abs=1e-15)
    big = explore.demon_effect(net, x, y, layer=2, neuron=2, dz_max=20.0)
    assert big.parting is not None and 0 < big.parting < 20


def test_layer_saturation_flags_saturated_neurons():
    net = bplib.Network([3, 5, 2], seed=0)
    x, y = np.array([[0.0], [0.5], [0.5]]), np.array([[1.0], [0.0]])
    calm = explore.layer_saturation(net, x, y)
    nabla_b, nabla_w = net.backprop(x, y)
    assert np.allclose(calm[1].delta, nabla_b[1].ravel(), rtol=1e-15)  # BP3: δ = ∂C/∂b
    assert np.allclose(calm[0].weight_speed, np.linalg.norm(nabla_w[0], axis=1), rtol=1e-15)
    for w, b in zip(net.weights, net.biases):
        w *= 20
        b *= 20
    hot = explore.layer_saturation(net, x, y)
    assert sum(s.saturated.sum() for s in hot) > sum(s.saturated.sum() for s in calm)
    assert calm[0].quiet_inputs[0] and not calm[0].quiet_inputs[1]


def test_layer_speeds_shape_and_determinism():
    a = explore.layer_speeds(3, width=20, epochs=2)
    explore.layer_speeds(3, width=20, epochs=5)  # extending the cached run ...
    b = explore.layer_speeds(3, width=20, epochs=2)  # ... does not change earlier answers
    assert a.speeds.shape == (3, 3) and np.array_equal(a.speeds, b.speeds)
    assert a.sizes == (64, 20, 20, 20, 10)


def test_layer_speeds_init_is_passed_on_and_part_of_the_cache_key():
    default = explore.layer_speeds(2, width=20, epochs=1)
    assert np.array_equal(
        default.speeds, explore.layer_speeds(2, width=20, epochs=1, init="normalized").speeds
    )
    he = explore.layer_speeds(2, width=20, epochs=1, init="he")
    again = explore.layer_speeds(2, width=20, epochs=1)  # not the cached He run
    assert np.array_equal(default.speeds, again.speeds)
    assert not np.array_equal(default.speeds[0], he.speeds[0])
    # the speeds at initialisation are those of a Network drawn with that init
    for init in ("normalized", "xavier", "he", "standard"):
        net = bplib.Network(
            [64, 20, 20, 10], activations=["sigmoid"] * 3, cost="cross-entropy", seed=3, init=init
        )
        train = bplib.load_digits().train
        nabla_b, _ = net.backprop(train.x[:, :200], train.y[:, :200])
        expected = [np.linalg.norm(g) for g in nabla_b[:-1]]
        got = explore.layer_speeds(2, width=20, seed=3, init=init).speeds[0]
        assert np.allclose(got, expected, rtol=1e-12), init


def test_sigmoid_layers_learn_slower_towards_the_input():
    """Nielsen's ch.5 shape, at initialisation, on the digits."""
    speeds = explore.layer_speeds(4, width=30, activation="sigmoid", epochs=0).speeds[0]
    assert speeds[0] < speeds[-1]


def test_exploding_training_stops_cleanly():
    result = explore.layer_speeds(
        6, width=60, activation="relu", init_scale=10.0, epochs=10, eta=5.0
    )
    assert result.diverged_at is not None  # this setting really does blow up ...
    assert np.all(np.isfinite(result.speeds)) and np.all(
        np.isfinite(result.accuracy)
    )  # ... cleanly


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: explore.train_neuron(1.0, 1.0, 0.0, 10), "eta must be a positive"),
        (lambda: explore.train_neuron(float("nan"), 1.0, 0.1, 10), "w must be finite"),
        (lambda: explore.layer_speeds(0), "depth must be a positive integer"),
        (lambda: explore.layer_speeds(2, activation="softmax"), "activation must be one of"),
        (lambda: explore.layer_speeds(2, epochs=-1), "epochs must be a non-negative integer"),
        (lambda: explore.layer_speeds(2, init="glorot"), "init must be one of.*got 'glorot'"),
    ],
)
def test_bad_arguments(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_demon_bad_arguments():
    net = bplib.Network([2, 3, 1], seed=0)
    x, y = [[0.1], [0.2]], [[1.0]]
    with pytest.raises(ValueError, match="layer must be an integer from 2 to 3, got 1"):
        explore.demon_effect(net, x, y, 1, 1, 1.0)
    with pytest.raises(ValueError, match=r"from 1 to 3 in layer 2 \(counted from 1\)"):
        explore.demon_effect(net, x, y, 2, 4, 1.0)
    with pytest.raises(ValueError, match="neuron must be an integer from 1 to 3"):
        explore.demon_effect(net, x, y, 2, 0, 1.0)


# -- the apps: one widget per app, computing in the page ----------------------------------

APPS = [explore.SaturationApp, explore.LayerSaturationApp, explore.DemonApp, explore.VanishingApp]


@pytest.fixture(scope="module", params=APPS, ids=lambda c: c.__name__)
def app(request):
    return request.param()


def extremes(spec) -> list:
    return list(spec["options"]) if "options" in spec else [spec["values"][0], spec["values"][-1]]


def picture(app) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(app.png())).convert("L"), dtype=float)


def test_every_control_extreme_gives_finite_readouts_and_a_picture(app):
    start = dict(app.state)
    first = picture(app)
    assert first.std() > 1, "the initial picture is blank"
    try:
        for spec in app.controls:
            for value in extremes(spec):
                setattr(app, spec["name"], value)
                numbers = [v for v in app.readouts().values() if not isinstance(v, str)]
                assert numbers and np.all(np.isfinite(numbers)), (spec["name"], value)
                assert picture(app).std() > 1, f"blank picture at {spec['name']} = {value}"
            setattr(app, spec["name"], start[spec["name"]])
    finally:
        for name, value in start.items():
            setattr(app, name, value)


def test_an_app_is_one_widget_with_a_picture_for_readers_without_a_browser(app):
    data, _ = app._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/png"].startswith(b"\x89PNG")  # what a PDF or a notebook viewer shows
    assert app._controls == app.controls  # the page builds its controls from these
    for spec in app.controls:
        assert getattr(app, spec["name"]) == app.state[spec["name"]]


def test_the_page_code_is_self_contained(app):
    esm = app._esm
    assert esm.count("export default") == 1
    # Nothing is imported or fetched: no CDN, no other module, no network at all.
    urls = [u for u in re.findall(r"https?://[^\s\"'`]+", esm) if u != "http://www.w3.org/2000/svg"]
    assert "import " not in esm and not urls, urls  # the SVG namespace is a name, not a request
    assert "fetch(" not in esm and "XMLHttpRequest" not in esm


# Subscript letters (U+1D62-1D6A, U+2090-209C and U+2C7C, the subscript j) are
# missing from many system fonts, so a label using them shows a blank box.
SUBSCRIPT_LETTERS = {*range(0x1D62, 0x1D6B), *range(0x2090, 0x209D), 0x2C7C}


def test_the_page_code_has_no_subscript_letters(app):
    bad = sorted({f"U+{ord(c):04X}" for c in app._esm if ord(c) in SUBSCRIPT_LETTERS})
    assert not bad, f"{type(app).__name__}: {bad}"


def test_the_demon_snapshot_names_its_neuron_in_words():
    app = explore.DemonApp(layer=4, neuron=2)
    assert app.snapshot().axes[0].get_xlabel() == "Δz added to z of layer 4, neuron 2"
    app.neuron = 5  # layer 4 has two neurons: the app shows the last
    assert app.snapshot().axes[0].get_xlabel().endswith("layer 4, neuron 2")


def test_the_layer_snapshot_marks_saturated_neurons_not_by_colour_alone():
    app = explore.LayerSaturationApp(scale=20.0)
    saturated = np.concatenate([s.saturated for s in app.states])
    assert 0 < saturated.sum() < saturated.size
    ax_a, ax_g = app.snapshot().axes
    for ax in (ax_a, ax_g):  # a ring on each saturated neuron, in both panels
        (rings,) = ax.lines
        assert list(rings.get_xdata()) == list(np.flatnonzero(saturated))
    key = [t.get_text() for t in ax_a.get_legend().get_texts()]
    assert key == [f"saturated: σ′(z) < {explore.saturation.SATURATED}"]


def test_bad_values_are_refused_with_the_control_named(app):
    spec = next(s for s in app.controls if "values" in s)
    name = spec["name"]
    before = getattr(app, name)
    with pytest.raises(ValueError, match=f"{name} must lie in"):
        setattr(app, name, spec["values"][-1] + 10**6)
    with pytest.raises(TypeError, match=f"{name} must be"):
        setattr(app, name, "many")
    assert getattr(app, name) == before
    choice = next((s for s in app.controls if "options" in s), None)
    if choice:
        with pytest.raises(ValueError, match=f"{choice['name']} must be one of"):
            setattr(app, choice["name"], "nonsense")


def test_python_side_follows_the_controls():
    app = explore.SaturationApp()
    app.w, app.cost = -1.5, "cross-entropy"
    assert app.run.w[0] == -1.5
    assert (
        app.readouts()["start_cost"]
        == explore.train_neuron(-1.5, 2.0, 0.15, 300, "cross-entropy").cost[0]
    )


def test_vanishing_table_holds_every_setting_and_nothing_infinite():
    app = explore.VanishingApp()
    grid = app.grid
    speeds = np.frombuffer(app.speeds, dtype="<f8")
    runs = (
        len(grid["depth"]) * len(grid["width"]) * len(grid["activation"]) * len(grid["init_scale"])
    )
    assert speeds.size == runs * (grid["epochs"] + 1) * max(grid["depth"])
    assert not np.isinf(speeds).any() and (speeds[~np.isnan(speeds)] >= 0).all()
    with pytest.raises(ValueError, match="width must be one of"):
        explore.VanishingApp(width=7)
