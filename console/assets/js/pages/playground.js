// The optimizer playground: a document in, the optimized text beside it, with what was removed
// struck through in the original and every protected item highlighted in the result.

import { api } from "../api.js";
import { h, fill, select, toast } from "../dom.js";
import { int, pct } from "../format.js";

const SAMPLE = `DISCHARGE SUMMARY

It is worth noting that the patient, a 67-year-old man, was admitted on 2026-03-02 with worsening shortness of breath over the past three days. As previously mentioned, he has a history of heart failure with reduced ejection fraction (EF 30%).

On examination he was found to have bilateral ankle oedema and fine crackles at both lung bases. He denies chest pain. He is allergic to penicillin (rash).

Potassium 3.1 mmol/L (L), sodium 139 mmol/L, creatinine 118 umol/L.

He was treated with furosemide 40 mg IV twice daily and responded well. Thank you very much for allowing us to participate in the care of this very pleasant gentleman.`;

const STRATEGIES = [["AGGRESSIVE", "Aggressive (45–60 %)"], ["BALANCED", "Balanced (30–40 %)"], ["CONSERVATIVE", "Conservative (15–25 %)"], ["MINIMAL", "Minimal (5–10 %)"]];
const CONTENT_TYPES = [["GENERAL", "General"], ["MEDICAL_REPORT", "Medical report"], ["PATIENT_HISTORY", "Patient history"], ["LAB_RESULTS", "Lab results"], ["PRESCRIPTION", "Prescription"], ["DIAGNOSIS", "Diagnosis"]];
// How far ahead the diff looks for a word it lost: keeps it linear in the document.
const LOOKAHEAD = 40;

const words = (text) => text.split(/(\s+)/).filter((t) => t !== "");
const norm = (t) => t.toLowerCase().replace(/[^\p{L}\p{N}%]/gu, "");

/**
 * Marks each word of the original kept or removed, walking both texts once with a bounded look
 * ahead (the optimizer keeps order; it drops words and shortens some).
 */
export function struck(original, optimized) {
  const a = words(original);
  const b = words(optimized).filter((t) => !/^\s+$/.test(t)).map(norm).filter(Boolean);
  const out = [];
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const t = a[i];
    const key = norm(t);
    if (/^\s+$/.test(t) || !key) {
      out.push({ text: t, kept: true });
      continue;
    }
    let found = -1;
    for (let k = j; k < Math.min(b.length, j + LOOKAHEAD); k++) {
      if (b[k] === key) {
        found = k;
        break;
      }
    }
    if (found >= 0) {
      j = found + 1;
      out.push({ text: t, kept: true });
    } else out.push({ text: t, kept: false });
  }
  return out;
}

function originalView(original, optimized) {
  const el = h("div", { class: "diff", "aria-label": "Original, removed words struck through" });
  let run = null;
  for (const part of struck(original, optimized)) {
    const removed = !part.kept;
    if (removed && /\S/.test(part.text)) {
      if (!run) el.append((run = h("del", {})));
      run.append(part.text);
    } else if (run && /^\s+$/.test(part.text)) {
      run.append(part.text);
    } else {
      run = null;
      el.append(part.text);
    }
  }
  return el;
}

function resultView(text, items) {
  const el = h("div", { class: "diff", "aria-label": "Optimized, protected items highlighted" });
  let at = 0;
  for (const item of items) {
    const found = item ? text.indexOf(item, at) : -1;
    if (found < 0) continue;
    el.append(text.slice(at, found), h("mark", {}, item));
    at = found + item.length;
  }
  el.append(text.slice(at));
  return el;
}

function stat(value, label) {
  return h("div", {}, h("strong", {}, value), h("span", {}, label));
}

export async function render(main) {
  const content = h("textarea", { id: "opt-content", rows: 10, required: true }, SAMPLE);
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "opt-title" },
    h("h2", { id: "opt-title" }, "Document"),
    h("label", { for: "opt-content" }, "Paste a document"),
    content,
    h("div", { class: "row" }, h("div", {}, select("opt-strategy", "Strategy", STRATEGIES, "BALANCED")), h("div", {}, select("opt-type", "Content type", CONTENT_TYPES, "MEDICAL_REPORT")), h("button", { type: "submit", class: "primary" }, "Optimize")),
  );
  const result = h("section", { class: "card", "aria-labelledby": "result-title", "aria-live": "polite" }, h("h2", { id: "result-title" }, "Result"), h("p", { class: "muted" }, "Run the optimizer to see the original beside the result."));
  main.append(h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Optimizer playground"), h("p", { class: "muted" }, "Shrink a prompt before it is sent; facts are never removed."))), h("div", { class: "grid" }, form, result));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = content.value;
    if (!text.trim()) return toast("Paste a document first.", true);
    const button = event.submitter;
    if (button) button.disabled = true;
    try {
      const r = await api("POST", "/api/context-optimizer", { content: text, strategy: form.querySelector("#opt-strategy").value, contentType: form.querySelector("#opt-type").value });
      fill(
        result,
        h("h2", { id: "result-title" }, "Result"),
        h(
          "div",
          { class: "stats" },
          stat(int(r.originalTokens), "tokens before"),
          stat(int(r.optimizedTokens), "tokens after"),
          stat(pct(r.reductionPercentage), "reduction"),
          stat(r.qualityScore.toFixed(2), "quality"),
          stat(`${int(r.quality.protectedItemsKept)} / ${int(r.quality.protectedItems)}`, "protected items kept"),
          stat(`${r.processingTimeMs.toFixed(1)} ms`, "processing"),
        ),
        r.rangeReached ? null : h("p", { class: "muted" }, `The ${r.strategy.toLowerCase()} range was not reached: the protected content alone takes about ${int(r.floorTokens)} tokens.`),
        h("div", { class: "grid two" }, h("div", {}, h("h3", {}, "Original"), originalView(text, r.optimizedContent)), h("div", {}, h("h3", {}, "Optimized"), resultView(r.optimizedContent, r.protectedItems))),
      );
    } catch (err) {
      toast(err.message, true);
    } finally {
      if (button) button.disabled = false;
    }
  });
}
