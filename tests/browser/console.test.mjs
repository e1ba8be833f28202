// The web console in a real browser (Debian's Chromium, driven by playwright-core) against
// `local`: sign in, a task's bar to 100 %, a cancel, a machine's cost rising then frozen at
// termination, the GPU pool set, refused, used by a GPU task and deleted, a streamed chat answer,
// the optimizer playground, sign out. Every page is
// screenshotted at 1280 px and 390 px into $SCREENSHOT_DIR.
//
//   LOCAL_BIN=target/debug/local SCREENSHOT_DIR=/tmp/shots node tests/browser/console.test.mjs

import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startUpstream } from "./mock-upstream.mjs";

const LOCAL_BIN = process.env.LOCAL_BIN ?? "target/debug/local";
const SHOTS = process.env.SCREENSHOT_DIR ?? "console-screenshots";
const KEY = "console-test-key-not-a-secret";
mkdirSync(SHOTS, { recursive: true });

let passed = 0;
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
  } catch (err) {
    console.log(`not ok - ${name}`);
    throw err;
  }
  passed += 1;
  console.log(`ok ${passed} - ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function startLocal(upstream) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(LOCAL_BIN, [], {
    env: {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: "warn",
      LOCAL_API_KEYS: `northwind-clinic=${KEY}`,
      OPENAI_API_KEY: "mock-upstream",
      OPENAI_BASE_URL: upstream,
      CHAT_MONTHLY_BUDGET_USD: "25",
      LOCAL_SIM_BOOT_SECONDS: "1",
      LOCAL_SIM_CONFIGURE_SECONDS: "1",
      QUEUE_WORKER_CONCURRENCY: "2",
      EVENTS_MAX_WAIT_MS: "4000",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/health/live`)).ok) return { child, base };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`local did not answer on ${base}`);
}

const { server: upstreamServer, url: upstream } = await startUpstream();
const { child: local, base } = await startLocal(upstream);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
const page = await context.newPage();

// Nothing may break the page's policy or reach another host. The browser logs every non-2xx
// answer as an error: only those a step provokes on purpose are expected, by route and status.
const EXPECTED_FAILURES = { "/api/tenant": [401], "/api/gpu-pool": [400, 404], "/api/analysis-queue": [409] };
const problems = [];
page.on("console", (m) => {
  if (m.type() !== "error") return;
  const status = Number(m.text().match(/responded with a status of (\d+)/)?.[1]);
  const where = m.location().url ? new URL(m.location().url).pathname : "";
  if (EXPECTED_FAILURES[where]?.includes(status)) return;
  problems.push(`console: ${m.text()} (${m.location().url})`);
});
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
page.on("request", (r) => {
  if (!r.url().startsWith(base) && !r.url().startsWith("data:")) problems.push(`request to another host: ${r.url()}`);
});

async function shoot(name) {
  // A passing notice would hide part of the page.
  await page.evaluate(() => document.getElementById("toast").replaceChildren());
  await page.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
  const overflow = await page.evaluate(() => {
    const wide = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > 391 && !e.closest(".table-wrap, nav"));
    return { width: document.documentElement.scrollWidth, wide: wide.slice(0, 3).map((e) => `${e.tagName}.${e.className}#${e.id}`) };
  });
  assert.ok(overflow.width <= 390, `${name} is ${overflow.width} px wide at 390 px: ${overflow.wide}`);
  await page.setViewportSize({ width: 1280, height: 860 });
}

