// GPU machines: rent one, follow each one's lifecycle as a timeline with its cost ticking live,
// terminate. The API's totalCost is the truth; between polls the figure advances at the
// machine's hourly rate only once the API has shown it rising (a billing minimum holds it still).

import { api } from "../api.js";
import { h, fill, toast, badge, formError, showProblem, clearProblem } from "../dom.js";
import { usd, time, duration, shortId } from "../format.js";
import { cloudFields } from "../cloud.js";

const FINAL = ["TERMINATED", "FAILED"];
const STEPS = ["PROVISIONING", "CONFIGURING", "READY", "RUNNING", "STOPPING", "TERMINATED"];

export const isLive = (status) => !FINAL.includes(status);

/**
 * Keeps every `[data-cost="<id>"]` under `root` showing the machine's cost, live, until
 * `signal` aborts; `onChange(view)` hears each fresh read.
 */
export function liveCosts(instances, root, signal, onChange = () => {}) {
  const state = new Map(instances.map((i) => [i.id, { view: i, at: performance.now(), rising: false }]));
  const poll = async () => {
    for (const [id, st] of state) {
      if (!isLive(st.view.status)) continue;
      try {
        const view = await api("GET", `/api/instances/${id}`, undefined, { signal });
        st.rising = view.totalCost > st.view.totalCost && isLive(view.status);
        st.view = view;
        st.at = performance.now();
        onChange(view);
      } catch (err) {
        if (err.name === "AbortError") return;
      }
    }
  };
  const tick = () => {
    for (const [id, st] of state) {
      const el = root.querySelector(`[data-cost="${CSS.escape(id)}"]`);
      if (!el) continue;
      const extra = st.rising ? ((performance.now() - st.at) / 3_600_000) * st.view.costPerHour : 0;
      el.textContent = usd(st.view.totalCost + extra, 6);
    }
  };
  const timers = [setInterval(poll, 2000), setInterval(tick, 200)];
  signal.addEventListener("abort", () => timers.forEach(clearInterval));
  return state;
}

function timeline(i) {
  // Steps the record proves were passed: its times, and where it stands now. A machine that went
  // from READY straight to TERMINATED was never RUNNING, and its timeline does not say it was.
  const now = STEPS.indexOf(i.status);
  const reached = {
    PROVISIONING: true,
    CONFIGURING: Boolean(i.readyAt) || now >= 1,
    READY: Boolean(i.readyAt),
    RUNNING: i.status === "RUNNING",
    STOPPING: i.status === "STOPPING",
    TERMINATED: Boolean(i.terminatedAt),
  };
  const at = { PROVISIONING: i.createdAt, READY: i.readyAt, TERMINATED: i.terminatedAt };
  const final = FINAL.includes(i.status);
  const items = STEPS.filter((step) => reached[step] || !final).map((step) =>
    h("li", { class: reached[step] ? undefined : "future" }, step.charAt(0) + step.slice(1).toLowerCase(), at[step] && reached[step] ? h("time", { datetime: at[step] }, time(at[step])) : null),
  );
  if (i.status === "FAILED") items.push(h("li", { class: "bad" }, "Failed", i.error ? ` — ${i.error}` : ""));
  return h("ol", { class: "timeline", "aria-label": "Lifecycle" }, items);
}

function card(i, onTerminate) {
  const lifetime = i.terminatedAt ? (new Date(i.terminatedAt) - new Date(i.createdAt)) / 1000 : null;
  return h(
    "article",
    { class: "card machine", "data-id": i.id, "aria-label": `Machine ${i.instanceType}` },
    h("div", { class: "page-head" }, h("div", {}, h("h3", {}, i.instanceType), h("span", { class: "muted mono" }, `${i.provider} · ${i.region} · ${shortId(i.id)}`)), badge(i.status)),
    h("div", {}, h("span", { class: "cost", "data-cost": i.id, "aria-live": "off" }, usd(i.totalCost, 6)), h("span", { class: "muted" }, ` at ${usd(i.costPerHour, 3)}/h`)),
    h(
      "dl",
      {},
      h("dt", {}, "Purpose"), h("dd", {}, i.purpose || "–"),
      h("dt", {}, "Idle stop"), h("dd", {}, `${i.autoTerminateMinutes} min`),
      h("dt", {}, "Disk"), h("dd", {}, `${i.diskSizeGB} GB`),
      lifetime !== null ? [h("dt", {}, "Lifetime"), h("dd", {}, duration(lifetime))] : null,
    ),
    timeline(i),
    isLive(i.status) ? h("div", { class: "actions" }, h("button", { type: "button", class: "danger", onclick: () => onTerminate(i) }, "Terminate")) : null,
  );
}

export async function render(main, signal) {
  const cloud = cloudFields();
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "rent-title", novalidate: true },
    h("h2", { id: "rent-title" }, "Rent a GPU machine"),
    h(
      "div",
      { class: "row" },
      cloud.wrappers,
      h("div", {}, h("label", { for: "auto-terminate" }, "Stop when idle (minutes)"), h("input", { id: "auto-terminate", type: "number", min: 5, max: 120, value: 30, required: true })),
      h("div", {}, h("label", { for: "purpose" }, "Purpose"), h("input", { id: "purpose", maxlength: 200, placeholder: "vLLM for batch summaries" })),
      h("button", { type: "submit", class: "primary" }, "Rent"),
    ),
    formError(),
  );
  const fields = { ...cloud.ids, autoTerminateMinutes: "auto-terminate", purpose: "purpose" };
  const list = h("div", { class: "machines", "aria-live": "polite" });
  main.append(
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Machines"), h("p", { class: "muted" }, "Every machine's lifecycle and cost, per second, live."))),
    form,
    h("h2", { class: "section-title" }, "Your machines"),
    list,
  );

  let live = new AbortController();
  signal.addEventListener("abort", () => live.abort());
  const terminate = async (i) => {
    try {
      await api("DELETE", `/api/instances/${i.id}`, undefined, { signal });
      toast(`Terminated ${i.instanceType}`);
      await refresh();
    } catch (err) {
      toast(err.message, true);
    }
  };
  const refresh = async () => {
    const { instances } = await api("GET", "/api/instances?limit=50", undefined, { signal });
    live.abort();
    live = new AbortController();
    if (!instances.length) {
      fill(list, h("p", { class: "card empty" }, "No machines yet."));
      return;
    }
    fill(list, instances.map((i) => card(i, terminate)));
    const watched = instances.filter((i) => isLive(i.status));
    // A status change redraws the cards (new timeline step, no terminate button once final).
    liveCosts(watched, list, live.signal, (view) => {
      const shown = list.querySelector(`[data-id="${CSS.escape(view.id)}"] .badge`);
      if (shown && shown.textContent !== view.status) refresh().catch(() => {});
    });
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      ...cloud.value(),
      diskSizeGB: 100,
      autoTerminateMinutes: Number(form.querySelector("#auto-terminate").value),
    };
    const purpose = form.querySelector("#purpose").value.trim();
    if (purpose) body.purpose = purpose;
    try {
      const created = await api("POST", "/api/instances", body, { signal });
      clearProblem(form);
      toast(`Renting ${created.instanceType}: ${created.status}`);
      await refresh();
    } catch (err) {
      if (err.name !== "AbortError") showProblem(form, err, fields);
    }
  });
  await refresh();
}
