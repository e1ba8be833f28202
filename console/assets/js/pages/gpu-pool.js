// The tenant's GPU pool: what GET /api/gpu-pool says (settings, machines and the task each runs,
// tasks waiting for a machine, spend split into the tasks' share and idle time), read again
// every few seconds while the page is open; a form that sets or changes it (PUT), and delete
// with a confirmation (DELETE), after which the machines are shown closing until the API
// answers 404: no pool.

import { api } from "../api.js";
import { h, fill, toast, badge, formError, showProblem, clearProblem } from "../dom.js";
import { usd, int, dateTime, shortId } from "../format.js";
import { cloudFields } from "../cloud.js";

// shared::domain::gpu_pool::SERVED_MODELS: a gated one needs a Hugging Face token on the
// deployment's machines, or the PUT is a 400 on `model` that says so.
const MODELS = [["qwen2.5:7b", "qwen2.5:7b · Qwen2.5 7B Instruct"], ["qwen2.5:14b", "qwen2.5:14b · Qwen2.5 14B Instruct"], ["phi3.5:mini", "phi3.5:mini · Phi-3.5 mini"], ["llama3.1:8b", "llama3.1:8b · Llama 3.1 8B (gated)"], ["mistral:7b", "mistral:7b · Mistral 7B v0.3 (gated)"]];
const POLL_MS = 2000;
// With no pool there is nothing to follow closely; another client may still create one.
const POLL_EMPTY_MS = 10_000;

function number(id, label, { min, max, value, hint }) {
  return h(
    "div",
    {},
    h("label", { for: id }, label),
    h("input", { id, type: "number", inputmode: "numeric", min, max, step: 1, value, required: true, "aria-describedby": hint ? `${id}-hint` : undefined }),
    hint ? h("small", { id: `${id}-hint`, class: "muted hint" }, hint) : null,
  );
}

function settingsForm() {
  const cloud = cloudFields("pool-");
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "pool-form-title", novalidate: true },
    h("h2", { id: "pool-form-title" }, "Set up a pool"),
    h("p", { class: "muted" }, "Machines are rented when GPU tasks wait and terminate after their idle minutes: with no work, the pool costs nothing."),
    h("div", { class: "row" }, cloud.wrappers, h("div", {}, h("label", { for: "pool-model" }, "Model"), h("select", { id: "pool-model" }, MODELS.map(([v, t]) => h("option", { value: v }, t))))),
    h(
      "div",
      { class: "row" },
      number("pool-max-instances", "Machines at most", { min: 1, max: 10, value: 2, hint: "1–10, starting ones included" }),
      number("pool-idle-minutes", "Idle minutes before a machine stops", { min: 5, max: 120, value: 10, hint: "5–120" }),
      number("pool-disk", "Disk (GB)", { min: 30, value: 100, hint: "30 or more" }),
    ),
    formError(),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Create pool")),
  );
  const fields = { ...cloud.ids, model: "pool-model", maxInstances: "pool-max-instances", idleMinutes: "pool-idle-minutes", diskSizeGB: "pool-disk" };
  const control = (field) => form.querySelector(`#${fields[field]}`);
  return {
    form,
    fields,
    body: () => ({
      ...cloud.value(),
      model: control("model").value,
      maxInstances: Number(control("maxInstances").value),
      idleMinutes: Number(control("idleMinutes").value),
      diskSizeGB: Number(control("diskSizeGB").value),
    }),
    /** Shows the pool's settings (unless the user is editing them) and names the action. */
    show(pool, { force = false } = {}) {
      form.querySelector("#pool-form-title").textContent = pool ? "Change the pool" : "Set up a pool";
      form.querySelector("button[type=submit]").textContent = pool ? "Save changes" : "Create pool";
      if (!pool || (form.dataset.dirty && !force)) return;
      cloud.set(pool);
      control("model").value = pool.model;
      for (const field of ["maxInstances", "idleMinutes", "diskSizeGB"]) control(field).value = pool[field];
      delete form.dataset.dirty;
    },
  };
}

/**
 * One figure with its label. A `live` one is announced when it changes, label and all; the
 * spend figures are not: they move at every read while a machine runs, which would be an
 * announcement every two seconds (the Machines page keeps its ticking costs quiet too).
 */
