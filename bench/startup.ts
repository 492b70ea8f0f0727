/**
 * `npm run bench:start`: how long until the server answers /healthz, on the embedded database (PGlite).
 *
 * Cold start: a new, empty DATA_DIR (PGlite initdb, migrations, the default 300-enterprise demo seed).
 * Warm restart: the same DATA_DIR again (open the existing database, nothing to migrate or seed).
 * Three of each, printed one by one and as a median. The server runs as `node --import tsx server/src/main.ts`
 * (what `npm start` runs after its UI check) with WEB_DIST set to an existing folder, so no UI build is included;
 * the UI build (`npm run build -w web`) is timed once on its own, into a temp folder (web/dist is left alone), and
 * skipped with a note when it fails. BENCH_RUNS changes the number of runs; BENCH_SKIP_BUILD=1 skips the UI build.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fmtS, machine, median, REPO, runBench, startServer, tempDir } from "./lib";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_COLD_MS = 30_000;
const TARGET_WARM_MS = 5_000;

interface Timing {
  wallMs: number;
  selfMs: number | null;
}

async function timedStart(env: Record<string, string>): Promise<Timing> {
  const server = await startServer(env, 120_000);
  const t = { wallMs: server.readyMs, selfMs: server.selfReportedMs };
  await server.stop();
  if (server.proc.exitCode !== 0) throw new Error(`server exited with ${server.proc.exitCode ?? server.proc.signalCode} on SIGTERM:\n${server.output()}`);
  return t;
}

const line = (label: string, t: Timing) =>
  `  ${label.padEnd(8)} ${fmtS(t.wallMs).padStart(8)} to healthy   (in-process "ready in" ${t.selfMs === null ? "?" : fmtS(t.selfMs)}; the rest is starting Node and loading the code with tsx)`;

/** Times `npm run build -w web` into a temp folder; null when it fails (web/ may be under construction). */
async function timeUiBuild(): Promise<{ ms: number } | { error: string }> {
  const out = tempDir("web-build");
  const t0 = performance.now();
  const child = spawn("npm", ["run", "build", "-w", "web", "--", "--outDir", out, "--emptyOutDir"], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (b: Buffer) => (log += b.toString()));
  child.stderr.on("data", (b: Buffer) => (log += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const ms = performance.now() - t0;
  if (code !== 0 || !fs.existsSync(path.join(out, "index.html"))) {
    const tail = log.trim().split("\n").slice(-3).join(" | ");
    return { error: `exit code ${code}: ${tail}` };
  }
  return { ms };
}

runBench("bench:start", async () => {
  console.log(`bench:start on ${machine()}`);
  const builtUi = path.join(REPO, "web/dist");
  const webDist = fs.existsSync(path.join(builtUi, "index.html")) ? builtUi : tempDir("web-dist");
  console.log(
    `database: PGlite (embedded); default demo seed (300 enterprises); WEB_DIST=${webDist} (${webDist === builtUi ? "the built UI, served" : "empty, no UI"}) — no UI build included\n`,
  );
  const base = { NODE_ENV: "development", ANGUAN_DEMO: "1", LOG_LEVEL: "warn", WEB_DIST: webDist };

  const cold: Timing[] = [];
  const warm: Timing[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const dataDir = tempDir(`data-${i}`);
    const c = await timedStart({ ...base, DATA_DIR: dataDir });
    cold.push(c);
    console.log(line(`cold #${i}`, c));
    const w = await timedStart({ ...base, DATA_DIR: dataDir });
    warm.push(w);
    console.log(line(`warm #${i}`, w));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const coldMed = median(cold.map((t) => t.wallMs));
  const warmMed = median(warm.map((t) => t.wallMs));
  console.log(`\ncold start (empty DATA_DIR → /healthz ok): median ${fmtS(coldMed)}   target < 30 s: ${coldMed < TARGET_COLD_MS ? "met" : "MISSED"}`);
  console.log(`warm restart (same DATA_DIR → /healthz ok): median ${fmtS(warmMed)}   target < 5 s: ${warmMed < TARGET_WARM_MS ? "met" : "MISSED"}`);

  if (process.env.BENCH_SKIP_BUILD === "1") {
    console.log("\nUI build: skipped (BENCH_SKIP_BUILD=1)");
  } else {
    console.log("\nUI build (npm run build -w web, into a temp folder; once, not part of the figures above) …");
    const b = await timeUiBuild();
    console.log("ms" in b ? `  ${fmtS(b.ms)}` : `  skipped: the web build failed (${b.error})`);
  }
  console.log(`\nload avg after the run: ${machine().split("load avg ")[1]}`);
});
