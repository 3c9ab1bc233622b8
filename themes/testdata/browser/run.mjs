// Drives Debian's Chromium over a built bulletin site and checks what a
// person would notice: accessibility (axe-core), keyboard focus, layout on
// phones, both colour schemes, pages complete without JavaScript, the copy
// button, and that nothing is fetched from another host.
//
// themes/browser_test.go builds the sample site, serves it on 127.0.0.1 and
// runs: node run.mjs config.json. The config names the server, the browser
// and the pages (see browserConfig in browser_test.go). Every problem is
// printed on a line starting with "FAIL"; the exit status is 1 when there
// was any.

import { readFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium } from "playwright-core";
import axe from "axe-core";

const cfg = JSON.parse(await readFile(process.argv[2], "utf8"));
const origin = new URL(cfg.baseURL).origin;
if (cfg.screenshots) await mkdir(cfg.screenshots, { recursive: true });

// The rules the theme must pass: WCAG 2.0, 2.1 and 2.2 at levels A and AA
// (2.2 brings target-size, for tap targets), and axe's best practices,
// which cover landmarks and the order of headings.
const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

const views = [
  { name: "phone", viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  { name: "desktop", viewport: { width: 1280, height: 900 } },
];
const schemes = ["light", "dark"];

// Problems are printed as they are found, and again, sorted, at the end:
// views are checked two at a time, so the order in which they are found
// varies from run to run.
const failures = [];
function fail(where, message) {
  failures.push(`${where}: ${message}`);
  console.log(`FAIL ${where}: ${message}`);
}

// Tab is a browser tab in which anything the page logs or throws as an
// error (CSP violations included) and any request to another host fails
// the test, named after the page it is on.
class Tab {
  static async open(context) {
    const tab = new Tab();
    tab.page = await context.newPage();
    tab.where = "";
    tab.expect404 = false;
    tab.page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith("data:") && new URL(url).origin !== origin) fail(tab.where, `request to another host: ${url}`);
    });
    tab.page.on("pageerror", (err) => fail(tab.where, `uncaught exception: ${err.message}`));
    tab.page.on("console", (msg) => {
      if (msg.type() !== "error") return;
      // Chromium logs the status of a page served as an error; a 404 page
      // that is served with 404 is what we asked for.
      if (tab.expect404 && /status of 404/.test(msg.text()) && msg.location().url === tab.page.url()) return;
      fail(tab.where, `console error: ${msg.text()}`);
    });
    return tab;
  }

  // visit loads the page p, and reports whether it came with the status
  // it should.
  async visit(p, where) {
    this.where = where;
    const want = p.status || 200;
    this.expect404 = want === 404;
    const response = await this.page.goto(cfg.baseURL + p.path.slice(1), { waitUntil: "load" });
    if (!response || response.status() !== want) {
      fail(where, `HTTP status ${response?.status()}, want ${want}`);
      return false;
    }
    return true;
  }
}

const browser = await chromium.launch({
  executablePath: cfg.chromium,
  // Playwright starts Chromium headless with a fresh profile of its own;
  // these keep it from calling home, which this network refuses anyway.
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    // Every name but the test server's fails to resolve, so that a request
    // to another host fails at once, here and on CI alike, and is reported
    // by Tab instead of leaving the machine.
    `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${new URL(cfg.baseURL).hostname}`,
  ],
});

