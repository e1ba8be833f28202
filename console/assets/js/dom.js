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
