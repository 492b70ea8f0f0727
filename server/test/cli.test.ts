/** Boot configuration, production mode with the CLI-set administrator, and `npm run audit:verify` on tampering. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";
import { HttpClient, runTs, startServer } from "./support/processes";
import { usePostgres } from "./support/testDb";

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "anguan-cli-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("configuration at boot", () => {
  it("names the bad variable", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ANGUAN_DEMO: "maybe" })).toThrow(/ANGUAN_DEMO/);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET/);
  });
  it("applies defaults", () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.ANGUAN_DEMO).toBe(true);
    expect(c.SESSION_IDLE_MINUTES).toBe(30);
    expect(loadConfig({ ANGUAN_DEMO: "0" }).ANGUAN_DEMO).toBe(false);
  });
  it("a bad value stops the server with exit code 2 and the message", async () => {
    const r = await runTs("server/src/main.ts", [], { PORT: "-1", DATA_DIR: tmp() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("PORT");
  });
});

// Uses the embedded database in child processes; the PostgreSQL pass covers servers in multinode.test.ts.
describe.skipIf(usePostgres())("production mode and the CLI", () => {
  it("seeds only an administrator who cannot log in until the CLI sets the password; audit:verify then passes and catches tampering", async () => {
    const dataDir = tmp();
    const env = { DATA_DIR: dataDir, ANGUAN_DEMO: "0", NODE_ENV: "production", SESSION_SECRET: "x".repeat(40), DATABASE_URL: "" };
    let s = await startServer(env);
    let c = new HttpClient(s.url);
    expect((await c.request("POST", "/api/auth/login", { username: "admin", password: "Anguan#2026" })).status).toBe(401);
    // PGlite is one process at a time: a CLI or a second server on the same data directory is refused, clearly.
    const busy = await runTs("server/src/cli/create-admin.ts", ["--username", "admin"], env, "Strong#Pass2026\n");
    expect(busy.code).not.toBe(0);
    expect(busy.stderr).toContain("正被另一个进程");
    const second = await runTs("server/src/main.ts", [], { ...env, PORT: "0" });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain("正被另一个进程");
    await s.stop();

    const weak = await runTs("server/src/cli/create-admin.ts", ["--username", "admin"], env, "short\n");
    expect(weak.code).toBe(2);
    const ok = await runTs("server/src/cli/create-admin.ts", ["--username", "admin"], env, "Strong#Pass2026\n");
    expect(ok.code, ok.stderr).toBe(0);

    s = await startServer(env);
    c = new HttpClient(s.url);
    await c.login("admin", "Strong#Pass2026");
    const list = await c.request("GET", "/api/enterprises");
    expect(list.body.total).toBe(0); // no demo data in production mode
    await s.stop();

    const good = await runTs("server/src/cli/audit-verify.ts", [], env);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/校验通过/);

    // Tamper with an audit row directly in the embedded database.
    const { openDatabase } = await import("../src/db/client");
    const d = await openDatabase({ dataDir: path.join(dataDir, "pgdata") });
    await d.pglite!.query(`UPDATE audit_events SET actor_name = '某人' WHERE id = (SELECT max(id) FROM audit_events)`);
    await d.close();
    const bad = await runTs("server/src/cli/audit-verify.ts", [], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/校验失败/);
  }, 120_000);
});