let visits = 0;
try {
  const combos = views.flatMap((view) => schemes.map((scheme) => ({ view, scheme })));
  // Two at a time: Chromium renders each tab on a core of its own.
  await pool(combos, 2, async ({ view, scheme }) => {
    const context = await browser.newContext(contextOptions(view, scheme));
    // Loaded into every page before it runs, outside the reach of its
    // Content-Security-Policy; far quicker than injecting it each time.
    await context.addInitScript(axe.source);
    const tab = await Tab.open(context);
    for (const p of cfg.pages) {
      const where = `${p.name} ${p.path} (${view.name}, ${scheme})`;
      if (!(await tab.visit(p, where))) continue;
      visits++;
      await checkAxe(tab.page, where);
      if (view.name === "phone") await checkOverflow(tab.page, where);
      if (p.charts) await checkCharts(tab.page, p, where);
      if (cfg.screenshots) {
        await tab.page.screenshot({ path: path.join(cfg.screenshots, `${p.name}-${view.name}-${scheme}.png`), fullPage: true });
      }
      // Focus rings look alike at every width: walk them on desktops.
      await checkKeyboard(tab.page, where, view.name === "desktop");
    }
    await context.close();
  });
  // One view at a time: the clipboard is the browser's, not the tab's.
  for (const view of views) {
    const context = await browser.newContext(contextOptions(view, "light"));
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
    const tab = await Tab.open(context);
    for (const p of cfg.pages.filter((p) => p.commands)) {
      const where = `${p.name} ${p.path} (${view.name}, copy)`;
      if (await tab.visit(p, where)) await checkCopy(tab.page, p, where);
    }
    await context.close();
  }
  await checkWithoutJavaScript();
  await checkWeight();
} finally {
  await browser.close();
}

failures.sort();
console.log(`\n${visits} page views in ${views.length} widths and ${schemes.length} colour schemes, ` +
  `${failures.length} ${failures.length === 1 ? "problem" : "problems"}${failures.length ? ":" : ""}`);
for (const f of failures) console.log(`FAIL ${f}`);
process.exit(failures.length ? 1 : 0);

// pool runs task on every item, at most n at a time.
async function pool(items, n, task) {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => {
    while (queue.length) await task(queue.shift());
  }));
}

function contextOptions(view, scheme, extra = {}) {
  return {
    viewport: view.viewport,
    isMobile: view.isMobile ?? false,
    hasTouch: view.hasTouch ?? false,
    deviceScaleFactor: view.deviceScaleFactor ?? 1,
    colorScheme: scheme,
    ...extra,
  };
}

async function checkAxe(page, where) {
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    axeTags,
  );
  for (const v of result.violations) {
    const nodes = v.nodes.slice(0, 5).map((n) => `\n    ${n.target.join(" ")}: ${n.failureSummary.replace(/\s*\n\s*/g, " ")}`);
    const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : "";
    fail(where, `axe ${v.id} (${v.impact}): ${v.help}${nodes.join("")}${more}`);
  }
}

// checkOverflow fails when the page scrolls sideways, naming the elements
// that stick out.
async function checkOverflow(page, where) {
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 0.5 && out.length < 5) out.push(`<${el.localName} class="${el.className}"> ends at ${Math.round(r.right)}px`);
    }
    return { scroll: document.documentElement.scrollWidth, width, out };
  });
  if (wide) fail(where, `scrolls sideways: ${wide.scroll}px wide in a ${wide.width}px viewport: ${wide.out.join("; ")}`);
}

// checkCharts checks the SVG charts of a page with the browser's own font
// metrics, which the Go code that drew them only estimates: there are as
// many as the page should have, each is named and described by elements
// that are there, no text runs out of its chart, the chart fits the page,
// and a table with its numbers follows it in its section.
async function checkCharts(page, p, where) {
  const problems = await page.evaluate(() => {
    const out = [];
    const charts = [...document.querySelectorAll("svg.chart")];
    for (const [i, svg] of charts.entries()) {
      const name = `chart ${i + 1}`;
      const title = document.getElementById(svg.getAttribute("aria-labelledby") || "");
      const desc = document.getElementById(svg.getAttribute("aria-describedby") || "");
      if (svg.getAttribute("role") !== "img" || !title?.textContent.trim() || !desc?.textContent.trim()) {
        out.push(`${name} is not an image with a title and a description`);
      }
      const box = svg.viewBox.baseVal;
      for (const text of svg.querySelectorAll("text")) {
        const b = text.getBBox();
        if (b.x < box.x - 1 || b.x + b.width > box.x + box.width + 1) {
          out.push(`${name}: "${text.textContent}" runs out of the chart (${Math.round(b.x)} to ${Math.round(b.x + b.width)} of ${box.width})`);
        }
      }
      const r = svg.getBoundingClientRect();
      if (r.width < 1 || r.right > document.documentElement.clientWidth + 0.5) {
        out.push(`${name} is ${Math.round(r.width)}px wide and ends at ${Math.round(r.right)}px`);
      }
      if (!svg.closest("section")?.querySelector("figure ~ .table-scroll table, figure ~ table")) {
        out.push(`${name} has no table of its numbers after it`);
      }
    }
    return { count: charts.length, out };
  });
  if (problems.count !== p.charts) fail(where, `${problems.count} charts, want ${p.charts}`);
  for (const msg of problems.out) fail(where, msg);
}

