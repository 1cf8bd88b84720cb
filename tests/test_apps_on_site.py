"""The slider apps respond on the static site, as a reader with a keyboard uses them.

On every chapter page with apps, for every app and every control: move the
control with the keyboard, and check that the figure was redrawn, that the
readouts and the spoken summary changed, and that every readout equals what
bplib computes for the new setting (the Python app's ``readouts()``).  No
request may leave the site.  On a phone-sized screen (390 px) the panels fit,
no text is smaller than 10 px and no readout's number breaks across lines.
The conformance of the browser's arithmetic with bplib, to 1e-12 over whole
grids of settings, is test_conformance.py's; this file checks the page's
wiring.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

from bplib import explore

pytestmark = pytest.mark.browser

PAGES = ["book/07_general", "book/08_slowdown", "book/09_vanishing"]

# Where every app keeps its state on the page: its controls' specs and its
# synced values, from the page's saved widget state, in the order of the views.
APP_STATES = """() => {
  const all = JSON.parse(document.querySelector(
    'script[type="application/vnd.jupyter.widget-state+json"]').textContent).state;
  return [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
    .map(s => all[JSON.parse(s.textContent).model_id].state);
}"""

READOUTS = """app => Object.fromEntries([...app.querySelectorAll('dd[data-key]')]
  .map(d => [d.dataset.key, d.dataset.value]))"""

PICTURE = "app => [...app.querySelectorAll('svg')].map(s => s.innerHTML).join('|')"

# What a control shows now: the value at the range input's index, or the checked option.
CONTROL_VALUES = """app => [...app.querySelectorAll('.bp-control')].map(c => {
  const range = c.querySelector('input[type=range]');
  if (range) return +range.value;
  return c.querySelector('input:checked').value;
})"""


@functools.cache
def python_app(name: str):
    """The app, made in Python (its network, if any, then set to the page's)."""
    return getattr(explore, name)()


def adopt(app, state: dict) -> None:
    """Give the Python app the network, input and target the page's app runs."""
    network = state.get("network")
    if not network:
        return
    net = app.base if hasattr(app, "base") else app.net
    for w, rows in zip(net.weights, network["weights"]):
        w[...] = np.array(rows)
    for b, column in zip(net.biases, network["biases"]):
        b[...] = np.array(column)[:, None]
    app.x, app.y = np.array(network["x"])[:, None], np.array(network["y"])[:, None]
    app.network = network


def same(page_value: str, value) -> bool:
    if isinstance(value, str):
        return page_value == value
    return np.isclose(float(page_value), float(value), rtol=1e-9, atol=0)


def check_readouts(app, state, readouts):
    for name, value in state.items():
        setattr(app, name, value)
    expected = app.readouts()
    assert set(readouts) == set(expected), (readouts, expected)
    wrong = {k: (readouts[k], v) for k, v in expected.items() if not same(readouts[k], v)}
    assert not wrong, f"{type(app).__name__} at {state}: page vs bplib {wrong}"


@pytest.fixture
def tab(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    offsite = []

    def route(r):
        if r.request.url.startswith(server):
            r.continue_()
        else:
            offsite.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.offsite = offsite
    yield page
    context.close()


@pytest.mark.parametrize("chapter", PAGES)
def test_every_control_of_every_app_redraws_with_bplibs_numbers(tab, server, chapter):
    tab.goto(f"{server}/{chapter}.html")
    tab.wait_for_selector(".bp-app")
    states = tab.evaluate(APP_STATES)
    apps = tab.locator(".bp-app")
    assert apps.count() == len(states) >= 1
    for i, state in enumerate(states):
        root = apps.nth(i)
        root.scroll_into_view_if_needed()
        name = root.get_attribute("data-app")
        app = python_app(name)
        adopt(app, state)
        specs = state["_controls"]
        controls = {s["name"]: getattr(app, s["name"]) for s in specs}
        check_readouts(app, {s["name"]: state[s["name"]] for s in specs}, root.evaluate(READOUTS))
        for k, spec in enumerate(specs):
            control = root.locator(".bp-control").nth(k)
            if "options" in spec:
                control.locator("input:checked").focus()
            else:
                control.locator("input[type=range]").focus()
            slider = control.locator("input[type=range]")
            # At its top the slider can only go down (its top can follow another
            # control: the demon's neuron slider stops at the layer's size).
            at_end = "values" in spec and slider.input_value() == slider.get_attribute("max")
            before = (
                root.evaluate(PICTURE),
                root.evaluate(READOUTS),
                root.locator(".bp-summary").inner_text(),
                root.get_attribute("data-frames"),
            )
            tab.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
            tab.wait_for_function(
                "([app, n]) => app.dataset.frames !== n", arg=[root.element_handle(), before[3]]
            )
            shown = root.evaluate(CONTROL_VALUES)
            setting = {
                s["name"]: (shown[j] if "options" in s else s["values"][int(shown[j])])
                for j, s in enumerate(specs)
            }
            assert setting[spec["name"]] != controls[spec["name"]], (
                f"{name}: {spec['name']} did not move"
            )
            assert root.evaluate(PICTURE) != before[0], f"{name}: {spec['name']} left the figure"
            readouts = root.evaluate(READOUTS)
            assert readouts != before[1], f"{name}: {spec['name']} left the readouts"
            tab.wait_for_function(  # the summary is spoken once the reader pauses
                "([el, old]) => el.textContent !== old",
                arg=[root.locator(".bp-summary").element_handle(), before[2]],
                timeout=5_000,
            )
            check_readouts(app, setting, readouts)
            controls = setting
    assert not tab.offsite, f"requests left the site: {tab.offsite}"


@pytest.mark.parametrize("chapter", PAGES)
def test_apps_fit_a_phone_and_keep_their_text_legible(browser, server, chapter):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{server}/{chapter}.html")
    page.wait_for_selector(".bp-app")
    report = page.locator(".bp-app").evaluate_all(
        """apps => apps.map(app => {
             const texts = [...app.querySelectorAll('*')].filter(e => e.childNodes.length
               && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
             const sizes = texts.map(e => {
               const svg = e.closest('svg');
               const scale = svg
                 ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
               return parseFloat(getComputedStyle(e).fontSize) * scale;
             });
             return {overflow: app.scrollWidth - app.clientWidth, smallest: Math.min(...sizes),
                     panels: [...app.querySelectorAll('.bp-panel')]
                       .map(p => p.getBoundingClientRect().width)};
           })"""
    )
    # A number is never broken across lines ("2.81e-" / "16"), at the first
    # setting nor with every slider at its top (the longest numbers).
    broken = [page.locator(".bp-app").evaluate_all(BROKEN_READOUTS)]
    ranges = page.locator(".bp-app input[type=range]")
    for i in range(ranges.count()):
        ranges.nth(i).focus()
        page.keyboard.press("End")
    page.wait_for_timeout(500)
    broken.append(page.locator(".bp-app").evaluate_all(BROKEN_READOUTS))
    context.close()
    for app in report:
        assert app["overflow"] <= 1, app
        assert app["smallest"] >= 10, app
        assert all(width >= 300 for width in app["panels"]), app  # stacked, full width
    assert broken == [[], []], broken


# Readout values (all but the one in words) that take more than one line.
BROKEN_READOUTS = """apps => apps.flatMap(app => [...app.querySelectorAll('dd[data-key]')]
  .filter(d => d.dataset.key !== 'which'
    && d.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(d).lineHeight))
  .map(d => `${app.dataset.app} ${d.dataset.key}: ${d.textContent}`))"""
