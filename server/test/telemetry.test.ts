/**
 * Telemetry ingest end to end on a real database: HTTP ingest with gateway credentials, readings keyed by (sensor, ts),
 * alarms raised/recurring/returning through the engine, offline detection, restart restoring the engine from the
 * database, the live channel, and MQTT through the embedded broker (and through Mosquitto when it runs).
 */
import net from "node:net";
import { and, eq, sql } from "drizzle-orm";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alarmEvents, alarms, enterprises, gateways, readings, sensors } from "../src/db/schema";
import { hashPassword } from "../src/platform/auth";
import { startEmbeddedBroker } from "../src/features/telemetry/broker";
import { MonitoringService } from "../src/features/telemetry/service";
import { startTestApp, type TestApp } from "./support/testApp";

const GW = "t-gw-1";
const GW_PASSWORD = "Gateway#2026";
const basic = (id: string, pw: string) => `Basic ${Buffer.from(`${id}:${pw}`).toString("base64")}`;

let t: TestApp;
let entA: string;
const sensorId: Record<string, number> = {};

async function fixture(app: TestApp) {
  const [e] = await app.db.select().from(enterprises).where(eq(enterprises.name, "镇江华泰化工有限公司"));
  entA = e!.id;
  await app.db
    .insert(gateways)
    .values({ id: GW, enterpriseId: e!.id, regionPath: e!.regionPath, sector: e!.sector, name: "测试网关", passwordHash: await hashPassword(GW_PASSWORD) });
  const base = { enterpriseId: e!.id, regionPath: e!.regionPath, sector: e!.sector, gatewayId: GW, periodSeconds: 10 };
  const rows = await app.db
    .insert(sensors)
    .values([
      { ...base, tag: "TT-1", name: "反应釜温度", type: "temperature", engineeringUnit: "℃", h: 80, hh: 100, l: 5, deadband: 2 },
      { ...base, tag: "GT-9", name: "可燃气体探测器", type: "combustible_gas", engineeringUnit: "%LEL", h: 25, hh: 50, deadband: 1, delaySeconds: 0 },
      { ...base, tag: "PT-1", name: "储罐压力", type: "pressure", engineeringUnit: "MPa", h: 1.6, rateLimit: 0.5, deadband: 0.05 },
    ])
    .returning({ id: sensors.id, tag: sensors.tag });
  for (const r of rows) sensorId[r.tag] = r.id;
  await service().reloadSensors();
}

const service = () => t.app.ctx.monitoring as MonitoringService;
const post = (body: unknown, auth = basic(GW, GW_PASSWORD)) =>
  t.app.inject({ method: "POST", url: "/api/telemetry", headers: { authorization: auth, "content-type": "application/json" }, payload: JSON.stringify(body) });
const at = (s: number) => new Date(t.clock.now.getTime() + s * 1000).toISOString();
const openAlarms = (tag: string, kind = "limit") =>
  t.db
    .select()
    .from(alarms)
    .where(and(eq(alarms.sensorId, sensorId[tag]!), eq(alarms.kind, kind)));

beforeAll(async () => {
  t = await startTestApp();
  await fixture(t);
}, 60_000);
afterAll(() => t?.close());