const text = (selector) => page.locator(selector).first().innerText();
const money = (s) => Number(s.replace(/[^0-9.]/g, ""));
// The API as another client sees it: what a step did through the page must be what it holds.
async function apiCall(method, route, body) {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: { Authorization: `Bearer ${KEY}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}
let gpuTask = null;

let exitCode = 0;
try {
  await step("the console is served with a strict policy", async () => {
    const response = await page.goto(`${base}/console`);
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, "/console/");
    const csp = response.headers()["content-security-policy"];
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    await page.getByLabel("API key").waitFor();
  });

  await step("a wrong key shows the API's problem message and keeps nothing", async () => {
    await page.getByLabel("API key").fill("not-a-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    const error = page.locator("#signin-error");
    await error.waitFor({ state: "visible" });
    assert.match(await error.innerText(), /key/i);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  });

  await step("sign in: the key lives in session storage only, never the URL or a cookie", async () => {
    await page.getByLabel("API key").fill(KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    assert.equal(await text("#tenant-id"), "northwind-clinic");
    assert.ok(!page.url().includes(KEY));
    assert.deepEqual(await context.cookies(), []);
    assert.equal(await page.evaluate(() => Object.values(sessionStorage).includes("console-test-key-not-a-secret")), true);
  });

  await step("rent a machine: it starts provisioning", async () => {
    await page.getByRole("link", { name: "Machines" }).click();
    await page.getByRole("heading", { name: "Machines", level: 1 }).waitFor();
    await page.getByLabel("Cloud").selectOption("AZURE");
    await page.getByLabel("Type").selectOption("Standard_NC24ads_A100_v4");
    await page.getByLabel("Purpose").fill("vLLM for discharge summaries");
    await page.getByRole("button", { name: "Rent" }).click();
    await page.locator("article.machine").first().waitFor();
  });

  await step("submit a task and watch its bar reach 100 %", async () => {
    await page.getByRole("link", { name: "Queue" }).click();
    await page.getByRole("button", { name: "Submit task" }).click();
    const bar = page.locator("tbody tr").first().getByRole("progressbar");
    await bar.waitFor();
    const seen = new Set();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      seen.add(await bar.getAttribute("aria-valuenow"));
      if (seen.has("100")) break;
      await page.waitForTimeout(50);
    }
    assert.ok(seen.has("100"), `progress seen: ${[...seen]}`);
    await page.locator("tbody tr").first().locator(".badge", { hasText: /^COMPLETED$/ }).waitFor();
  });

  await step("cancel a running task: it stops and says CANCELLED", async () => {
    await page.getByLabel("Type", { exact: true }).selectOption("BATCH_PROCESSING");
    await page.getByLabel("Priority", { exact: true }).selectOption("LOW");
    await page.getByLabel("Document or message").fill(Array.from({ length: 8 }, (_, i) => `Visit ${i + 1}: potassium 3.${i} mmol/L, denies chest pain.`).join("\n\n"));
    await page.getByRole("button", { name: "Submit task" }).click();
    const row = page.locator("tbody tr").first();
    await row.getByText("batch processing").waitFor();
    await row.getByRole("button", { name: "Cancel" }).click();
    await row.locator(".badge", { hasText: /^CANCELLED$/ }).waitFor();
    await page.getByLabel("Filter by status").selectOption("CANCELLED");
    await page.waitForTimeout(300);
    assert.equal(await page.locator("tbody tr[data-task]").count(), 1);
    await page.getByLabel("Filter by status").selectOption("");
    await page.locator("tbody tr[data-task]").nth(1).waitFor();
    await row.getByRole("button", { name: "Details" }).click();
    await page.getByRole("list", { name: /Events of task/ }).getByText(/cancelled/).waitFor();
    await shoot("queue");
  });

  await step("stream a chat answer, then its usage and cost", async () => {
    await page.getByRole("link", { name: "Chat" }).click();
    // The page changes on the hash's change, a task after the click: until then the queue's
    // "Document or message" box is on screen, which a name matched by substring also finds (the
    // message went there, then the chat page replaced it and Send found its own box empty).
    await page.locator('main[data-page="chat"]').waitFor();
    await page.getByRole("textbox", { name: "Message", exact: true }).fill("Which of these values is low? Potassium 3.1 mmol/L, sodium 139 mmol/L.");
    await page.getByRole("button", { name: "Send" }).click();
    const answer = page.locator(".msg.assistant").last();
    // Part of the answer shows before all of it: it streams.
    await answer.locator(".text").getByText("Potassium").waitFor();
    const early = await answer.locator(".text").innerText();
    await answer.locator(".meta").waitFor();
    const full = await answer.locator(".text").innerText();
    assert.ok(full.length > early.length, `answer did not grow: ${early} / ${full}`);
    assert.match(await answer.locator(".meta").innerText(), /openai · gpt-4o.* 180 in \+ 24 out · \$0\.00/);
    await page.locator(".conversations button").first().waitFor();
    await shoot("chat");
  });

  await step("run the optimizer playground", async () => {
    await page.getByRole("link", { name: "Optimizer" }).click();
    await page.getByRole("button", { name: "Optimize" }).click();
    await page.getByText("tokens after").waitFor();
    assert.ok((await page.locator(".diff del").count()) > 0, "nothing struck through");
    assert.ok((await page.locator(".diff mark").count()) > 0, "no protected item highlighted");
    const marks = await page.locator(".diff mark").allInnerTexts();
    assert.ok(marks.some((m) => m.includes("3.1 mmol/L")), `protected: ${marks}`);
    await shoot("playground");
  });

  await step("the machine's cost rises while it runs, then stops at termination", async () => {
    await page.getByRole("link", { name: "Machines" }).click();
    const card = page.locator("article.machine").first();
    await card.locator(".badge", { hasText: /^(READY|RUNNING)$/ }).waitFor({ timeout: 30_000 });
    const cost = card.locator(".cost");
    const first = money(await cost.innerText());
    await page.waitForTimeout(3000);
    const second = money(await cost.innerText());
    assert.ok(second > first, `cost did not rise: ${first} → ${second}`);
    await shoot("machines-running");
    await card.getByRole("button", { name: "Terminate" }).click();
    await card.locator(".badge", { hasText: /^TERMINATED$/ }).waitFor();
    const final = money(await card.locator(".cost").innerText());
    await page.waitForTimeout(2500);
    assert.equal(money(await card.locator(".cost").innerText()), final);
    assert.equal(await card.getByRole("button", { name: "Terminate" }).count(), 0);
    await shoot("machines");
  });

  await step("a GPU task with no pool: the API's 409 is shown at the Compute field", async () => {
    await page.getByRole("link", { name: "Queue" }).click();
    await page.getByLabel("Compute").selectOption("GPU");
    await page.getByRole("button", { name: "Submit task" }).click();
    const error = page.locator("#task-compute-error");
    await error.waitFor();
    assert.match(await error.innerText(), /GPU pool/i);
    assert.equal(await page.getByLabel("Compute").getAttribute("aria-invalid"), "true");
    const { body } = await apiCall("GET", "/api/analysis-queue?limit=50");
    assert.equal(body.tasks.filter((t) => t.compute === "GPU").length, 0, "a GPU task was created without a pool");
    await error.getByRole("link", { name: "Set up a GPU pool" }).click();
  });

  await step("the GPU pool page without a pool: the empty state and its call to action", async () => {
    await page.getByRole("heading", { name: "GPU pool", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "No GPU pool" }).waitFor();
    assert.equal((await apiCall("GET", "/api/gpu-pool")).status, 404);
    assert.equal(await page.getByRole("region", { name: "Your pool" }).count(), 0);
    await page.getByRole("button", { name: "Set up a pool" }).click();
    assert.equal(await page.evaluate(() => document.activeElement.id), "pool-provider");
  });

  await step("the pool form shows the API's 400 at the fields it names", async () => {
    await page.getByLabel("Machines at most").fill("20");
    await page.getByLabel("Idle minutes before a machine stops").fill("2");
    await page.getByRole("button", { name: "Create pool" }).click();
    const idle = page.locator("#pool-idle-minutes-error");
    await idle.waitFor();
    assert.match(await idle.innerText(), /5 to 120/);
    assert.match(await text("#pool-max-instances-error"), /1 to 10/);
    for (const label of ["Machines at most", "Idle minutes before a machine stops"]) {
      const control = page.getByLabel(label);
      assert.equal(await control.getAttribute("aria-invalid"), "true", label);
      // The message is read with the field, after its hint.
      assert.match(await control.getAttribute("aria-describedby"), /-hint .*-error$/, label);
    }
    assert.equal(await page.locator(".field-error").count(), 2, "only the fields the API named");
    assert.equal(await page.evaluate(() => document.activeElement.id), "pool-max-instances");
    assert.match(await text(".form-error"), /maxInstances|idleMinutes/);
    assert.equal((await apiCall("GET", "/api/gpu-pool")).status, 404);
  });

  await step("set a pool through the form: the API holds it and the page shows it", async () => {
    await page.getByLabel("Cloud").selectOption("AZURE");
    // Changing the cloud offers its own types and regions (the Machines page's table).
    assert.deepEqual(await page.getByLabel("Region").locator("option").allInnerTexts(), ["eastus", "eastus2", "westus2", "westus3", "northeurope", "westeurope"]);
    await page.getByLabel("Type", { exact: true }).selectOption("Standard_NV12ads_A10_v5");
    await page.getByLabel("Region").selectOption("westeurope");
    await page.getByLabel("Model").selectOption("phi3.5:mini");
    await page.getByLabel("Machines at most").fill("2");
    await page.getByLabel("Idle minutes before a machine stops").fill("5");
    await page.getByLabel("Disk (GB)").fill("60");
    await page.getByRole("button", { name: "Create pool" }).click();
    await page.getByRole("heading", { name: "Change the pool" }).waitFor();
    assert.equal(await page.locator(".field-error").count(), 0);
    assert.equal(await page.getByLabel("Idle minutes before a machine stops").getAttribute("aria-invalid"), null);
    const { status, body } = await apiCall("GET", "/api/gpu-pool");
    assert.equal(status, 200);
    const { provider, instanceType, region, model, maxInstances, idleMinutes, diskSizeGB } = body;
    assert.deepEqual(
      { provider, instanceType, region, model, maxInstances, idleMinutes, diskSizeGB },
      { provider: "AZURE", instanceType: "Standard_NV12ads_A10_v5", region: "westeurope", model: "phi3.5:mini", maxInstances: 2, idleMinutes: 5, diskSizeGB: 60 },
    );
    const pool = page.getByRole("region", { name: "Your pool" });
    await pool.locator(".badge", { hasText: /^ACTIVE$/ }).waitFor();
    const facts = await pool.locator("dl.facts").innerText();
    for (const shown of ["AZURE · westeurope", "Standard_NV12ads_A10_v5 at $0.908/h", "phi3.5:mini", "5 min", "60 GB"]) assert.ok(facts.includes(shown), `${shown} not in ${facts}`);
    assert.equal(await pool.locator('[data-figure="machines"]').innerText(), "0 / 2");
  });

  await step("a GPU task completes on a pool machine; its details show the machine, GPU time and cost", async () => {
    await page.getByRole("link", { name: "Queue" }).click();
    await page.getByLabel("Type", { exact: true }).selectOption("CHAT_RESPONSE");
    await page.getByLabel("Compute").selectOption("GPU");
    await page.getByLabel("Document or message").fill("Summarize: potassium 3.1 mmol/L, denies chest pain.");
    await page.getByRole("button", { name: "Submit task" }).click();
    const row = page.locator("tbody tr[data-task]").first();
    await row.locator(".badge", { hasText: /^GPU$/ }).waitFor();
    await row.locator(".badge", { hasText: /^COMPLETED$/ }).waitFor({ timeout: 30_000 });
    const id = await row.getAttribute("data-task");
    gpuTask = (await apiCall("GET", `/api/analysis-queue/${id}`)).body;
    assert.equal(gpuTask.compute, "GPU");
    assert.ok(gpuTask.instanceId, "no machine recorded");
    assert.ok(gpuTask.gpuSeconds > 0 && gpuTask.gpuCostUsd > 0, JSON.stringify(gpuTask));
    const { body: pool } = await apiCall("GET", "/api/gpu-pool");
    assert.ok(pool.instances.some((i) => i.id === gpuTask.instanceId), "the task's machine is not the pool's");
    await row.getByRole("button", { name: "Details" }).click();
    const facts = page.getByLabel(`GPU use of task ${id.slice(-8)}`);
    await facts.waitFor();
    const shown = await facts.innerText();
    assert.ok(shown.includes(gpuTask.instanceId), shown);
    assert.equal(await facts.locator("[data-gpu-cost]").innerText(), `$${gpuTask.gpuCostUsd.toFixed(6)}`);
    assert.match(shown, new RegExp(`GPU time\\s+${gpuTask.gpuSeconds.toFixed(3)} s`));
    await page.getByRole("list", { name: /Events of task/ }).getByText(/started .*on GPU instance/).waitFor();
    await shoot("queue-gpu-task");
  });

  await step("the pool page shows its machine and the tasks' share of its spend, live", async () => {
    await page.getByRole("link", { name: "GPU pool" }).click();
    const pool = page.getByRole("region", { name: "Your pool" });
    const machine = pool.locator(`tr[data-instance="${gpuTask.instanceId}"]`);
    await machine.waitFor();
    assert.match(await machine.locator(".badge").innerText(), /^(READY|RUNNING)$/);
    assert.equal(await pool.locator('[data-figure="machines"]').innerText(), "1 / 2");
    const { body } = await apiCall("GET", "/api/gpu-pool");
    assert.equal(money(await pool.locator('[data-figure="tasks"]').innerText()), Number(body.spend.tasksUsd.toFixed(6)));
    assert.ok(body.spend.tasksUsd >= gpuTask.gpuCostUsd - 1e-9, JSON.stringify(body.spend));
    // Figures are read again while the page is open: the machine's cost moves as it runs.
    const before = money(await pool.locator('[data-figure="total"]').innerText());
    await page.waitForFunction((b) => Number(document.querySelector('[data-figure="total"]').textContent.replace(/[^0-9.]/g, "")) > b, before, { timeout: 65_000 });
    await shoot("gpu-pool");
  });

  await step("delete the pool: confirmed first, shown closing, then no pool and its machine terminated", async () => {
    const pool = page.getByRole("region", { name: "Your pool" });
    await page.getByRole("button", { name: "Delete pool" }).click();
    await page.getByRole("button", { name: "Keep it" }).click();
    assert.equal((await apiCall("GET", "/api/gpu-pool")).body.status, "ACTIVE");
    // What the page says between the delete and the pool's end, however short that is.
    await page.evaluate(() => {
      const notice = document.querySelector(".notice");
      window.noticesSeen = [];
      new MutationObserver(() => !notice.hidden && window.noticesSeen.push(notice.textContent)).observe(notice, { attributes: true, childList: true });
    });
    await pool.getByRole("button", { name: "Delete pool" }).click();
    await page.getByRole("button", { name: "Yes, delete the pool" }).click();
    await page.getByRole("heading", { name: "No GPU pool" }).waitFor({ timeout: 20_000 });
    assert.match((await page.evaluate(() => window.noticesSeen)).join(" "), /Deleting: no new GPU task/);
    assert.equal((await apiCall("GET", "/api/gpu-pool")).status, 404);
    assert.equal((await apiCall("GET", `/api/instances/${gpuTask.instanceId}`)).body.status, "TERMINATED");
    assert.equal((await apiCall("POST", "/api/analysis-queue", { type: "CHAT_RESPONSE", compute: "GPU", data: { message: "hi" } })).status, 409);
    await page.getByRole("button", { name: "Set up a pool" }).waitFor();
    await shoot("gpu-pool-empty");
  });

  await step("the overview shows spend, savings, tasks and the daily chart", async () => {
    await page.getByRole("link", { name: "Overview" }).click();
    await page.getByRole("img", { name: /Daily spend over 30 days/ }).waitFor();
    assert.match(await text("[aria-label^='Spend in']"), /of \$25\.00 budget/);
    // The terminated machine's cost and the chat's, from the daily usage counters.
    assert.match(await text("[aria-label^='Spend in']"), /GPU \$0\.0*[1-9]/);
    assert.match(await text("[aria-label^='Spend in']"), /LLM \$0\.0*[1-9]/);
    assert.notEqual(await text("[aria-label='Tokens saved'] .value"), "0");
    await shoot("overview");
  });

  await step("keyboard: the pages are reachable by tab and enter", async () => {
    await page.locator("body").focus();
    await page.keyboard.press("Tab"); // skip link
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Queue", level: 1 }).waitFor();
  });

  await step("sign out forgets the key", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await shoot("signin");
  });

  await step("no policy violation, script error or request to another host", async () => {
    assert.deepEqual(problems, []);
  });
  console.log(`browser tests: ${passed} passed; screenshots in ${SHOTS}`);
} catch (err) {
  console.error(err);
  await page.screenshot({ path: path.join(SHOTS, "failure.png"), fullPage: true }).catch(() => {});
  exitCode = 1;
} finally {
  await browser.close();
  local.kill();
  upstreamServer.close();
}
process.exit(exitCode);
