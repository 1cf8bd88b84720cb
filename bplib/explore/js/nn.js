// nn.js -- the pieces of bplib the apps compute in the browser: the sigmoid,
// its logarithm, and the forward and backward pass of a small sigmoid network
// with the quadratic cost, for one example.  Each follows bplib's formula
// (scipy's expit, log_expit; BP1 with sigma' = a(1 - a), BP2, BP3, BP4), so
// the browser's numbers are bplib's up to rounding: tests/test_conformance.py
// checks them to 1e-12 over every control's range.

function expit(z) {
  return 1 / (1 + Math.exp(-z));
}

// ln(sigma(z)), exact at +-1000 (scipy.special.log_expit).
function logExpit(z) {
  return z < 0 ? z - Math.log1p(Math.exp(z)) : -Math.log1p(Math.exp(-z));
}

// z = w a + b for one column a; w is a list of rows.
function affine(w, a, b) {
  return w.map((row, j) => {
    let sum = 0;
    for (let k = 0; k < row.length; k++) sum += row[k] * a[k];
    return sum + b[j];
  });
}

// net = {weights: [rows...], biases: [[...]]}, every layer sigmoid.
function forwardTrace(net, x) {
  const zs = [];
  const acts = [x];
  net.weights.forEach((w, l) => {
    const z = affine(w, acts[l], net.biases[l]);
    zs.push(z);
    acts.push(z.map(expit));
  });
  return { zs, acts };
}

// C_x = (1/2) sum_j (a_j - y_j)^2
function quadraticCost(a, y) {
  let sum = 0;
  a.forEach((aj, j) => { sum += (aj - y[j]) * (aj - y[j]); });
  return 0.5 * sum;
}

// The errors delta^l of every layer (BP1, then BP2 downwards).
function deltas(net, acts, y) {
  const L = net.weights.length;
  const out = new Array(L);
  const aL = acts[L];
  out[L - 1] = aL.map((a, j) => (a - y[j]) * (a * (1 - a)));  // BP1
  for (let l = L - 2; l >= 0; l--) {
    const w = net.weights[l + 1];
    const next = out[l + 1];
    out[l] = acts[l + 1].map((a, k) => {
      let sum = 0;
      for (let j = 0; j < next.length; j++) sum += w[j][k] * next[j];
      return sum * (a * (1 - a));  // BP2
    });
  }
  return out;
}

// numpy.linspace(start, stop, num)
function linspace(start, stop, num) {
  const step = (stop - start) / (num - 1);
  const out = Array.from({ length: num }, (_, i) => i * step + start);
  out[num - 1] = stop;
  return out;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
