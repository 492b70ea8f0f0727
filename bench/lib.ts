/** Shared benchmark helpers: start the server as a child process, wait for /healthz, clean up on any exit. */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(import.meta.dirname, "..");
/** BENCH_SERVER_MAIN runs another checkout's server (to compare a change) with the same harness. */
const MAIN = path.resolve(process.env.BENCH_SERVER_MAIN ?? path.join(REPO, "server/src/main.ts"));
/** tsx's loader by absolute path, so the server can run with a temp working directory (no stray ./.env is read). */
const TSX = fileURLToPath(import.meta.resolve("tsx"));

const cleanups: (() => Promise<void> | void)[] = [];
/** Registers work for the end of the run (also after an error or Ctrl-C); runs last-registered first. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const fn = cleanups.pop()!;
    try {
      await fn();
    } catch (err) {
      console.error("cleanup failed:", err);
    }
  }
}

/** Runs a benchmark: exit code 0 on success, 1 on error, 130 on interrupt; cleanups always run. */
export function runBench(name: string, body: () => Promise<void>): void {
  let interrupted = false;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      interrupted = true;
      console.error(`\n${name}: interrupted, cleaning up…`);
      void runCleanups().finally(() => process.exit(130));
    });
  }
  body()
    .then(async () => {
      await runCleanups();
      if (!interrupted) process.exit(0);
    })
    .catch(async (err: unknown) => {
      console.error(`\n${name} FAILED: ${err instanceof Error ? err.message : String(err)}`);
      await runCleanups();
      process.exit(1);
    });
}

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `anguan-bench-${prefix}-`));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Server {
  port: number;
  base: string;
  proc: ChildProcess;
  /** Wall-clock ms from spawn to the first healthy /healthz. */
  readyMs: number;
  /** The server's own "ready in N ms" (config → listen), when printed. */
  selfReportedMs: number | null;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node --import tsx server/src/main.ts` with the given environment and waits until /healthz says ok. */
export async function startServer(env: Record<string, string>, timeoutMs = 600_000): Promise<Server> {
  const port = await freePort();
  const cwd = tempDir("cwd");
  const t0 = performance.now();
  const proc = spawn(process.execPath, ["--import", TSX, MAIN], {
    cwd,
    // MQTT on a free port unless told (Mosquitto holds 1883 on the development machines).
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), HOST: "127.0.0.1", MQTT_PORT: "0", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  proc.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };
  onCleanup(stop);
  const base = `http://127.0.0.1:${port}`;
  let dead = false;
  void exited.then(() => (dead = true));
  for (;;) {
    if (dead) throw new Error(`server exited with code ${proc.exitCode} before it was healthy:\n${out}`);
    if (performance.now() - t0 > timeoutMs) throw new Error(`server not healthy after ${timeoutMs} ms:\n${out}`);
    const ok = await fetch(`${base}/healthz`)
      .then(async (r) => r.ok && ((await r.json()) as { status?: string }).status === "ok")
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 50)); // let the banner arrive
  const m = /ready in (\d+) ms/.exec(out);
  return { port, base, proc, readyMs, selfReportedMs: m ? Number(m[1]) : null, output: () => out, stop };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const fmtS = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One line describing the machine, for the output and docs/benchmarks.md. */
export function machine(): string {
  const cpus = os.cpus();
  const mem = (os.totalmem() / 2 ** 30).toFixed(1);
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return `${os.availableParallelism()} cores (${cpus[0]?.model.trim() ?? "?"}), ${mem} GiB RAM, Node ${process.version}, load avg ${load}`;
}

/** CPU time (ms) a process has used so far, from /proc (Linux); null when unreadable. */
export function procCpuMs(pid: number): number | null {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return null;
  }
}

/** Busy and total CPU time (ms) of the whole machine so far, from /proc/stat. */
export function machineCpuMs(): { busy: number; total: number } {
  try {
    const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - idle) * tick, total: total * tick };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}