describe("HTTP ingest", () => {
  it("refuses missing or wrong gateway credentials, and an unknown gateway", async () => {
    expect((await t.app.inject({ method: "POST", url: "/api/telemetry", payload: { points: [] } })).statusCode).toBe(401);
    expect((await post({ points: [] }, basic(GW, "wrong"))).statusCode).toBe(401);
    const r = await post({ points: [] }, basic("nobody", GW_PASSWORD));
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe("GATEWAY_UNAUTHORIZED");
  });

  it("answers a structural fault with the field, and rejects bad points one by one", async () => {
    const r = await post({ ts: at(0), points: "x" });
    expect(r.statusCode).toBe(400);
    expect(r.json().fields[0].field).toBe("points");
    expect((await post({ ts: "yesterday", points: [] })).json().fields[0].field).toBe("ts");
    const ok = await post({
      ts: at(1),
      points: [
        { tag: "TT-1", value: 20 },
        { tag: "TT-1", value: "hot" },
        { tag: "NOPE", value: 1 },
        { tag: "TT-1", value: 21, ts: "2020-01-01T00:00:00Z" },
        { tag: "TT-1", value: 21, quality: "meh", ts: at(2) },
      ],
    });
    expect(ok.statusCode).toBe(200);
    const body = ok.json();
    expect(body.accepted).toBe(1);
    expect(body.unknownTags).toEqual(["NOPE"]);
    expect(body.rejected.map((x: { index: number }) => x.index)).toEqual([1, 3, 4]);
  });

  it("stores points once: a redelivered batch does not duplicate readings", async () => {
    const batch = {
      ts: at(10),
      points: [
        { tag: "TT-1", value: 30 },
        { tag: "GT-9", value: 3 },
        { tag: "PT-1", value: 0.8, ts: at(9) },
      ],
    };
    for (let i = 0; i < 3; i++) expect((await post(batch)).statusCode).toBe(200);
    const [n] = (await t.db.execute(sql`SELECT count(*)::int AS n FROM readings WHERE ts = ${at(10)}::timestamptz`)).rows as { n: number }[];
    expect(n!.n).toBe(2);
    const [row] = await t.db
      .select()
      .from(readings)
      .where(and(eq(readings.sensorId, sensorId["PT-1"]!), eq(readings.ts, new Date(at(9)))));
    expect(row!.value).toBe(0.8);
  });
});

describe("alarms from points", () => {
  it("raises one limit alarm for a burst, worsens it to hh, returns with the deadband, recurs on the same alarm", async () => {
    // A burst of identical high points: one alarm.
    for (let i = 0; i < 5; i++) await post({ ts: at(20 + i), points: [{ tag: "GT-9", value: 30 }] });
    let list = await openAlarms("GT-9");
    expect(list).toHaveLength(1);
    expect(list[0]!.level).toBe("h");
    expect(list[0]!.status).toBe("raised");
    expect(list[0]!.conditionActive).toBe(true);
    // Worse: the same alarm at hh.
    await post({ ts: at(30), points: [{ tag: "GT-9", value: 55 }] });
    list = await openAlarms("GT-9");
    expect(list).toHaveLength(1);
    expect(list[0]!.level).toBe("hh");
    expect(list[0]!.peakValue).toBe(55);
    // 24.5 is below h (25) but inside the deadband (25 − 1): still active.
    await post({ ts: at(31), points: [{ tag: "GT-9", value: 24.5 }] });
    expect((await openAlarms("GT-9"))[0]!.conditionActive).toBe(true);
    await post({ ts: at(32), points: [{ tag: "GT-9", value: 10 }] });
    list = await openAlarms("GT-9");
    expect(list[0]!.conditionActive).toBe(false);
    expect(list[0]!.returnedAt).not.toBeNull();
    // Again above h while the alarm is still open (not cleared): a recurrence, not a second alarm.
    await post({ ts: at(33), points: [{ tag: "GT-9", value: 40 }] });
    list = await openAlarms("GT-9");
    expect(list).toHaveLength(1);
    expect(list[0]!.occurrences).toBe(2);
    expect(list[0]!.conditionActive).toBe(true);
    const events = await t.db.select().from(alarmEvents).where(eq(alarmEvents.alarmId, list[0]!.id));
    expect(events.map((e) => e.action)).toEqual(["raise", "worsen", "return", "recur"]);
    expect(list[0]!.severity).toBe("orange"); // hh at a sensor without a graded source
  });

  it("raises rate-of-change and bad-quality alarms", async () => {
    await post({ ts: at(40), points: [{ tag: "PT-1", value: 0.8 }] });
    await post({ ts: at(46), points: [{ tag: "PT-1", value: 1.2 }] }); // 0.4 in 6 s = 4 /min > 0.5
    expect(await openAlarms("PT-1", "rate")).toHaveLength(1);
    await post({ ts: at(47), points: [{ tag: "TT-1", value: 0, quality: "bad" }] });
    const bad = await openAlarms("TT-1", "bad_quality");
    expect(bad).toHaveLength(1);
    expect((await openAlarms("TT-1", "limit")).length).toBe(0); // a bad value is not judged against limits
  });

  it("raises offline after 3 × period without data and returns when data comes back", async () => {
    const s = service();
    t.clock.now = new Date(t.clock.now.getTime() + 10 * 60_000);
    expect(await s.checkOffline()).toBeGreaterThanOrEqual(3);
    expect(await openAlarms("TT-1", "offline")).toHaveLength(1);
    expect(await s.checkOffline()).toBe(0); // already offline: nothing new
  });
});

