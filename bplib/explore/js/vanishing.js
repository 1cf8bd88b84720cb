// vanishing.js -- per-layer learning speed ||dC/db|| of a sigmoid, tanh or
// ReLU network on the digits, at initialisation and during training (book ch.9).
// Training cannot be redone exactly in a browser, so bplib.explore.layer_speeds
// computed every setting of the controls when the app was made: this file
// only looks the numbers up (tests/test_conformance.py checks the table).

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
const FLOOR = 1e-8, CEILING = 1e4;  // the fixed log axis; a dead layer (speed 0) sits at the floor

function floats(view) {
  // A copy: the buffer may start at an offset that Float64Array cannot view.
  return new Float64Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

// The table a VanishingApp carries: its grid and three float64 arrays.
export function tableOf(model) {
  return {
    grid: model.get("grid"),
    speeds: floats(model.get("speeds")),
    accuracy: floats(model.get("accuracy")),
    diverged: floats(model.get("diverged")),
  };
}

// The table's entry for one setting: speeds[e][i] of hidden layer i + 1 after
// e epochs, accuracy[e], and the epoch training diverged at (or null).
export function lookup(grid, speeds, accuracy, diverged, s) {
  const dims = [grid.depth, grid.width, grid.activation, grid.init_scale];
  const at = [s.depth, s.width, s.activation, s.init_scale].map((v, k) => dims[k].indexOf(v));
  if (at.includes(-1)) throw new Error(`setting not in the table: ${JSON.stringify(s)}`);
  const run = ((at[0] * dims[1].length + at[1]) * dims[2].length + at[2]) * dims[3].length + at[3];
  const E = grid.epochs + 1, H = grid.depth[grid.depth.length - 1];
  const rows = [], acc = [];
  for (let e = 0; e < E; e++) {
    rows.push(Array.from(speeds.subarray((run * E + e) * H, (run * E + e) * H + s.depth)));
    acc.push(accuracy[run * E + e]);
  }
  const d = diverged[run];
  return { speeds: rows, accuracy: acc, diverged: Number.isNaN(d) ? null : d };
}

const ACTIVATION = { sigmoid: "sigmoid", tanh: "tanh", relu: "ReLU" };

// Whether training blew up by the chosen epoch (the table then repeats the last finite row).
function diverges(r, s) {
  return r.diverged !== null && r.diverged <= s.epochs;
}

// last / first layer speed; a first layer with speed 0 (dead ReLUs) has none.
function ratio(now) {
  return now[0] > 0 ? now[now.length - 1] / now[0] : "none (first layer has speed 0)";
}

function render({ model, el }) {
  const { grid, speeds, accuracy, diverged } = tableOf(model);
  const H = grid.depth[grid.depth.length - 1];
  const clip = (v) => Math.min(Math.max(v, FLOOR), CEILING);
  const panels = [
    new Panel({ title: "speed of each hidden layer", xlabel: "hidden layer (1 = nearest the input)",
      ylabel: "speed ‖∂C/∂b‖ (log)", ylog: true,
      alt: "Bar chart, on a log scale, of the learning speed of each hidden layer." }),
    new Panel({ title: "speed during training", xlabel: "epoch", ylabel: "speed ‖∂C/∂b‖ (log)", ylog: true,
      alt: "The learning speed of every hidden layer against training epoch, on a log scale." }),
  ];
  return mountApp(model, el, {
    panels,
    compute: (s) => lookup(grid, speeds, accuracy, diverged, s),
    draw(r, s) {
      const now = r.speeds[s.epochs];
      const layers = Array.from({ length: H }, (_, i) => i + 1);
      panels[0].render({ xlim: [0.4, H + 0.6], ylim: [FLOOR, CEILING],
        xticks: layers.map((l) => ({ at: l, label: String(l) })),
        layers: [{ kind: "bars", x: layers.slice(0, s.depth), y: now.map(clip), width: 0.8, color: COLORS }] });
      // The history up to the chosen epoch, or up to where training diverged.
      const stop = diverges(r, s) ? r.diverged - 1 : s.epochs;
      const epochs = Array.from({ length: stop + 1 }, (_, e) => e);
      panels[1].render({ xlim: [0, grid.epochs], ylim: [FLOOR, CEILING], layers: [
        ...now.map((_, i) => ({ kind: "line", x: epochs, y: epochs.map((e) => clip(r.speeds[e][i])),
          color: COLORS[i], label: `layer ${i + 1}`, dots: true })),
        diverges(r, s) ? { kind: "vline", at: r.diverged, color: "#d62728", dash: "4 2", label: "diverged" }
          : { kind: "vline", at: s.epochs, color: "#888", dash: "2 3" },
      ] });
    },
    readouts(r, s) {
      const now = r.speeds[s.epochs];
      return [
        ...now.map((v, i) => [`speed_${i + 1}`, `speed ‖∂C/∂b‖, hidden layer ${i + 1}`, v]),
        ["ratio", "last / first layer", ratio(now)],
        ["accuracy", "training accuracy", r.accuracy[s.epochs], 3, "%"],
        ["diverged", "diverged", diverges(r, s) ? `in epoch ${r.diverged}` : "no"],
      ];
    },
    summary(r, s) {
      const now = r.speeds[s.epochs];
      const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
      const net = `${plural(s.depth, "hidden layer")} of ${s.width} ${ACTIVATION[s.activation]} neurons, ` +
        `weights × ${fmt(s.init_scale)}, after ${plural(s.epochs, "epoch")}: `;
      let speed;
      if (now.every((v) => v === 0)) speed = "no hidden layer learns at all: every neuron is off (dead ReLUs)";
      else if (now[0] === 0) speed = "the first hidden layer does not learn at all: its neurons are all off";
      else if (s.depth === 1) speed = `the hidden layer's speed is ${fmt(now[0])}`;
      else if (ratio(now) >= 1) speed = `the last hidden layer learns ${fmt(ratio(now))} times as fast as the first`;
      else speed = `the first hidden layer learns ${fmt(1 / ratio(now))} times as fast as the last (exploding)`;
      const end = diverges(r, s)
        ? ` Training diverged at epoch ${r.diverged}: the speeds shown are the last finite ones.`
        : `; training accuracy ${fmt(100 * r.accuracy[s.epochs])} %.`;
      return net + speed + (diverges(r, s) ? "." : "") + end;
    },
  });
}

export default { render };
