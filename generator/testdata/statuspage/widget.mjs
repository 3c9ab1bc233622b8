// Loads a page of Atlassian's status widgets (@statuspage/status-widget) in
// Debian's Chromium and prints, as JSON, what each widget painted: the
// class and colour of its indicator, its text, its link. It also prints
// every request the page made but for itself and the widget's script (the
// widgets' requests for the Statuspage API, and anything else), and every
// error the page logged. It judges nothing:
// generator/statuspage_widget_test.go builds the sites, serves them,
// writes the page and checks what this prints.
//
// node widget.mjs config.json, where config.json is
//   {"page": URL, "chromium": path, "painted": [ids of the widgets that must paint]}

import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";

const cfg = JSON.parse(await readFile(process.argv[2], "utf8"));

const browser = await chromium.launch({
  executablePath: cfg.chromium,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    // Every name but 127.0.0.1 fails to resolve: nothing leaves the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  ],
});
const report = { widgets: [], requests: [], errors: [] };
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => report.errors.push("pageerror: " + e.message));
  page.on("console", (m) => {
    if (m.type() === "error") report.errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on("request", (r) => { if (r.url() !== cfg.page && !r.url().endsWith(".js")) report.requests.push(r.method() + " " + r.url()); });
  await page.goto(cfg.page, { waitUntil: "load", timeout: 20000 });
  // Each widget paints in its open shadow root once its fetch is answered.
  // One that is not painted in time is reported as such, not waited for.
  try {
    await page.waitForFunction(
      (ids) => ids.every((id) => document.getElementById(id)?.shadowRoot?.querySelector(".status-indicator")),
      cfg.painted, { timeout: 15000 });
    // A widget whose fetch fails paints nothing and never retries: once
    // the network is quiet, what is not painted will not be.
    await page.waitForLoadState("networkidle", { timeout: 10000 });
  } catch (e) {
    report.errors.push("waiting: " + e.message);
  }
  const widgets = page.locator("statuspage-widget");
  for (let i = 0, n = await widgets.count(); i < n; i++) {
    const w = widgets.nth(i);
    const got = await w.evaluate((el) => {
      const root = el.shadowRoot;
      const ind = root && root.querySelector(".status-indicator");
      if (!ind) return { painted: false };
      const text = root.querySelector(".status-text");
      return {
        painted: true,
        class: ind.className,
        colour: getComputedStyle(ind).backgroundColor,
        indicatorText: ind.textContent.trim(),
        text: text ? text.textContent.trim() : "",
        href: root.querySelector("a")?.getAttribute("href") ?? "",
      };
    });
    report.widgets.push({ id: await w.getAttribute("id"), appearance: (await w.getAttribute("appearance")) ?? "basic", ...got });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