// checkKeyboard: the skip link is out of sight until the first Tab lands
// on it and shows it; following it puts the next Tab inside <main>; and,
// where walk is set, every element that takes focus shows a focus ring with
// 3:1 contrast against what is behind it (WCAG 1.4.11, 2.4.7). It expects
// a freshly loaded page.
async function checkKeyboard(page, where, walk) {
  const hiddenAtRest = await page.evaluate(() => {
    const r = document.querySelector("a.skip")?.getBoundingClientRect();
    return r && (r.bottom <= 0 || r.right <= 0 || r.width <= 1 || r.height <= 1);
  });
  if (!hiddenAtRest) fail(where, "the skip link is missing, or in sight before it has focus");

  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    return {
      isSkip: el.matches("a.skip"),
      text: el.textContent.trim(),
      visible: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.width > 1 && r.height > 1,
    };
  });
  if (!skip.isSkip) fail(where, `the first Tab focuses "${skip.text}", not the skip link`);
  else if (!skip.visible) fail(where, "the skip link stays out of sight when it has focus");

  if (walk) {
    // On through the whole tab order, from the skip link.
    const seen = new Set();
    for (let i = 0; i < 300; i++) {
      const f = await page.evaluate(focusRing);
      if (!f || seen.has(f.id)) break;
      seen.add(f.id);
      if (!f.ring) fail(where, `no visible focus indicator on ${f.id}`);
      else if (f.contrast < 3) fail(where, `focus indicator on ${f.id} has contrast ${f.contrast.toFixed(2)}:1 against ${f.behind}, want 3:1`);
      await page.keyboard.press("Tab");
    }
  }

  if (skip.isSkip) {
    await page.focus("a.skip");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    const inMain = await page.evaluate(() => !!document.activeElement.closest("main"));
    if (!inMain) fail(where, "after following the skip link, Tab does not move into <main>");
  }
}

// focusRing describes the focused element's focus indicator; it runs in
// the page.
function focusRing() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = (c) => {
    const m = c.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    return m ? { rgb: [+m[1], +m[2], +m[3]], a: m[4] === undefined ? 1 : +m[4] } : null;
  };
  const lum = ([r, g, b]) => {
    const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  // What is behind the ring: the first opaque background outside the element.
  let behind = null;
  for (let n = el.parentElement; n && !behind; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c && c.a === 1) behind = c;
  }
  behind ??= { rgb: [255, 255, 255], a: 1 };
  const cs = getComputedStyle(el);
  // Tab order positions tell apart links of the same text.
  const all = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")];
  const id = `#${all.indexOf(el) + 1} <${el.localName}${el.className ? ` class="${el.className}"` : ""}> "${(el.textContent || "").trim().slice(0, 40)}"`;
  let ring = null;
  if (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2) ring = parse(cs.outlineColor);
  else if (cs.boxShadow !== "none") ring = parse(cs.boxShadow);
  if (!ring) return { id, ring: false };
  const [a, b] = [lum(ring.rgb), lum(behind.rgb)];
  return { id, ring: true, contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), behind: `rgb(${behind.rgb.join(", ")})` };
}

