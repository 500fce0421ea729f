// The browser check of make demo (conf-examples/demo check runs it, for
// make test): Debian's Chromium, headless, driven by puppeteer-core,
// through the pages of the running demo, as a user would.
//
//   DEMO_URL          the demo's nginx, http://127.0.0.1:18080
//   DEMO_BROWSER      the browser, /usr/bin/chromium
//   DEMO_SCREENSHOTS  where tasks.png goes
//   DEMO_MODULES      the node_modules folder with puppeteer-core
//                     (build/browser/node_modules, from t/demo/package.json
//                     and its lock file)
//
// Prints "ok N - ..." per check; the first that fails prints "not ok",
// what was expected, and exits 1.

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const base = process.env.DEMO_URL;
const shots = process.env.DEMO_SCREENSHOTS;
const require = createRequire(join(process.env.DEMO_MODULES, "x.js"));
const puppeteer = require("puppeteer-core");

const tag = Math.random().toString(16).slice(2, 8);
const password = "correct-horse-battery";
const alice = { name: "Alice", email: `alice+${tag}@example.com` };
const bob = { name: "Bob", email: `bob+${tag}@example.com` };

let n = 0;

function ok(what) {
  console.log(`ok ${++n} - ${what}`);
}

class Failed extends Error {}

function check(condition, what, got) {
  if (!condition) {
    throw new Failed(`${what}${got === undefined ? "" : `; got ${JSON.stringify(got)}`}`);
  }
  ok(what);
}

// the page's path and query, after the redirects
function where(page) {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

async function signInForm(page, user, button) {
  await page.waitForSelector("input[name=email]");
  await page.type("input[name=email]", user.email);
  await page.type("input[name=password]", password);
  if (button === "sign-up") {
    await page.type("input[name=name]", user.name);
  }
  await Promise.all([
    page.waitForNavigation(),
    page.click(`button[name=${button}]`),
  ]);
  await page.waitForFunction(
    (email) => document.querySelector("#user")?.textContent === email,
    {},
    user.email,
  );
}

async function taskTitles(page) {
  return page.$$eval("#tasks li", (items) =>
    items.map((li) => ({
      title: li.querySelector("label").textContent.trim(),
      completed: li.dataset.completed === "true",
    })),
  );
}

async function waitForTasks(page, count) {
  await page.waitForFunction(
    (count) =>
      count === 0
        ? document.querySelector("#empty") !== null
        : document.querySelectorAll("#tasks li").length === count,
    {},
    count,
  );
}

async function addTask(page, title, count) {
  await page.type("input[name=title]", title);
  await page.keyboard.press("Enter");
  await waitForTasks(page, count);
}

// the API token of the page's session, from Better Auth
async function pageToken(page) {
  return page.evaluate(async () => (await (await fetch("/api/auth/token")).json()).token);
}

// the task API through nginx, with a token, from outside the browser
async function api(token) {
  const answer = await fetch(`${base}/api/tasks`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return {
    status: answer.status,
    challenge: answer.headers.get("www-authenticate"),
    body: await answer.json(),
  };
}

const profile = mkdtempSync(join(tmpdir(), "demo-browser-"));
const args = [
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
// Chromium's sandbox needs user namespaces, which root does not get
if (process.getuid() === 0) {
  args.push("--no-sandbox");
}

const browser = await puppeteer.launch({
  executablePath: process.env.DEMO_BROWSER,
  headless: true,
  pipe: true,
  userDataDir: profile,
  args,
  defaultViewport: { width: 640, height: 300 },
});

let rc = 0;
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(15000);

  await page.goto(`${base}/tasks`);
  check(where(page) === "/sign-in?next=/tasks",
    "without a session, nginx sends /tasks to /sign-in?next=/tasks", where(page));

  await signInForm(page, alice, "sign-up");
  check(where(page) === "/tasks", "alice signs up and lands on her tasks", where(page));
  await waitForTasks(page, 0);
  ok("she has no tasks yet");

  await addTask(page, "Buy oat milk", 1);
  await addTask(page, "Water the plants", 2);
  await addTask(page, "Call the bank", 3);
  check((await taskTitles(page)).map((t) => t.title).join("|")
      === "Buy oat milk|Water the plants|Call the bank",
    "she adds three tasks, listed in order", await taskTitles(page));

  const milk = await page.$("#tasks li:nth-child(1) input[type=checkbox]");
  await milk.click();
  await page.waitForSelector('#tasks li:nth-child(1)[data-completed="true"]');
  ok("she completes one");
  await page.click('button[aria-label="Delete Call the bank"]');
  await waitForTasks(page, 2);
  ok("she deletes one");

  await page.reload();
  await waitForTasks(page, 2);
  const kept = await taskTitles(page);
  check(JSON.stringify(kept) === JSON.stringify([
    { title: "Buy oat milk", completed: true },
    { title: "Water the plants", completed: false },
  ]), "after a reload, the API still has both, one completed", kept);

  // the cookie cache lives 5 minutes, the session 7 days: without the
  // cookie, nginx sends the page to sign-in, which renews it and comes back
  await page.deleteCookie({ name: "better-auth.session_data", url: base });
  const sent = await page.goto(`${base}/tasks`);
  check(sent.request().redirectChain().length === 1
      && new URL(sent.url()).pathname === "/sign-in",
    "without the cookie cache, nginx sends /tasks to sign-in", sent.url());
  await page.waitForFunction(() => window.location.pathname === "/tasks"
    && document.querySelectorAll("#tasks li").length === 2);
  ok("which renews it and goes straight back to her tasks");

  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, "tasks.png") });
  ok(`a screenshot of her tasks page: ${join(shots, "tasks.png")}`);

  const aliceToken = await pageToken(page);
  let answer = await api(aliceToken);
  check(answer.status === 200 && answer.body.length === 2,
    "her token, outside the browser, lists her two tasks", answer);

  // bob, in a browser context of his own (no cookies of alice's)
  const other = await browser.createBrowserContext();
  const bobPage = await other.newPage();
  bobPage.setDefaultTimeout(15000);
  await bobPage.goto(`${base}/sign-in`);
  await signInForm(bobPage, bob, "sign-up");
  await waitForTasks(bobPage, 0);
  ok("bob signs up and sees none of alice's tasks");
  const bobToken = await pageToken(bobPage);
  answer = await api(bobToken);
  check(answer.status === 200 && answer.body.length === 0,
    "the API gives bob's token no task", answer);

  await Promise.all([page.waitForNavigation(), page.click("text/Sign out")]);
  check(where(page) === "/sign-in", "alice signs out, back on the sign-in page", where(page));

  answer = await api(aliceToken);
  check(answer.status === 401
      && answer.body.reason === "revoked"
      && /error_description="token has been revoked"/.test(answer.challenge),
    "the API refuses her old token: 401, token has been revoked", answer);

  await page.goto(`${base}/tasks`);
  check(where(page) === "/sign-in?next=/tasks",
    "the tasks page sends her to sign in", where(page));

  answer = await api(bobToken);
  check(answer.status === 200, "bob's token still works", answer.status);

  await signInForm(page, alice, "sign-in");
  await waitForTasks(page, 2);
  check(where(page) === "/tasks", "alice signs in again and finds her two tasks", where(page));
  answer = await api(await pageToken(page));
  check(answer.status === 200 && answer.body.length === 2,
    "her new token works", answer.status);
} catch (err) {
  console.log(`not ok ${++n} - ${err instanceof Failed ? err.message : err.stack}`);
  rc = 1;
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(rc);
