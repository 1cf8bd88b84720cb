// saturation.js -- Nielsen's single sigmoid neuron (input 1, target 0) learning
// by gradient descent: bplib.explore.train_neuron, and its app (book ch.8).

// One run: index i is after i epochs.  The same steps as bplib's
// train_neuron: record w, b, a and the cost, then step by the gradient.
export function trainNeuron(w, b, eta, epochs, cost) {
  const x = 1, y = 0;
  const run = { w: [], b: [], a: [], cost: [] };
  for (let i = 0; i <= epochs; i++) {
    const z = w * x + b;
    const a = expit(z);
    run.w.push(w);
    run.b.push(b);
    run.a.push(a);
    // bplib takes the cross-entropy from the logit z: exact when a saturates.
    run.cost.push(cost === "quadratic"
      ? 0.5 * ((a - y) * (a - y))
      : -(y * logExpit(z) + (1 - y) * logExpit(-z)));
    if (i < epochs) {
      // BP1: quadratic (a - y) sigma'(z); cross-entropy cancels sigma': a - y.
      const delta = cost === "quadratic" ? (a - y) * (a * (1 - a)) : a - y;
      w -= eta * (delta * x);  // BP4
      b -= eta * delta;        // BP3
    }
  }
  return run;
}

const SIGMOID = (() => {
  const z = linspace(-8, 8, 161);
  const s = z.map(expit);
  return { z, s, sp: s.map((v) => v * (1 - v)) };
})();

function render({ model, el }) {
  const panels = [
    new Panel({ title: "output a", xlabel: "epoch", ylabel: "a",
      alt: "The neuron's output a against epoch." }),
    new Panel({ title: "cost C", xlabel: "epoch", ylabel: "C (log scale)", ylog: true,
      alt: "The cost against epoch, on a log scale." }),
    new Panel({ title: "where z sits", xlabel: "z = w + b", ylabel: "",
      alt: "The sigmoid and its slope, with the neuron's starting and final z marked." }),
  ];
  return mountApp(model, el, {
    panels,
    compute: (s) => trainNeuron(s.w, s.b, s.eta, s.epochs, s.cost),
    draw(run, s) {
      const epochs = run.a.map((_, i) => i);
      const last = run.a.length - 1;
      panels[0].render({ xlim: [0, s.epochs], ylim: [0, 1],
        layers: [{ kind: "line", x: epochs, y: run.a }] });
      // The cost axis spans the run's decades (at least four), so a small cost still shows.
      const low = Math.min(...run.cost.filter((c) => c > 0), 1e-1);
      const top = Math.max(...run.cost, 1);
      const ylo = 10 ** Math.max(Math.floor(Math.log10(low)), -12);
      const yhi = 10 ** Math.ceil(Math.log10(top));
      panels[1].render({ xlim: [0, s.epochs], ylim: [Math.min(ylo, yhi / 1e4), yhi],
        layers: [{ kind: "line", x: epochs, y: run.cost, color: "#d62728" }] });
      const z0 = run.w[0] + run.b[0], z1 = run.w[last] + run.b[last];
      panels[2].render({ xlim: [-8, 8], ylim: [0, 1.05], legend: "left", layers: [
        { kind: "line", x: SIGMOID.z, y: SIGMOID.s, color: "currentColor", width: 1.2, label: "σ(z)" },
        { kind: "line", x: SIGMOID.z, y: SIGMOID.sp, color: "#767676", dash: "4 3", width: 1.2, label: "σ′(z)" },
        { kind: "points", x: [z1], y: [run.a[last]], color: "#2ca02c", shape: "square", label: "end" },
        // The start as a ring, drawn last: visible even where the end sits on it.
        { kind: "points", x: [z0], y: [run.a[0]], color: "#d95f02", hollow: true, label: "start" },
      ] });
    },
    readouts(run) {
      const last = run.a.length - 1;
      const a0 = run.a[0];
      const z0 = run.w[0] + run.b[0];
      return [
        ["start_z", "start z", z0, 4], ["start_a", "start a", a0, 5],
        ["start_sigma_prime", "start σ′(z)", a0 * (1 - a0), 4],
        ["start_cost", "start C", run.cost[0], 4],
        ["end_a", "end a", run.a[last], 5], ["end_cost", "end C", run.cost[last], 4],
      ];
    },
    summary(run, s) {
      const last = run.a.length - 1;
      return `Trained for ${s.epochs} epochs with the ${s.cost} cost at η = ${fmt(s.eta)}: ` +
        `the output goes from ${fmt(run.a[0], 5)} to ${fmt(run.a[last], 5)}, ` +
        `the cost from ${fmt(run.cost[0], 4)} to ${fmt(run.cost[last], 4)}.`;
    },
  });
}

export default { render };
