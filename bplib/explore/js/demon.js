// demon.js -- Nielsen's demon: add dz to the weighted input z^l_j, run the rest
// of the network forward, and compare the true change in the cost with the
// linear prediction delta^l_j dz (bplib.explore.demon_effect; book ch.7).

// numpy.geomspace(start, stop, num)
function geomspace(start, stop, num) {
  const out = linspace(Math.log10(start), Math.log10(stop), num).map((e) => 10 ** e);
  out[0] = start;
  out[num - 1] = stop;
  return out;
}

// layer: 2..L and neuron: 1..n, numbered as in the book.  The same steps as bplib's
// demon_effect, the parting point included (a grid, then bisection).
export function demonEffect(net, x, y, layer, neuron, dzMax, points = 201) {
  const j = neuron - 1;
  const { zs, acts } = forwardTrace(net, x);
  const delta = deltas(net, acts, y)[layer - 2][j];
  const base = quadraticCost(acts[acts.length - 1], y);
  const change = (d) => {
    const z = zs[layer - 2].slice();
    z[j] += d;
    let a = z.map(expit);
    for (let l = layer - 1; l < net.weights.length; l++) {
      a = affine(net.weights[l], a, net.biases[l]).map(expit);
    }
    return quadraticCost(a, y) - base;
  };
  const apart = (d) => {
    const t = change(d), lin = delta * d;
    const scale = Math.max(Math.abs(t), Math.abs(lin));
    return Math.abs(t - lin) > 0.1 * scale && scale > 1e-12;
  };
  const dz = linspace(-dzMax, dzMax, points);
  const trueChange = dz.map(change);
  const linear = dz.map((d) => delta * d);
  const grid = geomspace(dzMax * 1e-3, dzMax, 61);
  let parting = null;
  for (const sign of [-1, 1]) {
    const i = grid.findIndex((g) => apart(sign * g));
    if (i < 0) continue;
    let lo = i === 0 ? 0 : grid[i - 1], hi = grid[i];
    for (let k = 0; k < 50; k++) {
      const mid = (lo + hi) / 2;
      if (apart(sign * mid)) hi = mid; else lo = mid;
    }
    parting = parting === null ? hi : Math.min(parting, hi);
  }
  return { dz, trueChange, linear, delta, parting };
}

// The demon panel's x label (bplib.explore.demon._x_label, for the snapshot).
export function demonLabel(layer, neuron) {
  return `Δz added to z of layer ${layer}, neuron ${neuron}`;
}

function render({ model, el }) {
  const net = model.get("network");
  const sizes = [net.x.length, ...net.weights.map((w) => w.length)];
  const panels = [
    // The x label names the neuron in words (set in draw): subscript letters such
    // as U+2C7C, a subscript j, are missing from many system fonts.
    new Panel({ title: "true ΔC and δ·Δz", xlabel: "Δz", ylabel: "ΔC",
      alt: "The true change in the cost and the straight line delta times dz, against dz." }),
    new Panel({ title: "how far apart they are", xlabel: "|Δz|", ylabel: "|ΔC − δ·Δz| / |ΔC| (log)",
      ylog: true, alt: "The relative gap between the two, against the size of dz, on a log scale." }),
  ];
  let ylim = null;
  const neuronOf = (s) => Math.min(s.neuron, sizes[s.layer - 1]);
  const retune = (s, controls) => {
    const n = sizes[s.layer - 1];
    s.neuron = Math.min(s.neuron, n);
    controls.neuron.retune(Array.from({ length: n }, (_, i) => i + 1), `neuron j (of ${n})`, s.neuron);
  };
  return mountApp(model, el, {
    panels,
    onMount: retune,
    onControl(name, s, controls) {
      if (name === "layer") retune(s, controls);
    },
    compute: (s) => demonEffect(net, net.x, net.y, s.layer, neuronOf(s), s.dz_max),
    draw(e, s) {
      const lo = Math.min(...e.trueChange, ...e.linear), hi = Math.max(...e.trueChange, ...e.linear);
      const span = Math.max(hi - lo, 1e-12);
      // Generous margins, kept while the curves fit, so the axis does not jump on every move.
      if (!ylim || lo < ylim[0] || hi > ylim[1] || span < 0.25 * (ylim[1] - ylim[0])) {
        ylim = [lo - 0.3 * span, hi + 0.3 * span];
      }
      const parted = e.parting === null ? [] : [
        { kind: "vline", at: -e.parting, color: "#888", dash: "2 3", label: "10 % apart" },
        { kind: "vline", at: e.parting, color: "#888", dash: "2 3" },
      ];
      panels[0].opts.xlabel = demonLabel(s.layer, neuronOf(s));
      panels[0].render({ xlim: [-s.dz_max, s.dz_max], ylim, legend: "left", layers: [
        { kind: "line", x: e.dz, y: e.trueChange, label: "true ΔC" },
        { kind: "line", x: e.dz, y: e.linear, color: "#d62728", dash: "5 3", label: "δ·Δz" },
        ...parted,
      ] });
      const half = e.dz.map((d, i) => [d, i]).filter(([d]) => d > 0);
      const gap = half.map(([, i]) =>
        Math.abs(e.trueChange[i] - e.linear[i]) / Math.max(Math.abs(e.trueChange[i]), 1e-300));
      panels[1].render({ xlim: [0, s.dz_max], ylim: [1e-6, 10], legend: "left", layers: [
        { kind: "line", x: half.map(([d]) => d), y: gap.map((g) => Math.min(Math.max(g, 1e-6), 10)), color: "#2ca02c" },
        { kind: "hline", at: 0.1, color: "#888", dash: "2 3", label: "10 %" },
      ] });
    },
    readouts(e, s) {
      const last = e.dz.length - 1;
      return [
        ["delta", `δ of layer ${s.layer}, neuron ${neuronOf(s)}`, e.delta, 4],
        ["parting", "10 % apart from |Δz|", e.parting === null ? "never (in range)" : e.parting, 2],
        ["true_change", `true ΔC at Δz = ${fmt(s.dz_max)}`, e.trueChange[last], 4],
        ["linear", `δ·Δz at Δz = ${fmt(s.dz_max)}`, e.linear[last], 4],
      ];
    },
    summary(e, s) {
      const last = e.dz.length - 1;
      const where = e.parting === null ? "stay within 10 % of each other in this range"
        : `part by more than 10 % from |Δz| = ${fmt(e.parting, 2)}`;
      return `Network [${sizes.join(", ")}], layer ${s.layer}, neuron ${neuronOf(s)}: ` +
        `δ = ${fmt(e.delta, 4)}. At Δz = ${fmt(s.dz_max)} the cost changes by ` +
        `${fmt(e.trueChange[last], 4)} against δ·Δz = ${fmt(e.linear[last], 4)}; the two ${where}.`;
    },
  });
}

export default { render };