describe("restart", () => {
  it("a new engine restores open alarms from the database: the same condition raises nothing new", async () => {
    // Stop the runtime of the app and start another one on the same database (what a restart does).
    const old = service();
    await old.stop();
    const s = new MonitoringService({
      config: t.app.ctx.config,
      database: t.app.ctx.database,
      now: () => t.clock.now,
      log: () => {},
      timers: false,
      mqtt: false,
    });
    await s.start();
    t.app.ctx.monitoring = s;
    const before = await t.db.select().from(alarms).where(eq(alarms.sensorId, sensorId["GT-9"]!));
    const offlineBefore = await openAlarms("TT-1", "offline");
    expect(offlineBefore).toHaveLength(1);
    expect(offlineBefore[0]!.conditionActive).toBe(true);
    const r = await post({
      ts: new Date(t.clock.now.getTime() + 1000).toISOString(),
      points: [
        { tag: "GT-9", value: 41 },
        { tag: "TT-1", value: 20 },
      ],
    });
    expect(r.statusCode).toBe(200);
    const after = await t.db.select().from(alarms).where(eq(alarms.sensorId, sensorId["GT-9"]!));
    expect(after).toHaveLength(before.length);
    expect(after[0]!.occurrences).toBe(before[0]!.occurrences);
    // TT-1 came back: its offline alarm returned.
    expect((await openAlarms("TT-1", "offline"))[0]!.conditionActive).toBe(false);
  });

  it("the partial unique index refuses a second open alarm for the same sensor and kind", async () => {
    const [a] = await openAlarms("GT-9");
    await expect(
      t.db.insert(alarms).values({
        sensorId: a!.sensorId,
        enterpriseId: a!.enterpriseId,
        regionPath: a!.regionPath,
        sector: a!.sector,
        kind: "limit",
        severity: "yellow",
        raisedAt: new Date(),
      }),
    ).rejects.toThrow();
  });
});

