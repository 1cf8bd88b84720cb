"""Run a bplib.explore app's own JavaScript in a browser page, without a kernel.

``mount(page, app)`` loads the app's ES module and CSS into a blank page and
renders it against a stand-in for the widget model that holds the Python
object's state, exactly what anywidget hands the module; ``window.bp`` is
then the module (its compute functions) and ``window.bpModel`` the model.
The conformance and latency tests use it; the site tests use the real pages.
"""

from __future__ import annotations

import base64

MOUNT = """
async ([esm, css, state, buffers]) => {
  const url = URL.createObjectURL(new Blob([esm], { type: "text/javascript" }));
  const module = await import(url);
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);
  const values = { ...state };
  for (const [key, b64] of Object.entries(buffers)) {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    values[key] = new DataView(bytes.buffer);
  }
  const listeners = {};
  const model = {
    get: (key) => values[key],
    set: (key, value) => {
      values[key] = value;
      (listeners[`change:${key}`] || []).forEach((f) => f());
    },
    on: (event, f) => (listeners[event] ||= []).push(f),
    save_changes: () => {},
  };
  const el = document.createElement("div");
  el.className = "bp-host";
  document.body.append(el);
  module.default.render({ model, el });
  window.bp = module;
  window.bpModel = model;
  return true;
}
"""


def state_of(app) -> tuple[dict, dict]:
    """The app's synced state, JSON values and binary buffers (base64) apart."""
    state, buffers = {}, {}
    for name, value in app.get_state().items():
        if isinstance(value, (bytes, memoryview)):
            buffers[name] = base64.b64encode(bytes(value)).decode()
        else:
            state[name] = value
    return state, buffers


def mount(page, app) -> None:
    """Render ``app`` into ``page`` (a blank page) from its own JavaScript."""
    state, buffers = state_of(app)
    page.evaluate(MOUNT, [state.pop("_esm"), state.pop("_css"), state, buffers])
    page.wait_for_selector(".bp-app")
