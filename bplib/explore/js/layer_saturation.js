// layer_saturation.js -- a small sigmoid network whose weights and biases are
// scaled: which neurons saturate, and how fast their incoming weights learn
// (bplib.explore.layer_saturation; book ch.8).

const SATURATED = 0.01;  // sigma'(z) below this: saturated (bplib's SATURATED)

// Per layer after the input: a, sigma'(z), delta and ||dC/dw^l_j.|| per neuron.
export function layerSaturation(net, x, y, scale) {
  const scaled = {
    weights: net.weights.map((w) => w.map((row) => row.map((v) => v * scale))),
    biases: net.biases.map((b) => b.map((v) => v * scale)),
  };
  const { acts } = forwardTrace(scaled, x);
  const ds = deltas(scaled, acts, y);
  return ds.map((delta, l) => {
    const a = acts[l + 1];
    const prev = acts[l];
    const sigmaPrime = a.map((v) => v * (1 - v));
    return {
      layer: l + 2,
      a,
      sigmaPrime,
      delta,
      // BP4: row j of dC/dw^l is delta_j (a^{l-1})^T; its length.
      weightSpeed: delta.map((d) => Math.sqrt(prev.reduce((s, p) => s + (d * p) * (d * p), 0))),
      saturated: sigmaPrime.map((v) => v < SATURATED),
    };
  });
}

function render({ model, el }) {
  const net = model.get("network");
  const layers = net.weights.map((w) => w.length);
  const n = layers.reduce((s, k) => s + k, 0);
  const positions = Array.from({ length: n }, (_, i) => i);
  const edges = layers.reduce((acc, k) => [...acc, acc[acc.length - 1] + k], [0]);
  const xticks = layers.map((_, l) => ({ at: (edges[l] + edges[l + 1] - 1) / 2, label: `layer ${l + 2}` }));
  const separators = edges.slice(1, -1).map((e) => ({ kind: "vline", at: e - 0.5, color: "#bbb" }));
  const panels = [
    new Panel({ title: "activation a of each neuron", ylabel: "a",
      alt: "Bar chart of every neuron's activation, layer by layer; saturated neurons in red, " +
        "each with a ring at the top of its bar." }),
    new Panel({ title: "how fast its incoming weights learn", ylabel: "‖∂C/∂w‖ (log)", ylog: true,
      alt: "Bar chart, on a log scale, of the length of each neuron's incoming weight gradient; " +
        "saturated neurons in red, each with a ring at the top of its bar." }),
  ];
  // Not colour alone: a saturated neuron's bar is red *and* carries a ring at
  // its top (at the axis when the bar is a stub), and the key says what both mean.
  const KEY = `saturated: σ′(z) < ${SATURATED}`;
  const rings = (values, flags) => ({ kind: "points", hollow: true, color: "#d62728",
    x: positions.filter((_, i) => flags[i]), y: values.filter((_, i) => flags[i]) });
  return mountApp(model, el, {
    panels,
    compute: (s) => layerSaturation(net, net.x, net.y, s.scale),
    draw(states) {
      const flat = (key) => states.flatMap((st) => st[key]);
      const flags = flat("saturated");
      const colors = flags.map((sat) => (sat ? "#d62728" : "#1f77b4"));
      const xlim = [-0.6, n - 0.4];
      // Headroom above a = 1 for the key, clear of the bars.
      panels[0].render({ xlim, ylim: [0, 1.3], xticks, layers: [
        { kind: "bars", x: positions, y: flat("a"), width: 0.8, color: colors }, ...separators,
        { ...rings(flat("a"), flags), label: KEY }] });
      panels[1].render({ xlim, ylim: [1e-8, 10], xticks, layers: [
        { kind: "bars", x: positions, y: flat("weightSpeed"), width: 0.8, color: colors }, ...separators,
        rings(flat("weightSpeed"), flags)] });
    },
    readouts(states) {
      const speed = states.flatMap((st) => st.weightSpeed);
      const flags = states.flatMap((st) => st.saturated);
      const slow = speed.filter((_, i) => flags[i]);
      // Which neurons, by layer and number (1-based): what the red bars show, in words.
      const which = states.filter((st) => st.saturated.some(Boolean)).map((st) =>
        `layer ${st.layer}: ${st.saturated.flatMap((f, j) => (f ? [j + 1] : [])).join(", ")}`).join("; ");
      return [
        ["saturated", "neurons saturated", slow.length], ["which", "they are", which || "none"],
        ["median_speed", "median ‖∂C/∂w‖", median(speed)],
        ["median_saturated_speed", "median ‖∂C/∂w‖, saturated",
          slow.length ? median(slow) : "none"],
        ["min_speed", "smallest ‖∂C/∂w‖", Math.min(...speed)],
        ["max_speed", "largest ‖∂C/∂w‖", Math.max(...speed)],
      ];
    },
    summary(states, s) {
      const saturated = states.flatMap((st) => st.saturated).filter(Boolean).length;
      const speed = states.flatMap((st) => st.weightSpeed);
      return `With weights and biases scaled by ${fmt(s.scale)}, ${saturated} of ${n} neurons ` +
        `are saturated (red, ringed: σ′(z) < ${SATURATED}); over all ${n} neurons, the speeds of the ` +
        `incoming weights range from ${fmt(Math.min(...speed))} to ${fmt(Math.max(...speed))}.`;
    },
  });
}

export default { render };
