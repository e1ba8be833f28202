// This month's spend against the budget, savings, tasks per status, machines running now with
// their cost ticking, and 30 days of daily spend and savings.

import { api } from "../api.js";
import { h, fill } from "../dom.js";
import { usd, int, pct } from "../format.js";
import { dailyChart } from "../chart.js";
import { liveCosts, isLive } from "./machines.js";

const DAY_MS = 86_400_000;

function kpi(label, value, sub, extra) {
  return h("section", { class: "card kpi", "aria-label": label }, h("div", { class: "label" }, label), h("div", { class: "value" }, value), h("div", { class: "sub" }, sub), extra);
}

export async function render(main, signal) {
  const head = h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Overview"), h("p", { class: "muted" }, "Spend, savings and work of your tenant, live.")));
  const kpis = h("div", { class: "grid kpis" });
  const chart = h("section", { class: "card chart", "aria-labelledby": "chart-title" }, h("h2", { id: "chart-title" }, "Daily spend and savings, last 30 days"));
  const tasks = h("section", { class: "card", "aria-labelledby": "tasks-title" }, h("h2", { id: "tasks-title" }, "Tasks per status"));
  const running = h("section", { class: "card", "aria-labelledby": "running-title" }, h("h2", { id: "running-title" }, "Machines running now"));
  main.append(head, kpis, h("div", { class: "grid split" }, chart, h("div", { class: "grid" }, tasks, running)));

  const today = new Date();
  const from = new Date(today.getTime() - 29 * DAY_MS).toISOString().slice(0, 10);
  const to = today.toISOString().slice(0, 10);
  const [conversations, optimizer, queue, instances, usage] = await Promise.all([
    api("GET", "/api/chatbot/conversations?limit=1", undefined, { signal }),
    api("GET", "/api/context-optimizer/stats", undefined, { signal }),
    api("GET", "/api/analysis-queue/stats", undefined, { signal }),
    api("GET", "/api/instances?limit=50", undefined, { signal }),
    api("GET", `/api/tenant/usage?from=${from}&to=${to}`, undefined, { signal }),
  ]);

  const spend = conversations.spend;
  const month = usage.days.filter((d) => d.date.startsWith(spend.period));
  const llm = spend.totalCost;
  const gpu = month.reduce((sum, d) => sum + d.gpuCostUsd, 0);
  const budget = spend.budget;
  const meter = h("div", { class: "meter", "aria-hidden": "true" });
  if (budget) {
    for (const [cls, v] of [["llm", llm], ["gpu", gpu]]) {
      const part = h("span", { class: cls });
      part.style.width = `${Math.min(100, (v / budget) * 100)}%`;
      meter.append(part);
    }
  }
  fill(
    kpis,
    kpi(
      `Spend in ${new Date(`${spend.period}-01T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" })}`,
      usd(llm + gpu, 2),
      budget ? `of ${usd(budget, 2)} budget · ${pct(((llm + gpu) / budget) * 100)}` : "no monthly budget set",
      [budget ? meter : null, h("div", { class: "legend" }, h("span", {}, h("i", { class: "llm" }), `LLM ${usd(llm)}`), h("span", {}, h("i", { class: "gpu" }), `GPU ${usd(gpu)}`))],
    ),
    kpi("Tokens saved", int(optimizer.tokensSaved), `${int(optimizer.optimizations)} optimizations · ${pct(optimizer.averageReductionPercentage)} average`),
    kpi("Saved by the optimizer", usd(optimizer.estimatedSavingsUsd), `at ${usd(optimizer.pricePerMillionTokensUsd, 2)} per million tokens`),
    kpi("Queue", int(queue.queueLength), `waiting · ${int(queue.byStatus.PROCESSING ?? 0)} processing`),
  );

  const days = usage.days;
  fill(
    chart,
    h("h2", { id: "chart-title" }, "Daily spend and savings, last 30 days"),
    dailyChart(days),
    h("div", { class: "legend" }, h("span", {}, h("i", { class: "llm" }), "LLM spend"), h("span", {}, h("i", { class: "gpu" }), "GPU spend"), h("span", {}, h("i", { class: "saved" }), "Saved by the optimizer")),
  );

  tasks.append(
    h(
      "table",
      {},
      h("tbody", {}, Object.entries(queue.byStatus).map(([status, n]) => h("tr", {}, h("td", {}, h("span", { class: `badge ${status}` }, status)), h("td", { class: "num" }, int(n))))),
    ),
  );

  const live = instances.instances.filter((i) => isLive(i.status));
  if (!live.length) {
    running.append(h("p", { class: "muted" }, "None. Rent one on the Machines page."));
  } else {
    const rows = live.map((i) => {
      const cost = h("td", { class: "num", "data-cost": i.id }, usd(i.totalCost));
      return { i, row: h("tr", {}, h("td", {}, i.instanceType), h("td", {}, h("span", { class: `badge ${i.status}` }, i.status)), cost) };
    });
    running.append(h("table", {}, h("tbody", {}, rows.map((r) => r.row))));
    liveCosts(live, running, signal);
  }
}
