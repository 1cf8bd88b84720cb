// demon.js -- Nielsen's demon: add dz to the weighted input z^l_j, run the rest
// of the network forward, and compare the true change in the cost with the
// linear prediction delta^l_j dz (bplib.explore.demon_effect; book ch.7).

// layer: 2..L (book numbering); neuron: 0-based.
export function demonEffect(net, x, y, layer, neuron, dzMax, points = 201) {
  const { zs, acts } = forwardTrace(net, x);
  const delta = deltas(net, acts, y)[layer - 2][neuron];
  const base = quadraticCost(acts[acts.length - 1], y);
  const dz = linspace(-dzMax, dzMax, points);
  const trueChange = dz.map((d) => {
    const z = zs[layer - 2].slice();
    z[neuron] += d;
    let a = z.map(expit);
    for (let l = layer - 1; l < net.weights.length; l++) {
      a = affine(net.weights[l], a, net.biases[l]).map(expit);
    }
    return quadraticCost(a, y) - base;
  });
  const linear = dz.map((d) => delta * d);
  let parting = null;
  dz.forEach((d, i) => {
    const scale = Math.max(Math.abs(trueChange[i]), Math.abs(linear[i]));
    if (Math.abs(trueChange[i] - linear[i]) > 0.1 * scale && scale > 1e-12) {
      parting = parting === null ? Math.abs(d) : Math.min(parting, Math.abs(d));
    }
  });
  return { dz, trueChange, linear, delta, parting };
}

function render({ model, el }) {
  const net = model.get("network");
  const sizes = [net.x.length, ...net.weights.map((w) => w.length)];
  const panels = [
    new Panel({ title: "true ΔC and δ·Δz", xlabel: "Δz added to zˡⱼ", ylabel: "ΔC",
      alt: "The true change in the cost and the straight line delta times dz, against dz." }),
    new Panel({ title: "where they part (dotted: 10 %)", xlabel: "|Δz|", ylabel: "relative gap (log)",
      ylog: true, alt: "The relative gap between the two, against the size of dz, on a log scale." }),
  ];
  let ylim = null;
  return mountApp(model, el, {
    panels,
    onControl(name, s, set) {
      const n = sizes[s.layer - 1];
      if (s.neuron > n) { s.neuron = n; set.neuron(n); }
    },
    compute: (s) => demonEffect(net, net.x, net.y, s.layer, Math.min(s.neuron, sizes[s.layer - 1]) - 1, s.dz_max),
    draw(e, s) {
      const lo = Math.min(...e.trueChange, ...e.linear), hi = Math.max(...e.trueChange, ...e.linear);
      const span = Math.max(hi - lo, 1e-12);
      // Generous margins, kept while the curves fit, so the axis does not jump on every move.
      if (!ylim || lo < ylim[0] || hi > ylim[1] || span < 0.25 * (ylim[1] - ylim[0])) {
        ylim = [lo - 0.3 * span, hi + 0.3 * span];
      }
      const part = e.parting === null ? 2 * s.dz_max : e.parting;
      panels[0].render({ xlim: [-s.dz_max, s.dz_max], ylim, layers: [
        { kind: "line", x: e.dz, y: e.trueChange, label: "true ΔC" },
        { kind: "line", x: e.dz, y: e.linear, color: "#d62728", dash: "5 3", label: "δ·Δz" },
        { kind: "vline", at: -part, color: "#888", dash: "2 3" },
        { kind: "vline", at: part, color: "#888", dash: "2 3" },
      ] });
      const half = e.dz.map((d, i) => [d, i]).filter(([d]) => d > 0);
      const gap = half.map(([, i]) =>
        Math.abs(e.trueChange[i] - e.linear[i]) / Math.max(Math.abs(e.trueChange[i]), 1e-300));
      panels[1].render({ xlim: [0, s.dz_max], ylim: [1e-6, 10], layers: [
        { kind: "line", x: half.map(([d]) => d), y: gap.map((g) => Math.min(Math.max(g, 1e-6), 10)), color: "#2ca02c" },
        { kind: "hline", at: 0.1, color: "#888", dash: "2 3" },
      ] });
    },
    readouts(e, s) {
      const last = e.dz.length - 1;
      return [
        ["delta", `δ of layer ${s.layer}, neuron ${Math.min(s.neuron, sizes[s.layer - 1])}`, e.delta, 4],
        ["parting", "they part at |Δz|", e.parting === null ? "never (in range)" : e.parting],
        ["true_change", `true ΔC at Δz = ${fmt(s.dz_max)}`, e.trueChange[last], 4],
        ["linear", `δ·Δz at Δz = ${fmt(s.dz_max)}`, e.linear[last], 4],
      ];
    },
    summary(e, s) {
      const last = e.dz.length - 1;
      const where = e.parting === null ? "never part by more than 10 % in this range"
        : `part by more than 10 % from |Δz| = ${fmt(e.parting)}`;
      return `Layer ${s.layer}, neuron ${Math.min(s.neuron, sizes[s.layer - 1])}: δ = ${fmt(e.delta, 4)}. ` +
        `At Δz = ${fmt(s.dz_max)} the cost changes by ${fmt(e.trueChange[last], 4)} against ` +
        `δ·Δz = ${fmt(e.linear[last], 4)}; the two ${where}.`;
    },
  });
}

export default { render };