// checkCopy clicks (or, for every other block, presses Enter on) each copy
// button and reads the clipboard back: it must hold the exact command, the
// button must say so, a status message next to it must announce it, and
// focus must stay on it.
async function checkCopy(page, p, where) {
  const buttons = page.locator("pre[data-copy] ~ button");
  const n = await buttons.count();
  if (n !== p.commands.length) {
    fail(where, `${n} copy buttons for ${p.commands.length} commands`);
    return;
  }
  for (let i = 0; i < n; i++) {
    const button = buttons.nth(i);
    const command = p.commands[i];
    // A value no copy would write, so that a button that does nothing fails.
    await page.evaluate(() => navigator.clipboard.writeText("(the clipboard before the copy)"));
    if (i % 2 === 0) {
      await button.click();
    } else {
      await button.focus();
      await page.keyboard.press("Enter");
    }
    // Read everything in one go, as soon as the button has changed: its
    // message is cleared after a few seconds.
    const got = await button.evaluate(async (b) => {
      for (let t = 0; t < 40 && b.textContent === "Copy"; t++) await new Promise((r) => setTimeout(r, 50));
      return {
        label: b.textContent,
        status: b.parentElement.querySelector("[role=status]")?.textContent ?? "",
        focused: b === document.activeElement,
        clipboard: await navigator.clipboard.readText(),
      };
    });
    const name = `copy button ${i + 1}`;
    if (got.clipboard !== command) fail(where, `${name} copied ${JSON.stringify(got.clipboard)}, want ${JSON.stringify(command)}`);
    if (!/copied/i.test(got.label)) fail(where, `${name} says "${got.label}", not that it copied`);
    if (!/copied/i.test(got.status)) fail(where, `${name}: no role=status message announces the copy`);
    if (!got.focused) fail(where, `${name} loses focus`);
  }
}

// checkWithoutJavaScript loads every page with JavaScript off and checks
// that <main> says exactly what it says with JavaScript, less the copy
// buttons, and that the entry shows its workaround, commands and timeline.
async function checkWithoutJavaScript() {
  const desktop = views.find((v) => v.name === "desktop");
  const withJS = await browser.newContext(contextOptions(desktop, "light"));
  const noJS = await browser.newContext(contextOptions(desktop, "light", { javaScriptEnabled: false }));
  const [a, b] = [await Tab.open(withJS), await Tab.open(noJS)];
  const text = (page) => page.locator("main").evaluate((main) => {
    const copy = main.cloneNode(true);
    copy.querySelectorAll("pre[data-copy] ~ button, pre[data-copy] ~ [role=status]").forEach((el) => el.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  });
  for (const p of cfg.pages) {
    const where = `${p.name} ${p.path} (without JavaScript)`;
    if (!(await a.visit(p, `${p.name} ${p.path} (with JavaScript)`)) || !(await b.visit(p, where))) continue;
    const [ta, tb] = [await text(a.page), await text(b.page)];
    if (ta !== tb) fail(where, `<main> differs from the page with JavaScript:\n    with:    ${ta.slice(0, 300)}\n    without: ${tb.slice(0, 300)}`);
    if (await b.page.locator("button").count() !== 0) fail(where, "shows a button, which cannot work without JavaScript");

    if (p.commands) {
      const page = b.page;
      const commands = await page.locator("pre[data-copy]").allTextContents();
      for (const c of p.commands) {
        if (!commands.some((t) => t.trim() === c)) fail(where, `downgrade command ${JSON.stringify(c)} is not on the page`);
      }
      const section = (name) => page.locator("section", { has: page.getByRole("heading", { name, exact: true, level: 2 }) });
      const workaround = await section("Workaround").textContent().catch(() => "");
      if (workaround.replace("Workaround", "").trim().length < 20) fail(where, "no workaround on the page");
      const steps = await section("Timeline").locator("li").count();
      if (steps < p.updates) fail(where, `the timeline shows ${steps} steps, want at least ${p.updates}`);
    }
  }
  await withJS.close();
  await noJS.close();
}

// checkWeight keeps the home page light: it and everything it loads, as a
// server that does not compress sends them, must stay under the budget.
async function checkWeight() {
  if (!cfg.homeBudget) return;
  const context = await browser.newContext();
  const page = await context.newPage();
  const sizes = new Map();
  page.on("response", async (r) => {
    // The icon is both <link rel=icon> and <img>: one download.
    sizes.set(new URL(r.url()).pathname, (await r.body().catch(() => Buffer.alloc(0))).length);
  });
  await page.goto(cfg.baseURL, { waitUntil: "networkidle" });
  let bytes = 0;
  for (const n of sizes.values()) bytes += n;
  const files = [...sizes].map(([name, n]) => `${name} ${n}`).join(", ");
  if (bytes > cfg.homeBudget) fail("home /", `weighs ${bytes} bytes, over the budget of ${cfg.homeBudget}: ${files}`);
  else console.log(`home page: ${bytes} bytes of ${cfg.homeBudget} (${files})`);
  await context.close();
}
