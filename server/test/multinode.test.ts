/**
 * Two server processes on one PostgreSQL database, started at the same moment: migrations and the demo seed run
 * once, concurrent writes through both nodes lose nothing and keep one audit chain.
 */
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { HttpClient, startServer, type ServerProcess } from "./support/processes";
import { PG_ADMIN_URL, usePostgres } from "./support/testDb";

const dbName = `anguan_mn_${crypto.randomBytes(5).toString("hex")}`;
const servers: ServerProcess[] = [];

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  if (usePostgres()) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
});

describe.skipIf(!usePostgres())("two nodes on one PostgreSQL", () => {
  it("seed once, no lost or doubled writes, one verifiable audit chain", async () => {
    await admin(`CREATE DATABASE ${dbName}`);
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${dbName}`;
    const env = { DATABASE_URL: u.toString(), DEMO_ENTERPRISES: "80", DATA_DIR: `/tmp/${dbName}` };
    servers.push(...(await Promise.all([startServer(env), startServer(env)])));
    const [a, b] = await Promise.all(servers.map((s) => new HttpClient(s.url).login("zj.yjj")));
    const la = await a!.request("GET", "/api/enterprises?pageSize=200");
    const lb = await b!.request("GET", "/api/enterprises?pageSize=200");
    expect(la.body.total).toBe(80);
    expect(lb.body.total).toBe(80);

    // 40 concurrent edits of the same enterprise through both nodes, each with the version it read: exactly one
    // wins per version, the rest are 409, and the final version counts every success.
    const id = la.body.items[0].id as string;
    const start = (await a!.request("GET", `/api/enterprises/${id}`)).body.version as number;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a! : b!).request("PATCH", `/api/enterprises/${id}`, { address: `地址${i}`, expectedVersion: start })),
    );
    const ok = results.filter((r) => r.status === 200).length;
    expect(ok).toBe(1);
    expect(results.filter((r) => r.status === 409).length).toBe(39);
    // Edits without an expected version queue on the row lock: all of them land, one after another.
    const blind = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a! : b!).request("PATCH", `/api/enterprises/${id}`, { employeeCount: 100 + i })),
    );
    expect(blind.map((r) => r.status)).toEqual(Array(30).fill(200));
    const landed = blind.length;
    const final = (await b!.request("GET", `/api/enterprises/${id}`)).body.version as number;
    expect(final).toBe(start + 1 + landed);

    const root = await new HttpClient(servers[0]!.url).login("admin");
    const history = await root.request("GET", `/api/enterprises/${id}/history`);
    expect(history.body.items.filter((h: { action: string }) => h.action === "enterprise.update").length).toBe(1 + landed);
    const verify = await root.request("GET", "/api/audit/verify");
    expect(verify.body.ok).toBe(true);
    expect(verify.body.checked).toBeGreaterThan(landed);
  }, 120_000);
});
