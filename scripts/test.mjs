#!/usr/bin/env node
// `npm test`: the whole suite. Domain unit tests; API tests on PGlite and on PostgreSQL; browser tests in Chromium.
// PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) and /usr/bin/chromium are
// used when present; set ANGUAN_TEST_POSTGRES=required / ANGUAN_TEST_E2E=required (CI does) to fail without them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const pgUrl = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedRuns = 0;

function canConnect(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port: Number(port) }, () => {
      s.end();
      resolve(true);
    });
    s.on("error", () => resolve(false));
    s.setTimeout(2000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

function run(label, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const out = path.join(os.tmpdir(), `anguan-vitest-${process.pid}-${label.replace(/\W+/g, "-")}.json`);
  const r = spawnSync("npx", ["vitest", "run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  if (fs.existsSync(out)) {
    const j = JSON.parse(fs.readFileSync(out, "utf8"));
    totals.passed += j.numPassedTests;
    totals.failed += j.numFailedTests;
    totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    fs.rmSync(out);
  }
  if (r.status !== 0) failedRuns++;
}

function skip(what, why, required) {
  if (required) {
    console.error(`\n${what}: ${why} — required here, failing.`);
    failedRuns++;
  } else console.log(`\n=== ${what}: skipped (${why}) ===`);
}

const only = process.argv[2];
if (!only || only === "unit") run("domain unit tests", ["--project", "domain"]);
if (!only || only === "api") {
  run("API tests on PGlite", ["--project", "server"], { ANGUAN_TEST_DB: "pglite", ANGUAN_TEST_RUN: `pglite${process.pid}` });
  if (await canConnect(pgUrl.hostname, pgUrl.port || 5432)) {
    run("API tests on PostgreSQL", ["--project", "server"], { ANGUAN_TEST_DB: "postgres", ANGUAN_TEST_RUN: `pg${process.pid}` });
  } else skip("API tests on PostgreSQL", `no server at ${pgUrl.host}`, process.env.ANGUAN_TEST_POSTGRES === "required");
}
if (!only || only === "e2e") {
  if (fs.existsSync(chromium)) {
    const b = spawnSync("npm", ["run", "build", "-w", "web"], { cwd: root, stdio: "inherit" });
    if (b.status !== 0) failedRuns++;
    else run("browser tests (Chromium)", ["--project", "e2e"], { CHROMIUM_PATH: chromium });
  } else skip("browser tests", `${chromium} not installed (apt-get install -y chromium fonts-noto-cjk)`, process.env.ANGUAN_TEST_E2E === "required");
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(failedRuns || totals.failed ? 1 : 0);
