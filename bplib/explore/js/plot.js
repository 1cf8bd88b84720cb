// plot.js -- the apps' charts: one small SVG panel with linear or log axes,
// lines, bars, points and rules.  Plain SVG rather than a charting library:
// this is all the apps draw, the text stays real text (crisp at any zoom,
// read by screen readers through the panel's label), and nothing is loaded.

const SVG_NS = "http://www.w3.org/2000/svg";
const MARGIN = { right: 16, top: 22, bottom: 36 };  // the left one fits the tick labels

function niceStep(span, count) {
  const raw = span / Math.max(count, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw);
  return unit * power;
}

function ticksFor(lo, hi, log) {
  if (log) {
    const first = Math.ceil(Math.log10(lo) - 1e-9);
    const last = Math.floor(Math.log10(hi) + 1e-9);
    const every = Math.max(1, Math.ceil((last - first + 1) / 6));
    const ticks = [];
    for (let e = first; e <= last; e += every) ticks.push(10 ** e);
    return ticks;
  }
  const step = niceStep(hi - lo, 4);
  const ticks = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

function tickLabel(t, log) {
  if (!log) return fmt(t, 3);
  const e = Math.round(Math.log10(t));
  return e === 0 ? "1" : `10${[...String(e)].map((c) => SUPERSCRIPT[c]).join("")}`;
}

function esc(text) {
  return String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

// A point: a filled square, a filled circle, or (hollow) a ring drawn over the rest.
function marker(layer, x, y, color) {
  const cx = x.toFixed(1), cy = y.toFixed(1);
  if (layer.shape === "square") return `<rect x="${(x - 4).toFixed(1)}" y="${(y - 4).toFixed(1)}" width="8" height="8" fill="${color}"/>`;
  const fill = layer.hollow ? `fill="none" stroke="${color}" stroke-width="2"` : `fill="${color}"`;
  return `<circle cx="${cx}" cy="${cy}" r="${layer.hollow ? 5.5 : 4.5}" ${fill}/>`;
}

class Panel {
  // opts: title, xlabel, ylabel, xlog, ylog, height, alt (the panel's text alternative)
  constructor(opts) {
    this.opts = { height: 210, ...opts };
    this.el = document.createElement("figure");
    this.el.className = "bp-panel";
    this.svg = document.createElementNS(SVG_NS, "svg");
    this.svg.setAttribute("role", "img");
    this.svg.setAttribute("aria-label", opts.alt || opts.title);
    this.el.append(this.svg);
    this.last = null;
  }

  // spec: {xlim, ylim, layers, xticks?: [{at, label}], legend?: "left" (default: right)}
  render(spec = this.last) {
    if (!spec) return;
    this.last = spec;
    const o = this.opts;
    const width = Math.max(this.el.clientWidth || 300, 200);
    const height = o.height;
    const [x0, x1] = spec.xlim;
    const [y0, y1] = spec.ylim;
    const yticks = ticksFor(y0, y1, o.ylog);
    const ylabels = yticks.map((t) => tickLabel(t, o.ylog));
    // Room for the longest tick label (about 6.5 px a character at 11 px) and the axis title.
    const left = 24 + 6.5 * Math.max(...ylabels.map((l) => l.length), 1);
    const right = width - MARGIN.right;
    const top = MARGIN.top, bottom = height - MARGIN.bottom;
    const to = (v, lo, hi, log, a, b) => {  // data to pixels
      const f = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))
        : (v - lo) / (hi - lo);
      return a + (b - a) * f;
    };
    const clampY = (v) => Math.min(Math.max(v, y0), y1);
    const X = (v) => to(Math.min(Math.max(v, x0), x1), x0, x1, o.xlog, left, right);
    const Y = (v) => to(clampY(v), y0, y1, o.ylog, bottom, top);
    const parts = [];
    yticks.forEach((t, i) => {
      const y = Y(t).toFixed(1);
      parts.push(`<line class="bp-grid" x1="${left}" x2="${right}" y1="${y}" y2="${y}"/>`,
        `<text x="${left - 4}" y="${y}" dy="0.32em" text-anchor="end">${ylabels[i]}</text>`);
    });
    const xticks = spec.xticks || ticksFor(x0, x1, o.xlog).map((t) => ({ at: t, label: tickLabel(t, o.xlog) }));
    for (const { at, label } of xticks) {
      const x = X(at).toFixed(1);
      parts.push(`<line class="bp-axis" x1="${x}" x2="${x}" y1="${bottom}" y2="${bottom + 4}"/>`,
        `<text x="${x}" y="${bottom + 15}" text-anchor="middle">${esc(label)}</text>`);
    }
    const legend = [];
    for (const layer of spec.layers) {
      const color = layer.color || "#1f77b4";
      const dash = layer.dash ? ` stroke-dasharray="${layer.dash}"` : "";
      if (layer.kind === "line") {
        let d = "";
        let pen = "M";
        layer.x.forEach((xv, i) => {
          const yv = layer.y[i];
          if (!Number.isFinite(yv) || (o.ylog && yv <= 0)) { pen = "M"; return; }
          d += `${pen}${X(xv).toFixed(1)},${Y(yv).toFixed(1)}`;
          pen = "L";
        });
        parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${layer.width || 1.8}"${dash}/>`);
        if (layer.dots) {
          layer.x.forEach((xv, i) => Number.isFinite(layer.y[i]) && parts.push(
            `<circle cx="${X(xv).toFixed(1)}" cy="${Y(layer.y[i]).toFixed(1)}" r="2.2" fill="${color}"/>`));
        }
      } else if (layer.kind === "bars") {
        const base = Y(o.ylog ? y0 : Math.max(y0, 0));
        layer.x.forEach((xv, i) => {
          const half = (X(xv + layer.width / 2) - X(xv - layer.width / 2)) / 2;
          // A value at or below the axis floor (0 on a log axis) still shows: a 2 px stub.
          const top_ = Math.min(Y(layer.y[i]), base - 2);
          const fill = Array.isArray(layer.color) ? layer.color[i] : color;
          parts.push(`<rect x="${(X(xv) - half).toFixed(1)}" y="${top_.toFixed(1)}" width="${(2 * half).toFixed(1)}" height="${(base - top_).toFixed(1)}" fill="${fill}"/>`);
        });
      } else if (layer.kind === "points") {
        layer.x.forEach((xv, i) => parts.push(marker(layer, X(xv), Y(layer.y[i]), color)));
      } else if (layer.kind === "hline" || layer.kind === "vline") {
        const [a, b, c, d] = layer.kind === "hline"
          ? [left, right, Y(layer.at), Y(layer.at)] : [X(layer.at), X(layer.at), top, bottom];
        parts.push(`<line x1="${a}" x2="${b}" y1="${c}" y2="${d}" stroke="${color}" stroke-width="1"${dash}/>`);
      }
      if (layer.label) legend.push(layer);
    }
    // As wide as its longest label (about 6.5 px a character), on a backdrop so it
    // stays readable over the data.
    const boxWidth = 26 + 6.5 * Math.max(0, ...legend.map((l) => l.label.length));
    const at = spec.legend === "left" ? left + 6 : right - boxWidth - 2;
    if (legend.length) {
      parts.push(`<rect x="${at - 2}" y="${top + 2}" width="${boxWidth}" height="${14 * legend.length + 2}" rx="3" style="fill: var(--bp-bg); opacity: 0.85"/>`);
    }
    legend.forEach((layer, i) => {
      const y = top + 10 + 14 * i;
      const color = layer.color || "#1f77b4";
      const mark = layer.kind === "points" ? marker(layer, at + 9, y, color)
        : layer.kind === "bars" ? `<rect x="${at + 4}" y="${y - 5}" width="10" height="10" fill="${color}"/>`
          : `<line x1="${at}" x2="${at + 18}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"${layer.dash ? ` stroke-dasharray="${layer.dash}"` : ""}/>`;
      parts.push(mark, `<text x="${at + 22}" y="${y}" dy="0.32em">${esc(layer.label)}</text>`);
    });
    parts.push(`<path class="bp-axis" fill="none" d="M${left},${top}V${bottom}H${right}"/>`,
      `<text class="bp-title" x="${(left + right) / 2}" y="13" text-anchor="middle">${esc(o.title)}</text>`,
      `<text x="${(left + right) / 2}" y="${height - 4}" text-anchor="middle">${esc(o.xlabel || "")}</text>`,
      `<text transform="translate(11,${(top + bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(o.ylabel || "")}</text>`);
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.svg.setAttribute("width", width);
    this.svg.setAttribute("height", height);
    this.svg.innerHTML = parts.join("");
  }
}
