// The HTML review report in a real browser: headless Chromium (the Debian
// package), the page's own script run, assertions on the DOM it leaves.
// Needs the CLI built (`cargo build -p payguard-cli`, which `cargo test` does).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, readFileSync, existsSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const root = resolve(import.meta.dirname, "../..");
const cli = process.env.PAYGUARD_BIN ?? join(root, "target/debug/payguard");
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
const AS_OF = "2026-11-22";
const dir = mkdtempSync(join(tmpdir(), "payguard-browser-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let browser;

/** Runs the CLI; exit statuses 0-2 are results, not failures. */
function payguard(...args) {
  const run = spawnSync(cli, args, { cwd: root, encoding: "utf8" });
  assert.ok([0, 1, 2].includes(run.status), `payguard ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}

function report(payroll, name, ...extra) {
  const out = join(dir, name);
  payguard("score", payroll, "--format", "html", "-o", out, "--as-of", AS_OF, "--quiet", ...extra);
  return out;
}

function results(payroll, ...extra) {
  const doc = JSON.parse(payguard("score", payroll, "--format", "json", "--as-of", AS_OF, "--quiet", ...extra));
  return new Map(doc.payouts.map((p) => [p.payout_id, p]));
}

/** Opens `file` with every request but the page itself refused and counted. */
async function open(file) {
  const page = await browser.newPage();
  const requests = [];
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.setRequestInterception(true);
  const url = pathToFileURL(file).href;
  page.on("request", (r) => {
    if (r.url() === url) return r.continue();
    requests.push(r.url());
    return r.abort();
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, requests, errors };
}

const visible = (page, selector) =>
  page.$$eval(selector, (items) => items.filter((i) => !i.hidden).map((i) => i.dataset.payout ?? i.dataset.rule));

before(async () => {
  assert.ok(existsSync(cli), `${cli} is missing: run cargo build -p payguard-cli first`);
  browser = await puppeteer.launch({
    executablePath: chromium,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
});

after(async () => {
  await browser?.close();
});

test("the example report shows every flagged payout, offline, with working filters", async () => {
  const file = report("examples/payroll.csv", "example.html");
  const expected = [...results("examples/payroll.csv").values()]
    .filter((p) => p.decision === "review" || p.decision === "block")
    .map((p) => p.payout_id);
  const { page, requests, errors } = await open(file);
  assert.deepEqual(requests, [], "the page loads nothing");
  assert.deepEqual(errors, [], "the page's script runs without errors");
  const shown = await visible(page, "article.card");
  assert.deepEqual(new Set(shown), new Set(expected));
  // Highest score first.
  const scores = await page.$$eval("article.card .badge", (b) => b.map((x) => Number(x.textContent.split(" ")[1])));
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  // Summary counts match the CLI's.
  const count = (d) => page.$eval(`[data-count=${d}]`, (e) => Number(e.textContent));
  assert.equal(await count("block"), [...results("examples/payroll.csv").values()].filter((p) => p.decision === "block").length);
  // Masked destinations, not the IBAN in full.
  const text = await page.$eval("article[data-payout='P-1007'] dl.facts", (e) => e.textContent);
  assert.match(text, /BE40 \*\*\*\* \*\*\*\* 0063/);
  // Filters: decision, rule, category, search.
  await page.click("input[name=decision][value=review]");
  const blocks = await visible(page, "article.card");
  assert.ok(blocks.length > 0 && blocks.length < expected.length);
  for (const id of blocks) assert.equal(results("examples/payroll.csv").get(id).decision, "block");
  await page.click("input[name=decision][value=review]");
  await page.select("#filter-rule", "crypto-destination");
  assert.deepEqual(new Set(await visible(page, "article.card")), new Set(["P-1005", "P-1006"]));
  await page.select("#filter-rule", "");
  await page.select("#filter-category", "shared-account");
  assert.deepEqual(new Set(await visible(page, "article.card")), new Set(["P-1007", "P-1008", "P-1013", "P-1014"]));
  await page.select("#filter-category", "");
  await page.type("#filter-search", "daniel park");
  assert.deepEqual(await visible(page, "article.card"), ["P-1006"]);
  assert.match(await page.$eval("#shown", (e) => e.textContent), /^1 of 10 payouts/);
  // Clusters: the two shared destinations, each with both employees.
  const clusters = await page.$$eval("article.cluster", (cs) =>
    cs.map((c) => [...c.querySelectorAll("tr.member")].map((m) => m.dataset.employee).join(",")));
  assert.deepEqual(new Set(clusters), new Set(["E-007,E-008", "E-012,E-013"]));
  await page.close();
});

test("data from the payroll renders as text and runs no script", async () => {
  const file = report("tests/fixtures/hostile_report.csv", "hostile.html");
  const { page, requests, errors } = await open(file);
  assert.deepEqual(requests, [], "no image or other request from the data");
  assert.deepEqual(errors, []);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "no script from the data ran");
  assert.equal(await page.$$eval("img, svg, textarea, body style, [onmouseover]", (e) => e.length), 0, "no element from the data");
  assert.equal(await page.$$eval("script", (e) => e.length), 1, "the page's own script only");
  const names = await page.$$eval("article.card .who", (w) => w.map((x) => x.textContent));
  assert.ok(names.some((n) => n.includes('<img src=x onerror="window.__pwned=2">')), names.join("\n"));
  assert.ok(await page.$eval("body", (b) => getComputedStyle(b).display !== "none"));
  const rejected = await page.$$eval("#rejected tbody tr", (r) => r.map((x) => x.textContent));
  assert.equal(rejected.length, 1);
  assert.match(rejected[0], /amount/);
  // The review form's allowlist is built from the same hostile data.
  await page.click("article[data-payout='H-1'] button.mark");
  await page.type("article[data-payout='H-1'] input.reason", 'checked "twice" \\ <script>');
  await page.click("article[data-payout='H-1'] button.add");
  const toml = await page.$eval("#allowlist", (e) => e.textContent);
  assert.ok(toml.includes('employee = "E-1\\"><img src=x onerror=\\"window.__pwned=1\\">"'), toml);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.close();
});

test("marking two cases reviewed silences exactly their findings on the next run", async () => {
  const file = report("examples/payroll.csv", "review.html");
  const { page } = await open(file);
  const session = await browser.target().createCDPSession();
  await session.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: dir, eventsEnabled: true });
  // The file appears before its bytes do: wait for Chromium to say it is done.
  const completed = new Promise((resolve) =>
    session.on("Browser.downloadProgress", (e) => e.state === "completed" && resolve()));

  // Case 1: one payout's card (a bank abroad); case 2: a shared account's cluster.
  const card = "article[data-payout='P-1004']";
  await page.click(`${card} button.mark`);
  await page.type(`${card} input.reason`, 'Expat in Hong Kong, contract seen "2026-11" \\ HR');
  await page.$eval(`${card} input.expires`, (e) => (e.value = "2027-02-20"));
  await page.click(`${card} button.add`);
  const cluster = await page.$$eval("article.cluster", (cs) =>
    cs.findIndex((c) => c.dataset.rule === "shared-destination" && c.querySelector("tr.member[data-employee='E-007']")));
  assert.ok(cluster >= 0);
  const clusterSelector = `article.cluster:nth-of-type(${cluster + 1})`;
  await page.click(`${clusterSelector} button.mark`);
  await page.type(`${clusterSelector} input.reason`, "Spouses' joint account, marriage certificate seen");
  await page.click(`${clusterSelector} button.add`);
  assert.equal(await page.$eval("#reviewed", (e) => e.hidden), false);

  await page.click("#download");
  const downloaded = join(dir, "allowlist.toml");
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("no download in 10 s")), 10_000);
  });
  await Promise.race([completed, timeout]).finally(() => clearTimeout(timer));
  assert.ok(existsSync(downloaded), "allowlist.toml was downloaded");
  assert.equal(readFileSync(downloaded, "utf8"), await page.$eval("#allowlist", (e) => e.textContent));
  await page.close();

  const before = results("examples/payroll.csv");
  const afterRun = results("examples/payroll.csv", "--policy", downloaded);
  const silenced = new Map([
    ["P-1004", ["non-local-bank"]],
    ["P-1007", ["shared-destination"]],
    ["P-1008", ["shared-destination"]],
  ]);
  for (const [id, old] of before) {
    const now = afterRun.get(id);
    const rules = silenced.get(id) ?? [];
    for (const finding of now.findings ?? []) {
      const was = old.findings.find((f) => f.rule === finding.rule);
      if (rules.includes(finding.rule)) {
        assert.equal(finding.points, 0, `${id} ${finding.rule} silenced`);
        assert.ok(finding.waiver, `${id} ${finding.rule} carries its waiver`);
      } else {
        assert.deepEqual(finding, was, `${id} ${finding.rule} unchanged`);
      }
    }
    if (rules.length === 0) assert.deepEqual(now, old, `${id} unchanged`);
  }
  assert.equal(afterRun.get("P-1004").decision, "allow");
  assert.match(afterRun.get("P-1004").findings[0].waiver.reason, /contract seen "2026-11" \\ HR/);
});

/** A German IBAN for account `n` (check digits by ISO 7064 mod 97-10). */
function germanIban(n) {
  const bban = "37040044" + String(n).padStart(10, "0");
  const digits = bban + "131400"; // "DE" as 13 14, then "00"
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return `DE${String(98 - rest).padStart(2, "0")}${bban}`;
}

test("a payroll of 10,000 flagged payouts makes a page of the 500 highest, saying how to get the rest", async () => {
  // US residents paid to German banks (non-local-bank, review); every 50th
  // also gives a Russian phone (country-mismatch too): a higher score.
  const lines = ["payout_id,employee_id,employee_name,residence_country,amount,currency,iban,phone"];
  for (let i = 1; i <= 10000; i++) {
    const phone = i % 50 === 0 ? "+7 495 123 4567" : "";
    lines.push(`X-${i},E-${i},Worker Number${i},US,100.00,EUR,${germanIban(i)},${phone}`);
  }
  const payroll = join(dir, "ten-thousand.csv");
  writeFileSync(payroll, lines.join("\n") + "\n");
  const file = report(payroll, "ten-thousand.html");
  const size = statSync(file).size;
  assert.ok(size < 4_000_000, `the page is ${size} bytes`);
  const { page, requests, errors } = await open(file);
  assert.deepEqual(requests, []);
  assert.deepEqual(errors, []);
  const count = (d) => page.$eval(`[data-count=${d}]`, (e) => Number(e.textContent));
  assert.equal(await count("review") + await count("block"), 10000);
  const cards = await page.$$eval("article.card", (c) => c.map((x) => x.dataset.payout));
  assert.equal(cards.length, 500);
  // The 200 higher-scored first, then the rest in file order.
  const higher = Array.from({ length: 200 }, (_, k) => `X-${(k + 1) * 50}`);
  assert.deepEqual(cards.slice(0, 200), higher);
  const note = await page.$eval("#left-off", (e) => e.textContent);
  assert.match(note, /The 500 highest-scored are shown here; 9500 more payouts at review or block are not on this page/);
  assert.match(note, /--format csv/);
  assert.match(await page.$eval("#payouts-title", (e) => e.textContent), /\(10000\)/);
  // The review form's expiry: the run's --as-of plus 90 days, whatever
  // the reader's clock says.
  await page.click(`article[data-payout="X-50"] button.mark`);
  assert.equal(await page.$eval(`article[data-payout="X-50"] input.expires`, (e) => e.value), "2027-02-20");
  await page.close();
});