describe("live channel", () => {
  it("streams a raised alarm to a subscriber in scope within a second, and not to one outside", async () => {
    const port = await listen();
    const base = `http://127.0.0.1:${port}`;
    const login = async (u: string) => {
      const r = await fetch(`${base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: u, password: "Anguan#2026" }),
      });
      expect(r.status).toBe(200);
      return r.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
    };
    const open = async (cookie: string, query = "") => {
      const ctrl = new AbortController();
      const res = await fetch(`${base}/api/live${query}`, { headers: { cookie }, signal: ctrl.signal });
      expect(res.headers.get("content-type")).toContain("text/event-stream");
      const reader = res.body!.getReader();
      let text = "";
      const read = (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            text += new TextDecoder().decode(value);
          }
        } catch {}
      })();
      return {
        text: () => text,
        close: () => {
          ctrl.abort();
          return read;
        },
      };
    };
    const inScope = await open(await login("ent.a"), `?enterpriseId=${entA}`);
    const outside = await open(await login("ent.b"));
    // ent.b may not watch ent.a's values.
    const forbidden = await fetch(`${base}/api/live?enterpriseId=${entA}`, { headers: { cookie: await login("ent.b") } });
    expect(forbidden.status).toBe(404);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    await post({ ts: new Date(t.clock.now.getTime() + 5000).toISOString(), points: [{ tag: "TT-1", value: 120 }] });
    while (!inScope.text().includes("event: alarm") && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 20));
    expect(Date.now() - t0).toBeLessThan(1000);
    const alarmLine = inScope
      .text()
      .split("\n")
      .find((l) => l.startsWith("data:") && l.includes('"TT-1"'));
    expect(JSON.parse(alarmLine!.slice(5))).toMatchObject({ tag: "TT-1", kind: "limit", level: "hh", status: "raised" });
    // The duty screen also gets the value within the next tick.
    while (!inScope.text().includes("event: values") && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 20));
    expect(inScope.text()).toContain('"value":120');
    expect(outside.text()).toContain("event: hello");
    expect(outside.text()).not.toContain("event: alarm");
    await inScope.close();
    await outside.close();
  });
});

let listening: number | null = null;
async function listen(): Promise<number> {
  if (listening) return listening;
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  listening = (t.app.server.address() as net.AddressInfo).port;
  return listening;
}

describe("MQTT", () => {
  let m: TestApp;
  let brokerPort: number;
  beforeAll(async () => {
    m = await startTestApp({ MQTT_ENABLED: "1", MQTT_PORT: "0", MQTT_HOST: "127.0.0.1" }, { timers: false, mqtt: true });
    const saved = t;
    t = m;
    await fixture(m);
    t = saved;
    brokerPort = (m.app.ctx.monitoring as MonitoringService).broker!.port!;
  }, 60_000);
  afterAll(() => m?.close());

  const connect = (username: string, password: string) =>
    mqtt.connectAsync(`mqtt://127.0.0.1:${brokerPort}`, { username, password, reconnectPeriod: 0, connectTimeout: 5000 });

  it("a gateway publishes QoS 1; the PUBACK comes after the points are stored", async () => {
    const c = await connect(GW, GW_PASSWORD);
    const ts = new Date(m.clock.now.getTime() + 1000).toISOString();
    await c.publishAsync(
      `anguan/v1/${GW}/telemetry`,
      JSON.stringify({
        ts,
        points: [
          { tag: "TT-1", value: 42.5 },
          { tag: "GT-9", value: 60 },
        ],
      }),
      { qos: 1 },
    );
    // Acknowledged: so already stored, no waiting.
    const rows = await m.db
      .select()
      .from(readings)
      .where(eq(readings.ts, new Date(ts)));
    expect(rows.map((r) => r.value).sort()).toEqual([42.5, 60]);
    const al = await m.db.select().from(alarms).where(eq(alarms.kind, "limit"));
    expect(al.some((a) => a.level === "hh")).toBe(true);
    await c.endAsync();
  });

  it("says clearly when the MQTT port is taken", async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", () => r()));
    const port = (taken.address() as net.AddressInfo).port;
    const ingest = { authenticate: async () => true, ingestMessage: async () => {}, log: () => {} };
    await expect(startEmbeddedBroker("127.0.0.1", port, ingest)).rejects.toThrow(new RegExp(`MQTT 端口 ${port} 已被占用`));
    await new Promise((r) => taken.close(r));
  });

  it("refuses wrong credentials and another gateway's topic", async () => {
    await expect(connect(GW, "wrong")).rejects.toThrow();
    const c = await connect(GW, GW_PASSWORD);
    const closed = new Promise<void>((r) => c.once("close", () => r()));
    c.publish("anguan/v1/demo-gw-1/telemetry", JSON.stringify({ points: [{ tag: "GT-101", value: 99 }] }), { qos: 1 });
    await closed; // the broker drops a gateway that writes where it may not
    await c.endAsync(true);
  });
});
