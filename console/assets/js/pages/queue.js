// The analysis queue: submit (on the model providers or the tenant's GPU pool), filter, follow
// each running task's progress live (Server-Sent Events from the task's events route), read a
// task's details (a GPU task's machine, GPU time and cost) and timeline, cancel.

import { api, readEvents } from "../api.js";
import { h, fill, select, toast, badge, progressBar, setProgress, formError, showProblem, clearProblem, fieldError } from "../dom.js";
import { dateTime, time, shortId, usd, seconds } from "../format.js";

const FINAL = ["COMPLETED", "FAILED", "CANCELLED"];
const TYPES = [["DOCUMENT_ANALYSIS", "Document analysis"], ["CHAT_RESPONSE", "Chat response"], ["BATCH_PROCESSING", "Batch (one item per paragraph)"], ["REPORT_GENERATION", "Report (one section per paragraph)"]];
const PRIORITIES = [["URGENT", "Urgent"], ["HIGH", "High"], ["NORMAL", "Normal"], ["LOW", "Low"]];
const COMPUTE = [["CPU", "Model providers (CPU)"], ["GPU", "Your GPU pool"]];
const FIELDS = { type: "task-type", priority: "task-priority", compute: "task-compute", data: "task-content" };
// Browsers open at most six connections to one origin: a few live streams, the rest polled.
const MAX_STREAMS = 3;

/** The task's `data` for a type, from one text box (paragraphs split on blank lines). */
function taskData(type, content, question) {
  const paragraphs = content.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  switch (type) {
    case "CHAT_RESPONSE":
      return { message: content };
    case "BATCH_PROCESSING":
      return { items: paragraphs.map((p) => ({ document: { content: p } })) };
    case "REPORT_GENERATION":
      return { title: question || "Report", sections: paragraphs.map((p, i) => ({ heading: `Part ${i + 1}`, content: p })) };
    default:
      return question ? { document: { content }, question } : { document: { content } };
  }
}

/** Where a GPU task ran and what its machine time cost. */
function gpuFacts(task) {
  return h(
    "dl",
    { class: "facts", role: "group", "aria-label": `GPU use of task ${shortId(task.id)}` },
    h("dt", {}, "Compute"), h("dd", {}, "GPU pool"),
    h("dt", {}, "Machine"), h("dd", {}, task.instanceId ? h("span", { class: "mono" }, task.instanceId) : h("span", { class: "muted" }, "none yet: waiting for one")),
    h("dt", {}, "GPU time"), h("dd", {}, seconds(task.gpuSeconds ?? 0)),
    h("dt", {}, "GPU cost"), h("dd", { "data-gpu-cost": "" }, usd(task.gpuCostUsd ?? 0, 6)),
  );
}

function barState(status) {
  return status === "COMPLETED" ? "done" : FINAL.includes(status) ? "stopped" : "";
}

