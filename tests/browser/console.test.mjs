// The web console in a real browser (Debian's Chromium, driven by playwright-core) against
// `local`: sign in, a task's bar to 100 %, a cancel, a machine's cost rising then frozen at
// termination, a streamed chat answer, the optimizer playground, sign out. Every page is
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

// Nothing may break the page's policy or reach another host.
const problems = [];
page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
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
    await row.getByRole("button", { name: "Timeline" }).click();
    await page.getByRole("list", { name: /Events of task/ }).getByText(/cancelled/).waitFor();
    await shoot("queue");
  });

  await step("stream a chat answer, then its usage and cost", async () => {
    await page.getByRole("link", { name: "Chat" }).click();
    await page.getByRole("textbox", { name: "Message" }).fill("Which of these values is low? Potassium 3.1 mmol/L, sodium 139 mmol/L.");
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
    assert.deepEqual(problems.filter((p) => !p.includes("401")), []);
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
