/**
 * Durability of the ingest path with real processes and real brokers:
 * - kill -9 the server while a gateway streams over MQTT, start it again: every point the gateway saw acknowledged is
 *   stored, and the alarm the stream holds open exists once;
 * - the same round trip through an external Mosquitto (MQTT_URL) instead of the embedded broker;
 * - the writer under a failing database: producers wait (back-pressure), nothing queued is dropped, all is stored
 *   once the database answers again.
 * The process tests need PostgreSQL (the PostgreSQL pass); the Mosquitto test needs it on 127.0.0.1:1883.
 */
import crypto from "node:crypto";
import net from "node:net";
import mqtt from "mqtt";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../src/seed/seed";
import { IngestWriter } from "../src/features/telemetry/writer";
import { freePort, type ServerProcess, startServer } from "./support/processes";
import { PG_ADMIN_URL, usePostgres } from "./support/testDb";

const MOSQUITTO = process.env.MOSQUITTO_URL ?? "mqtt://127.0.0.1:1883";
const canConnect = (url: string) =>
  new Promise<boolean>((resolve) => {
    const u = new URL(url);
    const s = net.connect({ host: u.hostname, port: Number(u.port || 1883) }, () => {
      s.end();
      resolve(true);
    });
    s.on("error", () => resolve(false));
  });
const mosquittoUp = await canConnect(MOSQUITTO);
if (!mosquittoUp && process.env.ANGUAN_TEST_MQTT === "required" && usePostgres()) throw new Error(`Mosquitto is required at ${MOSQUITTO}`);

const servers: ServerProcess[] = [];
const databases: string[] = [];
async function admin(sql: string) {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}
async function newDatabase() {
  const name = `anguan_dur_${crypto.randomBytes(5).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`);
  databases.push(name);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const d of databases) await admin(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
});

/** A gateway streaming demo-gw-1's tags: GT-101 held at 60 %LEL (above high-high 50) the whole time. */
function stream(url: string, gatewayId = "demo-gw-1", auth = true) {
  const client = mqtt.connect(url, {
    ...(auth ? { username: gatewayId, password: DEMO_PASSWORD } : {}),
    clientId: `dur-${crypto.randomBytes(4).toString("hex")}`,
    clean: false,
    reconnectPeriod: 200,
    connectTimeout: 5000,
  });
  const acked = new Set<number>();
  let sent = 0;
  let stop = false;
  const base = Date.now() - 60_000;
  const tsOf = (i: number) => new Date(base + i * 10).toISOString();
  const loop = (async () => {
    while (!stop) {
      if (!client.connected) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const i = sent++;
      const payload = JSON.stringify({ ts: tsOf(i), points: [{ tag: "GT-101", value: 60 }] });
      client.publish(`anguan/v1/${gatewayId}/telemetry`, payload, { qos: 1 }, (err) => {
        if (!err) acked.add(i);
      });
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    client,
    acked,
    tsOf,
    sent: () => sent,
    async finish(timeoutMs = 30_000) {
      stop = true;
      await loop;
      const until = Date.now() + timeoutMs;
      while (acked.size < sent && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      await client.endAsync();
    },
  };
}

async function storedTimes(dbUrl: string): Promise<Set<number>> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT (extract(epoch FROM r.ts) * 1000)::int8 AS t FROM readings r JOIN sensors s ON s.id = r.sensor_id WHERE s.gateway_id = 'demo-gw-1' AND s.tag = 'GT-101'`,
    );
    return new Set(r.rows.map((x) => Number(x.t)));
  } finally {
    await c.end();
  }
}
async function limitAlarms(dbUrl: string) {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const r = await c.query(
      // Open alarms (the demo seed's history of cleared ones aside), with the number of times each was raised.
      `SELECT a.status, a.level, (SELECT count(*)::int FROM alarm_events e WHERE e.alarm_id = a.id AND e.action = 'raise') AS raises
       FROM alarms a JOIN sensors s ON s.id = a.sensor_id
       WHERE s.gateway_id = 'demo-gw-1' AND s.tag = 'GT-101' AND a.kind = 'limit' AND a.status <> 'cleared'`,
    );
    return r.rows;
  } finally {
    await c.end();
  }
}

describe.skipIf(!usePostgres())("kill -9 mid-stream (embedded broker)", () => {
  it("loses no acknowledged point and doubles no alarm", async () => {
    const dbUrl = await newDatabase();
    const mqttPort = await freePort();
    const env = { DATABASE_URL: dbUrl, DEMO_ENTERPRISES: "20", DATA_DIR: `/tmp/${databases.at(-1)}`, MQTT_PORT: String(mqttPort), ANGUAN_SIMULATOR: "0" };
    const first = await startServer(env);
    servers.push(first);
    const s = stream(`mqtt://127.0.0.1:${mqttPort}`);
    while (s.acked.size < 150) await new Promise((r) => setTimeout(r, 20));
    first.proc.kill("SIGKILL");
    await new Promise((r) => first.proc.once("exit", r));
    const ackedBeforeKill = s.acked.size;
    const second = await startServer(env);
    servers.push(second);
    const t0 = s.sent();
    while (s.sent() < t0 + 150) await new Promise((r) => setTimeout(r, 20));
    await s.finish();
    expect(s.acked.size).toBe(s.sent()); // every message eventually acknowledged
    expect(ackedBeforeKill).toBeGreaterThan(100);
    const stored = await storedTimes(dbUrl);
    const missing = [...s.acked].filter((i) => !stored.has(Date.parse(s.tsOf(i))));
    expect(missing).toEqual([]);
    expect(stored.size).toBe(s.sent()); // keyed by (sensor, ts): resent messages were not stored twice
    const al = await limitAlarms(dbUrl);
    expect(al).toHaveLength(1);
    expect(al[0]).toMatchObject({ level: "hh", raises: 1 });
    await second.stop();
  }, 180_000);
});