function figure(label, value, key, live = false) {
  return h("div", live ? { "aria-live": "polite", "aria-atomic": "true" } : {}, h("strong", { "data-figure": key }, value), h("span", {}, label));
}

/** Sets a figure's text only when it changed, so the live region announces changes alone. */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function machineRows(instances) {
  if (!instances.length) return [h("tr", {}, h("td", { colspan: 5, class: "empty" }, "No machine: none is needed until a GPU task waits."))];
  return instances.map((i) =>
    h(
      "tr",
      { "data-instance": i.id },
      h("td", {}, h("span", { class: "mono", title: i.id }, shortId(i.id)), h("div", { class: "muted" }, i.instanceType)),
      h("td", {}, badge(i.status)),
      h("td", {}, i.taskId ? h("span", { class: "mono", title: i.taskId }, shortId(i.taskId)) : h("span", { class: "muted" }, "idle")),
      h("td", { class: "hide-narrow" }, dateTime(i.createdAt)),
      h("td", { class: "num" }, usd(i.totalCost, 6)),
    ),
  );
}

function waitingItems(waiting) {
  if (!waiting.length) return [h("li", { class: "muted" }, "No task is waiting for a machine.")];
  return waiting.map((w) => h("li", {}, h("span", { class: "mono", title: w.taskId }, shortId(w.taskId)), " ", badge(w.priority), h("span", { class: "muted" }, ` since ${dateTime(w.createdAt)}`)));
}

