/** Runs the real server and CLI entry points as child processes (for start-up, CLI and multi-node tests). */
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point with tsx to completion. */
export function runTs(file: string, args: string[], env: Record<string, string>, input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, file), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    if (input !== undefined) p.stdin.end(input);
    else p.stdin.end();
    p.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  let log = "";
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/src/main.ts")], {
    cwd: ROOT,
    // MQTT on a free port (Mosquitto holds 1883 on the development and CI machines).
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", MQTT_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout?.on("data", (d) => (log += d));
  proc.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000; // a cold start seeds the demo first
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited ${proc.exitCode}: ${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server not healthy: ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    proc,
    log: () => log,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    },
  };
}

/** A minimal HTTP client with the session and CSRF cookies, for servers in child processes. */
export class HttpClient {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}
  async request(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") };
    if (body !== undefined) headers["content-type"] = "application/json";
    const csrf = this.cookies.get("anguan_csrf");
    if (csrf && method !== "GET") headers["x-csrf-token"] = csrf;
    const r = await fetch(this.base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of r.headers.getSetCookie()) {
      const [kv] = c.split(";");
      const [k, v] = kv!.split("=");
      if (k) this.cookies.set(k.trim(), v ?? "");
    }
    const text = await r.text();
    return { status: r.status, body: text && r.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
  }
  async login(username: string, password = "Anguan#2026") {
    const r = await this.request("POST", "/api/auth/login", { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return this;
  }
}