describe.skipIf(!usePostgres() || !mosquittoUp)("through an external Mosquitto (MQTT_URL)", () => {
  it("stores what a gateway publishes to Mosquitto, acknowledged to the broker after storing", async () => {
    const dbUrl = await newDatabase();
    const server = await startServer({
      DATABASE_URL: dbUrl,
      DEMO_ENTERPRISES: "20",
      DATA_DIR: `/tmp/${databases.at(-1)}`,
      MQTT_URL: MOSQUITTO,
      MQTT_SUBSCRIBERS: "1",
      MQTT_CLIENT_ID: `test-${crypto.randomBytes(4).toString("hex")}`,
      ANGUAN_SIMULATOR: "0",
    });
    servers.push(server);
    await new Promise((r) => setTimeout(r, 500)); // the subscription is in place before the gateway publishes
    const s = stream(MOSQUITTO, "demo-gw-1", false);
    while (s.acked.size < 100) await new Promise((r) => setTimeout(r, 20));
    await s.finish();
    // The gateway's PUBACK comes from Mosquitto; ours to Mosquitto follows the store: wait for the server to drain.
    const until = Date.now() + 20_000;
    let stored = await storedTimes(dbUrl);
    while (stored.size < s.sent() && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      stored = await storedTimes(dbUrl);
    }
    expect(stored.size).toBe(s.sent());
    expect(await limitAlarms(dbUrl)).toHaveLength(1);
    await server.stop();
  }, 120_000);
});

describe.skipIf(!usePostgres())("two nodes: live fan-out through LISTEN/NOTIFY", () => {
  it("an alarm raised by a point ingested on node A reaches a live screen connected to node B", async () => {
    const dbUrl = await newDatabase();
    const env = { DATABASE_URL: dbUrl, DEMO_ENTERPRISES: "20", DATA_DIR: `/tmp/${databases.at(-1)}`, ANGUAN_SIMULATOR: "0" };
    const a = await startServer(env);
    servers.push(a);
    const b = await startServer(env);
    servers.push(b);
    const login = await fetch(`${b.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "ent.a", password: DEMO_PASSWORD }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const ctrl = new AbortController();
    const res = await fetch(`${b.url}/api/live`, { headers: { cookie }, signal: ctrl.signal });
    const reader = res.body!.getReader();
    let text = "";
    const reading = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += new TextDecoder().decode(value);
        }
      } catch {}
    })();
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    const r = await fetch(`${a.url}/api/telemetry`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`demo-gw-1:${DEMO_PASSWORD}`).toString("base64")}` },
      body: JSON.stringify({ points: [{ tag: "GT-101", value: 70 }] }),
    });
    expect(r.status).toBe(200);
    while (!text.includes('"GT-101"') && Date.now() - t0 < 5000) await new Promise((res) => setTimeout(res, 20));
    expect(text).toContain("event: alarm");
    expect(Date.now() - t0).toBeLessThan(2000);
    ctrl.abort();
    await reading;
  }, 120_000);
});

describe("writer under a failing database", () => {
  it("holds producers back when full, retries without dropping, stores everything once the database answers", async () => {
    let failing = true;
    const committed: number[][] = [];
    const fakeDb = {
      kind: "pglite" as const,
      db: { execute: async () => ({ rows: [] }) },
      pglite: {
        transaction: async (fn: (tx: { query: (t: string, p?: unknown[]) => Promise<unknown> }) => Promise<unknown>) => {
          if (failing) throw new Error("database unavailable");
          let ids: number[] = [];
          const out = await fn({
            query: async (_t: string, p?: unknown[]) => {
              if (p && typeof p[0] === "string" && p[0].startsWith("{")) ids = p[0].slice(1, -1).split(",").map(Number);
              return { rows: [], affectedRows: 0 };
            },
          });
          committed.push(ids);
          return out;
        },
      },
    };
    const w = new IngestWriter({ database: fakeDb as never, maxPending: 1000, batchMax: 500, flushMs: 1, onCommitted: () => {}, log: () => {} });
    const job = (from: number, n: number) => ({
      sensorIds: Array.from({ length: n }, (_, i) => from + i),
      ts: Array.from({ length: n }, () => 1),
      values: Array.from({ length: n }, () => 0),
      qualities: Array.from({ length: n }, () => 0),
      effects: [],
    });
    const settled: number[] = [];
    const p1 = w.submit(job(0, 600)).then(() => settled.push(1));
    const p2 = w.submit(job(600, 400)).then(() => settled.push(2));
    expect(w.hasRoom(1)).toBe(false); // 1,000 pending: full
    let roomAt = 0;
    const waiting = w.whenRoom(100).then(() => (roomAt = Date.now()));
    await new Promise((r) => setTimeout(r, 400));
    expect(settled).toEqual([]); // nothing acknowledged while the database fails
    expect(roomAt).toBe(0);
    expect(w.stats.failures).toBeGreaterThan(0);
    expect(w.pending).toBe(1000); // nothing dropped
    failing = false;
    await Promise.all([p1, p2, waiting]);
    expect(settled).toEqual([1, 2]);
    expect(committed.flat()).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(w.pending).toBe(0);
    await w.close();
  });
});