export async function render(main, signal) {
  const settings = settingsForm();
  const { form } = settings;

  const empty = h(
    "section",
    { class: "card empty-state", "aria-labelledby": "pool-empty-title", tabindex: -1, hidden: true },
    h("h2", { id: "pool-empty-title" }, "No GPU pool"),
    h("p", {}, "A task submitted with compute GPU runs its model calls on your own GPU machines, rented by the queue when work waits and released when idle. Without a pool, such a task is refused."),
    h("button", { type: "button", class: "primary", onclick: () => form.querySelector("select, input").focus() }, "Set up a pool"),
  );

  const status = h("span", {});
  const config = h("dl", { class: "facts" });
  const figures = h(
    "div",
    { class: "stats", role: "group", "aria-label": "Pool figures" },
    figure("machines", "–", "machines", true),
    figure("waiting tasks", "–", "waiting", true),
    figure("total spend", "–", "total"),
    figure("tasks' share", "–", "tasks"),
    figure("idle", "–", "idle"),
  );
  const notice = h("p", { class: "notice", role: "status", tabindex: -1, hidden: true });
  const launches = h("p", { class: "error", hidden: true });
  const machines = h("tbody", {});
  const waiting = h("ul", { class: "waiting", "aria-label": "Waiting tasks" });
  const deleteButton = h("button", { type: "button", class: "danger" }, "Delete pool");
  const confirm = h(
    "div",
    { class: "confirm", role: "group", "aria-labelledby": "pool-confirm-text", hidden: true },
    h("p", { id: "pool-confirm-text" }, "Delete the pool? New GPU tasks are refused and waiting ones fail; each machine finishes its running task, then terminates."),
    h("div", { class: "actions" }, h("button", { type: "button", class: "danger", "data-confirm": "" }, "Yes, delete the pool"), h("button", { type: "button", "data-keep": "" }, "Keep it")),
  );
  const state = h(
    "section",
    { class: "card", "aria-labelledby": "pool-state-title", hidden: true },
    h("div", { class: "page-head" }, h("h2", { id: "pool-state-title" }, "Your pool"), status),
    notice,
    figures,
    launches,
    config,
    h("h3", {}, "Machines"),
    h("div", { class: "table-wrap" }, h("table", { "aria-label": "Pool machines" }, h("thead", {}, h("tr", {}, h("th", {}, "Machine"), h("th", {}, "Status"), h("th", {}, "Task"), h("th", { class: "hide-narrow" }, "Started"), h("th", { class: "num" }, "Cost"))), machines)),
    h("h3", {}, "Waiting for a machine"),
    waiting,
    h("div", { class: "actions" }, deleteButton),
    confirm,
  );

  main.append(
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "GPU pool"), h("p", { class: "muted" }, "GPU machines that exist only while GPU tasks need them; every second of them accounted for."))),
    h("div", { class: "grid split" }, h("div", { class: "grid" }, empty, state), form),
  );

  let pool = null;
  let shownMachines = "";

  const show = (view, { force = false } = {}) => {
    const had = pool;
    pool = view;
    empty.hidden = Boolean(view);
    state.hidden = !view;
    settings.show(view, { force });
    if (!view) {
      confirm.hidden = true;
      if (had) toast("The GPU pool is deleted: its machines are terminated.");
      return;
    }
    const deleting = view.status === "DELETING";
    if (status.textContent !== view.status) fill(status, badge(view.status));
    notice.hidden = !deleting;
    notice.textContent = deleting ? "Deleting: no new GPU task is accepted; machines finish their running task, then terminate. Saving the settings keeps the pool." : "";
    deleteButton.hidden = deleting;
    if (deleting) confirm.hidden = true;
    const live = view.instances.filter((i) => !["TERMINATED", "FAILED"].includes(i.status)).length;
    const by = (key) => figures.querySelector(`[data-figure="${key}"]`);
    setText(by("machines"), `${int(live)} / ${int(view.maxInstances)}`);
    setText(by("waiting"), int(view.waitingTasks.length));
    setText(by("total"), usd(view.spend.totalUsd, 6));
    setText(by("tasks"), usd(view.spend.tasksUsd, 6));
    setText(by("idle"), usd(view.spend.idleUsd, 6));
    launches.hidden = !view.failedLaunches;
    launches.textContent = view.failedLaunches ? `${view.failedLaunches} launch(es) in a row never served (at 3 the waiting tasks fail): ${view.lastLaunchError ?? ""}` : "";
    fill(
      config,
      [
        ["Cloud", `${view.provider} · ${view.region}`],
        ["Type", `${view.instanceType} at ${usd(view.costPerHour, 3)}/h`],
        ["Model", view.model],
        ["Machines at most", int(view.maxInstances)],
        ["Idle stop", `${int(view.idleMinutes)} min`],
        ["Disk", `${int(view.diskSizeGB)} GB`],
        ["Since", dateTime(view.createdAt)],
      ].flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
    );
    // Rows are redrawn only when something in them changed: a reader's place is kept.
    const signature = JSON.stringify([view.instances, view.waitingTasks]);
    if (signature !== shownMachines) {
      shownMachines = signature;
      fill(machines, machineRows(view.instances));
      fill(waiting, waitingItems(view.waitingTasks));
    }
  };

  const refresh = async () => {
    try {
      show(await api("GET", "/api/gpu-pool", undefined, { signal }));
    } catch (err) {
      if (err.status === 404) show(null);
      else throw err;
    }
  };

  let timer;
  const poll = async () => {
    try {
      await refresh();
    } catch (err) {
      if (err.name === "AbortError") return;
      toast(err.message, true);
    }
    // One timer at a time, even when a change's poll ran beside a scheduled one.
    clearTimeout(timer);
    if (!signal.aborted) timer = setTimeout(poll, pool ? POLL_MS : POLL_EMPTY_MS);
  };
  signal.addEventListener("abort", () => clearTimeout(timer));
  // Polling again at once after a change, so the page shows its effect without waiting.
  const again = () => {
    clearTimeout(timer);
    return poll();
  };

  form.addEventListener("input", () => (form.dataset.dirty = "true"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = event.submitter;
    if (button) button.disabled = true;
    try {
      const view = await api("PUT", "/api/gpu-pool", settings.body(), { signal });
      clearProblem(form);
      show(view, { force: true });
      toast(`GPU pool saved: at most ${view.maxInstances} × ${view.instanceType} serving ${view.model}`);
    } catch (err) {
      if (err.name !== "AbortError") showProblem(form, err, settings.fields);
    } finally {
      if (button) button.disabled = false;
    }
  });

  deleteButton.addEventListener("click", () => {
    confirm.hidden = false;
    confirm.querySelector("[data-keep]").focus();
  });
  confirm.querySelector("[data-keep]").addEventListener("click", () => {
    confirm.hidden = true;
    deleteButton.focus();
  });
  confirm.querySelector("[data-confirm]").addEventListener("click", async () => {
    try {
      show(await api("DELETE", "/api/gpu-pool", undefined, { signal }));
      // The confirmation is gone: focus goes to what now says the pool is closing.
      (notice.hidden ? empty : notice).focus();
      await again();
    } catch (err) {
      if (err.name === "AbortError") return;
      toast(err.message, true);
      await again();
    }
  });

  await poll();
}
