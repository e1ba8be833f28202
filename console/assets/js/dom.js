// A few DOM helpers. Text always goes in as text nodes: nothing from the API is parsed as HTML.

/** h("div", { class: "card" }, "text", child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG = "http://www.w3.org/2000/svg";
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let toastTimer;
/** A short message in the polite live region. */
export function toast(message, bad = false) {
  const region = document.getElementById("toast");
  const p = h("p", { class: bad ? "bad" : undefined }, message);
  region.replaceChildren(p);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => p.remove(), 5000);
}

/** A labelled <select> with its options. */
export function select(id, label, options, value) {
  return [
    h("label", { for: id }, label),
    h("select", { id, name: id }, options.map(([v, text]) => h("option", { value: v, selected: v === value }, text))),
  ];
}

/** Where a form shows a problem's own message (its `detail`); `showProblem` fills it. */
export function formError() {
  return h("p", { class: "error form-error", role: "alert", hidden: true });
}

/**
 * Shows an API problem on a form: each of its `errors` under the control it names (`fields`
 * maps the API's field name, or its first part, to the control's id), tied to it with aria-invalid and
 * aria-describedby so a screen reader reads it with the field; the problem's message in the
 * form's `formError()`. Focus goes to the first control named, in the form's order.
 */
export function showProblem(form, err, fields = {}) {
  clearProblem(form);
  for (const { field, message } of err.problem?.errors ?? []) {
    // `data.document.content` is shown at the control of `data`.
    const id = fields[field] ?? fields[field.split(/[.[]/)[0]];
    const control = id && form.querySelector(`#${CSS.escape(id)}`);
    if (!control) continue;
    fieldError(control, message);
  }
  const summary = form.querySelector(".form-error");
  if (summary) {
    summary.hidden = false;
    summary.textContent = err.message;
  } else toast(err.message, true);
  form.querySelector("[aria-invalid]")?.focus();
}

/** One message under a control (added to any it already has). */
export function fieldError(control, ...message) {
  const id = `${control.id}-error`;
  const shown = document.getElementById(id);
  if (shown) return shown.append(" ", ...message);
  // Read after any hint the control already has, which comes back when the problem is cleared.
  const hint = control.getAttribute("aria-describedby");
  control.dataset.hint = hint ?? "";
  control.setAttribute("aria-invalid", "true");
  control.setAttribute("aria-describedby", hint ? `${hint} ${id}` : id);
  control.after(h("p", { id, class: "field-error" }, ...message));
}

export function clearProblem(form) {
  for (const p of form.querySelectorAll(".field-error")) p.remove();
  for (const control of form.querySelectorAll("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
    if (control.dataset.hint) control.setAttribute("aria-describedby", control.dataset.hint);
    else control.removeAttribute("aria-describedby");
    delete control.dataset.hint;
  }
  const summary = form.querySelector(".form-error");
  if (summary) {
    summary.hidden = true;
    summary.textContent = "";
  }
}

/** A progress bar with its number; role=progressbar so screen readers hear it. */
export function progressBar(value, label, state = "") {
  const fill = h("div", { class: "fill" });
  fill.style.width = `${value}%`;
  return h(
    "div",
    { class: `bar ${state}`, role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": value, "aria-label": label },
    h("div", { class: "track" }, fill),
    h("output", {}, `${value} %`),
  );
}

export function setProgress(bar, value, state = "") {
  bar.className = `bar ${state}`;
  bar.setAttribute("aria-valuenow", value);
  bar.querySelector(".fill").style.width = `${value}%`;
  bar.querySelector("output").textContent = `${value} %`;
}

export function badge(text) {
  return h("span", { class: `badge ${text}` }, text);
}
