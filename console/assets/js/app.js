// Sign-in, navigation between pages, sign-out. Each page is a module exporting
// `render(main, signal)`: the signal aborts its timers and streams when the page is left.

import { api, session, whenUnauthorized } from "./api.js";
import { toast } from "./dom.js";
import * as overview from "./pages/overview.js";
import * as queue from "./pages/queue.js";
import * as machines from "./pages/machines.js";
import * as gpuPool from "./pages/gpu-pool.js";
import * as chat from "./pages/chat.js";
import * as playground from "./pages/playground.js";

const PAGES = { overview, queue, machines, "gpu-pool": gpuPool, chat, playground };
const TITLES = { overview: "Overview", queue: "Queue", machines: "Machines", "gpu-pool": "GPU pool", chat: "Chat", playground: "Optimizer playground" };

const $ = (id) => document.getElementById(id);
let current = null;

function showSignIn(message) {
  current?.abort();
  current = null;
  session.clear();
  $("shell").hidden = true;
  $("signin").hidden = false;
  const error = $("signin-error");
  error.hidden = !message;
  error.textContent = message ?? "";
  $("api-key").value = "";
  $("api-key").focus();
}

async function showConsole() {
  const tenant = await api("GET", "/api/tenant");
  $("tenant-id").textContent = tenant.tenantId;
  $("signin").hidden = true;
  $("shell").hidden = false;
  route();
}

function route() {
  if (!session.key()) return;
  const name = location.hash.replace(/^#\//, "") || "overview";
  const page = PAGES[name] ? name : "overview";
  current?.abort();
  current = new AbortController();
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.page === page) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${TITLES[page]} · AI-analysis console`;
  const main = $("main");
  main.replaceChildren();
  $("toast").replaceChildren();
  main.dataset.page = page;
  PAGES[page].render(main, current.signal).catch((err) => {
    if (err.name !== "AbortError") toast(err.message, true);
  });
  main.focus({ preventScroll: true });
}

async function signIn(event) {
  event.preventDefault();
  const key = $("api-key").value.trim();
  const error = $("signin-error");
  if (!key) {
    error.hidden = false;
    error.textContent = "Enter an API key.";
    return;
  }
  const button = event.submitter;
  if (button) button.disabled = true;
  try {
    // Checked before it is kept: a wrong key shows the API's own problem message.
    await api("GET", "/api/tenant", undefined, { key });
    session.set(key);
    await showConsole();
  } catch (err) {
    error.hidden = false;
    error.textContent = err.message;
  } finally {
    if (button) button.disabled = false;
  }
}

whenUnauthorized((problem) => showSignIn(problem.detail || "Your key is no longer accepted; sign in again."));
window.addEventListener("hashchange", route);
$("signin-form").addEventListener("submit", signIn);
$("signout").addEventListener("click", () => {
  showSignIn();
  history.replaceState(null, "", location.pathname);
});

if (session.key()) showConsole().catch((err) => showSignIn(err.message));
else showSignIn();
