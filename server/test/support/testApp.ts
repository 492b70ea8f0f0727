/** Builds the real app on a fresh test database, with an injectable clock, and clients that log in as demo users. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { buildApp, type App } from "../../src/app";
import { loadConfig } from "../../src/config";
import { DEMO_PASSWORD } from "../../src/seed/seed";
import { openTestDatabase, TEST_NOW } from "./testDb";

export interface TestApp {
  app: App;
  db: Awaited<ReturnType<typeof openTestDatabase>>["db"];
  clock: { now: Date };
  dataDir: string;
  as(username: string, password?: string): Promise<Client>;
  anonymous(): Client;
  close(): Promise<void>;
}

export interface Res {
  status: number;
  body: any;
  headers: LightMyRequestResponse["headers"];
  raw: LightMyRequestResponse;
}

export class Client {
  cookies = new Map<string, string>();
  constructor(readonly app: App) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(method: string, url: string, opts: { body?: unknown; payload?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Res> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    const csrf = this.cookies.get("anguan_csrf");
    if (csrf && method !== "GET" && !("x-csrf-token" in headers)) headers["x-csrf-token"] = csrf;
    let payload: string | Buffer | undefined = opts.payload;
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    const raw = await this.app.inject({ method: method as "GET", url, headers, payload });
    for (const c of raw.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === "" || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    let body: any = raw.body;
    if ((raw.headers["content-type"] ?? "").toString().includes("json") && raw.body) body = raw.json();
    return { status: raw.statusCode, body, headers: raw.headers, raw };
  }
  get = (url: string) => this.request("GET", url);
  post = (url: string, body?: unknown) => this.request("POST", url, body === undefined ? {} : { body });
  patch = (url: string, body: unknown) => this.request("PATCH", url, { body });
  del = (url: string) => this.request("DELETE", url);

  /** multipart/form-data upload of one file field. */
  upload(url: string, content: Buffer, filename: string, field = "file", contentType = "application/octet-stream") {
    const boundary = `----anguan${Math.random().toString(16).slice(2)}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.request("POST", url, { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<Res> {
    return this.post("/api/auth/login", { username, password });
  }
}

export async function startTestApp(
  env: Record<string, string> = {},
  monitoringOptions: { enabled?: boolean; timers?: boolean; mqtt?: boolean } = { timers: false },
): Promise<TestApp> {
  const database = await openTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anguan-test-"));
  const config = loadConfig({
    LOG_LEVEL: "silent",
    DATA_DIR: dataDir,
    WEB_DIST: path.join(dataDir, "no-web"),
    MQTT_ENABLED: "0",
    ANGUAN_SIMULATOR: "0",
    ...env,
  });
  const clock = { now: new Date(TEST_NOW) };
  const app = (await buildApp({
    config,
    database,
    db: database.db,
    now: () => new Date(clock.now),
    clock: {
      setOffset: (ms: number) => {
        clock.now = new Date(TEST_NOW.getTime() + ms);
      },
    },
    monitoringOptions,
  })) as unknown as App;
  await app.ready();
  return {
    app,
    db: database.db,
    clock,
    dataDir,
    anonymous: () => new Client(app),
    async as(username, password) {
      const c = new Client(app);
      const r = await c.login(username, password);
      if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return c;
    },
    async close() {
      await app.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
