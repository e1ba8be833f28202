// Daily spend (LLM and GPU stacked) and optimizer savings (a line) as one SVG, drawn from the
// usage route's per-day totals. Described for screen readers by its aria-label.

import { s } from "./dom.js";
import { usd } from "./format.js";

const W = 720;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 26 };

export function dailyChart(days) {
  const max = Math.max(0.0001, ...days.map((d) => Math.max(d.llmCostUsd + d.gpuCostUsd, d.savedUsd)));
  const top = niceCeiling(max);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, days.length);
  const y = (v) => PAD.top + plotH - (v / top) * plotH;
  const total = days.reduce((sum, d) => sum + d.llmCostUsd + d.gpuCostUsd, 0);
  const saved = days.reduce((sum, d) => sum + d.savedUsd, 0);
  const svg = s("svg", {
    viewBox: `0 0 ${W} ${H}`,
    role: "img",
    "aria-label": `Daily spend over ${days.length} days: ${usd(total)} in all; optimizer savings ${usd(saved)}.`,
  });
  for (const frac of [0, 0.5, 1]) {
    const v = top * frac;
    svg.append(
      s("line", { class: "axis", x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }),
      s("text", { x: PAD.left - 6, y: y(v) + 3, "text-anchor": "end" }, usd(v, v === 0 ? 2 : v < 0.1 ? 3 : v < 1 ? 2 : 0)),
    );
  }
  days.forEach((d, i) => {
    const x = PAD.left + i * step + step * 0.15;
    const w = step * 0.7;
    const llmTop = y(d.llmCostUsd);
    svg.append(
      s("rect", { x, width: w, y: llmTop, height: PAD.top + plotH - llmTop, fill: "var(--llm)", rx: 2 }, s("title", {}, `${d.date}: LLM ${usd(d.llmCostUsd)}`)),
      s("rect", { x, width: w, y: y(d.llmCostUsd + d.gpuCostUsd), height: llmTop - y(d.llmCostUsd + d.gpuCostUsd), fill: "var(--gpu)", rx: 2 }, s("title", {}, `${d.date}: GPU ${usd(d.gpuCostUsd)}`)),
    );
    // A label a week, and the last day's unless it would sit on the previous one.
    if (i % 7 === 0 || (i === days.length - 1 && i % 7 >= 3)) {
      svg.append(s("text", { x: x + w / 2, y: H - 8, "text-anchor": "middle" }, d.date.slice(5)));
    }
  });
  const points = days.map((d, i) => `${PAD.left + i * step + step / 2},${y(d.savedUsd)}`).join(" ");
  svg.append(s("polyline", { points, fill: "none", stroke: "var(--saved)", "stroke-width": 2.5, "stroke-linejoin": "round" }));
  return svg;
}

function niceCeiling(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
