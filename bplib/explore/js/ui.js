// ui.js -- what every slider app shares: native labelled controls, the figure
// panels, readouts and a live text summary.  The same code runs in JupyterLab
// (anywidget, with a kernel) and on the book's static pages (no kernel): a
// control redraws at once from the app's own compute function, and tells the
// model, which a live kernel mirrors into the Python object.

// Ids must be unique on the page, and each app's module has its own scope:
// the counter lives on the page's global object.
function uid(name) {
  globalThis.__bpUid = (globalThis.__bpUid || 0) + 1;
  return `bp-${name}-${globalThis.__bpUid}`;
}

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

// Significant digits, as the readouts print them ("0.0177", "1.23e-5").
function fmt(value, digits = 3) {
  if (typeof value !== "number") return String(value);
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const size = Math.abs(value);
  if (size >= 1e5 || size < 1e-3) return value.toExponential(digits - 1).replace("e+", "e");
  return String(+value.toPrecision(digits));
}

// The index of the value nearest to `value` in a sorted list.
function nearest(values, value) {
  let best = 0;
  values.forEach((v, i) => {
    if (Math.abs(v - value) < Math.abs(values[best] - value)) best = i;
  });
  return best;
}

// One control from its spec (sent by Python): a range input over a list of
// values, or a group of radio buttons for a choice (spec.labels: what to show
// for each option).  The printed value is hidden from screen readers, which
// hear the slider's own aria-valuetext instead.
function makeControl(spec, value, onChange) {
  const id = uid(spec.name);
  if (spec.options) {
    const box = h("fieldset", { class: "bp-control bp-choice" }, h("legend", {}, spec.label));
    const inputs = spec.options.map((option) => {
      const input = h("input", { type: "radio", name: id, value: option });
      input.checked = option === value;
      input.addEventListener("change", () => input.checked && onChange(option));
      box.append(h("label", {}, input, ` ${(spec.labels || {})[option] || option}`));
      return input;
    });
    return { node: box, set: (v) => inputs.forEach((i) => { i.checked = i.value === v; }) };
  }
  let values = spec.values;
  const input = h("input", { type: "range", id, min: 0, max: values.length - 1, step: 1 });
  const out = h("output", { for: id, "aria-hidden": "true" });
  const label = h("label", { for: id }, spec.label);
  const show = (v) => {
    input.value = nearest(values, v);
    out.textContent = fmt(v, spec.digits || 3);
    input.setAttribute("aria-valuetext", out.textContent);
  };
  input.addEventListener("input", () => {
    const v = values[+input.value];
    show(v);
    onChange(v);
  });
  show(value);
  return {
    node: h("div", { class: "bp-control" }, label, input, out),
    set: show,
    // A new list of positions (the demon's neuron slider follows the layer's size).
    retune(newValues, text, v) {
      values = newValues;
      input.max = values.length - 1;
      label.textContent = text;
      show(v);
    },
  };
}

// app: {panels: [Panel], compute(state, model), draw(result, state), readouts(result, state)
// -> [[key, label, value, digits?, unit?]], summary(result, state) -> string, onControl?(name,
// state, controls) to adjust other controls (each has set(v) and, for ranges, retune),
// onMount?(state, controls) likewise once at the start}
function mountApp(model, el, app) {
  const specs = model.get("_controls");
  const state = {};
  // JupyterLab's keyboard shortcuts (arrow keys move between cells) must not
  // take the keys a reader presses on a slider: Lumino skips this element.
  // And the notebook around it must not see them either: it would take the
  // arrow keys to move between cells and cancel the slider's own step.
  const root = h("div", { class: "bp-app", "data-lm-suppress-shortcuts": "true" });
  root.addEventListener("keydown", (event) => event.stopPropagation());
  const controls = h("div", { class: "bp-controls" });
  const panels = h("div", { class: "bp-panels" }, ...app.panels.map((p) => p.el));
  const readouts = h("dl", { class: "bp-readouts simple" });  // "simple": the theme leaves it be
  // The summary says in words what the figure shows now; each panel points to it.
  const summary = h("p", { class: "bp-summary", "aria-live": "polite", id: uid("summary") });
  app.panels.forEach((p) => p.svg.setAttribute("aria-describedby", summary.id));
  root.append(controls, panels, readouts, summary);
  root.dataset.app = String(model.get("_anywidget_id") || "").split(".").pop();
  el.append(root);
  root.dataset.frames = "0";
  let result = null;
  let speak = null;

  function refresh() {
    const start = performance.now();
    result = app.compute(state, model);
    app.draw(result, state);
    // A readout: [key, label, value, digits?, "%"?].  The key names it for the
    // Python side (App.readouts) and data-value keeps every digit (for the tests).
    readouts.replaceChildren(...app.readouts(result, state).map(([key, label, value, digits, unit]) =>
      h("div", {}, h("dt", {}, label),
        h("dd", { "data-key": key, "data-value": String(value) },
          unit === "%" ? `${fmt(100 * value, digits)} %` : fmt(value, digits)))));
    // Spoken once the reader pauses, not at every step of a drag.
    clearTimeout(speak);
    const words = app.summary(result, state);
    if (!summary.textContent) summary.textContent = words;
    else speak = setTimeout(() => { summary.textContent = words; }, 400);
    root.dataset.frames = String(+root.dataset.frames + 1);
    root.dispatchEvent(new CustomEvent("bp-drawn", { bubbles: true, detail: { ms: performance.now() - start } }));
  }

  const setters = {};
  for (const spec of specs) {
    state[spec.name] = model.get(spec.name);
    const control = makeControl(spec, state[spec.name], (value) => {
      state[spec.name] = value;
      if (app.onControl) app.onControl(spec.name, state, setters);
      refresh();  // draw first: the kernel (if any) hears of it after
      for (const { name } of specs) {
        if (model.get(name) !== state[name]) model.set(name, state[name]);
      }
      model.save_changes();
    });
    setters[spec.name] = control;
    controls.append(control.node);
    model.on(`change:${spec.name}`, () => {
      if (model.get(spec.name) === state[spec.name]) return;
      state[spec.name] = model.get(spec.name);
      control.set(state[spec.name]);
      refresh();
    });
  }
  if (app.onMount) app.onMount(state, setters);
  refresh();
  const resize = new ResizeObserver(() => app.panels.forEach((p) => p.render()));
  resize.observe(panels);
  return () => resize.disconnect();
}
