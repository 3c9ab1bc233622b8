// Runs two npm clients of the Statuspage v2 API, statuspage.js and
// statuspage.io, against bulletin sites served on 127.0.0.1, and prints as
// JSON what each method of each returned. It judges nothing:
// generator/statuspage_clients_test.go builds and serves the sites and
// checks what this prints.
//
// node clients.cjs config.json, where config.json is
//   {"sites": {"<page id>": "http://127.0.0.1:PORT", ...},
//    "updates": {"site": "<page id>", "rebuild": URL, "steps": n}}
//
// What a client returned is printed as it is, but for Date objects, which
// become {"$date": "<ISO time>"}: statuspage.js turns the strings it takes
// for times into Dates, statuspage.io leaves them strings.

"use strict";
const fs = require("node:fs");
const path = require("node:path");

const cfg = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));

// statuspage.js reads https://<id>.statuspage.io/api/v2, and its
// StatuspageUpdates fetches in its constructor: point the axios it loads
// (its own copy, not statuspage.io's) at the local site named by the id
// before it is loaded. An unknown id is an error, not a request.
const axios = require(require.resolve("axios", { paths: [path.dirname(require.resolve("statuspage.js"))] }));
const create = axios.create.bind(axios);
axios.create = (config = {}) => {
  const m = /^https:\/\/([^.]+)\.statuspage\.io\/api\/v2$/.exec(config.baseURL ?? "");
  if (!m || !cfg.sites[m[1]]) throw new Error(`statuspage.js asked for ${config.baseURL}, no site of the test`);
  return create({ ...config, baseURL: cfg.sites[m[1]] + "/api/v2" });
};
const spjs = require("statuspage.js");
const spio = require("statuspage.io");

// plain turns what a client returned into JSON, marking Dates.
function plain(v) {
  return JSON.parse(JSON.stringify(v, function (k, val) {
    const raw = this[k];
    return raw instanceof Date ? { $date: Number.isNaN(raw.getTime()) ? "Invalid Date" : raw.toISOString() } : val;
  }));
}

async function viaStatuspageJS(id) {
  const s = new spjs.Statuspage(id);
  const out = {};
  for (const m of ["summary", "status", "components", "allIncidents", "unresolvedIncidents",
    "allScheduledMaintenances", "activeScheduledMaintenances", "upcomingScheduledMaintenances"]) {
    out[m] = plain(await s[m]());
  }
  return out;
}

async function viaStatuspageIO(id, url) {
  const s = new spio.Statuspage(id);
  s.setApiUrl(url);
  const { api } = s;
  return plain({
    getSummary: await api.getSummary(),
    getStatus: await api.getStatus(),
    getComponents: await api.getComponents(),
    "incidents.getAll": await api.incidents.getAll(),
    "incidents.getUnresolved": await api.incidents.getUnresolved(),
    "scheduledMaintenances.getAll": await api.scheduledMaintenances.getAll(),
    "scheduledMaintenances.getActive": await api.scheduledMaintenances.getActive(),
    "scheduledMaintenances.getUpcoming": await api.scheduledMaintenances.getUpcoming(),
  });
}

// updates follows a site with statuspage.js's StatuspageUpdates while the
// test rebuilds it: after each rebuild, one poll (fetch) and checkUpdate,
// and the incident_update events emitted.
async function updates({ site, rebuild, steps }) {
  const u = new spjs.StatuspageUpdates(site, 3600000); // polled by hand below, never by its timer
  const emitted = [];
  u.on("incident_update", (inc) => emitted.push(plain(inc)));
  // Its constructor's own first fetch.
  for (let i = 0; u.curr === undefined; i++) {
    if (i > 200) throw new Error("StatuspageUpdates made no first fetch in 10 s");
    await new Promise((r) => setTimeout(r, 50));
  }
  const out = [];
  for (let step = 1; step <= steps; step++) {
    const res = await fetch(`${rebuild}?step=${step}`, { method: "POST" });
    if (!res.ok) throw new Error(`rebuild ${step}: ${res.status} ${await res.text()}`);
    await u.fetch();
    const before = emitted.length;
    out.push({ step, checkUpdate: u.checkUpdate(), emitted: emitted.slice(before) });
  }
  return out;
}

(async () => {
  const report = { "statuspage.js": {}, "statuspage.io": {} };
  for (const [id, url] of Object.entries(cfg.sites)) {
    if (cfg.updates && id === cfg.updates.site) continue;
    report["statuspage.js"][id] = await viaStatuspageJS(id);
    report["statuspage.io"][id] = await viaStatuspageIO(id, url);
  }
  if (cfg.updates) report.updates = await updates(cfg.updates);
  console.log(JSON.stringify(report));
})().catch((e) => {
  console.error("FAIL", e && e.stack || e);
  process.exit(1);
});