export async function render(main, signal) {
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "submit-title" },
    h("h2", { id: "submit-title" }, "Submit a task"),
    h("div", { class: "row" }, h("div", {}, select("task-type", "Type", TYPES, "DOCUMENT_ANALYSIS")), h("div", {}, select("task-priority", "Priority", PRIORITIES, "NORMAL")), h("div", {}, select("task-compute", "Compute", COMPUTE, "CPU")), h("div", {}, h("label", { for: "task-question" }, "Question or title (optional)"), h("input", { id: "task-question", maxlength: 500 }))),
    h("label", { for: "task-content" }, "Document or message"),
    h("textarea", { id: "task-content", required: true, rows: 4 }, "Potassium 3.1 mmol/L (L), sodium 139 mmol/L. Patient denies chest pain."),
    formError(),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Submit task")),
  );
  const filters = h(
    "form",
    { class: "row", "aria-label": "Filters" },
    h("div", {}, select("filter-status", "Filter by status", [["", "Any status"], ["PENDING", "Pending"], ["PROCESSING", "Processing"], ["COMPLETED", "Completed"], ["FAILED", "Failed"], ["CANCELLED", "Cancelled"]], "")),
    h("div", {}, select("filter-type", "Filter by type", [["", "Any type"], ...TYPES], "")),
    h("div", {}, select("filter-priority", "Filter by priority", [["", "Any priority"], ...PRIORITIES], "")),
  );
  const body = h("tbody", {});
  const table = h(
    "div",
    { class: "table-wrap" },
    h("table", { "aria-label": "Tasks" }, h("thead", {}, h("tr", {}, h("th", {}, "Task"), h("th", { class: "hide-narrow" }, "Priority"), h("th", {}, "Status"), h("th", {}, "Progress"), h("th", { class: "hide-narrow" }, "Created"), h("th", {}, h("span", { class: "muted" }, "Actions")))), body),
  );
  main.append(
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Queue"), h("p", { class: "muted" }, "Tasks run by priority; progress streams in as they run."))),
    h("div", { class: "grid" }, form, h("section", { class: "card", "aria-labelledby": "tasks-title" }, h("h2", { id: "tasks-title" }, "Tasks"), filters, table)),
  );

  const rows = new Map();
  const streams = new Map();

  const update = (id, status, progress) => {
    const r = rows.get(id);
    if (!r) return;
    const changed = r.status.textContent !== status;
    if (changed) r.status.replaceWith((r.status = badge(status)));
    setProgress(r.bar, progress, barState(status));
    if (FINAL.includes(status)) r.cancel.remove();
    // Open details are read again when the task ends: its machine, GPU time and cost are final.
    if (changed && FINAL.includes(status) && r.detail) showDetails(r.task).catch((err) => toast(err.message, true));
  };

  const follow = async (id) => {
    const controller = new AbortController();
    signal.addEventListener("abort", () => controller.abort());
    streams.set(id, controller);
    let last = 0;
    let ended = false;
    try {
      while (!ended && !controller.signal.aborted) {
        await readEvents(`/api/analysis-queue/${id}/events`, {
          signal: controller.signal,
          lastEventId: last,
          onEvent: (e) => {
            if (e.event === "end") ended = true;
            else if (e.data && typeof e.data === "object" && "progress" in e.data) {
              last = Number(e.id ?? last);
              update(id, e.data.status, e.data.progress);
            }
          },
        });
      }
    } catch (err) {
      if (err.name !== "AbortError") toast(err.message, true);
    } finally {
      streams.delete(id);
    }
  };

  const showDetails = async (task) => {
    const [view, { events }] = await Promise.all([
      api("GET", `/api/analysis-queue/${task.id}`, undefined, { signal }),
      api("GET", `/api/analysis-queue/${task.id}/events`, undefined, { signal }),
    ]);
    const r = rows.get(task.id);
    if (!r || !r.detail) return;
    const list = h(
      "ol",
      { class: "timeline", "aria-label": `Events of task ${shortId(task.id)}` },
      events.map((e) => h("li", { class: e.type === "failed" ? "bad" : undefined }, `${e.type} · ${e.status} · ${e.progress} %`, e.detail ? ` — ${e.detail}` : "", e.error ? ` — ${e.error}` : "", h("time", { datetime: e.at }, time(e.at)))),
    );
    fill(r.detail.firstChild, view.compute === "GPU" ? gpuFacts(view) : null, list);
  };

  const toggleDetails = async (task, button) => {
    const open = button.getAttribute("aria-expanded") === "true";
    const r = rows.get(task.id);
    r.detail?.remove();
    r.detail = null;
    button.setAttribute("aria-expanded", String(!open));
    if (open) return;
    r.detail = h("tr", { class: "details" }, h("td", { colspan: 6 }));
    r.row.after(r.detail);
    await showDetails(task);
  };

  const cancel = async (task) => {
    try {
      const view = await api("DELETE", `/api/analysis-queue/${task.id}`, undefined, { signal });
      update(task.id, view.status, view.progress);
      toast(`Task ${shortId(task.id)} cancelled`);
    } catch (err) {
      toast(err.message, true);
    }
  };

  const row = (task) => {
    const status = badge(task.status);
    const bar = progressBar(task.progress, `Progress of task ${shortId(task.id)}`, barState(task.status));
    const events = h("button", { type: "button", class: "small", "aria-expanded": "false" }, "Details");
    events.addEventListener("click", () => toggleDetails(task, events).catch((err) => toast(err.message, true)));
    const cancelButton = h("button", { type: "button", class: "small danger", onclick: () => cancel(task) }, "Cancel");
    const tr = h(
      "tr",
      { "data-task": task.id },
      h("td", {}, h("div", {}, task.type.replace("_", " ").toLowerCase()), h("span", { class: "muted mono" }, shortId(task.id)), " ", task.compute === "GPU" ? badge("GPU") : null, " ", h("span", { class: "show-narrow" }, badge(task.priority))),
      h("td", { class: "hide-narrow" }, badge(task.priority)),
      h("td", {}, status),
      h("td", {}, bar),
      h("td", { class: "hide-narrow" }, dateTime(task.createdAt)),
      h("td", {}, h("div", { class: "actions" }, events, FINAL.includes(task.status) ? null : cancelButton)),
    );
    return { row: tr, status, bar, cancel: cancelButton, detail: null, task };
  };

  const query = () => {
    const params = new URLSearchParams({ limit: "25" });
    for (const [name, id] of [["status", "filter-status"], ["type", "filter-type"], ["priority", "filter-priority"]]) {
      const v = filters.querySelector(`#${id}`).value;
      if (v) params.set(name, v);
    }
    return params;
  };

  const refresh = async () => {
    const { tasks } = await api("GET", `/api/analysis-queue?${query()}`, undefined, { signal });
    const ids = tasks.map((t) => t.id).join();
    if (ids !== [...rows.keys()].join()) {
      rows.clear();
      const made = tasks.map((t) => {
        const r = row(t);
        rows.set(t.id, r);
        return r.row;
      });
      fill(body, made.length ? made : h("tr", {}, h("td", { colspan: 6, class: "empty" }, "No tasks match.")));
    }
    for (const t of tasks) {
      if (!streams.has(t.id)) update(t.id, t.status, t.progress);
      if (!FINAL.includes(t.status) && !streams.has(t.id) && streams.size < MAX_STREAMS) follow(t.id);
    }
  };

  filters.addEventListener("change", () => refresh().catch((err) => toast(err.message, true)));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const type = form.querySelector("#task-type").value;
    const content = form.querySelector("#task-content").value.trim();
    const question = form.querySelector("#task-question").value.trim();
    const compute = form.querySelector("#task-compute").value;
    if (!content) return toast("Write the document or message first.", true);
    try {
      const task = await api("POST", "/api/analysis-queue", { type, priority: form.querySelector("#task-priority").value, compute, data: taskData(type, content, question) }, { signal });
      clearProblem(form);
      toast(`Task ${shortId(task.id)} submitted${compute === "GPU" ? " to your GPU pool" : ""}`);
      await refresh();
    } catch (err) {
      if (err.name === "AbortError") return;
      if (err.status === 409 && compute === "GPU") {
        // The API's 409 names the missing pool: said at the field that asked for it, with the way to one.
        clearProblem(form);
        fieldError(form.querySelector("#task-compute"), err.message, " ", h("a", { href: "#/gpu-pool" }, "Set up a GPU pool"));
      } else showProblem(form, err, FIELDS);
    }
  });

  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), 3000);
  signal.addEventListener("abort", () => clearInterval(timer));
}
